"""Ids and timestamps in the formats the traces ingest API expects."""

from __future__ import annotations

from .setup import get_trace_provider


def time_iso() -> str:
    """The current UTC time as ISO 8601 with an offset."""
    return get_trace_provider().time_iso()


def gen_trace_id() -> str:
    """A new trace id: ``trace_`` and 32 hex digits."""
    return get_trace_provider().gen_trace_id()


def gen_span_id() -> str:
    """A new span id: ``span_`` and 24 hex digits."""
    return get_trace_provider().gen_span_id()


def gen_group_id() -> str:
    """A new group id: ``group_`` and 24 hex digits."""
    return get_trace_provider().gen_group_id()


def _validate_trace_id(trace_id: object) -> str:
    # Any string is accepted, as upstream accepts it ("" means "generate one"); the helpers above
    # make ids in the format the traces ingest API expects.
    if not isinstance(trace_id, str):
        raise TypeError(
            f"trace_id must be a string, got {type(trace_id).__name__}. "
            "Use agentkit.tracing.gen_trace_id() to make one, or pass None to have one generated."
        )
    return trace_id


def _validate_span_id(span_id: object) -> str:
    if not isinstance(span_id, str):
        raise TypeError(
            f"span_id must be a string, got {type(span_id).__name__}. "
            "Use agentkit.tracing.gen_span_id() to make one, or pass None to have one generated."
        )
    return span_id
