"""The exceptions agentkit raises, and the run snapshot attached to them."""

from __future__ import annotations

from dataclasses import field
from typing import TYPE_CHECKING, Any, Literal

from .util._dataclass import dataclass

if TYPE_CHECKING:
    from .agent import Agent
    from .guardrail import InputGuardrailResult, OutputGuardrailResult
    from .items import ModelResponse, RunItem, TResponseInputItem
    from .run_context import RunContextWrapper
    from .tool_guardrails import (
        ToolGuardrailFunctionOutput,
        ToolInputGuardrail,
        ToolInputGuardrailResult,
        ToolOutputGuardrail,
        ToolOutputGuardrailResult,
    )


@dataclass
class RunErrorDetails:
    """What a run had produced when an exception stopped it (found on `AgentsException.run_data`)."""

    input: str | list[TResponseInputItem]
    new_items: list[RunItem]
    raw_responses: list[ModelResponse]
    last_agent: Agent[Any]
    context_wrapper: RunContextWrapper[Any]
    input_guardrail_results: list[InputGuardrailResult]
    output_guardrail_results: list[OutputGuardrailResult]
    tool_input_guardrail_results: list[ToolInputGuardrailResult] = field(default_factory=list)
    tool_output_guardrail_results: list[ToolOutputGuardrailResult] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(
            [
                "RunErrorDetails:",
                f'- Last agent: Agent(name="{self.last_agent.name}", ...)',
                f"- {len(self.new_items)} new item(s)",
                f"- {len(self.raw_responses)} raw response(s)",
                f"- {len(self.input_guardrail_results)} input guardrail result(s)",
                f"- {len(self.output_guardrail_results)} output guardrail result(s)",
                f"- {len(self.tool_input_guardrail_results)} tool input guardrail result(s)",
                f"- {len(self.tool_output_guardrail_results)} tool output guardrail result(s)",
                "(See `RunErrorDetails` for more details)",
            ]
        )


class AgentsException(Exception):
    """Base class of every agentkit exception."""

    run_data: RunErrorDetails | None

    def __init__(self, *args: object) -> None:
        super().__init__(*args)
        self.run_data = None


class MaxTurnsExceeded(AgentsException):
    """The run needed more model turns than `max_turns` allows."""

    message: str

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


class ModelBehaviorError(AgentsException):
    """The model did something invalid, e.g. called an unknown tool or sent malformed JSON."""

    message: str

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


class ModelRefusalError(AgentsException):
    """The model refused to produce the requested output."""

    refusal: str

    def __init__(self, refusal: str) -> None:
        self.refusal = refusal
        super().__init__(f"Model refused to produce output: {refusal}")


class ModelTimeoutError(AgentsException):
    """One model-call attempt took longer than its configured timeout."""

    timeout_seconds: float

    def __init__(self, timeout_seconds: float) -> None:
        self.timeout_seconds = timeout_seconds
        super().__init__(f"Model call timed out after {timeout_seconds:g} seconds.")


class ModelCallDeadlineExceeded(ModelTimeoutError):
    """A model call outlived the run's overall deadline, `RunConfig(model_call_deadline=...)`
    (agentkit addition): the request, runner-managed retries and their waits, and reading the
    entire stream all count. The call was abandoned and its connection closed. `deadline` names
    the setting that fired (`"run"`); `seconds` (also `timeout_seconds`) is its length."""

    deadline: Literal["run"]
    seconds: float

    def __init__(self, seconds: float) -> None:
        super().__init__(seconds)
        self.deadline = "run"
        self.seconds = seconds
        self.args = (
            f"The run's model call deadline of {seconds:g} s passed (set with "
            "RunConfig(model_call_deadline=...)); the call was abandoned and its connection "
            "closed.",
        )


class UserError(AgentsException):
    """The SDK was used incorrectly; the message says what to change."""

    message: str

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


class AgentNestingLimitExceeded(AgentsException):
    """Runs nested inside runs (agents as tools, `Runner.run_sync` called from a tool) went deeper
    than the limit set with `agentkit.run_config.set_max_agent_nesting` (agentkit addition)."""

    depth: int
    limit: int

    def __init__(self, depth: int, limit: int) -> None:
        self.depth = depth
        self.limit = limit
        super().__init__(
            f"Nested agent runs reached depth {depth}, over the limit of {limit}. An agent that "
            f"calls itself (as a tool or through Runner.run_sync) without end is the usual cause; "
            f"if the nesting is intended, raise the limit with "
            f"agentkit.run_config.set_max_agent_nesting()."
        )


class MCPToolCancellationError(AgentsException):
    """An MCP tool call was cancelled internally."""

    message: str

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


class ToolTimeoutError(AgentsException):
    """A function tool ran longer than its timeout."""

    tool_name: str
    timeout_seconds: float

    def __init__(self, tool_name: str, timeout_seconds: float) -> None:
        self.tool_name = tool_name
        self.timeout_seconds = timeout_seconds
        super().__init__(f"Tool '{tool_name}' timed out after {timeout_seconds:g} seconds.")


class GuardrailTripwireTriggered(AgentsException):
    """Common base of the input and output guardrail tripwires (agentkit addition)."""


class InputGuardrailTripwireTriggered(GuardrailTripwireTriggered):
    """An input guardrail's tripwire fired."""

    guardrail_result: InputGuardrailResult

    def __init__(self, guardrail_result: InputGuardrailResult) -> None:
        self.guardrail_result = guardrail_result
        super().__init__(
            f"Guardrail {guardrail_result.guardrail.__class__.__name__} triggered tripwire"
        )


class OutputGuardrailTripwireTriggered(GuardrailTripwireTriggered):
    """An output guardrail's tripwire fired."""

    guardrail_result: OutputGuardrailResult

    def __init__(self, guardrail_result: OutputGuardrailResult) -> None:
        self.guardrail_result = guardrail_result
        super().__init__(
            f"Guardrail {guardrail_result.guardrail.__class__.__name__} triggered tripwire"
        )


class ToolGuardrailTripwireTriggered(AgentsException):
    """Common base of the tool input and output guardrail tripwires (agentkit addition)."""


class ToolInputGuardrailTripwireTriggered(ToolGuardrailTripwireTriggered):
    """A tool input guardrail asked to halt the run."""

    guardrail: ToolInputGuardrail[Any]
    output: ToolGuardrailFunctionOutput

    def __init__(
        self, guardrail: ToolInputGuardrail[Any], output: ToolGuardrailFunctionOutput
    ) -> None:
        self.guardrail = guardrail
        self.output = output
        super().__init__(f"Tool input guardrail {guardrail.__class__.__name__} triggered tripwire")


class ToolOutputGuardrailTripwireTriggered(ToolGuardrailTripwireTriggered):
    """A tool output guardrail asked to halt the run."""

    guardrail: ToolOutputGuardrail[Any]
    output: ToolGuardrailFunctionOutput

    def __init__(
        self, guardrail: ToolOutputGuardrail[Any], output: ToolGuardrailFunctionOutput
    ) -> None:
        self.guardrail = guardrail
        self.output = output
        super().__init__(f"Tool output guardrail {guardrail.__class__.__name__} triggered tripwire")
