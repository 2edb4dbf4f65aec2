"""Ids and timestamps in the formats the traces ingest API expects."""

from __future__ import annotations

from ._ids import _validate_span_id as _validate_span_id
from ._ids import _validate_trace_id as _validate_trace_id
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
