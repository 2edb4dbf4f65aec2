"""Size limits, the overall deadline and their typed errors (issue 17, "Safer defaults")."""

from __future__ import annotations

import asyncio
import functools
import json
import sys
import time
import zlib
from typing import Any

import httpx
import pytest

from agentkit import Agent, ModelSettings, Runner
from agentkit._http._client import (
    DEFAULT_MAX_DECOMPRESSED_BYTES,
    DEFAULT_MAX_RESPONSE_BYTES,
    DEFAULT_MAX_SSE_EVENT_BYTES,
)
from agentkit.client import (
    APIDeadlineExceededError,
    APITimeoutError,
    AsyncOpenAI,
    ResponseTooLargeError,
)
from agentkit.models.openai_responses import OpenAIResponsesModel
from agentkit.run_config import RunConfig
from tests.openai_server import OpenAIServer, RawReply, SSEReply
from tests.openai_server import builders as b

KEY = "sk-LIMITS-SENTINEL"


@functools.lru_cache(maxsize=1)
def gzip_bomb(inflated: int = 200 * 1024 * 1024) -> bytes:
    """A valid JSON object padded with whitespace to `inflated` bytes, gzip-compressed."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    parts = [packer.compress(b'{"ok": true')]
    block = b" " * (1024 * 1024)
    for _ in range(inflated // len(block)):
        parts.append(packer.compress(block))
    parts.append(packer.compress(b"}"))
    parts.append(packer.flush())
    return b"".join(parts)


def _client(server: OpenAIServer, **options: Any) -> AsyncOpenAI:
    return AsyncOpenAI(api_key=KEY, base_url=server.base_url, max_retries=0, **options)


def test_defaults_are_generous_and_documented() -> None:
    client = AsyncOpenAI(api_key=KEY)
    config = client._core.config
    assert config.max_response_bytes == DEFAULT_MAX_RESPONSE_BYTES == 64 * 1024 * 1024
    assert config.max_decompressed_bytes == DEFAULT_MAX_DECOMPRESSED_BYTES == 128 * 1024 * 1024
    assert config.max_sse_event_bytes == DEFAULT_MAX_SSE_EVENT_BYTES == 64 * 1024 * 1024
    assert client.deadline is None
    assert config.allow_cross_origin_redirects is True


@pytest.mark.parametrize(
    "options",
    [
        {"max_response_bytes": 0},
        {"max_decompressed_bytes": -1},
        {"max_sse_event_bytes": 1.5},
        {"deadline": 0},
        {"deadline": float("nan")},
        {"deadline": True},
    ],
)
def test_bad_limit_options_are_rejected(options: dict[str, Any]) -> None:
    (name,) = options
    with pytest.raises(ValueError, match=name):
        AsyncOpenAI(api_key=KEY, **options)


async def test_a_gzip_bomb_is_refused(openai_server: OpenAIServer) -> None:
    """Before: a ~0.2 MB gzip body inflating to 200 MB was read whole and accepted."""
    bomb = gzip_bomb()
    assert len(bomb) < 1024 * 1024
    openai_server.queue(
        RawReply(body=bomb, content_type="application/json", headers={"content-encoding": "gzip"}),
        path="/bomb",
    )
    client = _client(openai_server)
    with pytest.raises(ResponseTooLargeError) as info:
        await client.get("/bomb")
    assert info.value.limit == "max_decompressed_bytes"
    assert info.value.max_bytes == DEFAULT_MAX_DECOMPRESSED_BYTES
    assert "max_decompressed_bytes" in str(info.value)
    assert KEY not in repr(info.value.request.headers)


async def test_compressed_answers_within_the_limit_still_work(openai_server: OpenAIServer) -> None:
    body = json.dumps({"text": "x" * 100_000}).encode()
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    compressed = packer.compress(body) + packer.flush()
    openai_server.queue(
        RawReply(
            body=compressed,
            content_type="application/json",
            headers={"content-encoding": "gzip"},
            chunked=True,
            chunk_size=1000,
        ),
        path="/ok",
    )
    client = _client(openai_server, max_decompressed_bytes=200_000)
    assert await client.get("/ok") == {"text": "x" * 100_000}


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
async def test_a_body_over_max_response_bytes_is_refused(
    openai_server: OpenAIServer, chunked: bool
) -> None:
    body = json.dumps({"pad": "y" * 50_000}).encode()
    openai_server.queue(
        RawReply(body=body, content_type="application/json", chunked=chunked, chunk_size=4096),
        path="/big",
    )
    client = _client(openai_server, max_response_bytes=10_000, max_decompressed_bytes=None)
    with pytest.raises(ResponseTooLargeError) as info:
        await client.get("/big")
    assert info.value.limit == "max_response_bytes"
    # No limit at all: the same body is read.
    openai_server.queue(RawReply(body=body, content_type="application/json"), path="/big")
    unlimited = client.with_options(max_response_bytes=None)
    assert await unlimited.get("/big") == {"pad": "y" * 50_000}


async def test_an_error_page_is_limited_too(openai_server: OpenAIServer) -> None:
    openai_server.queue(
        RawReply(status=400, body=b"<html>" + b"e" * 50_000, content_type="text/html"),
        path="/err",
    )
    client = _client(openai_server, max_response_bytes=10_000)
    with pytest.raises(ResponseTooLargeError):
        await client.get("/err")


async def test_an_oversized_sse_event_ends_the_stream(openai_server: OpenAIServer) -> None:
    big = {"type": "response.output_text.delta", "delta": "z" * 50_000, "item_id": "m"}
    openai_server.queue(SSEReply(events=[big], chunk_size=4096), path="/responses")
    client = _client(openai_server, max_sse_event_bytes=10_000)
    stream = await client.responses.create(model="m", input="hi", stream=True)
    with pytest.raises(ResponseTooLargeError) as info:
        async for _ in stream:
            pass
    assert info.value.limit == "max_sse_event_bytes"
    assert stream.response.is_closed


async def test_a_line_that_never_ends_is_stopped_before_it_is_read_whole(
    openai_server: OpenAIServer,
) -> None:
    endless = b"data: " + b"w" * 2_000_000  # no newline: one line growing for 2 MB
    openai_server.queue(SSEReply(events=endless, chunk_size=8192), path="/responses")
    client = _client(openai_server, max_sse_event_bytes=100_000)
    stream = await client.responses.create(model="m", input="hi", stream=True)
    with pytest.raises(ResponseTooLargeError):
        async for _ in stream:
            pass
    assert stream.response.num_bytes_downloaded < 1_000_000


async def test_keepalive_comments_never_count_against_the_event_limit(
    openai_server: OpenAIServer,
) -> None:
    pings = b": keep-alive\n\n" * 5000  # 70 kB of comments
    events = b.response_stream_events([b.message_item("fine")])
    body = pings + b"".join(
        f"event: {e['type']}\ndata: {json.dumps(e)}\n\n".encode() for e in events
    )
    openai_server.queue(SSEReply(events=body, chunk_size=1000), path="/responses")
    client = _client(openai_server, max_sse_event_bytes=2_000)
    stream = await client.responses.create(model="m", input="hi", stream=True)
    assert [e["type"] async for e in stream][-1] == "response.completed"


# -- the overall deadline -------------------------------------------------------------------------


def _keepalive_forever(path: str = "/responses") -> SSEReply:
    """A stream that sends a comment every 20 ms for minutes and never an event."""
    return SSEReply(events=[b": ping\n\n"] * 20_000, event_delay=0.02)


async def test_a_keepalive_stream_ends_at_the_client_deadline(openai_server: OpenAIServer) -> None:
    """Before: the read timeout never fired (bytes keep coming) and the call ran for ever."""
    openai_server.queue(_keepalive_forever(), path="/responses")
    client = _client(openai_server, deadline=0.5)
    start = time.monotonic()
    stream = await client.responses.create(model="m", input="hi", stream=True)
    with pytest.raises(APIDeadlineExceededError) as info:
        async for _ in stream:
            pass
    assert time.monotonic() - start < 5
    assert info.value.deadline == "client"
    assert info.value.seconds == 0.5
    assert "client deadline of 0.5 s" in str(info.value)
    assert "AsyncOpenAI(deadline=...)" in str(info.value)
    assert isinstance(info.value, APITimeoutError)
    assert stream.response.is_closed
    if sys.version_info >= (3, 11):
        # The deadline's own cancel request was taken back (3.11+ counts them; on 3.10 a test
        # runner's backported Task counts other libraries' cancel requests too).
        task = asyncio.current_task()
        assert task is not None and task.cancelling() == 0


async def test_the_request_deadline_wins_when_it_is_earlier(openai_server: OpenAIServer) -> None:
    openai_server.queue(_keepalive_forever(), path="/responses")
    client = _client(openai_server, deadline=60)
    stream = await client.responses.create(model="m", input="hi", stream=True, deadline=0.3)
    with pytest.raises(APIDeadlineExceededError) as info:
        async for _ in stream:
            pass
    assert info.value.deadline == "request"
    assert "request deadline of 0.3 s" in str(info.value)


async def test_the_deadline_covers_retries_and_waiting_for_headers(
    openai_server: OpenAIServer,
) -> None:
    openai_server.queue(
        RawReply(status=500, body=b"{}", content_type="application/json", times=None),
        path="/responses",
    )
    client = AsyncOpenAI(api_key=KEY, base_url=openai_server.base_url, max_retries=50)
    start = time.monotonic()
    with pytest.raises(APIDeadlineExceededError) as info:
        await client.responses.create(model="m", input="hi", deadline=0.4)
    assert time.monotonic() - start < 5
    assert info.value.deadline == "request"
    assert KEY not in repr(info.value.request.headers)


async def test_a_call_within_its_deadline_is_unaffected(openai_server: OpenAIServer) -> None:
    openai_server.queue(b.stream_response_text("on time", deltas=3), path="/responses")
    openai_server.queue(b.response_text("plain"), path="/responses")
    client = _client(openai_server, deadline=30)
    stream = await client.responses.create(model="m", input="hi", stream=True, deadline=20)
    assert [e["type"] async for e in stream][-1] == "response.completed"
    answer = await client.responses.create(model="m", input="hi")
    assert answer["output"][0]["content"][0]["text"] == "plain"


async def test_a_per_run_deadline_through_model_settings(openai_server: OpenAIServer) -> None:
    """The runtime passes `ModelSettings.extra_args` to the call: a deadline per agent or per run
    (`RunConfig(model_settings=...)`) needs no other plumbing."""
    openai_server.queue(_keepalive_forever(), path="/responses")
    client = _client(openai_server)
    agent = Agent(name="a", model=OpenAIResponsesModel("m", client))
    config = RunConfig(
        tracing_disabled=True, model_settings=ModelSettings(extra_args={"deadline": 0.4})
    )
    start = time.monotonic()
    result = Runner.run_streamed(agent, "hi", run_config=config)
    with pytest.raises(APIDeadlineExceededError) as info:
        async for _ in result.stream_events():
            pass
    assert time.monotonic() - start < 5
    assert info.value.deadline == "request"


async def test_the_connection_is_released_after_a_deadline(openai_server: OpenAIServer) -> None:
    openai_server.queue(_keepalive_forever(), path="/responses")
    http = httpx.AsyncClient(limits=httpx.Limits(max_connections=1, max_keepalive_connections=1))
    client = AsyncOpenAI(
        api_key=KEY, base_url=openai_server.base_url, http_client=http, max_retries=0
    )
    stream = await client.responses.create(model="m", input="hi", stream=True, deadline=0.3)
    with pytest.raises(APIDeadlineExceededError):
        async for _ in stream:
            pass
    openai_server.queue(b.response_text("next"), path="/responses")
    answer = await asyncio.wait_for(client.responses.create(model="m", input="hi"), 5)
    assert answer["output"][0]["content"][0]["text"] == "next"
    await http.aclose()


async def test_a_per_run_deadline_on_a_non_streamed_run(openai_server: OpenAIServer) -> None:
    openai_server.queue(b.response_text("slow", first_byte_delay=30), path="/responses")
    openai_server.allow_pending = True
    client = _client(openai_server)
    agent = Agent(name="a", model=OpenAIResponsesModel("m", client))
    config = RunConfig(
        tracing_disabled=True, model_settings=ModelSettings(extra_args={"deadline": 0.4})
    )
    start = time.monotonic()
    with pytest.raises(APIDeadlineExceededError) as info:
        await Runner.run(agent, "hi", run_config=config)
    assert time.monotonic() - start < 5
    assert info.value.deadline == "request"
    # The deadline is a client option, never a field of the request body.
    assert "deadline" not in openai_server.requests[0].json


async def test_a_per_run_deadline_bounds_a_delegated_client_too() -> None:
    """An `openai.AsyncOpenAI`-shaped object whose `responses.create` is its own: agentkit calls
    it, and the per-call deadline still bounds the call (and is not passed on as a parameter)."""
    seen: list[dict[str, Any]] = []

    class _Responses:
        async def create(self, **params: Any) -> Any:
            seen.append(params)
            await asyncio.sleep(60)

    class _Client:
        api_key = "sk-double"
        base_url = "http://127.0.0.1:9/v1"
        responses = _Responses()

    agent = Agent(name="a", model=OpenAIResponsesModel("m", _Client()))  # type: ignore[arg-type]
    config = RunConfig(
        tracing_disabled=True, model_settings=ModelSettings(extra_args={"deadline": 0.3})
    )
    start = time.monotonic()
    with pytest.raises(APIDeadlineExceededError) as info:
        await Runner.run(agent, "hi", run_config=config)
    assert time.monotonic() - start < 5
    assert info.value.deadline == "request"
    streamed = Runner.run_streamed(agent, "hi", run_config=config)
    with pytest.raises(APIDeadlineExceededError):
        async for _ in streamed.stream_events():
            pass
    assert time.monotonic() - start < 10
    assert len(seen) == 2 and all("deadline" not in params for params in seen)


async def test_the_deadline_covers_undecoded_iteration(openai_server: OpenAIServer) -> None:
    # The Responses model iterates a stream's events undecoded: the deadline applies the same.
    openai_server.queue(_keepalive_forever(), path="/responses")
    client = _client(openai_server, deadline=60)
    stream = await client.responses.create(model="m", input="hi", stream=True, deadline=1)
    with pytest.raises(APIDeadlineExceededError) as info:
        async for _ in stream._undecoded():
            pass
    assert info.value.deadline == "request"
    assert stream.response.is_closed
