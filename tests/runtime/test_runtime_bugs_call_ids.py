"""Issue 17: tool calls of one response sharing a `call_id` (checked against openai-agents 0.24:
different calls under one id raise `ModelBehaviorError` before any tool runs; an exact repeat
runs once and is recorded once)."""

from __future__ import annotations

from typing import Any

import pytest

from agentkit.agent import Agent
from agentkit.exceptions import ModelBehaviorError
from agentkit.models.openai_provider import OpenAIProvider
from agentkit.run import Runner
from agentkit.run_config import RunConfig
from agentkit.tool import function_tool
from tests.openai_server import OpenAIServer
from tests.openai_server import builders as b
from tests.runtime.runtime_helpers import MemorySession


def make(server: OpenAIServer, use_responses: bool = True) -> tuple[Agent[Any], list[int], Any]:
    ran: list[int] = []

    @function_tool
    def record(x: int) -> str:
        """Record x."""
        ran.append(x)
        return f"r{x}"

    provider = OpenAIProvider(
        api_key="sk-test", base_url=server.base_url, use_responses=use_responses
    )
    config = RunConfig(model_provider=provider, tracing_disabled=True)
    return Agent(name="a", tools=[record], model="gpt-4.1"), ran, config


async def run(agent: Agent[Any], config: RunConfig, session: MemorySession, stream: bool) -> Any:
    if not stream:
        return await Runner.run(agent, "go", run_config=config, session=session)
    result = Runner.run_streamed(agent, "go", run_config=config, session=session)
    async for _ in result.stream_events():
        pass
    return result


@pytest.mark.parametrize("stream", [False, True])
async def test_different_calls_sharing_a_call_id_raise_before_any_tool_runs(
    openai_server: OpenAIServer, stream: bool
) -> None:
    calls = [b.function_call_item("record", {"x": i}, call_id="same") for i in range(3)]
    openai_server.queue(b.response_auto(calls))
    agent, ran, config = make(openai_server)
    session = MemorySession()
    with pytest.raises(ModelBehaviorError, match="reused a tool call ID"):
        await run(agent, config, session, stream)
    assert ran == []  # before the fix: all three ran
    assert len(openai_server.requests_to("/responses")) == 1
    # Nothing of the failed turn reached the session: no call without its output.
    assert [i.get("type") for i in session.items if i.get("type")] in ([], ["message"])


async def test_chat_completions_calls_sharing_an_id_raise(openai_server: OpenAIServer) -> None:
    tool_calls = [b.chat_tool_call("record", {"x": i}, id="same") for i in range(2)]
    openai_server.queue(b.chat_tool_calls(*tool_calls))
    agent, ran, config = make(openai_server, use_responses=False)
    with pytest.raises(ModelBehaviorError, match="reused a tool call ID"):
        await Runner.run(agent, "go", run_config=config)
    assert ran == []


@pytest.mark.parametrize("stream", [False, True])
async def test_an_exact_repeat_runs_once_and_history_matches_session(
    openai_server: OpenAIServer, stream: bool
) -> None:
    calls = [b.function_call_item("record", {"x": 1}, call_id="same") for _ in range(3)]
    openai_server.queue(b.response_auto(calls))
    openai_server.queue(b.response_auto("done"))
    agent, ran, config = make(openai_server)
    session = MemorySession()
    result = await run(agent, config, session, stream)
    assert result.final_output == "done"
    assert ran == [1]
    assert [type(i).__name__ for i in result.new_items] == [
        "ToolCallItem",
        "ToolCallOutputItem",
        "MessageOutputItem",
    ]
    second = openai_server.requests_to("/responses")[1].json["input"]
    sent = [(i.get("type"), i.get("call_id")) for i in second if "call_id" in i]
    assert sent == [("function_call", "same"), ("function_call_output", "same")]
    stored = [(i.get("type"), i.get("call_id")) for i in session.items if "call_id" in i]
    assert stored == sent  # the session holds what the model was told
