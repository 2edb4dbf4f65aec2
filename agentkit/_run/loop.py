"""The run loop, shared by `Runner.run` and `Runner.run_streamed`."""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import hashlib
import uuid
from collections.abc import Awaitable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from ..agent import Agent
from ..exceptions import (
    AgentsException,
    InputGuardrailTripwireTriggered,
    MaxTurnsExceeded,
    ModelBehaviorError,
    ModelTimeoutError,
    RunErrorDetails,
    UserError,
)
from ..guardrail import InputGuardrailResult, OutputGuardrailResult
from ..items import ItemHelpers, ModelResponse, RunItem, TResponseInputItem
from ..logger import logger
from ..run_config import CallModelData, ModelInputData, RunConfig
from ..run_context import RunContextWrapper
from ..stream_events import (
    AgentUpdatedStreamEvent,
    RawResponsesStreamEvent,
    RunItemStreamEvent,
)
from ..tool_guardrails import ToolInputGuardrailResult, ToolOutputGuardrailResult
from ..usage import Usage
from .errors import resolve_error_handler, validate_and_format_handler_output
from .steps import (
    AgentToolUseTracker,
    NextStepFinalOutput,
    NextStepHandoff,
    NextStepRunAgain,
    SingleStepResult,
    _ComputerCache,
    dedupe_preferring_latest,
    execute_tools_and_side_effects,
    get_handoffs,
    get_model,
    get_model_settings,
    get_output_schema,
    maybe_reset_tool_choice,
    normalize_input_items,
    prepare_turn_input,
    process_model_response,
    record_tool_use,
    run_agent_start_hooks,
    run_input_guardrails,
    run_item_to_input_item,
    run_output_guardrails,
    stream_event_name,
)
from .util import attach_error_to_current_span, attach_error_to_span, maybe_await

if TYPE_CHECKING:
    from ..lifecycle import RunHooksBase
    from ..models.interface import Model, ModelTracing
    from ..result import RunResult, RunResultStreaming
    from ..tool import Tool

_PROMPT_CACHE_KEY = "prompt_cache_key"


def model_tracing(run_config: RunConfig) -> ModelTracing:
    from ..models.interface import ModelTracing

    if run_config.tracing_disabled:
        return ModelTracing.DISABLED
    if run_config.trace_include_sensitive_data:
        return ModelTracing.ENABLED
    return ModelTracing.ENABLED_WITHOUT_DATA


@contextlib.contextmanager
def run_trace(run_config: RunConfig) -> Iterator[Any]:
    """Open the run's trace unless one is already current (then the run nests in it).

    With tracing disabled, a disabled trace and span hide any caller's trace from the run.
    """
    from ..tracing import custom_span, get_current_trace, trace

    with contextlib.ExitStack() as stack:
        current = None
        if run_config.tracing_disabled or get_current_trace() is None:
            current = trace(
                workflow_name=run_config.workflow_name,
                trace_id=run_config.trace_id,
                group_id=run_config.group_id,
                metadata=run_config.trace_metadata,
                tracing=run_config.tracing,
                disabled=run_config.tracing_disabled,
            )
        if current is not None:
            current.start(mark_as_current=True)
            stack.callback(current.finish, reset_current=True)
        if run_config.tracing_disabled:
            stack.enter_context(custom_span(name="Agent run", disabled=True))
        yield get_current_trace()


def _usage_snapshot(usage: Usage) -> tuple[int, int, int, int, int, int]:
    return (
        usage.requests,
        usage.input_tokens,
        usage.output_tokens,
        usage.total_tokens,
        int(getattr(usage.input_tokens_details, "cached_tokens", 0) or 0),
        int(getattr(usage.input_tokens_details, "cache_write_tokens", 0) or 0),
    )


def attach_usage(span: Any, start: tuple[int, ...], usage: Usage) -> None:
    """Record the usage since `start` on a task or turn span (nothing when there was none)."""
    if span is None:
        return
    now = _usage_snapshot(usage)
    requests, inp, out, total, cached, cache_write = (
        a - b for a, b in zip(now, start, strict=True)
    )
    if not any((requests, inp, out, total, cached, cache_write)):
        return
    data: dict[str, int] = {
        "input_tokens": inp,
        "output_tokens": out,
        "cached_input_tokens": cached,
        "cache_write_input_tokens": cache_write,
    }
    if span.span_data.type == "task":
        data.update(requests=requests, total_tokens=total)
    span.span_data.usage = data


def _task_and_turn_spans(run_config: RunConfig) -> bool:
    tracing = run_config.tracing
    return tracing is None or bool(tracing.get("include_task_and_turn_spans", True))


@contextlib.contextmanager
def task_span_for_run(state: _RunState) -> Iterator[None]:
    """The run's `task` span (as upstream: on by default, off with
    `tracing={"include_task_and_turn_spans": False}`)."""
    if not _task_and_turn_spans(state.run_config):
        yield
        return
    from ..tracing import task_span

    span = task_span(name=state.run_config.workflow_name)
    start = _usage_snapshot(state.context_wrapper.usage)
    span.start(mark_as_current=True)
    try:
        yield
    finally:
        attach_usage(span, start, state.context_wrapper.usage)
        span.finish(reset_current=True)


class ServerConversationTracker:
    """Sends only what the server has not seen when the conversation lives on the server
    (`conversation_id`, `previous_response_id`, `auto_previous_response_id`)."""

    def __init__(
        self,
        conversation_id: str | None,
        previous_response_id: str | None,
        auto_previous_response_id: bool,
    ) -> None:
        self.conversation_id = conversation_id
        self.previous_response_id = previous_response_id
        self.auto_previous_response_id = auto_previous_response_id
        self._sent_initial = False
        self._sent_items: set[int] = set()
        self._server_raw_ids: set[int] = set()

    def prepare_input(
        self, original_input: str | list[TResponseInputItem], generated: list[RunItem]
    ) -> list[TResponseInputItem]:
        out: list[TResponseInputItem] = []
        if not self._sent_initial:
            out.extend(normalize_input_items(ItemHelpers.input_to_new_input_list(original_input)))
            self._sent_initial = True
        for item in generated:
            if id(item) in self._sent_items or id(item.raw_item) in self._server_raw_ids:
                continue
            self._sent_items.add(id(item))
            out.append(run_item_to_input_item(item))
        return normalize_input_items(out)

    def track_response(self, response: ModelResponse) -> None:
        for output in response.output:
            self._server_raw_ids.add(id(output))
        if (
            self.conversation_id is None
            and (self.previous_response_id is not None or self.auto_previous_response_id)
            and response.response_id is not None
        ):
            self.previous_response_id = response.response_id


class PromptCacheKeyResolver:
    """One generated `prompt_cache_key` per run, for models that opt in."""

    def __init__(self) -> None:
        self._key: str | None = None

    def apply(
        self,
        settings: Any,
        model: Model,
        conversation_id: str | None,
        session: Any,
        group_id: str | None,
    ) -> Any:
        import dataclasses

        for extra in (settings.extra_args, settings.extra_body):
            if isinstance(extra, dict) and _PROMPT_CACHE_KEY in extra:
                return settings
        supports = getattr(model, "_supports_default_prompt_cache_key", None)
        if not (callable(supports) and supports()):
            return settings
        if self._key is None:
            self._key = self._make_key(conversation_id, session, group_id)
        extra_args = dict(settings.extra_args or {})
        extra_args[_PROMPT_CACHE_KEY] = self._key
        return dataclasses.replace(settings, extra_args=extra_args)

    @staticmethod
    def _make_key(conversation_id: str | None, session: Any, group_id: str | None) -> str:
        def hashed(kind: str, value: str) -> str:
            return f"agents-sdk:{kind}:{hashlib.sha256(value.encode()).hexdigest()[:32]}"

        if conversation_id and conversation_id.strip():
            return hashed("conversation", conversation_id.strip())
        session_id = getattr(session, "session_id", None) if session is not None else None
        if isinstance(session_id, str) and session_id.strip():
            return hashed("session", session_id.strip())
        if group_id and group_id.strip():
            return hashed("group", group_id.strip())
        return f"agents-sdk:run:{uuid.uuid4().hex}"


@dataclass
class _RunState:
    """Everything one run accumulates."""

    starting_agent: Agent[Any]
    current_agent: Agent[Any]
    original_input: str | list[TResponseInputItem]
    context_wrapper: RunContextWrapper[Any]
    run_config: RunConfig
    hooks: RunHooksBase[Any, Any]
    max_turns: int | None
    session: Any
    error_handlers: Any
    tracker: ServerConversationTracker | None
    streamed: RunResultStreaming | None = None
    current_turn: int = 0
    generated_items: list[RunItem] = field(default_factory=list)
    """What the next model call sees (after handoff filters)."""
    session_items: list[RunItem] = field(default_factory=list)
    """What the run reports as `new_items` and saves to the session."""
    raw_responses: list[ModelResponse] = field(default_factory=list)
    input_guardrail_results: list[InputGuardrailResult] = field(default_factory=list)
    output_guardrail_results: list[OutputGuardrailResult] = field(default_factory=list)
    tool_input_guardrail_results: list[ToolInputGuardrailResult] = field(default_factory=list)
    tool_output_guardrail_results: list[ToolOutputGuardrailResult] = field(default_factory=list)
    tool_use_tracker: AgentToolUseTracker = field(default_factory=AgentToolUseTracker)
    computers: _ComputerCache = field(default_factory=_ComputerCache)
    cache_key: PromptCacheKeyResolver = field(default_factory=PromptCacheKeyResolver)
    session_input_items: list[TResponseInputItem] = field(default_factory=list)
    session_input_saved: bool = False
    saved_session_count: int = 0
    current_span: Any = None
    nested_owned_items: list[RunItem] = field(default_factory=list)
    history_rewritten: bool = False
    """A handoff filter made the model's view differ from the reported items."""

    def error_details(self) -> RunErrorDetails:
        return RunErrorDetails(
            input=self.original_input,
            new_items=list(self.session_items),
            raw_responses=list(self.raw_responses),
            last_agent=self.current_agent,
            context_wrapper=self.context_wrapper,
            input_guardrail_results=list(self.input_guardrail_results),
            output_guardrail_results=list(self.output_guardrail_results),
            tool_input_guardrail_results=list(self.tool_input_guardrail_results),
            tool_output_guardrail_results=list(self.tool_output_guardrail_results),
        )

    # --- streaming ---

    def emit(self, event: Any) -> None:
        if self.streamed is not None:
            self.streamed._event_queue.put_nowait(event)

    def emit_items(self, items: list[RunItem]) -> None:
        if self.streamed is None:
            return
        for item in items:
            name = stream_event_name(item)
            if name is None:
                logger.warning("Unexpected item type for a stream event: %s", type(item))
                continue
            self.emit(RunItemStreamEvent(item=item, name=cast(Any, name)))

    def sync_streamed(self) -> None:
        result = self.streamed
        if result is None:
            return
        result.input = self.original_input
        result.new_items = list(self.session_items)
        result.raw_responses = list(self.raw_responses)
        result.input_guardrail_results = list(self.input_guardrail_results)
        result.output_guardrail_results = list(self.output_guardrail_results)
        result.tool_input_guardrail_results = list(self.tool_input_guardrail_results)
        result.tool_output_guardrail_results = list(self.tool_output_guardrail_results)
        result.current_turn = self.current_turn
        result._nested_owned_items = list(self.nested_owned_items)
        result._model_input_items = list(self.generated_items) if self.history_rewritten else None
        result._reasoning_item_id_policy = self.run_config.reasoning_item_id_policy


# --- Sessions -----------------------------------------------------------------------------------


async def prepare_input_with_session(
    input: str | list[TResponseInputItem], session: Any, run_config: RunConfig
) -> tuple[str | list[TResponseInputItem], list[TResponseInputItem]]:
    """Session history + new input (or the callback's merge), and the items new to the session."""
    if session is None:
        return input, []
    limit = None
    settings = getattr(session, "session_settings", None)
    run_settings = run_config.session_settings
    for candidate in (settings, run_settings):
        if candidate is not None and getattr(candidate, "limit", None) is not None:
            limit = candidate.limit
    history = list(
        await session.get_items(limit=limit) if limit is not None else await session.get_items()
    )
    history = normalize_input_items(history)
    new_items = normalize_input_items(ItemHelpers.input_to_new_input_list(input))
    callback = run_config.session_input_callback
    if callback is None:
        combined = history + new_items
        appended = list(new_items)
    else:
        if not callable(callback):
            raise UserError(
                f"Invalid `session_input_callback` value: {callback}. "
                "Choose between `None` or a custom callable function."
            )
        import copy as _copy

        history_copy = _copy.deepcopy(history)
        new_copy = _copy.deepcopy(new_items)
        history_ids = {id(i) for i in history_copy}
        combined = await maybe_await(callback(history_copy, new_copy))
        if not isinstance(combined, list):
            raise UserError("Session input callback must return a list of input items.")
        # Only items that are not from the history are new to the session.
        remaining_history = list(history_copy)
        appended = []
        for item in combined:
            if id(item) in history_ids:
                continue
            if item in remaining_history:
                remaining_history.remove(item)
                continue
            appended.append(item)
        combined = normalize_input_items(combined)
    return dedupe_preferring_latest(combined), normalize_input_items(appended)


async def save_session_items(state: _RunState, items: list[RunItem]) -> None:
    if state.session is None or state.tracker is not None:
        return
    to_save: list[TResponseInputItem] = []
    if not state.session_input_saved:
        to_save.extend(state.session_input_items)
        state.session_input_saved = True
    to_save.extend(run_item_to_input_item(i) for i in items)
    if to_save:
        await state.session.add_items(to_save)


# --- One turn ----------------------------------------------------------------------------------


async def _call_model(
    state: _RunState,
    agent: Agent[Any],
    model: Model,
    system_prompt: str | None,
    input_items: list[TResponseInputItem],
    settings: Any,
    all_tools: list[Tool],
    output_schema: Any,
    handoffs: list[Any],
    prompt: Any,
) -> ModelResponse:
    tracker = state.tracker
    kwargs: dict[str, Any] = {
        "previous_response_id": tracker.previous_response_id if tracker else None,
        "conversation_id": tracker.conversation_id if tracker else None,
        "prompt": prompt,
    }
    tracing = model_tracing(state.run_config)

    if state.streamed is None:
        return await _within_timeout(
            model.get_response(
                system_prompt,
                input_items,
                settings,
                all_tools,
                output_schema,
                handoffs,
                tracing,
                **kwargs,
            ),
            settings.timeout,
        )

    async def consume() -> ModelResponse:
        # The one model-output pipeline: the same accumulator as the models' own answers.
        from ..models._response_accumulator import ResponseAccumulator

        accumulator = ResponseAccumulator(preserve_raw_usage=settings.preserve_raw_usage is True)
        stream = model.stream_response(
            system_prompt,
            input_items,
            settings,
            all_tools,
            output_schema,
            handoffs,
            tracing,
            **kwargs,
        )
        try:
            async for event in stream:
                state.emit(RawResponsesStreamEvent(data=event))
                accumulator.add(event)
        finally:
            aclose = getattr(stream, "aclose", None)
            if aclose is not None:
                await aclose()
        return accumulator.result()

    return await _within_timeout(consume(), settings.timeout)


async def _within_timeout(call: Awaitable[ModelResponse], timeout: float | None) -> ModelResponse:
    """Await a model call, raising `ModelTimeoutError` after `ModelSettings.timeout` seconds."""
    if timeout is None:
        return await call
    try:
        return await asyncio.wait_for(call, timeout)
    except asyncio.TimeoutError as e:
        raise ModelTimeoutError(timeout) from e


async def run_single_turn(
    state: _RunState, agent: Agent[Any], all_tools: list[Tool], run_start_hooks: bool
) -> SingleStepResult:
    ctx = state.context_wrapper
    config = state.run_config
    hooks = state.hooks
    try:
        turn_input = ItemHelpers.input_to_new_input_list(state.original_input)
    except Exception:
        turn_input = []
    ctx.turn_input = list(turn_input)
    if run_start_hooks:
        await run_agent_start_hooks(hooks, agent, ctx, turn_input)

    system_prompt, prompt = await asyncio.gather(
        agent.get_system_prompt(ctx), agent.get_prompt(ctx)
    )
    handoffs = await get_handoffs(agent, ctx)
    if state.current_span is not None:
        state.current_span.span_data.handoffs = [h.agent_name for h in handoffs]
        state.current_span.span_data.tools = [t.name for t in all_tools]
    output_schema = get_output_schema(agent)

    if state.tracker is not None:
        input_items = state.tracker.prepare_input(state.original_input, state.generated_items)
    else:
        input_items = prepare_turn_input(
            state.original_input, state.generated_items, config.reasoning_item_id_policy
        )

    filtered = ModelInputData(input=input_items, instructions=system_prompt)
    if config.call_model_input_filter is not None:
        try:
            updated = await maybe_await(
                config.call_model_input_filter(
                    CallModelData(
                        model_data=ModelInputData(
                            input=list(input_items), instructions=system_prompt
                        ),
                        agent=agent,
                        context=ctx.context,
                    )
                )
            )
            if not isinstance(updated, ModelInputData):
                raise UserError("call_model_input_filter must return a ModelInputData instance")
        except Exception as e:
            attach_error_to_current_span(
                "Error in call_model_input_filter",
                {"error": str(e) if config.trace_include_sensitive_data else ""},
            )
            raise
        filtered = updated
    if isinstance(filtered.input, list):
        filtered.input = dedupe_preferring_latest(filtered.input)

    model = get_model(agent, config)
    state.tool_use_tracker.record_model(model)
    settings = get_model_settings(agent, config)
    settings = maybe_reset_tool_choice(agent, state.tool_use_tracker, settings)

    await asyncio.gather(
        hooks.on_llm_start(ctx, agent, filtered.instructions, filtered.input),
        agent.hooks.on_llm_start(ctx, agent, filtered.instructions, filtered.input)
        if agent.hooks is not None
        else _noop(),
    )
    await save_session_items(state, [])

    settings = state.cache_key.apply(
        settings,
        model,
        state.tracker.conversation_id if state.tracker else None,
        state.session,
        config.group_id,
    )
    response = await _call_model(
        state,
        agent,
        model,
        filtered.instructions,
        filtered.input,
        settings,
        all_tools,
        output_schema,
        handoffs,
        prompt,
    )
    if state.tracker is not None:
        state.tracker.track_response(response)
    ctx.usage.add(response.usage)
    state.raw_responses.append(response)

    try:
        processed = process_model_response(
            agent=agent,
            all_tools=all_tools,
            response=response,
            output_schema=output_schema,
            handoffs=handoffs,
            run_config=config,
        )
    except ModelBehaviorError:
        await _llm_end_hooks(hooks, agent, ctx, response)
        raise
    # Model items are announced before their tools run.
    state.emit_items(processed.new_items)
    await _llm_end_hooks(hooks, agent, ctx, response)
    record_tool_use(state.tool_use_tracker, agent, processed)

    step = await execute_tools_and_side_effects(
        agent=agent,
        original_input=state.original_input,
        pre_step_items=state.generated_items,
        new_response=response,
        processed=processed,
        output_schema=output_schema,
        hooks=hooks,
        context_wrapper=ctx,
        run_config=config,
        computers=state.computers,
        error_handlers=state.error_handlers,
        server_manages_conversation=state.tracker is not None,
    )
    announced = {id(i) for i in processed.new_items}
    turn_items = (
        step.session_step_items if step.session_step_items is not None else step.new_step_items
    )
    state.emit_items([i for i in turn_items if id(i) not in announced])
    return step


async def _noop() -> None:
    return None


async def _llm_end_hooks(
    hooks: RunHooksBase[Any, Any],
    agent: Agent[Any],
    ctx: RunContextWrapper[Any],
    response: ModelResponse,
) -> None:
    await asyncio.gather(
        agent.hooks.on_llm_end(ctx, agent, response) if agent.hooks is not None else _noop(),
        hooks.on_llm_end(ctx, agent, response),
    )


async def _turn_with_guardrails(
    state: _RunState,
    agent: Agent[Any],
    all_tools: list[Tool],
    run_start_hooks: bool,
    agent_context: contextvars.Context,
) -> SingleStepResult:
    """The first turn runs alongside the parallel input guardrails; a tripwire cancels it.

    A streamed run traces its guardrails under the agent span (`agent_context`), like upstream.
    """
    guardrails = state.starting_agent.input_guardrails + (state.run_config.input_guardrails or [])
    sequential = [g for g in guardrails if not g.run_in_parallel]
    parallel = [g for g in guardrails if g.run_in_parallel]
    input_copy = (
        state.original_input
        if isinstance(state.original_input, str)
        else list(state.original_input)
    )
    if sequential:
        await run_input_guardrails(
            state.starting_agent,
            sequential,
            input_copy,
            state.context_wrapper,
            state.input_guardrail_results,
        )
    if not parallel:
        return await run_single_turn(state, agent, all_tools, run_start_hooks)

    def start_guardrails() -> asyncio.Future[None]:
        return asyncio.ensure_future(
            run_input_guardrails(
                state.starting_agent,
                parallel,
                input_copy,
                state.context_wrapper,
                state.input_guardrail_results,
            )
        )

    # Like upstream: a non-streamed run lets an immediate tripwire stop the turn before the model
    # call; a streamed run starts streaming the model at once.
    if state.streamed is None:
        guard_task = start_guardrails()
        turn_task = asyncio.ensure_future(run_single_turn(state, agent, all_tools, run_start_hooks))
    else:
        turn_task = asyncio.ensure_future(run_single_turn(state, agent, all_tools, run_start_hooks))
        guard_task = agent_context.run(start_guardrails)
    try:
        await asyncio.wait([guard_task], return_when=asyncio.ALL_COMPLETED)
        guard_task.result()  # raises the tripwire (or a guardrail's error)
        return await turn_task
    except BaseException:
        for task in (turn_task, guard_task):
            if not task.done():
                task.cancel()
        await asyncio.gather(turn_task, guard_task, return_exceptions=True)
        raise


# --- The loop ----------------------------------------------------------------------------------


async def run_loop(state: _RunState) -> Any:
    """Run turns until a final output; returns it. Fills `state` as it goes."""
    from ..tracing import agent_span

    config = state.run_config
    should_run_agent_start_hooks = True
    try:
        while True:
            agent = state.current_agent
            all_tools = await agent.get_all_tools(state.context_wrapper)
            if state.current_span is None:
                handoff_names = [
                    h.agent_name for h in await get_handoffs(agent, state.context_wrapper)
                ]
                schema = get_output_schema(agent)
                state.current_span = agent_span(
                    name=agent.name,
                    handoffs=handoff_names,
                    output_type=schema.name() if schema is not None else "str",
                )
                state.current_span.start(mark_as_current=True)
                state.current_span.span_data.tools = [t.name for t in all_tools]
                state.emit(AgentUpdatedStreamEvent(new_agent=agent))

            state.current_turn += 1
            if state.streamed is not None:
                state.streamed.current_turn = state.current_turn
            if state.max_turns is not None and state.current_turn > state.max_turns:
                attach_error_to_span(
                    state.current_span, "Max turns exceeded", {"max_turns": state.max_turns}
                )
                error = MaxTurnsExceeded(f"Max turns ({state.max_turns}) exceeded")
                handled = await resolve_error_handler(
                    state.error_handlers,
                    "max_turns",
                    error,
                    state.context_wrapper,
                    state.original_input,
                    state.session_items,
                    state.raw_responses,
                    agent,
                )
                if handled is None:
                    raise error
                output, item = validate_and_format_handler_output(agent, handled)
                from .steps import run_final_output_hooks

                await run_final_output_hooks(agent, state.hooks, state.context_wrapper, output)
                await run_output_guardrails(
                    agent.output_guardrails + (config.output_guardrails or []),
                    agent,
                    output,
                    state.context_wrapper,
                    state.output_guardrail_results,
                )
                if item is not None:
                    state.session_items.append(item)
                    state.generated_items.append(item)
                    state.emit_items([item])
                await save_session_items(state, [item] if item is not None else [])
                state.current_turn = state.max_turns
                return output

            logger.debug("Running agent %s (turn %s)", agent.name, state.current_turn)
            agent_context = contextvars.copy_context()
            turn_span = None
            if _task_and_turn_spans(config):
                from ..tracing import turn_span as make_turn_span

                turn_span = make_turn_span(turn=state.current_turn, agent_name=agent.name)
                turn_span.start(mark_as_current=True)
            turn_usage_start = _usage_snapshot(state.context_wrapper.usage)
            try:
                if state.current_turn == 1:
                    step = await _turn_with_guardrails(
                        state, agent, all_tools, should_run_agent_start_hooks, agent_context
                    )
                else:
                    step = await run_single_turn(
                        state, agent, all_tools, should_run_agent_start_hooks
                    )
            finally:
                if turn_span is not None:
                    attach_usage(turn_span, turn_usage_start, state.context_wrapper.usage)
                    turn_span.finish(reset_current=True)
            should_run_agent_start_hooks = False

            state.original_input = step.original_input
            state.generated_items = step.model_input_items
            new_session_items = (
                step.session_step_items
                if step.session_step_items is not None
                else step.new_step_items
            )
            state.session_items.extend(new_session_items)
            state.nested_owned_items.extend(step.nested_owned_items)
            if step.session_step_items is not None and not step.nested_owned_items:
                state.history_rewritten = True
            state.tool_input_guardrail_results.extend(step.tool_input_guardrail_results)
            state.tool_output_guardrail_results.extend(step.tool_output_guardrail_results)
            state.sync_streamed()

            if isinstance(step.next_step, NextStepFinalOutput):
                await run_output_guardrails(
                    agent.output_guardrails + (config.output_guardrails or []),
                    agent,
                    step.next_step.output,
                    state.context_wrapper,
                    state.output_guardrail_results,
                )
                await save_session_items(state, new_session_items)
                return step.next_step.output

            await save_session_items(state, new_session_items)
            if isinstance(step.next_step, NextStepHandoff):
                state.current_agent = step.next_step.new_agent
                if state.streamed is not None:
                    state.streamed._set_current_agent(state.current_agent)
                    from .steps import get_output_schema as _schema

                    state.streamed._current_agent_output_schema = _schema(state.current_agent)
                state.current_span.finish(reset_current=True)
                state.current_span = None
                should_run_agent_start_hooks = True
            elif not isinstance(step.next_step, NextStepRunAgain):
                raise AgentsException(f"Unknown next step type: {type(step.next_step)}")

            if state.streamed is not None and state.streamed._cancel_mode == "after_turn":
                return None
    except AgentsException as exc:
        exc.run_data = state.error_details()
        raise
    except Exception as exc:
        if state.current_span is not None:
            attach_error_to_span(
                state.current_span,
                "Error in agent run",
                {"error": str(exc) if config.trace_include_sensitive_data else ""},
            )
        raise
    finally:
        if state.current_span is not None:
            state.current_span.finish(reset_current=True)
            state.current_span = None
        await state.computers.dispose_all()


async def persist_input_on_guardrail_trip(state: _RunState) -> None:
    if state.session is not None and state.tracker is None and not state.session_input_saved:
        await save_session_items(state, [])


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
    session: Any,
    error_handlers: Any,
) -> _RunState:
    from ..lifecycle import AgentHooksBase, RunHooksBase

    if not isinstance(starting_agent, Agent):
        raise UserError(f"starting_agent must be an Agent, got {type(starting_agent).__name__}")
    if hooks is None:
        hooks = RunHooksBase()
    elif isinstance(hooks, AgentHooksBase):
        raise TypeError(
            "Run hooks must be instances of RunHooks. "
            f"Received agent-scoped hooks ({type(hooks).__name__}). "
            "Attach AgentHooks to an Agent via Agent(..., hooks=...)."
        )
    elif not isinstance(hooks, RunHooksBase):
        raise TypeError(
            f"Run hooks must be instances of RunHooks. Received {type(hooks).__name__}."
        )
    if run_config is None:
        run_config = RunConfig()
    elif isinstance(run_config, dict):
        run_config = RunConfig(**run_config)
    if max_turns is not None and (not isinstance(max_turns, int) or max_turns < 1):
        raise UserError(f"max_turns must be a positive integer or None, got {max_turns!r}")
    context_wrapper = (
        context if isinstance(context, RunContextWrapper) else RunContextWrapper(context=context)
    )
    tracker = None
    if conversation_id is not None or previous_response_id is not None or auto_previous_response_id:
        tracker = ServerConversationTracker(
            conversation_id, previous_response_id, auto_previous_response_id
        )
    return _RunState(
        starting_agent=starting_agent,
        current_agent=starting_agent,
        original_input=input if isinstance(input, str) else list(input),
        context_wrapper=context_wrapper,
        run_config=run_config,
        hooks=hooks,
        max_turns=max_turns,
        session=session,
        error_handlers=error_handlers,
        tracker=tracker,
    )


async def start_run(state: _RunState) -> None:
    """Load the session history (if any) into the run input."""
    if state.session is not None:
        prepared, new_items = await prepare_input_with_session(
            state.original_input, state.session, state.run_config
        )
        state.original_input = prepared
        state.session_input_items = new_items


async def execute_run(state: _RunState) -> RunResult:
    from ..result import RunResult

    with run_trace(state.run_config), task_span_for_run(state):
        await start_run(state)
        try:
            final_output = await run_loop(state)
        except InputGuardrailTripwireTriggered:
            await persist_input_on_guardrail_trip(state)
            raise
    return RunResult(
        input=state.original_input,
        new_items=state.session_items,
        raw_responses=state.raw_responses,
        final_output=final_output,
        input_guardrail_results=state.input_guardrail_results,
        output_guardrail_results=state.output_guardrail_results,
        tool_input_guardrail_results=state.tool_input_guardrail_results,
        tool_output_guardrail_results=state.tool_output_guardrail_results,
        context_wrapper=state.context_wrapper,
        _last_agent=state.current_agent,
        max_turns=state.max_turns,
        _nested_owned_items=state.nested_owned_items,
        _model_input_items=list(state.generated_items) if state.history_rewritten else None,
        _reasoning_item_id_policy=state.run_config.reasoning_item_id_policy,
    )


async def execute_streamed_run(state: _RunState) -> None:
    """The background task of a streamed run: runs the loop and ends the event queue."""
    from ..result import _COMPLETE

    streamed = state.streamed
    assert streamed is not None
    try:
        with run_trace(state.run_config) as current_trace, task_span_for_run(state):
            streamed.trace = current_trace
            await start_run(state)
            streamed.input = state.original_input
            try:
                final_output = await run_loop(state)
            except InputGuardrailTripwireTriggered:
                await persist_input_on_guardrail_trip(state)
                raise
            finally:
                state.sync_streamed()
            streamed.final_output = final_output
    except asyncio.CancelledError:
        streamed.is_complete = True
        raise
    except BaseException as exc:
        streamed._stored_exception = exc
    finally:
        streamed.is_complete = True
        streamed._event_queue.put_nowait(_COMPLETE)
