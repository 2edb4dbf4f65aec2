"""Approvals over HTTP against the loopback OpenAI server: Responses and Chat Completions,
plain and streamed, with the paused run serialised between the two requests."""

from __future__ import annotations

from typing import Any

import pytest

from agentkit import Agent, RunConfig, Runner, RunState, function_tool
from agentkit.models.openai_provider import OpenAIProvider
from tests.openai_server import OpenAIServer
from tests.openai_server import builders as b

CALLS: list[str] = []


@function_tool(needs_approval=lambda ctx, params, call_id: params["amount"] > 100)
def refund(amount: int) -> str:
    """Refund an amount."""
    CALLS.append(f"refund {amount}")
    return f"refunded {amount}"


def _config(server: OpenAIServer, responses: bool) -> RunConfig:
    provider = OpenAIProvider(api_key="sk-test", base_url=server.base_url, use_responses=responses)
    return RunConfig(model_provider=provider, tracing_disabled=True)


def _queue(server: OpenAIServer, responses: bool, streamed: bool) -> None:
    calls = [("refund", {"amount": 5}, "call_small"), ("refund", {"amount": 500}, "call_big")]
    if responses:
        output = [b.function_call_item(n, a, call_id=c) for n, a, c in calls]
        server.queue(b.stream_response(output) if streamed else b.response_reply(output))
        server.queue(
            b.stream_response_text("Refund sent.") if streamed else b.response_text("Refund sent.")
        )
    else:
        tool_calls = [b.chat_tool_call(n, a, id=c) for n, a, c in calls]
        server.queue(
            b.stream_chat_tool_calls(*tool_calls) if streamed else b.chat_tool_calls(*tool_calls)
        )
        server.queue(
            b.stream_chat_text("Refund sent.") if streamed else b.chat_text("Refund sent.")
        )


async def _run(agent: Agent[Any], input: Any, config: RunConfig, streamed: bool) -> Any:
    if not streamed:
        return await Runner.run(agent, input, run_config=config)
    result = Runner.run_streamed(agent, input, run_config=config)
    async for _ in result.stream_events():
        pass
    return result


@pytest.mark.parametrize("responses", [True, False], ids=["responses", "chat"])
@pytest.mark.parametrize("streamed", [False, True], ids=["plain", "streamed"])
async def test_pause_serialise_resume_over_http(
    openai_server: OpenAIServer, responses: bool, streamed: bool
) -> None:
    CALLS.clear()
    _queue(openai_server, responses, streamed)
    agent = Agent(name="Support", instructions="Help.", tools=[refund], model="gpt-4.1")
    config = _config(openai_server, responses)
    paused = await _run(agent, "refund me", config, streamed)
    assert [i.call_id for i in paused.interruptions] == ["call_big"]
    assert CALLS == ["refund 5"]
    text = paused.to_state().to_string()
    state = await RunState.from_string(agent, text)
    state.reject(state.get_interruptions()[0], rejection_message="Needs a manager.")
    done = await _run(agent, state, config, streamed)
    assert done.final_output == "Refund sent."
    assert CALLS == ["refund 5"]
    path = "/responses" if responses else "/chat/completions"
    _first, second = openai_server.requests_to(path)
    if responses:
        outputs = [i for i in second.json["input"] if i.get("type") == "function_call_output"]
        assert [(o["call_id"], o["output"]) for o in outputs] == [
            ("call_small", "refunded 5"),
            ("call_big", "Needs a manager."),
        ]
    else:
        tools = [m for m in second.json["messages"] if m["role"] == "tool"]
        assert [(m["tool_call_id"], m["content"]) for m in tools] == [
            ("call_small", "refunded 5"),
            ("call_big", "Needs a manager."),
        ]
    assert done.context_wrapper.usage.requests == 2
