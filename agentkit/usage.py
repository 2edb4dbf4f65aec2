"""Token and request usage, summed over every model call of a run."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .types.responses import InputTokensDetails, OutputTokensDetails


def _input_details(cached_tokens: int = 0, cache_write_tokens: int = 0) -> InputTokensDetails:
    # Imported on use so that `import agentkit.usage` stays cheap.
    from .types.responses import InputTokensDetails

    values: dict[str, Any] = {"cached_tokens": cached_tokens}
    if "cache_write_tokens" in InputTokensDetails.model_fields:
        values["cache_write_tokens"] = cache_write_tokens
    return InputTokensDetails.model_validate(values)


def _output_details(reasoning_tokens: int = 0) -> OutputTokensDetails:
    from .types.responses import OutputTokensDetails

    return OutputTokensDetails.model_validate({"reasoning_tokens": reasoning_tokens})


def _cached(details: Any) -> int:
    return int(getattr(details, "cached_tokens", 0) or 0)


def _cache_write(details: Any) -> int:
    return int(getattr(details, "cache_write_tokens", 0) or 0)


def _reasoning(details: Any) -> int:
    return int(getattr(details, "reasoning_tokens", 0) or 0)


def _normalize_input_details(details: Any) -> InputTokensDetails:
    from .types.responses import InputTokensDetails

    if isinstance(details, InputTokensDetails) and details.cached_tokens is not None:
        return details
    # None, a Chat Completions `prompt_tokens_details`, or a dict: keep only the counts.
    if isinstance(details, dict):
        return _input_details(
            int(details.get("cached_tokens") or 0), int(details.get("cache_write_tokens") or 0)
        )
    return _input_details(_cached(details), _cache_write(details))


def _normalize_output_details(details: Any) -> OutputTokensDetails:
    from .types.responses import OutputTokensDetails

    if isinstance(details, OutputTokensDetails) and details.reasoning_tokens is not None:
        return details
    if isinstance(details, dict):
        return _output_details(int(details.get("reasoning_tokens") or 0))
    return _output_details(_reasoning(details))


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
                    input_tokens_details=copy.deepcopy(
                        _normalize_input_details(other.input_tokens_details)
                    ),
                    output_tokens_details=copy.deepcopy(
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
