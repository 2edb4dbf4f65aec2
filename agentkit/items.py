"""Run items (what a run produced), model responses, and helpers to move between input and output."""

from __future__ import annotations

import abc
import functools
import json
import uuid
import weakref
from collections.abc import Iterable, Mapping
from dataclasses import field
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeAlias, TypeVar, cast

from pydantic import BaseModel, ValidationError

from .exceptions import AgentsException, ModelBehaviorError
from .usage import Usage
from .util._dataclass import dataclass

if TYPE_CHECKING:
    from .agent import Agent
    from .types.responses import (
        FunctionCallOutput,
        Response,
        ResponseCustomToolCall,
        ResponseFunctionShellToolCall,
        ResponseFunctionToolCall,
        ResponseInputItemParam,
        ResponseOutputItem,
        ResponseOutputMessage,
        ResponseOutputRefusal,
        ResponseOutputText,
        ResponseReasoningItem,
        ResponseStreamEvent,
        ResponseToolSearchCall,
        ResponseToolSearchOutputItem,
    )
    from .types.responses.response_output_item import LocalShellCall, McpApprovalRequest, McpCall

    TResponse = Response
    """A Responses API response object."""
    TResponseInputItem = ResponseInputItemParam
    """An item of model input (what sessions store)."""
    TResponseOutputItem = ResponseOutputItem
    """An item of model output."""
    TResponseStreamEvent = ResponseStreamEvent
    """A Responses API streaming event."""

# The wire-type aliases resolve on first access (PEP 562): building the ~270 wire classes of
# `agentkit.types.responses` is most of what importing them costs, and the run loop itself never
# needs them to exist until a model answers.
_WIRE_ALIASES = {
    "TResponse": "Response",
    "TResponseInputItem": "ResponseInputItemParam",
    "TResponseOutputItem": "ResponseOutputItem",
    "TResponseStreamEvent": "ResponseStreamEvent",
}


if not TYPE_CHECKING:  # mypy sees the aliases above; a typo in an import stays an error

    def __getattr__(name: str) -> Any:
        target = _WIRE_ALIASES.get(name)
        if target is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        from .types import responses

        value = getattr(responses, target)
        globals()[name] = value
        return value


@functools.cache
def _message_types() -> tuple[
    type[ResponseOutputMessage], type[ResponseOutputText], type[ResponseOutputRefusal]
]:
    """The wire message classes, imported on first use (the API import builds no wire class)
    and kept: every turn reads the text and refusal of its last message."""
    from .types.responses import ResponseOutputMessage, ResponseOutputRefusal, ResponseOutputText

    return ResponseOutputMessage, ResponseOutputText, ResponseOutputRefusal


T = TypeVar("T")

_MISSING = object()


def _output_item_to_input_item(raw_item: Any) -> TResponseInputItem:
    """Turn an output item into replayable input, dropping output-only metadata."""
    if isinstance(raw_item, dict):
        payload = dict(raw_item)
    elif isinstance(raw_item, BaseModel):
        payload = raw_item.model_dump(exclude_unset=True)
    else:
        raise AgentsException(f"Unexpected raw item type: {type(raw_item)}")
    # Server-assigned; not part of the input item schema.
    payload.pop("created_by", None)
    return cast("TResponseInputItem", payload)


@dataclass
class RunItemBase(Generic[T], abc.ABC):
    """An item a run produced, with the agent that produced it."""

    agent: Agent[Any]
    raw_item: T
    _agent_ref: weakref.ReferenceType[Agent[Any]] | None = field(
        init=False, repr=False, default=None
    )

    def __post_init__(self) -> None:
        self._agent_ref = weakref.ref(self.agent)

    def __getattribute__(self, name: str) -> Any:
        if name == "agent":
            return self._get_agent_via_weakref("agent", "_agent_ref")
        return super().__getattribute__(name)

    def _get_agent_via_weakref(self, attr_name: str, ref_name: str) -> Any:
        data = object.__getattribute__(self, "__dict__")
        value = data.get(attr_name, _MISSING)
        if value is _MISSING:
            return object.__getattribute__(self, attr_name)
        if value is not None:
            return value
        ref = object.__getattribute__(self, ref_name)
        return ref() if ref is not None else None

    def release_agent(self) -> None:
        """Drop the strong reference to the agent; it stays reachable while alive elsewhere."""
        agent = self.__dict__.get("agent")
        if agent is None:
            return
        self._agent_ref = weakref.ref(agent)
        self.__dict__["agent"] = None

    def to_input_item(self) -> TResponseInputItem:
        """This item as model input."""
        return _output_item_to_input_item(self.raw_item)


@dataclass
class InputItem(RunItemBase["TResponseInputItem"]):
    """Input admitted while resuming a run (a snapshot's ``input_item``)."""

    raw_item: TResponseInputItem
    type: Literal["input_item"] = "input_item"
    input_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    """A durable occurrence id, for exactly-once conversation tracking."""

    def to_input_item(self) -> TResponseInputItem:
        return self.raw_item


@dataclass
class MessageOutputItem(RunItemBase["ResponseOutputMessage"]):
    """A message from the model."""

    raw_item: ResponseOutputMessage
    type: Literal["message_output_item"] = "message_output_item"


@dataclass
class HandoffCallItem(RunItemBase["ResponseFunctionToolCall"]):
    """The model's tool call asking for a handoff."""

    raw_item: ResponseFunctionToolCall
    type: Literal["handoff_call_item"] = "handoff_call_item"


@dataclass
class HandoffOutputItem(RunItemBase[Any]):
    """The output of a handoff tool call: the handoff took place."""

    raw_item: TResponseInputItem
    source_agent: Agent[Any]
    target_agent: Agent[Any]
    type: Literal["handoff_output_item"] = "handoff_output_item"
    _source_agent_ref: weakref.ReferenceType[Agent[Any]] | None = field(
        init=False, repr=False, default=None
    )
    _target_agent_ref: weakref.ReferenceType[Agent[Any]] | None = field(
        init=False, repr=False, default=None
    )

    def __post_init__(self) -> None:
        super().__post_init__()
        self._source_agent_ref = weakref.ref(self.source_agent)
        self._target_agent_ref = weakref.ref(self.target_agent)

    def __getattribute__(self, name: str) -> Any:
        if name == "source_agent":
            return self._get_agent_via_weakref("source_agent", "_source_agent_ref")
        if name == "target_agent":
            return self._get_agent_via_weakref("target_agent", "_target_agent_ref")
        return super().__getattribute__(name)

    def release_agent(self) -> None:
        super().release_agent()
        for attr, ref in (
            ("source_agent", "_source_agent_ref"),
            ("target_agent", "_target_agent_ref"),
        ):
            agent = self.__dict__.get(attr)
            if agent is not None:
                setattr(self, ref, weakref.ref(agent))
                self.__dict__[attr] = None


ToolCallItemTypes: TypeAlias = Any
"""A tool call: function, computer, file/web search, MCP, code interpreter, image, local shell."""


@dataclass
class ToolCallItem(RunItemBase[Any]):
    """A tool call made by the model (function call, computer action, hosted tool call…)."""

    raw_item: ToolCallItemTypes
    type: Literal["tool_call_item"] = "tool_call_item"
    description: str | None = None
    """The tool's description, when known."""
    title: str | None = None
    _resolved_tool_name: str | None = field(default=None, kw_only=True, repr=False)
    """The tool's name when the raw item carries none (shell and apply-patch calls)."""

    @property
    def tool_name(self) -> str | None:
        if self._resolved_tool_name is not None:
            return self._resolved_tool_name
        if isinstance(self.raw_item, dict):
            return cast("str | None", self.raw_item.get("name"))
        return getattr(self.raw_item, "name", None)

    @property
    def call_id(self) -> str | None:
        if isinstance(self.raw_item, dict):
            return cast("str | None", self.raw_item.get("call_id") or self.raw_item.get("id"))
        return getattr(self.raw_item, "call_id", None) or getattr(self.raw_item, "id", None)


ToolCallOutputTypes: TypeAlias = Any
"""A tool call's output item (function, computer, local shell…)."""


@dataclass
class ToolCallOutputItem(RunItemBase[Any]):
    """A tool's output; `output` is the Python value, `raw_item` what the model sees."""

    raw_item: ToolCallOutputTypes
    output: Any
    type: Literal["tool_call_output_item"] = "tool_call_output_item"
    custom_data: dict[str, Any] | None = None
    """SDK-only data from the tool's `custom_data_extractor`; never sent to the model."""

    @property
    def call_id(self) -> str | None:
        if isinstance(self.raw_item, dict):
            cid = self.raw_item.get("call_id") or self.raw_item.get("id")
            return str(cid) if cid is not None else None
        return getattr(self.raw_item, "call_id", None) or getattr(self.raw_item, "id", None)

    def to_input_item(self) -> TResponseInputItem:
        """The output as model input; hosted-tool bookkeeping fields (`status`) are dropped."""
        if isinstance(self.raw_item, dict):
            payload = dict(self.raw_item)
            if payload.get("type") == "shell_call_output":
                # The API rejects these bookkeeping fields on replay.
                payload.pop("status", None)
                payload.pop("shell_output", None)
                payload.pop("provider_data", None)
            return _output_item_to_input_item(payload)
        return super().to_input_item()


@dataclass
class ReasoningItem(RunItemBase["ResponseReasoningItem"]):
    """Reasoning from the model."""

    raw_item: ResponseReasoningItem
    type: Literal["reasoning_item"] = "reasoning_item"


@dataclass
class MCPListToolsItem(RunItemBase[Any]):
    """A hosted MCP server's tool listing."""

    raw_item: Any
    type: Literal["mcp_list_tools_item"] = "mcp_list_tools_item"


@dataclass
class MCPApprovalRequestItem(RunItemBase[Any]):
    """A hosted MCP server asking for approval of a tool call."""

    raw_item: Any
    type: Literal["mcp_approval_request_item"] = "mcp_approval_request_item"


@dataclass
class MCPApprovalResponseItem(RunItemBase[Any]):
    """The answer to a hosted MCP approval request."""

    raw_item: Any
    type: Literal["mcp_approval_response_item"] = "mcp_approval_response_item"


@dataclass
class CompactionItem(RunItemBase["TResponseInputItem"]):
    """A compaction item (``type: "compaction"``) a model returned: the encrypted summary of
    earlier turns. It is kept in the run's items and sessions but never streamed as an event."""

    type: Literal["compaction_item"] = "compaction_item"

    def to_input_item(self) -> TResponseInputItem:
        return self.raw_item


ToolApprovalRawItem: TypeAlias = (
    "ResponseFunctionToolCall | ResponseCustomToolCall | ResponseFunctionShellToolCall | McpCall"
    " | McpApprovalRequest | LocalShellCall | dict[str, Any]"
)
"""What a `ToolApprovalItem` may wrap: function, custom, shell and hosted MCP calls."""


@dataclass
class ToolApprovalItem(RunItemBase[Any]):
    """A tool call waiting for a person's approval; never sent to the model."""

    raw_item: Any
    tool_name: str | None = None
    """The tool's name (taken from the raw item when not given)."""
    type: Literal["tool_approval_item"] = "tool_approval_item"

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.tool_name is None:
            self.tool_name = _raw_field(self.raw_item, "name")

    # Two approvals are the same only if they are the same object (as upstream).
    def __hash__(self) -> int:
        return object.__hash__(self)

    def __eq__(self, other: object) -> bool:
        return self is other

    @property
    def name(self) -> str | None:
        return self.tool_name or _raw_field(self.raw_item, "name")

    @property
    def arguments(self) -> str | None:
        """The call's arguments as JSON text, when the raw item has any."""
        value = _raw_field(self.raw_item, "arguments")
        if value is None:
            value = _raw_field(self.raw_item, "params") or _raw_field(self.raw_item, "input")
        if value is None or isinstance(value, str):
            return value
        try:
            return json.dumps(value)
        except (TypeError, ValueError):
            return str(value)

    @property
    def call_id(self) -> str | None:
        value = _raw_field(self.raw_item, "call_id") or _raw_field(self.raw_item, "id")
        return value if isinstance(value, str) else None

    def to_input_item(self) -> TResponseInputItem:
        raise AgentsException(
            "ToolApprovalItem cannot be converted to an input item; approval placeholders are "
            "filtered out before the model input is built."
        )


def _raw_field(raw_item: Any, name: str) -> Any:
    if isinstance(raw_item, dict):
        return raw_item.get(name)
    return getattr(raw_item, name, None)


def is_model_input_item(item: RunItem) -> bool:
    """Whether `item` is part of what the model sees (approval placeholders are not)."""
    return not isinstance(item, ToolApprovalItem)


ToolSearchCallRawItem: TypeAlias = "ResponseToolSearchCall | dict[str, Any]"
ToolSearchOutputRawItem: TypeAlias = "ResponseToolSearchOutputItem | dict[str, Any]"


@dataclass
class ToolSearchCallItem(RunItemBase[Any]):
    """The model searched its deferred tools (`ToolSearchTool`): a `tool_search_call` item
    (kept as a dict when it does not validate, e.g. a partial snapshot)."""

    raw_item: ToolSearchCallRawItem
    type: Literal["tool_search_call_item"] = "tool_search_call_item"

    def to_input_item(self) -> TResponseInputItem:
        return _output_item_to_input_item(self.raw_item)


@dataclass
class ToolSearchOutputItem(RunItemBase[Any]):
    """What a tool search loaded: a `tool_search_output` item."""

    raw_item: ToolSearchOutputRawItem
    type: Literal["tool_search_output_item"] = "tool_search_output_item"

    def to_input_item(self) -> TResponseInputItem:
        return _output_item_to_input_item(self.raw_item)


def _coerce_tool_search(raw_item: Any, kind: str, model: type[BaseModel], what: str) -> Any:
    if isinstance(raw_item, model):
        return raw_item
    if isinstance(raw_item, Mapping):
        copied = dict(raw_item)
        if copied.get("type") != kind:
            raise AgentsException(
                f"Unexpected tool search {what} item type: {copied.get('type')!r}"
            )
        try:
            return model.model_validate(copied)
        except ValidationError:
            return copied
    raise AgentsException(f"Unexpected tool search {what} item type: {type(raw_item)}")


def coerce_tool_search_call_raw_item(raw_item: Any) -> ToolSearchCallRawItem:
    """A `tool_search_call` as the typed model, or as a dict when it does not validate."""
    from .types.responses import ResponseToolSearchCall

    return cast(
        "ToolSearchCallRawItem",
        _coerce_tool_search(raw_item, "tool_search_call", ResponseToolSearchCall, "call"),
    )


def coerce_tool_search_output_raw_item(raw_item: Any) -> ToolSearchOutputRawItem:
    """A `tool_search_output` as the typed model, or as a dict when it does not validate."""
    from .types.responses import ResponseToolSearchOutputItem

    return cast(
        "ToolSearchOutputRawItem",
        _coerce_tool_search(raw_item, "tool_search_output", ResponseToolSearchOutputItem, "output"),
    )


RunItem: TypeAlias = (
    InputItem
    | MessageOutputItem
    | HandoffCallItem
    | HandoffOutputItem
    | ToolCallItem
    | ToolCallOutputItem
    | ReasoningItem
    | MCPListToolsItem
    | MCPApprovalRequestItem
    | MCPApprovalResponseItem
    | ToolApprovalItem
    | ToolSearchCallItem
    | ToolSearchOutputItem
    | CompactionItem
)
"""An item generated during a run."""


@dataclass
class ModelResponse:
    """One model call's result."""

    output: list[TResponseOutputItem]
    usage: Usage
    response_id: str | None
    """The response id (Responses API); usable as `previous_response_id`."""
    request_id: str | None = None
    """The transport request id (`x-request-id`), when known."""
    raw_usage: dict[str, Any] | None = None

    def to_input_items(self) -> list[TResponseInputItem]:
        """The output as model input items."""
        return [_output_item_to_input_item(it) for it in self.output]


def _dump_compatible(obj: Any) -> Any:
    if isinstance(obj, Mapping):
        return {k: _dump_compatible(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_dump_compatible(v) for v in obj]
    if isinstance(obj, Iterable) and not isinstance(obj, (str, bytes, bytearray, BaseModel)):
        return [_dump_compatible(v) for v in obj]
    return obj


class ItemHelpers:
    """Helpers to read text out of items and build input lists."""

    @classmethod
    def extract_last_content(cls, message: TResponseOutputItem) -> str:
        """The last text or refusal of a message ("" if not a message)."""
        ResponseOutputMessage, ResponseOutputText, ResponseOutputRefusal = _message_types()
        if not isinstance(message, ResponseOutputMessage) or not message.content:
            return ""
        last = message.content[-1]
        if isinstance(last, ResponseOutputText):
            return last.text or ""
        if isinstance(last, ResponseOutputRefusal):
            return last.refusal
        raise ModelBehaviorError(f"Unexpected content type: {type(last)}")

    @classmethod
    def extract_last_text(cls, message: TResponseOutputItem) -> str | None:
        """The last text part of a message, ignoring refusals."""
        ResponseOutputMessage, ResponseOutputText, _ = _message_types()
        if isinstance(message, ResponseOutputMessage) and message.content:
            last = message.content[-1]
            if isinstance(last, ResponseOutputText):
                return last.text
        return None

    @classmethod
    def extract_text(cls, message: TResponseOutputItem) -> str | None:
        """All text parts of a message joined, or None."""
        ResponseOutputMessage, ResponseOutputText, _ = _message_types()
        if not isinstance(message, ResponseOutputMessage):
            return None
        text = "".join(
            part.text or "" for part in message.content if isinstance(part, ResponseOutputText)
        )
        return text or None

    @classmethod
    def extract_refusal(cls, message: TResponseOutputItem) -> str | None:
        """All refusal parts of a message joined, or None."""
        ResponseOutputMessage, _, ResponseOutputRefusal = _message_types()
        if not isinstance(message, ResponseOutputMessage):
            return None
        text = "".join(
            part.refusal or ""
            for part in message.content
            if isinstance(part, ResponseOutputRefusal)
        )
        return text or None

    @classmethod
    def input_to_new_input_list(
        cls, input: str | list[TResponseInputItem]
    ) -> list[TResponseInputItem]:
        """A fresh list of input items: a string becomes one user message."""
        if isinstance(input, str):
            return [cast("TResponseInputItem", {"content": input, "role": "user"})]
        return cast("list[TResponseInputItem]", _dump_compatible(input))

    @classmethod
    def text_message_outputs(cls, items: list[RunItem]) -> str:
        """The text of every message item, concatenated."""
        return "".join(
            cls.text_message_output(item) for item in items if isinstance(item, MessageOutputItem)
        )

    @classmethod
    def text_message_output(cls, message: MessageOutputItem) -> str:
        """The text parts of one message item, concatenated."""
        ResponseOutputText = _message_types()[1]
        return "".join(
            part.text or ""
            for part in message.raw_item.content
            if isinstance(part, ResponseOutputText)
        )

    @classmethod
    def tool_call_output_item(
        cls,
        tool_call: ResponseFunctionToolCall,
        output: Any,
        *,
        output_json_schema: dict[str, Any] | None = None,
        output_type_adapter: Any = None,
    ) -> FunctionCallOutput:
        """The `function_call_output` input item for a tool's return value.

        Strings pass through; `ToolOutputText`/`Image`/`FileContent` (or dicts with their `type`,
        or lists of them) become structured content; anything else is `str()`-ed. A tool with
        a declared output schema (`output_type_adapter` / `output_json_schema`) sends its
        output as compact JSON of an object.
        """
        from ._tool_output import _as_structured_output, _convert_tool_output
        from ._typed_tool_output import (
            copy_tool_call_caller,
            program_caller,
            program_output_text,
            typed_output_text,
        )

        converted: Any = typed_output_text(
            output, output_json_schema=output_json_schema, output_type_adapter=output_type_adapter
        )
        if converted is None:
            converted = _convert_tool_output(output)
            if (
                isinstance(converted, str)
                and not isinstance(output, str)
                and program_caller(tool_call) is not None
                and _as_structured_output(output) is None
            ):
                converted = program_output_text(output)
        item = {"call_id": tool_call.call_id, "output": converted, "type": "function_call_output"}
        return cast("FunctionCallOutput", copy_tool_call_caller(tool_call, item))


def run_item_to_input_item(
    item: RunItem, reasoning_item_id_policy: str | None = None
) -> TResponseInputItem:
    """A run item as the input item a later model call sees: without a null `status`, and
    without the reasoning item's id under the "omit" policy."""
    converted: Any = item.to_input_item()
    if isinstance(converted, dict) and converted.get("status", "") is None:
        converted = {k: v for k, v in converted.items() if k != "status"}
    if (
        reasoning_item_id_policy == "omit"
        and isinstance(item, ReasoningItem)
        and isinstance(converted, dict)
    ):
        converted = {k: v for k, v in converted.items() if k != "id"}
    return cast("TResponseInputItem", converted)
