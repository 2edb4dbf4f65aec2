"""What one turn produced and what the run does next."""

from __future__ import annotations

from dataclasses import field
from typing import TYPE_CHECKING, Any

from ..items import ModelResponse, RunItem, ToolApprovalItem
from ..util._dataclass import dataclass

if TYPE_CHECKING:
    from ..agent import Agent
    from ..items import TResponseInputItem
    from ..run_state import PendingFunctionCall
    from ..tool_guardrails import ToolInputGuardrailResult, ToolOutputGuardrailResult


@dataclass
class NextStepFinalOutput:
    """The run ends with this output."""

    output: Any


@dataclass
class NextStepHandoff:
    """The run goes on with another agent."""

    new_agent: Agent[Any]


@dataclass
class NextStepRunAgain:
    """The same agent takes another turn."""


@dataclass
class NextStepInterruption:
    """The run pauses: these tool calls wait for a person's approval."""

    interruptions: list[ToolApprovalItem]
    pending_calls: list[PendingFunctionCall] = field(default_factory=list)
    """The calls to run on resume (for a nested run's approvals: the outer agent-tool call)."""


NextStep = NextStepFinalOutput | NextStepHandoff | NextStepRunAgain | NextStepInterruption


@dataclass
class SingleStepResult:
    original_input: str | list[TResponseInputItem]
    """The run input; a handoff input filter may have replaced it."""
    model_response: ModelResponse
    pre_step_items: list[RunItem]
    new_step_items: list[RunItem]
    """This turn's items as the next model call will see them."""
    next_step: NextStep
    tool_input_guardrail_results: list[ToolInputGuardrailResult] = field(default_factory=list)
    tool_output_guardrail_results: list[ToolOutputGuardrailResult] = field(default_factory=list)
    session_step_items: list[RunItem] | None = None
    """This turn's items for the session and `new_items`, when they differ from the above."""
    nested_owned_items: list[RunItem] = field(default_factory=list)
    """Items that nested handoff history copied verbatim into `original_input`."""

    @property
    def generated_items(self) -> list[RunItem]:
        items = (
            self.session_step_items if self.session_step_items is not None else self.new_step_items
        )
        return self.pre_step_items + items

    @property
    def model_input_items(self) -> list[RunItem]:
        return self.pre_step_items + self.new_step_items
