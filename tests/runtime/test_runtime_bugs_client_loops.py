"""Issue 17: a client that brings its own httpx client, used by `await Runner.run` and
`Runner.run_sync` in one program (so from several event loops), against the loopback server."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from agentkit.agent import Agent
from agentkit.client import AsyncOpenAI
from agentkit.models.openai_provider import OpenAIProvider
from agentkit.run import Runner
from agentkit.run_config import RunConfig
from tests.openai_server import OpenAIServer
from tests.openai_server import builders as b


class OpenAILike:
    """Shaped like `openai.AsyncOpenAI`: key, base URL, and its httpx client in `_client`."""

    def __init__(self, base_url: str, http_client: httpx.AsyncClient) -> None:
        self.api_key = "sk-test"
        self.base_url = base_url
        self._client = http_client


def make_config(server: OpenAIServer, shape: str) -> tuple[RunConfig, httpx.AsyncClient]:
    http = httpx.AsyncClient(headers={"x-from-user-client": "yes"})
    client: Any = (
        AsyncOpenAI(api_key="sk-test", base_url=server.base_url, http_client=http)
        if shape == "agentkit"
        else OpenAILike(server.base_url, http)
    )
    provider = OpenAIProvider(openai_client=client)
    return RunConfig(model_provider=provider, tracing_disabled=True), http


AGENT = Agent(name="a", model="gpt-4.1")


def close_default_loop() -> None:
    """Close the main thread's default loop that `run_sync` made (so no unclosed-loop warning)."""
    loop = asyncio.get_event_loop_policy().get_event_loop()
    loop.close()
    asyncio.set_event_loop(None)


def check_requests(server: OpenAIServer, count: int) -> None:
    requests = server.requests_to("/responses")
    assert len(requests) == count
    # Every request, on every loop, went out with the user's client settings.
    assert all(r.headers["x-from-user-client"] == "yes" for r in requests)


@pytest.mark.parametrize("shape", ["agentkit", "openai-like"])
def test_run_sync_then_asyncio_run(openai_server: OpenAIServer, shape: str) -> None:
    openai_server.queue(b.response_text("ok", times=3))
    config, http = make_config(openai_server, shape)
    assert Runner.run_sync(AGENT, "x", run_config=config).final_output == "ok"
    first_loop = asyncio.get_event_loop_policy().get_event_loop()
    try:
        # Before the fix: the pooled connection of run_sync's loop was reused here ("bound to
        # a different event loop").
        result = asyncio.run(Runner.run(AGENT, "x", run_config=config))
        assert result.final_output == "ok"
        assert Runner.run_sync(AGENT, "x", run_config=config).final_output == "ok"
        check_requests(openai_server, 3)
        first_loop.run_until_complete(http.aclose())
    finally:
        first_loop.close()
        close_default_loop()


@pytest.mark.parametrize("shape", ["agentkit", "openai-like"])
def test_asyncio_run_then_run_sync(openai_server: OpenAIServer, shape: str) -> None:
    openai_server.queue(b.response_text("ok", times=3))
    config, http = make_config(openai_server, shape)

    async def twice() -> None:
        for _ in range(2):
            assert (await Runner.run(AGENT, "x", run_config=config)).final_output == "ok"

    async_loop = asyncio.new_event_loop()
    try:
        async_loop.run_until_complete(twice())
        # Before the fix: the pooled connection of the other loop was reused here.
        assert Runner.run_sync(AGENT, "x", run_config=config).final_output == "ok"
        check_requests(openai_server, 3)
        async_loop.run_until_complete(http.aclose())
    finally:
        async_loop.close()
        close_default_loop()


@pytest.mark.parametrize("shape", ["agentkit", "openai-like"])
async def test_run_sync_inside_a_running_loop(openai_server: OpenAIServer, shape: str) -> None:
    openai_server.queue(b.response_text("ok", times=4))
    config, http = make_config(openai_server, shape)
    assert (await Runner.run(AGENT, "x", run_config=config)).final_output == "ok"
    # Before the fix: "<asyncio.locks.Event ...> is bound to a different event loop".
    assert Runner.run_sync(AGENT, "x", run_config=config).final_output == "ok"
    assert (await Runner.run(AGENT, "x", run_config=config)).final_output == "ok"
    assert Runner.run_sync(AGENT, "x", run_config=config).final_output == "ok"
    check_requests(openai_server, 4)
    await http.aclose()


async def test_user_client_keeps_serving_its_own_loop(openai_server: OpenAIServer) -> None:
    # The injected client itself (not a copy) serves the loop that used it first.
    openai_server.queue(b.response_text("ok", times=2))
    seen: list[str] = []

    async def record(request: httpx.Request) -> None:
        seen.append(request.url.path)

    http = httpx.AsyncClient(event_hooks={"request": [record]})
    client = AsyncOpenAI(api_key="sk-test", base_url=openai_server.base_url, http_client=http)
    config = RunConfig(model_provider=OpenAIProvider(openai_client=client), tracing_disabled=True)
    await Runner.run(AGENT, "x", run_config=config)
    Runner.run_sync(AGENT, "x", run_config=config)
    assert seen == ["/v1/responses", "/v1/responses"]  # the copy keeps the event hooks
    pool = http._transport._pool  # type: ignore[attr-defined]
    assert len(pool.connections) == 1  # only this loop's connection is in the user's pool
    await http.aclose()
