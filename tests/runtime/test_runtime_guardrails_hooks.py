from __future__ import annotations

import asyncio
from typing import Any

import pytest
from runtime_helpers import assistant_message, function_call

from agentkit.agent import Agent
from agentkit.exceptions import (
    InputGuardrailTripwireTriggered,
    MaxTurnsExceeded,
    OutputGuardrailTripwireTriggered,
    ToolInputGuardrailTripwireTriggered,
    ToolOutputGuardrailTripwireTriggered,
)
from agentkit.guardrail import GuardrailFunctionOutput, input_guardrail, output_guardrail
from agentkit.lifecycle import AgentHooks, RunHooks
from agentkit.run import Runner
from agentkit.run_config import RunConfig
from agentkit.run_context import AgentHookContext, RunContextWrapper
from agentkit.testing import ScriptedModel
from agentkit.tool import function_tool
from agentkit.tool_guardrails import (
    ToolGuardrailFunctionOutput,
    ToolInputGuardrailData,
    ToolOutputGuardrailData,
    tool_input_guardrail,
    tool_output_guardrail,
)


def tripwire(flag: bool, name: str = "g") -> Any:
    @input_guardrail(name=name)
    async def guard(
        ctx: RunContextWrapper[Any], agent: Agent[Any], inp: Any
    ) -> GuardrailFunctionOutput:
        return GuardrailFunctionOutput(output_info={"checked": inp}, tripwire_triggered=flag)

    return guard


async def test_input_guardrail_tripwire_and_results() -> None:
    model = ScriptedModel([[assistant_message("never")]])
    agent = Agent(name="a", model=model, input_guardrails=[tripwire(True)])
    with pytest.raises(InputGuardrailTripwireTriggered) as info:
        await Runner.run(agent, "bad")
    assert info.value.guardrail_result.output.output_info == {"checked": "bad"}
    assert info.value.run_data is not None
    assert info.value.run_data.input_guardrail_results[0].output.tripwire_triggered

    model = ScriptedModel([[assistant_message("fine")]])
    result = await Runner.run(
        Agent(name="a", model=model, input_guardrails=[tripwire(False)]),
        "ok",
        run_config=RunConfig(input_guardrails=[tripwire(False, "run-level")]),
    )
    assert sorted(r.guardrail.get_name() for r in result.input_guardrail_results) == [
        "g",
        "run-level",
    ]


async def test_input_guardrails_only_for_first_agent() -> None:
    second = Agent(
        name="second",
        model=ScriptedModel([[assistant_message("done")]]),
        input_guardrails=[tripwire(True)],
    )
    first = Agent(
        name="first",
        model=ScriptedModel([[function_call("transfer_to_second", "{}", call_id="h")]]),
        handoffs=[second],
    )
    result = await Runner.run(first, "x")
    assert result.final_output == "done"
    assert result.input_guardrail_results == []


async def test_sequential_guardrail_blocks_model_call() -> None:
    @input_guardrail(run_in_parallel=False)
    def guard(ctx: Any, agent: Any, inp: Any) -> GuardrailFunctionOutput:
        return GuardrailFunctionOutput(output_info=None, tripwire_triggered=True)

    model = ScriptedModel([[assistant_message("never")]])
    with pytest.raises(InputGuardrailTripwireTriggered):
        await Runner.run(Agent(name="a", model=model, input_guardrails=[guard]), "x")
    assert model.calls == ()


async def test_parallel_guardrail_cancels_slow_turn() -> None:
    release = asyncio.Event()

    @function_tool
    async def slow() -> str:
        """Slow."""
        await release.wait()
        return "x"

    @input_guardrail
    async def guard(ctx: Any, agent: Any, inp: Any) -> GuardrailFunctionOutput:
        await asyncio.sleep(0.05)
        return GuardrailFunctionOutput(output_info=None, tripwire_triggered=True)

    model = ScriptedModel([[function_call("slow", "{}", call_id="c")]])
    with pytest.raises(InputGuardrailTripwireTriggered):
        await asyncio.wait_for(
            Runner.run(Agent(name="a", model=model, tools=[slow], input_guardrails=[guard]), "x"), 2
        )


async def test_output_guardrails() -> None:
    seen: list[Any] = []

    @output_guardrail
    def check(ctx: Any, agent: Agent[Any], output: Any) -> GuardrailFunctionOutput:
        seen.append(output)
        return GuardrailFunctionOutput(output_info="ok", tripwire_triggered=output == "leak")

    result = await Runner.run(
        Agent(
            name="a", model=ScriptedModel([[assistant_message("fine")]]), output_guardrails=[check]
        ),
        "x",
    )
    assert result.output_guardrail_results[0].agent_output == "fine"
    assert result.output_guardrail_results[0].agent.name == "a"
    with pytest.raises(OutputGuardrailTripwireTriggered) as info:
        await Runner.run(
            Agent(name="a", model=ScriptedModel([[assistant_message("leak")]])),
            "x",
            run_config=RunConfig(output_guardrails=[check]),
        )
    assert info.value.guardrail_result.output.output_info == "ok"

    # No final output (max turns): output guardrails never run.
    seen.clear()

    @function_tool
    def t() -> str:
        """T."""
        return "t"

    model = ScriptedModel([[function_call("t", "{}", call_id="c")]])
    with pytest.raises(MaxTurnsExceeded):
        await Runner.run(
            Agent(name="a", model=model, tools=[t], output_guardrails=[check]), "x", max_turns=1
        )
    assert seen == []


async def test_tool_guardrails_reject_allow_raise() -> None:
    ran: list[str] = []

    @tool_input_guardrail
    def block_secret(data: ToolInputGuardrailData) -> ToolGuardrailFunctionOutput:
        if "secret" in data.context.tool_arguments:
            return ToolGuardrailFunctionOutput.reject_content("blocked input")
        return ToolGuardrailFunctionOutput.allow()

    @tool_output_guardrail
    def redact(data: ToolOutputGuardrailData) -> ToolGuardrailFunctionOutput:
        if data.output == "raise":
            return ToolGuardrailFunctionOutput.raise_exception(output_info="bad")
        return ToolGuardrailFunctionOutput.allow()

    @function_tool(tool_input_guardrails=[block_secret], tool_output_guardrails=[redact])
    def echo(text: str) -> str:
        """Echo."""
        ran.append(text)
        return text

    model = ScriptedModel(
        [
            [function_call("echo", {"text": "secret"}, call_id="c1")],
            [function_call("echo", {"text": "hello"}, call_id="c2")],
            [assistant_message("done")],
        ]
    )
    result = await Runner.run(Agent(name="a", model=model, tools=[echo]), "x")
    assert ran == ["hello"]
    assert model.calls[1].input[-1]["output"] == "blocked input"
    assert len(result.tool_input_guardrail_results) == 2
    assert len(result.tool_output_guardrail_results) == 1

    model = ScriptedModel([[function_call("echo", {"text": "raise"}, call_id="c1")]])
    with pytest.raises(ToolOutputGuardrailTripwireTriggered):
        await Runner.run(Agent(name="a", model=model, tools=[echo]), "x")

    @tool_input_guardrail
    def always_raise(data: ToolInputGuardrailData) -> ToolGuardrailFunctionOutput:
        return ToolGuardrailFunctionOutput.raise_exception()

    @function_tool(tool_input_guardrails=[always_raise])
    def guarded() -> str:
        """G."""
        return "x"

    model = ScriptedModel([[function_call("guarded", "{}", call_id="c1")]])
    with pytest.raises(ToolInputGuardrailTripwireTriggered):
        await Runner.run(Agent(name="a", model=model, tools=[guarded]), "x")


class LogRunHooks(RunHooks[Any]):
    def __init__(self) -> None:
        self.events: list[str] = []

    async def on_agent_start(self, context: AgentHookContext[Any], agent: Agent[Any]) -> None:
        assert isinstance(context, AgentHookContext)
        self.events.append(f"agent_start:{agent.name}")

    async def on_agent_end(
        self, context: AgentHookContext[Any], agent: Agent[Any], output: Any
    ) -> None:
        self.events.append(f"agent_end:{agent.name}:{output}:{context.usage.requests}")

    async def on_llm_start(
        self, context: Any, agent: Any, system_prompt: Any, input_items: Any
    ) -> None:
        self.events.append(f"llm_start:{system_prompt}")

    async def on_llm_end(self, context: Any, agent: Any, response: Any) -> None:
        self.events.append("llm_end")

    async def on_handoff(self, context: Any, from_agent: Any, to_agent: Any) -> None:
        self.events.append(f"handoff:{from_agent.name}->{to_agent.name}")

    async def on_tool_start(self, context: Any, agent: Any, tool: Any) -> None:
        self.events.append(f"tool_start:{tool.name}:{context.tool_call_id}")

    async def on_tool_end(self, context: Any, agent: Any, tool: Any, result: Any) -> None:
        self.events.append(f"tool_end:{tool.name}:{result}")


class LogAgentHooks(AgentHooks[Any]):
    def __init__(self, log: list[str]) -> None:
        self.log = log

    async def on_start(self, context: AgentHookContext[Any], agent: Agent[Any]) -> None:
        self.log.append(f"{agent.name}.start:{context.turn_input}")

    async def on_end(self, context: AgentHookContext[Any], agent: Agent[Any], output: Any) -> None:
        self.log.append(f"{agent.name}.end")

    async def on_handoff(self, context: Any, agent: Agent[Any], source: Agent[Any]) -> None:
        self.log.append(f"handoff hook on {source.name}: {source.name}->{agent.name}")


@function_tool
def ping() -> str:
    """Ping."""
    return "pong"


async def test_run_hooks_order_with_tool() -> None:
    hooks = LogRunHooks()
    model = ScriptedModel([[function_call("ping", "{}", call_id="c1")], [assistant_message("fin")]])
    await Runner.run(
        Agent(name="a", instructions="sys", model=model, tools=[ping]), "x", hooks=hooks
    )
    assert hooks.events == [
        "agent_start:a",
        "llm_start:sys",
        "llm_end",
        "tool_start:ping:c1",
        "tool_end:ping:pong",
        "llm_start:sys",
        "llm_end",
        "agent_end:a:fin:2",
    ]


async def test_hooks_on_handoff() -> None:
    hooks = LogRunHooks()
    log: list[str] = []
    b = Agent(
        name="b", model=ScriptedModel([[assistant_message("done")]]), hooks=LogAgentHooks(log)
    )
    a = Agent(
        name="a",
        model=ScriptedModel([[function_call("transfer_to_b", "{}", call_id="h")]]),
        handoffs=[b],
        hooks=LogAgentHooks(log),
    )
    await Runner.run(a, "x", hooks=hooks)
    assert hooks.events.count("agent_start:a") == 1 and hooks.events.count("agent_start:b") == 1
    assert hooks.events.count("handoff:a->b") == 1
    assert hooks.events.index("handoff:a->b") < hooks.events.index("agent_start:b")
    # Upstream calls the handing-off agent's hooks, with agent=target and source=itself.
    assert log == [
        "a.start:[{'content': 'x', 'role': 'user'}]",
        "handoff hook on a: a->b",
        "b.start:[{'content': 'x', 'role': 'user'}]",
        "b.end",
    ]


async def test_hooks_must_be_run_hooks() -> None:
    with pytest.raises(TypeError, match="Run hooks must be instances of RunHooks"):
        await Runner.run(Agent(name="a", model=ScriptedModel([])), "x", hooks=object())  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="agent-scoped hooks"):
        await Runner.run(Agent(name="a", model=ScriptedModel([])), "x", hooks=AgentHooks())  # type: ignore[arg-type]


def _handoff_agents(hooks: AgentHooks[Any] | None = None) -> Agent[Any]:
    b = Agent(name="b", model=ScriptedModel([[assistant_message("done")]]))
    return Agent(
        name="a",
        model=ScriptedModel([[function_call("transfer_to_b", "{}", call_id="h")]]),
        handoffs=[b],
        hooks=hooks,
    )


async def test_handoff_hooks_overridden_on_one_side_only_are_called() -> None:
    run_hooks = LogRunHooks()
    await Runner.run(_handoff_agents(), "x", hooks=run_hooks)
    assert run_hooks.events.count("handoff:a->b") == 1

    class OnlyHandoff(AgentHooks[Any]):
        async def on_handoff(self, context: Any, agent: Agent[Any], source: Agent[Any]) -> None:
            log.append(f"{source.name}->{agent.name}")

    log: list[str] = []
    await Runner.run(_handoff_agents(OnlyHandoff()), "x")
    assert log == ["a->b"]


async def test_default_handoff_hooks_schedule_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from agentkit._run import hooks as hooks_module

    callers: list[str] = []
    real_gather = asyncio.gather

    def gather(*aws: Any, **kwargs: Any) -> Any:
        callers.append(sys._getframe(1).f_globals["__name__"])
        return real_gather(*aws, **kwargs)

    monkeypatch.setattr(hooks_module.asyncio, "gather", gather)
    result = await Runner.run(_handoff_agents(AgentHooks()), "x", hooks=RunHooks())
    assert result.final_output == "done"
    assert not {"agentkit._run.hooks", "agentkit._run.handoff_execution"} & set(callers)
