"""End-to-end runs through the real OpenAI models over HTTP, against the loopback test server."""

from __future__ import annotations

from typing import Any

import pytest

from agentkit.agent import Agent
from agentkit.models.openai_provider import OpenAIProvider
from agentkit.run import Runner
from agentkit.run_config import RunConfig
from agentkit.stream_events import RunItemStreamEvent
from agentkit.tool import function_tool
from tests.openai_server import OpenAIServer
from tests.openai_server import builders as b


@function_tool
def get_weather(city: str) -> str:
    """Weather for a city."""
    return f"sunny in {city}"


def config(server: OpenAIServer, use_responses: bool = True) -> RunConfig:
    provider = OpenAIProvider(
        api_key="sk-test", base_url=server.base_url, use_responses=use_responses
    )
    return RunConfig(model_provider=provider, tracing_disabled=True)


async def test_responses_tool_loop(openai_server: OpenAIServer) -> None:
    openai_server.queue(
        b.response_function_call("get_weather", {"city": "Paris"}, call_id="call_1")
    )
    openai_server.queue(b.response_text("It is sunny in Paris."))
    agent = Agent(
        name="Weather", instructions="Answer briefly.", tools=[get_weather], model="gpt-4.1"
    )
    result = await Runner.run(agent, "Weather in Paris?", run_config=config(openai_server))
    assert result.final_output == "It is sunny in Paris."
    first, second = openai_server.requests_to("/responses")
    assert first.json["instructions"] == "Answer briefly."
    assert first.json["tools"][0]["name"] == "get_weather"
    assert second.json["input"][-1] == {
        "call_id": "call_1",
        "output": "sunny in Paris",
        "type": "function_call_output",
    }
    assert result.context_wrapper.usage.requests == 2


async def test_responses_streamed_tool_loop(openai_server: OpenAIServer) -> None:
    openai_server.queue(
        b.stream_response_function_call("get_weather", {"city": "Oslo"}, call_id="c1")
    )
    openai_server.queue(b.stream_response_text("Sunny in Oslo.", deltas=3))
    agent = Agent(name="Weather", tools=[get_weather], model="gpt-4.1")
    result = Runner.run_streamed(agent, "Weather in Oslo?", run_config=config(openai_server))
    names: list[str] = []
    deltas: list[str] = []
    async for event in result.stream_events():
        if isinstance(event, RunItemStreamEvent):
            names.append(event.name)
        elif event.type == "raw_response_event" and event.data.type == "response.output_text.delta":
            deltas.append(event.data.delta)  # type: ignore[union-attr]
    assert names == ["tool_called", "tool_output", "message_output_created"]
    assert "".join(deltas) == "Sunny in Oslo."
    assert result.final_output == "Sunny in Oslo."
    assert all(r.json["stream"] is True for r in openai_server.requests_to("/responses"))


async def test_chat_completions_tool_loop(openai_server: OpenAIServer) -> None:
    openai_server.queue(
        b.chat_tool_calls(b.chat_tool_call("get_weather", {"city": "Rome"}, id="call_1"))
    )
    openai_server.queue(b.chat_text("Sunny in Rome."))
    agent = Agent(name="Weather", tools=[get_weather], model="gpt-4.1")
    result = await Runner.run(agent, "Weather in Rome?", run_config=config(openai_server, False))
    assert result.final_output == "Sunny in Rome."
    messages = openai_server.requests_to("/chat/completions")[1].json["messages"]
    assert messages[-1] == {"role": "tool", "tool_call_id": "call_1", "content": "sunny in Rome"}


def test_run_sync_against_server(openai_server: OpenAIServer) -> None:
    openai_server.queue(b.response_text("sync ok"))
    result = Runner.run_sync(
        Agent(name="a", model="gpt-4.1"), "hi", run_config=config(openai_server)
    )
    assert result.final_output == "sync ok"


@pytest.mark.parametrize("stream", [False, True])
async def test_previous_response_id_sends_only_new_items(
    openai_server: OpenAIServer, stream: bool
) -> None:
    openai_server.queue(
        b.response_auto([b.function_call_item("get_weather", {"city": "A"}, call_id="c1")])
    )
    openai_server.queue(b.response_auto("done"))
    agent = Agent(name="a", tools=[get_weather], model="gpt-4.1")
    kwargs: dict[str, Any] = {
        "auto_previous_response_id": True,
        "run_config": config(openai_server),
    }
    if stream:
        result: Any = Runner.run_streamed(agent, "x", **kwargs)
        async for _ in result.stream_events():
            pass
    else:
        result = await Runner.run(agent, "x", **kwargs)
    first, second = openai_server.requests_to("/responses")
    assert "previous_response_id" not in first.json or first.json["previous_response_id"] is None
    assert second.json["previous_response_id"] == result.raw_responses[0].response_id
    assert [i.get("type") for i in second.json["input"]] == ["function_call_output"]
