"""Realtime agents: instructions, tools, handoffs and guardrails for a voice session."""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import Callable
from dataclasses import field
from typing import Any, Generic, TypeAlias

from ..agent import AgentBase
from ..guardrail import OutputGuardrail
from ..handoffs import Handoff
from ..lifecycle import AgentHooksBase, RunHooksBase
from ..logger import logger
from ..prompts import Prompt
from ..run_context import RunContextWrapper, TContext
from ..util._dataclass import dataclass
from ..util._debug import dont_log_model_data
from ..util._types import MaybeAwaitable

RealtimeAgentHooks: TypeAlias = AgentHooksBase[TContext, "RealtimeAgent[TContext]"]
"""Lifecycle hooks of a realtime agent."""

RealtimeRunHooks: TypeAlias = RunHooksBase[TContext, "RealtimeAgent[TContext]"]
"""Lifecycle hooks of a realtime run."""


@dataclass
class RealtimeAgent(AgentBase[TContext], Generic[TContext]):
    """An agent for a `RealtimeSession`.

    Unlike `Agent`, the model is chosen per session (not per agent), there is no structured
    output, and the voice cannot change once an agent has spoken. Tools, handoffs, output
    guardrails and instructions work as for `Agent`.
    """

    instructions: (
        str
        | Callable[[RunContextWrapper[TContext], RealtimeAgent[TContext]], MaybeAwaitable[str]]
        | None
    ) = None
    """The system prompt: a string, or a (sync or async) function of (context, agent)."""
    prompt: Prompt | None = None
    """A stored prompt (OpenAI only)."""
    handoffs: list[RealtimeAgent[Any] | Handoff[TContext, RealtimeAgent[Any]]] = field(
        default_factory=list
    )
    """Agents this one may hand the conversation to."""
    output_guardrails: list[OutputGuardrail[TContext]] = field(default_factory=list)
    """Checks run on the transcript of what the agent says (debounced)."""
    hooks: RealtimeAgentHooks[TContext] | None = None
    """Lifecycle callbacks of this agent."""

    def __post_init__(self) -> None:
        if not isinstance(self.name, str):
            raise TypeError(f"RealtimeAgent name must be a string, got {type(self.name).__name__}")
        if not isinstance(self.tools, list):
            raise TypeError(f"RealtimeAgent tools must be a list, got {type(self.tools).__name__}")
        if not isinstance(self.handoffs, list):
            raise TypeError(
                f"RealtimeAgent handoffs must be a list, got {type(self.handoffs).__name__}"
            )
        if not (
            self.instructions is None
            or isinstance(self.instructions, str)
            or callable(self.instructions)
        ):
            raise TypeError(
                "RealtimeAgent instructions must be a string, callable, or None, "
                f"got {type(self.instructions).__name__}"
            )

    def clone(self, **kwargs: Any) -> RealtimeAgent[TContext]:
        """A shallow copy with `kwargs` changed (lists not passed are shared with this agent)."""
        return dataclasses.replace(self, **kwargs)

    async def get_system_prompt(self, run_context: RunContextWrapper[TContext]) -> str | None:
        """The instructions, calling them when they are a function.

        Instructions of another type (set after construction) are logged as an error, and None
        is returned.
        """
        instructions: Any = self.instructions
        if isinstance(instructions, str):
            return instructions
        if callable(instructions):
            result = instructions(run_context, self)
            if inspect.isawaitable(result):
                result = await result
            return result  # type: ignore[no-any-return]
        if instructions is not None:
            if dont_log_model_data():
                logger.error("Instructions must be a string or a function")
            else:
                logger.error("Instructions must be a string or a function, got %s", instructions)
        return None
