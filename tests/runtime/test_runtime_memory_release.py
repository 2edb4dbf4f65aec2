"""What a run holds and leaves behind: nothing of a finished call waits for the cycle collector.

With hundreds of runs in flight, memory that is only freed by the cyclic garbage collector piles
up: a call's HTTP response (which httpx binds into a cycle through the connection pool's objects
for the request) or anything else a finished call leaves in a reference cycle. These tests run
with the collector off and check that dropping a result frees everything by reference counting,
and that a retried request sends the body it was first encoded to.
"""

from __future__ import annotations

import asyncio
import gc
import sys
import weakref
from collections.abc import Iterator
from typing import Any

import pytest

from agentkit.agent import Agent
from agentkit.client import AsyncOpenAI
from agentkit.models.openai_provider import OpenAIProvider
from agentkit.run import Runner
from agentkit.run_config import RunConfig
from agentkit.tool import function_tool
from tests.openai_server import OpenAIServer
from tests.openai_server import builders as b


@function_tool
def get_weather(city: str) -> str:
    """Weather for a city."""
    return f"sunny in {city}"


@pytest.fixture
def no_cycle_collector() -> Iterator[None]:
    gc.collect()
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _client(server: OpenAIServer) -> AsyncOpenAI:
    return AsyncOpenAI(api_key="sk-test", base_url=server.base_url, max_retries=2)


def _config(server: OpenAIServer, *, use_responses: bool) -> RunConfig:
    provider = OpenAIProvider(
        api_key="sk-test", base_url=server.base_url, use_responses=use_responses
    )
    return RunConfig(model_provider=provider, tracing_disabled=True)


async def test_a_read_response_is_freed_by_reference_counting(
    openai_server: OpenAIServer, no_cycle_collector: None
) -> None:
    openai_server.queue(b.response_text("hello"))
    response = await _client(openai_server).request(
        "POST", "/responses", body={"model": "m", "input": "hi"}
    )
    assert response.json()["output"][0]["content"][0]["text"] == "hello"
    # The body stays readable after the stream is unbound.
    assert await response.aread() == response.content
    assert [chunk async for chunk in response.aiter_bytes()] == [response.content]
    gone = weakref.ref(response)
    del response
    assert gone() is None


async def test_a_streamed_response_is_freed_by_reference_counting(
    openai_server: OpenAIServer, no_cycle_collector: None
) -> None:
    openai_server.queue(b.stream_response_text("Hello there.", deltas=3))
    stream = await _client(openai_server).responses.create(model="m", input="hi", stream=True)
    events = [event async for event in stream]
    assert events[-1]["type"] == "response.completed"
    gone = weakref.ref(stream.response)
    del stream, events
    assert gone() is None


@pytest.mark.skipif(
    sys.version_info < (3, 11),
    reason="on 3.10 a stream left early keeps its response until a collection (not yet traced)",
)
async def test_a_stream_left_early_is_freed_by_reference_counting(
    openai_server: OpenAIServer, no_cycle_collector: None
) -> None:
    openai_server.queue(b.stream_response_text("Hello there.", deltas=3))
    stream = await _client(openai_server).responses.create(model="m", input="hi", stream=True)
    async for _ in stream:
        break
    await stream.aclose()
    gone = weakref.ref(stream.response)
    del stream
    # The body's nested iterators (httpx's), left suspended, are finalised by the event loop in
    # tasks of their own, one level per loop turn; then nothing is left holding the response.
    for _ in range(20):
        if gone() is None:
            break
        await asyncio.sleep(0)
    assert gone() is None


async def _warm_and_run(server: OpenAIServer, run: Any, replies: list[Any]) -> int:
    """Garbage (objects in reference cycles) one run leaves once its result is dropped, measured
    on a second identical run (the first pays for lazy imports and caches)."""
    for _ in range(2):
        server.queue(*replies)
    await run()
    gc.collect()
    result = await run()
    assert result.final_output
    del result
    return gc.collect()


@pytest.mark.parametrize("use_responses", [True, False], ids=["responses", "chat"])
async def test_a_text_run_leaves_no_reference_cycles(
    openai_server: OpenAIServer, no_cycle_collector: None, use_responses: bool
) -> None:
    agent = Agent(name="A", instructions="Be brief.", tools=[get_weather], model="gpt-4.1")
    config = _config(openai_server, use_responses=use_responses)
    reply = b.response_text("Hi.") if use_responses else b.chat_text("Hi.")
    garbage = await _warm_and_run(
        openai_server, lambda: Runner.run(agent, "Hi.", run_config=config), [reply]
    )
    assert garbage == 0


async def test_a_tool_run_leaves_no_reference_cycles(
    openai_server: OpenAIServer, no_cycle_collector: None
) -> None:
    agent = Agent(name="A", tools=[get_weather], model="gpt-4.1")
    config = _config(openai_server, use_responses=True)
    replies = [
        b.response_function_call("get_weather", {"city": "Paris"}, call_id="call_1"),
        b.response_text("Sunny."),
    ]
    garbage = await _warm_and_run(
        openai_server, lambda: Runner.run(agent, "Weather?", run_config=config), replies
    )
    assert garbage == 0


async def test_a_retried_request_sends_the_bytes_first_encoded(
    openai_server: OpenAIServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The body's dicts are dropped once encoded; a retry sends the same bytes, as JSON.
    from agentkit._http import _client as http_client

    monkeypatch.setattr(http_client, "INITIAL_RETRY_DELAY", 0.005)
    monkeypatch.setattr(http_client, "MAX_RETRY_DELAY", 0.02)
    openai_server.queue_error(500, path="/responses")
    openai_server.queue(b.response_text("hello"))
    client = _client(openai_server)
    body = {"model": "m", "input": [{"role": "user", "content": "héllo"}], "temperature": 0.5}
    response = await client.request("POST", "/responses", body=body)
    assert response.status_code == 200
    first, second = openai_server.requests_to("/responses")
    assert first.body == second.body
    assert second.json == body
    assert first.headers["content-type"] == second.headers["content-type"] == "application/json"


@pytest.mark.parametrize("use_responses", [True, False], ids=["responses", "chat"])
async def test_a_client_subclass_request_still_carries_the_model_calls(
    openai_server: OpenAIServer, use_responses: bool
) -> None:
    # The models hand their request to the client without a frame of `request` in between; a
    # subclass that overrides `request` still sees every model call go through it.
    seen: list[str] = []

    class LoggingClient(AsyncOpenAI):
        async def request(self, method: str, path: str, **options: Any) -> Any:
            seen.append(f"{method} {path}")
            return await super().request(method, path, **options)

    from agentkit.models.openai_chatcompletions import OpenAIChatCompletionsModel
    from agentkit.models.openai_responses import OpenAIResponsesModel

    client = LoggingClient(api_key="sk-test", base_url=openai_server.base_url)
    if use_responses:
        openai_server.queue(b.response_text("Hi."))
        model: Any = OpenAIResponsesModel("gpt-4.1", client)
    else:
        openai_server.queue(b.chat_text("Hi."))
        model = OpenAIChatCompletionsModel("gpt-4.1", client)
    result = await Runner.run(
        Agent(name="A", model=model), "Hi.", run_config=RunConfig(tracing_disabled=True)
    )
    assert result.final_output == "Hi."
    assert seen == [f"POST /{'responses' if use_responses else 'chat/completions'}"]
