"""Ids and timestamps in the formats the traces ingest API expects."""

from __future__ import annotations

import re

from .setup import get_trace_provider

_TRACE_ID = re.compile(r"trace_[A-Za-z0-9]{32}")
_SPAN_ID = re.compile(r"span_[A-Za-z0-9]{24}")


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
    if not isinstance(trace_id, str) or not _TRACE_ID.fullmatch(trace_id):
        raise ValueError(
            f"Invalid trace_id {trace_id!r}: expected 'trace_' followed by 32 letters or digits. "
            "Use agentkit.tracing.gen_trace_id() to make one, or pass None to have one generated."
        )
    return trace_id


def _validate_span_id(span_id: object) -> str:
    if not isinstance(span_id, str) or not _SPAN_ID.fullmatch(span_id):
        raise ValueError(
            f"Invalid span_id {span_id!r}: expected 'span_' followed by 24 letters or digits. "
            "Use agentkit.tracing.gen_span_id() to make one, or pass None to have one generated."
        )
    return span_id
