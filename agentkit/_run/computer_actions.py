"""Running computer actions: the computers a run creates, the actions, the safety checks."""

from __future__ import annotations

import inspect
import json
from typing import TYPE_CHECKING, Any, cast

from .._computer_lifecycle import dispose_resolved_computers, initializer_of, resolve_computer
from ..exceptions import ModelBehaviorError, UserError
from ..items import RunItem, ToolCallOutputItem
from ..logger import logger
from ..run_config import RunConfig
from ..run_context import RunContextWrapper
from ..tool import ComputerTool, ComputerToolSafetyCheckData
from ..tracing import function_span
from .hooks import run_tool_end_hooks, run_tool_start_hooks
from .input_items import as_dict
from .response_processing import ToolRunComputerAction
from .util import attach_error_to_span

if TYPE_CHECKING:
    from ..agent import Agent
    from ..lifecycle import RunHooksBase


class ComputerCache:
    """The run's computers: each `ComputerTool` with a factory or provider gets one computer per
    run context (`resolve_computer`), disposed when the run ends (`dispose_resolved_computers`)."""

    def __init__(self) -> None:
        self.contexts: list[RunContextWrapper[Any]] = []

    async def resolve(self, tool: ComputerTool[Any], ctx: RunContextWrapper[Any]) -> Any:
        if not any(c is ctx for c in self.contexts):
            self.contexts.append(ctx)
        return await resolve_computer(tool=tool, run_context=ctx)

    async def initialize(self, tools: list[Any], ctx: RunContextWrapper[Any]) -> None:
        """Create the per-run computers before the model call, as upstream does (the preview
        computer tool's definition needs the computer's environment and dimensions)."""
        for tool in tools:
            if isinstance(tool, ComputerTool) and initializer_of(tool) is not None:
                await self.resolve(tool, ctx)

    async def dispose_all(self) -> None:
        contexts, self.contexts = self.contexts, []
        for ctx in contexts:
            await dispose_resolved_computers(run_context=ctx)


async def _computer_call(computer: Any, method: str, *args: Any) -> Any:
    result = getattr(computer, method)(*args)
    if inspect.isawaitable(result):
        result = await result
    return result


async def _execute_computer_action(computer: Any, tool_call: Any) -> str:
    """Run the call's action(s) (a batch `actions`, or a single `action`); return a screenshot.

    A batch that ends with a screenshot reuses it instead of taking another.
    """
    actions = list(tool_call.actions or []) or (
        [tool_call.action] if tool_call.action is not None else []
    )
    last_screenshot: str | None = None
    for action in actions:
        kind = getattr(action, "type", None)
        last_screenshot = None
        if kind == "click":
            await _computer_call(computer, "click", action.x, action.y, action.button)
        elif kind == "double_click":
            await _computer_call(computer, "double_click", action.x, action.y)
        elif kind == "drag":
            await _computer_call(computer, "drag", [(p.x, p.y) for p in action.path])
        elif kind == "keypress":
            await _computer_call(computer, "keypress", action.keys)
        elif kind == "move":
            await _computer_call(computer, "move", action.x, action.y)
        elif kind == "screenshot":
            last_screenshot = cast(str, await _computer_call(computer, "screenshot"))
        elif kind == "scroll":
            await _computer_call(
                computer, "scroll", action.x, action.y, action.scroll_x, action.scroll_y
            )
        elif kind == "type":
            await _computer_call(computer, "type", action.text)
        elif kind == "wait":
            await _computer_call(computer, "wait")
        else:
            raise ModelBehaviorError(f"Computer tool returned unknown action type {kind!r}")
    if last_screenshot is not None:
        return last_screenshot
    return cast(str, await _computer_call(computer, "screenshot"))


async def _acknowledge_safety_checks(
    agent: Agent[Any], action: ToolRunComputerAction, context_wrapper: RunContextWrapper[Any]
) -> list[dict[str, Any]] | None:
    """The pending safety checks the tool's `on_safety_check` acknowledged (None without a
    handler); raises UserError when one is refused."""

    tool_call = action.tool_call
    checks = list(getattr(tool_call, "pending_safety_checks", None) or [])
    if checks and action.computer_tool.on_safety_check is None:
        logger.warning(
            "Computer call has pending safety checks, but no on_safety_check handler is "
            "configured; the action proceeds without acknowledging them."
        )
    if not checks or action.computer_tool.on_safety_check is None:
        return None
    acknowledged: list[dict[str, Any]] = []
    for check in checks:
        ack = action.computer_tool.on_safety_check(
            ComputerToolSafetyCheckData(
                ctx_wrapper=context_wrapper, agent=agent, tool_call=tool_call, safety_check=check
            )
        )
        if inspect.isawaitable(ack):
            ack = await ack
        if not ack:
            raise UserError("Computer tool safety check was not acknowledged")
        acknowledged.append({"id": check.id, "code": check.code, "message": check.message})
    return acknowledged


async def _run_computer_action(
    agent: Agent[Any],
    action: ToolRunComputerAction,
    hooks: RunHooksBase[Any, Any],
    context_wrapper: RunContextWrapper[Any],
    config: RunConfig,
    computers: ComputerCache,
) -> ToolCallOutputItem:

    tool_call = action.tool_call
    acknowledged = await _acknowledge_safety_checks(agent, action, context_wrapper)
    with function_span("computer") as span:
        if config.trace_include_sensitive_data:
            span.span_data.input = json.dumps(as_dict(tool_call.action) or {}, default=str)
        computer = await computers.resolve(action.computer_tool, context_wrapper)
        await run_tool_start_hooks(hooks, agent, context_wrapper, action.computer_tool)
        try:
            screenshot = await _execute_computer_action(computer, tool_call)
        except Exception as e:
            attach_error_to_span(
                span,
                "Error running tool",
                {
                    "tool_name": "computer",
                    "error": str(e) if config.trace_include_sensitive_data else "",
                },
            )
            raise
        image_url = f"data:image/png;base64,{screenshot}" if screenshot else ""
        raw_item = {
            "call_id": tool_call.call_id,
            "output": {"type": "computer_screenshot", "image_url": image_url},
            "type": "computer_call_output",
            "acknowledged_safety_checks": acknowledged,
        }
        await run_tool_end_hooks(hooks, agent, context_wrapper, action.computer_tool, image_url)
        if config.trace_include_sensitive_data:
            span.span_data.output = image_url
    return ToolCallOutputItem(agent=agent, output=image_url, raw_item=raw_item)


async def execute_computer_actions(
    *,
    agent: Agent[Any],
    actions: list[ToolRunComputerAction],
    hooks: RunHooksBase[Any, Any],
    context_wrapper: RunContextWrapper[Any],
    config: RunConfig,
    computers: ComputerCache,
) -> list[RunItem]:
    """Run computer actions one after another; each output is a screenshot."""
    results: list[RunItem] = []
    for action in actions:
        results.append(
            await _run_computer_action(agent, action, hooks, context_wrapper, config, computers)
        )
    return results
