"""The Responses models a plain run meets: message parts, messages, function calls and their
outputs, reasoning, programs, usage and errors.

Part of ``agentkit.types.responses`` (import them from there: the classes say so in their
``__module__``). The other server-sent models (hosted-tool and computer items, tools, tool choice,
``Response`` and the output-item union) are in ``_models_rest``, which the package loads on first
use of one of them: a run whose answers hold only these items never builds those ~80 classes.
"""

from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeAlias

from pydantic import ConfigDict, Field, Tag, field_validator

from .._base import (
    _UNKNOWN_TAG,
    _new_dict,
    _new_list,
    _open_discriminator,
    _publish,
    _seal,
    _WireModel,
)

__all__ = [
    "Annotation",
    "AnnotationContainerFileCitation",
    "AnnotationFileCitation",
    "AnnotationFilePath",
    "AnnotationURLCitation",
    "CallerDirect",
    "CallerProgram",
    "Content",
    "EasyInputMessage",
    "IncompleteDetails",
    "InputTokensDetails",
    "InputTokensDetailsCacheWriteTokensDetails",
    "Logprob",
    "LogprobTopLogprob",
    "OutputTokensDetails",
    "PartReasoningText",
    "Program",
    "ProgramOutput",
    "ResponseCustomToolCallOutput",
    "ResponseError",
    "ResponseFunctionCallOutputItem",
    "ResponseFunctionCallOutputItemList",
    "ResponseFunctionToolCall",
    "ResponseFunctionToolCallItem",
    "ResponseFunctionToolCallOutputItem",
    "ResponseInputAudio",
    "ResponseInputContent",
    "ResponseInputFile",
    "ResponseInputImage",
    "ResponseInputMessageContentList",
    "ResponseInputMessageItem",
    "ResponseInputText",
    "ResponseOutputMessage",
    "ResponseOutputRefusal",
    "ResponseOutputText",
    "ResponseReasoningItem",
    "ResponseUsage",
    "Summary",
    "UnknownOutputItem",
    "UnknownPart",
    "UnknownStreamEvent",
]

if TYPE_CHECKING:
    _ItemStatus = Literal["in_progress", "completed", "incomplete"]
    _SearchStatus = Literal["in_progress", "searching", "completed", "incomplete", "failed"]
    _CodeStatus = Literal["in_progress", "completed", "incomplete", "interpreting", "failed"]
    _ImageStatus = Literal["in_progress", "completed", "generating", "failed"]
    _McpStatus = Literal["in_progress", "completed", "incomplete", "calling", "failed"]
    _OutputItemStatus = Literal["completed", "incomplete", "failed", "in_progress"]
    _Execution = Literal["server", "client"]
    _Phase = Literal["commentary", "final_answer"]
    _ResponseStatus = Literal[
        "completed", "failed", "in_progress", "cancelled", "queued", "incomplete"
    ]
    _IncompleteReason = Literal["max_output_tokens", "content_filter"]
    _ServiceTier = Literal["auto", "default", "flex", "scale", "priority", "fast", "ultrafast"]
    _Truncation = Literal["auto", "disabled"]
    _Verbosity = Literal["low", "medium", "high"]
    _ErrorCode = Literal[
        "server_error",
        "rate_limit_exceeded",
        "invalid_prompt",
        "vector_store_timeout",
        "invalid_image",
        "invalid_image_format",
        "invalid_base64_image",
        "invalid_image_url",
        "image_too_large",
        "image_too_small",
        "image_parse_error",
        "image_content_policy_violation",
        "invalid_image_mode",
        "image_file_too_large",
        "unsupported_image_media_type",
        "empty_image_file",
        "failed_to_download_image",
        "image_file_not_found",
    ]
    _Button = Literal["left", "right", "wheel", "back", "forward"]
    _ImageDetail = Literal["low", "high", "auto", "original"]
    _SearchContextSize = Literal["low", "medium", "high"]
else:
    # At runtime these are validated as plain strings: a value the server adds later must not
    # break parsing. Type checkers still see the Literal.
    _ItemStatus = _SearchStatus = _CodeStatus = _ImageStatus = _McpStatus = str
    _OutputItemStatus = _Execution = _Phase = _ResponseStatus = _IncompleteReason = str
    _ServiceTier = _Truncation = _Verbosity = _ErrorCode = _Button = _ImageDetail = str
    _SearchContextSize = str


# --------------------------------------------------------------------------------------------
# Fallbacks for types this module does not know
# --------------------------------------------------------------------------------------------


class UnknownPart(_WireModel):
    """A nested object (content part, annotation, action, tool …) of a ``type`` not modelled here.

    All its fields are kept as extra fields and dumped back unchanged.
    """

    type: str


class UnknownOutputItem(_WireModel):
    """An output item of a ``type`` not modelled here; all its fields are kept and round-trip."""

    type: str


class UnknownStreamEvent(_WireModel):
    """A stream event of a ``type`` not modelled here; all its fields are kept and round-trip."""

    type: str
    sequence_number: int = 0


# --------------------------------------------------------------------------------------------
# Content parts of messages
# --------------------------------------------------------------------------------------------


class AnnotationFileCitation(_WireModel):
    """A citation of a file."""

    file_id: str = ""
    filename: str = ""
    index: int = 0
    type: Literal["file_citation"] = "file_citation"


class AnnotationURLCitation(_WireModel):
    """A citation of a web page, for the text between ``start_index`` and ``end_index``."""

    end_index: int = 0
    start_index: int = 0
    title: str = ""
    url: str = ""
    type: Literal["url_citation"] = "url_citation"


class AnnotationContainerFileCitation(_WireModel):
    """A citation of a file in a code interpreter container."""

    container_id: str = ""
    end_index: int = 0
    file_id: str = ""
    filename: str = ""
    start_index: int = 0
    type: Literal["container_file_citation"] = "container_file_citation"


class AnnotationFilePath(_WireModel):
    """A path to a file."""

    file_id: str = ""
    index: int = 0
    type: Literal["file_path"] = "file_path"


Annotation: TypeAlias = Annotated[
    Annotated[AnnotationFileCitation, Tag("file_citation")]
    | Annotated[AnnotationURLCitation, Tag("url_citation")]
    | Annotated[AnnotationContainerFileCitation, Tag("container_file_citation")]
    | Annotated[AnnotationFilePath, Tag("file_path")]
    | Annotated[UnknownPart, Tag(_UNKNOWN_TAG)],
    _open_discriminator(),
]
_seal(Annotation)


class LogprobTopLogprob(_WireModel):
    """One of the most likely tokens at a position."""

    token: str = ""
    logprob: float = 0.0
    bytes: list[int] | None = None


class Logprob(_WireModel):
    """Log probability of one output token."""

    token: str = ""
    logprob: float = 0.0
    bytes: list[int] | None = None
    top_logprobs: list[LogprobTopLogprob] | None = None


class ResponseOutputText(_WireModel):
    """Text written by the model."""

    text: str = ""
    annotations: list[Annotation] = Field(default_factory=_new_list)
    type: Literal["output_text"] = "output_text"
    logprobs: list[Logprob] | None = None


class ResponseOutputRefusal(_WireModel):
    """A refusal by the model."""

    refusal: str = ""
    type: Literal["refusal"] = "refusal"


class PartReasoningText(_WireModel):
    """Reasoning text as a content part (in ``response.content_part.*`` events)."""

    text: str = ""
    type: Literal["reasoning_text"] = "reasoning_text"


_MessageContent: TypeAlias = Annotated[
    Annotated[ResponseOutputText, Tag("output_text")]
    | Annotated[ResponseOutputRefusal, Tag("refusal")]
    | Annotated[UnknownPart, Tag(_UNKNOWN_TAG)],
    _open_discriminator(),
]
_seal(_MessageContent)

_ContentPart: TypeAlias = Annotated[
    Annotated[ResponseOutputText, Tag("output_text")]
    | Annotated[ResponseOutputRefusal, Tag("refusal")]
    | Annotated[PartReasoningText, Tag("reasoning_text")]
    | Annotated[UnknownPart, Tag(_UNKNOWN_TAG)],
    _open_discriminator(),
]
_seal(_ContentPart)


class ResponseInputText(_WireModel):
    """Text input (as echoed in tool outputs and prompt variables)."""

    text: str = ""
    type: Literal["input_text"] = "input_text"
    prompt_cache_breakpoint: dict[str, Any] | None = None


class ResponseInputImage(_WireModel):
    """Image input by URL, data URL or file id."""

    detail: _ImageDetail | None = None
    type: Literal["input_image"] = "input_image"
    file_id: str | None = None
    image_url: str | None = None
    prompt_cache_breakpoint: dict[str, Any] | None = None


class ResponseInputFile(_WireModel):
    """File input by id, URL or inline data."""

    type: Literal["input_file"] = "input_file"
    detail: str | None = None
    file_data: str | None = None
    file_id: str | None = None
    file_url: str | None = None
    filename: str | None = None
    prompt_cache_breakpoint: dict[str, Any] | None = None


ResponseInputContent: TypeAlias = Annotated[
    Annotated[ResponseInputText, Tag("input_text")]
    | Annotated[ResponseInputImage, Tag("input_image")]
    | Annotated[ResponseInputFile, Tag("input_file")]
    | Annotated[UnknownPart, Tag(_UNKNOWN_TAG)],
    _open_discriminator(),
]
"""A content part of an input message or tool output (text, image or file)."""
_seal(ResponseInputContent)

ResponseFunctionCallOutputItem: TypeAlias = ResponseInputContent
ResponseFunctionCallOutputItemList: TypeAlias = list[ResponseInputContent]
ResponseInputMessageContentList: TypeAlias = list[ResponseInputContent]


class ResponseInputAudio(_WireModel):
    """Audio input."""

    input_audio: dict[str, Any] = Field(default_factory=_new_dict)
    type: Literal["input_audio"] = "input_audio"


class EasyInputMessage(_WireModel):
    """A message in the short form, as echoed by the server."""

    content: str | list[ResponseInputContent]
    role: str = ""
    phase: _Phase | None = None
    type: Literal["message"] | None = None


class ResponseInputMessageItem(_WireModel):
    """A stored user, system or developer message."""

    id: str = ""
    content: list[ResponseInputContent] = Field(default_factory=_new_list)
    role: str = ""
    status: _ItemStatus | None = None
    type: Literal["message"] | None = None


# --------------------------------------------------------------------------------------------
# Output items
# --------------------------------------------------------------------------------------------


class ResponseOutputMessage(_WireModel):
    """An assistant message."""

    id: str = ""
    content: list[_MessageContent] = Field(default_factory=_new_list)
    role: Literal["assistant"] = "assistant"
    status: _ItemStatus = "completed"
    type: Literal["message"] = "message"
    phase: _Phase | None = None


class CallerDirect(_WireModel):
    """The tool was called directly by the model."""

    type: Literal["direct"] = "direct"


class CallerProgram(_WireModel):
    """The tool was called by a program the model wrote."""

    caller_id: str = ""
    type: Literal["program"] = "program"


_Caller: TypeAlias = Annotated[
    Annotated[CallerDirect, Tag("direct")]
    | Annotated[CallerProgram, Tag("program")]
    | Annotated[UnknownPart, Tag(_UNKNOWN_TAG)],
    _open_discriminator(),
]
_seal(_Caller)


class ResponseFunctionToolCall(_WireModel):
    """A call of a function tool; ``arguments`` is a JSON string."""

    arguments: str = ""
    call_id: str
    name: str
    type: Literal["function_call"] = "function_call"
    id: str | None = None
    async_: bool | None = Field(default=None, alias="async")
    caller: _Caller | None = None
    namespace: str | None = None
    status: _ItemStatus | None = None


class ResponseFunctionToolCallItem(ResponseFunctionToolCall):
    """A function call as stored in a conversation; always has an ``id``."""

    id: str = ""
    created_by: str | None = None


class ResponseCustomToolCallOutput(_WireModel):
    """The output of a custom tool call."""

    call_id: str = ""
    output: str | list[ResponseInputContent]
    type: Literal["custom_tool_call_output"] = "custom_tool_call_output"
    id: str | None = None


class ResponseFunctionToolCallOutputItem(_WireModel):
    """The output of a function call, as stored by the server."""

    id: str = ""
    output: str | list[ResponseInputContent]
    status: _ItemStatus = "completed"
    type: Literal["function_call_output"] = "function_call_output"
    call_id: str | None = None
    caller: _Caller | None = None
    created_by: str | None = None
    name: str | None = None
    namespace: str | None = None


class Summary(_WireModel):
    """One part of a reasoning summary."""

    text: str = ""
    type: Literal["summary_text"] = "summary_text"


class Content(_WireModel):
    """Raw reasoning text."""

    text: str = ""
    type: Literal["reasoning_text"] = "reasoning_text"


class ResponseReasoningItem(_WireModel):
    """The model's reasoning: summary parts, optional raw text and opaque encrypted content."""

    id: str = ""
    summary: list[Summary] = Field(default_factory=_new_list)
    type: Literal["reasoning"] = "reasoning"
    content: list[Content] | None = None
    encrypted_content: str | None = None
    status: _ItemStatus | None = None


class Program(_WireModel):
    """A program the model wrote for programmatic tool calling."""

    id: str = ""
    call_id: str = ""
    code: str = ""
    fingerprint: str = ""
    type: Literal["program"] = "program"


class ProgramOutput(_WireModel):
    """The result of a program."""

    id: str = ""
    call_id: str = ""
    result: str = ""
    status: _ItemStatus = "completed"
    type: Literal["program_output"] = "program_output"


# --------------------------------------------------------------------------------------------
# Response
# --------------------------------------------------------------------------------------------


class InputTokensDetailsCacheWriteTokensDetails(_WireModel):
    """Cache writes split by cache lifetime."""

    ttl_30m_tokens: int = 0
    ttl_12h_tokens: int = 0


class InputTokensDetails(_WireModel):
    """Break-down of the input tokens; missing counts are zero."""

    cached_tokens: int = 0
    cache_write_tokens: int = 0
    cache_write_tokens_details: InputTokensDetailsCacheWriteTokensDetails | None = None

    _zero = field_validator("cached_tokens", "cache_write_tokens", mode="before")(
        lambda v: 0 if v is None else v
    )


class OutputTokensDetails(_WireModel):
    """Break-down of the output tokens; missing counts are zero."""

    reasoning_tokens: int = 0

    _zero = field_validator("reasoning_tokens", mode="before")(lambda v: 0 if v is None else v)


class ResponseUsage(_WireModel):
    """Token usage of one response; missing counts and details are zero."""

    input_tokens: int = 0
    input_tokens_details: InputTokensDetails = Field(default_factory=InputTokensDetails)
    output_tokens: int = 0
    output_tokens_details: OutputTokensDetails = Field(default_factory=OutputTokensDetails)
    total_tokens: int = 0

    @field_validator(
        "input_tokens",
        "output_tokens",
        "total_tokens",
        "input_tokens_details",
        "output_tokens_details",
        mode="before",
    )
    @classmethod
    def _null_is_default(cls, value: Any, info: Any) -> Any:
        if value is not None:
            return value
        if info.field_name == "input_tokens_details":
            return InputTokensDetails()
        if info.field_name == "output_tokens_details":
            return OutputTokensDetails()
        return 0


class ResponseError(_WireModel):
    """Why a response failed."""

    code: _ErrorCode = "server_error"
    message: str = ""
    param: str | None = None
    type: str | None = None
    misalignment: dict[str, Any] | None = None


class IncompleteDetails(_WireModel):
    """Why a response is incomplete."""

    reason: _IncompleteReason | None = None


class _ResponseAnswer(_WireModel):
    """What a run reads of a non-streamed ``Response``, each field typed and validated as there.

    The rest of an answer (the settings and tools echoed back) is only read when something asks for
    the whole ``Response``; validating it up front would build the validators of every tool type.
    ``output`` stays raw here: ``_parse_output_items`` parses it.
    """

    model_config = ConfigDict(extra="ignore")

    id: str = ""
    status: _ResponseStatus | None = None
    error: ResponseError | None = None
    incomplete_details: IncompleteDetails | None = None
    usage: ResponseUsage | None = None
    output: list[Any] | None = None


# The output items modelled here, by ``type``; ``_models_rest._OUTPUT_ITEM_TYPES`` has them all.
_CORE_OUTPUT_ITEM_TYPES: dict[str, type[_WireModel]] = {
    "message": ResponseOutputMessage,
    "function_call": ResponseFunctionToolCall,
    "function_call_output": ResponseFunctionToolCallOutputItem,
    "reasoning": ResponseReasoningItem,
    "program": Program,
    "program_output": ProgramOutput,
}


_CLASSES = _publish(globals(), __name__)
