"""What an agent's configuration resolves to for one turn: its enabled handoffs, output schema,
model, model settings and how much of the model call to trace."""

from __future__ import annotations

import asyncio
import dataclasses
import inspect
from typing import TYPE_CHECKING, Any

from ..agent_output import AgentOutputSchema, AgentOutputSchemaBase
from ..exceptions import UserError
from ..handoffs import Handoff, handoff
from ..model_settings import ModelSettings
from ..models.interface import Model
from ..run_config import RunConfig
from ..run_context import RunContextWrapper
from ..tracing.model_tracing import get_model_tracing_impl
from .model_defaults import initial_model_settings_for_model

if TYPE_CHECKING:
    from ..agent import Agent
    from ..models.interface import ModelTracing


def is_agent(value: object) -> bool:
    """Whether `value` is an `Agent` (recognised by its interface: the runtime sits below the
    `agent` module, which runs agents as tools through the runtime)."""
    return isinstance(getattr(value, "name", None), str) and callable(
        getattr(value, "as_tool", None)
    )


async def get_handoffs(
    agent: Agent[Any], context_wrapper: RunContextWrapper[Any]
) -> list[Handoff[Any, Any]]:
    """The agent's enabled handoffs (agents are wrapped with `handoff()`)."""
    handoffs: list[Handoff[Any, Any]] = []
    for item in agent.handoffs:
        if isinstance(item, Handoff):
            handoffs.append(item)
        elif is_agent(item):
            handoffs.append(handoff(item))
        else:
            raise UserError(
                f"Agent {agent.name!r} has an invalid handoff {item!r}: use an Agent or handoff()"
            )

    async def _enabled(h: Handoff[Any, Any]) -> bool:
        attr = h.is_enabled
        if isinstance(attr, bool):
            return attr
        res = attr(context_wrapper, agent)
        if inspect.isawaitable(res):
            res = await res
        return bool(res)

    if all(isinstance(h.is_enabled, bool) for h in handoffs):
        # Nothing to await (and none at all, commonly): no tasks to schedule.
        return [h for h in handoffs if h.is_enabled]
    flags = await asyncio.gather(*(_enabled(h) for h in handoffs))
    return [h for h, ok in zip(handoffs, flags, strict=False) if ok]


def get_output_schema(agent: Agent[Any]) -> AgentOutputSchemaBase | None:
    if agent.output_type is None or agent.output_type is str:
        return None
    if isinstance(agent.output_type, AgentOutputSchemaBase):
        return agent.output_type
    return AgentOutputSchema(agent.output_type)


def get_model(agent: Agent[Any], run_config: RunConfig) -> Model:
    if isinstance(run_config.model, Model):
        return run_config.model
    if isinstance(run_config.model, str):
        return run_config.model_provider.get_model(run_config.model)
    if isinstance(agent.model, Model):
        return agent.model
    return run_config.model_provider.get_model(agent.model)


def get_model_settings(agent: Agent[Any], run_config: RunConfig) -> ModelSettings:
    """The agent's settings with the run's non-None settings laid over them.

    Settings that are just the defaults for the agent's model follow the model actually used.
    """
    settings = agent.model_settings
    # Without a run-level model nothing below can change: skip building the defaults to compare.
    if run_config.model is not None and settings == initial_model_settings_for_model(agent.model):
        if isinstance(run_config.model, str):
            settings = initial_model_settings_for_model(run_config.model)
        else:
            settings = ModelSettings()
    return settings.resolve(run_config.model_settings)


def model_tracing(run_config: RunConfig) -> ModelTracing:
    return get_model_tracing_impl(
        run_config.tracing_disabled, run_config.trace_include_sensitive_data
    )


class AgentToolUseTracker:
    """Remembers which agents used tools, for `reset_tool_choice`."""

    def __init__(self) -> None:
        self._used: list[tuple[Agent[Any], list[str]]] = []

    def add_tool_use(self, agent: Agent[Any], names: list[str]) -> None:
        if not names:
            return
        for existing_agent, existing in self._used:
            if existing_agent is agent:
                existing.extend(names)
                return
        self._used.append((agent, list(names)))

    def has_used_tools(self, agent: Agent[Any]) -> bool:
        return any(a is agent and names for a, names in self._used)


def maybe_reset_tool_choice(
    agent: Agent[Any], tracker: AgentToolUseTracker, settings: ModelSettings
) -> ModelSettings:
    if (
        settings.tool_choice is not None
        and agent.reset_tool_choice is True
        and tracker.has_used_tools(agent)
    ):
        return dataclasses.replace(settings, tool_choice=None)
    return settings
