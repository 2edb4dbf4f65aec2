"""Trace and span ids and timestamps: their formats and default generators.

The provider (see `setup.get_trace_provider`) decides the ids of what it creates; these defaults
serve the provider and spans or traces built without one.
"""

from __future__ import annotations

import re
import uuid
from datetime import datetime, timezone

_TRACE_ID = re.compile(r"trace_[A-Za-z0-9]{32}")
_SPAN_ID = re.compile(r"span_[A-Za-z0-9]{24}")


def default_time_iso() -> str:
    """The current UTC time as ISO 8601 with an offset."""
    return datetime.now(timezone.utc).isoformat()


def default_trace_id() -> str:
    return f"trace_{uuid.uuid4().hex}"


def default_span_id() -> str:
    return f"span_{uuid.uuid4().hex[:24]}"


def default_group_id() -> str:
    return f"group_{uuid.uuid4().hex[:24]}"


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
