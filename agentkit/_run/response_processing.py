"""Classifying a model response: which items it holds and which tools, handoffs and approvals
the turn must run."""

from __future__ import annotations

import functools
from dataclasses import field
from typing import TYPE_CHECKING, Any, cast

from .._custom_tool import CustomTool
from .._tool_identity import (
    LookupKey,
    call_trace_name,
    lookup_key_for_call,
    lookup_key_for_tool,
    tool_qualified_name,
)
from .._tool_search import ProgrammaticToolCallingTool
from ..exceptions import ModelBehaviorError
from ..items import (
    CompactionItem,
    HandoffCallItem,
    HandoffOutputItem,
    MCPApprovalRequestItem,
    MCPApprovalResponseItem,
    MCPListToolsItem,
    MessageOutputItem,
    ModelResponse,
    ReasoningItem,
    RunItem,
    ToolCallItem,
    ToolCallOutputItem,
    ToolSearchCallItem,
    ToolSearchOutputItem,
    coerce_tool_search_call_raw_item,
    coerce_tool_search_output_raw_item,
)
from ..logger import logger
from ..run_config import RunConfig
from ..tool import ComputerTool, FunctionTool, HostedMCPTool, LocalShellTool
from ..types import responses as r
from ..util._dataclass import dataclass
from .call_ids import unique_tool_calls
from .program_calls import ProgramItems, ensure_tool_caller_allowed
from .util import attach_error_to_current_span

if TYPE_CHECKING:
    from ..agent import Agent
    from ..agent_output import AgentOutputSchemaBase
    from ..handoffs import Handoff
    from ..tool import Tool
    from .agent_config import AgentToolUseTracker
    from .shell_actions import ToolRunApplyPatchCall, ToolRunShellCall

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
    ToolSearchCallItem: "tool_search_called",
    ToolSearchOutputItem: "tool_search_output_created",
}


def tool_search_item(output: Any, agent: Agent[Any]) -> RunItem:
    """The run item of a `tool_search_call` / `tool_search_output` output item. The runner
    does not run client-side tool searches (as upstream)."""
    if output.type == "tool_search_output":
        return ToolSearchOutputItem(
            raw_item=coerce_tool_search_output_raw_item(output), agent=agent
        )
    if output.execution == "client":
        raise ModelBehaviorError(
            "Client-executed tool_search calls are not supported by the standard "
            "agent runner. Handle the tool_search_call yourself and return a matching "
            "tool_search_output item with the same call_id."
        )
    return ToolSearchCallItem(raw_item=coerce_tool_search_call_raw_item(output), agent=agent)


def _raw_type(output: Any) -> Any:
    return output.get("type") if isinstance(output, dict) else getattr(output, "type", None)


def stream_event_name(item: RunItem) -> str | None:
    """The `RunItemStreamEvent` name announcing `item` (None for items never announced)."""
    return _STREAM_EVENT_NAMES.get(type(item))


@dataclass
class ToolRunFunction:
    """A function tool call to run."""

    tool_call: r.ResponseFunctionToolCall
    function_tool: FunctionTool


@dataclass
class ToolRunCustom:
    """A custom tool call to run."""

    tool_call: r.ResponseCustomToolCall
    custom_tool: CustomTool


@dataclass
class ToolRunHandoff:
    """A handoff the model asked for."""

    tool_call: r.ResponseFunctionToolCall
    handoff: Handoff[Any, Any]


@dataclass
class ToolRunComputerAction:
    """A computer action to perform."""

    tool_call: r.ResponseComputerToolCall
    computer_tool: ComputerTool[Any]


@dataclass
class ToolRunLocalShellCall:
    """A local shell command to run."""

    tool_call: r.LocalShellCall
    local_shell_tool: LocalShellTool


@dataclass
class ToolRunMCPApprovalRequest:
    """A hosted MCP tool call that waits for approval."""

    request_item: r.McpApprovalRequest
    mcp_tool: HostedMCPTool


@dataclass
class ToolRunFunctionNotFound:
    """A function call naming no tool the agent has."""

    tool_call: r.ResponseFunctionToolCall
    tool_name: str


@dataclass
class ProcessedResponse:
    """A model response sorted into new items and the tool calls, handoffs and actions to run."""

    new_items: list[RunItem] = field(default_factory=list)
    handoffs: list[ToolRunHandoff] = field(default_factory=list)
    functions: list[ToolRunFunction] = field(default_factory=list)
    computer_actions: list[ToolRunComputerAction] = field(default_factory=list)
    local_shell_calls: list[ToolRunLocalShellCall] = field(default_factory=list)
    shell_calls: list[ToolRunShellCall] = field(default_factory=list)
    apply_patch_calls: list[ToolRunApplyPatchCall] = field(default_factory=list)
    mcp_approval_requests: list[ToolRunMCPApprovalRequest] = field(default_factory=list)
    mcp_manual_requests: list[ToolRunMCPApprovalRequest] = field(default_factory=list)
    """Hosted MCP approval requests without a callback: a person decides (the run pauses)."""
    tools_used: list[str] = field(default_factory=list)
    function_tools_not_found: list[ToolRunFunctionNotFound] = field(default_factory=list)
    custom_tool_calls: list[ToolRunCustom] = field(default_factory=list)

    def has_tools_or_approvals_to_run(self) -> bool:
        return any(
            [
                self.handoffs,
                self.functions,
                self.computer_actions,
                self.local_shell_calls,
                self.shell_calls,
                self.apply_patch_calls,
                self.mcp_approval_requests,
                self.mcp_manual_requests,
                self.function_tools_not_found,
                self.custom_tool_calls,
            ]
        )


@functools.cache
def _hosted_tool_names() -> tuple[tuple[type[Any], str], ...]:
    """Hosted tool calls the server already ran, and the name each is recorded under."""
    from ..types import responses as r

    return (
        (r.ResponseFileSearchToolCall, "file_search"),
        (r.ResponseFunctionWebSearch, "web_search"),
        (r.McpCall, "mcp"),
        (r.ImageGenerationCall, "image_generation"),
        (r.ResponseCodeInterpreterToolCall, "code_interpreter"),
    )


class _Classifier:
    """Sorts one response's output items into a `ProcessedResponse`."""

    def __init__(
        self,
        agent: Agent[Any],
        all_tools: list[Tool],
        handoffs: list[Handoff[Any, Any]],
        run_config: RunConfig,
    ) -> None:
        self.agent = agent
        self.run_config = run_config
        self.handoff_map = {h.tool_name: h for h in handoffs}
        # One pass over the tools. The function tools were validated this turn (by
        # `resolve_tool_name_collisions`), so their lookup map is built without validating again.
        function_map: dict[LookupKey, FunctionTool] = {}
        computer_tool: ComputerTool[Any] | None = None
        local_shell_tool: LocalShellTool | None = None
        hosted_mcp: dict[str, HostedMCPTool] = {}
        custom_tools: dict[str, CustomTool] = {}
        programmatic = False
        for t in all_tools:
            if isinstance(t, FunctionTool):
                key = lookup_key_for_tool(t)
                if key is not None:
                    function_map[key] = t
            if computer_tool is None and isinstance(t, ComputerTool):
                computer_tool = t
            if local_shell_tool is None and isinstance(t, LocalShellTool):
                local_shell_tool = t
            if isinstance(t, HostedMCPTool):
                hosted_mcp[t.tool_config["server_label"]] = t
            if isinstance(t, CustomTool):
                custom_tools[t.name] = t
            if isinstance(t, ProgrammaticToolCallingTool):
                programmatic = True
        self.function_map = function_map
        self.computer_tool = computer_tool
        self.local_shell_tool = local_shell_tool
        self.all_tools = all_tools
        self.hosted_mcp = hosted_mcp
        self.custom_tools = custom_tools
        self.programs = ProgramItems(agent, programmatic)
        self.out = ProcessedResponse()

    def add(self, output: Any) -> None:
        agent = self.agent
        self.programs.check_owner(output)
        if isinstance(output, (r.Program, r.ProgramOutput)):
            self.out.new_items.append(self.programs.item(output))
            self.out.tools_used.append("programmatic_tool_calling")
        elif isinstance(output, r.ResponseOutputMessage):
            self.out.new_items.append(MessageOutputItem(raw_item=output, agent=agent))
        elif isinstance(output, r.ResponseFunctionToolCall):
            self._function_call(output)
        elif isinstance(output, r.ResponseReasoningItem):
            self.out.new_items.append(ReasoningItem(raw_item=output, agent=agent))
        elif isinstance(output, r.McpListTools):
            self.out.new_items.append(MCPListToolsItem(raw_item=output, agent=agent))
        elif isinstance(output, r.ResponseComputerToolCall):
            self._computer_call(output)
        elif isinstance(output, r.McpApprovalRequest):
            self._mcp_approval_request(output)
        elif isinstance(output, r.LocalShellCall):
            self._local_shell_call(output)
        elif isinstance(output, r.ResponseCustomToolCall) and output.name in self.custom_tools:
            tool = self.custom_tools[output.name]
            ensure_tool_caller_allowed(output, tool.allowed_callers, tool.name, agent.name)
            self.out.new_items.append(ToolCallItem(raw_item=output, agent=agent))
            self.out.tools_used.append(output.name)
            self.out.custom_tool_calls.append(
                ToolRunCustom(tool_call=output, custom_tool=self.custom_tools[output.name])
            )
        elif isinstance(output, r.ResponseCustomToolCall) and output.name != "apply_patch":
            self.out.new_items.append(ToolCallItem(raw_item=output, agent=agent))
            attach_error_to_current_span("Custom tool not found", {"tool_name": output.name})
            raise ModelBehaviorError(f"Tool {output.name} not found in agent {agent.name}")
        elif isinstance(output, (r.ResponseToolSearchCall, r.ResponseToolSearchOutputItem)):
            self.out.new_items.append(tool_search_item(output, agent))
            self.out.tools_used.append("tool_search")
        elif _raw_type(output) == "compaction":
            self._compaction(output)
        elif not self._shell_item(output):
            self._hosted_tool_call(output)

    def _shell_item(self, output: Any) -> bool:
        """A shell or apply-patch call or output (added to the turn); False for anything else.
        The shell runtime loads with the first item that gets this far (hosted tool calls do)."""
        from .shell_actions import classify_shell_item

        return classify_shell_item(self.out, output, self.agent, self.all_tools)

    def _compaction(self, output: Any) -> None:
        """A compaction item: kept as model input (without the server's `created_by`)."""
        raw = dict(output) if isinstance(output, dict) else output.model_dump(exclude_unset=True)
        raw.pop("created_by", None)
        self.out.new_items.append(CompactionItem(raw_item=cast(Any, raw), agent=self.agent))

    def _hosted_tool_call(self, output: Any) -> None:
        """A hosted tool call the server already ran (anything else is ignored)."""
        for hosted_type, tool_name in _hosted_tool_names():
            if isinstance(output, hosted_type):
                self.out.new_items.append(ToolCallItem(raw_item=output, agent=self.agent))
                self.out.tools_used.append(tool_name)
                return
        logger.warning("Unexpected output type, ignoring: %s", type(output))

    def _computer_call(self, output: r.ResponseComputerToolCall) -> None:
        tool = self.computer_tool
        self.out.new_items.append(ToolCallItem(raw_item=output, agent=self.agent))
        self.out.tools_used.append(tool.name if tool is not None else "computer")
        if tool is None:
            attach_error_to_current_span("Computer tool not found", {})
            raise ModelBehaviorError("Model produced computer action without a computer tool.")
        self.out.computer_actions.append(
            ToolRunComputerAction(tool_call=output, computer_tool=tool)
        )

    def _mcp_approval_request(self, output: r.McpApprovalRequest) -> None:
        self.out.new_items.append(MCPApprovalRequestItem(raw_item=output, agent=self.agent))
        server = self.hosted_mcp.get(output.server_label)
        if server is None:
            attach_error_to_current_span(
                "MCP server label not found", {"server_label": output.server_label}
            )
            raise ModelBehaviorError(f"MCP server label {output.server_label} not found")
        if server.on_approval_request is not None:
            self.out.mcp_approval_requests.append(
                ToolRunMCPApprovalRequest(request_item=output, mcp_tool=server)
            )
        else:
            self.out.mcp_manual_requests.append(
                ToolRunMCPApprovalRequest(request_item=output, mcp_tool=server)
            )

    def _local_shell_call(self, output: r.LocalShellCall) -> None:
        self.out.new_items.append(ToolCallItem(raw_item=output, agent=self.agent))
        self.out.tools_used.append("local_shell")
        if self.local_shell_tool is None:
            attach_error_to_current_span("Local shell tool not found", {})
            raise ModelBehaviorError("Model produced local shell call without a local shell tool.")
        self.out.local_shell_calls.append(
            ToolRunLocalShellCall(tool_call=output, local_shell_tool=self.local_shell_tool)
        )

    def _function_call(self, output: r.ResponseFunctionToolCall) -> None:
        agent = self.agent
        name = call_trace_name(output)
        self.out.tools_used.append(name)
        # Namespaced calls never reach a handoff.
        if not output.namespace and output.name in self.handoff_map:
            ensure_tool_caller_allowed(output, None, output.name, agent.name)
            self.out.new_items.append(HandoffCallItem(raw_item=output, agent=agent))
            self.out.handoffs.append(
                ToolRunHandoff(tool_call=output, handoff=self.handoff_map[output.name])
            )
            return
        key = lookup_key_for_call(output)
        func_tool = self.function_map.get(key) if key is not None else None
        if func_tool is None:
            qualified = tool_qualified_name(output.name, output.namespace) or output.name
            attach_error_to_current_span("Tool not found", {"tool_name": qualified})
            if self.run_config.tool_not_found_behavior == "return_error_to_model":
                self.out.new_items.append(ToolCallItem(raw_item=output, agent=agent))
                self.out.function_tools_not_found.append(
                    ToolRunFunctionNotFound(tool_call=output, tool_name=qualified)
                )
                return
            raise ModelBehaviorError(f"Tool {qualified} not found in agent {agent.name}")
        ensure_tool_caller_allowed(
            output, func_tool.allowed_callers, call_trace_name(output), agent.name
        )
        self.out.new_items.append(
            ToolCallItem(raw_item=output, agent=agent, description=func_tool.description)
        )
        self.out.functions.append(ToolRunFunction(tool_call=output, function_tool=func_tool))


def process_model_response(
    *,
    agent: Agent[Any],
    all_tools: list[Tool],
    response: ModelResponse,
    output_schema: AgentOutputSchemaBase | None,
    handoffs: list[Handoff[Any, Any]],
    run_config: RunConfig,
) -> ProcessedResponse:
    """The response's items, in order, and what the turn must run for them. `all_tools` are the
    turn's tools as `resolve_tool_name_collisions` returned them (validated)."""
    classifier = _Classifier(agent, all_tools, handoffs, run_config)
    for output in unique_tool_calls(response.output):
        classifier.add(output)
    return classifier.out


def record_tool_use(
    tracker: AgentToolUseTracker, agent: Agent[Any], processed: ProcessedResponse
) -> None:
    tracker.add_tool_use(agent, processed.tools_used)
