"""The shared wire types other than ``Reasoning``: response formats, file search filters, function
definitions and error objects.

Part of ``agentkit.types.shared`` (import them from there: the classes say so in their
``__module__``), which loads this module on first use of one of these names. A run only needs
``Reasoning`` (the default settings of GPT-5 models), so it does not build these.
"""

from typing import TYPE_CHECKING, Literal

from pydantic import Field

from .._base import _new_list, _publish, _WireModel
from . import FunctionParameters

__all__ = [
    "ComparisonFilter",
    "CompoundFilter",
    "ErrorObject",
    "FunctionDefinition",
    "JSONSchema",
    "ResponseFormatJSONObject",
    "ResponseFormatJSONSchema",
    "ResponseFormatText",
]

if TYPE_CHECKING:
    _ComparisonOp = Literal["eq", "ne", "gt", "gte", "lt", "lte", "in", "nin"]
    _CompoundOp = Literal["and", "or"]
else:
    # Validated as plain strings so a value the server adds later still parses.
    _ComparisonOp = _CompoundOp = str


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


_publish(globals(), __name__)
