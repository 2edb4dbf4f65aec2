"""Shared pieces of the fault-injection tests: model factories, calls, and resource checks."""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Literal

import httpx

from agentkit.client import AsyncOpenAI
from agentkit.model_settings import ModelSettings
from agentkit.models.interface import ModelTracing
from agentkit.models.openai_chatcompletions import OpenAIChatCompletionsModel
from agentkit.models.openai_responses import OpenAIResponsesModel
from tests.openai_server import OpenAIServer
from tests.openai_server import builders as b

Api = Literal["responses", "chat"]
Method = Literal["get", "stream"]

SENTINEL_KEY = "sk-SENTINEL-9f8e7d6c5b4a-never-print-me"
PATHS: dict[str, str] = {"responses": "/responses", "chat": "/chat/completions"}


def closed_port() -> int:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port: int = sock.getsockname()[1]
    sock.close()
    return port


def make_client(
    base_url: str,
    *,
    timeout: float = 5.0,
    max_retries: int = 2,
    follow_redirects: bool = False,
    **options: Any,
) -> tuple[AsyncOpenAI, httpx.AsyncClient]:
    """A client whose pool holds ONE connection, so a leaked connection blocks the next call.

    `options` are further `AsyncOpenAI` options (limits, deadline, redirect policy)."""
    http = httpx.AsyncClient(
        limits=httpx.Limits(max_connections=1, max_keepalive_connections=1),
        timeout=httpx.Timeout(timeout),
        follow_redirects=follow_redirects,
    )
    client = AsyncOpenAI(
        api_key=SENTINEL_KEY,
        base_url=base_url,
        timeout=timeout,
        max_retries=max_retries,
        http_client=http,
        **options,
    )
    return client, http


def make_model(api: Api, client: AsyncOpenAI) -> Any:
    if api == "responses":
        return OpenAIResponsesModel("gpt-4.1", client)
    return OpenAIChatCompletionsModel("gpt-4.1", client)


async def call(model: Any, method: Method, input: Any = "hi") -> Any:
    """One model call; for streams, the list of events."""
    args = (None, input, ModelSettings(), [], None, [], ModelTracing.DISABLED)
    if method == "get":
        return await model.get_response(*args)
    return [event async for event in model.stream_response(*args)]


def success_reply(api: Api, method: Method, text: str = "ok") -> Any:
    if api == "responses":
        return b.response_text(text) if method == "get" else b.stream_response_text(text)
    return b.chat_text(text) if method == "get" else b.stream_chat_text(text)


def stream_events(api: Api, text: str = "hello there friend") -> list[dict[str, Any]]:
    if api == "responses":
        return b.response_stream_events([b.message_item(text)])
    return b.chat_stream_chunks(text)


def output_text(api: Api, method: Method, result: Any) -> str:
    """The assistant text of a finished call."""
    items = result.output if method == "get" else result[-1].response.output
    return "".join(
        part.text
        for item in items
        if item.type == "message"
        for part in item.content
        if part.type == "output_text"
    )


async def assert_pool_free(
    server: OpenAIServer, model: Any, api: Api, *, within: float = 3.0
) -> None:
    """The one pooled connection was released: a fresh request is served promptly."""
    server.queue(success_reply(api, "get", "after"), path=PATHS[api])
    start = time.monotonic()
    result = await asyncio.wait_for(call(model, "get"), within)
    assert output_text(api, "get", result) == "after"
    assert time.monotonic() - start < within


def other_tasks() -> set[asyncio.Task[Any]]:
    current = asyncio.current_task()
    return {t for t in asyncio.all_tasks() if t is not current and not t.done()}


async def assert_no_new_tasks(before: set[asyncio.Task[Any]]) -> None:
    # Give cancelled or finishing tasks a few loop turns to settle.
    for _ in range(20):
        if not other_tasks() - before:
            return
        await asyncio.sleep(0.01)
    leftover = other_tasks() - before
    assert not leftover, f"tasks left running: {leftover}"


@contextmanager
def fast_retries() -> Iterator[None]:
    """Shrink backoff so retry cells take milliseconds."""
    from agentkit._http import _client

    saved = _client.INITIAL_RETRY_DELAY, _client.MAX_RETRY_DELAY
    _client.INITIAL_RETRY_DELAY, _client.MAX_RETRY_DELAY = 0.005, 0.02
    try:
        yield
    finally:
        _client.INITIAL_RETRY_DELAY, _client.MAX_RETRY_DELAY = saved


def exception_texts(exc: BaseException) -> list[str]:
    """str and repr of an exception and everything chained to it, plus request headers seen."""
    texts: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        texts += [str(current), repr(current)]
        for attr in ("request", "response", "body", "message"):
            value = getattr(current, attr, None)
            if value is None:
                continue
            texts.append(repr(value))
            headers = getattr(value, "headers", None)
            if headers is not None:
                texts.append(repr(list(headers.items())))
        current = current.__cause__ or current.__context__
    return texts
