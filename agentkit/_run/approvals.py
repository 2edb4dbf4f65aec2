"""Tool approvals: which calls of a turn need a person's decision, and what a decision does."""

from __future__ import annotations

import inspect
import json
from dataclasses import field
from typing import TYPE_CHECKING, Any, Literal, NoReturn

from ..exceptions import UserError
from ..items import (
    ItemHelpers,
    MCPApprovalResponseItem,
    RunItem,
    ToolApprovalItem,
    ToolCallOutputItem,
)
from ..logger import logger
from ..run_config import RunConfig, ToolErrorFormatterArgs
from ..run_context import RunContextWrapper
from ..tool import DEFAULT_APPROVAL_REJECTION_MESSAGE
from ..util._dataclass import dataclass

if TYPE_CHECKING:
    from ..agent import Agent
    from ..tool import FunctionTool
    from .response_processing import ToolRunFunction, ToolRunMCPApprovalRequest

DEFAULT_REJECTION_MESSAGE = DEFAULT_APPROVAL_REJECTION_MESSAGE


def _no_constants(value: str) -> NoReturn:
    raise ValueError(f"JSON constant {value} is not allowed")


def parse_approval_arguments(arguments: str | None) -> dict[str, Any] | None:
    """The call's arguments as an object, or None when a rule cannot safely inspect them
    (missing, blank, malformed, not an object, or holding NaN/Infinity)."""
    if arguments is None or not arguments.strip():
        return None
    try:
        parsed = json.loads(arguments, parse_constant=_no_constants)
    except ValueError:
        return None
    return parsed if isinstance(parsed, dict) else None


async def call_needs_approval(
    tool: FunctionTool, context: RunContextWrapper[Any], arguments: str | None, call_id: str
) -> bool:
    """Whether this call needs approval; a rule fails closed on arguments it cannot read."""
    setting = tool.needs_approval
    if isinstance(setting, bool):
        return setting
    if not callable(setting):
        raise UserError(
            f"Tool {tool.name!r}: needs_approval must be a bool or a callable, "
            f"got {type(setting).__name__}."
        )
    params = parse_approval_arguments(arguments)
    if params is None:
        return True
    decided = setting(context, params, call_id)
    if inspect.isawaitable(decided):
        decided = await decided
    return bool(decided)


async def rejection_message(
    context: RunContextWrapper[Any],
    config: RunConfig,
    tool_name: str,
    call_id: str,
    tool_type: Literal["function", "shell", "apply_patch"] = "function",
    explicit: str | None = None,
) -> str:
    """What the model is told about a rejected call: the reviewer's message, else the run's
    `tool_error_formatter`, else the default."""
    if explicit is None:
        explicit = context.get_rejection_message(tool_name, call_id)
    if explicit is not None:
        return explicit
    if config.tool_error_formatter is None:
        return DEFAULT_REJECTION_MESSAGE
    try:
        custom = config.tool_error_formatter(
            ToolErrorFormatterArgs(
                kind="approval_rejected",
                tool_type=tool_type,
                tool_name=tool_name,
                call_id=call_id,
                default_message=DEFAULT_REJECTION_MESSAGE,
                run_context=context,
            )
        )
        if inspect.isawaitable(custom):
            custom = await custom
    except Exception:
        logger.exception("Tool error formatter failed for a rejected approval")
        return DEFAULT_REJECTION_MESSAGE
    return custom if isinstance(custom, str) else DEFAULT_REJECTION_MESSAGE


@dataclass
class ApprovalPartition:
    """A turn's function calls sorted by their approval state."""

    to_run: list[ToolRunFunction] = field(default_factory=list)
    rejected: list[RunItem] = field(default_factory=list)
    """The outputs of rejected calls."""
    interruptions: list[ToolApprovalItem] = field(default_factory=list)
    """Calls waiting for a decision."""


async def partition_function_runs(
    agent: Agent[Any],
    runs: list[ToolRunFunction],
    context: RunContextWrapper[Any],
    config: RunConfig,
) -> ApprovalPartition:
    """Sort calls into those that run now, those rejected, and those waiting for approval."""
    out = ApprovalPartition()
    for run in runs:
        call = run.tool_call
        tool = run.function_tool
        # Every call id is bound to one invocation (as upstream): a reused id with other
        # arguments is a ModelBehaviorError, and no decision carries over to it.
        context._register_invocation(call, tool.name)
        if not await call_needs_approval(tool, context, call.arguments, call.call_id):
            out.to_run.append(run)
            continue
        pending = ToolApprovalItem(agent=agent, raw_item=call, tool_name=tool.name)
        decided, explicit = context._approval_decision(pending)
        if decided is True:
            out.to_run.append(run)
        elif decided is False:
            message = await rejection_message(
                context, config, tool.name, call.call_id, explicit=explicit
            )
            out.rejected.append(
                ToolCallOutputItem(
                    output=message,
                    raw_item=ItemHelpers.tool_call_output_item(call, message),
                    agent=agent,
                )
            )
        else:
            out.interruptions.append(pending)
    for run in out.to_run:
        context._mark_invocation_executed(run.tool_call, run.function_tool.name)
    return out


def _mcp_request_item(agent: Agent[Any], request: Any) -> ToolApprovalItem:
    return ToolApprovalItem(agent=agent, raw_item=request, tool_name=request.name)


def resolve_mcp_requests(
    agent: Agent[Any], requests: list[ToolRunMCPApprovalRequest], context: RunContextWrapper[Any]
) -> tuple[list[RunItem], list[ToolApprovalItem]]:
    """Hosted MCP approval requests without a callback: the decided ones become approval
    responses for the server; the others wait for a person (decisions are kept per server
    label and tool name)."""
    responses: list[RunItem] = []
    pending: list[ToolApprovalItem] = []
    for run in requests:
        request = run.request_item
        item = _mcp_request_item(agent, request)
        decided, reason = context._approval_decision(item)
        if decided is None:
            pending.append(item)
            continue
        raw: dict[str, Any] = {
            "type": "mcp_approval_response",
            "approval_request_id": request.id,
            "approve": decided,
        }
        if not decided and reason:
            raw["reason"] = reason
        responses.append(MCPApprovalResponseItem(agent=agent, raw_item=raw))
    return responses, pending
