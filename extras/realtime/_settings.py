"""Session settings for an agent: instructions, tools and handoffs merged into the base settings."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Iterable
from typing import Any, cast

from ..run_context import RunContextWrapper
from ..tool import FunctionTool, Tool
from ._payload import validate_realtime_tool_names
from .agent import RealtimeAgent
from .config import RealtimeRunConfig, RealtimeSessionModelSettings
from .handoffs import collect_enabled_handoffs, filter_enabled_handoffs


async def filter_enabled_tools(
    tools: Iterable[Tool], context: RunContextWrapper[Any], agent: RealtimeAgent[Any]
) -> list[Tool]:
    """The tools whose `is_enabled` holds (tools other than function tools always do)."""
    items = list(tools)

    async def enabled(tool: Tool) -> bool:
        if not isinstance(tool, FunctionTool):
            return True
        flag = tool.is_enabled
        if isinstance(flag, bool):
            return flag
        result = flag(context, agent)
        if inspect.isawaitable(result):
            result = await result
        return bool(result)

    flags = await asyncio.gather(*(enabled(t) for t in items))
    return [t for t, ok in zip(items, flags, strict=False) if ok]


async def settings_from_agent(
    *,
    agent: RealtimeAgent[Any],
    context: RunContextWrapper[Any],
    base: RealtimeSessionModelSettings,
    starting: RealtimeSessionModelSettings | None,
    run_config: RealtimeRunConfig | None,
    extra: RealtimeSessionModelSettings | None = None,
    validate: bool = False,
) -> RealtimeSessionModelSettings:
    """`base` plus the agent's prompt, instructions ("" when none), tools and handoffs, then
    `starting` and `extra` on top (their tools and handoffs filtered by `is_enabled`)."""
    settings = cast(RealtimeSessionModelSettings, dict(base))
    if agent.prompt is not None:
        settings["prompt"] = agent.prompt
    instructions, tools, handoffs = await asyncio.gather(
        agent.get_system_prompt(context),
        agent.get_all_tools(context),
        collect_enabled_handoffs(agent, context),
    )
    settings["instructions"] = instructions or ""
    settings["tools"] = tools or []
    settings["handoffs"] = cast(Any, handoffs or [])
    for layer in (starting, extra):
        if not layer:
            continue
        settings.update(layer)
        if "tools" in layer:
            settings["tools"] = await filter_enabled_tools(
                settings.get("tools") or [], context, agent
            )
        if "handoffs" in layer:
            settings["handoffs"] = await filter_enabled_handoffs(
                settings.get("handoffs") or [], context, agent
            )
    if validate:
        validate_realtime_tool_names(settings.get("tools", []), settings.get("handoffs", []))
    if run_config and run_config.get("tracing_disabled", False):
        settings["tracing"] = None
    return settings
