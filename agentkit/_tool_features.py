"""The Responses-only options of function tools: `allowed_callers` (programmatic tool calling),
`output_type` / `output_json_schema` (a typed tool output), and the checks that reject them on
backends without them (Chat Completions, LiteLLM).

Tools are read by attribute, so this module needs no tool classes (`tool` re-exports it).
"""

from __future__ import annotations

import copy
import inspect
from typing import Annotated, Any, Literal, cast, get_args, get_origin

from pydantic import TypeAdapter, ValidationError

from ._tool_identity import explicit_namespace, tool_qualified_name
from .exceptions import UserError
from .strict_schema import ensure_strict_json_schema
from .util._debug import dont_log_tool_data

ToolCaller = Literal["direct", "programmatic"]
"""Who may call a tool on OpenAI Responses models: the model itself (`"direct"`), or code the
model wrote for the programmatic tool calling tool (`"programmatic"`)."""

_TOOL_CALLERS: tuple[str, ...] = ("direct", "programmatic")


def normalize_allowed_callers(allowed_callers: Any, *, tool_name: str) -> list[ToolCaller] | None:
    """A checked copy of a tool's `allowed_callers` (None stays None)."""
    if allowed_callers is None:
        return None
    if not isinstance(allowed_callers, list) or not allowed_callers:
        raise UserError(
            f"Tool `{tool_name}` allowed_callers must be a non-empty list containing "
            "'direct', 'programmatic', or both."
        )
    normalized: list[ToolCaller] = []
    for caller in allowed_callers:
        if caller not in _TOOL_CALLERS:
            raise UserError(
                f"Tool `{tool_name}` allowed_callers contains unsupported caller {caller!r}. "
                "Expected 'direct' or 'programmatic'."
            )
        if caller in normalized:
            raise UserError(
                f"Tool `{tool_name}` allowed_callers contains duplicate caller {caller!r}."
            )
        normalized.append(cast(ToolCaller, caller))
    return normalized


def _is_object_schema(schema: Any) -> bool:
    """True when the schema (following local `$ref`s) describes a JSON object."""
    current, seen = schema, set()
    while isinstance(current, dict):
        if current.get("type") in ("object", ["object"]):
            return True
        ref = current.get("$ref")
        if not isinstance(ref, str) or not ref.startswith("#/") or ref in seen:
            return False
        seen.add(ref)
        current = schema
        for part in ref[2:].split("/"):
            if not isinstance(current, dict):
                return False
            current = current.get(part.replace("~1", "/").replace("~0", "~"))
    return False


def normalize_output_json_schema(output_json_schema: Any) -> dict[str, Any]:
    """A strict copy of a declared tool output schema, which must describe a JSON object."""
    if not isinstance(output_json_schema, dict) or not _is_object_schema(output_json_schema):
        raise UserError("Function tool output_json_schema must define a JSON object schema.")
    try:
        return ensure_strict_json_schema(copy.deepcopy(output_json_schema))
    except Exception as error:
        raise UserError(
            "Function tool output_json_schema must define a strict JSON object schema."
        ) from error


def _schema_for_output_type(output_type: Any) -> tuple[dict[str, Any], TypeAdapter[Any]]:
    try:
        adapter: TypeAdapter[Any] = TypeAdapter(output_type)
        schema = adapter.json_schema(mode="serialization")
        if not _is_object_schema(schema):
            raise UserError("the generated JSON Schema is not an object schema")
        schema = ensure_strict_json_schema(copy.deepcopy(schema))
    except Exception as error:
        raise UserError(
            "Function tool output_type must define a strict JSON object schema. "
            "Use a Pydantic model, TypedDict, or dataclass, or provide output_json_schema "
            "directly."
        ) from error
    return schema, adapter


def _unwrap_annotated(annotation: Any) -> Any:
    while get_origin(annotation) is Annotated and get_args(annotation):
        annotation = get_args(annotation)[0]
    return annotation


_UNTYPED_RETURNS = (inspect.Signature.empty, Any, None, str, type(None))


def resolve_function_tool_output(
    *,
    return_annotation: Any,
    allowed_callers: list[ToolCaller] | None,
    output_type: Any | None,
    output_json_schema: dict[str, Any] | None,
) -> tuple[dict[str, Any] | None, TypeAdapter[Any] | None]:
    """The output schema (and validating adapter) `function_tool` gives a tool: from
    `output_type`, from `output_json_schema`, or, for a tool programmatic callers may call, from
    its return annotation."""
    if output_type is not None and output_json_schema is not None:
        raise UserError("output_type and output_json_schema cannot both be provided.")
    if output_type is not None:
        return _schema_for_output_type(output_type)
    if output_json_schema is not None:
        return copy.deepcopy(output_json_schema), None
    if allowed_callers is None or "programmatic" not in allowed_callers:
        return None, None
    plain = _unwrap_annotated(return_annotation)
    if any(plain is untyped for untyped in _UNTYPED_RETURNS):
        return None, None
    try:
        return _schema_for_output_type(return_annotation)
    except UserError as error:
        raise UserError(
            "A programmatic function tool return annotation must define a strict JSON object "
            "schema. Use a Pydantic model, TypedDict, or dataclass; annotate the return as "
            "str or Any for an untyped result; or provide output_type or output_json_schema."
        ) from error


def validate_function_tool_output(
    *, tool_name: str, output: Any, output_type_adapter: TypeAdapter[Any] | None
) -> Any:
    """The tool's return value checked against its declared `output_type`."""
    if output_type_adapter is None:
        return output
    message = (
        f"Function tool {tool_name} returned an output that does not match its declared output type"
    )
    try:
        return output_type_adapter.validate_python(output)
    except ValidationError as error:
        if not dont_log_tool_data():
            raise UserError(f"{message}: {error}") from error
    # Outside the except block: pydantic's error quotes the output.
    raise UserError(message)


def get_function_tool_responses_only_features(tool: Any) -> tuple[str, ...]:
    """The Responses-only features a function tool uses (empty when it uses none)."""
    features: list[str] = []
    if explicit_namespace(tool) is not None:
        features.append("tool_namespace()")
    if getattr(tool, "defer_loading", False):
        features.append("defer_loading=True")
    if getattr(tool, "allowed_callers", None) is not None:
        features.append("allowed_callers")
    if getattr(tool, "output_json_schema", None) is not None:
        features.append("output_json_schema")
    return tuple(features)


def ensure_function_tool_supports_responses_only_features(tool: Any, *, backend_name: str) -> None:
    """Reject a function tool using Responses-only features on another backend."""
    features = get_function_tool_responses_only_features(tool)
    if not features:
        return
    name = tool_qualified_name(tool.name, explicit_namespace(tool)) or tool.name
    raise UserError(
        "The following function-tool features are only supported with OpenAI Responses "
        f"models: {', '.join(features)}. "
        f"Tool `{name}` cannot be used with {backend_name}."
    )


def ensure_tool_choice_supports_backend(tool_choice: Any, *, backend_name: str) -> None:
    """Reject the Responses-only `tool_choice="programmatic_tool_calling"` on other backends."""
    if tool_choice == "programmatic_tool_calling":
        raise UserError(
            "tool_choice='programmatic_tool_calling' is only supported with OpenAI Responses "
            f"models and cannot be used with {backend_name}."
        )


_SDK_ERROR_ATTR = "_function_tool_default_failure_handled"


def mark_sdk_generated_output(context: Any) -> None:
    """Record on the tool context that the latest output is an SDK-written message (the default
    error message, a timeout message, a guardrail's rejection), which a declared output schema
    does not apply to."""
    setattr(context, _SDK_ERROR_ATTR, True)


def consume_sdk_generated_output(context: Any) -> bool:
    """Whether the latest output was SDK-written (see `mark_sdk_generated_output`); resets it."""
    was = bool(getattr(context, _SDK_ERROR_ATTR, False))
    if was:
        setattr(context, _SDK_ERROR_ATTR, False)
    return was
