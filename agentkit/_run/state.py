"""One run's state, and the snapshot of it that every result is built from."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import field
from typing import TYPE_CHECKING, Any, Literal, cast

from typing_extensions import TypedDict

from ..exceptions import RunErrorDetails, UserError
from ..guardrail import InputGuardrailResult, OutputGuardrailResult
from ..items import CompactionItem, ModelResponse, RunItem, ToolApprovalItem
from ..lifecycle import AgentHooksBase, RunHooksBase
from ..logger import logger
from ..run_config import RunConfig
from ..run_context import RunContextWrapper
from ..stream_events import RunItemStreamEvent, StreamEvent
from ..util._dataclass import dataclass
from .agent_config import AgentToolUseTracker, is_agent
from .computer_actions import ComputerCache
from .prompt_cache_key import PromptCacheKeyResolver
from .response_processing import stream_event_name
from .server_conversation import ServerConversationTracker
from .session_persistence import SessionPersistence

if TYPE_CHECKING:
    from ..agent import Agent
    from ..items import TResponseInputItem
    from ..memory import Session
    from ..result import RunResultStreaming
    from ..run_error_handlers import RunErrorHandlers
    from ..run_state import PendingFunctionCall, RunState
    from ..tool_guardrails import ToolInputGuardrailResult, ToolOutputGuardrailResult
    from ..tracing import AgentSpanData, Span, Trace


class ResultFields(TypedDict):
    """What every run result (and `RunErrorDetails`) reports about the run so far."""

    input: str | list[TResponseInputItem]
    new_items: list[RunItem]
    raw_responses: list[ModelResponse]
    input_guardrail_results: list[InputGuardrailResult]
    output_guardrail_results: list[OutputGuardrailResult]
    tool_input_guardrail_results: list[ToolInputGuardrailResult]
    tool_output_guardrail_results: list[ToolOutputGuardrailResult]
    context_wrapper: RunContextWrapper[Any]
    _nested_owned_items: list[RunItem]
    _model_input_items: list[RunItem] | None
    _reasoning_item_id_policy: Literal["preserve", "omit"] | None
    interruptions: list[ToolApprovalItem]
    _state_exporter: Callable[[], RunState[Any, Any]]


@dataclass(slots=True)
class GuardrailResults:
    """The results of every guardrail that ran, in completion order."""

    input: list[InputGuardrailResult] = field(default_factory=list)
    output: list[OutputGuardrailResult] = field(default_factory=list)
    tool_input: list[ToolInputGuardrailResult] = field(default_factory=list)
    tool_output: list[ToolOutputGuardrailResult] = field(default_factory=list)


@dataclass(slots=True)
class _RunState:
    """Everything one run accumulates."""

    starting_agent: Agent[Any]
    current_agent: Agent[Any]
    original_input: str | list[TResponseInputItem]
    context_wrapper: RunContextWrapper[Any]
    run_config: RunConfig
    hooks: RunHooksBase[Any, Any]
    max_turns: int | None
    error_handlers: RunErrorHandlers[Any] | None
    tracker: ServerConversationTracker | None
    persistence: SessionPersistence
    streamed: RunResultStreaming | None = None
    current_turn: int = 0
    current_span: Span[AgentSpanData] | None = None
    generated_items: list[RunItem] = field(default_factory=list)
    """What the next model call sees (after handoff filters)."""
    session_items: list[RunItem] = field(default_factory=list)
    """What the run reports as `new_items` and saves to the session."""
    raw_responses: list[ModelResponse] = field(default_factory=list)
    guardrails: GuardrailResults = field(default_factory=GuardrailResults)
    nested_owned_items: list[RunItem] = field(default_factory=list)
    history_rewritten: bool = False
    """A handoff filter made the model's view differ from the reported items."""
    tool_use_tracker: AgentToolUseTracker = field(default_factory=AgentToolUseTracker)
    computers: ComputerCache = field(default_factory=ComputerCache)
    cache_key: PromptCacheKeyResolver = field(default_factory=PromptCacheKeyResolver)
    interruptions: list[ToolApprovalItem] = field(default_factory=list)
    """The calls the run paused on (empty unless it paused)."""
    pending_calls: list[PendingFunctionCall] = field(default_factory=list)
    trace: Trace | None = None
    """The run's trace (its id and metadata go into snapshots)."""
    last_response: ModelResponse | None = None
    resuming: bool = False
    restored_from: RunState[Any, Any] | None = None
    """Set when the run resumes a paused turn: its pending calls run before any model call."""

    def snapshot(self) -> ResultFields:
        """The run so far, as every result reports it (lists are copies)."""
        return ResultFields(
            input=self.original_input,
            new_items=list(self.session_items),
            raw_responses=list(self.raw_responses),
            input_guardrail_results=list(self.guardrails.input),
            output_guardrail_results=list(self.guardrails.output),
            tool_input_guardrail_results=list(self.guardrails.tool_input),
            tool_output_guardrail_results=list(self.guardrails.tool_output),
            context_wrapper=self.context_wrapper,
            _nested_owned_items=list(self.nested_owned_items),
            _model_input_items=list(self.generated_items) if self.history_rewritten else None,
            _reasoning_item_id_policy=self.run_config.reasoning_item_id_policy,
            interruptions=list(self.interruptions),
            _state_exporter=self.export,
        )

    def export(self) -> RunState[Any, Any]:
        """The run so far as a public `RunState` (what `result.to_state()` returns)."""
        from .resume import export_run_state

        return export_run_state(self)

    def error_details(self) -> RunErrorDetails:
        fields = self.snapshot()
        return RunErrorDetails(
            input=fields["input"],
            new_items=fields["new_items"],
            raw_responses=fields["raw_responses"],
            last_agent=self.current_agent,
            context_wrapper=fields["context_wrapper"],
            input_guardrail_results=fields["input_guardrail_results"],
            output_guardrail_results=fields["output_guardrail_results"],
            tool_input_guardrail_results=fields["tool_input_guardrail_results"],
            tool_output_guardrail_results=fields["tool_output_guardrail_results"],
        )

    # --- streaming ---

    def emit(self, event: StreamEvent) -> None:
        if self.streamed is not None:
            self.streamed._event_queue.put_nowait(event)

    def emit_items(self, items: list[RunItem]) -> None:
        if self.streamed is None:
            return
        for item in items:
            name = stream_event_name(item)
            if name is None and isinstance(item, CompactionItem):
                continue  # session bookkeeping, never streamed (as upstream)
            if name is None:
                logger.warning("Unexpected item type for a stream event: %s", type(item))
                continue
            self.emit(RunItemStreamEvent(item=item, name=cast(Any, name)))

    def sync_streamed(self) -> None:
        """Bring the streamed result up to date with the run."""
        result = self.streamed
        if result is None:
            return
        for name, value in self.snapshot().items():
            setattr(result, name, value)
        result.current_turn = self.current_turn


def _checked_hooks(hooks: RunHooksBase[Any, Any] | None) -> RunHooksBase[Any, Any]:
    if hooks is None:
        return RunHooksBase()
    if isinstance(hooks, AgentHooksBase):
        raise TypeError(
            "Run hooks must be instances of RunHooks. "
            f"Received agent-scoped hooks ({type(hooks).__name__}). "
            "Attach AgentHooks to an Agent via Agent(..., hooks=...)."
        )
    if not isinstance(hooks, RunHooksBase):
        raise TypeError(
            f"Run hooks must be instances of RunHooks. Received {type(hooks).__name__}."
        )
    return hooks


def build_state(
    *,
    starting_agent: Agent[Any],
    input: str | list[TResponseInputItem],
    context: Any,
    max_turns: int | None,
    hooks: RunHooksBase[Any, Any] | None,
    run_config: RunConfig | dict[str, Any] | None,
    previous_response_id: str | None,
    auto_previous_response_id: bool,
    conversation_id: str | None,
    session: Session | None,
    error_handlers: RunErrorHandlers[Any] | None,
) -> _RunState:
    """Validate a run's arguments and set up its state."""
    if not is_agent(starting_agent):
        raise UserError(f"starting_agent must be an Agent, got {type(starting_agent).__name__}")
    checked_hooks = _checked_hooks(hooks)
    if run_config is None:
        run_config = RunConfig()
    elif isinstance(run_config, dict):
        run_config = RunConfig(**run_config)
    # 0 and negatives are accepted as upstream does: the first turn raises MaxTurnsExceeded
    # (or goes to the "max_turns" error handler). A non-integer is a UserError here.
    if max_turns is not None and not isinstance(max_turns, int):
        raise UserError(f"max_turns must be an integer or None, got {max_turns!r}")
    context_wrapper = (
        context if isinstance(context, RunContextWrapper) else RunContextWrapper(context=context)
    )
    tracker = ServerConversationTracker.for_run(
        conversation_id, previous_response_id, auto_previous_response_id
    )
    return _RunState(
        starting_agent=starting_agent,
        current_agent=starting_agent,
        original_input=input if isinstance(input, str) else list(input),
        context_wrapper=context_wrapper,
        run_config=run_config,
        hooks=checked_hooks,
        max_turns=max_turns,
        error_handlers=error_handlers,
        tracker=tracker,
        # With the conversation on the server, the session is only read.
        persistence=SessionPersistence(session, writable=tracker is None),
    )
