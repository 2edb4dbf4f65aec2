"""Resolving a turn: run its tools and handoffs, then decide the next step (a final output, a
handoff, or another model call)."""

from __future__ import annotations

import asyncio
import functools
import inspect
from collections.abc import Awaitable, Callable
from dataclasses import field
from typing import TYPE_CHECKING, Any

from ..agent_output import AgentOutputSchemaBase
from ..exceptions import ModelBehaviorError, ModelRefusalError, UserError
from ..items import ItemHelpers, MessageOutputItem, ModelResponse, RunItem, ToolApprovalItem
from ..logger import logger
from ..run_config import RunConfig
from ..run_context import RunContextWrapper
from ..tool import ToolsToFinalOutputResult
from ..util._dataclass import dataclass
from .approvals import ApprovalPartition, partition_function_runs, resolve_mcp_requests
from .errors import resolve_error_handler, validate_and_format_handler_output
from .hooks import run_final_output_hooks
from .response_processing import ProcessedResponse
from .step_result import (
    NextStep,
    NextStepFinalOutput,
    NextStepInterruption,
    NextStepRunAgain,
    SingleStepResult,
)
from .tool_execution import (
    execute_custom_tool_calls,
    execute_function_tools,
    execute_local_shell_calls,
    execute_mcp_approval_requests,
    tool_not_found_items,
)

if TYPE_CHECKING:
    from ..agent import Agent
    from ..items import TResponseInputItem
    from ..lifecycle import RunHooksBase
    from ..run_error_handlers import RunErrorHandlers
    from ..run_state import PendingFunctionCall
    from ..tool import FunctionToolResult
    from ..tool_guardrails import ToolInputGuardrailResult, ToolOutputGuardrailResult
    from .computer_actions import ComputerCache


def _pending_call(tool_call: Any, tool_name: str) -> PendingFunctionCall:
    """A call a resume must run. Only a paused turn has one: the `RunState` module (and its
    snapshot codec) loads with the first."""
    from ..run_state import PendingFunctionCall

    return PendingFunctionCall(tool_call, tool_name)


@functools.cache
def _handoff_executor() -> Callable[..., Awaitable[SingleStepResult]]:
    """`execute_handoffs`, imported on the first handoff (a run without one never loads it)."""
    from .handoff_execution import execute_handoffs

    return execute_handoffs


async def check_for_final_output_from_tools(
    agent: Agent[Any], results: list[FunctionToolResult], context_wrapper: RunContextWrapper[Any]
) -> ToolsToFinalOutputResult:
    not_final = ToolsToFinalOutputResult(is_final_output=False, final_output=None)
    if not results:
        return not_final
    behavior = agent.tool_use_behavior
    if behavior == "run_llm_again":
        return not_final
    if behavior == "stop_on_first_tool":
        return ToolsToFinalOutputResult(is_final_output=True, final_output=results[0].output)
    if isinstance(behavior, dict):
        names = behavior.get("stop_at_tool_names", [])
        for result in results:
            if result.tool.name in names:
                return ToolsToFinalOutputResult(is_final_output=True, final_output=result.output)
        return not_final
    if callable(behavior):
        decided = behavior(context_wrapper, results)
        if inspect.isawaitable(decided):
            decided = await decided
        if not isinstance(decided, ToolsToFinalOutputResult):
            raise UserError(
                "Agent tool_use_behavior callable must return ToolsToFinalOutputResult."
            )
        return decided
    raise UserError(f"Invalid tool_use_behavior: {behavior}")


@dataclass
class _Turn:
    """One turn being resolved: who ran, what the model said, and the items so far."""

    agent: Agent[Any]
    original_input: str | list[TResponseInputItem]
    pre_step_items: list[RunItem]
    new_response: ModelResponse
    processed: ProcessedResponse
    hooks: RunHooksBase[Any, Any]
    context_wrapper: RunContextWrapper[Any]
    run_config: RunConfig
    error_handlers: RunErrorHandlers[Any] | None
    new_step_items: list[RunItem] = field(default_factory=list)
    input_results: list[ToolInputGuardrailResult] = field(default_factory=list)
    output_results: list[ToolOutputGuardrailResult] = field(default_factory=list)
    interruptions: list[ToolApprovalItem] = field(default_factory=list)
    pending_calls: list[PendingFunctionCall] = field(default_factory=list)

    def step(self, next_step: NextStep) -> SingleStepResult:
        return SingleStepResult(
            original_input=self.original_input,
            model_response=self.new_response,
            pre_step_items=self.pre_step_items,
            new_step_items=self.new_step_items,
            next_step=next_step,
            tool_input_guardrail_results=self.input_results,
            tool_output_guardrail_results=self.output_results,
        )

    async def final(self, output: Any) -> SingleStepResult:
        await run_final_output_hooks(self.agent, self.hooks, self.context_wrapper, output)
        return self.step(NextStepFinalOutput(output))

    async def handled(self, kind: str, error: Exception) -> SingleStepResult | None:
        """The final output an error handler gives for `error`, or None if none handles it."""
        result = await resolve_error_handler(
            self.error_handlers,
            kind,
            error,
            self.context_wrapper,
            self.original_input,
            self.pre_step_items + self.new_step_items,
            [self.new_response],
            self.agent,
        )
        if result is None:
            return None
        output, item = validate_and_format_handler_output(self.agent, result)
        if item is not None:
            self.new_step_items.append(item)
        return await self.final(output)


def _collect_pending(
    turn: _Turn, approvals: ApprovalPartition, results: list[FunctionToolResult]
) -> None:
    """The calls a resume must run: those waiting for approval, and agent-tool calls whose
    nested run paused (their approvals surface here)."""
    turn.interruptions = list(approvals.interruptions)
    turn.pending_calls = [
        _pending_call(i.raw_item, i.tool_name or "") for i in approvals.interruptions
    ]
    for run, result in zip(approvals.to_run, results, strict=True):
        if result.interruptions:
            # As upstream: the nested approvals are interruptions, not items of the outer run.
            turn.interruptions.extend(result.interruptions)
            turn.pending_calls.append(_pending_call(run.tool_call, run.function_tool.name))


def _add_shell_results(turn: _Turn, results: list[RunItem]) -> None:
    """Shell and apply-patch results in order; calls waiting for approval pause the run (a
    resume finds them by tool name)."""
    turn.new_step_items.extend(results)
    for item in results:
        if isinstance(item, ToolApprovalItem):
            turn.interruptions.append(item)
            turn.pending_calls.append(_pending_call(item.raw_item, item.tool_name or ""))


def _mark_completed(ctx: RunContextWrapper[Any], results: list[FunctionToolResult]) -> None:
    """The calls whose outputs were committed are complete in the invocation ledger."""
    for r in results:
        if r.run_item is not None:
            ctx._mark_invocation_completed(r.run_item.raw_item)


async def _run_tool_groups(
    turn: _Turn, approvals: ApprovalPartition, computers: ComputerCache
) -> list[list[Any]]:
    """The function tools, computer actions, local shell, shell and apply-patch calls, run
    concurrently (each group in its own task, as upstream's `gather`); their results in that
    order. Empty groups are skipped: they would only schedule tasks that return `[]`."""
    processed, hooks, ctx, config = (
        turn.processed,
        turn.hooks,
        turn.context_wrapper,
        turn.run_config,
    )
    common: dict[str, Any] = {"agent": turn.agent, "hooks": hooks, "context_wrapper": ctx}
    groups: dict[int, Callable[[], Awaitable[list[Any]]]] = {}
    if approvals.to_run:
        groups[0] = functools.partial(
            execute_function_tools,
            tool_runs=approvals.to_run,
            config=config,
            input_results=turn.input_results,
            output_results=turn.output_results,
            **common,
        )
    if processed.computer_actions:
        from .computer_actions import execute_computer_actions

        groups[1] = functools.partial(
            execute_computer_actions,
            actions=processed.computer_actions,
            config=config,
            computers=computers,
            **common,
        )
    if processed.local_shell_calls:
        groups[2] = functools.partial(
            execute_local_shell_calls, calls=processed.local_shell_calls, **common
        )
    if processed.shell_calls:
        from .shell_actions import execute_shell_calls

        groups[3] = functools.partial(
            execute_shell_calls, calls=processed.shell_calls, config=config, **common
        )
    if processed.apply_patch_calls:
        from .shell_actions import execute_apply_patch_calls

        groups[4] = functools.partial(
            execute_apply_patch_calls, calls=processed.apply_patch_calls, config=config, **common
        )
    results: list[list[Any]] = [[], [], [], [], []]
    if list(groups) == [0]:
        # Function tools alone: each call already runs in a task of its own.
        results[0] = await groups[0]()
    elif groups:
        done = await asyncio.gather(*(run() for run in groups.values()))
        for index, result in zip(groups, done, strict=True):
            results[index] = result
    return results


async def _run_tools(turn: _Turn, computers: ComputerCache) -> list[FunctionToolResult]:
    """Run the turn's function tools, computer actions and shell calls concurrently, then the
    missing-tool outputs and MCP approvals; returns the function tools' results."""
    ctx = turn.context_wrapper
    approvals = await partition_function_runs(
        turn.agent, turn.processed.functions, ctx, turn.run_config
    )
    turn.new_step_items.extend(approvals.interruptions)
    (
        function_results,
        computer_results,
        local_shell_results,
        shell_results,
        patch_results,
    ) = await _run_tool_groups(turn, approvals, computers)
    turn.new_step_items.extend(r.run_item for r in function_results if r.run_item is not None)
    _mark_completed(ctx, function_results)
    turn.new_step_items.extend(approvals.rejected)
    _collect_pending(turn, approvals, function_results)
    turn.new_step_items.extend(computer_results)
    _add_shell_results(turn, [*shell_results, *patch_results])
    turn.new_step_items.extend(local_shell_results)
    await _run_after_tools(turn)
    return function_results


async def _run_after_tools(turn: _Turn) -> None:
    """Custom tool calls, then the missing-tool outputs and the MCP approvals."""
    processed, agent, ctx, config = (
        turn.processed,
        turn.agent,
        turn.context_wrapper,
        turn.run_config,
    )
    if processed.custom_tool_calls:
        turn.new_step_items.extend(
            await execute_custom_tool_calls(
                agent=agent,
                calls=processed.custom_tool_calls,
                hooks=turn.hooks,
                context_wrapper=ctx,
                config=config,
            )
        )
    if processed.function_tools_not_found:
        turn.new_step_items.extend(
            await tool_not_found_items(
                agent=agent,
                calls=processed.function_tools_not_found,
                context_wrapper=ctx,
                config=config,
            )
        )
    mcp_responses, mcp_pending = resolve_mcp_requests(agent, processed.mcp_manual_requests, ctx)
    turn.new_step_items.extend(mcp_pending)
    turn.new_step_items.extend(mcp_responses)
    turn.interruptions.extend(mcp_pending)
    turn.pending_calls.extend(_pending_call(i.raw_item, "hosted_mcp") for i in mcp_pending)
    if processed.mcp_approval_requests:
        turn.new_step_items.extend(
            await execute_mcp_approval_requests(
                agent=agent, requests=processed.mcp_approval_requests, context_wrapper=ctx
            )
        )


async def _final_from_message(
    turn: _Turn, output_schema: AgentOutputSchemaBase | None
) -> SingleStepResult:
    """The next step when no tool decided it: the last message's refusal, structured output
    or text (error handlers may answer a refusal or an invalid output)."""
    messages = [i for i in turn.new_step_items if isinstance(i, MessageOutputItem)]
    refusal = ItemHelpers.extract_refusal(messages[-1].raw_item) if messages else None
    text = ItemHelpers.extract_text(messages[-1].raw_item) if messages else None
    if turn.processed.has_tools_or_approvals_to_run():
        return turn.step(NextStepRunAgain())
    if not messages and turn.processed.tools_used:
        # Hosted tool activity without a message: let the model respond to it.
        return turn.step(NextStepRunAgain())
    if refusal:
        error = ModelRefusalError(refusal)
        outcome = await turn.handled("model_refusal", error)
        if outcome is None:
            raise error
        return outcome
    if output_schema is None or output_schema.is_plain_text():
        return await turn.final(text or "")
    if text:
        try:
            return await turn.final(output_schema.validate_json(text))
        except ModelBehaviorError as error:
            outcome = await turn.handled("invalid_final_output", error)
            if outcome is None:
                raise
            return outcome
    missing = ModelBehaviorError("Model returned no final output for the structured output type.")
    outcome = await turn.handled("invalid_final_output", missing)
    return outcome if outcome is not None else turn.step(NextStepRunAgain())


async def execute_tools_and_side_effects(
    *,
    agent: Agent[Any],
    original_input: str | list[TResponseInputItem],
    pre_step_items: list[RunItem],
    new_response: ModelResponse,
    processed: ProcessedResponse,
    output_schema: AgentOutputSchemaBase | None,
    hooks: RunHooksBase[Any, Any],
    context_wrapper: RunContextWrapper[Any],
    run_config: RunConfig,
    computers: ComputerCache,
    error_handlers: RunErrorHandlers[Any] | None,
    server_manages_conversation: bool,
) -> SingleStepResult:
    """Run the turn's tools and handoffs, and decide what the run does next."""
    turn = _Turn(
        agent=agent,
        original_input=original_input,
        pre_step_items=list(pre_step_items),
        new_response=new_response,
        processed=processed,
        hooks=hooks,
        context_wrapper=context_wrapper,
        run_config=run_config,
        error_handlers=error_handlers,
        new_step_items=list(processed.new_items),
    )
    function_results = await _run_tools(turn, computers)
    if turn.interruptions:
        return turn.step(NextStepInterruption(turn.interruptions, turn.pending_calls))
    if processed.handoffs:
        return await _handoff_executor()(
            agent=agent,
            original_input=original_input,
            pre_step_items=turn.pre_step_items,
            new_step_items=turn.new_step_items,
            new_response=new_response,
            run_handoffs=processed.handoffs,
            hooks=hooks,
            context_wrapper=context_wrapper,
            run_config=run_config,
            input_results=turn.input_results,
            output_results=turn.output_results,
            server_manages_conversation=server_manages_conversation,
        )
    decided = await check_for_final_output_from_tools(agent, function_results, context_wrapper)
    if decided.is_final_output:
        output = decided.final_output
        if agent.output_type is None or agent.output_type is str:
            output = str(output)
        if output is None:
            logger.error("Model returned a final output of None.")
        return await turn.final(output)
    return await _final_from_message(turn, output_schema)
