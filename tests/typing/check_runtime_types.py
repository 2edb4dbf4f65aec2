"""Type-level checks for the runtime's public generics (checked by mypy, never run)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from typing_extensions import assert_type

from agentkit.agent import Agent
from agentkit.guardrail import (
    GuardrailFunctionOutput,
    InputGuardrail,
    OutputGuardrail,
    input_guardrail,
    output_guardrail,
)
from agentkit.items import RunItem, TResponseInputItem
from agentkit.lifecycle import AgentHooks, RunHooks
from agentkit.result import RunResult, RunResultStreaming
from agentkit.run import Runner
from agentkit.run_context import AgentHookContext, RunContextWrapper
from agentkit.stream_events import RunItemStreamEvent
from agentkit.tool import function_tool
from agentkit.tool_context import ToolContext


@dataclass
class Ctx:
    user_id: str


class Answer(BaseModel):
    text: str


@function_tool
def lookup(ctx: RunContextWrapper[Ctx], q: str) -> str:
    assert_type(ctx.context, Ctx)
    return ctx.context.user_id + q


@function_tool
def with_tool_context(ctx: ToolContext[Ctx], q: str) -> str:
    assert_type(ctx.context, Ctx)
    assert_type(ctx.tool_call_id, str)
    return q


def dynamic_instructions(ctx: RunContextWrapper[Ctx], agent: Agent[Ctx]) -> str:
    assert_type(ctx.context.user_id, str)
    return f"Help {ctx.context.user_id}"


@input_guardrail
async def check_input(
    ctx: RunContextWrapper[Ctx], agent: Agent[Any], inp: str | list[TResponseInputItem]
) -> GuardrailFunctionOutput:
    assert_type(ctx.context, Ctx)
    return GuardrailFunctionOutput(output_info=None, tripwire_triggered=False)


@output_guardrail
def check_output(
    ctx: RunContextWrapper[Ctx], agent: Agent[Any], output: Any
) -> GuardrailFunctionOutput:
    return GuardrailFunctionOutput(output_info=None, tripwire_triggered=False)


assert_type(check_input, InputGuardrail[Ctx])
assert_type(check_output, OutputGuardrail[Ctx])


class MyRunHooks(RunHooks[Ctx]):
    async def on_agent_start(self, context: AgentHookContext[Ctx], agent: Agent[Any]) -> None:
        assert_type(context.context, Ctx)
        assert_type(context.turn_input, list[TResponseInputItem])


class MyAgentHooks(AgentHooks[Ctx]):
    async def on_end(self, context: AgentHookContext[Ctx], agent: Agent[Any], output: Any) -> None:
        assert_type(context.context.user_id, str)


agent = Agent[Ctx](
    name="typed",
    instructions=dynamic_instructions,
    tools=[lookup, with_tool_context],
    input_guardrails=[check_input],
    output_guardrails=[check_output],
    hooks=MyAgentHooks(),
    output_type=Answer,
)
assert_type(agent, Agent[Ctx])
assert_type(agent.clone(name="copy"), Agent[Ctx])


async def run_it() -> None:
    result = await Runner.run(agent, "hi", context=Ctx(user_id="u"), hooks=MyRunHooks())
    assert_type(result, RunResult)
    assert_type(result.final_output_as(Answer), Answer)
    assert_type(result.final_output_as(str, raise_if_incorrect_type=True), str)
    assert_type(result.to_input_list(), list[TResponseInputItem])
    streamed = Runner.run_streamed(agent, "hi", context=Ctx(user_id="u"))
    assert_type(streamed, RunResultStreaming)
    async for event in streamed.stream_events():
        if isinstance(event, RunItemStreamEvent):
            assert_type(event.item, RunItem)
    sync_result = Runner.run_sync(agent, "hi", context=Ctx(user_id="u"))
    assert_type(sync_result.final_output_as(int), int)
