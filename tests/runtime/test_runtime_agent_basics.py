from __future__ import annotations

import asyncio
import gc
from typing import Any

import pytest
from pydantic import BaseModel
from runtime_helpers import assistant_message, function_call, usage

from agentkit.agent import Agent, StopAtTools
from agentkit.exceptions import (
    AgentsException,
    InputGuardrailTripwireTriggered,
    MaxTurnsExceeded,
    ModelBehaviorError,
    OutputGuardrailTripwireTriggered,
    UserError,
)
from agentkit.guardrail import GuardrailFunctionOutput, InputGuardrail, input_guardrail
from agentkit.items import ItemHelpers, MessageOutputItem, ModelResponse, ToolCallOutputItem
from agentkit.lifecycle import AgentHooks
from agentkit.model_settings import ModelSettings
from agentkit.models.default_models import get_default_model_settings
from agentkit.run import Runner
from agentkit.run_context import RunContextWrapper
from agentkit.testing import ScriptedModel
from agentkit.tool import ToolOutputText, function_tool
from agentkit.usage import Usage


def test_agent_defaults() -> None:
    agent: Agent[Any] = Agent(name="a")
    assert agent.tools == [] and agent.handoffs == []
    assert agent.output_type is None
    assert agent.reset_tool_choice is True
    assert agent.tool_use_behavior == "run_llm_again"
    assert agent.mcp_config == {}
    # The default model's settings, as upstream (gpt-5.6-luna: no reasoning effort, low verbosity).
    assert agent.model_settings == get_default_model_settings()
    assert agent.model_settings != ModelSettings()
    assert agent.input_guardrails == [] and agent.output_guardrails == []
    assert agent.hooks is None and agent.instructions is None


async def test_instructions_string_sync_and_async() -> None:
    ctx = RunContextWrapper(context={"user": "ann"})
    assert await Agent(name="a", instructions="hi").get_system_prompt(ctx) == "hi"
    seen: list[Any] = []

    def sync(c: RunContextWrapper[Any], a: Agent[Any]) -> str:
        seen.append((c, a))
        return f"hello {c.context['user']}"

    agent = Agent(name="a", instructions=sync)
    assert await agent.get_system_prompt(ctx) == "hello ann"
    assert seen == [(ctx, agent)]

    async def async_instr(c: RunContextWrapper[Any], a: Agent[Any]) -> str:
        return f"async {a.name}"

    assert await Agent(name="b", instructions=async_instr).get_system_prompt(ctx) == "async b"


async def test_instructions_callable_must_take_two_args() -> None:
    agent = Agent(name="a", instructions=lambda ctx: "x")  # type: ignore[arg-type,misc]
    with pytest.raises(TypeError, match="exactly 2 arguments"):
        await agent.get_system_prompt(RunContextWrapper(None))


def test_clone_shares_lists_unless_overridden() -> None:
    tools: list[Any] = []
    agent = Agent(name="a", instructions="old", tools=tools)
    clone = agent.clone(instructions="new")
    assert clone is not agent and agent.instructions == "old" and clone.instructions == "new"
    assert clone.tools is agent.tools
    assert agent.clone(tools=[]).tools is not agent.tools


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"input_guardrails": "x"}, "input_guardrails must be a list"),
        ({"output_guardrails": ()}, "output_guardrails must be a list"),
        ({"tool_use_behavior": "sometimes"}, "tool_use_behavior"),
        ({"reset_tool_choice": "yes"}, "reset_tool_choice must be a boolean"),
        ({"tools": None}, "tools must be a list"),
        ({"hooks": object()}, "hooks must be an AgentHooks"),
        ({"model": 3}, "model must be a string, Model, or None"),
        ({"instructions": 3}, "instructions must be a string, callable, or None"),
        ({"output_type": 3}, "output_type must be a type"),
        ({"name": 1}, "name must be a string"),
    ],
)
def test_agent_validation(kwargs: dict[str, Any], match: str) -> None:
    base: dict[str, Any] = {"name": "a"}
    base.update(kwargs)
    with pytest.raises(TypeError, match=match):
        Agent(**base)


def test_agent_accepts_valid_behaviors() -> None:
    Agent(name="a", tool_use_behavior=StopAtTools(stop_at_tool_names=["x"]))
    Agent(name="a", tool_use_behavior=lambda ctx, results: None)  # type: ignore[arg-type,return-value]
    Agent(name="a", hooks=AgentHooks(), output_type=list[int])


def test_usage_add_and_entries() -> None:
    total = Usage()
    for n in (100, 150, 80):
        total.add(Usage(requests=1, input_tokens=n, output_tokens=1, total_tokens=n + 1))
    assert total.requests == 3
    assert total.input_tokens == 330
    assert [e.input_tokens for e in total.request_usage_entries] == [100, 150, 80]
    total.add(Usage(requests=1))  # no tokens: no entry
    assert len(total.request_usage_entries) == 3


def test_usage_none_details_are_zero() -> None:
    u = Usage(requests=1, input_tokens=1, input_tokens_details=None, output_tokens_details=None)  # type: ignore[arg-type]
    assert u.input_tokens_details.cached_tokens == 0
    assert u.output_tokens_details.reasoning_tokens == 0
    from agentkit.types.responses import InputTokensDetails, OutputTokensDetails

    u2 = Usage(
        requests=1,
        input_tokens_details=InputTokensDetails.model_construct(cached_tokens=None),
        output_tokens_details=OutputTokensDetails.model_construct(reasoning_tokens=None),
    )
    u2.add(u2)
    assert u2.input_tokens_details.cached_tokens == 0
    assert u2.output_tokens_details.reasoning_tokens == 0


def test_usage_sums_details() -> None:
    from agentkit.types.responses import InputTokensDetails, OutputTokensDetails

    a = Usage(
        requests=1,
        input_tokens=5,
        input_tokens_details=InputTokensDetails(cached_tokens=2),
        output_tokens_details=OutputTokensDetails(reasoning_tokens=3),
    )
    b = Usage()
    b.add(a)
    b.add(a)
    assert b.input_tokens_details.cached_tokens == 4
    assert b.output_tokens_details.reasoning_tokens == 6


def test_model_settings_resolve() -> None:
    base = ModelSettings(temperature=0.1, top_p=0.9, extra_args={"a": 1, "b": 2})
    assert base.resolve(None) is base
    merged = base.resolve(ModelSettings(temperature=0.5, extra_args={"b": 3, "c": 4}))
    assert merged is not base
    assert merged.temperature == 0.5 and merged.top_p == 0.9
    assert merged.extra_args == {"a": 1, "b": 3, "c": 4}
    assert base.temperature == 0.1
    assert base.resolve({"max_tokens": 7}).max_tokens == 7
    with pytest.raises(TypeError, match="Unknown model settings: nope"):
        base.resolve({"nope": 1})


def test_model_settings_json() -> None:
    data = ModelSettings(temperature=0.2, reasoning={"effort": "low"}).to_json_dict()  # type: ignore[arg-type]
    assert data["temperature"] == 0.2
    assert data["reasoning"]["effort"] == "low"
    assert "extra_args" in data and data["extra_args"] is None


def test_exception_hierarchy() -> None:
    for cls in (MaxTurnsExceeded, ModelBehaviorError, UserError):
        err = cls("m")
        assert isinstance(err, AgentsException) and err.run_data is None and err.message == "m"
    result = InputGuardrail(guardrail_function=lambda c, a, i: None).get_name  # noqa: F841
    assert issubclass(InputGuardrailTripwireTriggered, AgentsException)
    assert issubclass(OutputGuardrailTripwireTriggered, AgentsException)


def test_guardrail_names_default_to_function_name() -> None:
    def my_check(ctx: Any, agent: Any, inp: Any) -> GuardrailFunctionOutput:
        return GuardrailFunctionOutput(output_info=None, tripwire_triggered=False)

    assert InputGuardrail(guardrail_function=my_check).get_name() == "my_check"
    assert input_guardrail(my_check).get_name() == "my_check"
    assert input_guardrail(name="custom")(my_check).get_name() == "custom"
    from agentkit.guardrail import OutputGuardrail, output_guardrail

    assert OutputGuardrail(guardrail_function=my_check).get_name() == "my_check"
    assert output_guardrail(my_check).name == "my_check"


def test_item_helpers_text() -> None:
    msg = assistant_message("hello")
    assert ItemHelpers.extract_last_text(msg) == "hello"
    assert ItemHelpers.extract_last_content(msg) == "hello"
    assert ItemHelpers.extract_text(msg) == "hello"
    assert ItemHelpers.extract_refusal(msg) is None
    agent = Agent(name="a")
    item = MessageOutputItem(agent=agent, raw_item=msg)  # type: ignore[arg-type]
    assert ItemHelpers.text_message_output(item) == "hello"
    assert ItemHelpers.text_message_outputs([item, item]) == "hellohello"
    assert ItemHelpers.input_to_new_input_list("hi") == [{"content": "hi", "role": "user"}]
    original = [{"role": "user", "content": "x"}]
    copied = ItemHelpers.input_to_new_input_list(original)  # type: ignore[arg-type]
    assert copied == original and copied is not original


def test_tool_call_output_item_conversions() -> None:
    call = function_call("t", "{}", call_id="c1")
    assert ItemHelpers.tool_call_output_item(call, "x")["output"] == "x"  # type: ignore[arg-type]
    assert ItemHelpers.tool_call_output_item(call, 3)["output"] == "3"  # type: ignore[arg-type]
    structured = ItemHelpers.tool_call_output_item(call, ToolOutputText(text="hi"))  # type: ignore[arg-type]
    assert structured["output"] == [{"type": "input_text", "text": "hi"}]
    listed = ItemHelpers.tool_call_output_item(  # type: ignore[arg-type]
        call, [{"type": "text", "text": "a"}, ToolOutputText(text="b")]
    )
    assert listed["output"] == [
        {"type": "input_text", "text": "a"},
        {"type": "input_text", "text": "b"},
    ]


def test_tool_call_output_item_strips_hosted_status() -> None:
    agent = Agent(name="a")
    item = ToolCallOutputItem(
        agent=agent,
        raw_item={"type": "shell_call_output", "call_id": "c", "status": "completed", "output": []},
        output="",
    )
    assert "status" not in item.to_input_item()
    assert item.raw_item["status"] == "completed"


class Out(BaseModel):
    n: int


async def test_results_helpers_and_weakrefs() -> None:
    model = ScriptedModel([[assistant_message("4")]])
    agent = Agent(name="a", model=model)
    result = await Runner.run(agent, "2+2")
    assert result.final_output_as(str) == "4"
    assert result.final_output_as(int) == "4"  # only a cast
    with pytest.raises(TypeError):
        result.final_output_as(int, raise_if_incorrect_type=True)
    assert result.last_response_id == "resp-789"
    assert result.to_input_list() == ItemHelpers.input_to_new_input_list("2+2") + [
        i.to_input_item() for i in result.new_items
    ]
    assert 'Last agent: Agent(name="a"' in str(result)
    assert result.last_agent is agent
    result.release_agents()
    assert result.last_agent is agent  # still alive through our reference
    del agent
    gc.collect()
    with pytest.raises(AgentsException):
        _ = result.last_agent
    assert result.new_items[0].agent is None


def test_last_response_id_none_without_responses() -> None:
    from agentkit.result import RunResult

    r = RunResult(
        input="x",
        new_items=[],
        raw_responses=[],
        final_output=None,
        input_guardrail_results=[],
        output_guardrail_results=[],
        tool_input_guardrail_results=[],
        tool_output_guardrail_results=[],
        context_wrapper=RunContextWrapper(None),
        _last_agent=Agent(name="a"),
    )
    assert r.last_response_id is None
    r.raw_responses.append(ModelResponse(output=[], usage=Usage(), response_id="r1"))
    assert r.last_response_id == "r1"


async def test_structured_output_and_invalid_json() -> None:
    model = ScriptedModel([[assistant_message('{"n": 3}')]])
    result = await Runner.run(Agent(name="a", model=model, output_type=Out), "x")
    assert result.final_output == Out(n=3)
    model = ScriptedModel([[assistant_message("nope")]])
    with pytest.raises(ModelBehaviorError) as info:
        await Runner.run(Agent(name="a", model=model, output_type=Out), "x")
    assert info.value.run_data is not None
    assert info.value.run_data.last_agent.name == "a"


async def test_run_sync_matches_run_and_works_in_running_loop() -> None:
    def make() -> Agent[Any]:
        return Agent(name="a", model=ScriptedModel([[assistant_message("same")]]))

    async_result = await Runner.run(make(), "q")
    # We are inside a running loop: run_sync must not fail.
    sync_result = await asyncio.to_thread(Runner.run_sync, make(), "q")
    inside = Runner.run_sync(make(), "q")
    assert async_result.final_output == sync_result.final_output == inside.final_output == "same"


def test_run_sync_without_loop() -> None:
    agent = Agent(name="a", model=ScriptedModel([[assistant_message("ok")]]))
    try:
        assert Runner.run_sync(agent, "q").final_output == "ok"
        # A second call reuses the same default loop.
        agent2 = Agent(name="a", model=ScriptedModel([[assistant_message("again")]]))
        assert Runner.run_sync(agent2, "q").final_output == "again"
    finally:
        policy = asyncio.get_event_loop_policy()
        policy.get_event_loop().close()
        policy.set_event_loop(None)


async def test_usage_counts_every_request() -> None:
    @function_tool
    def noop() -> str:
        """Nothing."""
        return "done"

    second = Agent(name="second", model=ScriptedModel([[assistant_message("fin")]]))
    model = ScriptedModel(
        [
            {"output": [function_call("noop", "{}", call_id="c1")], "usage": usage(10, 1)},
            {
                "output": [function_call("transfer_to_second", "{}", call_id="h")],
                "usage": usage(20, 2),
            },
        ]
    )
    second.model = ScriptedModel([{"output": [assistant_message("fin")], "usage": usage(30, 3)}])
    agent = Agent(name="first", model=model, tools=[noop], handoffs=[second])
    result = await Runner.run(agent, "go")
    u = result.context_wrapper.usage
    assert u.requests == 3
    assert u.input_tokens == 60 and u.output_tokens == 6
    assert len(u.request_usage_entries) == 3
