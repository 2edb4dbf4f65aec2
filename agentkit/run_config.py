"""Settings for a whole run (`RunConfig`) and the model-input filter types."""

from __future__ import annotations

import importlib
from collections.abc import Awaitable, Callable
from dataclasses import field
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeAlias, Union, cast

from .exceptions import UserError
from .model_settings import ModelSettings
from .models.interface import ModelProvider
from .run_context import RunContextWrapper, TContext
from .util._dataclass import dataclass

if TYPE_CHECKING:
    from .agent import Agent
    from .guardrail import InputGuardrail, OutputGuardrail
    from .handoffs import HandoffHistoryMapper, HandoffInputFilter
    from .items import TResponseInputItem
    from .memory import SessionSettings
    from .models.interface import Model
    from .tracing import TracingConfig

DEFAULT_MAX_TURNS = 10

DEFAULT_MAX_AGENT_NESTING = 32
"""How deep runs may nest inside runs (agents as tools, `Runner.run_sync` from a tool) by default."""

_max_agent_nesting: int | None = DEFAULT_MAX_AGENT_NESTING


def set_max_agent_nesting(limit: int | None) -> None:
    """Set how deep runs may nest inside runs (agentkit addition; default
    `DEFAULT_MAX_AGENT_NESTING`). An agent used as a tool, or a `Runner.run_sync` called from a
    tool, starts a nested run; past the limit the nested run raises `AgentNestingLimitExceeded`
    instead of starting. `None` removes the limit."""
    global _max_agent_nesting
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 1):
        raise UserError(f"The nesting limit must be a positive int or None, got {limit!r}")
    _max_agent_nesting = limit


def get_max_agent_nesting() -> int | None:
    """The current nesting limit (see `set_max_agent_nesting`)."""
    return _max_agent_nesting


class _DefaultModelProvider(ModelProvider):
    """A `MultiProvider` created on first use, so a run whose agents all have explicit
    `Model` objects never loads the HTTP layer."""

    def __init__(self) -> None:
        self._provider: ModelProvider | None = None

    def _get(self) -> ModelProvider:
        if self._provider is None:
            module = importlib.import_module(f"{__package__}.models.multi_provider")
            self._provider = cast("ModelProvider", module.MultiProvider())
        return self._provider

    def get_model(self, model_name: str | None) -> Model:
        return self._get().get_model(model_name)

    async def aclose(self) -> None:
        if self._provider is not None:
            await self._provider.aclose()

    def __repr__(self) -> str:
        return "MultiProvider()"


def _default_trace_include_sensitive_data() -> bool:
    # Read from the environment for each RunConfig (tracing's switch, imported on first use).
    from .tracing.config import default_trace_include_sensitive_data

    return default_trace_include_sensitive_data()


@dataclass
class ModelInputData:
    """The instructions and input items about to be sent to the model."""

    input: list[TResponseInputItem]
    instructions: str | None


@dataclass
class CallModelData(Generic[TContext]):
    """What `RunConfig.call_model_input_filter` receives."""

    model_data: ModelInputData
    agent: Agent[TContext]
    context: TContext | None


CallModelInputFilter: TypeAlias = Callable[
    [CallModelData[Any]], ModelInputData | Awaitable[ModelInputData]
]
SessionInputCallback: TypeAlias = Callable[
    ["list[TResponseInputItem]", "list[TResponseInputItem]"],
    Union["list[TResponseInputItem]", "Awaitable[list[TResponseInputItem]]"],
]
"""`(history, new_input) -> combined input` for session-backed runs."""
ReasoningItemIdPolicy = Literal["preserve", "omit"]
ToolNotFoundBehavior = Literal["raise_error", "return_error_to_model"]


@dataclass
class ToolErrorFormatterArgs(Generic[TContext]):
    """What `RunConfig.tool_error_formatter` receives."""

    kind: Literal["approval_rejected", "tool_not_found", "tool_exception"]
    tool_type: Literal["function", "computer", "shell", "apply_patch", "custom"]
    tool_name: str
    call_id: str
    default_message: str
    run_context: RunContextWrapper[TContext]
    error: Exception | None = None


ToolErrorFormatter: TypeAlias = Callable[
    [ToolErrorFormatterArgs[Any]], str | Awaitable[str | None] | None
]


@dataclass
class ToolExecutionConfig:
    """How local function tools are executed."""

    max_function_tool_concurrency: int | None = None
    """At most this many function tools of one turn run at once (None: all of them)."""

    def __post_init__(self) -> None:
        if (
            self.max_function_tool_concurrency is not None
            and self.max_function_tool_concurrency < 1
        ):
            raise ValueError("tool_execution.max_function_tool_concurrency must be at least 1")


ToolNameCollisionPolicy = Literal["warn", "error"]
"""What a run does when function tools and handoffs share a name (see `RunConfig`)."""


@dataclass
class RunConfig:
    """Settings for one run, applied to every agent in it."""

    model: str | Model | None = None
    """Overrides every agent's model; names are resolved by `model_provider`."""
    model_provider: ModelProvider = field(default_factory=_DefaultModelProvider)
    model_settings: ModelSettings | None = None
    """Non-None values override the agents' settings."""
    handoff_input_filter: HandoffInputFilter | None = None
    """Applies to every handoff without its own `input_filter`."""
    nest_handoff_history: bool = False
    """Collapse the transcript into one summary message on handoffs without an input filter."""
    handoff_history_mapper: HandoffHistoryMapper | None = None
    """Builds the nested history (only used with nesting); default: one summary message."""
    input_guardrails: list[InputGuardrail[Any]] | None = None
    output_guardrails: list[OutputGuardrail[Any]] | None = None
    tracing_disabled: bool = False
    tracing: TracingConfig | None = None
    """Per-run tracing settings, e.g. `{"api_key": ...}` to export this run with another key."""
    trace_include_sensitive_data: bool = field(
        default_factory=_default_trace_include_sensitive_data
    )
    """When False, spans are still created but model and tool inputs/outputs are left out."""
    workflow_name: str = "Agent workflow"
    trace_id: str | None = None
    group_id: str | None = None
    """Links the traces of one conversation, e.g. a chat thread id."""
    trace_metadata: dict[str, Any] | None = None
    session_input_callback: SessionInputCallback | None = None
    call_model_input_filter: CallModelInputFilter | None = None
    """Edits the instructions and input right before each model call."""
    tool_error_formatter: ToolErrorFormatter | None = None
    session_settings: SessionSettings | None = None
    """Session settings for this run (e.g. a history `limit`)."""
    reasoning_item_id_policy: ReasoningItemIdPolicy | None = None
    """"omit" strips ids from reasoning items replayed to the model."""
    tool_execution: ToolExecutionConfig | None = None
    tool_not_found_behavior: ToolNotFoundBehavior = "raise_error"
    """"raise_error": an unknown tool name raises ModelBehaviorError; "return_error_to_model"
    sends an error output to the model instead."""
    tool_name_collision_policy: ToolNameCollisionPolicy = "warn"
    """Function tools and handoffs sharing a name: "warn" logs a warning and keeps one (the last
    handoff, else the last tool); "error" raises `UserError` before the model is called."""
    model_call_deadline: float | None = None
    """Seconds each model call of the run may take as a whole (agentkit addition): the request,
    runner-managed retries and their waits, and reading the entire stream. Past it the call is
    abandoned, its connection closed, and `ModelCallDeadlineExceeded` raised. Works with every
    model and client; nothing is sent to the server. None: no deadline."""

    def __post_init__(self) -> None:
        if isinstance(self.model_settings, dict):
            self.model_settings = ModelSettings().resolve(self.model_settings)
        elif self.model_settings is not None and not isinstance(self.model_settings, ModelSettings):
            raise TypeError(
                "RunConfig model_settings must be a ModelSettings instance or a dict, "
                f"got {type(self.model_settings).__name__}"
            )
        if isinstance(self.tool_execution, dict):
            self.tool_execution = ToolExecutionConfig(**self.tool_execution)
        if self.tool_not_found_behavior not in ("raise_error", "return_error_to_model"):
            raise UserError(
                "tool_not_found_behavior must be 'raise_error' or 'return_error_to_model', "
                f"got {self.tool_not_found_behavior!r}"
            )
        if self.tool_name_collision_policy not in ("warn", "error"):
            raise ValueError("tool_name_collision_policy must be either 'warn' or 'error'")
        if self.trace_id is not None and not isinstance(self.trace_id, str):
            raise UserError(f"trace_id must be a string, got {type(self.trace_id).__name__}")
        if self.model_call_deadline is not None:
            _check_deadline(self.model_call_deadline)
        if self.input_guardrails is not None or self.output_guardrails is not None:
            _check_guardrails(self.input_guardrails, self.output_guardrails)
        if not callable(getattr(self.model_provider, "get_model", None)):
            raise UserError(
                "RunConfig model_provider must be a ModelProvider (with get_model(name)), got "
                f"{type(self.model_provider).__name__}: {self.model_provider!r:.80}"
            )
        for name in _CALLBACK_FIELDS:
            value = getattr(self, name)
            if value is not None and not callable(value):
                raise UserError(
                    f"RunConfig {name} must be a function or None, got "
                    f"{type(value).__name__}: {value!r:.80}"
                )


_CALLBACK_FIELDS = (
    "handoff_input_filter",
    "handoff_history_mapper",
    "session_input_callback",
    "call_model_input_filter",
    "tool_error_formatter",
)


def _check_deadline(value: object) -> None:
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or not 0 < value < float("inf")
    ):
        raise UserError(
            "RunConfig model_call_deadline must be a positive number of seconds or None, "
            f"got {value!r:.80}"
        )


def _check_guardrails(inputs: object, outputs: object) -> None:
    """`RunConfig(input_guardrails=..., output_guardrails=...)`: None or lists of guardrails."""
    from .guardrail import InputGuardrail, OutputGuardrail

    for name, value, kind, other, decorator in (
        ("input_guardrails", inputs, InputGuardrail, OutputGuardrail, "input_guardrail"),
        ("output_guardrails", outputs, OutputGuardrail, InputGuardrail, "output_guardrail"),
    ):
        if value is None:
            continue
        if not isinstance(value, list):
            raise UserError(
                f"RunConfig {name} must be a list of {kind.__name__} or None, got "
                f"{type(value).__name__}: {value!r:.80}"
            )
        for index, entry in enumerate(value):
            # Duck typing kept: an object with a `run` method may stand in for a guardrail.
            if not isinstance(entry, kind) and (
                isinstance(entry, (other, str, type)) or not callable(getattr(entry, "run", None))
            ):
                raise UserError(
                    f"RunConfig {name}[{index}] must be an {kind.__name__} (decorate a function "
                    f"with @{decorator}), got {type(entry).__name__}: {entry!r:.80}"
                )


__all__ = [
    "DEFAULT_MAX_AGENT_NESTING",
    "DEFAULT_MAX_TURNS",
    "CallModelData",
    "CallModelInputFilter",
    "ModelInputData",
    "ReasoningItemIdPolicy",
    "RunConfig",
    "SessionInputCallback",
    "ToolErrorFormatter",
    "ToolErrorFormatterArgs",
    "ToolExecutionConfig",
    "ToolNameCollisionPolicy",
    "ToolNotFoundBehavior",
    "get_max_agent_nesting",
    "set_max_agent_nesting",
]
