"""SSE decoding: split invariance against a reference decoder, and garbage through AsyncStream."""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import AsyncIterator
from typing import Any

import httpx
from hypothesis import given
from hypothesis import strategies as st

from agentkit._http._client import AsyncStream
from agentkit._http._sse import ServerSentEvent, SSEDecoder
from agentkit.client import OpenAIError

from ._support import FUZZ, json_values, run, scaled

_Event = tuple[str | None, str, str | None, int | None, bool]

# Pieces that hit every branch of the line/field parser, plus raw bytes for everything else.
_TOKENS = [
    b"data: ",
    b"data:",
    b"data",
    b"event: ",
    b"event:message",
    b"id: ",
    b"id:1\x00",
    b"retry: ",
    b"retry:12",
    b"\n",
    b"\r",
    b"\r\n",
    b"\n\n",
    b":",
    b": comment\n",
    b" ",
    b"\xef\xbb\xbf",
    b"{}",
    b'{"type":"x"}',
    b"[DONE]",
    "é€😀".encode(),
    b"\x00",
    b"\xff\xfe",
    b"\xe2\x82",
    b"\x85",
    "\u2028".encode(),
]

sse_bytes = st.lists(
    st.sampled_from(_TOKENS) | st.binary(max_size=8) | st.text(max_size=6).map(str.encode),
    max_size=40,
).map(b"".join)


def reference_decode(data: bytes) -> tuple[list[_Event], _Event | None]:
    """The WHATWG event-stream algorithm on the whole input, written as plainly as possible."""
    text = data.decode("utf-8", errors="replace")
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = re.split(r"\r\n|\r|\n", text)
    tail = lines.pop()  # the part after the last line terminator: an unterminated line
    events: list[_Event] = []
    event: str | None = None
    data_lines: list[str] = []
    last_id: str | None = None
    retry: int | None = None
    touched = False

    def field(line: str) -> None:
        nonlocal event, last_id, retry, touched
        if line.startswith(":"):
            return
        name, colon, value = line.partition(":")
        if colon and value.startswith(" "):
            value = value[1:]
        if name == "data":
            data_lines.append(value)
            touched = True
        elif name == "event":
            event = value
            touched = True
        elif name == "id" and "\x00" not in value:
            last_id = value
            touched = True
        elif name == "retry" and value and all(c in "0123456789" for c in value):
            retry = int(value)
            touched = True

    for line in lines:
        if line == "":
            if touched:
                events.append((event, "\n".join(data_lines), last_id, retry, bool(data_lines)))
            event, data_lines, retry, touched = None, [], None, False
        else:
            field(line)
    if tail:
        field(tail)
    partial = (event, "\n".join(data_lines), last_id, retry, bool(data_lines)) if touched else None
    return events, partial


def _as_tuple(event: ServerSentEvent) -> _Event:
    return (event.event, event.data, event.id, event.retry, event.has_data)


def decode_in_chunks(data: bytes, cuts: list[int]) -> tuple[list[_Event], _Event | None]:
    decoder = SSEDecoder()
    events: list[ServerSentEvent] = []
    start = 0
    for cut in sorted({min(c, len(data)) for c in cuts}):
        events += decoder.feed(data[start:cut])
        start = cut
    events += decoder.feed(data[start:])
    last, partial = decoder.finish()
    events += last
    return [_as_tuple(e) for e in events], _as_tuple(partial) if partial else None


@FUZZ
@given(sse_bytes, st.lists(st.integers(min_value=0, max_value=400), max_size=12))
def test_fuzz_sse_split_invariance(data: bytes, cuts: list[int]) -> None:
    """Any byte split gives the same events as one read, and both match the reference."""
    whole = decode_in_chunks(data, [])
    assert decode_in_chunks(data, cuts) == whole
    assert decode_in_chunks(data, list(range(len(data)))) == whole  # one byte at a time
    assert whole == reference_decode(data)


class _Body(httpx.AsyncByteStream):
    def __init__(self, chunks: list[bytes]) -> None:
        self.chunks = chunks
        self.closed = False

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for chunk in self.chunks:
            yield chunk

    async def aclose(self) -> None:
        self.closed = True


def _split(data: bytes, cuts: list[int]) -> list[bytes]:
    points = [0, *sorted({min(c, len(data)) for c in cuts}), len(data)]
    return [data[a:b] for a, b in itertools.pairwise(points) if b > a]


async def _read_stream(chunks: list[bytes]) -> tuple[list[dict[str, Any]], BaseException | None]:
    body = _Body(chunks)
    request = httpx.Request("POST", "http://127.0.0.1:9/v1/responses")
    stream = AsyncStream(httpx.Response(200, stream=body, request=request))
    events: list[dict[str, Any]] = []
    error: BaseException | None = None
    try:
        async for event in stream:
            events.append(event)
    except Exception as exc:
        error = exc
    assert body.closed, "the response body was not closed"
    return events, error


_NESTED = b"[" * 5000

# Line-structured garbage: field names with JSON, non-JSON, deeply nested or binary values.
_lines = st.lists(
    st.tuples(
        st.sampled_from([b"data: ", b"data:", b"event: ", b"id: ", b"retry: ", b":", b""]),
        st.sampled_from([*_TOKENS, _NESTED, b'{"error": {"message": "boom"}}', b"[1]", b"null"])
        | st.binary(max_size=8)
        | json_values().map(lambda v: json.dumps(v).encode()),
        st.sampled_from([b"\n", b"\r", b"\r\n", b"\n\n", b"\r\n\r\n", b""]),
    ).map(b"".join),
    max_size=12,
).map(b"".join)


@scaled(2)
@given(
    _lines | st.lists(st.sampled_from(_TOKENS) | st.binary(max_size=8), max_size=40).map(b"".join),
    st.lists(st.integers(min_value=0, max_value=400), max_size=8),
)
def test_fuzz_sse_stream_garbage_raises_only_typed_errors(data: bytes, cuts: list[int]) -> None:
    """Garbage on the wire yields JSON objects or raises an `OpenAIError`, never anything else."""
    events, error = run(_read_stream(_split(data, cuts)))
    assert all(isinstance(e, dict) for e in events)
    if error is not None:
        assert isinstance(error, OpenAIError), repr(error)


_payloads = st.dictionaries(
    st.sampled_from(["type", "delta", "sequence_number", "x"]),
    st.text(max_size=10) | st.integers(),
    max_size=4,
)


@FUZZ
@given(st.lists(_payloads, max_size=8), st.booleans(), st.data())
def test_fuzz_sse_stream_valid_events_any_split(
    payloads: list[dict[str, Any]], crlf: bool, data: st.DataObject
) -> None:
    """Well-formed events arrive intact and in order however the bytes are chunked."""
    newline = b"\r\n" if crlf else b"\n"
    wire = b"".join(
        b"event: e" + newline + b"data: " + json.dumps(p).encode() + newline + newline
        for p in payloads
    )
    cuts = data.draw(st.lists(st.integers(min_value=0, max_value=max(len(wire), 1)), max_size=10))
    events, error = run(_read_stream(_split(wire, cuts)))
    assert error is None
    assert events == payloads
