"""One turn of the run loop: classify the model's output, run tools, decide the next step."""

from __future__ import annotations

import asyncio
import dataclasses
import inspect
import json
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from ..agent import Agent, ToolsToFinalOutputResult
from ..agent_output import AgentOutputSchema, AgentOutputSchemaBase
from ..exceptions import (
    AgentsException,
    InputGuardrailTripwireTriggered,
    ModelBehaviorError,
    ModelRefusalError,
    OutputGuardrailTripwireTriggered,
    UserError,
)
from ..guardrail import (
    InputGuardrail,
    InputGuardrailResult,
    OutputGuardrail,
    OutputGuardrailResult,
)
from ..handoffs import Handoff, HandoffInputData, handoff
from ..handoffs.history import _nest_with_owned_items
from ..items import (
    HandoffCallItem,
    HandoffOutputItem,
    ItemHelpers,
    MCPApprovalRequestItem,
    MCPApprovalResponseItem,
    MCPListToolsItem,
    MessageOutputItem,
    ModelResponse,
    ReasoningItem,
    RunItem,
    ToolCallItem,
    ToolCallOutputItem,
    TResponseInputItem,
)
from ..lifecycle import RunHooksBase
from ..logger import logger
from ..model_settings import ModelSettings
from ..run_config import RunConfig, ToolErrorFormatterArgs
from ..run_context import AgentHookContext, RunContextWrapper
from ..tool_guardrails import ToolInputGuardrailResult, ToolOutputGuardrailResult
from .util import attach_error_to_current_span, attach_error_to_span

if TYPE_CHECKING:
    from ..models.interface import Model
    from ..tool import (
        ComputerTool,
        FunctionTool,
        FunctionToolResult,
        HostedMCPTool,
        LocalShellTool,
        Tool,
    )

RunHooks = RunHooksBase[Any, Any]

# Call item type -> the output item type that completes it.
_CALL_TO_OUTPUT_TYPE: dict[str, str] = {
    "function_call": "function_call_output",
    "custom_tool_call": "custom_tool_call_output",
    "shell_call": "shell_call_output",
    "apply_patch_call": "apply_patch_call_output",
    "computer_call": "computer_call_output",
    "local_shell_call": "local_shell_call_output",
    "tool_search_call": "tool_search_output",
}
# Items that must stay where they first appeared when deduplicated (their followers need them).
_EARLIEST_ANCHOR_TYPES = frozenset({*_CALL_TO_OUTPUT_TYPE, "mcp_approval_request", "reasoning"})

_STREAM_EVENT_NAMES: dict[type[Any], str] = {
    MessageOutputItem: "message_output_created",
    HandoffCallItem: "handoff_requested",
    HandoffOutputItem: "handoff_occured",
    ToolCallItem: "tool_called",
    ToolCallOutputItem: "tool_output",
    ReasoningItem: "reasoning_item_created",
    MCPApprovalRequestItem: "mcp_approval_requested",
    MCPApprovalResponseItem: "mcp_approval_response",
    MCPListToolsItem: "mcp_list_tools",
}


def stream_event_name(item: RunItem) -> str | None:
    return _STREAM_EVENT_NAMES.get(type(item))


# --- Plans and results -------------------------------------------------------------------------


@dataclass
class ToolRunFunction:
    tool_call: Any
    function_tool: FunctionTool


@dataclass
class ToolRunHandoff:
    tool_call: Any
    handoff: Handoff[Any, Any]


@dataclass
class ToolRunComputerAction:
    tool_call: Any
    computer_tool: ComputerTool[Any]


@dataclass
class ToolRunLocalShellCall:
    tool_call: Any
    local_shell_tool: LocalShellTool


@dataclass
class ToolRunMCPApprovalRequest:
    request_item: Any
    mcp_tool: HostedMCPTool


@dataclass
class ToolRunFunctionNotFound:
    tool_call: Any
    tool_name: str


@dataclass
class ProcessedResponse:
    new_items: list[RunItem]
    handoffs: list[ToolRunHandoff]
    functions: list[ToolRunFunction]
    computer_actions: list[ToolRunComputerAction]
    local_shell_calls: list[ToolRunLocalShellCall]
    mcp_approval_requests: list[ToolRunMCPApprovalRequest]
    tools_used: list[str]
    function_tools_not_found: list[ToolRunFunctionNotFound] = field(default_factory=list)

    def has_tools_or_approvals_to_run(self) -> bool:
        return any(
            [
                self.handoffs,
                self.functions,
                self.computer_actions,
                self.local_shell_calls,
                self.mcp_approval_requests,
                self.function_tools_not_found,
            ]
        )


@dataclass
class NextStepFinalOutput:
    output: Any


@dataclass
class NextStepHandoff:
    new_agent: Agent[Any]


@dataclass
class NextStepRunAgain:
    pass


NextStep = NextStepFinalOutput | NextStepHandoff | NextStepRunAgain


@dataclass
class SingleStepResult:
    original_input: str | list[TResponseInputItem]
    """The run input; a handoff input filter may have replaced it."""
    model_response: ModelResponse
    pre_step_items: list[RunItem]
    new_step_items: list[RunItem]
    """This turn's items as the next model call will see them."""
    next_step: NextStep
    tool_input_guardrail_results: list[ToolInputGuardrailResult] = field(default_factory=list)
    tool_output_guardrail_results: list[ToolOutputGuardrailResult] = field(default_factory=list)
    session_step_items: list[RunItem] | None = None
    """This turn's items for the session and `new_items`, when they differ from the above."""
    nested_owned_items: list[RunItem] = field(default_factory=list)
    """Items that nested handoff history copied verbatim into `original_input`."""

    @property
    def generated_items(self) -> list[RunItem]:
        items = (
            self.session_step_items if self.session_step_items is not None else self.new_step_items
        )
        return self.pre_step_items + items

    @property
    def model_input_items(self) -> list[RunItem]:
        return self.pre_step_items + self.new_step_items


class AgentToolUseTracker:
    """Remembers which agents used tools, for `reset_tool_choice`."""

    def __init__(self) -> None:
        self._used: list[tuple[Agent[Any], list[str]]] = []
        self.models: list[Model] = []

    def record_model(self, model: Model) -> None:
        if not any(m is model for m in self.models):
            self.models.append(model)

    def add_tool_use(self, agent: Agent[Any], names: list[str]) -> None:
        if not names:
            return
        for existing_agent, existing in self._used:
            if existing_agent is agent:
                existing.extend(names)
                return
        self._used.append((agent, list(names)))

    def has_used_tools(self, agent: Agent[Any]) -> bool:
        return any(a is agent and names for a, names in self._used)


# --- Input preparation -------------------------------------------------------------------------


def run_item_to_input_item(
    item: RunItem, reasoning_item_id_policy: str | None = None
) -> TResponseInputItem:
    converted: Any = item.to_input_item()
    if isinstance(converted, dict) and converted.get("status", "") is None:
        converted = {k: v for k, v in converted.items() if k != "status"}
    if (
        reasoning_item_id_policy == "omit"
        and isinstance(item, ReasoningItem)
        and isinstance(converted, dict)
    ):
        converted = {k: v for k, v in converted.items() if k != "id"}
    return cast(TResponseInputItem, converted)


def _as_dict(item: Any) -> dict[str, Any] | None:
    if isinstance(item, dict):
        return item
    dump = getattr(item, "model_dump", None)
    if callable(dump):
        data = dump(exclude_unset=True)
        return data if isinstance(data, dict) else None
    return None


def normalize_input_items(items: Sequence[Any]) -> list[TResponseInputItem]:
    """Input items as plain dicts, without output-only metadata."""
    out: list[TResponseInputItem] = []
    for item in items:
        data = _as_dict(item)
        if data is None:
            out.append(cast(TResponseInputItem, item))
            continue
        cleaned = dict(data)
        cleaned.pop("created_by", None)
        out.append(cast(TResponseInputItem, cleaned))
    return out


def drop_orphan_calls(items: list[TResponseInputItem]) -> list[TResponseInputItem]:
    """Drop tool calls without outputs (and reasoning tied to them): the API rejects them."""
    completed: dict[str, set[str]] = {}
    for entry in items:
        data = cast(dict[str, Any], entry)
        if isinstance(data, dict) and isinstance(data.get("call_id"), str):
            completed.setdefault(str(data.get("type")), set()).add(data["call_id"])
    dropped: set[int] = set()
    for index, entry in enumerate(items):
        data = cast(dict[str, Any], entry)
        if not isinstance(data, dict):
            continue
        output_type = _CALL_TO_OUTPUT_TYPE.get(str(data.get("type")))
        if output_type is None:
            continue
        call_id = data.get("call_id")
        if isinstance(call_id, str) and call_id in completed.get(output_type, set()):
            continue
        dropped.add(index)
    if not dropped:
        return list(items)
    drop_reasoning: set[int] = set()
    for index in range(len(items) - 1, -1, -1):
        data = cast(dict[str, Any], items[index])
        if not isinstance(data, dict) or data.get("type") != "reasoning" or index in dropped:
            continue
        for next_index in range(index + 1, len(items)):
            next_data = cast(dict[str, Any], items[next_index])
            if next_index in drop_reasoning or (
                isinstance(next_data, dict) and next_data.get("type") == "reasoning"
            ):
                continue
            if next_index in dropped:
                drop_reasoning.add(index)
            break
    excluded = dropped | drop_reasoning
    return [entry for i, entry in enumerate(items) if i not in excluded]


def _dedupe_key(item: Any) -> str | None:
    data = _as_dict(item)
    if data is None:
        return None
    role = data.get("role")
    item_type = data.get("type") or role
    if role is not None or item_type == "message":
        return None
    call_id = data.get("call_id")
    if isinstance(call_id, str) and (
        item_type in _CALL_TO_OUTPUT_TYPE or item_type in _CALL_TO_OUTPUT_TYPE.values()
    ):
        return f"call_id:{item_type}:{call_id}"
    item_id = data.get("id")
    if item_id == "__fake_id__":
        item_id = None
    if isinstance(item_id, str):
        return f"id:{item_type}:{item_id}"
    if isinstance(call_id, str):
        return f"call_id:{item_type}:{call_id}"
    approval_request_id = data.get("approval_request_id")
    if isinstance(approval_request_id, str):
        return f"approval_request_id:{item_type}:{approval_request_id}"
    return None


def dedupe_preferring_latest(items: Sequence[TResponseInputItem]) -> list[TResponseInputItem]:
    """Drop repeated items (same call id / item id), keeping the latest value."""
    latest: dict[str, TResponseInputItem] = {}
    anchor: dict[str, int] = {}
    for index, item in enumerate(items):
        key = _dedupe_key(item)
        if key is None:
            continue
        latest[key] = item
        data = _as_dict(item) or {}
        if key not in anchor or data.get("type") not in _EARLIEST_ANCHOR_TYPES:
            anchor[key] = index
    out: list[TResponseInputItem] = []
    for index, item in enumerate(items):
        key = _dedupe_key(item)
        if key is None:
            out.append(item)
        elif anchor[key] == index:
            out.append(latest[key])
    return out


def prepare_turn_input(
    original_input: str | list[TResponseInputItem],
    generated_items: Sequence[RunItem],
    reasoning_item_id_policy: str | None,
) -> list[TResponseInputItem]:
    caller = normalize_input_items(ItemHelpers.input_to_new_input_list(original_input))
    generated = [run_item_to_input_item(i, reasoning_item_id_policy) for i in generated_items]
    if not generated:
        return caller
    return caller + drop_orphan_calls(normalize_input_items(generated))


# --- Resolving agent configuration ---------------------------------------------------------


async def get_handoffs(agent: Agent[Any], context_wrapper: RunContextWrapper[Any]) -> list[Handoff]:
    """The agent's enabled handoffs (agents are wrapped with `handoff()`)."""
    handoffs: list[Handoff[Any, Any]] = []
    for item in agent.handoffs:
        if isinstance(item, Handoff):
            handoffs.append(item)
        elif isinstance(item, Agent):
            handoffs.append(handoff(item))
        else:
            raise UserError(
                f"Agent {agent.name!r} has an invalid handoff {item!r}: use an Agent or handoff()"
            )

    async def _enabled(h: Handoff[Any, Any]) -> bool:
        attr = h.is_enabled
        if isinstance(attr, bool):
            return attr
        res = attr(context_wrapper, agent)
        if inspect.isawaitable(res):
            res = await res
        return bool(res)

    flags = await asyncio.gather(*(_enabled(h) for h in handoffs))
    return [h for h, ok in zip(handoffs, flags, strict=False) if ok]


def get_output_schema(agent: Agent[Any]) -> AgentOutputSchemaBase | None:
    if agent.output_type is None or agent.output_type is str:
        return None
    if isinstance(agent.output_type, AgentOutputSchemaBase):
        return agent.output_type
    return AgentOutputSchema(agent.output_type)


def get_model(agent: Agent[Any], run_config: RunConfig) -> Model:
    from ..models.interface import Model

    if isinstance(run_config.model, Model):
        return run_config.model
    if isinstance(run_config.model, str):
        return run_config.model_provider.get_model(run_config.model)
    if isinstance(agent.model, Model):
        return agent.model
    return run_config.model_provider.get_model(agent.model)


def _implicit_settings(model: Any) -> ModelSettings:
    from ..agent import _initial_model_settings_for_model

    return _initial_model_settings_for_model(model)


def get_model_settings(agent: Agent[Any], run_config: RunConfig) -> ModelSettings:
    """The agent's settings with the run's non-None settings laid over them.

    Settings that are just the defaults for the agent's model follow the model actually used.
    """
    settings = agent.model_settings
    if settings == _implicit_settings(agent.model):
        if isinstance(run_config.model, str):
            settings = _implicit_settings(run_config.model)
        elif run_config.model is not None:
            settings = ModelSettings()
    return settings.resolve(run_config.model_settings)


def maybe_reset_tool_choice(
    agent: Agent[Any], tracker: AgentToolUseTracker, settings: ModelSettings
) -> ModelSettings:
    if agent.reset_tool_choice is True and tracker.has_used_tools(agent):
        return dataclasses.replace(settings, tool_choice=None)
    return settings


# --- Processing a model response ---------------------------------------------------------------


def process_model_response(
    *,
    agent: Agent[Any],
    all_tools: list[Tool],
    response: ModelResponse,
    output_schema: AgentOutputSchemaBase | None,
    handoffs: list[Handoff[Any, Any]],
    run_config: RunConfig,
) -> ProcessedResponse:
    from ..tool import ComputerTool, FunctionTool, HostedMCPTool, LocalShellTool
    from ..types import responses as r

    items: list[RunItem] = []
    run_handoffs: list[ToolRunHandoff] = []
    functions: list[ToolRunFunction] = []
    computer_actions: list[ToolRunComputerAction] = []
    local_shell_calls: list[ToolRunLocalShellCall] = []
    mcp_approval_requests: list[ToolRunMCPApprovalRequest] = []
    not_found: list[ToolRunFunctionNotFound] = []
    tools_used: list[str] = []

    handoff_map = {h.tool_name: h for h in handoffs}
    function_map = {t.name: t for t in all_tools if isinstance(t, FunctionTool)}
    computer_tool = next((t for t in all_tools if isinstance(t, ComputerTool)), None)
    local_shell_tool = next((t for t in all_tools if isinstance(t, LocalShellTool)), None)
    hosted_mcp = {
        t.tool_config["server_label"]: t for t in all_tools if isinstance(t, HostedMCPTool)
    }

    for output in response.output:
        if isinstance(output, r.ResponseOutputMessage):
            items.append(MessageOutputItem(raw_item=output, agent=agent))
        elif isinstance(output, r.ResponseFileSearchToolCall):
            items.append(ToolCallItem(raw_item=output, agent=agent))
            tools_used.append("file_search")
        elif isinstance(output, r.ResponseFunctionWebSearch):
            items.append(ToolCallItem(raw_item=output, agent=agent))
            tools_used.append("web_search")
        elif isinstance(output, r.ResponseReasoningItem):
            items.append(ReasoningItem(raw_item=output, agent=agent))
        elif isinstance(output, r.ResponseComputerToolCall):
            items.append(ToolCallItem(raw_item=output, agent=agent))
            tools_used.append(computer_tool.name if computer_tool is not None else "computer")
            if computer_tool is None:
                attach_error_to_current_span("Computer tool not found", {})
                raise ModelBehaviorError("Model produced computer action without a computer tool.")
            computer_actions.append(
                ToolRunComputerAction(tool_call=output, computer_tool=computer_tool)
            )
        elif isinstance(output, r.McpApprovalRequest):
            items.append(MCPApprovalRequestItem(raw_item=output, agent=agent))
            if output.server_label not in hosted_mcp:
                attach_error_to_current_span(
                    "MCP server label not found", {"server_label": output.server_label}
                )
                raise ModelBehaviorError(f"MCP server label {output.server_label} not found")
            server = hosted_mcp[output.server_label]
            if server.on_approval_request is not None:
                mcp_approval_requests.append(
                    ToolRunMCPApprovalRequest(request_item=output, mcp_tool=server)
                )
            else:
                logger.warning(
                    "Hosted MCP server %s has no on_approval_request callback; the approval "
                    "request is returned in new_items for you to answer in the next input.",
                    output.server_label,
                )
        elif isinstance(output, r.McpListTools):
            items.append(MCPListToolsItem(raw_item=output, agent=agent))
        elif isinstance(output, r.McpCall):
            items.append(ToolCallItem(raw_item=output, agent=agent))
            tools_used.append("mcp")
        elif isinstance(output, r.ImageGenerationCall):
            items.append(ToolCallItem(raw_item=output, agent=agent))
            tools_used.append("image_generation")
        elif isinstance(output, r.ResponseCodeInterpreterToolCall):
            items.append(ToolCallItem(raw_item=output, agent=agent))
            tools_used.append("code_interpreter")
        elif isinstance(output, r.LocalShellCall):
            items.append(ToolCallItem(raw_item=output, agent=agent))
            tools_used.append("local_shell")
            if local_shell_tool is None:
                attach_error_to_current_span("Local shell tool not found", {})
                raise ModelBehaviorError(
                    "Model produced local shell call without a local shell tool."
                )
            local_shell_calls.append(
                ToolRunLocalShellCall(tool_call=output, local_shell_tool=local_shell_tool)
            )
        elif isinstance(output, r.ResponseFunctionToolCall):
            tools_used.append(output.name)
            if output.name in handoff_map:
                items.append(HandoffCallItem(raw_item=output, agent=agent))
                run_handoffs.append(
                    ToolRunHandoff(tool_call=output, handoff=handoff_map[output.name])
                )
                continue
            func_tool = function_map.get(output.name)
            if func_tool is None:
                attach_error_to_current_span("Tool not found", {"tool_name": output.name})
                if run_config.tool_not_found_behavior == "return_error_to_model":
                    items.append(ToolCallItem(raw_item=output, agent=agent))
                    not_found.append(
                        ToolRunFunctionNotFound(tool_call=output, tool_name=output.name)
                    )
                    continue
                raise ModelBehaviorError(f"Tool {output.name} not found in agent {agent.name}")
            items.append(
                ToolCallItem(raw_item=output, agent=agent, description=func_tool.description)
            )
            functions.append(ToolRunFunction(tool_call=output, function_tool=func_tool))
        else:
            logger.warning("Unexpected output type, ignoring: %s", type(output))

    return ProcessedResponse(
        new_items=items,
        handoffs=run_handoffs,
        functions=functions,
        computer_actions=computer_actions,
        local_shell_calls=local_shell_calls,
        mcp_approval_requests=mcp_approval_requests,
        tools_used=tools_used,
        function_tools_not_found=not_found,
    )


def record_tool_use(
    tracker: AgentToolUseTracker, agent: Agent[Any], processed: ProcessedResponse
) -> None:
    tracker.add_tool_use(agent, processed.tools_used)


# --- Hooks helpers -----------------------------------------------------------------------------


async def _noop() -> None:
    return None


async def run_agent_start_hooks(
    hooks: RunHooks,
    agent: Agent[Any],
    context_wrapper: RunContextWrapper[Any],
    turn_input: list[Any],
) -> None:
    hook_ctx: AgentHookContext[Any] = AgentHookContext(
        context=context_wrapper.context, usage=context_wrapper.usage, turn_input=turn_input
    )
    await asyncio.gather(
        hooks.on_agent_start(hook_ctx, agent),
        agent.hooks.on_start(hook_ctx, agent) if agent.hooks is not None else _noop(),
    )


async def run_final_output_hooks(
    agent: Agent[Any], hooks: RunHooks, context_wrapper: RunContextWrapper[Any], final_output: Any
) -> None:
    hook_ctx: AgentHookContext[Any] = AgentHookContext(
        context=context_wrapper.context,
        usage=context_wrapper.usage,
        turn_input=context_wrapper.turn_input,
    )
    await asyncio.gather(
        hooks.on_agent_end(hook_ctx, agent, final_output),
        agent.hooks.on_end(hook_ctx, agent, final_output) if agent.hooks is not None else _noop(),
    )


# --- Guardrails --------------------------------------------------------------------------------


async def _run_single_input_guardrail(
    agent: Agent[Any],
    guardrail: InputGuardrail[Any],
    input: str | list[TResponseInputItem],
    context: RunContextWrapper[Any],
) -> InputGuardrailResult:
    from ..tracing import guardrail_span

    with guardrail_span(guardrail.get_name()) as span:
        result = await guardrail.run(agent, input, context)
        span.span_data.triggered = result.output.tripwire_triggered
        return result


async def _run_single_output_guardrail(
    guardrail: OutputGuardrail[Any], agent: Agent[Any], output: Any, context: RunContextWrapper[Any]
) -> OutputGuardrailResult:
    from ..tracing import guardrail_span

    with guardrail_span(guardrail.get_name()) as span:
        result = await guardrail.run(context, agent, output)
        span.span_data.triggered = result.output.tripwire_triggered
        return result


async def _gather_guardrails(
    coros: list[Awaitable[Any]],
    sink: list[Any],
    on_trip: Callable[[Any], BaseException],
    on_result: Callable[[Any], None] | None = None,
) -> None:
    """Run guardrails concurrently; record each result as it completes; on the first tripwire,
    cancel the others and raise."""
    tasks = [asyncio.ensure_future(c) for c in coros]
    try:
        for done in asyncio.as_completed(tasks):
            result = await done
            sink.append(result)
            if on_result is not None:
                on_result(result)
            if result.output.tripwire_triggered:
                for t in tasks:
                    t.cancel()
                await asyncio.gather(*tasks, return_exceptions=True)
                attach_error_to_current_span(
                    "Guardrail tripwire triggered", {"guardrail": result.guardrail.get_name()}
                )
                raise on_trip(result)
    except BaseException:
        for t in tasks:
            if not t.done():
                t.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        raise


async def run_input_guardrails(
    agent: Agent[Any],
    guardrails: list[InputGuardrail[Any]],
    input: str | list[TResponseInputItem],
    context: RunContextWrapper[Any],
    sink: list[InputGuardrailResult],
    on_result: Callable[[InputGuardrailResult], None] | None = None,
) -> None:
    if not guardrails:
        return
    await _gather_guardrails(
        [_run_single_input_guardrail(agent, g, input, context) for g in guardrails],
        sink,
        InputGuardrailTripwireTriggered,
        on_result,
    )


async def run_output_guardrails(
    guardrails: list[OutputGuardrail[Any]],
    agent: Agent[Any],
    output: Any,
    context: RunContextWrapper[Any],
    sink: list[OutputGuardrailResult],
) -> None:
    if not guardrails:
        return
    await _gather_guardrails(
        [_run_single_output_guardrail(g, agent, output, context) for g in guardrails],
        sink,
        OutputGuardrailTripwireTriggered,
    )


# --- Tool execution ----------------------------------------------------------------------------


async def execute_function_tools(
    *,
    agent: Agent[Any],
    tool_runs: list[ToolRunFunction],
    hooks: RunHooks,
    context_wrapper: RunContextWrapper[Any],
    config: RunConfig,
    input_results: list[ToolInputGuardrailResult],
    output_results: list[ToolOutputGuardrailResult],
) -> list[FunctionToolResult]:
    """Run the turn's function tools concurrently (bounded by `tool_execution`), in call order."""
    from ..tool import FunctionToolResult, _execute_function_tool
    from ..tool_context import ToolContext
    from ..tracing import function_span

    limit = config.tool_execution.max_function_tool_concurrency if config.tool_execution else None
    semaphore = asyncio.Semaphore(limit) if limit else None

    async def run_one(tool_run: ToolRunFunction) -> FunctionToolResult:
        if semaphore is not None:
            async with semaphore:
                return await _run(tool_run)
        return await _run(tool_run)

    async def _run(tool_run: ToolRunFunction) -> FunctionToolResult:
        func_tool = tool_run.function_tool
        tool_call = tool_run.tool_call
        with function_span(func_tool.name) as span:
            tool_context = ToolContext.from_agent_context(
                context_wrapper,
                tool_call.call_id,
                tool_call=tool_call,
                agent=agent,
                run_config=config,
            )
            if config.trace_include_sensitive_data:
                span.span_data.input = tool_call.arguments

            async def before_invoke() -> None:
                await asyncio.gather(
                    hooks.on_tool_start(tool_context, agent, func_tool),
                    agent.hooks.on_tool_start(tool_context, agent, func_tool)
                    if agent.hooks is not None
                    else _noop(),
                )

            try:
                outcome = await _execute_function_tool(
                    function_tool=func_tool,
                    context=tool_context,
                    agent=agent,
                    arguments=tool_call.arguments,
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
            result = outcome.output
            if outcome.invoked:
                await asyncio.gather(
                    hooks.on_tool_end(tool_context, agent, func_tool, result),
                    agent.hooks.on_tool_end(tool_context, agent, func_tool, result)
                    if agent.hooks is not None
                    else _noop(),
                )
            if config.trace_include_sensitive_data:
                span.span_data.output = result
        return FunctionToolResult(
            tool=func_tool,
            output=result,
            run_item=ToolCallOutputItem(
                output=result,
                raw_item=ItemHelpers.tool_call_output_item(tool_call, result),
                agent=agent,
            ),
        )

    tasks = [asyncio.ensure_future(run_one(t)) for t in tool_runs]
    try:
        return list(await asyncio.gather(*tasks))
    except BaseException:
        for t in tasks:
            t.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        raise


class _ComputerCache:
    """Computers created from a factory/provider, one per (tool, run context)."""

    def __init__(self) -> None:
        self.created: list[tuple[ComputerTool[Any], Any, Callable[[], Awaitable[None]] | None]] = []

    async def resolve(self, tool: ComputerTool[Any], ctx: RunContextWrapper[Any]) -> Any:
        from ..computer import AsyncComputer, Computer
        from ..tool import ComputerProvider

        computer = tool.computer
        if isinstance(computer, (Computer, AsyncComputer)):
            return computer
        for existing_tool, existing, _ in self.created:
            if existing_tool is tool:
                return existing
        dispose: Callable[[], Awaitable[None]] | None = None
        if isinstance(computer, ComputerProvider):
            made = computer.create(run_context=ctx)
            provider_dispose = computer.dispose
        else:
            made = cast(Any, computer)(run_context=ctx)
            provider_dispose = None
        if inspect.isawaitable(made):
            made = await made
        if provider_dispose is not None:
            disposer = provider_dispose

            async def _dispose() -> None:
                res = disposer(run_context=ctx, computer=made)
                if inspect.isawaitable(res):
                    await res

            dispose = _dispose
        self.created.append((tool, made, dispose))
        return made

    async def dispose_all(self) -> None:
        for _, _, dispose in self.created:
            if dispose is not None:
                try:
                    await dispose()
                except Exception:
                    logger.exception("Failed to dispose a computer")
        self.created.clear()


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


async def execute_computer_actions(
    *,
    agent: Agent[Any],
    actions: list[ToolRunComputerAction],
    hooks: RunHooks,
    context_wrapper: RunContextWrapper[Any],
    config: RunConfig,
    computers: _ComputerCache,
) -> list[RunItem]:
    """Run computer actions one after another; each output is a screenshot."""
    from ..tool import ComputerToolSafetyCheckData
    from ..tracing import function_span

    results: list[RunItem] = []
    for action in actions:
        tool_call = action.tool_call
        acknowledged: list[dict[str, Any]] | None = None
        checks = list(getattr(tool_call, "pending_safety_checks", None) or [])
        if checks and action.computer_tool.on_safety_check is not None:
            acknowledged = []
            for check in checks:
                ack = action.computer_tool.on_safety_check(
                    ComputerToolSafetyCheckData(
                        ctx_wrapper=context_wrapper,
                        agent=agent,
                        tool_call=tool_call,
                        safety_check=check,
                    )
                )
                if inspect.isawaitable(ack):
                    ack = await ack
                if not ack:
                    raise UserError("Computer tool safety check was not acknowledged")
                acknowledged.append({"id": check.id, "code": check.code, "message": check.message})
        elif checks:
            logger.warning(
                "Computer call has pending safety checks, but no on_safety_check handler is "
                "configured; the action proceeds without acknowledging them."
            )
        with function_span("computer") as span:
            if config.trace_include_sensitive_data:
                span.span_data.input = json.dumps(_as_dict(tool_call.action) or {}, default=str)
            computer = await computers.resolve(action.computer_tool, context_wrapper)
            await asyncio.gather(
                hooks.on_tool_start(context_wrapper, agent, action.computer_tool),
                agent.hooks.on_tool_start(context_wrapper, agent, action.computer_tool)
                if agent.hooks is not None
                else _noop(),
            )
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
            await asyncio.gather(
                hooks.on_tool_end(context_wrapper, agent, action.computer_tool, image_url),
                agent.hooks.on_tool_end(context_wrapper, agent, action.computer_tool, image_url)
                if agent.hooks is not None
                else _noop(),
            )
            if config.trace_include_sensitive_data:
                span.span_data.output = image_url
        results.append(ToolCallOutputItem(agent=agent, output=image_url, raw_item=raw_item))
    return results


async def execute_local_shell_calls(
    *,
    agent: Agent[Any],
    calls: list[ToolRunLocalShellCall],
    hooks: RunHooks,
    context_wrapper: RunContextWrapper[Any],
) -> list[RunItem]:
    from ..tool import LocalShellCommandRequest

    results: list[RunItem] = []
    for call in calls:
        await asyncio.gather(
            hooks.on_tool_start(context_wrapper, agent, call.local_shell_tool),
            agent.hooks.on_tool_start(context_wrapper, agent, call.local_shell_tool)
            if agent.hooks is not None
            else _noop(),
        )
        output = call.local_shell_tool.executor(
            LocalShellCommandRequest(ctx_wrapper=context_wrapper, data=call.tool_call)
        )
        result = await output if inspect.isawaitable(output) else output
        raw = {
            "type": "local_shell_call_output",
            "call_id": call.tool_call.call_id,
            "output": result,
        }
        await asyncio.gather(
            hooks.on_tool_end(context_wrapper, agent, call.local_shell_tool, result),
            agent.hooks.on_tool_end(context_wrapper, agent, call.local_shell_tool, result)
            if agent.hooks is not None
            else _noop(),
        )
        results.append(ToolCallOutputItem(agent=agent, output=result, raw_item=raw))
    return results


async def execute_mcp_approval_requests(
    *,
    agent: Agent[Any],
    requests: list[ToolRunMCPApprovalRequest],
    context_wrapper: RunContextWrapper[Any],
) -> list[RunItem]:
    from ..tool import MCPToolApprovalRequest

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


async def _tool_not_found_items(
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


# --- Handoffs ----------------------------------------------------------------------------------


async def execute_handoffs(
    *,
    agent: Agent[Any],
    original_input: str | list[TResponseInputItem],
    pre_step_items: list[RunItem],
    new_step_items: list[RunItem],
    new_response: ModelResponse,
    run_handoffs: list[ToolRunHandoff],
    hooks: RunHooks,
    context_wrapper: RunContextWrapper[Any],
    run_config: RunConfig,
    input_results: list[ToolInputGuardrailResult],
    output_results: list[ToolOutputGuardrailResult],
    server_manages_conversation: bool,
) -> SingleStepResult:
    from ..tracing import handoff_span

    multiple = len(run_handoffs) > 1
    if multiple:
        message = "Multiple handoffs detected, ignoring this one."
        new_step_items.extend(
            ToolCallOutputItem(
                output=message,
                raw_item=ItemHelpers.tool_call_output_item(h.tool_call, message),
                agent=agent,
            )
            for h in run_handoffs[1:]
        )
    actual = run_handoffs[0]
    session_step_items: list[RunItem] | None = None
    owned_items: list[RunItem] = []
    with handoff_span(from_agent=agent.name) as span:
        chosen = actual.handoff
        new_agent: Agent[Any] = await chosen.on_invoke_handoff(
            context_wrapper, actual.tool_call.arguments
        )
        span.span_data.to_agent = new_agent.name
        if multiple:
            attach_error_to_span(
                span,
                "Multiple handoffs requested",
                {"requested_agents": [h.handoff.agent_name for h in run_handoffs]},
            )
        new_step_items.append(
            HandoffOutputItem(
                agent=agent,
                raw_item=ItemHelpers.tool_call_output_item(
                    actual.tool_call, chosen.get_transfer_message(new_agent)
                ),
                source_agent=agent,
                target_agent=new_agent,
            )
        )
        # Upstream calls the handing-off agent's hooks with (agent=new_agent, source=agent).
        await asyncio.gather(
            hooks.on_handoff(context=context_wrapper, from_agent=agent, to_agent=new_agent),
            agent.hooks.on_handoff(context_wrapper, agent=new_agent, source=agent)
            if agent.hooks is not None
            else _noop(),
        )

        input_filter = (
            chosen.input_filter
            if chosen.input_filter is not None
            else run_config.handoff_input_filter
        )
        should_nest = (
            chosen.nest_handoff_history
            if chosen.nest_handoff_history is not None
            else run_config.nest_handoff_history
        )
        if server_manages_conversation and (input_filter is not None or should_nest):
            logger.warning(
                "Handoff input filters and nested handoff history are not supported with "
                "server-managed conversations; ignoring them for %s -> %s.",
                agent.name,
                new_agent.name,
            )
            input_filter = None
            should_nest = False

        data: HandoffInputData | None = None
        if input_filter is not None or should_nest:
            data = HandoffInputData(
                input_history=tuple(original_input)
                if isinstance(original_input, list)
                else original_input,
                pre_handoff_items=tuple(pre_step_items),
                new_items=tuple(new_step_items),
                run_context=context_wrapper,
            )
        if input_filter is not None and data is not None:
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
            original_input = (
                filtered.input_history
                if isinstance(filtered.input_history, str)
                else list(filtered.input_history)
            )
            pre_step_items = list(filtered.pre_handoff_items)
            new_step_items = list(filtered.new_items)
            if filtered.input_items is not None:
                session_step_items = list(filtered.new_items)
                new_step_items = list(filtered.input_items)
        elif should_nest and data is not None:
            nested, owned_items = _nest_with_owned_items(
                data, history_mapper=run_config.handoff_history_mapper
            )
            original_input = (
                nested.input_history
                if isinstance(nested.input_history, str)
                else list(nested.input_history)
            )
            pre_step_items = list(nested.pre_handoff_items)
            session_step_items = list(nested.new_items)
            new_step_items = (
                list(nested.input_items) if nested.input_items is not None else session_step_items
            )
    return SingleStepResult(
        original_input=original_input,
        model_response=new_response,
        pre_step_items=pre_step_items,
        new_step_items=new_step_items,
        next_step=NextStepHandoff(new_agent),
        tool_input_guardrail_results=input_results,
        tool_output_guardrail_results=output_results,
        session_step_items=session_step_items,
        nested_owned_items=owned_items,
    )


# --- The turn's side effects and next step -----------------------------------------------------


async def execute_tools_and_side_effects(
    *,
    agent: Agent[Any],
    original_input: str | list[TResponseInputItem],
    pre_step_items: list[RunItem],
    new_response: ModelResponse,
    processed: ProcessedResponse,
    output_schema: AgentOutputSchemaBase | None,
    hooks: RunHooks,
    context_wrapper: RunContextWrapper[Any],
    run_config: RunConfig,
    computers: _ComputerCache,
    error_handlers: Any,
    server_manages_conversation: bool,
) -> SingleStepResult:
    from .errors import resolve_error_handler, validate_and_format_handler_output

    pre_step_items = list(pre_step_items)
    new_step_items: list[RunItem] = list(processed.new_items)
    input_results: list[ToolInputGuardrailResult] = []
    output_results: list[ToolOutputGuardrailResult] = []

    function_results, computer_results, shell_results = await asyncio.gather(
        execute_function_tools(
            agent=agent,
            tool_runs=processed.functions,
            hooks=hooks,
            context_wrapper=context_wrapper,
            config=run_config,
            input_results=input_results,
            output_results=output_results,
        ),
        execute_computer_actions(
            agent=agent,
            actions=processed.computer_actions,
            hooks=hooks,
            context_wrapper=context_wrapper,
            config=run_config,
            computers=computers,
        ),
        execute_local_shell_calls(
            agent=agent,
            calls=processed.local_shell_calls,
            hooks=hooks,
            context_wrapper=context_wrapper,
        ),
    )
    new_step_items.extend(r.run_item for r in function_results if r.run_item is not None)
    new_step_items.extend(computer_results)
    new_step_items.extend(shell_results)
    new_step_items.extend(
        await _tool_not_found_items(
            agent=agent,
            calls=processed.function_tools_not_found,
            context_wrapper=context_wrapper,
            config=run_config,
        )
    )
    if processed.mcp_approval_requests:
        new_step_items.extend(
            await execute_mcp_approval_requests(
                agent=agent,
                requests=processed.mcp_approval_requests,
                context_wrapper=context_wrapper,
            )
        )

    if processed.handoffs:
        return await execute_handoffs(
            agent=agent,
            original_input=original_input,
            pre_step_items=pre_step_items,
            new_step_items=new_step_items,
            new_response=new_response,
            run_handoffs=processed.handoffs,
            hooks=hooks,
            context_wrapper=context_wrapper,
            run_config=run_config,
            input_results=input_results,
            output_results=output_results,
            server_manages_conversation=server_manages_conversation,
        )

    def step(next_step: NextStep) -> SingleStepResult:
        return SingleStepResult(
            original_input=original_input,
            model_response=new_response,
            pre_step_items=pre_step_items,
            new_step_items=new_step_items,
            next_step=next_step,
            tool_input_guardrail_results=input_results,
            tool_output_guardrail_results=output_results,
        )

    async def final(output: Any) -> SingleStepResult:
        await run_final_output_hooks(agent, hooks, context_wrapper, output)
        return step(NextStepFinalOutput(output))

    decided = await check_for_final_output_from_tools(agent, function_results, context_wrapper)
    if decided.is_final_output:
        output = decided.final_output
        if agent.output_type is None or agent.output_type is str:
            output = str(output)
        if output is None:
            logger.error("Model returned a final output of None.")
        return await final(output)

    messages = [i for i in new_step_items if isinstance(i, MessageOutputItem)]
    refusal = ItemHelpers.extract_refusal(messages[-1].raw_item) if messages else None
    text = ItemHelpers.extract_text(messages[-1].raw_item) if messages else None

    if processed.has_tools_or_approvals_to_run():
        return step(NextStepRunAgain())
    if not messages and processed.tools_used:
        # Hosted tool activity without a message: let the model respond to it.
        return step(NextStepRunAgain())

    async def handled(kind: str, error: Exception) -> SingleStepResult | None:
        """The final output an error handler gives for `error`, or None if none handles it."""
        result = await resolve_error_handler(
            error_handlers,
            kind,
            error,
            context_wrapper,
            original_input,
            pre_step_items + new_step_items,
            [new_response],
            agent,
        )
        if result is None:
            return None
        output, item = validate_and_format_handler_output(agent, result)
        if item is not None:
            new_step_items.append(item)
        return await final(output)

    if refusal:
        error = ModelRefusalError(refusal)
        outcome = await handled("model_refusal", error)
        if outcome is None:
            raise error
        return outcome

    if output_schema is not None and not output_schema.is_plain_text():
        if text:
            try:
                return await final(output_schema.validate_json(text))
            except ModelBehaviorError as error:
                outcome = await handled("invalid_final_output", error)
                if outcome is None:
                    raise
                return outcome
        missing = ModelBehaviorError(
            "Model returned no final output for the structured output type."
        )
        outcome = await handled("invalid_final_output", missing)
        return outcome if outcome is not None else step(NextStepRunAgain())

    return await final(text or "")
