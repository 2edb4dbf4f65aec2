"""The output schema of an agent: its JSON schema and the validation of the model's JSON."""

from __future__ import annotations

import abc
from typing import Any, cast, get_args, get_origin

from pydantic import BaseModel, TypeAdapter
from typing_extensions import TypedDict

from .exceptions import ModelBehaviorError, UserError
from .strict_schema import ensure_strict_json_schema
from .tracing.spans import SpanError
from .util._dataclass import dataclass
from .util._error_tracing import attach_error_to_current_span
from .util._json import validate_json

__all__ = ["AgentOutputSchema", "AgentOutputSchemaBase"]

# Types that are not JSON objects (lists, ints, unions, ...) are sent to the model wrapped in an
# object under this key, because structured outputs require an object at the root.
_WRAPPER_DICT_KEY = "response"


class AgentOutputSchemaBase(abc.ABC):
    """The JSON schema of an agent's output and the validation of the JSON the model produces.

    Subclass it to supply a hand-written schema, and pass an instance as `output_type`.
    """

    @abc.abstractmethod
    def is_plain_text(self) -> bool:
        """True when the output is plain text rather than JSON."""

    @abc.abstractmethod
    def name(self) -> str:
        """The name of the output type."""

    @abc.abstractmethod
    def json_schema(self) -> dict[str, Any]:
        """The JSON schema of the output; only called when the output is not plain text."""

    @abc.abstractmethod
    def is_strict_json_schema(self) -> bool:
        """Whether the schema is in strict mode (a constrained subset that the model is
        guaranteed to follow)."""

    @abc.abstractmethod
    def validate_json(self, json_str: str) -> Any:
        """Return the validated output, or raise `ModelBehaviorError` when the JSON is invalid."""


@dataclass(init=False)
class AgentOutputSchema(AgentOutputSchemaBase):
    """An output schema generated from a Python type with a pydantic `TypeAdapter`."""

    output_type: type[Any]
    _type_adapter: TypeAdapter[Any]
    _is_wrapped: bool
    _output_schema: dict[str, Any]
    _strict_json_schema: bool

    def __init__(self, output_type: type[Any], strict_json_schema: bool = True) -> None:
        """Raises `UserError` when `strict_json_schema` is on and the type cannot be made strict."""
        self.output_type = output_type
        self._strict_json_schema = strict_json_schema
        if output_type is None or output_type is str:
            self._is_wrapped = False
            self._type_adapter = TypeAdapter(output_type)
            self._output_schema = self._type_adapter.json_schema()
            return

        self._is_wrapped = not _is_object_type(output_type)
        if self._is_wrapped:
            # Functional TypedDict syntax, since the key is a constant.
            wrapper = cast(Any, TypedDict)("OutputType", {_WRAPPER_DICT_KEY: output_type})
            self._type_adapter = TypeAdapter(wrapper)
        else:
            self._type_adapter = TypeAdapter(output_type)
        self._output_schema = self._type_adapter.json_schema()

        if strict_json_schema:
            try:
                self._output_schema = ensure_strict_json_schema(self._output_schema)
            except UserError as e:
                raise UserError(
                    "Strict JSON schema is enabled, but the output type is not valid. "
                    "Either make the output type strict, "
                    "or wrap your type with AgentOutputSchema(YourType, strict_json_schema=False)"
                ) from e

    def is_plain_text(self) -> bool:
        """True when the output type is `str` (or None)."""
        return self.output_type is None or self.output_type is str

    def is_strict_json_schema(self) -> bool:
        return self._strict_json_schema

    def json_schema(self) -> dict[str, Any]:
        """The output's JSON schema; `UserError` for plain text, which has none."""
        if self.is_plain_text():
            raise UserError("Output type is plain text, so no JSON schema is available")
        return self._output_schema

    def validate_json(self, json_str: str) -> Any:
        """Validate the model's JSON and return the output (unwrapped when it was wrapped)."""
        validated = validate_json(
            json_str,
            self._type_adapter,
            partial=False,
            strict=True if self._strict_json_schema else None,
        )
        if not self._is_wrapped:
            return validated
        if not isinstance(validated, dict):
            attach_error_to_current_span(
                SpanError(
                    message="Invalid JSON",
                    data={"details": f"Expected a dict, got {type(validated)}"},
                )
            )
            raise ModelBehaviorError(f"Expected a dict, got {type(validated)} for JSON: {json_str}")
        if _WRAPPER_DICT_KEY not in validated:
            attach_error_to_current_span(
                SpanError(
                    message="Invalid JSON",
                    data={"details": f"Could not find key {_WRAPPER_DICT_KEY} in JSON"},
                )
            )
            raise ModelBehaviorError(f"Could not find key {_WRAPPER_DICT_KEY} in JSON: {json_str}")
        return validated[_WRAPPER_DICT_KEY]

    def name(self) -> str:
        """A readable name of the output type, e.g. `list[int]`."""
        return _type_name(self.output_type)


def _is_object_type(t: Any) -> bool:
    """True for pydantic models and dict types (incl. TypedDicts and `dict[str, X]`)."""
    origin = get_origin(t)
    candidate = origin if origin is not None else t
    return isinstance(candidate, type) and issubclass(candidate, BaseModel | dict)


def _type_name(t: Any) -> str:
    origin = get_origin(t)
    if origin is None:
        return getattr(t, "__name__", repr(t))
    args = get_args(t)
    if not args:
        return str(t)
    return f"{getattr(origin, '__name__', str(origin))}[{', '.join(_type_name(a) for a in args)}]"
