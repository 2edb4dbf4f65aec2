"""Handoffs between realtime agents."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable, Iterable
from typing import Any, cast

from ..handoffs import Handoff, handoff
from ..run_context import RunContextWrapper, TContext
from ..util._types import MaybeAwaitable
from .agent import RealtimeAgent

OnHandoff = Callable[..., Any]


async def _enabled(
    item: Handoff[Any, Any], context: RunContextWrapper[Any], agent: RealtimeAgent[Any]
) -> bool:
    flag = item.is_enabled
    if isinstance(flag, bool):
        return flag
    result = flag(context, agent)
    if inspect.isawaitable(result):
        result = await result
    return bool(result)


async def filter_enabled_handoffs(
    handoffs: Iterable[Handoff[Any, Any]],
    context: RunContextWrapper[Any],
    agent: RealtimeAgent[Any],
) -> list[Handoff[Any, Any]]:
    """The handoffs whose `is_enabled` holds for this context and agent."""
    items = list(handoffs)
    flags = await asyncio.gather(*(_enabled(h, context, agent) for h in items))
    return [h for h, ok in zip(items, flags, strict=False) if ok]


async def collect_enabled_handoffs(
    agent: RealtimeAgent[Any], context: RunContextWrapper[Any]
) -> list[Handoff[Any, RealtimeAgent[Any]]]:
    """`agent.handoffs` as `Handoff` objects (agents wrapped by `realtime_handoff`), enabled only."""
    items: list[Handoff[Any, Any]] = []
    for entry in agent.handoffs:
        if isinstance(entry, Handoff):
            items.append(entry)
        elif isinstance(entry, RealtimeAgent):
            items.append(realtime_handoff(entry))
    return await filter_enabled_handoffs(items, context, agent)


def realtime_handoff(
    agent: RealtimeAgent[TContext],
    tool_name_override: str | None = None,
    tool_description_override: str | None = None,
    on_handoff: OnHandoff | None = None,
    input_type: type[Any] | None = None,
    is_enabled: bool
    | Callable[[RunContextWrapper[Any], RealtimeAgent[Any]], MaybeAwaitable[bool]] = True,
) -> Handoff[TContext, RealtimeAgent[TContext]]:
    """A handoff to a realtime agent, shown to the model as the tool `transfer_to_<name>`.

    As `agentkit.handoff`, except that input filters are not supported (the realtime model keeps
    the conversation).
    """
    build: Any = handoff
    result = build(
        agent,
        tool_name_override=tool_name_override,
        tool_description_override=tool_description_override,
        on_handoff=on_handoff,
        input_type=input_type,
        input_filter=None,
        is_enabled=is_enabled,
    )
    return cast("Handoff[TContext, RealtimeAgent[TContext]]", result)
