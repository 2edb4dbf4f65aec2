"""Pausing and resuming: a run as a public `RunState`, a `RunState` as a run, and the paused
turn's pending calls run once their decisions are in."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from ..exceptions import UserError
from ..items import ToolCallOutputItem
from ..run_config import RunConfig
from ..run_state import RunState
from ..tool import FunctionTool, HostedMCPTool
from .agent_config import get_output_schema
from .response_processing import ProcessedResponse, ToolRunFunction, ToolRunMCPApprovalRequest
from .shell_actions import add_pending_shell_run
from .step_result import SingleStepResult
from .turn_resolution import execute_tools_and_side_effects

if TYPE_CHECKING:
    from ..agent import Agent
    from .state import _RunState


def export_run_state(state: _RunState) -> RunState[Any, Any]:
    """The run so far as a `RunState` (the paused turn's calls stay pending)."""
    tracker = state.tracker
    used: dict[str, list[str]] = {}
    for agent, names in state.tool_use_tracker._used:
        used.setdefault(agent.name, []).extend(names)
    return RunState(
        _current_agent=state.current_agent,
        _original_input=state.original_input
        if isinstance(state.original_input, str)
        else list(state.original_input),
        _context=state.context_wrapper,
        _max_turns=state.max_turns,
        _current_turn=state.current_turn,
        _model_responses=list(state.raw_responses),
        _generated_items=list(state.generated_items),
        _session_items=list(state.session_items),
        _interruptions=list(state.interruptions),
        _pending_calls=list(state.pending_calls),
        _last_model_response=state.last_response,
        _tool_use_tracker=used,
        _input_guardrail_results=list(state.guardrails.input),
        _output_guardrail_results=list(state.guardrails.output),
        _tool_input_guardrail_results=list(state.guardrails.tool_input),
        _tool_output_guardrail_results=list(state.guardrails.tool_output),
        _conversation_id=tracker.conversation_id if tracker is not None else None,
        _previous_response_id=tracker.previous_response_id if tracker is not None else None,
        _auto_previous_response_id=tracker.auto_previous_response_id
        if tracker is not None
        else False,
        _trace=_trace_metadata(state),
        _reasoning_item_id_policy=state.run_config.reasoning_item_id_policy,
    )


def _trace_metadata(state: _RunState) -> dict[str, Any] | None:
    """The run's trace as snapshots record it (the same keys as openai-agents)."""
    trace = state.trace
    if trace is None or not trace.trace_id or trace.trace_id == "no-op":
        return None
    config = state.run_config
    out: dict[str, Any] = {"object": "trace", "id": trace.trace_id, "workflow_name": trace.name}
    if config.group_id is not None:
        out["group_id"] = config.group_id
    if config.trace_metadata:
        out["metadata"] = dict(config.trace_metadata)
    return out


def traced_config(config: RunConfig, saved: RunState[Any, Any]) -> RunConfig:
    """The resumed run's configuration: it continues the saved run's trace unless the caller
    names another one."""
    trace = saved._trace
    if not trace or config.trace_id is not None or not isinstance(trace.get("id"), str):
        return config
    return dataclasses.replace(
        config,
        trace_id=trace["id"],
        workflow_name=trace.get("workflow_name") or config.workflow_name,
        group_id=config.group_id or trace.get("group_id"),
        trace_metadata=config.trace_metadata or trace.get("metadata"),
    )


def restore_into(state: _RunState, saved: RunState[Any, Any]) -> None:
    """Make a freshly built run state continue the saved run."""
    state.current_agent = saved._current_agent
    state.current_turn = saved._current_turn
    state.generated_items = list(saved._generated_items)
    state.session_items = list(saved._session_items)
    state.raw_responses = list(saved._model_responses)
    state.guardrails.input.extend(saved._input_guardrail_results)
    state.guardrails.output.extend(saved._output_guardrail_results)
    state.guardrails.tool_input.extend(saved._tool_input_guardrail_results)
    state.guardrails.tool_output.extend(saved._tool_output_guardrail_results)
    state.last_response = saved._last_model_response
    state.interruptions = list(saved._interruptions)
    state.pending_calls = list(saved._pending_calls)
    state.resuming = bool(saved._interruptions)
    # The input (and the session history in it) was loaded and saved by the first run.
    state.persistence.input_saved = True
    state.restored_from = saved
    for item in state.generated_items:
        if state.tracker is not None:
            state.tracker._sent_items.add(id(item))
    if state.tracker is not None:
        state.tracker._sent_initial = True


async def _pending_runs(state: _RunState, saved: RunState[Any, Any]) -> ProcessedResponse:
    agent = state.current_agent
    tools = {t.name: t for t in await agent.get_all_tools(state.context_wrapper)}
    # Calls with an output already ran (snapshots from openai-agents list every call of the turn).
    answered = {
        item.call_id for item in state.generated_items if isinstance(item, ToolCallOutputItem)
    }
    out = ProcessedResponse()
    for call in saved._pending_calls:
        if call.tool_name == "hosted_mcp" or _call_id(call.tool_call) in answered:
            continue
        tool = tools.get(call.tool_name)
        if add_pending_shell_run(out, call.tool_call, tool):
            continue
        if not isinstance(tool, FunctionTool):
            raise UserError(
                f"Cannot resume: agent {agent.name!r} has no function tool {call.tool_name!r}."
            )
        out.functions.append(ToolRunFunction(tool_call=call.tool_call, function_tool=tool))
    return out


def _call_id(tool_call: Any) -> Any:
    if isinstance(tool_call, dict):
        return tool_call.get("call_id")
    return getattr(tool_call, "call_id", None)


def _pending_mcp(state: _RunState, saved: RunState[Any, Any]) -> list[ToolRunMCPApprovalRequest]:
    servers = {
        t.tool_config.get("server_label"): t
        for t in state.current_agent.tools
        if isinstance(t, HostedMCPTool)
    }
    out = []
    for call in saved._pending_calls:
        if call.tool_name != "hosted_mcp":
            continue
        server = servers.get(getattr(call.tool_call, "server_label", None))
        if server is None:
            raise UserError(
                "Cannot resume: the paused hosted MCP approval request names server "
                f"{getattr(call.tool_call, 'server_label', None)!r}, which the agent lacks."
            )
        out.append(ToolRunMCPApprovalRequest(request_item=call.tool_call, mcp_tool=server))
    return out


async def resume_paused_turn(state: _RunState) -> SingleStepResult:
    """Run the paused turn's pending calls (approved ones run, rejected ones get their
    message, undecided ones pause the run again), then decide the next step as the turn
    would have."""
    saved = state.restored_from
    assert saved is not None and state.last_response is not None
    agent: Agent[Any] = state.current_agent
    processed = await _pending_runs(state, saved)
    processed.mcp_manual_requests = _pending_mcp(state, saved)
    state.interruptions = []
    state.resuming = False
    step = await execute_tools_and_side_effects(
        agent=agent,
        original_input=state.original_input,
        pre_step_items=state.generated_items,
        new_response=state.last_response,
        processed=processed,
        output_schema=get_output_schema(agent),
        hooks=state.hooks,
        context_wrapper=state.context_wrapper,
        run_config=state.run_config,
        computers=state.computers,
        error_handlers=state.error_handlers,
        server_manages_conversation=state.tracker is not None,
    )
    state.emit_items(
        step.session_step_items if step.session_step_items is not None else step.new_step_items
    )
    return step
