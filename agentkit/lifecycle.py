"""Lifecycle hooks: subclass and override the callbacks you need."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Generic

from typing_extensions import TypeVar

from .run_context import AgentHookContext, RunContextWrapper, TContext

if TYPE_CHECKING:
    from .agent import Agent, AgentBase
    from .items import ModelResponse, TResponseInputItem
    from .tool import Tool

TAgent = TypeVar("TAgent", bound="AgentBase[Any]", default="AgentBase[Any]")


class RunHooksBase(Generic[TContext, TAgent]):
    """Callbacks for a whole run (every agent in it)."""

    async def on_llm_start(
        self,
        context: RunContextWrapper[TContext],
        agent: Agent[TContext],
        system_prompt: str | None,
        input_items: list[TResponseInputItem],
    ) -> None:
        """Just before a model call."""

    async def on_llm_end(
        self,
        context: RunContextWrapper[TContext],
        agent: Agent[TContext],
        response: ModelResponse,
    ) -> None:
        """Just after a model call returned."""

    async def on_agent_start(self, context: AgentHookContext[TContext], agent: TAgent) -> None:
        """Before an agent runs; again each time the current agent changes."""

    async def on_agent_end(
        self, context: AgentHookContext[TContext], agent: TAgent, output: Any
    ) -> None:
        """When an agent produced the final output."""

    async def on_handoff(
        self, context: RunContextWrapper[TContext], from_agent: TAgent, to_agent: TAgent
    ) -> None:
        """On each handoff."""

    async def on_tool_start(
        self, context: RunContextWrapper[TContext], agent: TAgent, tool: Tool
    ) -> None:
        """Just before a local tool runs (`context` is a `ToolContext` for function tools)."""

    async def on_tool_end(
        self, context: RunContextWrapper[TContext], agent: TAgent, tool: Tool, result: object
    ) -> None:
        """Just after a local tool ran."""


class AgentHooksBase(Generic[TContext, TAgent]):
    """Callbacks for one agent; set them on `Agent.hooks`."""

    async def on_start(self, context: AgentHookContext[TContext], agent: TAgent) -> None:
        """Before this agent runs; again each time the run switches to it."""

    async def on_end(self, context: AgentHookContext[TContext], agent: TAgent, output: Any) -> None:
        """When this agent produced the final output."""

    async def on_handoff(
        self, context: RunContextWrapper[TContext], agent: TAgent, source: TAgent
    ) -> None:
        """When this agent is handed off to; `source` is the agent handing off."""

    async def on_tool_start(
        self, context: RunContextWrapper[TContext], agent: TAgent, tool: Tool
    ) -> None:
        """Just before this agent runs a local tool."""

    async def on_tool_end(
        self, context: RunContextWrapper[TContext], agent: TAgent, tool: Tool, result: object
    ) -> None:
        """Just after this agent ran a local tool."""

    async def on_llm_start(
        self,
        context: RunContextWrapper[TContext],
        agent: Agent[TContext],
        system_prompt: str | None,
        input_items: list[TResponseInputItem],
    ) -> None:
        """Just before this agent calls the model."""

    async def on_llm_end(
        self,
        context: RunContextWrapper[TContext],
        agent: Agent[TContext],
        response: ModelResponse,
    ) -> None:
        """Just after this agent's model call returned."""


if TYPE_CHECKING:
    RunHooks = RunHooksBase[TContext, "Agent[Any]"]
    AgentHooks = AgentHooksBase[TContext, "Agent[Any]"]
else:
    # Parametrised lazily so importing lifecycle does not import agent (and its dependencies).
    RunHooks = RunHooksBase
    AgentHooks = AgentHooksBase
