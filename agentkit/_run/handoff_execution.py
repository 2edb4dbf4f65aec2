"""Executing a handoff: invoke it, announce it, and rewrite the history the next agent sees
(the handoff's input filter, or nested handoff history)."""

from __future__ import annotations

import inspect
from dataclasses import field
from typing import TYPE_CHECKING, Any

from ..exceptions import UserError
from ..handoffs import HandoffInputData
from ..items import HandoffOutputItem, ItemHelpers, ModelResponse, RunItem, ToolCallOutputItem
from ..logger import logger
from ..run_config import RunConfig
from ..run_context import RunContextWrapper
from ..util._dataclass import dataclass
from .hooks import run_handoff_hooks
from .response_processing import ToolRunHandoff
from .step_result import NextStepHandoff, SingleStepResult
from .util import attach_error_to_span

if TYPE_CHECKING:
    from ..agent import Agent
    from ..handoffs import Handoff, HandoffInputFilter
    from ..items import TResponseInputItem
    from ..lifecycle import RunHooksBase
    from ..tool_guardrails import ToolInputGuardrailResult, ToolOutputGuardrailResult
    from ..tracing import Span


@dataclass
class _History:
    """The history around a handoff, as the next agent will see it."""

    original_input: str | list[TResponseInputItem]
    pre_step_items: list[RunItem]
    new_step_items: list[RunItem]
    session_step_items: list[RunItem] | None = None
    """This turn's items for the session and `new_items`, when they differ from the model's."""
    owned_items: list[RunItem] = field(default_factory=list)

    def input_data(self, context_wrapper: RunContextWrapper[Any]) -> HandoffInputData:
        return HandoffInputData(
            input_history=tuple(self.original_input)
            if isinstance(self.original_input, list)
            else self.original_input,
            pre_handoff_items=tuple(self.pre_step_items),
            new_items=tuple(self.new_step_items),
            run_context=context_wrapper,
        )


def _as_input(history: str | tuple[TResponseInputItem, ...]) -> str | list[TResponseInputItem]:
    return history if isinstance(history, str) else list(history)


def _ignored_handoff_outputs(agent: Agent[Any], extra: list[ToolRunHandoff]) -> list[RunItem]:
    """Outputs telling the model that the handoffs after the first were ignored."""
    message = "Multiple handoffs detected, ignoring this one."
    return [
        ToolCallOutputItem(
            output=message,
            raw_item=ItemHelpers.tool_call_output_item(h.tool_call, message),
            agent=agent,
        )
        for h in extra
    ]


def _filter_and_nesting(
    chosen: Handoff[Any, Any],
    run_config: RunConfig,
    server_manages_conversation: bool,
    names: tuple[str, str],
) -> tuple[HandoffInputFilter | None, bool]:
    """The handoff's input filter and whether to nest the history (the run's defaults apply)."""
    input_filter = (
        chosen.input_filter if chosen.input_filter is not None else run_config.handoff_input_filter
    )
    should_nest = (
        chosen.nest_handoff_history
        if chosen.nest_handoff_history is not None
        else run_config.nest_handoff_history
    )
    if not server_manages_conversation:
        return input_filter, bool(should_nest)
    # As upstream 0.24: the server holds the history, so a filter cannot change what the next
    # agent sees (an error), and nesting falls back to delta-only input (a warning).
    if input_filter is not None:
        raise UserError(
            "Server-managed conversations do not support handoff input filters. "
            "Remove Handoff.input_filter or RunConfig.handoff_input_filter, "
            "or disable conversation_id, previous_response_id, and auto_previous_response_id."
        )
    if should_nest:
        logger.warning(
            "Server-managed conversations do not support nest_handoff_history for handoff "
            "%s -> %s. Disabling nested handoff history and continuing with delta-only input.",
            *names,
        )
    return None, False


async def _apply_input_filter(
    input_filter: Any, history: _History, data: HandoffInputData, span: Span[Any]
) -> None:
    if not callable(input_filter):
        attach_error_to_span(span, "Invalid input filter", {"details": "not callable()"})
        raise UserError(f"Invalid input filter: {input_filter}")
    filtered = input_filter(data)
    if inspect.isawaitable(filtered):
        filtered = await filtered
    if not isinstance(filtered, HandoffInputData):
        attach_error_to_span(
            span, "Invalid input filter result", {"details": "not a HandoffInputData"}
        )
        raise UserError(f"Invalid input filter result: {filtered}")
    history.original_input = _as_input(filtered.input_history)
    history.pre_step_items = list(filtered.pre_handoff_items)
    history.new_step_items = list(filtered.new_items)
    if filtered.input_items is not None:
        history.session_step_items = list(filtered.new_items)
        history.new_step_items = list(filtered.input_items)


def _apply_nesting(history: _History, data: HandoffInputData, run_config: RunConfig) -> None:
    from ..handoffs.history import _nest_with_owned_items  # loaded by the first nested handoff

    nested, history.owned_items = _nest_with_owned_items(
        data, history_mapper=run_config.handoff_history_mapper
    )
    history.original_input = _as_input(nested.input_history)
    history.pre_step_items = list(nested.pre_handoff_items)
    history.session_step_items = list(nested.new_items)
    history.new_step_items = (
        list(nested.input_items) if nested.input_items is not None else history.session_step_items
    )


async def _invoke_handoff(
    agent: Agent[Any],
    run_handoffs: list[ToolRunHandoff],
    hooks: RunHooksBase[Any, Any],
    context_wrapper: RunContextWrapper[Any],
    span: Span[Any],
) -> tuple[Agent[Any], HandoffOutputItem]:
    """Invoke the first handoff and run the handoff hooks; returns the new agent and the output
    item announcing it."""
    actual = run_handoffs[0]
    chosen = actual.handoff
    context_wrapper._mark_invocation_executed(actual.tool_call, role="handoff")
    new_agent: Agent[Any] = await chosen.on_invoke_handoff(
        context_wrapper, actual.tool_call.arguments
    )
    span.span_data.to_agent = new_agent.name
    if len(run_handoffs) > 1:
        attach_error_to_span(
            span,
            "Multiple handoffs requested",
            {"requested_agents": [h.handoff.agent_name for h in run_handoffs]},
        )
    output = HandoffOutputItem(
        agent=agent,
        raw_item=ItemHelpers.tool_call_output_item(
            actual.tool_call, chosen.get_transfer_message(new_agent)
        ),
        source_agent=agent,
        target_agent=new_agent,
    )
    context_wrapper._mark_invocation_completed(output.raw_item)
    return new_agent, output


async def execute_handoffs(
    *,
    agent: Agent[Any],
    original_input: str | list[TResponseInputItem],
    pre_step_items: list[RunItem],
    new_step_items: list[RunItem],
    new_response: ModelResponse,
    run_handoffs: list[ToolRunHandoff],
    hooks: RunHooksBase[Any, Any],
    context_wrapper: RunContextWrapper[Any],
    run_config: RunConfig,
    input_results: list[ToolInputGuardrailResult],
    output_results: list[ToolOutputGuardrailResult],
    server_manages_conversation: bool,
) -> SingleStepResult:
    """Hand off to the first requested agent (later requests are answered as ignored)."""
    from ..tracing import handoff_span

    new_step_items.extend(_ignored_handoff_outputs(agent, run_handoffs[1:]))
    history = _History(original_input, pre_step_items, new_step_items)
    with handoff_span(from_agent=agent.name) as span:
        new_agent, output = await _invoke_handoff(agent, run_handoffs, hooks, context_wrapper, span)
        new_step_items.append(output)
        await run_handoff_hooks(hooks, agent, new_agent, context_wrapper)
        input_filter, should_nest = _filter_and_nesting(
            run_handoffs[0].handoff,
            run_config,
            server_manages_conversation,
            (agent.name, new_agent.name),
        )
        if input_filter is not None:
            await _apply_input_filter(
                input_filter, history, history.input_data(context_wrapper), span
            )
        elif should_nest:
            _apply_nesting(history, history.input_data(context_wrapper), run_config)
    return SingleStepResult(
        original_input=history.original_input,
        model_response=new_response,
        pre_step_items=history.pre_step_items,
        new_step_items=history.new_step_items,
        next_step=NextStepHandoff(new_agent),
        tool_input_guardrail_results=input_results,
        tool_output_guardrail_results=output_results,
        session_step_items=history.session_step_items,
        nested_owned_items=history.owned_items,
    )
