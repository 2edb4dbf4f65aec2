"""Trace and span ids and timestamps: their formats and default generators.

The provider (see `setup.get_trace_provider`) decides the ids of what it creates; these defaults
serve the provider and spans or traces built without one.
"""

from __future__ import annotations

import os
from datetime import datetime, timezone


def default_time() -> datetime:
    """The current UTC time (`default_time_iso` formats it)."""
    return datetime.now(timezone.utc)


def default_time_iso() -> str:
    """The current UTC time as ISO 8601 with an offset."""
    return default_time().isoformat()


def time_iso(moment: datetime | None) -> str | None:
    """`moment` as `default_time_iso` writes it (None stays None)."""
    return None if moment is None else moment.isoformat()


def _uuid4_hex() -> str:
    """What `uuid.uuid4().hex` gives (random, version 4, RFC 4122 variant), without building a
    `UUID` object: ids are made for every span."""
    raw = bytearray(os.urandom(16))
    raw[6] = (raw[6] & 0x0F) | 0x40
    raw[8] = (raw[8] & 0x3F) | 0x80
    return raw.hex()


def default_trace_id() -> str:
    return f"trace_{_uuid4_hex()}"


def default_span_id() -> str:
    return f"span_{_uuid4_hex()[:24]}"


def default_group_id() -> str:
    return f"group_{_uuid4_hex()[:24]}"


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
