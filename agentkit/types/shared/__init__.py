"""Wire types shared by several OpenAI endpoints (names as in ``openai.types.shared``)."""

from typing import TYPE_CHECKING, Literal, TypeAlias

from pydantic import Field

from .._base import _new_list, _WireModel

__all__ = [
    "ComparisonFilter",
    "CompoundFilter",
    "ErrorObject",
    "FunctionDefinition",
    "FunctionParameters",
    "Metadata",
    "Reasoning",
    "ReasoningEffort",
    "ResponseFormatJSONObject",
    "ResponseFormatJSONSchema",
    "ResponseFormatText",
]

ReasoningEffort: TypeAlias = (
    Literal["none", "minimal", "low", "medium", "high", "xhigh", "max"] | None
)

if TYPE_CHECKING:
    _Effort = ReasoningEffort
    _Summary = Literal["auto", "concise", "detailed"] | None
    _ReasoningContext = Literal["auto", "current_turn", "all_turns"] | None
    _ComparisonOp = Literal["eq", "ne", "gt", "gte", "lt", "lte", "in", "nin"]
    _CompoundOp = Literal["and", "or"]
else:
    # Validated as plain strings so a value the server adds later still parses.
    _Effort = _Summary = _ReasoningContext = str | None
    _ComparisonOp = _CompoundOp = str


class Reasoning(_WireModel):
    """Reasoning options of a request (and echoed back on a response)."""

    effort: _Effort = None
    summary: _Summary = None
    generate_summary: _Summary = None
    """Deprecated spelling of ``summary``."""
    context: _ReasoningContext = None
    mode: str | None = None


class ResponseFormatText(_WireModel):
    """Plain text output."""

    type: Literal["text"] = "text"


class ResponseFormatJSONObject(_WireModel):
    """Any JSON object as output (older JSON mode)."""

    type: Literal["json_object"] = "json_object"


class JSONSchema(_WireModel):
    """The schema part of a Chat Completions ``json_schema`` response format."""

    name: str = ""
    description: str | None = None
    schema_: dict[str, object] | None = Field(default=None, alias="schema")
    strict: bool | None = None


class ResponseFormatJSONSchema(_WireModel):
    """Chat Completions structured output: the schema nested under ``json_schema``."""

    json_schema: JSONSchema
    type: Literal["json_schema"] = "json_schema"


class ComparisonFilter(_WireModel):
    """Compare one attribute ``key`` with ``value`` (file search filters)."""

    key: str = ""
    type: _ComparisonOp = "eq"
    # bool and int before float so ``True`` and ``5`` come back unchanged.
    value: str | bool | int | float | list[str | int | float]


class CompoundFilter(_WireModel):
    """Combine filters with ``and`` / ``or``."""

    filters: list[ComparisonFilter | object] = Field(default_factory=_new_list)
    type: _CompoundOp = "and"


FunctionParameters: TypeAlias = dict[str, object]
"""A JSON schema object describing a function's parameters."""

Metadata: TypeAlias = dict[str, str]
"""Up to 16 string key/value pairs attached to an object."""


class FunctionDefinition(_WireModel):
    """A function the model may call."""

    name: str = ""
    description: str | None = None
    parameters: FunctionParameters | None = None
    strict: bool | None = None


class ErrorObject(_WireModel):
    """The ``error`` object of an API error body."""

    message: str = ""
    code: str | None = None
    param: str | None = None
    type: str | None = None
