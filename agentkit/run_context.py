"""The run context: the user's object plus run bookkeeping, handed to tools, hooks and guardrails."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic

from typing_extensions import TypeVar

from .usage import Usage

if TYPE_CHECKING:
    from .items import TResponseInputItem

TContext = TypeVar("TContext", default=Any)


@dataclass(eq=False)
class RunContextWrapper(Generic[TContext]):
    """Wraps the context passed to `Runner.run()`.

    The context is never sent to the model; it is how your tools, hooks and guardrails get
    their dependencies. `usage` is the run's usage so far (stale until a stream's last event).
    """

    context: TContext
    usage: Usage = field(default_factory=Usage)
    turn_input: list[TResponseInputItem] = field(default_factory=list)
    tool_input: Any | None = None
    """Structured input of the current agent-as-tool run, when there is one."""

    def _fork_with_tool_input(self, tool_input: Any) -> RunContextWrapper[TContext]:
        """A child context sharing usage, with `tool_input` set (for agents run as tools)."""
        fork: RunContextWrapper[TContext] = RunContextWrapper(context=self.context)
        fork.usage = self.usage
        fork.turn_input = self.turn_input
        fork.tool_input = tool_input
        return fork

    def _fork_without_tool_input(self) -> RunContextWrapper[TContext]:
        fork: RunContextWrapper[TContext] = RunContextWrapper(context=self.context)
        fork.usage = self.usage
        fork.turn_input = self.turn_input
        return fork


@dataclass(eq=False)
class AgentHookContext(RunContextWrapper[TContext]):
    """The context given to agent `on_start`/`on_end` hooks; `turn_input` is the turn's input."""
