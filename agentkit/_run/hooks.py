"""Calling the run's hooks and the agent's hooks together, in upstream's order."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from ..run_context import AgentHookContext, RunContextWrapper

if TYPE_CHECKING:
    from ..agent import Agent
    from ..items import ModelResponse
    from ..lifecycle import RunHooksBase
    from ..tool import Tool


async def noop() -> None:
    return None


async def run_agent_start_hooks(
    hooks: RunHooksBase[Any, Any],
    agent: Agent[Any],
    context_wrapper: RunContextWrapper[Any],
    turn_input: list[Any],
) -> None:
    hook_ctx: AgentHookContext[Any] = AgentHookContext(
        context=context_wrapper.context, usage=context_wrapper.usage, turn_input=turn_input
    )
    await asyncio.gather(
        hooks.on_agent_start(hook_ctx, agent),
        agent.hooks.on_start(hook_ctx, agent) if agent.hooks is not None else noop(),
    )


async def run_final_output_hooks(
    agent: Agent[Any],
    hooks: RunHooksBase[Any, Any],
    context_wrapper: RunContextWrapper[Any],
    final_output: Any,
) -> None:
    hook_ctx: AgentHookContext[Any] = AgentHookContext(
        context=context_wrapper.context,
        usage=context_wrapper.usage,
        turn_input=context_wrapper.turn_input,
    )
    await asyncio.gather(
        hooks.on_agent_end(hook_ctx, agent, final_output),
        agent.hooks.on_end(hook_ctx, agent, final_output) if agent.hooks is not None else noop(),
    )


async def run_llm_start_hooks(
    hooks: RunHooksBase[Any, Any],
    agent: Agent[Any],
    ctx: RunContextWrapper[Any],
    instructions: str | None,
    input_items: list[Any],
) -> None:
    await asyncio.gather(
        hooks.on_llm_start(ctx, agent, instructions, input_items),
        agent.hooks.on_llm_start(ctx, agent, instructions, input_items)
        if agent.hooks is not None
        else noop(),
    )


async def run_llm_end_hooks(
    hooks: RunHooksBase[Any, Any],
    agent: Agent[Any],
    ctx: RunContextWrapper[Any],
    response: ModelResponse,
) -> None:
    await asyncio.gather(
        agent.hooks.on_llm_end(ctx, agent, response) if agent.hooks is not None else noop(),
        hooks.on_llm_end(ctx, agent, response),
    )


async def run_tool_start_hooks(
    hooks: RunHooksBase[Any, Any], agent: Agent[Any], ctx: RunContextWrapper[Any], tool: Tool
) -> None:
    await asyncio.gather(
        hooks.on_tool_start(ctx, agent, tool),
        agent.hooks.on_tool_start(ctx, agent, tool) if agent.hooks is not None else noop(),
    )


async def run_tool_end_hooks(
    hooks: RunHooksBase[Any, Any],
    agent: Agent[Any],
    ctx: RunContextWrapper[Any],
    tool: Tool,
    result: Any,
) -> None:
    await asyncio.gather(
        hooks.on_tool_end(ctx, agent, tool, result),
        agent.hooks.on_tool_end(ctx, agent, tool, result) if agent.hooks is not None else noop(),
    )
