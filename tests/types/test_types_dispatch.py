"""parse_stream_event / parse_output_item dispatch on every known type, and agree with the unions."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from agentkit.types import responses
from agentkit.types.responses import (
    ResponseOutputItem,
    ResponseStreamEvent,
    UnknownOutputItem,
    UnknownStreamEvent,
    parse_output_item,
    parse_stream_event,
)

# Every event type of the spec's ResponseStreamEvent union (PROTOCOLS.md §4.9) plus
# response.compaction.compacting, which the official SDK also knows.
EVENT_CLASSES: dict[str, str] = {
    "response.audio.delta": "ResponseAudioDeltaEvent",
    "response.audio.done": "ResponseAudioDoneEvent",
    "response.audio.transcript.delta": "ResponseAudioTranscriptDeltaEvent",
    "response.audio.transcript.done": "ResponseAudioTranscriptDoneEvent",
    "response.code_interpreter_call_code.delta": "ResponseCodeInterpreterCallCodeDeltaEvent",
    "response.code_interpreter_call_code.done": "ResponseCodeInterpreterCallCodeDoneEvent",
    "response.code_interpreter_call.completed": "ResponseCodeInterpreterCallCompletedEvent",
    "response.code_interpreter_call.in_progress": "ResponseCodeInterpreterCallInProgressEvent",
    "response.code_interpreter_call.interpreting": "ResponseCodeInterpreterCallInterpretingEvent",
    "response.compaction.compacting": "ResponseCompactionCompactingEvent",
    "response.completed": "ResponseCompletedEvent",
    "response.content_part.added": "ResponseContentPartAddedEvent",
    "response.content_part.done": "ResponseContentPartDoneEvent",
    "response.created": "ResponseCreatedEvent",
    "error": "ResponseErrorEvent",
    "response.file_search_call.completed": "ResponseFileSearchCallCompletedEvent",
    "response.file_search_call.in_progress": "ResponseFileSearchCallInProgressEvent",
    "response.file_search_call.searching": "ResponseFileSearchCallSearchingEvent",
    "response.function_call_arguments.delta": "ResponseFunctionCallArgumentsDeltaEvent",
    "response.function_call_arguments.done": "ResponseFunctionCallArgumentsDoneEvent",
    "response.shell_call_command.added": "ResponseShellCallCommandAddedEvent",
    "response.shell_call_command.delta": "ResponseShellCallCommandDeltaEvent",
    "response.shell_call_command.done": "ResponseShellCallCommandDoneEvent",
    "response.shell_call_output_content.delta": "ResponseShellCallOutputContentDeltaEvent",
    "response.shell_call_output_content.done": "ResponseShellCallOutputContentDoneEvent",
    "response.in_progress": "ResponseInProgressEvent",
    "response.failed": "ResponseFailedEvent",
    "response.incomplete": "ResponseIncompleteEvent",
    "response.output_item.added": "ResponseOutputItemAddedEvent",
    "response.output_item.done": "ResponseOutputItemDoneEvent",
    "response.reasoning_summary_part.added": "ResponseReasoningSummaryPartAddedEvent",
    "response.reasoning_summary_part.done": "ResponseReasoningSummaryPartDoneEvent",
    "response.reasoning_summary_text.delta": "ResponseReasoningSummaryTextDeltaEvent",
    "response.reasoning_summary_text.done": "ResponseReasoningSummaryTextDoneEvent",
    "response.reasoning_text.delta": "ResponseReasoningTextDeltaEvent",
    "response.reasoning_text.done": "ResponseReasoningTextDoneEvent",
    "response.refusal.delta": "ResponseRefusalDeltaEvent",
    "response.refusal.done": "ResponseRefusalDoneEvent",
    "response.output_text.delta": "ResponseTextDeltaEvent",
    "response.output_text.done": "ResponseTextDoneEvent",
    "response.web_search_call.completed": "ResponseWebSearchCallCompletedEvent",
    "response.web_search_call.in_progress": "ResponseWebSearchCallInProgressEvent",
    "response.web_search_call.searching": "ResponseWebSearchCallSearchingEvent",
    "response.image_generation_call.completed": "ResponseImageGenCallCompletedEvent",
    "response.image_generation_call.generating": "ResponseImageGenCallGeneratingEvent",
    "response.image_generation_call.in_progress": "ResponseImageGenCallInProgressEvent",
    "response.image_generation_call.partial_image": "ResponseImageGenCallPartialImageEvent",
    "response.mcp_call_arguments.delta": "ResponseMcpCallArgumentsDeltaEvent",
    "response.mcp_call_arguments.done": "ResponseMcpCallArgumentsDoneEvent",
    "response.mcp_call.completed": "ResponseMcpCallCompletedEvent",
    "response.mcp_call.failed": "ResponseMcpCallFailedEvent",
    "response.mcp_call.in_progress": "ResponseMcpCallInProgressEvent",
    "response.mcp_list_tools.completed": "ResponseMcpListToolsCompletedEvent",
    "response.mcp_list_tools.failed": "ResponseMcpListToolsFailedEvent",
    "response.mcp_list_tools.in_progress": "ResponseMcpListToolsInProgressEvent",
    "response.output_text.annotation.added": "ResponseOutputTextAnnotationAddedEvent",
    "response.queued": "ResponseQueuedEvent",
    "response.custom_tool_call_input.delta": "ResponseCustomToolCallInputDeltaEvent",
    "response.custom_tool_call_input.done": "ResponseCustomToolCallInputDoneEvent",
}

_RESPONSE = {"id": "resp_1", "object": "response", "created_at": 1, "model": "m", "output": []}
_MESSAGE = {
    "id": "msg_1",
    "type": "message",
    "role": "assistant",
    "status": "completed",
    "content": [{"type": "output_text", "text": "hi", "annotations": []}],
}

# Values for required fields, by field name; a few event classes override them below.
_FIELD_VALUES: dict[str, Any] = {
    "response": _RESPONSE,
    "item": _MESSAGE,
    "part": {"type": "summary_text", "text": "s"},
    "delta": "d",
    "text": "t",
    "code": "print(1)",
    "arguments": "{}",
    "input": "in",
    "refusal": "no",
    "message": "boom",
    "command": "ls",
    "partial_image_b64": "aGk=",
    "item_id": "item_1",
}
_OVERRIDES: dict[str, dict[str, Any]] = {
    "response.content_part.added": {"part": {"type": "output_text", "text": "", "annotations": []}},
    "response.content_part.done": {"part": {"type": "refusal", "refusal": "no"}},
    "response.shell_call_output_content.delta": {"delta": {"stdout": "out"}},
    "response.shell_call_output_content.done": {
        "output": [{"stdout": "o", "stderr": "", "outcome": {"type": "exit", "exit_code": 0}}]
    },
    "response.output_text.annotation.added": {
        "annotation": {"type": "file_path", "file_id": "f", "index": 0}
    },
}


def _minimal_event(event_type: str) -> dict[str, Any]:
    cls = getattr(responses, EVENT_CLASSES[event_type])
    data: dict[str, Any] = {"type": event_type, "sequence_number": 7}
    for name, field in cls.model_fields.items():
        if field.is_required():
            data[name] = copy.deepcopy(_FIELD_VALUES.get(name, 0))
    data.update(copy.deepcopy(_OVERRIDES.get(event_type, {})))
    return data


@pytest.mark.parametrize("event_type", sorted(EVENT_CLASSES))
def test_parse_stream_event_dispatches_every_known_type(event_type: str) -> None:
    data = _minimal_event(event_type)
    event = parse_stream_event(data)
    assert type(event).__name__ == EVENT_CLASSES[event_type]
    assert event.type == event_type
    assert event.sequence_number == 7
    assert event.model_dump(exclude_unset=True) == data
    # The pydantic union reaches the same class.
    assert type(TypeAdapter(ResponseStreamEvent).validate_python(data)) is type(event)


def test_every_event_class_is_in_the_union() -> None:
    event_classes = {
        name
        for name, value in ((n, getattr(responses, n)) for n in dir(responses))
        if isinstance(value, type) and name.startswith("Response") and name.endswith("Event")
    }
    assert event_classes == set(EVENT_CLASSES.values())


def test_parse_stream_event_rejects_a_known_type_with_bad_fields() -> None:
    # Missing fields the runtime does not need take neutral defaults (see the module docstring);
    # a field of the wrong type is still an error.
    event = parse_stream_event({"type": "response.output_text.delta", "sequence_number": 1})
    assert (event.delta, event.item_id, event.output_index) == ("", "", 0)  # type: ignore[union-attr]
    with pytest.raises(ValidationError):
        parse_stream_event(
            {
                "type": "response.output_text.delta",
                "item_id": "m",
                "output_index": "not a number",
                "content_index": 0,
                "delta": "x",
            }
        )


def test_unknown_event_type_is_preserved() -> None:
    data = {
        "type": "response.hologram.delta",
        "sequence_number": 12,
        "item_id": "h_1",
        "payload": {"nested": [1, 2, {"deep": None}]},
    }
    event = parse_stream_event(data)
    assert isinstance(event, UnknownStreamEvent)
    assert event.type == "response.hologram.delta"
    assert event.sequence_number == 12
    assert event.model_extra == {"item_id": "h_1", "payload": {"nested": [1, 2, {"deep": None}]}}
    assert event.model_dump() == data
    assert event.model_dump(mode="json", exclude_unset=True) == data
    assert isinstance(TypeAdapter(ResponseStreamEvent).validate_python(data), UnknownStreamEvent)


# ---------------------------------------------------------------------------------------------

OUTPUT_ITEMS: dict[str, tuple[str, dict[str, Any]]] = {
    "message": ("ResponseOutputMessage", _MESSAGE),
    "file_search_call": (
        "ResponseFileSearchToolCall",
        {"id": "fs", "type": "file_search_call", "status": "completed", "queries": ["q"]},
    ),
    "function_call": (
        "ResponseFunctionToolCall",
        {"type": "function_call", "call_id": "c", "name": "f", "arguments": "{}"},
    ),
    "function_call_output": (
        "ResponseFunctionToolCallOutputItem",
        {"id": "o", "type": "function_call_output", "status": "completed", "output": "ok"},
    ),
    "web_search_call": (
        "ResponseFunctionWebSearch",
        {
            "id": "ws",
            "type": "web_search_call",
            "status": "completed",
            "action": {"type": "search", "query": "q", "sources": [{"type": "url", "url": "u"}]},
        },
    ),
    "computer_call": (
        "ResponseComputerToolCall",
        {
            "id": "cc",
            "type": "computer_call",
            "call_id": "c",
            "status": "completed",
            "pending_safety_checks": [],
            "action": {"type": "click", "button": "left", "x": 1, "y": 2},
        },
    ),
    "computer_call_output": (
        "ResponseComputerToolCallOutputItem",
        {
            "id": "co",
            "type": "computer_call_output",
            "call_id": "c",
            "status": "completed",
            "output": {"type": "computer_screenshot", "image_url": "data:image/png;base64,"},
        },
    ),
    "reasoning": (
        "ResponseReasoningItem",
        {"id": "rs", "type": "reasoning", "summary": [{"type": "summary_text", "text": "s"}]},
    ),
    "program": (
        "Program",
        {"id": "p", "type": "program", "call_id": "c", "code": "x", "fingerprint": "f"},
    ),
    "program_output": (
        "ProgramOutput",
        {
            "id": "po",
            "type": "program_output",
            "call_id": "c",
            "result": "r",
            "status": "completed",
        },
    ),
    "tool_search_call": (
        "ResponseToolSearchCall",
        {"id": "t", "type": "tool_search_call", "arguments": {}, "status": "completed"},
    ),
    "tool_search_output": (
        "ResponseToolSearchOutputItem",
        {
            "id": "t",
            "type": "tool_search_output",
            "status": "completed",
            "tools": [{"type": "function", "name": "f", "parameters": None, "strict": None}],
        },
    ),
    "additional_tools": (
        "AdditionalTools",
        {"id": "a", "type": "additional_tools", "role": "developer", "tools": []},
    ),
    "compaction": (
        "ResponseCompactionItem",
        {"id": "cp", "type": "compaction", "encrypted_content": "e"},
    ),
    "image_generation_call": (
        "ImageGenerationCall",
        {"id": "ig", "type": "image_generation_call", "status": "completed", "result": "aGk="},
    ),
    "code_interpreter_call": (
        "ResponseCodeInterpreterToolCall",
        {
            "id": "ci",
            "type": "code_interpreter_call",
            "status": "completed",
            "container_id": "cnt",
            "code": "print(1)",
            "outputs": [{"type": "logs", "logs": "1\n"}],
        },
    ),
    "local_shell_call": (
        "LocalShellCall",
        {
            "id": "ls",
            "type": "local_shell_call",
            "call_id": "c",
            "status": "completed",
            "action": {"type": "exec", "command": ["ls"], "env": {}},
        },
    ),
    "local_shell_call_output": (
        "LocalShellCallOutputItem",
        {"id": "lo", "type": "local_shell_call_output", "output": "x"},
    ),
    "shell_call": (
        "ResponseFunctionShellToolCall",
        {
            "id": "sh",
            "type": "shell_call",
            "call_id": "c",
            "status": "completed",
            "action": {"commands": ["ls"]},
        },
    ),
    "shell_call_output": (
        "ResponseFunctionShellToolCallOutput",
        {
            "id": "so",
            "type": "shell_call_output",
            "call_id": "c",
            "status": "completed",
            "output": [{"stdout": "", "stderr": "", "outcome": {"type": "timeout"}}],
        },
    ),
    "apply_patch_call": (
        "ResponseApplyPatchToolCall",
        {
            "id": "ap",
            "type": "apply_patch_call",
            "call_id": "c",
            "status": "completed",
            "operation": {"type": "delete_file", "path": "a.txt"},
        },
    ),
    "apply_patch_call_output": (
        "ResponseApplyPatchToolCallOutput",
        {"id": "apo", "type": "apply_patch_call_output", "call_id": "c", "status": "failed"},
    ),
    "mcp_call": (
        "McpCall",
        {"id": "m", "type": "mcp_call", "server_label": "s", "name": "n", "arguments": "{}"},
    ),
    "mcp_list_tools": (
        "McpListTools",
        {
            "id": "ml",
            "type": "mcp_list_tools",
            "server_label": "s",
            "tools": [{"name": "t", "input_schema": {"type": "object"}}],
        },
    ),
    "mcp_approval_request": (
        "McpApprovalRequest",
        {
            "id": "ma",
            "type": "mcp_approval_request",
            "server_label": "s",
            "name": "n",
            "arguments": "{}",
        },
    ),
    "mcp_approval_response": (
        "McpApprovalResponseItem",
        {"id": "mr", "type": "mcp_approval_response", "approval_request_id": "ma", "approve": True},
    ),
    "custom_tool_call": (
        "ResponseCustomToolCall",
        {"type": "custom_tool_call", "call_id": "c", "name": "n", "input": "raw"},
    ),
    "custom_tool_call_output": (
        "ResponseCustomToolCallOutputItem",
        {
            "type": "custom_tool_call_output",
            "call_id": "c",
            "output": [{"type": "input_text", "text": "t"}],
        },
    ),
}


@pytest.mark.parametrize("item_type", sorted(OUTPUT_ITEMS))
def test_parse_output_item_dispatches_every_known_type(item_type: str) -> None:
    class_name, data = OUTPUT_ITEMS[item_type]
    item = parse_output_item(copy.deepcopy(data))
    assert type(item).__name__ == class_name
    assert item.type == item_type
    assert item.model_dump(exclude_unset=True) == data
    assert item.model_dump(mode="json", exclude_unset=True) == data
    assert type(TypeAdapter(ResponseOutputItem).validate_python(data)) is type(item)
    # Inside a Response, through the pydantic union, too.
    response = responses.Response.model_validate({**_RESPONSE, "output": [data]})
    assert type(response.output[0]) is type(item)


def test_every_output_item_type_of_the_union_is_covered() -> None:
    # _OUTPUT_ITEM_TYPES is the dispatch table parse_output_item uses.
    assert set(responses._OUTPUT_ITEM_TYPES) == set(OUTPUT_ITEMS)


def test_the_core_item_types_dispatch_as_the_whole_union() -> None:
    from agentkit.types.responses import _models, _models_rest, _params

    core = _models._CORE_OUTPUT_ITEM_TYPES
    assert {tag: responses._OUTPUT_ITEM_TYPES[tag] for tag in core} == core
    # The package resolves exactly the rest module's names lazily, and every class of both
    # modules says the package's name.
    assert {n for n in responses._REST_NAMES if not n.startswith("_")} == set(_models_rest.__all__)
    assert set(_params.__all__) == responses._PARAM_NAMES
    # A star import brings the models, request shapes and events, not the module's own imports.
    assert set(responses.__all__) == set(_models.__all__) | set(_models_rest.__all__) | set(
        _params.__all__
    ) | {n for n in responses._EVENT_NAMES if not n.startswith("_")}
    assert "Any" not in responses.__all__ and "TYPE_CHECKING" not in responses.__all__
    assert not set(_models.__all__) & responses._REST_NAMES
    for cls in (*_models._CLASSES, *_models_rest._CLASSES):
        assert cls.__module__ == "agentkit.types.responses"
        assert getattr(responses, cls.__name__, cls) is cls


def test_the_shared_package_resolves_exactly_its_rest_modules_names() -> None:
    from agentkit.types import shared
    from agentkit.types.shared import _rest

    assert set(_rest.__all__) == shared._REST_NAMES
    assert set(shared.__all__) - {
        "FunctionParameters",
        "Metadata",
        "Reasoning",
        "ReasoningEffort",
    } <= (shared._REST_NAMES)
    for name in _rest.__all__:
        cls = getattr(shared, name)
        assert cls is getattr(_rest, name)
        assert cls.__module__ == "agentkit.types.shared"
    assert shared.Reasoning.__module__ == "agentkit.types.shared"


def test_unknown_output_item_is_preserved_everywhere() -> None:
    data = {"type": "teleport_call", "id": "tp_1", "status": "completed", "destination": {"x": 1}}
    item = parse_output_item(copy.deepcopy(data))
    assert isinstance(item, UnknownOutputItem)
    assert item.model_dump() == data
    assert item.model_extra == {"id": "tp_1", "status": "completed", "destination": {"x": 1}}

    response = responses.Response.model_validate({**_RESPONSE, "output": [data, _MESSAGE]})
    assert isinstance(response.output[0], UnknownOutputItem)
    assert isinstance(response.output[1], responses.ResponseOutputMessage)
    assert response.model_dump(exclude_unset=True)["output"] == [data, _MESSAGE]

    event = parse_stream_event(
        {"type": "response.output_item.done", "sequence_number": 3, "output_index": 0, "item": data}
    )
    assert isinstance(event, responses.ResponseOutputItemDoneEvent)
    assert isinstance(event.item, UnknownOutputItem)
    assert event.model_dump(mode="json", exclude_unset=True)["item"] == data


def test_parse_output_item_rejects_a_known_type_with_missing_fields() -> None:
    with pytest.raises(ValidationError):
        parse_output_item({"type": "function_call", "name": "f"})


def test_a_non_string_type_is_a_validation_error() -> None:
    with pytest.raises(ValidationError):
        parse_stream_event({"type": ["response.created"], "sequence_number": 0})
    with pytest.raises(ValidationError):
        parse_output_item({"type": {"message": True}})
