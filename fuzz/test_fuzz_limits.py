"""The size limits and the deadline option (issue 17): hostile sizes give the typed error exactly
when a limit is crossed, and never change what is decoded when it is not."""

from __future__ import annotations

import gzip
import math
import re
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from agentkit._http._client import check_deadline_seconds, check_size_limit
from agentkit._http._sse import EventTooLargeError, SSEDecoder
from agentkit.client import AsyncOpenAI, ResponseTooLargeError

from ._support import FUZZ, run, scaled
from .test_fuzz_sse import reference_decode, sse_bytes


def _decode(data: bytes, cuts: list[int], limit: int | None) -> list[Any]:
    decoder = SSEDecoder(limit)
    events: list[Any] = []
    start = 0
    for cut in [*sorted({min(c, len(data)) for c in cuts}), len(data)]:
        events += decoder.feed(data[start:cut])
        start = cut
    last, partial = decoder.finish()
    events += last
    return [(e.event, e.data, e.id, e.retry) for e in events] + [
        (partial.event, partial.data, partial.id, partial.retry) if partial else None
    ]


@FUZZ
@given(
    sse_bytes | st.integers(0, 3000).map(lambda n: b"data: " + b"x" * n + b"\n\n"),
    st.lists(st.integers(min_value=0, max_value=400), max_size=12),
    st.integers(min_value=1, max_value=300),
)
def test_fuzz_sse_event_limit(data: bytes, cuts: list[int], limit: int) -> None:
    """Under the limit, the events are exactly the unlimited ones; over it, the decoder stops
    only when a line or an event really was that big."""
    unlimited = _decode(data, cuts, None)
    try:
        limited = _decode(data, cuts, limit)
    except EventTooLargeError as exc:
        assert exc.limit == limit and exc.size > limit
        text = data.decode("utf-8", errors="replace")
        longest_line = max((len(line) for line in re.split(r"\r\n|\r|\n", text)), default=0)
        events, partial = reference_decode(data)
        largest = max(
            (len(e[1]) + 1 for e in [*events, *([partial] if partial else [])]), default=0
        )
        assert longest_line + largest > limit
    else:
        assert limited == unlimited


class _Chunks(httpx.AsyncByteStream):
    def __init__(self, data: bytes, size: int) -> None:
        self._data = data
        self._size = size

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for start in range(0, len(self._data), self._size):
            yield self._data[start : start + self._size]


@scaled(0.5)
@given(
    st.integers(min_value=0, max_value=300_000),
    st.booleans(),
    st.booleans(),
    st.integers(min_value=1, max_value=70_000),
    st.one_of(st.none(), st.integers(min_value=1, max_value=400_000)),
    st.one_of(st.none(), st.integers(min_value=1, max_value=400_000)),
)
def test_fuzz_body_limits(
    size: int,
    compressed: bool,
    declared: bool,
    chunk: int,
    wire_limit: int | None,
    body_limit: int | None,
) -> None:
    """A body is refused exactly when its wire size or its decompressed size crosses a limit."""
    body = b'{"pad": "' + b"p" * size + b'"}'
    wire = gzip.compress(body, 1) if compressed else body
    headers = {"content-type": "application/json"}
    if compressed:
        headers["content-encoding"] = "gzip"
    if declared:
        headers["content-length"] = str(len(wire))

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers=headers, stream=_Chunks(wire, chunk))

    async def fetch() -> Any:
        http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
        client = AsyncOpenAI(
            api_key="sk-fuzz",
            base_url="http://127.0.0.1:9/v1",
            http_client=http,
            max_retries=0,
            max_response_bytes=wire_limit,
            max_decompressed_bytes=body_limit,
        )
        try:
            return await client.get("/body")
        finally:
            await http.aclose()

    over = set()
    if wire_limit is not None and len(wire) > wire_limit:
        over.add("max_response_bytes")
    if body_limit is not None and len(body) > body_limit:
        over.add("max_decompressed_bytes")
    if over:
        with pytest.raises(ResponseTooLargeError) as info:
            run(fetch())
        assert info.value.limit in over
    else:
        assert run(fetch()) == {"pad": "p" * size}


@scaled(2)
@given(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=5)))
def test_fuzz_limit_and_deadline_options(value: Any) -> None:
    """Any option value is accepted as a valid limit/deadline or refused with ValueError."""
    try:
        seconds = check_deadline_seconds(value, "deadline")
    except ValueError as exc:
        assert "deadline" in str(exc)
    else:
        assert seconds is None or (math.isfinite(seconds) and seconds > 0)
    try:
        limit = check_size_limit(value, "max_response_bytes")
    except ValueError as exc:
        assert "max_response_bytes" in str(exc)
    else:
        assert limit is None or (isinstance(limit, int) and limit > 0)
