"""Shell and apply-patch calls: classifying them, approvals, running them, and the output items
the model gets back (the same fields as openai-agents 0.24)."""

from __future__ import annotations

import inspect
import json
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import asdict
from typing import TYPE_CHECKING, Any, Literal, cast

from ..exceptions import ModelBehaviorError
from ..items import RunItem, ToolApprovalItem, ToolCallItem, ToolCallOutputItem
from ..logger import logger
from ..run_config import RunConfig
from ..run_context import RunContextWrapper
from ..util._dataclass import dataclass
from .approvals import rejection_message
from .hooks import run_tool_end_hooks, run_tool_start_hooks
from .util import attach_error_to_current_span, attach_error_to_span

if TYPE_CHECKING:
    from .._apply_patch_tool import ApplyPatchTool
    from .._shell_tool import ShellCallData, ShellTool
    from ..agent import Agent
    from ..editor import ApplyPatchOperation, ApplyPatchResult
    from ..lifecycle import RunHooksBase

ToolKind = Literal["shell", "apply_patch"]


@dataclass
class ToolRunShellCall:
    tool_call: Any
    shell_tool: ShellTool


@dataclass
class ToolRunApplyPatchCall:
    tool_call: Any
    apply_patch_tool: ApplyPatchTool


def _get(target: Any, key: str) -> Any:
    if isinstance(target, Mapping):
        return target.get(key)
    return getattr(target, key, None)


def raw_call_dict(output: Any) -> dict[str, Any]:
    """The call as the dict the run keeps (`created_by` dropped, as upstream)."""
    raw = dict(output) if isinstance(output, Mapping) else output.model_dump(exclude_unset=True)
    raw.pop("created_by", None)
    return cast("dict[str, Any]", raw)


# --- classification ---------------------------------------------------------------------------


def classify_shell_call(
    output: Any, agent: Agent[Any], tool: ShellTool | None
) -> tuple[RunItem, str, ToolRunShellCall | None]:
    """The item for a `shell_call`, the tool name used, and the call to run (None when the
    shell is hosted: the server ran it)."""
    raw = raw_call_dict(output)
    if tool is None:
        attach_error_to_current_span("Shell tool not found", {})
        raise ModelBehaviorError("Model produced shell call without a shell tool.")
    item = ToolCallItem(raw_item=raw, agent=agent, _resolved_tool_name=tool.name)
    environment = tool.environment
    if environment is None or environment["type"] != "local":
        logger.debug("Skipping local shell execution for hosted shell tool %s", tool.name)
        return item, tool.name, None
    if tool.executor is None:
        attach_error_to_current_span("Local shell executor not found", {})
        raise ModelBehaviorError("Model produced local shell call without a local shell executor.")
    return item, tool.name, ToolRunShellCall(tool_call=raw, shell_tool=tool)


def classify_shell_output(output: Any, agent: Agent[Any]) -> RunItem:
    """A `shell_call_output` the hosted shell produced."""
    raw = raw_call_dict(output)
    outputs = raw.get("output")
    if isinstance(outputs, list):
        for entry in outputs:
            if isinstance(entry, dict):
                entry.pop("created_by", None)
    return ToolCallOutputItem(raw_item=raw, output=raw.get("output"), agent=agent)


def classify_apply_patch_call(
    output: Any, agent: Agent[Any], tool: ApplyPatchTool | None
) -> tuple[RunItem, str, ToolRunApplyPatchCall]:
    raw = raw_call_dict(output)
    if tool is None:
        attach_error_to_current_span("Apply patch tool not found", {})
        raise ModelBehaviorError("Model produced apply_patch call without an apply_patch tool.")
    item = ToolCallItem(raw_item=raw, agent=agent, _resolved_tool_name=tool.name)
    return item, tool.name, ToolRunApplyPatchCall(tool_call=raw, apply_patch_tool=tool)


# --- normalizing calls ------------------------------------------------------------------------


def coerce_shell_call(tool_call: Any) -> ShellCallData:
    """The call as `ShellCallData`; a malformed call is a `ModelBehaviorError`."""
    from .._shell_tool import ShellActionRequest, ShellCallData

    call_id = _get(tool_call, "call_id")
    if not call_id:
        raise ModelBehaviorError("Shell call is missing call_id.")
    action = _get(tool_call, "action")
    if action is None:
        raise ModelBehaviorError("Shell call is missing an action payload.")
    commands_value = _get(action, "commands")
    if isinstance(commands_value, (str, bytes, bytearray)) or not isinstance(
        commands_value, Sequence
    ):
        raise ModelBehaviorError(
            "Shell call action commands must be a sequence of command strings."
        )
    commands = [str(c) for c in commands_value if c is not None]
    if not commands:
        raise ModelBehaviorError("Shell call action must include at least one command.")
    max_length = _get(action, "max_output_length")
    status = _get(tool_call, "status")
    status = status.lower() if isinstance(status, str) else None
    return ShellCallData(
        call_id=str(call_id),
        action=ShellActionRequest(
            commands=commands,
            timeout_ms=_timeout_ms(action),
            max_output_length=int(max_length) if isinstance(max_length, (int, float)) else None,
        ),
        status=status if status in ("in_progress", "completed") else None,  # type: ignore[arg-type]
        raw=tool_call,
    )


def _timeout_ms(action: Any) -> int | None:
    # Zero has no portable meaning for an executor: treated like None (as upstream).
    for key in ("timeout_ms", "timeoutMs", "timeout"):
        value = _get(action, key)
        if value is None or (
            isinstance(value, (int, float)) and not isinstance(value, bool) and value == 0
        ):
            continue
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ModelBehaviorError(
                "Shell call action timeout must be a positive integer in milliseconds, zero, "
                "or None."
            )
        return value
    return None


def coerce_apply_patch_operations(
    tool_call: Any, context_wrapper: RunContextWrapper[Any]
) -> list[ApplyPatchOperation]:
    """The call's operations (`operation`, or a list `operations`) for the editor."""
    many = _get(tool_call, "operations")
    if isinstance(many, list):
        if not many:
            raise ModelBehaviorError("Apply patch call includes no operations.")
        return [_coerce_operation(op, context_wrapper) for op in many]
    one = _get(tool_call, "operation")
    if one is None:
        raise ModelBehaviorError("Apply patch call is missing an operation payload.")
    return [_coerce_operation(one, context_wrapper)]


def _coerce_operation(raw: Any, context_wrapper: RunContextWrapper[Any]) -> ApplyPatchOperation:
    from ..editor import ApplyPatchOperation

    kind = str(_get(raw, "type"))
    if kind not in ("create_file", "update_file", "delete_file"):
        raise ModelBehaviorError(f"Unknown apply_patch operation: {kind}")
    path = _get(raw, "path")
    if not isinstance(path, str) or not path:
        raise ModelBehaviorError("Apply patch operation is missing a valid path.")
    diff = _get(raw, "diff")
    if kind != "delete_file" and (not isinstance(diff, str) or not diff):
        raise ModelBehaviorError(
            f"Apply patch operation {kind} is missing the required diff payload."
        )
    move_to = _get(raw, "move_to")
    if move_to is not None and (not isinstance(move_to, str) or not move_to):
        raise ModelBehaviorError("Apply patch operation move_to must be a non-empty path.")
    return ApplyPatchOperation(
        type=kind,  # type: ignore[arg-type]
        path=path,
        diff=diff if kind != "delete_file" else None,
        ctx_wrapper=context_wrapper,
        move_to=move_to,
    )


def call_id_of(tool_call: Any, what: str) -> str:
    value = _get(tool_call, "call_id")
    if not value:
        raise ModelBehaviorError(f"{what} call is missing call_id.")
    return str(value)


# --- approvals --------------------------------------------------------------------------------


async def _needs_approval(setting: Any, *args: Any) -> bool:
    if isinstance(setting, bool):
        return setting
    if callable(setting):
        decided = setting(*args)
        if inspect.isawaitable(decided):
            decided = await decided
        return bool(decided)
    from ..exceptions import UserError

    raise UserError(
        f"Invalid needs_approval value: expected a bool or callable, got {type(setting).__name__}."
    )


async def approval_status(
    *,
    agent: Agent[Any],
    tool: ShellTool | ApplyPatchTool,
    tool_call: Any,
    call_id: str,
    context_wrapper: RunContextWrapper[Any],
    needs_approval: Callable[[], Awaitable[bool]],
) -> tuple[bool | None, ToolApprovalItem | None]:
    """(True: run it, False: rejected, None: waiting) and the approval item when one is needed.

    A stored decision wins; otherwise the tool's rule decides whether to ask, and its
    `on_approval` may decide right away."""
    decided = context_wrapper.is_tool_approved(tool.name, call_id)
    if decided is not None:
        return decided, None
    if not await needs_approval():
        return True, None
    item = ToolApprovalItem(agent=agent, raw_item=tool_call, tool_name=tool.name)
    if tool.on_approval is not None:
        verdict: Any = tool.on_approval(context_wrapper, item)
        if inspect.isawaitable(verdict):
            verdict = await verdict
        if isinstance(verdict, Mapping):
            if verdict.get("approve") is True:
                context_wrapper.approve_tool(item)
            elif verdict.get("approve") is False:
                reason = verdict.get("reason")
                context_wrapper.reject_tool(
                    item, rejection_message=reason if isinstance(reason, str) and reason else None
                )
    return context_wrapper.is_tool_approved(tool.name, call_id), item


def _copy_caller(tool_call: Any, raw: dict[str, Any]) -> None:
    caller = _get(tool_call, "caller")
    if caller is not None:
        dump = getattr(caller, "model_dump", None)
        raw["caller"] = dump(mode="json", exclude_none=True) if callable(dump) else caller


def shell_rejection_item(
    agent: Agent[Any], call_id: str, tool_call: Any, message: str
) -> ToolCallOutputItem:
    raw: dict[str, Any] = {
        "type": "shell_call_output",
        "call_id": call_id,
        "output": [{"stdout": "", "stderr": message, "outcome": {"type": "exit", "exit_code": 1}}],
    }
    _copy_caller(tool_call, raw)
    return ToolCallOutputItem(agent=agent, output=message, raw_item=raw)


def apply_patch_rejection_item(
    agent: Agent[Any], call_id: str, tool_call: Any, message: str
) -> ToolCallOutputItem:
    raw: dict[str, Any] = {
        "type": "apply_patch_call_output",
        "call_id": call_id,
        "output": message,
        "status": "failed",
    }
    _copy_caller(tool_call, raw)
    return ToolCallOutputItem(agent=agent, output=message, raw_item=raw)


# --- running ----------------------------------------------------------------------------------


def _error_text(error: BaseException) -> str:
    return str(error) or error.__class__.__name__


def _record_error(span: Any, config: RunConfig, tool_name: str, text: str) -> None:
    attach_error_to_span(
        span,
        "Error running tool",
        {"tool_name": tool_name, "error": text if config.trace_include_sensitive_data else ""},
    )


async def _shell_output_item(
    agent: Agent[Any],
    run: ToolRunShellCall,
    call: ShellCallData,
    context_wrapper: RunContextWrapper[Any],
    span: Any,
    config: RunConfig,
) -> ToolCallOutputItem:
    from .._shell_tool import ShellCommandRequest
    from .shell_output import ShapedShellOutput, model_output_entries, shape_result

    status: Literal["completed", "failed"] = "completed"
    executor = run.shell_tool.executor
    request = ShellCommandRequest(ctx_wrapper=context_wrapper, data=call)
    try:
        if executor is None:
            raise ModelBehaviorError("Shell tool has no local executor configured.")
        result = executor(request)
        if inspect.isawaitable(result):
            result = await result
        shaped = shape_result(result, call.action.max_output_length)
    except Exception as exc:
        status = "failed"
        text = _error_text(exc)
        _record_error(span, config, run.shell_tool.name, text)
        logger.error("Shell executor failed: %s", type(exc).__name__)
        requested = call.action.max_output_length
        limit = None if requested is None else max(0, requested)
        shaped = ShapedShellOutput(
            text=text if limit is None else text[:limit], max_output_length=limit
        )
    entries = shaped.entries or None
    if entries is None and shaped.text:
        entries = [
            {
                "stdout": shaped.text,
                "stderr": "",
                "status": status,
                "outcome": "success" if status == "completed" else "failure",
            }
        ]
    raw: dict[str, Any] = {
        "type": "shell_call_output",
        "call_id": call.call_id,
        "output": model_output_entries(entries) if entries else [],
        "status": status,
    }
    _copy_caller(run.tool_call, raw)
    if shaped.max_output_length is not None:
        raw["max_output_length"] = shaped.max_output_length
    if entries:
        raw["shell_output"] = entries
    if shaped.provider_data:
        raw["provider_data"] = shaped.provider_data
    return ToolCallOutputItem(agent=agent, output=shaped.text, raw_item=raw)


async def _run_shell_call(
    agent: Agent[Any],
    run: ToolRunShellCall,
    hooks: RunHooksBase[Any, Any],
    context_wrapper: RunContextWrapper[Any],
    config: RunConfig,
) -> RunItem:
    from ..tracing import function_span

    tool = run.shell_tool
    call = coerce_shell_call(run.tool_call)
    with function_span(tool.name) as span:
        if config.trace_include_sensitive_data:
            span.span_data.input = json.dumps(asdict(call.action), default=str)
        status, approval = await approval_status(
            agent=agent,
            tool=tool,
            tool_call=run.tool_call,
            call_id=call.call_id,
            context_wrapper=context_wrapper,
            needs_approval=lambda: _needs_approval(
                tool.needs_approval, context_wrapper, call.action, call.call_id
            ),
        )
        if status is None and approval is not None:
            return approval
        if status is False:
            message = await rejection_message(
                context_wrapper, config, tool.name, call.call_id, "shell"
            )
            return shell_rejection_item(agent, call.call_id, run.tool_call, message)
        await run_tool_start_hooks(hooks, agent, context_wrapper, tool)
        item = await _shell_output_item(agent, run, call, context_wrapper, span, config)
        await run_tool_end_hooks(hooks, agent, context_wrapper, tool, item.output)
        if config.trace_include_sensitive_data:
            span.span_data.output = item.output
    return item


async def execute_shell_calls(
    *,
    agent: Agent[Any],
    calls: list[ToolRunShellCall],
    hooks: RunHooksBase[Any, Any],
    context_wrapper: RunContextWrapper[Any],
    config: RunConfig,
) -> list[RunItem]:
    """Run shell calls one after another: output items, rejections, or approval items."""
    return [await _run_shell_call(agent, c, hooks, context_wrapper, config) for c in calls]


def _normalize_patch_result(result: Any) -> ApplyPatchResult | None:
    from ..editor import ApplyPatchResult

    if result is None or isinstance(result, ApplyPatchResult):
        return result
    if isinstance(result, Mapping):
        status = result.get("status")
        output = result.get("output")
        return ApplyPatchResult(
            status=status if status in ("completed", "failed") else None,
            output=str(output) if output is not None else None,
        )
    return ApplyPatchResult(output=str(result))


async def _apply_operations(
    tool: ApplyPatchTool, operations: list[ApplyPatchOperation]
) -> tuple[Literal["completed", "failed"], str]:
    status: Literal["completed", "failed"] = "completed"
    outputs: list[str] = []
    editor = tool.editor
    for operation in operations:
        method = {
            "create_file": editor.create_file,
            "update_file": editor.update_file,
            "delete_file": editor.delete_file,
        }[operation.type]
        result: Any = method(operation)
        if inspect.isawaitable(result):
            result = await result
        normalized = _normalize_patch_result(result)
        if normalized is not None:
            if normalized.status == "failed":
                status = "failed"
            if normalized.output:
                outputs.append(normalized.output)
    return status, "\n".join(outputs)


async def _patch_needs_approval(
    tool: ApplyPatchTool,
    operations: list[ApplyPatchOperation],
    context_wrapper: RunContextWrapper[Any],
    call_id: str,
) -> bool:
    for operation in operations:
        if await _needs_approval(tool.needs_approval, context_wrapper, operation, call_id):
            return True
    return False


async def _run_apply_patch_call(
    agent: Agent[Any],
    run: ToolRunApplyPatchCall,
    hooks: RunHooksBase[Any, Any],
    context_wrapper: RunContextWrapper[Any],
    config: RunConfig,
) -> RunItem:
    from ..tracing import function_span

    tool = run.apply_patch_tool
    operations = coerce_apply_patch_operations(run.tool_call, context_wrapper)
    call_id = call_id_of(run.tool_call, "Apply patch")
    with function_span(tool.name) as span:
        if config.trace_include_sensitive_data:
            span.span_data.input = json.dumps(
                [{"type": o.type, "path": o.path, "diff": o.diff} for o in operations]
            )
        status, approval = await approval_status(
            agent=agent,
            tool=tool,
            tool_call=run.tool_call,
            call_id=call_id,
            context_wrapper=context_wrapper,
            needs_approval=lambda: _patch_needs_approval(
                tool, operations, context_wrapper, call_id
            ),
        )
        if status is None and approval is not None:
            return approval
        if status is False:
            message = await rejection_message(
                context_wrapper, config, tool.name, call_id, "apply_patch"
            )
            return apply_patch_rejection_item(agent, call_id, run.tool_call, message)
        await run_tool_start_hooks(hooks, agent, context_wrapper, tool)
        try:
            outcome, text = await _apply_operations(tool, operations)
        except Exception as exc:
            outcome, text = "failed", _error_text(exc)
            _record_error(span, config, tool.name, text)
            logger.error("Apply patch editor failed: %s", type(exc).__name__)
        raw: dict[str, Any] = {
            "type": "apply_patch_call_output",
            "call_id": call_id,
            "status": outcome,
        }
        _copy_caller(run.tool_call, raw)
        if text:
            raw["output"] = text
        await run_tool_end_hooks(hooks, agent, context_wrapper, tool, text)
        if config.trace_include_sensitive_data:
            span.span_data.output = text
    return ToolCallOutputItem(agent=agent, output=text, raw_item=raw)


async def execute_apply_patch_calls(
    *,
    agent: Agent[Any],
    calls: list[ToolRunApplyPatchCall],
    hooks: RunHooksBase[Any, Any],
    context_wrapper: RunContextWrapper[Any],
    config: RunConfig,
) -> list[RunItem]:
    """Run apply-patch calls one after another: output items, rejections, or approval items."""
    return [await _run_apply_patch_call(agent, c, hooks, context_wrapper, config) for c in calls]


def classify_shell_item(out: Any, output: Any, agent: Agent[Any], all_tools: list[Any]) -> bool:
    """Add a shell / apply-patch call or output to `out` (a `ProcessedResponse`); False when
    `output` is none of those."""
    from .._apply_patch_tool import ApplyPatchTool
    from .._shell_tool import ShellTool

    kind = _get(output, "type")
    if kind == "shell_call":
        shell = next((t for t in all_tools if isinstance(t, ShellTool)), None)
        if shell is None:
            out.tools_used.append("shell")
        item, name, run = classify_shell_call(output, agent, shell)
        out.new_items.append(item)
        out.tools_used.append(name)
        if run is not None:
            out.shell_calls.append(run)
    elif kind == "shell_call_output":
        shell = next((t for t in all_tools if isinstance(t, ShellTool)), None)
        out.tools_used.append(shell.name if shell is not None else "shell")
        out.new_items.append(classify_shell_output(output, agent))
    elif kind == "apply_patch_call":
        patcher = next((t for t in all_tools if isinstance(t, ApplyPatchTool)), None)
        if patcher is None:
            out.tools_used.append("apply_patch")
        item, name, patch_run = classify_apply_patch_call(output, agent, patcher)
        out.new_items.append(item)
        out.tools_used.append(name)
        out.apply_patch_calls.append(patch_run)
    else:
        return False
    return True


def add_pending_shell_run(out: Any, tool_call: Any, tool: Any) -> bool:
    """On resume: queue a paused shell / apply-patch call on `out` (a `ProcessedResponse`);
    False when `tool` is neither kind."""
    from .._apply_patch_tool import ApplyPatchTool
    from .._shell_tool import ShellTool

    if isinstance(tool, ShellTool):
        out.shell_calls.append(ToolRunShellCall(tool_call=tool_call, shell_tool=tool))
    elif isinstance(tool, ApplyPatchTool):
        out.apply_patch_calls.append(
            ToolRunApplyPatchCall(tool_call=tool_call, apply_patch_tool=tool)
        )
    else:
        return False
    return True
