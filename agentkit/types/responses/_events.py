"""Responses stream events, loaded on first use.

Part of ``agentkit.types.responses`` (import them from there: the classes say so in their
``__module__``): a run that never streams does not build these ~60 classes.
"""

from typing import Annotated, Any, Literal, TypeAlias

from pydantic import Field, Tag

from .._base import _UNKNOWN_TAG, _new_list, _open_discriminator, _seal, _WireModel
from ._models import Annotation, Logprob, UnknownStreamEvent, _ContentPart
from ._models_rest import Output, Response, ResponseOutputItem, _build_validators

__all__ = [
    "Delta",
    "Part",
    "ResponseAudioDeltaEvent",
    "ResponseAudioDoneEvent",
    "ResponseAudioTranscriptDeltaEvent",
    "ResponseAudioTranscriptDoneEvent",
    "ResponseCodeInterpreterCallCodeDeltaEvent",
    "ResponseCodeInterpreterCallCodeDoneEvent",
    "ResponseCodeInterpreterCallCompletedEvent",
    "ResponseCodeInterpreterCallInProgressEvent",
    "ResponseCodeInterpreterCallInterpretingEvent",
    "ResponseCompactionCompactingEvent",
    "ResponseCompletedEvent",
    "ResponseContentPartAddedEvent",
    "ResponseContentPartDoneEvent",
    "ResponseCreatedEvent",
    "ResponseCustomToolCallInputDeltaEvent",
    "ResponseCustomToolCallInputDoneEvent",
    "ResponseErrorEvent",
    "ResponseFailedEvent",
    "ResponseFileSearchCallCompletedEvent",
    "ResponseFileSearchCallInProgressEvent",
    "ResponseFileSearchCallSearchingEvent",
    "ResponseFunctionCallArgumentsDeltaEvent",
    "ResponseFunctionCallArgumentsDoneEvent",
    "ResponseImageGenCallCompletedEvent",
    "ResponseImageGenCallGeneratingEvent",
    "ResponseImageGenCallInProgressEvent",
    "ResponseImageGenCallPartialImageEvent",
    "ResponseInProgressEvent",
    "ResponseIncompleteEvent",
    "ResponseMcpCallArgumentsDeltaEvent",
    "ResponseMcpCallArgumentsDoneEvent",
    "ResponseMcpCallCompletedEvent",
    "ResponseMcpCallFailedEvent",
    "ResponseMcpCallInProgressEvent",
    "ResponseMcpListToolsCompletedEvent",
    "ResponseMcpListToolsFailedEvent",
    "ResponseMcpListToolsInProgressEvent",
    "ResponseOutputItemAddedEvent",
    "ResponseOutputItemDoneEvent",
    "ResponseOutputTextAnnotationAddedEvent",
    "ResponseQueuedEvent",
    "ResponseReasoningSummaryPartAddedEvent",
    "ResponseReasoningSummaryPartDoneEvent",
    "ResponseReasoningSummaryTextDeltaEvent",
    "ResponseReasoningSummaryTextDoneEvent",
    "ResponseReasoningTextDeltaEvent",
    "ResponseReasoningTextDoneEvent",
    "ResponseRefusalDeltaEvent",
    "ResponseRefusalDoneEvent",
    "ResponseShellCallCommandAddedEvent",
    "ResponseShellCallCommandDeltaEvent",
    "ResponseShellCallCommandDoneEvent",
    "ResponseShellCallOutputContentDeltaEvent",
    "ResponseShellCallOutputContentDoneEvent",
    "ResponseStreamEvent",
    "ResponseTextDeltaEvent",
    "ResponseTextDoneEvent",
    "ResponseWebSearchCallCompletedEvent",
    "ResponseWebSearchCallInProgressEvent",
    "ResponseWebSearchCallSearchingEvent",
    "parse_stream_event",
]


class ResponseCreatedEvent(_WireModel):
    """The response was created (first event, ``sequence_number`` 0)."""

    response: Response
    sequence_number: int = 0
    type: Literal["response.created"] = "response.created"


class ResponseInProgressEvent(_WireModel):
    """The response is being generated."""

    response: Response
    sequence_number: int = 0
    type: Literal["response.in_progress"] = "response.in_progress"


class ResponseQueuedEvent(_WireModel):
    """A background response is queued."""

    response: Response
    sequence_number: int = 0
    type: Literal["response.queued"] = "response.queued"


class ResponseCompletedEvent(_WireModel):
    """The response finished; ``response`` is final, with output and usage."""

    response: Response
    sequence_number: int = 0
    type: Literal["response.completed"] = "response.completed"


class ResponseIncompleteEvent(_WireModel):
    """The response stopped early (see ``response.incomplete_details``)."""

    response: Response
    sequence_number: int = 0
    type: Literal["response.incomplete"] = "response.incomplete"


class ResponseFailedEvent(_WireModel):
    """The response failed (see ``response.error``)."""

    response: Response
    sequence_number: int = 0
    type: Literal["response.failed"] = "response.failed"


class ResponseErrorEvent(_WireModel):
    """An error during streaming."""

    message: str = ""
    code: str | None = None
    param: str | None = None
    sequence_number: int = 0
    type: Literal["error"] = "error"


class ResponseOutputItemAddedEvent(_WireModel):
    """A new output item started."""

    item: ResponseOutputItem
    output_index: int = 0
    sequence_number: int = 0
    type: Literal["response.output_item.added"] = "response.output_item.added"


class ResponseOutputItemDoneEvent(_WireModel):
    """An output item is complete; ``item`` is final."""

    item: ResponseOutputItem
    output_index: int = 0
    sequence_number: int = 0
    type: Literal["response.output_item.done"] = "response.output_item.done"


class ResponseContentPartAddedEvent(_WireModel):
    """A new content part of a message started."""

    content_index: int = 0
    item_id: str = ""
    output_index: int = 0
    part: _ContentPart
    sequence_number: int = 0
    type: Literal["response.content_part.added"] = "response.content_part.added"


class ResponseContentPartDoneEvent(_WireModel):
    """A content part of a message is complete."""

    content_index: int = 0
    item_id: str = ""
    output_index: int = 0
    part: _ContentPart
    sequence_number: int = 0
    type: Literal["response.content_part.done"] = "response.content_part.done"


class ResponseTextDeltaEvent(_WireModel):
    """A piece of output text."""

    content_index: int = 0
    delta: str = ""
    item_id: str = ""
    output_index: int = 0
    logprobs: list[Logprob] = Field(default_factory=_new_list)
    sequence_number: int = 0
    type: Literal["response.output_text.delta"] = "response.output_text.delta"


class ResponseTextDoneEvent(_WireModel):
    """An output text part is complete; ``text`` is the whole text."""

    content_index: int = 0
    item_id: str = ""
    output_index: int = 0
    text: str = ""
    logprobs: list[Logprob] = Field(default_factory=_new_list)
    sequence_number: int = 0
    type: Literal["response.output_text.done"] = "response.output_text.done"


class ResponseOutputTextAnnotationAddedEvent(_WireModel):
    """An annotation was added to an output text part."""

    annotation_index: int = 0
    content_index: int = 0
    item_id: str = ""
    output_index: int = 0
    annotation: Annotation | None = None
    sequence_number: int = 0
    type: Literal["response.output_text.annotation.added"] = "response.output_text.annotation.added"


class ResponseRefusalDeltaEvent(_WireModel):
    """A piece of refusal text."""

    content_index: int = 0
    delta: str = ""
    item_id: str = ""
    output_index: int = 0
    sequence_number: int = 0
    type: Literal["response.refusal.delta"] = "response.refusal.delta"


class ResponseRefusalDoneEvent(_WireModel):
    """A refusal is complete."""

    content_index: int = 0
    item_id: str = ""
    output_index: int = 0
    refusal: str = ""
    sequence_number: int = 0
    type: Literal["response.refusal.done"] = "response.refusal.done"


class ResponseFunctionCallArgumentsDeltaEvent(_WireModel):
    """A piece of a function call's JSON arguments."""

    delta: str = ""
    item_id: str = ""
    output_index: int = 0
    sequence_number: int = 0
    type: Literal["response.function_call_arguments.delta"] = (
        "response.function_call_arguments.delta"
    )


class ResponseFunctionCallArgumentsDoneEvent(_WireModel):
    """A function call's arguments are complete."""

    arguments: str = ""
    item_id: str = ""
    output_index: int = 0
    name: str | None = None
    sequence_number: int = 0
    type: Literal["response.function_call_arguments.done"] = "response.function_call_arguments.done"


class Part(_WireModel):
    """A reasoning summary part (in ``response.reasoning_summary_part.*`` events)."""

    text: str = ""
    type: Literal["summary_text"] = "summary_text"


class ResponseReasoningSummaryPartAddedEvent(_WireModel):
    """A new reasoning summary part started."""

    item_id: str = ""
    output_index: int = 0
    part: Part
    summary_index: int = 0
    sequence_number: int = 0
    type: Literal["response.reasoning_summary_part.added"] = "response.reasoning_summary_part.added"


class ResponseReasoningSummaryPartDoneEvent(_WireModel):
    """A reasoning summary part is complete."""

    item_id: str = ""
    output_index: int = 0
    part: Part
    summary_index: int = 0
    status: str | None = None
    sequence_number: int = 0
    type: Literal["response.reasoning_summary_part.done"] = "response.reasoning_summary_part.done"


class ResponseReasoningSummaryTextDeltaEvent(_WireModel):
    """A piece of reasoning summary text."""

    delta: str = ""
    item_id: str = ""
    output_index: int = 0
    summary_index: int = 0
    sequence_number: int = 0
    type: Literal["response.reasoning_summary_text.delta"] = "response.reasoning_summary_text.delta"


class ResponseReasoningSummaryTextDoneEvent(_WireModel):
    """A reasoning summary text is complete."""

    item_id: str = ""
    output_index: int = 0
    summary_index: int = 0
    text: str = ""
    sequence_number: int = 0
    type: Literal["response.reasoning_summary_text.done"] = "response.reasoning_summary_text.done"


class ResponseReasoningTextDeltaEvent(_WireModel):
    """A piece of raw reasoning text."""

    content_index: int = 0
    delta: str = ""
    item_id: str = ""
    output_index: int = 0
    sequence_number: int = 0
    type: Literal["response.reasoning_text.delta"] = "response.reasoning_text.delta"


class ResponseReasoningTextDoneEvent(_WireModel):
    """A raw reasoning text is complete."""

    content_index: int = 0
    item_id: str = ""
    output_index: int = 0
    text: str = ""
    sequence_number: int = 0
    type: Literal["response.reasoning_text.done"] = "response.reasoning_text.done"


class ResponseWebSearchCallInProgressEvent(_WireModel):
    """A web search call started."""

    item_id: str = ""
    output_index: int = 0
    sequence_number: int = 0
    type: Literal["response.web_search_call.in_progress"] = "response.web_search_call.in_progress"


class ResponseWebSearchCallSearchingEvent(_WireModel):
    """A web search call is searching."""

    item_id: str = ""
    output_index: int = 0
    sequence_number: int = 0
    type: Literal["response.web_search_call.searching"] = "response.web_search_call.searching"


class ResponseWebSearchCallCompletedEvent(_WireModel):
    """A web search call finished."""

    item_id: str = ""
    output_index: int = 0
    sequence_number: int = 0
    type: Literal["response.web_search_call.completed"] = "response.web_search_call.completed"


class ResponseFileSearchCallInProgressEvent(_WireModel):
    """A file search call started."""

    item_id: str = ""
    output_index: int = 0
    sequence_number: int = 0
    type: Literal["response.file_search_call.in_progress"] = "response.file_search_call.in_progress"


class ResponseFileSearchCallSearchingEvent(_WireModel):
    """A file search call is searching."""

    item_id: str = ""
    output_index: int = 0
    sequence_number: int = 0
    type: Literal["response.file_search_call.searching"] = "response.file_search_call.searching"


class ResponseFileSearchCallCompletedEvent(_WireModel):
    """A file search call finished."""

    item_id: str = ""
    output_index: int = 0
    sequence_number: int = 0
    type: Literal["response.file_search_call.completed"] = "response.file_search_call.completed"


class ResponseCodeInterpreterCallInProgressEvent(_WireModel):
    """A code interpreter call started."""

    item_id: str = ""
    output_index: int = 0
    sequence_number: int = 0
    type: Literal["response.code_interpreter_call.in_progress"] = (
        "response.code_interpreter_call.in_progress"
    )


class ResponseCodeInterpreterCallInterpretingEvent(_WireModel):
    """A code interpreter call is running code."""

    item_id: str = ""
    output_index: int = 0
    sequence_number: int = 0
    type: Literal["response.code_interpreter_call.interpreting"] = (
        "response.code_interpreter_call.interpreting"
    )


class ResponseCodeInterpreterCallCompletedEvent(_WireModel):
    """A code interpreter call finished."""

    item_id: str = ""
    output_index: int = 0
    sequence_number: int = 0
    type: Literal["response.code_interpreter_call.completed"] = (
        "response.code_interpreter_call.completed"
    )


class ResponseImageGenCallInProgressEvent(_WireModel):
    """An image generation call started."""

    item_id: str = ""
    output_index: int = 0
    sequence_number: int = 0
    type: Literal["response.image_generation_call.in_progress"] = (
        "response.image_generation_call.in_progress"
    )


class ResponseImageGenCallGeneratingEvent(_WireModel):
    """An image generation call is generating."""

    item_id: str = ""
    output_index: int = 0
    sequence_number: int = 0
    type: Literal["response.image_generation_call.generating"] = (
        "response.image_generation_call.generating"
    )


class ResponseImageGenCallCompletedEvent(_WireModel):
    """An image generation call finished."""

    item_id: str = ""
    output_index: int = 0
    sequence_number: int = 0
    type: Literal["response.image_generation_call.completed"] = (
        "response.image_generation_call.completed"
    )


class ResponseMcpCallInProgressEvent(_WireModel):
    """An MCP tool call started."""

    item_id: str = ""
    output_index: int = 0
    sequence_number: int = 0
    type: Literal["response.mcp_call.in_progress"] = "response.mcp_call.in_progress"


class ResponseMcpCallCompletedEvent(_WireModel):
    """An MCP tool call finished."""

    item_id: str = ""
    output_index: int = 0
    sequence_number: int = 0
    type: Literal["response.mcp_call.completed"] = "response.mcp_call.completed"


class ResponseMcpCallFailedEvent(_WireModel):
    """An MCP tool call failed."""

    item_id: str = ""
    output_index: int = 0
    sequence_number: int = 0
    type: Literal["response.mcp_call.failed"] = "response.mcp_call.failed"


class ResponseMcpListToolsInProgressEvent(_WireModel):
    """Listing the tools of an MCP server started."""

    item_id: str = ""
    output_index: int = 0
    sequence_number: int = 0
    type: Literal["response.mcp_list_tools.in_progress"] = "response.mcp_list_tools.in_progress"


class ResponseMcpListToolsCompletedEvent(_WireModel):
    """Listing the tools of an MCP server finished."""

    item_id: str = ""
    output_index: int = 0
    sequence_number: int = 0
    type: Literal["response.mcp_list_tools.completed"] = "response.mcp_list_tools.completed"


class ResponseMcpListToolsFailedEvent(_WireModel):
    """Listing the tools of an MCP server failed."""

    item_id: str = ""
    output_index: int = 0
    sequence_number: int = 0
    type: Literal["response.mcp_list_tools.failed"] = "response.mcp_list_tools.failed"


class ResponseCompactionCompactingEvent(_WireModel):
    """The server is compacting the conversation."""

    item_id: str = ""
    output_index: int = 0
    sequence_number: int = 0
    type: Literal["response.compaction.compacting"] = "response.compaction.compacting"


class ResponseCodeInterpreterCallCodeDeltaEvent(_WireModel):
    """A piece of the code a code interpreter call runs."""

    delta: str = ""
    item_id: str = ""
    output_index: int = 0
    sequence_number: int = 0
    type: Literal["response.code_interpreter_call_code.delta"] = (
        "response.code_interpreter_call_code.delta"
    )


class ResponseCodeInterpreterCallCodeDoneEvent(_WireModel):
    """The code of a code interpreter call is complete."""

    code: str = ""
    item_id: str = ""
    output_index: int = 0
    sequence_number: int = 0
    type: Literal["response.code_interpreter_call_code.done"] = (
        "response.code_interpreter_call_code.done"
    )


class ResponseMcpCallArgumentsDeltaEvent(_WireModel):
    """A piece of an MCP tool call's JSON arguments."""

    delta: str = ""
    item_id: str = ""
    output_index: int = 0
    sequence_number: int = 0
    type: Literal["response.mcp_call_arguments.delta"] = "response.mcp_call_arguments.delta"


class ResponseMcpCallArgumentsDoneEvent(_WireModel):
    """An MCP tool call's arguments are complete."""

    arguments: str = ""
    item_id: str = ""
    output_index: int = 0
    sequence_number: int = 0
    type: Literal["response.mcp_call_arguments.done"] = "response.mcp_call_arguments.done"


class ResponseCustomToolCallInputDeltaEvent(_WireModel):
    """A piece of a custom tool call's input."""

    delta: str = ""
    item_id: str = ""
    output_index: int = 0
    sequence_number: int = 0
    type: Literal["response.custom_tool_call_input.delta"] = "response.custom_tool_call_input.delta"


class ResponseCustomToolCallInputDoneEvent(_WireModel):
    """A custom tool call's input is complete."""

    input: str = ""
    item_id: str = ""
    output_index: int = 0
    sequence_number: int = 0
    type: Literal["response.custom_tool_call_input.done"] = "response.custom_tool_call_input.done"


class ResponseImageGenCallPartialImageEvent(_WireModel):
    """A partial image while an image is generated."""

    partial_image_b64: str = ""
    partial_image_index: int = 0
    background: str | None = None
    output_format: str | None = None
    quality: str | None = None
    size: str | None = None
    item_id: str = ""
    output_index: int = 0
    sequence_number: int = 0
    type: Literal["response.image_generation_call.partial_image"] = (
        "response.image_generation_call.partial_image"
    )


class ResponseAudioDeltaEvent(_WireModel):
    """A piece of output audio (base64)."""

    delta: str = ""
    sequence_number: int = 0
    type: Literal["response.audio.delta"] = "response.audio.delta"


class ResponseAudioDoneEvent(_WireModel):
    """The output audio is complete."""

    sequence_number: int = 0
    type: Literal["response.audio.done"] = "response.audio.done"


class ResponseAudioTranscriptDeltaEvent(_WireModel):
    """A piece of the output audio's transcript."""

    delta: str = ""
    sequence_number: int = 0
    type: Literal["response.audio.transcript.delta"] = "response.audio.transcript.delta"


class ResponseAudioTranscriptDoneEvent(_WireModel):
    """The output audio's transcript is complete."""

    sequence_number: int = 0
    type: Literal["response.audio.transcript.done"] = "response.audio.transcript.done"


class ResponseShellCallCommandAddedEvent(_WireModel):
    """A shell call command started."""

    command: str = ""
    command_index: int = 0
    output_index: int = 0
    sequence_number: int = 0
    type: Literal["response.shell_call_command.added"] = "response.shell_call_command.added"


class ResponseShellCallCommandDeltaEvent(_WireModel):
    """A piece of a shell call command."""

    command_index: int = 0
    delta: str = ""
    output_index: int = 0
    obfuscation: str | None = None
    sequence_number: int = 0
    type: Literal["response.shell_call_command.delta"] = "response.shell_call_command.delta"


class ResponseShellCallCommandDoneEvent(_WireModel):
    """A shell call command is complete."""

    command: str = ""
    command_index: int = 0
    output_index: int = 0
    sequence_number: int = 0
    type: Literal["response.shell_call_command.done"] = "response.shell_call_command.done"


class Delta(_WireModel):
    """A piece of shell output."""

    stderr: str | None = None
    stdout: str | None = None


class ResponseShellCallOutputContentDeltaEvent(_WireModel):
    """A piece of a shell command's output."""

    command_index: int = 0
    delta: Delta
    item_id: str = ""
    output_index: int = 0
    sequence_number: int = 0
    type: Literal["response.shell_call_output_content.delta"] = (
        "response.shell_call_output_content.delta"
    )


class ResponseShellCallOutputContentDoneEvent(_WireModel):
    """A shell command's output is complete."""

    command_index: int = 0
    output: list[Output] = Field(default_factory=_new_list)
    item_id: str = ""
    output_index: int = 0
    sequence_number: int = 0
    type: Literal["response.shell_call_output_content.done"] = (
        "response.shell_call_output_content.done"
    )


ResponseStreamEvent: TypeAlias = Annotated[
    Annotated[ResponseCreatedEvent, Tag("response.created")]
    | Annotated[ResponseInProgressEvent, Tag("response.in_progress")]
    | Annotated[ResponseQueuedEvent, Tag("response.queued")]
    | Annotated[ResponseCompletedEvent, Tag("response.completed")]
    | Annotated[ResponseIncompleteEvent, Tag("response.incomplete")]
    | Annotated[ResponseFailedEvent, Tag("response.failed")]
    | Annotated[ResponseErrorEvent, Tag("error")]
    | Annotated[ResponseOutputItemAddedEvent, Tag("response.output_item.added")]
    | Annotated[ResponseOutputItemDoneEvent, Tag("response.output_item.done")]
    | Annotated[ResponseContentPartAddedEvent, Tag("response.content_part.added")]
    | Annotated[ResponseContentPartDoneEvent, Tag("response.content_part.done")]
    | Annotated[ResponseTextDeltaEvent, Tag("response.output_text.delta")]
    | Annotated[ResponseTextDoneEvent, Tag("response.output_text.done")]
    | Annotated[
        ResponseOutputTextAnnotationAddedEvent, Tag("response.output_text.annotation.added")
    ]
    | Annotated[ResponseRefusalDeltaEvent, Tag("response.refusal.delta")]
    | Annotated[ResponseRefusalDoneEvent, Tag("response.refusal.done")]
    | Annotated[
        ResponseFunctionCallArgumentsDeltaEvent, Tag("response.function_call_arguments.delta")
    ]
    | Annotated[
        ResponseFunctionCallArgumentsDoneEvent, Tag("response.function_call_arguments.done")
    ]
    | Annotated[
        ResponseReasoningSummaryPartAddedEvent, Tag("response.reasoning_summary_part.added")
    ]
    | Annotated[ResponseReasoningSummaryPartDoneEvent, Tag("response.reasoning_summary_part.done")]
    | Annotated[
        ResponseReasoningSummaryTextDeltaEvent, Tag("response.reasoning_summary_text.delta")
    ]
    | Annotated[ResponseReasoningSummaryTextDoneEvent, Tag("response.reasoning_summary_text.done")]
    | Annotated[ResponseReasoningTextDeltaEvent, Tag("response.reasoning_text.delta")]
    | Annotated[ResponseReasoningTextDoneEvent, Tag("response.reasoning_text.done")]
    | Annotated[ResponseWebSearchCallInProgressEvent, Tag("response.web_search_call.in_progress")]
    | Annotated[ResponseWebSearchCallSearchingEvent, Tag("response.web_search_call.searching")]
    | Annotated[ResponseWebSearchCallCompletedEvent, Tag("response.web_search_call.completed")]
    | Annotated[ResponseFileSearchCallInProgressEvent, Tag("response.file_search_call.in_progress")]
    | Annotated[ResponseFileSearchCallSearchingEvent, Tag("response.file_search_call.searching")]
    | Annotated[ResponseFileSearchCallCompletedEvent, Tag("response.file_search_call.completed")]
    | Annotated[
        ResponseCodeInterpreterCallInProgressEvent,
        Tag("response.code_interpreter_call.in_progress"),
    ]
    | Annotated[
        ResponseCodeInterpreterCallInterpretingEvent,
        Tag("response.code_interpreter_call.interpreting"),
    ]
    | Annotated[
        ResponseCodeInterpreterCallCompletedEvent, Tag("response.code_interpreter_call.completed")
    ]
    | Annotated[
        ResponseImageGenCallInProgressEvent, Tag("response.image_generation_call.in_progress")
    ]
    | Annotated[
        ResponseImageGenCallGeneratingEvent, Tag("response.image_generation_call.generating")
    ]
    | Annotated[ResponseImageGenCallCompletedEvent, Tag("response.image_generation_call.completed")]
    | Annotated[ResponseMcpCallInProgressEvent, Tag("response.mcp_call.in_progress")]
    | Annotated[ResponseMcpCallCompletedEvent, Tag("response.mcp_call.completed")]
    | Annotated[ResponseMcpCallFailedEvent, Tag("response.mcp_call.failed")]
    | Annotated[ResponseMcpListToolsInProgressEvent, Tag("response.mcp_list_tools.in_progress")]
    | Annotated[ResponseMcpListToolsCompletedEvent, Tag("response.mcp_list_tools.completed")]
    | Annotated[ResponseMcpListToolsFailedEvent, Tag("response.mcp_list_tools.failed")]
    | Annotated[ResponseCompactionCompactingEvent, Tag("response.compaction.compacting")]
    | Annotated[
        ResponseCodeInterpreterCallCodeDeltaEvent, Tag("response.code_interpreter_call_code.delta")
    ]
    | Annotated[
        ResponseCodeInterpreterCallCodeDoneEvent, Tag("response.code_interpreter_call_code.done")
    ]
    | Annotated[ResponseMcpCallArgumentsDeltaEvent, Tag("response.mcp_call_arguments.delta")]
    | Annotated[ResponseMcpCallArgumentsDoneEvent, Tag("response.mcp_call_arguments.done")]
    | Annotated[ResponseCustomToolCallInputDeltaEvent, Tag("response.custom_tool_call_input.delta")]
    | Annotated[ResponseCustomToolCallInputDoneEvent, Tag("response.custom_tool_call_input.done")]
    | Annotated[
        ResponseImageGenCallPartialImageEvent, Tag("response.image_generation_call.partial_image")
    ]
    | Annotated[ResponseAudioDeltaEvent, Tag("response.audio.delta")]
    | Annotated[ResponseAudioDoneEvent, Tag("response.audio.done")]
    | Annotated[ResponseAudioTranscriptDeltaEvent, Tag("response.audio.transcript.delta")]
    | Annotated[ResponseAudioTranscriptDoneEvent, Tag("response.audio.transcript.done")]
    | Annotated[ResponseShellCallCommandAddedEvent, Tag("response.shell_call_command.added")]
    | Annotated[ResponseShellCallCommandDeltaEvent, Tag("response.shell_call_command.delta")]
    | Annotated[ResponseShellCallCommandDoneEvent, Tag("response.shell_call_command.done")]
    | Annotated[
        ResponseShellCallOutputContentDeltaEvent, Tag("response.shell_call_output_content.delta")
    ]
    | Annotated[
        ResponseShellCallOutputContentDoneEvent, Tag("response.shell_call_output_content.done")
    ]
    | Annotated[UnknownStreamEvent, Tag(_UNKNOWN_TAG)],
    _open_discriminator(),
]
"""Any Responses stream event; an unknown ``type`` parses as ``UnknownStreamEvent``."""
_STREAM_EVENT_TYPES: dict[str, type[_WireModel]] = _seal(ResponseStreamEvent)
_STREAM_EVENT_TYPES.pop(_UNKNOWN_TAG)

_built = False


def parse_stream_event(data: dict[str, Any]) -> ResponseStreamEvent:
    """Parse one stream event (the JSON of an SSE ``data:`` line), dispatching on its ``type``.

    A dict lookup picks the class, so a delta costs one model validation and nothing more. An
    unknown ``type`` gives an ``UnknownStreamEvent`` holding all the fields.
    """
    global _built
    if not _built:
        _build_validators()
        _built = True
    try:
        cls = _STREAM_EVENT_TYPES[data["type"]]
    except (KeyError, TypeError):  # no type, an unknown one, or one that is not a string
        cls = UnknownStreamEvent
    # The validator directly: this runs once per streamed delta, so skip model_validate's frame.
    return cls.__pydantic_validator__.validate_python(data)  # type: ignore[no-any-return]


# Users import, pickle and see these as ``agentkit.types.responses`` names.
for _value in list(globals().values()):
    if getattr(_value, "__module__", None) == __name__:
        _value.__module__ = __name__.rpartition(".")[0]
del _value
