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


@dataclass(eq=False)
class AgentHookContext(RunContextWrapper[TContext]):
    """The context given to agent `on_start`/`on_end` hooks; `turn_input` is the turn's input."""
