"""Calling the run's hooks and the agent's hooks together, in upstream's order."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from ..lifecycle import AgentHooksBase, RunHooksBase
from ..run_context import AgentHookContext, RunContextWrapper

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

    from ..agent import Agent
    from ..items import ModelResponse
    from ..tool import Tool

# The callbacks of the hook base classes, which do nothing. A run with the default hooks skips
# them (and the `gather` and tasks around them) instead of scheduling coroutines that return None.
_NOOPS = frozenset(
    value
    for base in (RunHooksBase, AgentHooksBase)
    for name, value in vars(base).items()
    if name.startswith("on_")
)


async def noop() -> None:
    return None


def _is_noop(hook: Callable[..., Awaitable[Any]] | None) -> bool:
    return hook is None or getattr(hook, "__func__", None) in _NOOPS


async def _both(
    run_hook: Callable[..., Awaitable[Any]],
    agent_hook: Callable[..., Awaitable[Any]] | None,
    *args: Any,
    agent_first: bool = False,
) -> None:
    """Run a run hook and an agent hook concurrently (as upstream's `gather`), skipping those that
    are the base class's no-op; with both no-ops, nothing is scheduled."""
    run_noop, agent_noop = _is_noop(run_hook), _is_noop(agent_hook)
    if run_noop and agent_noop:
        return
    first = run_hook(*args) if not run_noop else noop()
    second = agent_hook(*args) if agent_hook is not None and not agent_noop else noop()
    if agent_first:
        first, second = second, first
    await asyncio.gather(first, second)


async def run_agent_start_hooks(
    hooks: RunHooksBase[Any, Any],
    agent: Agent[Any],
    context_wrapper: RunContextWrapper[Any],
    turn_input: list[Any],
) -> None:
    hook_ctx: AgentHookContext[Any] = AgentHookContext(
        context=context_wrapper.context, usage=context_wrapper.usage, turn_input=turn_input
    )
    agent_hook = agent.hooks.on_start if agent.hooks is not None else None
    await _both(hooks.on_agent_start, agent_hook, hook_ctx, agent)


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
    agent_hook = agent.hooks.on_end if agent.hooks is not None else None
    await _both(hooks.on_agent_end, agent_hook, hook_ctx, agent, final_output)


async def run_llm_start_hooks(
    hooks: RunHooksBase[Any, Any],
    agent: Agent[Any],
    ctx: RunContextWrapper[Any],
    instructions: str | None,
    input_items: list[Any],
) -> None:
    agent_hook = agent.hooks.on_llm_start if agent.hooks is not None else None
    await _both(hooks.on_llm_start, agent_hook, ctx, agent, instructions, input_items)


async def run_llm_end_hooks(
    hooks: RunHooksBase[Any, Any],
    agent: Agent[Any],
    ctx: RunContextWrapper[Any],
    response: ModelResponse,
) -> None:
    agent_hook = agent.hooks.on_llm_end if agent.hooks is not None else None
    await _both(hooks.on_llm_end, agent_hook, ctx, agent, response, agent_first=True)


async def run_tool_start_hooks(
    hooks: RunHooksBase[Any, Any], agent: Agent[Any], ctx: RunContextWrapper[Any], tool: Tool
) -> None:
    agent_hook = agent.hooks.on_tool_start if agent.hooks is not None else None
    await _both(hooks.on_tool_start, agent_hook, ctx, agent, tool)


async def run_tool_end_hooks(
    hooks: RunHooksBase[Any, Any],
    agent: Agent[Any],
    ctx: RunContextWrapper[Any],
    tool: Tool,
    result: Any,
) -> None:
    agent_hook = agent.hooks.on_tool_end if agent.hooks is not None else None
    await _both(hooks.on_tool_end, agent_hook, ctx, agent, tool, result)


async def run_handoff_hooks(
    hooks: RunHooksBase[Any, Any],
    agent: Agent[Any],
    new_agent: Agent[Any],
    ctx: RunContextWrapper[Any],
) -> None:
    # Upstream calls the handing-off agent's hooks with (agent=new_agent, source=agent).
    run_hook = hooks.on_handoff
    agent_hook = agent.hooks.on_handoff if agent.hooks is not None else None
    run_noop, agent_noop = _is_noop(run_hook), _is_noop(agent_hook)
    if run_noop and agent_noop:
        return
    await asyncio.gather(
        run_hook(context=ctx, from_agent=agent, to_agent=new_agent) if not run_noop else noop(),
        agent_hook(ctx, agent=new_agent, source=agent)
        if agent_hook is not None and not agent_noop
        else noop(),
    )
