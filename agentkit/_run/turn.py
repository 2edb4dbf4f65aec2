"""One turn: prepare the model input, call the model, classify its output, run its tools."""

from __future__ import annotations

import asyncio
import contextvars
from typing import TYPE_CHECKING, Any

from .._tool_identity import resolve_tool_name_collisions
from ..exceptions import ModelBehaviorError, UserError
from ..items import ItemHelpers, ModelResponse
from ..run_config import CallModelData, ModelInputData
from .agent_config import (
    get_handoffs,
    get_model,
    get_model_settings,
    get_output_schema,
    maybe_reset_tool_choice,
)
from .guardrails import run_input_guardrails
from .hooks import run_agent_start_hooks, run_llm_end_hooks, run_llm_start_hooks
from .input_items import dedupe_preferring_latest, prepare_turn_input
from .model_call import call_model
from .response_processing import ProcessedResponse, process_model_response, record_tool_use
from .step_result import SingleStepResult
from .turn_resolution import execute_tools_and_side_effects
from .util import attach_error_to_current_span, maybe_await

if TYPE_CHECKING:
    from collections.abc import Awaitable

    from ..agent import Agent
    from ..agent_output import AgentOutputSchemaBase
    from ..handoffs import Handoff
    from ..items import TResponseInputItem
    from ..tool import Tool
    from .state import _RunState


async def _filtered_model_input(
    state: _RunState, agent: Agent[Any], system_prompt: str | None
) -> ModelInputData:
    """The turn's input items and instructions, after `call_model_input_filter`."""
    config = state.run_config
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
                        context=state.context_wrapper.context,
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
    return filtered


def _static_prompts(agent: Agent[Any]) -> bool:
    """Whether the agent's instructions are a plain string (or none) and it has no prompt, read by
    `Agent`'s own methods (recognised by name: the runtime sits below the `agent` module)."""
    cls = type(agent)
    return (
        agent.prompt is None
        and (agent.instructions is None or isinstance(agent.instructions, str))
        and _is_agent_method(cls.get_system_prompt, "get_system_prompt")
        and _is_agent_method(cls.get_prompt, "get_prompt")
    )


def _is_agent_method(func: Any, name: str) -> bool:
    return (
        getattr(func, "__module__", None) == "agentkit.agent"
        and getattr(func, "__qualname__", None) == f"Agent.{name}"
    )


async def _start_turn(
    state: _RunState, agent: Agent[Any], all_tools: list[Tool], run_start_hooks: bool
) -> tuple[str | None, Any, list[Handoff[Any, Any]], list[Tool]]:
    """Record the turn input, run the agent-start hooks, and resolve the agent's system prompt,
    prompt, handoffs and tools (shown on the agent span; name collisions resolved by
    `RunConfig.tool_name_collision_policy`)."""
    ctx = state.context_wrapper
    try:
        turn_input = ItemHelpers.input_to_new_input_list(state.original_input)
    except Exception:
        turn_input = []
    ctx.turn_input = list(turn_input)
    if run_start_hooks:
        await run_agent_start_hooks(state.hooks, agent, ctx, turn_input)
    if _static_prompts(agent):
        # Nothing there can wait or touch a context variable: no tasks to schedule.
        system_prompt, prompt = await agent.get_system_prompt(ctx), None
    else:
        system_prompt, prompt = await asyncio.gather(
            agent.get_system_prompt(ctx), agent.get_prompt(ctx)
        )
    handoffs = await get_handoffs(agent, ctx)
    all_tools, handoffs = resolve_tool_name_collisions(
        all_tools, handoffs, collision_policy=state.run_config.tool_name_collision_policy
    )
    if state.current_span is not None:
        state.current_span.span_data.handoffs = [h.agent_name for h in handoffs]
        state.current_span.span_data.tools = [t.name for t in all_tools]
    return system_prompt, prompt, handoffs, all_tools


async def _start_model_call(
    state: _RunState,
    agent: Agent[Any],
    all_tools: list[Tool],
    output_schema: AgentOutputSchemaBase | None,
    handoffs: list[Handoff[Any, Any]],
    prompts: tuple[str | None, Any],
) -> tuple[Awaitable[ModelResponse], list[TResponseInputItem]]:
    """The model call with the turn's input (LLM-start hooks run first), to await, and that
    input; `_record_response` takes the answer. The caller awaits the call itself: no frame of
    this function is held while the model answers (in every run in flight)."""
    system_prompt, prompt = prompts
    config = state.run_config
    filtered = await _filtered_model_input(state, agent, system_prompt)
    model = get_model(agent, config)
    settings = get_model_settings(agent, config)
    settings = maybe_reset_tool_choice(agent, state.tool_use_tracker, settings)
    instructions, input_items = filtered.instructions, filtered.input
    await run_llm_start_hooks(state.hooks, agent, state.context_wrapper, instructions, input_items)
    await state.persistence.save([])
    settings = state.cache_key.apply(
        settings,
        model,
        state.tracker.conversation_id if state.tracker else None,
        state.persistence.session,
        config.group_id,
    )
    _record_model_exchange(state, None, None)
    call = call_model(
        state,
        agent,
        model,
        instructions,
        input_items,
        settings,
        all_tools,
        output_schema,
        handoffs,
        prompt,
    )
    return call, input_items


def _record_response(
    state: _RunState, input_items: list[TResponseInputItem], response: ModelResponse
) -> ModelResponse:
    """Record the model's answer to the turn's input on the run."""
    if state.tracker is not None:
        state.tracker.track_response(response)
    _record_model_exchange(state, input_items, response)
    state.context_wrapper.usage.add(response.usage)
    state.raw_responses.append(response)
    return response


def _record_model_exchange(
    state: _RunState, input_items: Any, response: ModelResponse | None
) -> None:
    """For a compaction-aware session: digests of the latest successful model call's input and
    output, which its automatic compaction matches the stored history against (cleared while a
    call is under way, so a failed one never leaves an earlier call's record)."""
    session = state.persistence.session
    if session is None:
        return
    from ..memory.openai_responses_compaction_session import _model_exchange_digests
    from ..memory.session import is_openai_responses_compaction_aware_session

    if not is_openai_responses_compaction_aware_session(session):
        return
    exchange: Any = ((), None)
    if response is not None and isinstance(input_items, list):
        exchange = _model_exchange_digests(
            session,
            input_items,
            response.to_input_items(),
            state.run_config.reasoning_item_id_policy,
        )
    state.context_wrapper._session_compaction_model_exchange = exchange  # type: ignore[attr-defined]


async def _classify(
    state: _RunState,
    agent: Agent[Any],
    all_tools: list[Tool],
    response: ModelResponse,
    output_schema: AgentOutputSchemaBase | None,
    handoffs: list[Handoff[Any, Any]],
) -> ProcessedResponse:
    """Classify the response; its items are announced before the LLM-end hooks and tools run."""
    ctx = state.context_wrapper
    try:
        processed = process_model_response(
            agent=agent,
            all_tools=all_tools,
            response=response,
            output_schema=output_schema,
            handoffs=handoffs,
            run_config=state.run_config,
        )
    except ModelBehaviorError:
        await run_llm_end_hooks(state.hooks, agent, ctx, response)
        raise
    state.emit_items(processed.new_items)
    await run_llm_end_hooks(state.hooks, agent, ctx, response)
    record_tool_use(state.tool_use_tracker, agent, processed)
    return processed


async def run_single_turn(
    state: _RunState, agent: Agent[Any], all_tools: list[Tool], run_start_hooks: bool
) -> SingleStepResult:
    system_prompt, prompt, handoffs, all_tools = await _start_turn(
        state, agent, all_tools, run_start_hooks
    )
    await state.computers.initialize(all_tools, state.context_wrapper)
    output_schema = get_output_schema(agent)
    call, input_items = await _start_model_call(
        state, agent, all_tools, output_schema, handoffs, (system_prompt, prompt)
    )
    response = _record_response(state, input_items, await call)
    processed = await _classify(state, agent, all_tools, response, output_schema, handoffs)
    step = await execute_tools_and_side_effects(
        agent=agent,
        original_input=state.original_input,
        pre_step_items=state.generated_items,
        new_response=response,
        processed=processed,
        output_schema=output_schema,
        hooks=state.hooks,
        context_wrapper=state.context_wrapper,
        run_config=state.run_config,
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


async def run_first_turn(
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
    input_copy: str | list[TResponseInputItem] = (
        state.original_input
        if isinstance(state.original_input, str)
        else list(state.original_input)
    )
    results = state.guardrails.input
    if sequential:
        await run_input_guardrails(
            state.starting_agent, sequential, input_copy, state.context_wrapper, results
        )
    if not parallel:
        return await run_single_turn(state, agent, all_tools, run_start_hooks)

    def start_guardrails() -> asyncio.Future[None]:
        return asyncio.ensure_future(
            run_input_guardrails(
                state.starting_agent, parallel, input_copy, state.context_wrapper, results
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
