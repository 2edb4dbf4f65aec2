"""The run loop, shared by `Runner.run` and `Runner.run_streamed`."""

from __future__ import annotations

import asyncio
import contextvars
from typing import TYPE_CHECKING, Any

from ..exceptions import AgentsException, InputGuardrailTripwireTriggered, MaxTurnsExceeded
from ..logger import logger
from ..result import _COMPLETE, RunResult, RunResultStreaming
from ..stream_events import AgentUpdatedStreamEvent
from .agent_config import get_handoffs, get_model_settings, get_output_schema
from .errors import resolve_error_handler, validate_and_format_handler_output
from .guardrails import run_output_guardrails
from .hooks import run_final_output_hooks
from .run_tracing import RunScope, finish_turn_span, start_agent_span, start_turn_span
from .step_result import (
    NextStepFinalOutput,
    NextStepHandoff,
    NextStepInterruption,
    NextStepRunAgain,
    SingleStepResult,
)
from .turn import run_first_turn, run_single_turn
from .util import attach_error_to_span

if TYPE_CHECKING:
    from ..agent import Agent
    from ..tool import Tool
    from .state import _RunState


class _Finished:
    """The loop's answer when the run ended: its final output."""

    def __init__(self, output: Any) -> None:
        self.output = output


async def _enter_agent(state: _RunState, agent: Agent[Any], all_tools: list[Tool]) -> None:
    """Open the agent's span (once per stretch of the run it leads) and announce it."""
    if state.current_span is not None:
        return
    handoff_names = [h.agent_name for h in await get_handoffs(agent, state.context_wrapper)]
    schema = get_output_schema(agent)
    state.current_span = start_agent_span(
        agent.name,
        handoff_names,
        schema.name() if schema is not None else "str",
        [t.name for t in all_tools],
    )
    state.emit(AgentUpdatedStreamEvent(new_agent=agent))


async def _finish_with(state: _RunState, agent: Agent[Any], output: Any) -> None:
    """The output guardrails of a final output (the agent's and the run's)."""
    await run_output_guardrails(
        agent.output_guardrails + (state.run_config.output_guardrails or []),
        agent,
        output,
        state.context_wrapper,
        state.guardrails.output,
    )


async def _max_turns_exceeded(state: _RunState, agent: Agent[Any]) -> Any:
    """The final output a `max_turns` error handler gives; raises MaxTurnsExceeded without one."""
    assert state.max_turns is not None
    attach_error_to_span(state.current_span, "Max turns exceeded", {"max_turns": state.max_turns})
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
    await run_final_output_hooks(agent, state.hooks, state.context_wrapper, output)
    await _finish_with(state, agent, output)
    if item is not None:
        state.session_items.append(item)
        state.generated_items.append(item)
        state.emit_items([item])
    await state.persistence.save([item] if item is not None else [])
    state.current_turn = state.max_turns
    return output


def _record_step(state: _RunState, step: SingleStepResult) -> list[Any]:
    """Fold the turn's result into the run state; returns the turn's items for the session."""
    state.original_input = step.original_input
    state.generated_items = step.model_input_items
    new_session_items = (
        step.session_step_items if step.session_step_items is not None else step.new_step_items
    )
    state.session_items.extend(new_session_items)
    state.nested_owned_items.extend(step.nested_owned_items)
    if step.session_step_items is not None and not step.nested_owned_items:
        state.history_rewritten = True
    state.guardrails.tool_input.extend(step.tool_input_guardrail_results)
    state.guardrails.tool_output.extend(step.tool_output_guardrail_results)
    state.sync_streamed()
    return new_session_items


async def _compact_session(state: _RunState, agent: Agent[Any], step: SingleStepResult) -> None:
    if state.persistence.session is None:
        return  # nothing to compact: skip resolving the model settings (done twice a turn)
    store = get_model_settings(agent, state.run_config).store
    await state.persistence.compact_after_turn(
        step.model_response, store, step.new_step_items, state.context_wrapper
    )


async def _after_step(
    state: _RunState, agent: Agent[Any], step: SingleStepResult
) -> _Finished | None:
    """Apply the turn's next step: finish, switch agents, or go round again."""
    new_session_items = _record_step(state, step)
    next_step = step.next_step
    if isinstance(next_step, NextStepFinalOutput):
        await _finish_with(state, agent, next_step.output)
        await state.persistence.save(new_session_items)
        await _compact_session(state, agent, step)
        return _Finished(next_step.output)
    await state.persistence.save(new_session_items)
    await _compact_session(state, agent, step)
    if isinstance(next_step, NextStepHandoff):
        state.current_agent = next_step.new_agent
        if state.streamed is not None:
            state.streamed._set_current_agent(state.current_agent)
            state.streamed._current_agent_output_schema = get_output_schema(state.current_agent)
        if state.current_span is not None:
            state.current_span.finish(reset_current=True)
        state.current_span = None
    elif isinstance(next_step, NextStepInterruption):
        state.interruptions = list(next_step.interruptions)
        state.pending_calls = list(next_step.pending_calls)
        state.last_response = step.model_response
        return _Finished(None)
    elif not isinstance(next_step, NextStepRunAgain):
        raise AgentsException(f"Unknown next step type: {type(next_step)}")
    return None


async def _resume(state: _RunState) -> _Finished | None:
    """Finish the paused turn of a resumed run (its pending calls), as `_after_step` would."""
    agent = state.current_agent
    # Imported here: only a resumed run needs the resume code (and the RunState codec behind it).
    from .resume import resume_paused_turn

    await _enter_agent(state, agent, await agent.get_all_tools(state.context_wrapper))
    step = await resume_paused_turn(state)
    return await _after_step(state, agent, step)


async def _next_turn(
    state: _RunState,
) -> tuple[Agent[Any], list[Tool], contextvars.Context | None] | _Finished:
    """Start the next turn: its agent, that agent's tools, and the context a first turn with input
    guardrails runs in (None for the plain turn); or the run's end when `max_turns` is passed."""
    agent = state.current_agent
    all_tools = await agent.get_all_tools(state.context_wrapper)
    await _enter_agent(state, agent, all_tools)
    state.current_turn += 1
    if state.streamed is not None:
        state.streamed.current_turn = state.current_turn
    if state.max_turns is not None and state.current_turn > state.max_turns:
        return _Finished(await _max_turns_exceeded(state, agent))
    logger.debug("Running agent %s (turn %s)", agent.name, state.current_turn)
    # Only a first turn with input guardrails needs more than the plain turn.
    guarded = state.current_turn == 1 and bool(
        state.starting_agent.input_guardrails or state.run_config.input_guardrails
    )
    return agent, all_tools, contextvars.copy_context() if guarded else None


async def _load_and_loop(state: _RunState) -> Any:
    """Load the session history into the input, then run turns until a final output; returns
    it, filling `state` as it goes (an input tripwire still saves the input to the session).

    The loop and each turn's span are inline: every coroutine frame here is held through every
    model call of every run in flight."""
    if state.restored_from is None:
        state.original_input = await state.persistence.load(state.original_input, state.run_config)
    if state.streamed is not None:
        state.streamed.input = state.original_input
    try:
        try:
            run_start_hooks = True
            if state.resuming:
                resumed = await _resume(state)
                if resumed is not None:
                    return resumed.output
            while True:
                turn = await _next_turn(state)
                if isinstance(turn, _Finished):
                    return turn.output
                agent, all_tools, agent_context = turn
                usage = state.context_wrapper.usage
                turn_span = start_turn_span(state.run_config, state.current_turn, agent.name, usage)
                try:
                    if agent_context is not None:
                        step = await run_first_turn(
                            state, agent, all_tools, run_start_hooks, agent_context
                        )
                    else:
                        step = await run_single_turn(state, agent, all_tools, run_start_hooks)
                finally:
                    finish_turn_span(turn_span, usage)
                finished = await _after_step(state, agent, step)
                if finished is not None:
                    return finished.output
                # A new agent runs its start hooks on its first turn.
                run_start_hooks = isinstance(step.next_step, NextStepHandoff)
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
                    {"error": str(exc) if state.run_config.trace_include_sensitive_data else ""},
                )
            raise
        finally:
            if state.current_span is not None:
                state.current_span.finish(reset_current=True)
                state.current_span = None
            await state.computers.dispose_all()
    except InputGuardrailTripwireTriggered:
        await state.persistence.save_input_after_tripwire()
        raise


async def execute_run(state: _RunState) -> RunResult:
    with RunScope(state.run_config, state.context_wrapper.usage) as scope:
        state.trace = scope.trace
        final_output = await _load_and_loop(state)
    return RunResult(
        **state.snapshot(),
        final_output=final_output,
        _last_agent=state.current_agent,
        max_turns=state.max_turns,
    )


def start_streamed_run(state: _RunState) -> RunResultStreaming:
    """The streamed result, with the run started as its background task."""
    result = RunResultStreaming(
        **state.snapshot(),
        final_output=None,
        current_agent=state.starting_agent,
        current_turn=0,
        max_turns=state.max_turns,
        _current_agent_output_schema=get_output_schema(state.starting_agent),
        trace=None,
    )
    state.streamed = result
    result.run_loop_task = asyncio.get_running_loop().create_task(execute_streamed_run(state))
    return result


async def execute_streamed_run(state: _RunState) -> None:
    """The background task of a streamed run: runs the loop and ends the event queue."""
    streamed = state.streamed
    assert streamed is not None
    try:
        with RunScope(state.run_config, state.context_wrapper.usage) as scope:
            streamed.trace = scope.trace
            state.trace = scope.trace
            try:
                streamed.final_output = await _load_and_loop(state)
            finally:
                state.sync_streamed()
    except asyncio.CancelledError:
        streamed.is_complete = True
        raise
    except BaseException as exc:
        streamed._stored_exception = exc
    finally:
        streamed.is_complete = True
        streamed._event_queue.put_nowait(_COMPLETE)
