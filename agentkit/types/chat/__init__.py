"""Chat Completions wire types, named as in ``openai.types.chat`` and ``openai.types.completion_usage``.

Server-sent objects are lenient pydantic models (unknown fields kept, ``null`` accepted for
optional fields, unknown tool call types kept as ``UnknownToolCall``); request shapes are
``TypedDict``s. Upstream spreads these over submodules; here they share one module, so the streaming
``chat_completion_chunk.Choice`` is called ``ChunkChoice`` (``Choice`` is the non-streaming one).
"""

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeAlias

from pydantic import Field, Tag, field_validator
from typing_extensions import Required, TypedDict

from .._base import _UNKNOWN_TAG, _new_list, _open_discriminator, _seal, _WireModel
from ..shared import FunctionDefinition as _FunctionDefinitionModel
from ..shared import ReasoningEffort

if TYPE_CHECKING:
    _FinishReason = Literal["stop", "length", "tool_calls", "content_filter", "function_call"]
    _ServiceTier = Literal["auto", "default", "flex", "scale", "priority", "fast"]
    _DeltaRole = Literal["developer", "system", "user", "assistant", "tool"]
else:
    # Validated as plain strings: a value the server adds later must not break parsing.
    _FinishReason = _ServiceTier = _DeltaRole = str


ChatCompletionRole: TypeAlias = Literal[
    "developer", "system", "user", "assistant", "tool", "function"
]
ChatCompletionModality: TypeAlias = Literal["text", "audio"]
ChatCompletionReasoningEffort: TypeAlias = ReasoningEffort


def _none_is_zero(value: Any) -> Any:
    return 0 if value is None else value


def _none_is_empty_list(value: Any) -> Any:
    # `"choices": null` on the usage chunk (some servers) means no choices.
    return [] if value is None else value


def _none_is_empty_object(value: Any) -> Any:
    # `"delta": null` on a finish or content-filter chunk means an empty delta.
    return {} if value is None else value


# --------------------------------------------------------------------------------------------
# Usage
# --------------------------------------------------------------------------------------------


class PromptTokensDetails(_WireModel):
    """Break-down of the prompt tokens."""

    audio_tokens: int | None = None
    cache_write_tokens: int | None = None
    cached_tokens: int | None = None
    image_tokens: int | None = None
    text_tokens: int | None = None


class CompletionTokensDetails(_WireModel):
    """Break-down of the completion tokens."""

    accepted_prediction_tokens: int | None = None
    audio_tokens: int | None = None
    reasoning_tokens: int | None = None
    rejected_prediction_tokens: int | None = None
    text_tokens: int | None = None


class CompletionUsage(_WireModel):
    """Token usage of a chat completion; missing totals count as zero."""

    completion_tokens: int = 0
    prompt_tokens: int = 0
    total_tokens: int = 0
    completion_tokens_details: CompletionTokensDetails | None = None
    prompt_tokens_details: PromptTokensDetails | None = None

    _zero = field_validator("completion_tokens", "prompt_tokens", "total_tokens", mode="before")(
        _none_is_zero
    )


# --------------------------------------------------------------------------------------------
# Non-streaming completion
# --------------------------------------------------------------------------------------------


class TopLogprob(_WireModel):
    """One of the most likely tokens at a position."""

    token: str = ""
    logprob: float = 0.0
    bytes: list[int] | None = None


class ChatCompletionTokenLogprob(_WireModel):
    """Log probability of one output token."""

    token: str = ""
    logprob: float = 0.0
    bytes: list[int] | None = None
    top_logprobs: list[TopLogprob] = Field(default_factory=_new_list)


class ChoiceLogprobs(_WireModel):
    """Log probabilities of a choice's content and refusal tokens."""

    content: list[ChatCompletionTokenLogprob] | None = None
    refusal: list[ChatCompletionTokenLogprob] | None = None


class Function(_WireModel):
    """The function a tool call invokes; ``arguments`` is a JSON string."""

    arguments: str = ""
    name: str


class ChatCompletionMessageFunctionToolCall(_WireModel):
    """A call of a function tool."""

    id: str = ""
    function: Function
    type: Literal["function"] = "function"


ChatCompletionMessageToolCall = ChatCompletionMessageFunctionToolCall
"""Older upstream name of the function tool call, kept so old code constructs it unchanged."""


class Custom(_WireModel):
    """The custom tool a tool call invokes and its free-form input."""

    input: str = ""
    name: str


class ChatCompletionMessageCustomToolCall(_WireModel):
    """A call of a custom tool."""

    id: str = ""
    custom: Custom
    type: Literal["custom"] = "custom"


class UnknownToolCall(_WireModel):
    """A tool call of a ``type`` not modelled here; all its fields are kept."""

    type: str


ChatCompletionMessageToolCallUnion: TypeAlias = Annotated[
    Annotated[ChatCompletionMessageFunctionToolCall, Tag("function")]
    | Annotated[ChatCompletionMessageCustomToolCall, Tag("custom")]
    | Annotated[UnknownToolCall, Tag(_UNKNOWN_TAG)],
    _open_discriminator(),
]
"""A tool call of an assistant message; an unknown ``type`` parses as ``UnknownToolCall``."""
_seal(ChatCompletionMessageToolCallUnion)


class AnnotationURLCitation(_WireModel):
    """A web citation for the text between ``start_index`` and ``end_index``."""

    end_index: int = 0
    start_index: int = 0
    title: str = ""
    url: str = ""


class Annotation(_WireModel):
    """An annotation of the message (a URL citation, from web search)."""

    type: str = "url_citation"
    url_citation: AnnotationURLCitation | None = None


class ChatCompletionAudio(_WireModel):
    """Audio output of the model."""

    id: str = ""
    data: str = ""
    expires_at: int = 0
    transcript: str = ""


class FunctionCall(_WireModel):
    """Deprecated single function call."""

    arguments: str = ""
    name: str


class ChatCompletionMessage(_WireModel):
    """The assistant message of a choice."""

    content: str | None = None
    refusal: str | None = None
    role: Literal["assistant"] = "assistant"
    annotations: list[Annotation] | None = None
    audio: ChatCompletionAudio | None = None
    function_call: FunctionCall | None = None
    tool_calls: list[ChatCompletionMessageToolCallUnion] | None = None


class Choice(_WireModel):
    """One choice of a non-streaming completion."""

    index: int = 0
    message: ChatCompletionMessage
    finish_reason: _FinishReason | None = None
    logprobs: ChoiceLogprobs | None = None


class ChatCompletion(_WireModel):
    """A non-streaming chat completion."""

    id: str = ""
    choices: list[Choice] = Field(default_factory=_new_list)
    created: int = 0
    model: str = ""
    object: Literal["chat.completion"] = "chat.completion"
    metadata: dict[str, str] | None = None
    service_tier: _ServiceTier | None = None
    system_fingerprint: str | None = None
    moderation: dict[str, Any] | None = None
    usage: CompletionUsage | None = None

    _null_choices = field_validator("choices", mode="before")(_none_is_empty_list)


class ChatCompletionFunctionTool(_WireModel):
    """A function tool (as stored with a completion)."""

    function: _FunctionDefinitionModel
    type: Literal["function"] = "function"


# --------------------------------------------------------------------------------------------
# Streaming chunks
# --------------------------------------------------------------------------------------------


class ChoiceDeltaToolCallFunction(_WireModel):
    """A piece of a streamed function call: the name (first piece) and/or an arguments piece."""

    arguments: str | None = None
    name: str | None = None


class ChoiceDeltaToolCall(_WireModel):
    """A piece of a streamed tool call; ``index`` says which call it belongs to."""

    index: int = 0
    id: str | None = None
    function: ChoiceDeltaToolCallFunction | None = None
    type: str | None = None


class ChoiceDeltaFunctionCall(_WireModel):
    """A piece of a deprecated function call."""

    arguments: str | None = None
    name: str | None = None


class ChoiceDeltaAudio(_WireModel):
    """A piece of streamed audio output."""

    id: str | None = None
    data: str | None = None
    expires_at: int | None = None
    transcript: str | None = None


class ChoiceDelta(_WireModel):
    """What one chunk adds to a choice."""

    audio: ChoiceDeltaAudio | None = None
    content: str | None = None
    function_call: ChoiceDeltaFunctionCall | None = None
    refusal: str | None = None
    role: _DeltaRole | None = None
    tool_calls: list[ChoiceDeltaToolCall] | None = None


class ChunkChoice(_WireModel):
    """One choice of a streamed chunk (upstream ``chat_completion_chunk.Choice``)."""

    delta: ChoiceDelta = Field(default_factory=ChoiceDelta)
    index: int = 0
    finish_reason: _FinishReason | None = None
    logprobs: ChoiceLogprobs | None = None

    _null_delta = field_validator("delta", mode="before")(_none_is_empty_object)


class ChatCompletionChunk(_WireModel):
    """One streamed chunk; the last one may have ``choices: []`` and carry ``usage``."""

    id: str = ""
    choices: list[ChunkChoice] = Field(default_factory=_new_list)
    created: int = 0
    model: str = ""
    object: Literal["chat.completion.chunk"] = "chat.completion.chunk"
    obfuscation: str | None = None
    service_tier: _ServiceTier | None = None
    system_fingerprint: str | None = None
    moderation: dict[str, Any] | None = None
    usage: CompletionUsage | None = None

    _null_choices = field_validator("choices", mode="before")(_none_is_empty_list)


# --------------------------------------------------------------------------------------------
# Request shapes (TypedDicts)
# --------------------------------------------------------------------------------------------


class PromptCacheBreakpoint(TypedDict, total=False):
    """Marks a content part as an explicit prompt-cache breakpoint."""

    mode: Required[Literal["explicit"]]
    ttl: Literal["30m", "12h"]


class ChatCompletionContentPartTextParam(TypedDict, total=False):
    """A text part."""

    text: Required[str]
    type: Required[Literal["text"]]
    prompt_cache_breakpoint: PromptCacheBreakpoint


class ImageURL(TypedDict, total=False):
    """An image by URL or data URL."""

    url: Required[str]
    detail: Literal["auto", "low", "high"]


class ChatCompletionContentPartImageParam(TypedDict, total=False):
    """An image part."""

    image_url: Required[ImageURL]
    type: Required[Literal["image_url"]]
    prompt_cache_breakpoint: PromptCacheBreakpoint


class InputAudio(TypedDict, total=False):
    """Base64 audio and its format."""

    data: Required[str]
    format: Required[Literal["wav", "mp3"]]


class ChatCompletionContentPartInputAudioParam(TypedDict, total=False):
    """An audio part."""

    input_audio: Required[InputAudio]
    type: Required[Literal["input_audio"]]
    prompt_cache_breakpoint: PromptCacheBreakpoint


class FileFile(TypedDict, total=False):
    """A file by id or inline base64 data."""

    file_data: str
    file_id: str
    filename: str


class File(TypedDict, total=False):
    """A file part."""

    file: Required[FileFile]
    type: Required[Literal["file"]]
    prompt_cache_breakpoint: PromptCacheBreakpoint


ChatCompletionContentPartParam: TypeAlias = (
    ChatCompletionContentPartTextParam
    | ChatCompletionContentPartImageParam
    | ChatCompletionContentPartInputAudioParam
    | File
)


class ChatCompletionContentPartRefusalParam(TypedDict, total=False):
    """A refusal part of an assistant message."""

    refusal: Required[str]
    type: Required[Literal["refusal"]]


class ChatCompletionSystemMessageParam(TypedDict, total=False):
    """A system message (legacy form of the developer message)."""

    content: Required[str | Iterable[ChatCompletionContentPartTextParam]]
    role: Required[Literal["system"]]
    name: str


class ChatCompletionDeveloperMessageParam(TypedDict, total=False):
    """A developer message: instructions the model follows."""

    content: Required[str | Iterable[ChatCompletionContentPartTextParam]]
    role: Required[Literal["developer"]]
    name: str


class ChatCompletionUserMessageParam(TypedDict, total=False):
    """A user message."""

    content: Required[str | Iterable[ChatCompletionContentPartParam]]
    role: Required[Literal["user"]]
    name: str


class FunctionParam(TypedDict, total=False):
    """The function a tool call invokes (upstream ``chat_completion_message_function_tool_call_param.Function``)."""

    arguments: Required[str]
    name: Required[str]


class ChatCompletionMessageFunctionToolCallParam(TypedDict, total=False):
    """A function tool call, replayed in an assistant message."""

    id: Required[str]
    function: Required[FunctionParam]
    type: Required[Literal["function"]]


ChatCompletionMessageToolCallParam = ChatCompletionMessageFunctionToolCallParam


class CustomParam(TypedDict, total=False):
    """The custom tool a tool call invokes and its input."""

    input: Required[str]
    name: Required[str]


class ChatCompletionMessageCustomToolCallParam(TypedDict, total=False):
    """A custom tool call, replayed in an assistant message."""

    id: Required[str]
    custom: Required[CustomParam]
    type: Required[Literal["custom"]]


class Audio(TypedDict, total=False):
    """Reference to an earlier audio answer."""

    id: Required[str]


class ChatCompletionAssistantMessageParam(TypedDict, total=False):
    """An assistant message; ``content`` is ``None`` when it only has tool calls."""

    role: Required[Literal["assistant"]]
    audio: Audio | None
    content: (
        str
        | Iterable[ChatCompletionContentPartTextParam | ChatCompletionContentPartRefusalParam]
        | None
    )
    function_call: FunctionParam | None
    name: str
    refusal: str | None
    tool_calls: Iterable[
        ChatCompletionMessageFunctionToolCallParam | ChatCompletionMessageCustomToolCallParam
    ]


class ChatCompletionToolMessageParam(TypedDict, total=False):
    """The result of one tool call."""

    content: Required[str | Iterable[ChatCompletionContentPartTextParam]]
    role: Required[Literal["tool"]]
    tool_call_id: Required[str]


class ChatCompletionFunctionMessageParam(TypedDict, total=False):
    """Deprecated result of a function call."""

    content: Required[str | None]
    name: Required[str]
    role: Required[Literal["function"]]


ChatCompletionMessageParam: TypeAlias = (
    ChatCompletionDeveloperMessageParam
    | ChatCompletionSystemMessageParam
    | ChatCompletionUserMessageParam
    | ChatCompletionAssistantMessageParam
    | ChatCompletionToolMessageParam
    | ChatCompletionFunctionMessageParam
)
"""One message of a request's ``messages``."""


class FunctionDefinition(TypedDict, total=False):
    """A function the model may call (nested under ``function`` in Chat tools)."""

    name: Required[str]
    description: str
    parameters: dict[str, object]
    strict: bool | None


class ChatCompletionFunctionToolParam(TypedDict, total=False):
    """A function tool."""

    function: Required[FunctionDefinition]
    type: Required[Literal["function"]]


ChatCompletionToolParam = ChatCompletionFunctionToolParam


class ChatCompletionCustomToolParam(TypedDict, total=False):
    """A custom tool taking free-form input."""

    custom: Required[Mapping[str, object]]
    type: Required[Literal["custom"]]


ChatCompletionToolUnionParam: TypeAlias = (
    ChatCompletionFunctionToolParam | ChatCompletionCustomToolParam
)
ChatCompletionMessageToolCallUnionParam: TypeAlias = (
    ChatCompletionMessageFunctionToolCallParam | ChatCompletionMessageCustomToolCallParam
)


class ChatCompletionNamedToolChoiceFunction(TypedDict, total=False):
    """The function to force."""

    name: Required[str]


class ChatCompletionNamedToolChoiceParam(TypedDict, total=False):
    """Force a call of the named function."""

    function: Required[ChatCompletionNamedToolChoiceFunction]
    type: Required[Literal["function"]]


class ChatCompletionNamedToolChoiceCustomParam(TypedDict, total=False):
    """Force a call of the named custom tool."""

    custom: Required[ChatCompletionNamedToolChoiceFunction]
    type: Required[Literal["custom"]]


class ChatCompletionAllowedToolChoiceParam(TypedDict, total=False):
    """Restrict the model to a subset of the tools."""

    allowed_tools: Required[Mapping[str, object]]
    type: Required[Literal["allowed_tools"]]


ChatCompletionToolChoiceOptionParam: TypeAlias = (
    Literal["none", "auto", "required"]
    | ChatCompletionAllowedToolChoiceParam
    | ChatCompletionNamedToolChoiceParam
    | ChatCompletionNamedToolChoiceCustomParam
)


class ChatCompletionStreamOptionsParam(TypedDict, total=False):
    """Streaming options; ``include_usage`` adds a final usage chunk."""

    include_obfuscation: bool
    include_usage: bool


class ResponseFormatTextParam(TypedDict, total=False):
    """Plain text output."""

    type: Required[Literal["text"]]


class ResponseFormatJSONObjectParam(TypedDict, total=False):
    """Any JSON object as output."""

    type: Required[Literal["json_object"]]


class JSONSchemaParam(TypedDict, total=False):
    """The schema of a structured output."""

    name: Required[str]
    description: str
    schema: dict[str, object]
    strict: bool | None


class ResponseFormatJSONSchemaParam(TypedDict, total=False):
    """Structured output: the schema nested under ``json_schema``."""

    json_schema: Required[JSONSchemaParam]
    type: Required[Literal["json_schema"]]


ResponseFormat: TypeAlias = (
    ResponseFormatTextParam | ResponseFormatJSONSchemaParam | ResponseFormatJSONObjectParam
)
"""The ``response_format`` of a request (upstream ``completion_create_params.ResponseFormat``)."""


class ChatCompletionAudioParam(TypedDict, total=False):
    """Audio output settings."""

    format: Required[Literal["wav", "aac", "mp3", "flac", "opus", "pcm16"]]
    voice: Required[str]


class ChatCompletionPredictionContentParam(TypedDict, total=False):
    """Predicted output, to speed up regeneration."""

    content: Required[str | Iterable[ChatCompletionContentPartTextParam]]
    type: Required[Literal["content"]]


class ChatCompletionFunctionCallOptionParam(TypedDict, total=False):
    """Deprecated: force the named function."""

    name: Required[str]


class ChatCompletionAllowedToolsParam(TypedDict, total=False):
    """The tools the model may use, and whether it must use one."""

    mode: Required[Literal["auto", "required"]]
    tools: Required[Iterable[dict[str, object]]]
