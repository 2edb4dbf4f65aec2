"""Turning a Python function's signature and docstring into a tool JSON schema."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Annotated, Any, cast, get_args, get_origin, get_type_hints

from pydantic import BaseModel, ConfigDict, Field, create_model
from pydantic.fields import FieldInfo

from ._docstrings import DocstringStyle, parse_docstring
from .exceptions import ModelBehaviorError, UserError
from .run_context import RunContextWrapper
from .strict_schema import ensure_strict_json_schema
from .tool_context import ToolContext
from .util._dataclass import dataclass

__all__ = [
    "DocstringStyle",
    "FuncDocumentation",
    "FuncSchema",
    "function_schema",
    "generate_func_documentation",
]


@dataclass
class FuncSchema:
    """The schema of a Python function, ready to be offered to a model as a tool."""

    name: str
    description: str | None
    params_pydantic_model: type[BaseModel]
    """A generated model with one field per parameter (the context parameter excluded)."""
    params_json_schema: dict[str, Any]
    signature: inspect.Signature
    takes_context: bool = False
    """True when the first parameter is a `RunContextWrapper`/`ToolContext` (not in the schema)."""
    strict_json_schema: bool = True
    return_annotation: Any = inspect.Signature.empty
    """The evaluated return annotation, `Annotated` metadata included."""

    def to_call_args(self, data: BaseModel) -> tuple[list[Any], dict[str, Any]]:
        """Split a validated parameters model into (args, kwargs) for calling the function.

        Raises `ModelBehaviorError` when a `**kwargs` key repeats a named parameter.
        """
        args: list[Any] = []
        kwargs: dict[str, Any] = {}
        after_var_positional = False
        # Read the instance dict, not attributes: a parameter named e.g. `model_extra` must not
        # be shadowed by pydantic's property of the same name. model_dump() would flatten models.
        stored = object.__getattribute__(data, "__dict__")
        for index, (name, param) in enumerate(self.signature.parameters.items()):
            if index == 0 and self.takes_context:
                continue
            value = stored[name] if name in stored else getattr(data, name, None)
            if param.kind is param.VAR_POSITIONAL:
                args.extend(value or [])
                after_var_positional = True
            elif param.kind is param.VAR_KEYWORD:
                extra = value or {}
                self._check_var_keyword(name, extra)
                kwargs.update(extra)
            elif param.kind is param.KEYWORD_ONLY or after_var_positional:
                kwargs[name] = value
            else:
                args.append(value)
        return args, kwargs

    def _check_var_keyword(self, var_name: str, values: dict[str, Any]) -> None:
        named = {
            n
            for n, p in self.signature.parameters.items()
            if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
        }
        clashes = sorted(named.intersection(values))
        if clashes:
            listed = ", ".join(repr(c) for c in clashes)
            verb = "is" if len(clashes) == 1 else "are"
            raise ModelBehaviorError(
                f"Invalid arguments for tool {self.name}: {listed} {verb} both a named parameter "
                f"and a key in '{var_name}'. Pass each argument once, as a named parameter."
            )


@dataclass
class FuncDocumentation:
    """What a function's docstring says about it."""

    name: str
    """The function's `__name__`."""
    description: str | None
    param_descriptions: dict[str, str] | None


def generate_func_documentation(
    func: Callable[..., Any], style: DocstringStyle | None = None
) -> FuncDocumentation:
    """Read the description and parameter descriptions from `func`'s docstring.

    `style` is detected from the docstring when not given.
    """
    doc = inspect.getdoc(func)
    if not doc:
        return FuncDocumentation(name=func.__name__, description=None, param_descriptions=None)
    description, params = parse_docstring(doc, style)
    return FuncDocumentation(
        name=func.__name__, description=description, param_descriptions=params or None
    )


def _split_annotated(annotation: Any) -> tuple[Any, tuple[Any, ...]]:
    metadata: tuple[Any, ...] = ()
    while get_origin(annotation) is Annotated:
        inner, *extra = get_args(annotation)
        annotation = inner
        metadata = (*metadata, *extra)
    return annotation, metadata


def _is_context_type(annotation: Any) -> bool:
    origin = get_origin(annotation) or annotation
    return origin is RunContextWrapper or origin is ToolContext


def function_schema(
    func: Callable[..., Any],
    docstring_style: DocstringStyle | None = None,
    name_override: str | None = None,
    description_override: str | None = None,
    use_docstring_info: bool = True,
    strict_json_schema: bool = True,
) -> FuncSchema:
    """Build a `FuncSchema` (name, description, parameter model and JSON schema) for `func`.

    Parameter descriptions come from the docstring and from `Annotated[T, "text"]` or
    `Annotated[T, Field(description=...)]` metadata; the docstring wins when both describe a
    parameter (as in openai-agents). A first parameter typed `RunContextWrapper`/`ToolContext`
    is the run context and is left out of the schema; such a parameter anywhere else is a
    `UserError`, and so is `**kwargs` with a strict schema.
    """
    doc_info = generate_func_documentation(func, docstring_style) if use_docstring_info else None
    descriptions: dict[str, str] = dict((doc_info.param_descriptions or {}) if doc_info else {})
    hints_with_extras = get_type_hints(func, include_extras=True)
    hints, metadata_by_param = _split_hints(hints_with_extras, descriptions)
    name = name_override or func.__name__
    signature = inspect.signature(func)
    params = list(signature.parameters.items())
    takes_context = _takes_context(func, params, hints)
    schema_params = params[1:] if takes_context else params

    fields: dict[str, Any] = {}
    config = ConfigDict()
    for pname, param in schema_params:
        fields[pname] = _param_field(
            func,
            pname,
            param,
            hints.get(pname, param.annotation),
            _ParamDoc(descriptions.get(pname), metadata_by_param.get(pname, ())),
            hints_with_extras.get(pname),
            strict_json_schema,
        )
        if param.kind is param.VAR_KEYWORD:
            # Unknown top-level keys would otherwise be dropped silently.
            config["extra"] = "forbid"

    model = create_model(f"{name}_args", __base__=BaseModel, __config__=config, **fields)
    json_schema = model.model_json_schema()
    if strict_json_schema:
        json_schema = ensure_strict_json_schema(json_schema)

    return FuncSchema(
        name=name,
        description=description_override or (doc_info.description if doc_info else None),
        params_pydantic_model=model,
        params_json_schema=json_schema,
        signature=signature,
        takes_context=takes_context,
        strict_json_schema=strict_json_schema,
        return_annotation=hints_with_extras.get("return", signature.return_annotation),
    )


def _split_hints(
    hints_with_extras: dict[str, Any], descriptions: dict[str, str]
) -> tuple[dict[str, Any], dict[str, tuple[Any, ...]]]:
    """Each parameter's type and `Annotated` metadata; a string in the metadata describes the
    parameter when the docstring does not (added to `descriptions`)."""
    hints: dict[str, Any] = {}
    metadata_by_param: dict[str, tuple[Any, ...]] = {}
    for pname, annotation in hints_with_extras.items():
        if pname == "return":
            continue
        hints[pname], metadata_by_param[pname] = _split_annotated(annotation)
        text = next((m for m in metadata_by_param[pname] if isinstance(m, str)), None)
        if text is not None:
            descriptions.setdefault(pname, text)
    return hints, metadata_by_param


def _takes_context(
    func: Callable[..., Any], params: list[tuple[str, inspect.Parameter]], hints: dict[str, Any]
) -> bool:
    """Whether the first parameter is the run context (UserError for one anywhere else)."""
    takes_context = False
    for index, (pname, param) in enumerate(params):
        annotation = hints.get(pname, param.annotation)
        if annotation is inspect.Parameter.empty or not _is_context_type(annotation):
            continue
        if index != 0:
            raise UserError(
                "RunContextWrapper/ToolContext param found at non-first position in function"
                f" {func.__name__}"
            )
        takes_context = True
    return takes_context


@dataclass
class _ParamDoc:
    """A parameter's description and the metadata of its `Annotated` type."""

    description: str | None
    metadata: tuple[Any, ...]


def _param_field(
    func: Callable[..., Any],
    pname: str,
    param: inspect.Parameter,
    annotation: Any,
    doc: _ParamDoc,
    annotated: Any,
    strict_json_schema: bool,
) -> tuple[Any, Any]:
    """The pydantic field (type, FieldInfo) for one parameter."""
    if annotation is inspect.Parameter.empty:
        annotation = Any
    description, metadata = doc.description, doc.metadata
    # Let pydantic fold every Annotated entry (Field, constraints, validators) in order.
    annotated_info = FieldInfo.from_annotation(annotated) if metadata else None
    item_type = annotation
    if annotated_info is not None and annotated_info.metadata:
        # For *args/**kwargs the constraints describe each value, not the container.
        annotated_args = (annotation, *cast(Any, annotated_info).metadata)
        item_type = Annotated[annotated_args]
    if param.kind is param.VAR_POSITIONAL:
        return (
            _var_positional_type(func, pname, annotation, item_type),
            Field(default_factory=list, description=description),
        )
    if param.kind is param.VAR_KEYWORD:
        if strict_json_schema:
            raise UserError(
                f"Variadic keyword parameter `**{pname}` in function {func.__name__} cannot"
                " use a strict schema. Set strict_mode=False on the function tool"
                " (or strict_json_schema=False on function_schema) and pass keyword arguments"
                f" in the nested `{pname}` object, or use explicit parameters for a strict tool."
            )
        return (
            dict[str, item_type],  # type: ignore[valid-type]
            Field(default_factory=dict, description=description),
        )
    return (
        annotation,
        _field_for(param.default, annotation, annotated_info, description, metadata),
    )


def _var_positional_type(
    func: Callable[..., Any], pname: str, annotation: Any, item_type: Any
) -> Any:
    """`*args: T` collects a list of T; `*args: tuple[T, ...]` is accepted as the same."""
    if get_origin(annotation) is not tuple:
        return list[item_type]
    members = get_args(annotation)
    if len(members) == 2 and members[1] is Ellipsis:
        return list[item_type]
    if hasattr(annotation, "__args__"):
        raise UserError(
            f"Variadic parameter `*{pname}` in function {func.__name__} is annotated"
            f" with the fixed-length tuple `{annotation}`. A variadic annotation describes"
            " each positional argument, so use tuple[T, ...] or list[T] instead."
        )
    return list[Any]


def _field_for(
    default: Any,
    annotation: Any,
    annotated_info: FieldInfo | None,
    description: str | None,
    metadata: tuple[Any, ...],
) -> FieldInfo:
    empty = inspect.Parameter.empty
    if annotated_info is None:
        if default is empty:
            return cast(FieldInfo, Field(..., description=description))
        if isinstance(default, FieldInfo):
            return FieldInfo.merge_field_infos(
                default, description=description or default.description
            )
        return cast(FieldInfo, Field(default=default, description=description))

    merged = FieldInfo.merge_field_infos(
        annotated_info, description=description or annotated_info.description
    )
    if isinstance(default, FieldInfo):
        merged = FieldInfo.from_annotated_attribute(
            cast(Any, Annotated[annotation, merged]), default
        )
        if not any(isinstance(m, FieldInfo) for m in metadata):
            # No Field inside Annotated: same precedence as a plain `x: T = Field(...)`.
            merged = FieldInfo.merge_field_infos(
                merged, description=description or default.description
            )
    elif default is not empty:
        merged = FieldInfo.merge_field_infos(merged, default=default)
    return merged
