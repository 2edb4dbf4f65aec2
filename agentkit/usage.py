"""Token and request usage, summed over every model call of a run.

One usage policy: `Usage._from_wire` builds the usage of one model request from whatever the
provider reported (a Responses `usage` object, a Chat Completions `usage` object, or either as a
dict), and `_count` is the single rule for every token count read from the wire:

- a count is a non-negative integer: an `int`, or a float or numeric string holding one exactly
  (what openai-agents 0.24 accepts through pydantic's coercion: `2.0` and `"7"` count 2 and 7);
- a missing or null count counts 0 (as in 0.24, which reads `count or 0`);
- a negative, boolean, fractional or non-numeric count counts 0. Deliberately not 0.24: it keeps
  a negative count (which then lowers the run's totals) and counts `True` as 1, and a fractional
  or non-numeric count makes its pydantic `Usage` raise `ValidationError`, failing a turn the
  model answered. Usage is accounting; a provider's malformed report must not fail the run.

A request without any usage report still counts as one request.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import field
from typing import TYPE_CHECKING, Any

from .util._dataclass import dataclass

if TYPE_CHECKING:
    from .types.responses import InputTokensDetails, OutputTokensDetails


_DETAIL_TYPES: tuple[type[InputTokensDetails], type[OutputTokensDetails]] | None = None
_INPUT_HAS_CACHE_WRITE = False
# The wire detail classes (plain attribute objects, never mappings), once imported: `_field`
# reads them without the `Mapping` ABC check.
_OBJECT_TYPES: frozenset[type[Any]] = frozenset()


def _detail_types() -> tuple[type[InputTokensDetails], type[OutputTokensDetails]]:
    """The wire detail classes, imported on first use so that `import agentkit.usage` stays
    cheap (and kept, since usage is added up on every model call)."""
    global _DETAIL_TYPES, _INPUT_HAS_CACHE_WRITE, _OBJECT_TYPES
    if _DETAIL_TYPES is None:
        from .types.responses import InputTokensDetails, OutputTokensDetails

        _INPUT_HAS_CACHE_WRITE = "cache_write_tokens" in InputTokensDetails.model_fields
        _OBJECT_TYPES = frozenset((InputTokensDetails, OutputTokensDetails))
        _DETAIL_TYPES = (InputTokensDetails, OutputTokensDetails)
    return _DETAIL_TYPES


def _input_details(cached_tokens: int = 0, cache_write_tokens: int = 0) -> InputTokensDetails:
    input_details = _detail_types()[0]
    values: dict[str, Any] = {"cached_tokens": cached_tokens}
    if _INPUT_HAS_CACHE_WRITE:
        values["cache_write_tokens"] = cache_write_tokens
    return input_details.model_validate(values)


def _output_details(reasoning_tokens: int = 0) -> OutputTokensDetails:
    return _detail_types()[1].model_validate({"reasoning_tokens": reasoning_tokens})


def _copy_details(details: Any) -> Any:
    """A deep copy of token details: details holding only counts (the usual case) are copied
    shallowly, which is the same copy without `deepcopy`'s walk."""
    if not getattr(details, "__pydantic_extra__", None) and all(
        value is None or type(value) is int for value in vars(details).values()
    ):
        return details.model_copy()
    return copy.deepcopy(details)


def _count(value: Any) -> int:
    """A token count read from the wire, by the one rule in the module docstring."""
    if type(value) is int:  # the common case first (and `bool` is not a count)
        return value if value > 0 else 0
    if isinstance(value, float):
        return int(value) if value.is_integer() and value > 0 else 0
    if isinstance(value, str):
        try:
            number = int(value.strip())
        except ValueError:
            return 0
        return number if number > 0 else 0
    if isinstance(value, int) and not isinstance(value, bool):  # an int subclass
        return int(value) if value > 0 else 0
    return 0


def _field(source: Any, name: str) -> Any:
    """`name` of a usage object or dict (None when absent)."""
    if type(source) in _OBJECT_TYPES:
        return getattr(source, name, None)
    if isinstance(source, Mapping):
        return source.get(name)
    return getattr(source, name, None)


def _cached(details: Any) -> int:
    return _count(_field(details, "cached_tokens"))


def _cache_write(details: Any) -> int:
    return _count(_field(details, "cache_write_tokens"))


def _reasoning(details: Any) -> int:
    return _count(_field(details, "reasoning_tokens"))


def _normalize_input_details(details: Any) -> InputTokensDetails:
    input_type = _detail_types()[0]
    if isinstance(details, input_type) and details.cached_tokens is not None:
        return details
    # None, a Chat Completions `prompt_tokens_details`, or a dict: keep only the counts.
    return _input_details(_cached(details), _cache_write(details))


def _normalize_output_details(details: Any) -> OutputTokensDetails:
    output_type = _detail_types()[1]
    if isinstance(details, output_type) and details.reasoning_tokens is not None:
        return details
    return _output_details(_reasoning(details))


def _wire_input_details(details: Any) -> InputTokensDetails:
    """Input-token details from the wire: a valid wire object is kept whole (with any newer
    fields); anything else becomes its counts under the one rule."""
    input_type = _detail_types()[0]
    cached, cache_write = _cached(details), _cache_write(details)
    if (
        isinstance(details, input_type)
        and details.cached_tokens == cached
        and getattr(details, "cache_write_tokens", 0) == cache_write
    ):
        return details
    return _input_details(cached, cache_write)


def _wire_output_details(details: Any) -> OutputTokensDetails:
    output_type = _detail_types()[1]
    reasoning = _reasoning(details)
    if isinstance(details, output_type) and details.reasoning_tokens == reasoning:
        return details
    return _output_details(reasoning)


@dataclass
class RequestUsage:
    """Usage of one model request."""

    input_tokens: int
    output_tokens: int
    total_tokens: int
    input_tokens_details: InputTokensDetails
    output_tokens_details: OutputTokensDetails


@dataclass
class Usage:
    """Requests and tokens used so far; `add` folds in another usage."""

    requests: int = 0
    input_tokens: int = 0
    input_tokens_details: InputTokensDetails = field(default_factory=_input_details)
    output_tokens: int = 0
    output_tokens_details: OutputTokensDetails = field(default_factory=_output_details)
    total_tokens: int = 0
    request_usage_entries: list[RequestUsage] = field(default_factory=list)
    """One entry per model request added, for per-request cost accounting."""

    def __post_init__(self) -> None:
        # Providers may omit the details, or send nulls inside them: count those as zero.
        self.requests = self.requests or 0
        self.input_tokens = self.input_tokens or 0
        self.output_tokens = self.output_tokens or 0
        self.total_tokens = self.total_tokens or 0
        self.input_tokens_details = _normalize_input_details(self.input_tokens_details)
        self.output_tokens_details = _normalize_output_details(self.output_tokens_details)

    @classmethod
    def _from_wire(cls, usage: Any, *, requests: int = 1) -> Usage:
        """The usage of `requests` model request(s) from the provider's report.

        `usage` is a Responses usage (`input_tokens`, `output_tokens`, `*_tokens_details`), a
        Chat Completions usage (`prompt_tokens`, `completion_tokens`, `*_tokens_details`), either
        as a dict or a wire object, or None (no report: the request still counts).
        """
        if usage is None:
            return cls(requests=requests)
        if _field(usage, "input_tokens") is None and (
            _field(usage, "prompt_tokens") is not None
            or _field(usage, "completion_tokens") is not None
        ):
            names = ("prompt_tokens", "completion_tokens")
            details = ("prompt_tokens_details", "completion_tokens_details")
        else:
            names = ("input_tokens", "output_tokens")
            details = ("input_tokens_details", "output_tokens_details")
        input_details = _field(usage, details[0])
        output_details = _field(usage, details[1])
        return cls(
            requests=requests,
            input_tokens=_count(_field(usage, names[0])),
            output_tokens=_count(_field(usage, names[1])),
            total_tokens=_count(_field(usage, "total_tokens")),
            input_tokens_details=_wire_input_details(input_details),
            output_tokens_details=_wire_output_details(output_details),
        )

    def _to_wire(self) -> Any:
        """This usage as a Responses `ResponseUsage` (for a synthesised `response.completed`)."""
        from .types.responses import ResponseUsage

        return ResponseUsage.model_validate(
            {
                "input_tokens": self.input_tokens,
                "output_tokens": self.output_tokens,
                "total_tokens": self.total_tokens,
                "input_tokens_details": {
                    "cached_tokens": _cached(self.input_tokens_details),
                    "cache_write_tokens": _cache_write(self.input_tokens_details),
                },
                "output_tokens_details": {
                    "reasoning_tokens": _reasoning(self.output_tokens_details)
                },
            }
        )

    def add(self, other: Usage) -> None:
        """Add `other` into this usage, keeping the per-request breakdown."""
        self.requests += other.requests or 0
        self.input_tokens += other.input_tokens or 0
        self.output_tokens += other.output_tokens or 0
        self.total_tokens += other.total_tokens or 0
        self.input_tokens_details = _input_details(
            _cached(self.input_tokens_details) + _cached(other.input_tokens_details),
            _cache_write(self.input_tokens_details) + _cache_write(other.input_tokens_details),
        )
        self.output_tokens_details = _output_details(
            _reasoning(self.output_tokens_details) + _reasoning(other.output_tokens_details)
        )
        if other.request_usage_entries:
            self.request_usage_entries.extend(copy.deepcopy(other.request_usage_entries))
        elif other.requests == 1 and (
            other.input_tokens > 0 or other.output_tokens > 0 or other.total_tokens > 0
        ):
            self.request_usage_entries.append(
                RequestUsage(
                    input_tokens=other.input_tokens,
                    output_tokens=other.output_tokens,
                    total_tokens=other.total_tokens,
                    input_tokens_details=_copy_details(
                        _normalize_input_details(other.input_tokens_details)
                    ),
                    output_tokens_details=_copy_details(
                        _normalize_output_details(other.output_tokens_details)
                    ),
                )
            )


def _details_dict(details: Any, default: dict[str, int]) -> dict[str, Any]:
    dump = getattr(details, "model_dump", None)
    if callable(dump):
        data = dump()
        if isinstance(data, dict) and data:
            return data
    return dict(default)


def serialize_usage(usage: Usage) -> dict[str, Any]:
    """Turn a Usage into JSON-compatible data (inverse of `deserialize_usage`)."""

    def entry(e: RequestUsage) -> dict[str, Any]:
        return {
            "input_tokens": e.input_tokens,
            "output_tokens": e.output_tokens,
            "total_tokens": e.total_tokens,
            "input_tokens_details": _details_dict(e.input_tokens_details, {"cached_tokens": 0}),
            "output_tokens_details": _details_dict(
                e.output_tokens_details, {"reasoning_tokens": 0}
            ),
        }

    return {
        "requests": usage.requests,
        "input_tokens": usage.input_tokens,
        "input_tokens_details": [_details_dict(usage.input_tokens_details, {"cached_tokens": 0})],
        "output_tokens": usage.output_tokens,
        "output_tokens_details": [
            _details_dict(usage.output_tokens_details, {"reasoning_tokens": 0})
        ],
        "total_tokens": usage.total_tokens,
        "request_usage_entries": [entry(e) for e in usage.request_usage_entries],
    }


def deserialize_usage(data: dict[str, Any]) -> Usage:
    """Rebuild a Usage from `serialize_usage` output."""

    def first(value: Any) -> Any:
        return value[0] if isinstance(value, list) and value else value

    entries = [
        RequestUsage(
            input_tokens=e.get("input_tokens", 0),
            output_tokens=e.get("output_tokens", 0),
            total_tokens=e.get("total_tokens", 0),
            input_tokens_details=_normalize_input_details(first(e.get("input_tokens_details"))),
            output_tokens_details=_normalize_output_details(first(e.get("output_tokens_details"))),
        )
        for e in data.get("request_usage_entries") or []
    ]
    return Usage(
        requests=data.get("requests", 0),
        input_tokens=data.get("input_tokens", 0),
        output_tokens=data.get("output_tokens", 0),
        total_tokens=data.get("total_tokens", 0),
        input_tokens_details=_normalize_input_details(first(data.get("input_tokens_details"))),
        output_tokens_details=_normalize_output_details(first(data.get("output_tokens_details"))),
        request_usage_entries=entries,
    )
