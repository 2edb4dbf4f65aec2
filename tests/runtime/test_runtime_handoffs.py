from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel
from runtime_helpers import assistant_message, function_call

from agentkit.agent import Agent
from agentkit.exceptions import ModelBehaviorError, UserError
from agentkit.extensions.handoff_filters import remove_all_tools
from agentkit.extensions.handoff_prompt import (
    RECOMMENDED_PROMPT_PREFIX,
    prompt_with_handoff_instructions,
)
from agentkit.handoffs import (
    Handoff,
    HandoffInputData,
    get_conversation_history_wrappers,
    handoff,
    reset_conversation_history_wrappers,
    set_conversation_history_wrappers,
)
from agentkit.items import HandoffCallItem, HandoffOutputItem, ToolCallOutputItem
from agentkit.run import Runner
from agentkit.run_config import RunConfig
from agentkit.run_context import RunContextWrapper
from agentkit.testing import ScriptedModel
from agentkit.tool import function_tool

PREAMBLE = "For context, here is the conversation so far between the user and the previous agent:"


@function_tool
def lookup(q: str) -> str:
    """Look up."""
    return f"found {q}"


def two_agents(
    first_steps: list[Any], second_steps: list[Any], **handoff_kwargs: Any
) -> tuple[Agent[Any], Agent[Any], ScriptedModel, ScriptedModel]:
    m1, m2 = ScriptedModel(first_steps), ScriptedModel(second_steps)
    agent_b = Agent(name="Agent B", model=m2, handoff_description="Does B things")
    target: Any = handoff(agent_b, **handoff_kwargs) if handoff_kwargs else agent_b
    agent_a = Agent(name="Agent A", model=m1, handoffs=[target], tools=[lookup])
    return agent_a, agent_b, m1, m2


async def test_basic_handoff() -> None:
    a, b, m1, m2 = two_agents(
        [[function_call("transfer_to_agent_b", "{}", call_id="h1")]],
        [[assistant_message("B done")]],
    )
    result = await Runner.run(a, "hi")
    assert result.last_agent is b
    assert result.final_output == "B done"
    kinds = [type(i) for i in result.new_items]
    assert kinds[:2] == [HandoffCallItem, HandoffOutputItem]
    handoff_tool = m1.calls[0].handoffs[0]
    assert handoff_tool.tool_name == "transfer_to_agent_b"
    assert (
        handoff_tool.tool_description
        == "Handoff to the Agent B agent to handle the request. Does B things"
    )
    out = result.new_items[1]
    assert isinstance(out, HandoffOutputItem) and out.source_agent is a and out.target_agent is b
    assert out.raw_item["output"] == '{"assistant": "Agent B"}'
    # The second agent sees the whole transcript (nesting is off by default, as upstream 0.24).
    assert m2.calls[0].input[0] == {"content": "hi", "role": "user"}
    assert m2.calls[0].input[-1]["type"] == "function_call_output"


def test_handoff_input_type_requires_on_handoff_and_vice_versa() -> None:
    class Reason(BaseModel):
        reason: str

    agent = Agent(name="x")
    with pytest.raises(UserError, match="on_handoff"):
        handoff(agent, input_type=Reason)  # type: ignore[call-overload]
    with pytest.raises(UserError, match="two arguments"):
        handoff(agent, on_handoff=lambda ctx: None, input_type=Reason)  # type: ignore[call-overload]
    with pytest.raises(UserError, match="one argument"):
        handoff(agent, on_handoff=lambda ctx, x: None)  # type: ignore[call-overload]


async def test_on_handoff_with_validated_input() -> None:
    class Reason(BaseModel):
        reason: str

    got: list[Any] = []

    async def on_handoff(ctx: RunContextWrapper[Any], data: Reason) -> None:
        got.append((ctx.context, data))

    a, _, m1, _ = two_agents(
        [[function_call("transfer_to_agent_b", {"reason": "billing"}, call_id="h1")]],
        [[assistant_message("ok")]],
        on_handoff=on_handoff,
        input_type=Reason,
    )
    await Runner.run(a, "x", context="C")
    assert got == [("C", Reason(reason="billing"))]
    schema = m1.calls[0].handoffs[0].input_json_schema
    assert schema["additionalProperties"] is False and schema["required"] == ["reason"]

    a, _, _, _ = two_agents(
        [[function_call("transfer_to_agent_b", "not json", call_id="h1")]],
        [],
        on_handoff=on_handoff,
        input_type=Reason,
    )
    with pytest.raises(ModelBehaviorError, match="Invalid JSON"):
        await Runner.run(a, "x")


async def test_on_handoff_without_input() -> None:
    got: list[Any] = []
    a, _, m1, _ = two_agents(
        [[function_call("transfer_to_agent_b", "{}", call_id="h1")]],
        [[assistant_message("ok")]],
        on_handoff=lambda ctx: got.append(ctx.context),
    )
    await Runner.run(a, "x", context=7)
    assert got == [7]
    assert m1.calls[0].handoffs[0].input_json_schema == {
        "additionalProperties": False,
        "type": "object",
        "properties": {},
        "required": [],
    }


async def test_overrides_and_disabled_handoff() -> None:
    a, _, m1, _ = two_agents(
        [[assistant_message("no handoff")]],
        [],
        tool_name_override="go_b",
        tool_description_override="custom desc",
    )
    await Runner.run(a, "x")
    h = m1.calls[0].handoffs[0]
    assert (h.tool_name, h.tool_description) == ("go_b", "custom desc")

    a, _, m1, _ = two_agents([[assistant_message("x")]], [], is_enabled=False)
    await Runner.run(a, "x")
    assert m1.calls[0].handoffs == []

    a, _, m1, _ = two_agents(
        [[assistant_message("x")]], [], is_enabled=lambda ctx, agent: ctx.context
    )
    await Runner.run(a, "x", context=False)
    assert m1.calls[0].handoffs == []


def test_default_tool_name_is_snake_cased() -> None:
    assert Handoff.default_tool_name(Agent(name="Billing Agent-2")) == "transfer_to_billing_agent_2"


async def test_input_filter_precedence() -> None:
    used: list[str] = []

    def handoff_filter(data: HandoffInputData) -> HandoffInputData:
        used.append("handoff")
        return data.clone(input_history=(), pre_handoff_items=(), new_items=())

    def run_filter(data: HandoffInputData) -> HandoffInputData:
        used.append("run")
        return data

    a, _, _, m2 = two_agents(
        [[function_call("transfer_to_agent_b", "{}", call_id="h1")]],
        [[assistant_message("ok")]],
        input_filter=handoff_filter,
    )
    await Runner.run(a, "hi", run_config=RunConfig(handoff_input_filter=run_filter))
    assert used == ["handoff"]
    assert m2.calls[0].input == []

    used.clear()
    a, _, _, m2 = two_agents(
        [[function_call("transfer_to_agent_b", "{}", call_id="h1")]], [[assistant_message("ok")]]
    )
    await Runner.run(a, "hi", run_config=RunConfig(handoff_input_filter=run_filter))
    assert used == ["run"]


async def test_input_filter_sees_whole_history_and_async_filters_work() -> None:
    seen: list[HandoffInputData] = []

    async def filt(data: HandoffInputData) -> HandoffInputData:
        seen.append(data)
        return data

    a, _, _, _ = two_agents(
        [
            [function_call("lookup", {"q": "x"}, call_id="t1")],
            [function_call("transfer_to_agent_b", "{}", call_id="h1")],
        ],
        [[assistant_message("ok")]],
        input_filter=filt,
    )
    await Runner.run(a, "hi")
    data = seen[0]
    assert data.input_history == "hi"
    assert len(data.pre_handoff_items) == 2
    assert [type(i) for i in data.new_items] == [HandoffCallItem, HandoffOutputItem]
    assert data.run_context is not None


async def test_invalid_filter_result() -> None:
    a, _, _, _ = two_agents(
        [[function_call("transfer_to_agent_b", "{}", call_id="h1")]],
        [],
        input_filter=lambda data: "nope",  # type: ignore[arg-type,return-value]
    )
    with pytest.raises(UserError, match="Invalid input filter result"):
        await Runner.run(a, "hi")


async def test_remove_all_tools_filter() -> None:
    a, _, _, m2 = two_agents(
        [
            [function_call("lookup", {"q": "x"}, call_id="t1")],
            [function_call("transfer_to_agent_b", "{}", call_id="h1")],
        ],
        [[assistant_message("ok")]],
        input_filter=remove_all_tools,
    )
    await Runner.run(a, [{"role": "user", "content": "hi"}])
    assert m2.calls[0].input == [{"role": "user", "content": "hi"}]


async def test_nested_history_and_accumulation() -> None:
    m1 = ScriptedModel(
        [
            [function_call("lookup", {"q": "x"}, call_id="t1")],
            [function_call("transfer_to_b", "{}", call_id="h1")],
        ]
    )
    m2 = ScriptedModel([[function_call("transfer_to_c", "{}", call_id="h2")]])
    m3 = ScriptedModel([[assistant_message("C done")]])
    c = Agent(name="C", model=m3)
    b = Agent(name="B", model=m2, handoffs=[c])
    a = Agent(name="A", model=m1, handoffs=[b], tools=[lookup])
    result = await Runner.run(a, "hello", run_config=RunConfig(nest_handoff_history=True))
    first = m2.calls[0].input
    assert len(first) == 1 and first[0]["role"] == "assistant"
    content = first[0]["content"]
    assert content.startswith(PREAMBLE + "\n<CONVERSATION HISTORY>\n1. user: hello\n")
    assert content.endswith("</CONVERSATION HISTORY>")
    assert '"name": "lookup"' in content
    second = m3.calls[0].input
    assert len(second) == 1
    text = second[0]["content"]
    assert text.count("<CONVERSATION HISTORY>") == 1  # accumulated into one block
    assert "1. user: hello" in text and "transfer_to_c" in text
    assert result.final_output == "C done"


async def test_per_handoff_nesting_overrides_run_setting() -> None:
    a, _, _, m2 = two_agents(
        [[function_call("transfer_to_agent_b", "{}", call_id="h1")]],
        [[assistant_message("ok")]],
        nest_handoff_history=True,
    )
    await Runner.run(a, "hi", run_config=RunConfig(nest_handoff_history=False))
    assert len(m2.calls[0].input) == 1 and m2.calls[0].input[0]["content"].startswith(PREAMBLE)

    a, _, _, m2 = two_agents(
        [[function_call("transfer_to_agent_b", "{}", call_id="h1")]],
        [[assistant_message("ok")]],
        nest_handoff_history=False,
    )
    await Runner.run(a, "hi", run_config=RunConfig(nest_handoff_history=True))
    assert m2.calls[0].input[0] == {"content": "hi", "role": "user"}


async def test_history_mapper_only_with_nesting() -> None:
    calls: list[list[Any]] = []

    def mapper(transcript: list[Any]) -> list[Any]:
        calls.append(transcript)
        return [{"role": "user", "content": "mapped"}]

    a, _, _, m2 = two_agents(
        [[function_call("transfer_to_agent_b", "{}", call_id="h1")]], [[assistant_message("ok")]]
    )
    await Runner.run(
        a, "hi", run_config=RunConfig(nest_handoff_history=True, handoff_history_mapper=mapper)
    )
    assert m2.calls[0].input == [{"role": "user", "content": "mapped"}]
    assert calls[0][0] == {"content": "hi", "role": "user"}

    calls.clear()
    a, _, _, _ = two_agents(
        [[function_call("transfer_to_agent_b", "{}", call_id="h1")]], [[assistant_message("ok")]]
    )
    await Runner.run(a, "hi", run_config=RunConfig(handoff_history_mapper=mapper))
    assert calls == []


async def test_conversation_history_wrappers() -> None:
    try:
        set_conversation_history_wrappers(start="<<S>>", end="<<E>>")
        assert get_conversation_history_wrappers() == ("<<S>>", "<<E>>")
        a, _, _, m2 = two_agents(
            [[function_call("transfer_to_agent_b", "{}", call_id="h1")]],
            [[assistant_message("ok")]],
        )
        await Runner.run(a, "hi", run_config=RunConfig(nest_handoff_history=True))
        assert "<<S>>" in m2.calls[0].input[0]["content"]
        set_conversation_history_wrappers(end="<<E2>>")
        assert get_conversation_history_wrappers() == ("<<S>>", "<<E2>>")
    finally:
        reset_conversation_history_wrappers()
    assert get_conversation_history_wrappers() == (
        "<CONVERSATION HISTORY>",
        "</CONVERSATION HISTORY>",
    )


async def test_multiple_handoffs_first_wins() -> None:
    m_b = ScriptedModel([[assistant_message("B")]])
    b = Agent(name="B", model=m_b)
    c = Agent(name="C", model=ScriptedModel([]))
    a = Agent(
        name="A",
        model=ScriptedModel(
            [
                [
                    function_call("transfer_to_b", "{}", call_id="h1"),
                    function_call("transfer_to_c", "{}", call_id="h2"),
                ]
            ]
        ),
        handoffs=[b, c],
    )
    result = await Runner.run(a, "x")
    assert result.last_agent is b
    rejected = [i for i in result.new_items if isinstance(i, ToolCallOutputItem)]
    assert rejected[0].output == "Multiple handoffs detected, ignoring this one."
    assert rejected[0].raw_item["call_id"] == "h2"


def test_prompt_with_handoff_instructions() -> None:
    assert prompt_with_handoff_instructions("X") == f"{RECOMMENDED_PROMPT_PREFIX}\n\nX"
    assert RECOMMENDED_PROMPT_PREFIX.startswith("# System context\nYou are part of a multi-agent")
    assert "transfer_to_<agent_name>" in RECOMMENDED_PROMPT_PREFIX


async def test_to_input_list_normalized_follows_filtered_history() -> None:
    def only_last(data: HandoffInputData) -> HandoffInputData:
        return data.clone(input_items=data.new_items[-1:])

    a, _, _, m2 = two_agents(
        [
            [function_call("lookup", {"q": "x"}, call_id="t1")],
            [function_call("transfer_to_agent_b", "{}", call_id="h1")],
        ],
        [[assistant_message("ok")]],
        input_filter=only_last,
    )
    result = await Runner.run(a, "hi")
    full = result.to_input_list()
    normalized = result.to_input_list(mode="normalized")
    assert len(full) == 1 + len(result.new_items)
    assert [i.get("type") for i in normalized[1:]] == [
        "function_call",
        "function_call_output",
        "function_call_output",
        "message",
    ]
    assert m2.calls[0].input == normalized[:-1]
    with pytest.raises(ValueError):
        result.to_input_list(mode="other")  # type: ignore[arg-type]


@pytest.mark.parametrize("server_kwarg", ["previous_response_id", "conversation_id"])
async def test_server_managed_conversations_refuse_input_filters(server_kwarg: str) -> None:
    agent_a, _b, _m1, m2 = two_agents(
        [[function_call("transfer_to_agent_b", {}, call_id="h1")]],
        [[assistant_message("b")]],
        input_filter=lambda data: data,
    )
    with pytest.raises(UserError) as info:
        await Runner.run(
            agent_a, "hi", **{server_kwarg: "resp_0" if "response" in server_kwarg else "conv_1"}
        )
    # upstream 0.24's words
    assert str(info.value) == (
        "Server-managed conversations do not support handoff input filters. "
        "Remove Handoff.input_filter or RunConfig.handoff_input_filter, "
        "or disable conversation_id, previous_response_id, and auto_previous_response_id."
    )
    assert len(m2.calls) == 0


async def test_server_managed_conversations_drop_nested_history_with_a_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    agent_a, _b, _m1, m2 = two_agents(
        [[function_call("transfer_to_agent_b", {}, call_id="h1")]],
        [[assistant_message("b")]],
        nest_handoff_history=True,
    )
    with caplog.at_level("WARNING", logger="openai.agents"):
        result = await Runner.run(agent_a, "hi", previous_response_id="resp_0")
    assert result.final_output == "b"
    assert (
        "Server-managed conversations do not support nest_handoff_history for handoff "
        "Agent A -> Agent B. Disabling nested handoff history and continuing with delta-only "
        "input."
    ) in caplog.messages
    # Delta-only: the second agent gets just the handoff's output, no nested summary.
    [sent] = m2.calls
    assert [i.get("type") for i in sent.input] == ["function_call_output"]
