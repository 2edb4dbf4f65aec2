"""Wire types shared by several OpenAI endpoints (names as in ``openai.types.shared``).

``Reasoning`` is built on import (a GPT-5 model's default settings hold one); the other models
are in ``_rest``, loaded on first use of one of their names.
"""

from typing import TYPE_CHECKING, Literal, TypeAlias

from .._base import _lazy_groups, _WireModel

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
    from ._rest import ComparisonFilter as ComparisonFilter
    from ._rest import CompoundFilter as CompoundFilter
    from ._rest import ErrorObject as ErrorObject
    from ._rest import FunctionDefinition as FunctionDefinition
    from ._rest import JSONSchema as JSONSchema
    from ._rest import ResponseFormatJSONObject as ResponseFormatJSONObject
    from ._rest import ResponseFormatJSONSchema as ResponseFormatJSONSchema
    from ._rest import ResponseFormatText as ResponseFormatText

    _Effort = ReasoningEffort
    _Summary = Literal["auto", "concise", "detailed"] | None
    _ReasoningContext = Literal["auto", "current_turn", "all_turns"] | None
else:
    # Validated as plain strings so a value the server adds later still parses.
    _Effort = _Summary = _ReasoningContext = str | None


class Reasoning(_WireModel):
    """Reasoning options of a request (and echoed back on a response)."""

    effort: _Effort = None
    summary: _Summary = None
    generate_summary: _Summary = None
    """Deprecated spelling of ``summary``."""
    context: _ReasoningContext = None
    mode: str | None = None


FunctionParameters: TypeAlias = dict[str, object]
"""A JSON schema object describing a function's parameters."""

Metadata: TypeAlias = dict[str, str]
"""Up to 16 string key/value pairs attached to an object."""

# Defined in ``_rest``; resolved on first access (PEP 562).
_REST_NAMES = frozenset(
    {
        "ComparisonFilter",
        "CompoundFilter",
        "ErrorObject",
        "FunctionDefinition",
        "JSONSchema",
        "ResponseFormatJSONObject",
        "ResponseFormatJSONSchema",
        "ResponseFormatText",
    }
)

if not TYPE_CHECKING:  # hidden from type checkers: a misspelt name stays an error there
    __getattr__, __dir__ = _lazy_groups(__name__, globals(), {"_rest": _REST_NAMES})
