"""The fault-injection matrix: {get_response, stream_response} x {Responses, Chat} x faults.

Every cell asserts the outcome (success after retry, or the documented typed error), that it
came within its time bound, that the single pooled connection was released (the next request on
a max_connections=1 client is served promptly), that no asyncio task was left behind, and that
no exception text carries the API key.
"""

from __future__ import annotations

import functools
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from _faults_support import (
    PATHS,
    SENTINEL_KEY,
    Api,
    Method,
    assert_no_new_tasks,
    assert_pool_free,
    call,
    closed_port,
    exception_texts,
    fast_retries,
    make_client,
    make_model,
    other_tasks,
    output_text,
    stream_events,
    success_reply,
)

from agentkit.client import (
    APIConnectionError,
    APIDeadlineExceededError,
    APIStreamError,
    APITimeoutError,
    InternalServerError,
    RedirectError,
    ResponseTooLargeError,
)
from agentkit.exceptions import ModelBehaviorError
from tests.openai_server import (
    JSONReply,
    OpenAIServer,
    RawReply,
    ResetReply,
    SSEReply,
    error_reply,
    html_error,
)
from tests.openai_server import builders as b

BIG = 5_000_000


@dataclass
class Cell:
    """How to provoke a fault, and what the call must then do."""

    queue: Callable[[OpenAIServer, Api, Method], None]
    expect: type[BaseException] | None  # None: the call succeeds
    requests: int | None = None  # how many requests the server must have seen
    timeout: float = 5.0
    max_retries: int = 2
    within: float = 4.0  # wall-clock bound for the whole call
    text: str = "ok"  # the answer on success
    options: dict[str, Any] = field(default_factory=dict)  # more AsyncOpenAI / httpx options


def _q(*replies: Any) -> Callable[[OpenAIServer, Api, Method], None]:
    def queue(server: OpenAIServer, api: Api, method: Method) -> None:
        for reply in replies:
            server.queue(reply(api, method) if callable(reply) else reply, path=PATHS[api])

    return queue


def _ok(api: Api, method: Method) -> Any:
    return success_reply(api, method, "ok")


def _reset_mid_body(api: Api, method: Method) -> Any:
    if method == "get":
        return ResetReply(after_headers=True, times=3)
    return SSEReply(events=stream_events(api), cut_in_event=3, reset=True)


def _cut_mid_event(api: Api, method: Method) -> Any:
    return SSEReply(events=stream_events(api), cut_in_event=3)


def _no_terminal(api: Api, method: Method) -> Any:
    if api == "responses":
        return b.stream_response_text("ok", terminal="none")
    return SSEReply(events=b.chat_stream_chunks("ok"), done=False)


def _never_ends(api: Api, method: Method) -> Any:
    events = stream_events(api)
    return SSEReply(events=events, hang_after=len(events) - 1)


def _slow_first_byte(api: Api, method: Method) -> Any:
    reply = success_reply(api, method, "late")
    reply.first_byte_delay = 1.5
    return reply


def _malformed_json(api: Api, method: Method) -> Any:
    if method == "get":
        return RawReply(body=b'{"id": "resp_1", "output": [', content_type="application/json")
    return SSEReply(events=[b"data: {not json\n\n", b"garbage line\n\n"])


def _enormous(api: Api, method: Method) -> Any:
    text = "x" * BIG
    if api == "responses":
        return b.response_text(text) if method == "get" else b.stream_response_text(text, deltas=1)
    return b.chat_text(text) if method == "get" else b.stream_chat_text(text, deltas=1)


def _keepalive_forever(api: Api, method: Method) -> Any:
    """Comments every 20 ms for minutes (the read timeout never fires), or no answer at all."""
    if method == "get":
        reply = success_reply(api, method, "too late")
        reply.first_byte_delay = 30
        return reply
    return SSEReply(events=[b": keep-alive\n\n"] * 20_000, event_delay=0.02)


@functools.lru_cache(maxsize=1)
def _gzip(size: int) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    return packer.compress(b"data: " + b" " * size + b"\n\n") + packer.flush()


def _gzip_bomb(api: Api, method: Method) -> Any:
    """A few kB of gzip inflating to 20 MB (limits lowered to 1 MB for the cell)."""
    content_type = "text/event-stream" if method == "stream" else "application/json"
    return RawReply(
        body=_gzip(20_000_000),
        content_type=content_type,
        headers={"content-encoding": "gzip"},
        chunked=True,
        chunk_size=4096,
    )


def _over_size_limit(api: Api, method: Method) -> Any:
    return _enormous(api, method)


def _cross_origin_redirect(api: Api, method: Method) -> Any:
    target = f"http://127.0.0.1:{closed_port()}/v1{PATHS[api]}"
    return JSONReply(status=307, headers={"location": target}, body={})


_QUIRKS = Path(__file__).parents[1] / "openai_server" / "quirks"
_PARTIAL = {
    ("responses", "get"): "opencode2api_responses_minimal.json",
    ("responses", "stream"): "llamacpp_responses_stream_minimal_text.sse",
    ("chat", "get"): "freellmpool_chat_missing_created_null_usage.json",
    ("chat", "stream"): "vllm_chat_stream_null_usage_trailing_usage_chunk.sse",
}


def _partial_server(api: Api, method: Method) -> Any:
    """A near-compatible server's answer from the quirks corpus (no ids, created_at, model...)."""
    data = (_QUIRKS / _PARTIAL[api, method]).read_bytes()
    if method == "stream":
        return SSEReply(events=data)
    return RawReply(body=data, content_type="application/json")


_LMSTUDIO = {
    "responses": "lmstudio_responses_unprefixed_ids.json",
    "chat": "lmstudio_chat_text_with_empty_tool_call.json",
}


def _lmstudio(api: Api, method: Method) -> Any:
    """LM Studio's answer from the quirks corpus (unprefixed ids; a nameless empty tool call)."""
    return RawReply(body=(_QUIRKS / _LMSTUDIO[api]).read_bytes(), content_type="application/json")


CELLS: dict[str, Cell] = {
    "429_retry_after": Cell(
        _q(lambda a, m: error_reply(429, retry_after=0.05, retry_after_ms=50), _ok),
        None,
        requests=2,
    ),
    "500_then_success": Cell(_q(lambda a, m: error_reply(500), _ok), None, requests=2),
    "503_forever": Cell(
        _q(lambda a, m: error_reply(503, times=3)), InternalServerError, requests=3
    ),
    "connection_refused": Cell(lambda s, a, m: None, APIConnectionError, requests=0),
    "reset_mid_body": Cell(_q(_reset_mid_body), APIConnectionError),
    # The server closes the socket inside a chunked body: httpx reports an incomplete chunked
    # read, which the client surfaces as a broken connection.
    "stream_cut_mid_event": Cell(_q(_cut_mid_event), APIConnectionError, requests=1),
    "no_done_or_completed_eof": Cell(_q(_no_terminal), ModelBehaviorError, requests=1),
    "no_done_or_completed_hang": Cell(
        _q(_never_ends), APITimeoutError, requests=1, timeout=0.5, max_retries=0
    ),
    "slow_first_byte": Cell(
        _q(_slow_first_byte), APITimeoutError, requests=1, timeout=0.3, max_retries=0
    ),
    "malformed_json": Cell(_q(_malformed_json), ModelBehaviorError, requests=1),
    "html_error_page": Cell(
        _q(lambda a, m: html_error(502, times=3)), InternalServerError, requests=3
    ),
    "enormous_event": Cell(_q(_enormous), None, requests=1, text="x" * BIG, within=10.0),
    # Issue 17: limits, deadline, redirects and partial servers.
    "keepalive_forever_deadline": Cell(
        _q(_keepalive_forever),
        APIDeadlineExceededError,
        requests=1,
        max_retries=0,
        options={"deadline": 0.5},
    ),
    "gzip_bomb": Cell(
        _q(_gzip_bomb),
        ResponseTooLargeError,
        requests=1,
        options={"max_decompressed_bytes": 1_000_000, "max_sse_event_bytes": 1_000_000},
    ),
    "over_size_limit": Cell(
        _q(_over_size_limit),
        ResponseTooLargeError,
        requests=1,
        options={"max_response_bytes": 100_000, "max_sse_event_bytes": 100_000},
    ),
    "cross_origin_307": Cell(
        _q(_cross_origin_redirect),
        RedirectError,
        requests=1,
        max_retries=0,
        options={"follow_redirects": True},
    ),
    "partial_server": Cell(_q(_partial_server), None, requests=1, text="Paris is sunny."),
    "lmstudio_server": Cell(_q(_lmstudio), None, requests=1, text="Paris is sunny."),
}

# "Forever" faults are queued for exactly max_retries + 1 requests, so the pool check after
# them gets a normal answer.
# Cells that do not apply, or whose outcome differs per API/method, with the reason.
NOT_APPLICABLE = {
    ("get", "stream_cut_mid_event"): "a JSON body has no events; see reset_mid_body",
    ("get", "no_done_or_completed_eof"): "only streams have a terminal event",
    ("get", "no_done_or_completed_hang"): "only streams have a terminal event",
    ("stream", "lmstudio_server"): "LM Studio's recorded streams are tool calls; they run "
    "through whole agent runs in tests/types/test_types_server_quirks.py",
}
OVERRIDES: dict[tuple[str, str, str], dict[str, Any]] = {
    # The stream was cut after the headers: stream errors are not retried (the events already
    # yielded cannot be taken back), so one request.
    ("responses", "stream", "reset_mid_body"): {"requests": 1},
    ("chat", "stream", "reset_mid_body"): {"requests": 1},
    # A non-streamed body cut after the headers is retried like a refused connection.
    ("responses", "get", "reset_mid_body"): {"requests": 3},
    ("chat", "get", "reset_mid_body"): {"requests": 3},
    # Malformed SSE data is the client's typed stream error.
    ("responses", "stream", "malformed_json"): {"expect": APIStreamError},
    ("chat", "stream", "malformed_json"): {"expect": APIStreamError},
    # Chat has no terminal event of its own: chunks ending with a finish_reason and usage are a
    # complete answer even without `[DONE]` (upstream accepts it too).
    ("chat", "stream", "no_done_or_completed_eof"): {"expect": None},
}


def _cells() -> list[Any]:
    params = []
    for api in ("responses", "chat"):
        for method in ("get", "stream"):
            for fault in CELLS:
                reason = NOT_APPLICABLE.get((method, fault))
                marks = [pytest.mark.skip(reason=f"n/a: {reason}")] if reason else []
                params.append(
                    pytest.param(api, method, fault, marks=marks, id=f"{api}-{method}-{fault}")
                )
    return params


@pytest.mark.parametrize(("api", "method", "fault"), _cells())
async def test_fault_matrix(
    openai_server: OpenAIServer, api: Api, method: Method, fault: str
) -> None:
    cell = CELLS[fault]
    spec = {**cell.__dict__, **OVERRIDES.get((api, method, fault), {})}
    base_url = (
        f"http://127.0.0.1:{closed_port()}/v1"
        if fault == "connection_refused"
        else openai_server.base_url
    )
    client, http = make_client(
        base_url, timeout=spec["timeout"], max_retries=spec["max_retries"], **spec["options"]
    )
    model = make_model(api, client)
    cell.queue(openai_server, api, method)
    before = other_tasks()
    error: BaseException | None = None
    start = time.monotonic()
    with fast_retries():
        try:
            result = await call(model, method)
        except Exception as exc:
            error = exc
    elapsed = time.monotonic() - start

    expect = spec["expect"]
    if expect is None:
        assert error is None, f"expected success, got {error!r}"
        assert output_text(api, method, result) == spec["text"]
    else:
        assert isinstance(error, expect), f"expected {expect.__name__}, got {error!r}"
        for text in exception_texts(error):
            assert SENTINEL_KEY not in text
    assert elapsed < spec["within"], f"took {elapsed:.2f}s"
    if spec["requests"] is not None:
        assert len(openai_server.requests_to(PATHS[api])) == spec["requests"]
    for request in openai_server.requests:
        assert request.headers["authorization"] == f"Bearer {SENTINEL_KEY}"

    await assert_no_new_tasks(before)
    if fault != "connection_refused":
        # HangReply-style cells leave the server side open; the client must not wait on it.
        await assert_pool_free(openai_server, model, api)
    await http.aclose()


def test_every_fault_has_a_cell() -> None:
    assert len(_cells()) == 2 * 2 * len(CELLS)
