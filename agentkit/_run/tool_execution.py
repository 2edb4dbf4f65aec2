"""Running the turn's local tools: function tools (concurrently), local shell calls, hosted MCP
approval callbacks, and the error outputs for tools the model named but the agent lacks."""

from __future__ import annotations

import asyncio
import inspect
from typing import TYPE_CHECKING, Any

from .._custom_tool import invoke_custom_tool
from .._tool_features import consume_sdk_generated_output, mark_sdk_generated_output
from ..exceptions import AgentsException, UserError
from ..items import ItemHelpers, MCPApprovalResponseItem, RunItem, ToolCallOutputItem
from ..logger import logger
from ..run_config import RunConfig, ToolErrorFormatterArgs
from ..run_context import RunContextWrapper
from ..tool import (
    FunctionToolResult,
    LocalShellCommandRequest,
    MCPToolApprovalRequest,
    _execute_function_tool,
)
from ..tool_context import ToolContext
from ..tracing import function_span
from ..util._dataclass import dataclass
from .hooks import run_tool_end_hooks, run_tool_start_hooks
from .response_processing import (
    ToolRunCustom,
    ToolRunFunction,
    ToolRunFunctionNotFound,
    ToolRunLocalShellCall,
    ToolRunMCPApprovalRequest,
)
from .util import attach_error_to_current_span

if TYPE_CHECKING:
    from ..agent import Agent
    from ..items import ToolApprovalItem
    from ..lifecycle import RunHooksBase
    from ..tool_guardrails import ToolInputGuardrailResult, ToolOutputGuardrailResult


@dataclass
class NestedInterruption:
    """What an agent tool returns when its nested run paused on approvals."""

    interruptions: list[ToolApprovalItem]


async def _invoke_function_tool(
    tool_run: ToolRunFunction,
    tool_context: ToolContext[Any],
    agent: Agent[Any],
    hooks: RunHooksBase[Any, Any],
    config: RunConfig,
    input_results: list[ToolInputGuardrailResult],
    output_results: list[ToolOutputGuardrailResult],
) -> Any:
    """Invoke one function tool (guardrails, hooks); returns its output."""
    func_tool = tool_run.function_tool

    async def before_invoke() -> None:
        await run_tool_start_hooks(hooks, agent, tool_context, func_tool)

    try:
        outcome = await _execute_function_tool(
            function_tool=func_tool,
            context=tool_context,
            agent=agent,
            arguments=tool_run.tool_call.arguments,
            input_guardrail_results=input_results,
            output_guardrail_results=output_results,
            before_invoke=before_invoke,
        )
    except Exception as e:
        attach_error_to_current_span(
            "Error running tool",
            {
                "tool_name": func_tool.name,
                "error": str(e) if config.trace_include_sensitive_data else "",
            },
        )
        if isinstance(e, AgentsException):
            raise
        raise UserError(f"Error running tool {func_tool.name}: {e}") from e
    if outcome.rejected_by is not None:
        mark_sdk_generated_output(tool_context)
    if outcome.invoked and not isinstance(outcome.output, NestedInterruption):
        await run_tool_end_hooks(hooks, agent, tool_context, func_tool, outcome.output)
    return outcome.output


async def _run_function_tool(
    tool_run: ToolRunFunction,
    agent: Agent[Any],
    hooks: RunHooksBase[Any, Any],
    context_wrapper: RunContextWrapper[Any],
    config: RunConfig,
    input_results: list[ToolInputGuardrailResult],
    output_results: list[ToolOutputGuardrailResult],
) -> FunctionToolResult:
    """One function tool call under its `function` span, as a `FunctionToolResult`."""
    func_tool = tool_run.function_tool
    tool_call = tool_run.tool_call
    with function_span(func_tool.name) as span:
        tool_context = ToolContext.from_agent_context(
            context_wrapper, tool_call.call_id, tool_call=tool_call, agent=agent, run_config=config
        )
        if config.trace_include_sensitive_data:
            span.span_data.input = tool_call.arguments
        result = await _invoke_function_tool(
            tool_run, tool_context, agent, hooks, config, input_results, output_results
        )
        if isinstance(result, NestedInterruption):
            return FunctionToolResult(
                tool=func_tool, output=None, run_item=None, interruptions=result.interruptions
            )
        if config.trace_include_sensitive_data:
            span.span_data.output = result
    # A declared output schema does not apply to SDK-written messages (errors, rejections).
    typed = not consume_sdk_generated_output(tool_context)
    raw_item = ItemHelpers.tool_call_output_item(
        tool_call,
        result,
        output_json_schema=func_tool.output_json_schema if typed else None,
        output_type_adapter=func_tool._output_type_adapter if typed else None,
    )
    custom_data = None
    if func_tool.custom_data_extractor is not None or getattr(tool_context, "_custom_data", None):
        from .._custom_data import function_tool_custom_data  # loaded by the first that has any

        custom_data = await function_tool_custom_data(func_tool, tool_context, result, raw_item)
    return FunctionToolResult(
        tool=func_tool,
        output=result,
        run_item=ToolCallOutputItem(
            output=result, raw_item=raw_item, agent=agent, custom_data=custom_data
        ),
    )


async def execute_function_tools(
    *,
    agent: Agent[Any],
    tool_runs: list[ToolRunFunction],
    hooks: RunHooksBase[Any, Any],
    context_wrapper: RunContextWrapper[Any],
    config: RunConfig,
    input_results: list[ToolInputGuardrailResult],
    output_results: list[ToolOutputGuardrailResult],
) -> list[FunctionToolResult]:
    """Run the turn's function tools concurrently (bounded by `tool_execution`), in call order."""
    limit = config.tool_execution.max_function_tool_concurrency if config.tool_execution else None
    semaphore = asyncio.Semaphore(limit) if limit else None

    async def run(tool_run: ToolRunFunction) -> FunctionToolResult:
        return await _run_function_tool(
            tool_run, agent, hooks, context_wrapper, config, input_results, output_results
        )

    async def run_one(tool_run: ToolRunFunction) -> FunctionToolResult:
        if semaphore is None:
            return await run(tool_run)
        async with semaphore:
            return await run(tool_run)

    tasks = [asyncio.ensure_future(run_one(t)) for t in tool_runs]
    try:
        if len(tasks) == 1:
            return [await tasks[0]]
        return list(await asyncio.gather(*tasks))
    except BaseException:
        for t in tasks:
            t.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        raise


async def execute_local_shell_calls(
    *,
    agent: Agent[Any],
    calls: list[ToolRunLocalShellCall],
    hooks: RunHooksBase[Any, Any],
    context_wrapper: RunContextWrapper[Any],
) -> list[RunItem]:
    results: list[RunItem] = []
    for call in calls:
        await run_tool_start_hooks(hooks, agent, context_wrapper, call.local_shell_tool)
        output = call.local_shell_tool.executor(
            LocalShellCommandRequest(ctx_wrapper=context_wrapper, data=call.tool_call)
        )
        result = await output if inspect.isawaitable(output) else output
        raw = {
            "type": "local_shell_call_output",
            "call_id": call.tool_call.call_id,
            "output": result,
        }
        await run_tool_end_hooks(hooks, agent, context_wrapper, call.local_shell_tool, result)
        results.append(ToolCallOutputItem(agent=agent, output=result, raw_item=raw))
    return results


async def execute_mcp_approval_requests(
    *,
    agent: Agent[Any],
    requests: list[ToolRunMCPApprovalRequest],
    context_wrapper: RunContextWrapper[Any],
) -> list[RunItem]:
    async def run_one(request: ToolRunMCPApprovalRequest) -> RunItem:
        callback = request.mcp_tool.on_approval_request
        assert callback is not None
        outcome = callback(MCPToolApprovalRequest(context_wrapper, request.request_item))
        if inspect.isawaitable(outcome):
            outcome = await outcome
        approve = bool(outcome["approve"])
        reason = outcome.get("reason")
        raw: dict[str, Any] = {
            "approval_request_id": request.request_item.id,
            "approve": approve,
            "type": "mcp_approval_response",
        }
        if not approve and reason:
            raw["reason"] = reason
        return MCPApprovalResponseItem(raw_item=raw, agent=agent)

    return list(await asyncio.gather(*(run_one(r) for r in requests)))


async def tool_not_found_items(
    *,
    agent: Agent[Any],
    calls: list[ToolRunFunctionNotFound],
    context_wrapper: RunContextWrapper[Any],
    config: RunConfig,
) -> list[RunItem]:
    items: list[RunItem] = []
    for call in calls:
        message = f"Tool '{call.tool_name}' not found."
        if config.tool_error_formatter is not None:
            try:
                custom = config.tool_error_formatter(
                    ToolErrorFormatterArgs(
                        kind="tool_not_found",
                        tool_type="function",
                        tool_name=call.tool_name,
                        call_id=call.tool_call.call_id,
                        default_message=message,
                        run_context=context_wrapper,
                    )
                )
                if inspect.isawaitable(custom):
                    custom = await custom
                if isinstance(custom, str):
                    message = custom
            except Exception:
                logger.exception("Tool error formatter failed for missing tool")
        items.append(
            ToolCallOutputItem(
                output=message,
                raw_item=ItemHelpers.tool_call_output_item(call.tool_call, message),
                agent=agent,
            )
        )
    return items


async def execute_custom_tool_calls(
    *,
    agent: Agent[Any],
    calls: list[ToolRunCustom],
    hooks: RunHooksBase[Any, Any],
    context_wrapper: RunContextWrapper[Any],
    config: RunConfig,
) -> list[RunItem]:
    """Run the turn's custom (freeform) tool calls concurrently, each under a function span;
    their `custom_tool_call_output` items in call order."""

    async def run_one(call: ToolRunCustom) -> RunItem:
        tool, tool_call = call.custom_tool, call.tool_call
        tool_context = ToolContext.from_agent_context(
            context_wrapper,
            tool_call.call_id,
            tool_name=tool.name,
            tool_arguments=tool_call.input,
            agent=agent,
            run_config=config,
        )
        with function_span(tool.name) as span:
            if config.trace_include_sensitive_data:
                span.span_data.input = tool_call.input
            await run_tool_start_hooks(hooks, agent, tool_context, tool)
            output, raw, custom_data = await invoke_custom_tool(tool, tool_call, tool_context)
            await run_tool_end_hooks(hooks, agent, tool_context, tool, output)
            if config.trace_include_sensitive_data:
                span.span_data.output = output
        return ToolCallOutputItem(agent=agent, output=output, raw_item=raw, custom_data=custom_data)

    return list(await asyncio.gather(*(run_one(call) for call in calls)))
