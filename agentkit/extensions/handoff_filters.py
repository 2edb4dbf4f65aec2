"""Ready-made handoff input filters."""

from __future__ import annotations

from ..handoffs import HandoffInputData, default_handoff_history_mapper, nest_handoff_history
from ..items import (
    HandoffCallItem,
    HandoffOutputItem,
    MCPApprovalRequestItem,
    MCPApprovalResponseItem,
    MCPListToolsItem,
    ReasoningItem,
    RunItem,
    ToolCallItem,
    ToolCallOutputItem,
    TResponseInputItem,
)

__all__ = ["default_handoff_history_mapper", "nest_handoff_history", "remove_all_tools"]

_TOOL_ITEM_CLASSES = (
    HandoffCallItem,
    HandoffOutputItem,
    ToolCallItem,
    ToolCallOutputItem,
    ReasoningItem,
    MCPListToolsItem,
    MCPApprovalRequestItem,
    MCPApprovalResponseItem,
)

_TOOL_INPUT_TYPES = frozenset(
    {
        "function_call",
        "function_call_output",
        "computer_call",
        "computer_call_output",
        "file_search_call",
        "tool_search_call",
        "tool_search_output",
        "web_search_call",
        "mcp_call",
        "mcp_list_tools",
        "mcp_approval_request",
        "mcp_approval_response",
        "reasoning",
        "code_interpreter_call",
        "image_generation_call",
        "local_shell_call",
        "local_shell_call_output",
        "shell_call",
        "shell_call_output",
        "apply_patch_call",
        "apply_patch_call_output",
        "custom_tool_call",
        "custom_tool_call_output",
        "hosted_tool_call",
        "program",
        "program_output",
    }
)


def remove_all_tools(handoff_input_data: HandoffInputData) -> HandoffInputData:
    """Drop every tool-related item (calls, outputs, handoff items, reasoning) from the history."""
    history = handoff_input_data.input_history
    input_items = handoff_input_data.input_items
    return handoff_input_data.clone(
        input_history=_remove_tool_inputs(history) if isinstance(history, tuple) else history,
        pre_handoff_items=_remove_tool_items(handoff_input_data.pre_handoff_items),
        new_items=_remove_tool_items(handoff_input_data.new_items),
        input_items=_remove_tool_items(input_items) if input_items is not None else None,
    )


def _remove_tool_items(items: tuple[RunItem, ...]) -> tuple[RunItem, ...]:
    return tuple(item for item in items if not isinstance(item, _TOOL_ITEM_CLASSES))


def _remove_tool_inputs(items: tuple[TResponseInputItem, ...]) -> tuple[TResponseInputItem, ...]:
    return tuple(
        item
        for item in items
        if not (isinstance(item, dict) and item.get("type") in _TOOL_INPUT_TYPES)
    )
