"""What the test server answers: replies a test queues, including the fault injections."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeAlias

SSEEvent: TypeAlias = "Mapping[str, Any] | str | bytes"
"""One SSE event: a dict (serialised as JSON), a str (sent as the data of one event, e.g.
``"[DONE]"``) or bytes (written verbatim, framing included)."""


@dataclass
class _ReplyBase:
    """Options shared by every reply.

    ``first_byte_delay`` waits before the status line is written. ``times`` is how often the reply
    is served: 1 by default, ``None`` for every matching request from now on (such a reply never
    counts as unconsumed).
    """

    status: int = 200
    headers: Mapping[str, str] = field(default_factory=dict)
    first_byte_delay: float = 0.0
    times: int | None = 1


@dataclass
class JSONReply(_ReplyBase):
    """A JSON body with ``Content-Length``."""

    body: Any = None


@dataclass
class RawReply(_ReplyBase):
    """Arbitrary bytes with a given content type (HTML error pages, audio, plain text)."""

    body: bytes = b""
    content_type: str = "application/octet-stream"
    chunked: bool = False
    chunk_size: int = 65536


@dataclass
class SSEReply(_ReplyBase):
    """A ``text/event-stream`` body sent with chunked transfer encoding.

    ``events`` is a list of events (see :data:`SSEEvent`) or one bytes object replayed verbatim.
    ``event_lines`` adds an ``event: <type>`` line before dict events (the Responses dialect);
    ``None`` decides by endpoint (on for ``/v1/responses``, off elsewhere). ``done`` appends
    ``data: [DONE]``; ``None`` decides by endpoint (on for ``/v1/chat/completions``).

    Faults: ``cut_in_event=i`` sends events ``0..i-1`` and then the first half of event ``i``
    and closes the socket (``reset=True`` closes with an RST instead of a FIN);
    ``hang_after`` stops after that many events and keeps the connection open until the client
    goes away or the server stops; ``chunk_size`` splits the written bytes into pieces of that
    size (each flushed separately); ``event_delay`` sleeps between events.
    """

    events: Sequence[SSEEvent] | bytes = ()
    event_lines: bool | None = None
    done: bool | None = None
    cut_in_event: int | None = None
    reset: bool = False
    hang_after: int | None = None
    chunk_size: int | None = None
    event_delay: float = 0.0


@dataclass
class ResetReply(_ReplyBase):
    """Close the connection with an RST (``SO_LINGER`` 0), optionally after sending headers."""

    after_headers: bool = False


@dataclass
class HangReply(_ReplyBase):
    """Send the status line and headers, then nothing until the client leaves or the server stops."""

    content_type: str = "text/event-stream"


@dataclass
class DropReply(_ReplyBase):
    """Close the connection cleanly (FIN) without sending a single byte."""


@dataclass
class CallbackReply(_ReplyBase):
    """Decide the answer when the request arrives: ``handler(request)`` returns a reply, or any
    other value to send as a JSON body. ``status``/``headers`` of this object are unused."""

    handler: Callable[[Any], Any] = lambda request: None


Reply: TypeAlias = (
    "JSONReply | RawReply | SSEReply | ResetReply | HangReply | DropReply | CallbackReply"
)


def error_body(
    message: str,
    type: str = "invalid_request_error",
    code: str | None = None,
    param: str | None = None,
) -> dict[str, Any]:
    """An ``ErrorResponse`` body."""
    return {"error": {"message": message, "type": type, "param": param, "code": code}}


_DEFAULT_ERRORS: dict[int, tuple[str, str, str | None]] = {
    400: ("Invalid request.", "invalid_request_error", None),
    401: ("Incorrect API key provided.", "invalid_request_error", "invalid_api_key"),
    403: ("Forbidden.", "invalid_request_error", None),
    404: ("Not found.", "invalid_request_error", None),
    408: ("Request timed out.", "invalid_request_error", None),
    409: ("Conflict.", "invalid_request_error", None),
    422: ("Unprocessable entity.", "invalid_request_error", None),
    429: (
        "Rate limit reached for requests. Please try again later.",
        "requests",
        "rate_limit_exceeded",
    ),
    500: ("The server had an error while processing your request.", "server_error", None),
    502: ("Bad gateway.", "server_error", None),
    503: ("The server is overloaded or not ready yet.", "server_error", None),
}


def error_reply(
    status: int,
    message: str | None = None,
    *,
    type: str | None = None,
    code: str | None = None,
    param: str | None = None,
    retry_after: float | str | None = None,
    retry_after_ms: float | None = None,
    should_retry: bool | None = None,
    headers: Mapping[str, str] | None = None,
    times: int | None = 1,
    first_byte_delay: float = 0.0,
) -> JSONReply:
    """An API error with a spec-shaped body and the retry headers the SDKs look at.

    ``times=None`` makes the error permanent ("500 forever").
    """
    default_message, default_type, default_code = _DEFAULT_ERRORS.get(
        status, ("Error.", "server_error" if status >= 500 else "invalid_request_error", None)
    )
    all_headers = {"x-request-id": f"req_error_{status}"}
    if retry_after is not None:
        all_headers["retry-after"] = _num(retry_after)
    if retry_after_ms is not None:
        all_headers["retry-after-ms"] = _num(retry_after_ms)
    if should_retry is not None:
        all_headers["x-should-retry"] = "true" if should_retry else "false"
    all_headers.update(headers or {})
    body = error_body(
        message or default_message,
        type or default_type,
        code if code is not None else default_code,
        param,
    )
    return JSONReply(
        status=status,
        headers=all_headers,
        body=body,
        times=times,
        first_byte_delay=first_byte_delay,
    )


def _num(value: float | str) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def html_error(status: int = 502, times: int | None = 1) -> RawReply:
    """A non-JSON error page, as a proxy or load balancer would send it."""
    page = (
        f"<html><head><title>{status} Bad Gateway</title></head>"
        f"<body><center><h1>{status} Bad Gateway</h1></center><hr><center>nginx</center>"
        "</body></html>\n"
    ).encode()
    return RawReply(status=status, body=page, content_type="text/html", times=times)


def encode_sse_event(event: SSEEvent, *, event_line: bool) -> bytes:
    """The wire bytes of one event (blank line included)."""
    if isinstance(event, bytes):
        return event
    if isinstance(event, str):
        return f"data: {event}\n\n".encode()
    data = json.dumps(event, separators=(",", ":"), ensure_ascii=False)
    if event_line and "type" in event:
        return f"event: {event['type']}\ndata: {data}\n\n".encode()
    return f"data: {data}\n\n".encode()


def with_unknown_fields(value: Any, marker: Any = None) -> Any:
    """A deep copy of ``value`` where every object gains an ``x_unknown_field`` key."""
    if marker is None:
        marker = {"nested": [1, "two", None], "flag": True}
    if isinstance(value, Mapping):
        out = {k: with_unknown_fields(v, marker) for k, v in value.items()}
        out["x_unknown_field"] = marker
        return out
    if isinstance(value, list):
        return [with_unknown_fields(v, marker) for v in value]
    return value
