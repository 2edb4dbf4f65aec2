"""A whole agent run (tool call, then answer) works the same on both APIs, streamed or not."""

from __future__ import annotations

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
    """Get the weather for a city."""
    return f"sunny in {city}"


@pytest.mark.parametrize("use_responses", [True, False], ids=["responses", "chat"])
@pytest.mark.parametrize("stream", [False, True], ids=["run", "streamed"])
async def test_tool_round_trip(
    openai_server: OpenAIServer, use_responses: bool, stream: bool
) -> None:
    if use_responses:
        call = b.function_call_item("get_weather", {"city": "Paris"}, call_id="call_1")
        openai_server.queue(b.response_auto([call]), b.response_auto("It is sunny."))
    else:
        call = b.chat_tool_call("get_weather", {"city": "Paris"}, id="call_1")
        openai_server.queue(b.chat_auto(None, tool_calls=[call]), b.chat_auto("It is sunny."))
    client = AsyncOpenAI(base_url=openai_server.base_url, api_key="sk-test")
    config = RunConfig(
        model_provider=OpenAIProvider(openai_client=client, use_responses=use_responses),
        tracing_disabled=True,
    )
    agent = Agent(name="Weather", instructions="Be brief.", tools=[get_weather])
    if stream:
        result = Runner.run_streamed(agent, "Weather in Paris?", run_config=config)
        async for _ in result.stream_events():
            pass
    else:
        result = await Runner.run(agent, "Weather in Paris?", run_config=config)
    assert result.final_output == "It is sunny."
    second = openai_server.requests[1].json
    if use_responses:
        assert second["input"][-1] == {
            "call_id": "call_1",
            "output": "sunny in Paris",
            "type": "function_call_output",
        }
    else:
        assert second["messages"][-1] == {
            "role": "tool",
            "tool_call_id": "call_1",
            "content": "sunny in Paris",
        }
    if not stream or use_responses:
        # (A streamed chat answer without a usage chunk reports no tokens.)
        assert result.context_wrapper.usage.total_tokens == 30
