"""Events yielded by `RunResultStreaming.stream_events()`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal, TypeAlias

from .util._dataclass import dataclass

if TYPE_CHECKING:
    from .agent import Agent
    from .items import RunItem, TResponseStreamEvent


@dataclass
class RawResponsesStreamEvent:
    """A raw Responses streaming event, passed through from the model."""

    data: TResponseStreamEvent
    type: Literal["raw_response_event"] = "raw_response_event"


@dataclass
class RunItemStreamEvent:
    """A run item was fully generated (a message, a tool call, a tool output, a handoff…).

    `"handoff_occured"` keeps upstream's spelling so existing code that matches on it works.
    """

    name: Literal[
        "message_output_created",
        "handoff_requested",
        "handoff_occured",
        "tool_called",
        "tool_search_called",
        "tool_search_output_created",
        "tool_output",
        "reasoning_item_created",
        "mcp_approval_requested",
        "mcp_approval_response",
        "mcp_list_tools",
    ]
    item: RunItem
    type: Literal["run_item_stream_event"] = "run_item_stream_event"


@dataclass
class AgentUpdatedStreamEvent:
    """The current agent changed (at the start, and after each handoff)."""

    new_agent: Agent[Any]
    type: Literal["agent_updated_stream_event"] = "agent_updated_stream_event"


StreamEvent: TypeAlias = RawResponsesStreamEvent | RunItemStreamEvent | AgentUpdatedStreamEvent
"""Any event of a streamed run."""
