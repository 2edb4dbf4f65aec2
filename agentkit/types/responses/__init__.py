"""Responses API wire types, named as in ``openai.types.responses``.

Server-sent objects are pydantic models that keep unknown fields, accept ``null`` for every
optional field and fall back to ``UnknownOutputItem`` / ``UnknownStreamEvent`` / ``UnknownPart`` for
a ``type`` they do not know. Request shapes (``...Param``) are ``TypedDict``s, as upstream.

Differences from upstream worth knowing:

* ``type`` fields (and ``role`` of output messages, ``object`` of responses) default to their only
  value, so ``ResponseOutputText(text="hi", annotations=[])`` works; when built by keyword such a
  default still counts as set, so ``model_dump(exclude_unset=True)`` sends it.
* Missing or ``null`` usage counts and details are zero; a ``null`` ``output``/``tools``/
  ``tool_choice``/``parallel_tool_calls`` on a ``Response`` takes its default; stream events
  without ``sequence_number`` get 0 and text events without ``logprobs`` get ``[]``. A missing or
  ``null`` ``output`` is deliberately read as ``[]`` (upstream raises for ``null``): a run then ends
  as it does for ``output: []``.
* Fields the runtime does not read have neutral defaults (the rule is in ``agentkit.types``).
* Enumerated strings (``status``, ``role`` of items, error ``code`` …) are typed as ``Literal`` but
  validated as ``str``: a value the server adds later does not break parsing.
* Upstream spreads these names over submodules; here they all live in this one module. Where two
  upstream submodules use one name for different things, the output-item model keeps the name and
  the input ``TypedDict`` gets a ``Param`` suffix (``McpCall`` vs ``McpCallParam``), except
  ``LocalShellCallOutput`` and ``McpApprovalResponse``, which are the input ``TypedDict``s (as the
  Agents SDK imports them) while their output-item models are ``LocalShellCallOutputItem`` and
  ``McpApprovalResponseItem``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeAlias

from pydantic import Field, Tag, field_validator
from typing_extensions import Required, TypedDict

from .._base import _UNKNOWN_TAG, _open_discriminator, _seal, _WireModel
from ..shared import (
    ComparisonFilter,
    CompoundFilter,
    Reasoning,
    ResponseFormatJSONObject,
    ResponseFormatText,
)

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
    annotations: list[Annotation] = Field(default_factory=list)
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

    input_audio: dict[str, Any] = Field(default_factory=dict)
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
    content: list[ResponseInputContent] = Field(default_factory=list)
    role: str = ""
    status: _ItemStatus | None = None
    type: Literal["message"] | None = None


# --------------------------------------------------------------------------------------------
# Output items
# --------------------------------------------------------------------------------------------


class ResponseOutputMessage(_WireModel):
    """An assistant message."""

    id: str = ""
    content: list[_MessageContent] = Field(default_factory=list)
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
    summary: list[Summary] = Field(default_factory=list)
    type: Literal["reasoning"] = "reasoning"
    content: list[Content] | None = None
    encrypted_content: str | None = None
    status: _ItemStatus | None = None


class ActionSearchSource(_WireModel):
    """A source consulted by a web search."""

    url: str = ""
    type: Literal["url"] = "url"


class ActionSearch(_WireModel):
    """A web search action."""

    type: Literal["search"] = "search"
    queries: list[str] | None = None
    query: str | None = None
    sources: list[ActionSearchSource] | None = None


class ActionOpenPage(_WireModel):
    """Opening a page during a web search."""

    type: Literal["open_page"] = "open_page"
    url: str | None = None


class ActionFind(_WireModel):
    """Searching for a pattern within a page."""

    pattern: str = ""
    url: str = ""
    type: Literal["find_in_page"] = "find_in_page"


_WebSearchAction: TypeAlias = Annotated[
    Annotated[ActionSearch, Tag("search")]
    | Annotated[ActionOpenPage, Tag("open_page")]
    | Annotated[ActionFind, Tag("find_in_page")]
    | Annotated[UnknownPart, Tag(_UNKNOWN_TAG)],
    _open_discriminator(),
]
_seal(_WebSearchAction)


class ResponseFunctionWebSearch(_WireModel):
    """A call of the hosted web search tool."""

    id: str = ""
    status: _SearchStatus = "completed"
    type: Literal["web_search_call"] = "web_search_call"
    action: _WebSearchAction | None = None


class Result(_WireModel):
    """One file search result."""

    attributes: dict[str, str | bool | int | float] | None = None
    file_id: str | None = None
    filename: str | None = None
    score: float | None = None
    text: str | None = None


class ResponseFileSearchToolCall(_WireModel):
    """A call of the hosted file search tool."""

    id: str = ""
    queries: list[str] = Field(default_factory=list)
    status: _SearchStatus = "completed"
    type: Literal["file_search_call"] = "file_search_call"
    results: list[Result] | None = None


class ActionClick(_WireModel):
    """Click at a position."""

    button: _Button = "left"
    x: int = 0
    y: int = 0
    type: Literal["click"] = "click"
    keys: list[str] | None = None


class ActionDoubleClick(_WireModel):
    """Double-click at a position."""

    x: int = 0
    y: int = 0
    type: Literal["double_click"] = "double_click"
    keys: list[str] | None = None


class ActionDragPath(_WireModel):
    """One point of a drag path."""

    x: int = 0
    y: int = 0


class ActionDrag(_WireModel):
    """Drag along a path."""

    path: list[ActionDragPath] = Field(default_factory=list)
    type: Literal["drag"] = "drag"
    keys: list[str] | None = None


class ActionKeypress(_WireModel):
    """Press a key combination."""

    keys: list[str] = Field(default_factory=list)
    type: Literal["keypress"] = "keypress"


class ActionMove(_WireModel):
    """Move the pointer."""

    x: int = 0
    y: int = 0
    type: Literal["move"] = "move"
    keys: list[str] | None = None


class ActionScreenshot(_WireModel):
    """Take a screenshot."""

    type: Literal["screenshot"] = "screenshot"


class ActionScroll(_WireModel):
    """Scroll at a position."""

    scroll_x: int = 0
    scroll_y: int = 0
    x: int = 0
    y: int = 0
    type: Literal["scroll"] = "scroll"
    keys: list[str] | None = None


class ActionType(_WireModel):
    """Type text."""

    text: str = ""
    type: Literal["type"] = "type"


class ActionWait(_WireModel):
    """Wait a moment."""

    type: Literal["wait"] = "wait"


ComputerAction: TypeAlias = Annotated[
    Annotated[ActionClick, Tag("click")]
    | Annotated[ActionDoubleClick, Tag("double_click")]
    | Annotated[ActionDrag, Tag("drag")]
    | Annotated[ActionKeypress, Tag("keypress")]
    | Annotated[ActionMove, Tag("move")]
    | Annotated[ActionScreenshot, Tag("screenshot")]
    | Annotated[ActionScroll, Tag("scroll")]
    | Annotated[ActionType, Tag("type")]
    | Annotated[ActionWait, Tag("wait")]
    | Annotated[UnknownPart, Tag(_UNKNOWN_TAG)],
    _open_discriminator(),
]
_seal(ComputerAction)


class PendingSafetyCheck(_WireModel):
    """A safety check the user must acknowledge before the computer action runs."""

    id: str = ""
    code: str | None = None
    message: str | None = None


class ResponseComputerToolCall(_WireModel):
    """A call of the computer use tool: one ``action`` or a batch of ``actions``."""

    id: str = ""
    call_id: str
    pending_safety_checks: list[PendingSafetyCheck] = Field(default_factory=list)
    status: _ItemStatus = "completed"
    type: Literal["computer_call"] = "computer_call"
    action: ComputerAction | None = None
    actions: list[ComputerAction] | None = None


class ResponseComputerToolCallOutputScreenshot(_WireModel):
    """A screenshot sent back as the output of a computer call."""

    type: Literal["computer_screenshot"] = "computer_screenshot"
    file_id: str | None = None
    image_url: str | None = None


class AcknowledgedSafetyCheck(_WireModel):
    """A safety check the user acknowledged."""

    id: str = ""
    code: str | None = None
    message: str | None = None


class ResponseComputerToolCallOutputItem(_WireModel):
    """The output of a computer call, as stored by the server."""

    id: str = ""
    call_id: str = ""
    output: ResponseComputerToolCallOutputScreenshot
    status: _OutputItemStatus = "completed"
    type: Literal["computer_call_output"] = "computer_call_output"
    acknowledged_safety_checks: list[AcknowledgedSafetyCheck] | None = None
    created_by: str | None = None


class OutputLogs(_WireModel):
    """Logs printed by code interpreter code."""

    logs: str = ""
    type: Literal["logs"] = "logs"


class OutputImage(_WireModel):
    """An image produced by code interpreter code."""

    url: str = ""
    type: Literal["image"] = "image"


_CodeOutput: TypeAlias = Annotated[
    Annotated[OutputLogs, Tag("logs")]
    | Annotated[OutputImage, Tag("image")]
    | Annotated[UnknownPart, Tag(_UNKNOWN_TAG)],
    _open_discriminator(),
]
_seal(_CodeOutput)


class ResponseCodeInterpreterToolCall(_WireModel):
    """A call of the hosted code interpreter tool."""

    id: str = ""
    container_id: str = ""
    status: _CodeStatus = "completed"
    type: Literal["code_interpreter_call"] = "code_interpreter_call"
    code: str | None = None
    outputs: list[_CodeOutput] | None = None


class ResponseCustomToolCall(_WireModel):
    """A call of a custom (free-form input) tool."""

    call_id: str
    input: str = ""
    name: str
    type: Literal["custom_tool_call"] = "custom_tool_call"
    id: str | None = None
    async_: bool | None = Field(default=None, alias="async")
    caller: _Caller | None = None
    namespace: str | None = None


class ResponseCustomToolCallItem(ResponseCustomToolCall):
    """A custom tool call as stored in a conversation; always has an ``id``."""

    id: str = ""
    created_by: str | None = None


class ResponseCustomToolCallOutputItem(_WireModel):
    """The output of a custom tool call, as stored by the server."""

    call_id: str = ""
    output: str | list[ResponseInputContent]
    type: Literal["custom_tool_call_output"] = "custom_tool_call_output"
    id: str | None = None
    caller: _Caller | None = None
    status: _ItemStatus | None = None
    created_by: str | None = None


class ImageGenerationCallErrorModerationDetails(_WireModel):
    """Why moderation stopped an image generation."""

    categories: list[str] = Field(default_factory=list)
    moderation_stage: str = ""


class ImageGenerationCallError(_WireModel):
    """Why an image generation failed."""

    message: str = ""
    type: str = ""
    code: str | None = None
    param: str | None = None
    moderation_details: ImageGenerationCallErrorModerationDetails | None = None


class ImageGenerationCall(_WireModel):
    """A call of the hosted image generation tool; ``result`` is the base64 image."""

    id: str = ""
    status: _ImageStatus = "completed"
    type: Literal["image_generation_call"] = "image_generation_call"
    result: str | None = None
    action: str | None = None
    background: str | None = None
    error: ImageGenerationCallError | None = None
    output_format: str | None = None
    quality: str | None = None
    revised_prompt: str | None = None
    size: str | None = None
    svg_usage: dict[str, Any] | None = None


class LocalShellCallAction(_WireModel):
    """The command a local shell call asks to run."""

    command: list[str] = Field(default_factory=list)
    env: dict[str, str] = Field(default_factory=dict)
    type: Literal["exec"] = "exec"
    timeout_ms: int | None = None
    user: str | None = None
    working_directory: str | None = None


class LocalShellCall(_WireModel):
    """A call of the local shell tool."""

    id: str = ""
    action: LocalShellCallAction
    call_id: str
    status: _ItemStatus = "completed"
    type: Literal["local_shell_call"] = "local_shell_call"


class LocalShellCallOutputItem(_WireModel):
    """The output of a local shell call, as stored by the server (upstream: ``LocalShellCallOutput``)."""

    id: str = ""
    output: str = ""
    type: Literal["local_shell_call_output"] = "local_shell_call_output"
    status: _ItemStatus | None = None


class McpListToolsTool(_WireModel):
    """A tool offered by an MCP server."""

    input_schema: object = None
    name: str = ""
    annotations: object | None = None
    description: str | None = None


class McpListTools(_WireModel):
    """The tools an MCP server offers."""

    id: str = ""
    server_label: str = ""
    tools: list[McpListToolsTool] = Field(default_factory=list)
    type: Literal["mcp_list_tools"] = "mcp_list_tools"
    error: str | None = None


class McpApprovalRequest(_WireModel):
    """A request for the user to approve an MCP tool call."""

    id: str
    arguments: str = ""
    name: str
    server_label: str = ""
    type: Literal["mcp_approval_request"] = "mcp_approval_request"


class McpApprovalResponseItem(_WireModel):
    """An approval decision, as stored by the server (upstream output item ``McpApprovalResponse``)."""

    id: str = ""
    approval_request_id: str = ""
    approve: bool = False
    type: Literal["mcp_approval_response"] = "mcp_approval_response"
    reason: str | None = None


class McpCall(_WireModel):
    """A call of a tool on a remote MCP server."""

    id: str = ""
    arguments: str = ""
    name: str = ""
    server_label: str = ""
    type: Literal["mcp_call"] = "mcp_call"
    approval_request_id: str | None = None
    error: Any | None = None
    output: str | None = None
    status: _McpStatus | None = None


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


class ResponseToolSearchCall(_WireModel):
    """A tool search call."""

    id: str = ""
    arguments: object = None
    status: _ItemStatus = "completed"
    type: Literal["tool_search_call"] = "tool_search_call"
    call_id: str | None = None
    execution: _Execution | None = None
    created_by: str | None = None


class ResponseCompactionItem(_WireModel):
    """Compacted conversation state, opaque to the client."""

    id: str = ""
    encrypted_content: str = ""
    type: Literal["compaction"] = "compaction"
    created_by: str | None = None


class Action(_WireModel):
    """The commands a shell call asks to run."""

    commands: list[str] = Field(default_factory=list)
    max_output_length: int | None = None
    timeout_ms: int | None = None


class ResponseFunctionShellToolCall(_WireModel):
    """A call of the shell tool."""

    id: str = ""
    action: Action
    call_id: str
    status: _ItemStatus = "completed"
    type: Literal["shell_call"] = "shell_call"
    environment: Any | None = None
    caller: _Caller | None = None
    created_by: str | None = None


class OutputOutcomeTimeout(_WireModel):
    """The shell command timed out."""

    type: Literal["timeout"] = "timeout"


class OutputOutcomeExit(_WireModel):
    """The shell command exited."""

    exit_code: int = 0
    type: Literal["exit"] = "exit"


_Outcome: TypeAlias = Annotated[
    Annotated[OutputOutcomeTimeout, Tag("timeout")]
    | Annotated[OutputOutcomeExit, Tag("exit")]
    | Annotated[UnknownPart, Tag(_UNKNOWN_TAG)],
    _open_discriminator(),
]
_seal(_Outcome)


class Output(_WireModel):
    """Output of one shell command."""

    outcome: _Outcome
    stderr: str = ""
    stdout: str = ""
    created_by: str | None = None


class ResponseFunctionShellToolCallOutput(_WireModel):
    """The output of a shell call."""

    id: str = ""
    call_id: str = ""
    output: list[Output] = Field(default_factory=list)
    status: _ItemStatus = "completed"
    type: Literal["shell_call_output"] = "shell_call_output"
    max_output_length: int | None = None
    caller: _Caller | None = None
    created_by: str | None = None


class OperationCreateFile(_WireModel):
    """Create a file from a diff."""

    diff: str = ""
    path: str = ""
    type: Literal["create_file"] = "create_file"


class OperationDeleteFile(_WireModel):
    """Delete a file."""

    path: str = ""
    type: Literal["delete_file"] = "delete_file"


class OperationUpdateFile(_WireModel):
    """Update a file with a diff."""

    diff: str = ""
    path: str = ""
    type: Literal["update_file"] = "update_file"


_Operation: TypeAlias = Annotated[
    Annotated[OperationCreateFile, Tag("create_file")]
    | Annotated[OperationDeleteFile, Tag("delete_file")]
    | Annotated[OperationUpdateFile, Tag("update_file")]
    | Annotated[UnknownPart, Tag(_UNKNOWN_TAG)],
    _open_discriminator(),
]
_seal(_Operation)


class ResponseApplyPatchToolCall(_WireModel):
    """A call of the apply_patch tool."""

    id: str = ""
    call_id: str
    operation: _Operation
    status: _ItemStatus = "completed"
    type: Literal["apply_patch_call"] = "apply_patch_call"
    caller: _Caller | None = None
    created_by: str | None = None


class ResponseApplyPatchToolCallOutput(_WireModel):
    """The output of an apply_patch call."""

    id: str = ""
    call_id: str = ""
    status: _ItemStatus = "completed"
    type: Literal["apply_patch_call_output"] = "apply_patch_call_output"
    caller: _Caller | None = None
    created_by: str | None = None
    output: str | None = None


# --------------------------------------------------------------------------------------------
# Tools and tool choice as echoed on a Response
# --------------------------------------------------------------------------------------------


class FunctionTool(_WireModel):
    """A function tool (flat shape)."""

    name: str = ""
    parameters: dict[str, object] | None = None
    strict: bool | None = None
    type: Literal["function"] = "function"
    description: str | None = None
    allowed_callers: list[str] | None = None
    defer_loading: bool | None = None
    output_schema: dict[str, object] | None = None
    async_: bool | None = Field(default=None, alias="async")


class FileSearchToolRankingOptions(_WireModel):
    """How file search results are ranked (upstream ``file_search_tool.RankingOptions``)."""

    ranker: str | None = None
    score_threshold: float | None = None
    hybrid_search: dict[str, Any] | None = None


class FileSearchTool(_WireModel):
    """The hosted file search tool."""

    vector_store_ids: list[str] = Field(default_factory=list)
    type: Literal["file_search"] = "file_search"
    filters: ComparisonFilter | CompoundFilter | None = None
    max_num_results: int | None = None
    ranking_options: FileSearchToolRankingOptions | None = None


class WebSearchToolFilters(_WireModel):
    """Restricts a web search to some domains (upstream ``web_search_tool.Filters``)."""

    allowed_domains: list[str] | None = None


class WebSearchToolUserLocation(_WireModel):
    """Approximate user location for a web search (upstream ``web_search_tool.UserLocation``)."""

    city: str | None = None
    country: str | None = None
    region: str | None = None
    timezone: str | None = None
    type: Literal["approximate"] | None = None


class WebSearchTool(_WireModel):
    """The hosted web search tool."""

    type: str = "web_search"
    """``web_search`` or ``web_search_2025_08_26``."""
    filters: WebSearchToolFilters | None = None
    search_context_size: _SearchContextSize | None = None
    user_location: WebSearchToolUserLocation | None = None
    external_web_access: bool | None = None


class WebSearchPreviewTool(_WireModel):
    """The preview version of the hosted web search tool."""

    type: str = "web_search_preview"
    """``web_search_preview`` or ``web_search_preview_2025_03_11``."""
    search_context_size: _SearchContextSize | None = None
    search_content_types: list[str] | None = None
    user_location: WebSearchToolUserLocation | None = None


class ComputerTool(_WireModel):
    """The computer use tool."""

    type: Literal["computer"] = "computer"


class ComputerUsePreviewTool(_WireModel):
    """The preview computer use tool with its display size and environment."""

    display_height: int = 0
    display_width: int = 0
    environment: str = ""
    type: Literal["computer_use_preview"] = "computer_use_preview"


class CustomTool(_WireModel):
    """A custom tool taking free-form text (optionally constrained by a grammar)."""

    name: str = ""
    type: Literal["custom"] = "custom"
    description: str | None = None
    format: dict[str, Any] | None = None
    allowed_callers: list[str] | None = None
    defer_loading: bool | None = None
    async_: bool | None = Field(default=None, alias="async")


class FunctionShellTool(_WireModel):
    """The shell tool."""

    type: Literal["shell"] = "shell"
    environment: dict[str, Any] | None = None
    allowed_callers: list[str] | None = None


class ApplyPatchTool(_WireModel):
    """The apply_patch tool."""

    type: Literal["apply_patch"] = "apply_patch"
    allowed_callers: list[str] | None = None


class NamespaceTool(_WireModel):
    """A group of tools under a namespace."""

    name: str = ""
    tools: list[dict[str, Any]] = Field(default_factory=list)
    type: Literal["namespace"] = "namespace"
    description: str | None = None


class ToolSearchTool(_WireModel):
    """The tool search tool."""

    type: Literal["tool_search"] = "tool_search"
    description: str | None = None
    execution: _Execution | None = None
    parameters: Any | None = None


Tool: TypeAlias = Annotated[
    Annotated[FunctionTool, Tag("function")]
    | Annotated[FileSearchTool, Tag("file_search")]
    | Annotated[WebSearchTool, Tag("web_search")]
    | Annotated[WebSearchTool, Tag("web_search_2025_08_26")]
    | Annotated[WebSearchPreviewTool, Tag("web_search_preview")]
    | Annotated[WebSearchPreviewTool, Tag("web_search_preview_2025_03_11")]
    | Annotated[ComputerTool, Tag("computer")]
    | Annotated[ComputerUsePreviewTool, Tag("computer_use_preview")]
    | Annotated[CustomTool, Tag("custom")]
    | Annotated[FunctionShellTool, Tag("shell")]
    | Annotated[ApplyPatchTool, Tag("apply_patch")]
    | Annotated[NamespaceTool, Tag("namespace")]
    | Annotated[ToolSearchTool, Tag("tool_search")]
    | Annotated[UnknownPart, Tag(_UNKNOWN_TAG)],
    _open_discriminator(),
]
"""A tool as echoed on a Response. The hosted ``mcp``, ``code_interpreter``, ``image_generation``
and ``local_shell`` tools (whose upstream model names are taken here by the request TypedDicts),
and tools not known at all, parse as ``UnknownPart`` with all their fields."""
_seal(Tool)


class AdditionalTools(_WireModel):
    """Tools added to the conversation by the server."""

    id: str = ""
    role: str = ""
    tools: list[Tool] = Field(default_factory=list)
    type: Literal["additional_tools"] = "additional_tools"


class ResponseToolSearchOutputItem(_WireModel):
    """The tools a tool search found."""

    id: str = ""
    status: _ItemStatus = "completed"
    tools: list[Tool] = Field(default_factory=list)
    type: Literal["tool_search_output"] = "tool_search_output"
    call_id: str | None = None
    execution: _Execution | None = None
    created_by: str | None = None


class ToolChoiceFunction(_WireModel):
    """Force a call of the named function."""

    name: str = ""
    type: Literal["function"] = "function"


class ToolChoiceCustom(_WireModel):
    """Force a call of the named custom tool."""

    name: str = ""
    type: Literal["custom"] = "custom"


class ToolChoiceMcp(_WireModel):
    """Force a call of a tool on an MCP server."""

    server_label: str = ""
    type: Literal["mcp"] = "mcp"
    name: str | None = None


class ToolChoiceAllowed(_WireModel):
    """Restrict the model to a subset of the tools."""

    mode: str = ""
    tools: list[dict[str, Any]] = Field(default_factory=list)
    type: Literal["allowed_tools"] = "allowed_tools"


class ToolChoiceTypes(_WireModel):
    """Force a call of a hosted tool of this ``type``."""

    type: str = ""


class ToolChoiceShell(_WireModel):
    """Force a call of the shell tool."""

    type: Literal["shell"] = "shell"


class ToolChoiceApplyPatch(_WireModel):
    """Force a call of the apply_patch tool."""

    type: Literal["apply_patch"] = "apply_patch"


ToolChoice: TypeAlias = Annotated[
    Annotated[ToolChoiceFunction, Tag("function")]
    | Annotated[ToolChoiceCustom, Tag("custom")]
    | Annotated[ToolChoiceMcp, Tag("mcp")]
    | Annotated[ToolChoiceAllowed, Tag("allowed_tools")]
    | Annotated[ToolChoiceShell, Tag("shell")]
    | Annotated[ToolChoiceApplyPatch, Tag("apply_patch")]
    | Annotated[ToolChoiceTypes, Tag(_UNKNOWN_TAG)]
    | Annotated[str, Tag("__str__")],
    _open_discriminator(),
]
"""``"none"``/``"auto"``/``"required"`` or an object; any other object type is a ``ToolChoiceTypes``."""
_seal(ToolChoice)


_built = False


def _build_validators() -> None:
    """Build the validators of the item and response models once, innermost first.

    Validators are deferred to first use, and pydantic builds a model's validator with its own copy
    of every nested model it contains unless that nested model is already built. Building bottom-up
    here (~40 ms once) lets ``Response`` and each stream event reuse the nested validators instead of
    rebuilding the whole item union for every event class (~75 ms on a first stream otherwise).
    """
    global _built
    for value in list(globals().values()):
        if (
            isinstance(value, type)
            and issubclass(value, _WireModel)
            and value.__module__ == __name__
            and not value.__name__.endswith("Event")
        ):
            value.model_rebuild()
    _built = True


# --------------------------------------------------------------------------------------------
# The output item union
# --------------------------------------------------------------------------------------------

ResponseOutputItem: TypeAlias = Annotated[
    Annotated[ResponseOutputMessage, Tag("message")]
    | Annotated[ResponseFileSearchToolCall, Tag("file_search_call")]
    | Annotated[ResponseFunctionToolCall, Tag("function_call")]
    | Annotated[ResponseFunctionToolCallOutputItem, Tag("function_call_output")]
    | Annotated[ResponseFunctionWebSearch, Tag("web_search_call")]
    | Annotated[ResponseComputerToolCall, Tag("computer_call")]
    | Annotated[ResponseComputerToolCallOutputItem, Tag("computer_call_output")]
    | Annotated[ResponseReasoningItem, Tag("reasoning")]
    | Annotated[Program, Tag("program")]
    | Annotated[ProgramOutput, Tag("program_output")]
    | Annotated[ResponseToolSearchCall, Tag("tool_search_call")]
    | Annotated[ResponseToolSearchOutputItem, Tag("tool_search_output")]
    | Annotated[AdditionalTools, Tag("additional_tools")]
    | Annotated[ResponseCompactionItem, Tag("compaction")]
    | Annotated[ImageGenerationCall, Tag("image_generation_call")]
    | Annotated[ResponseCodeInterpreterToolCall, Tag("code_interpreter_call")]
    | Annotated[LocalShellCall, Tag("local_shell_call")]
    | Annotated[LocalShellCallOutputItem, Tag("local_shell_call_output")]
    | Annotated[ResponseFunctionShellToolCall, Tag("shell_call")]
    | Annotated[ResponseFunctionShellToolCallOutput, Tag("shell_call_output")]
    | Annotated[ResponseApplyPatchToolCall, Tag("apply_patch_call")]
    | Annotated[ResponseApplyPatchToolCallOutput, Tag("apply_patch_call_output")]
    | Annotated[McpCall, Tag("mcp_call")]
    | Annotated[McpListTools, Tag("mcp_list_tools")]
    | Annotated[McpApprovalRequest, Tag("mcp_approval_request")]
    | Annotated[McpApprovalResponseItem, Tag("mcp_approval_response")]
    | Annotated[ResponseCustomToolCall, Tag("custom_tool_call")]
    | Annotated[ResponseCustomToolCallOutputItem, Tag("custom_tool_call_output")]
    | Annotated[UnknownOutputItem, Tag(_UNKNOWN_TAG)],
    _open_discriminator(),
]
"""Any item of ``Response.output``; an unknown ``type`` parses as ``UnknownOutputItem``."""
_OUTPUT_ITEM_TYPES: dict[str, type[_WireModel]] = _seal(ResponseOutputItem)
_OUTPUT_ITEM_TYPES.pop(_UNKNOWN_TAG)


def parse_output_item(data: dict[str, Any]) -> ResponseOutputItem:
    """Parse one output item, dispatching on its ``type``; unknown types become ``UnknownOutputItem``."""
    if not _built:
        _build_validators()
    try:
        cls = _OUTPUT_ITEM_TYPES[data["type"]]
    except (KeyError, TypeError):  # no type, an unknown one, or one that is not a string
        cls = UnknownOutputItem
    return cls.__pydantic_validator__.validate_python(data)  # type: ignore[no-any-return]


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


class Conversation(_WireModel):
    """The conversation a response belongs to."""

    id: str = ""


class ResponsePrompt(_WireModel):
    """A reusable prompt template and its variables, as echoed on a response."""

    id: str = ""
    variables: dict[str, str | ResponseInputContent] | None = None
    version: str | None = None


class ResponseFormatTextJSONSchemaConfig(_WireModel):
    """Structured output with a JSON schema (flat Responses shape)."""

    name: str = ""
    schema_: dict[str, object] = Field(default_factory=dict, alias="schema")
    type: Literal["json_schema"] = "json_schema"
    description: str | None = None
    strict: bool | None = None


ResponseFormatTextConfig: TypeAlias = Annotated[
    Annotated[ResponseFormatText, Tag("text")]
    | Annotated[ResponseFormatTextJSONSchemaConfig, Tag("json_schema")]
    | Annotated[ResponseFormatJSONObject, Tag("json_object")]
    | Annotated[UnknownPart, Tag(_UNKNOWN_TAG)],
    _open_discriminator(),
]
_seal(ResponseFormatTextConfig)


class ResponseTextConfig(_WireModel):
    """Text output options: format and verbosity."""

    format: ResponseFormatTextConfig | None = None
    verbosity: _Verbosity | None = None


class Response(_WireModel):
    """A model response: the output items plus the request settings echoed back."""

    id: str = ""
    created_at: int | float = 0
    model: str = ""
    output: list[ResponseOutputItem] = Field(default_factory=list)
    object: Literal["response"] = "response"
    parallel_tool_calls: bool = True
    tool_choice: ToolChoice = "auto"
    tools: list[Tool] = Field(default_factory=list)
    error: ResponseError | None = None
    incomplete_details: IncompleteDetails | None = None
    instructions: str | list[Any] | None = None
    metadata: dict[str, Any] | None = None  # the spec says str values; accept any
    temperature: float | None = None
    top_p: float | None = None
    background: bool | None = None
    completed_at: int | float | None = None
    conversation: Conversation | None = None
    max_output_tokens: int | None = None
    max_tool_calls: int | None = None
    previous_response_id: str | None = None
    prompt: ResponsePrompt | None = None
    prompt_cache_key: str | None = None
    prompt_cache_retention: str | None = None
    reasoning: Reasoning | None = None
    safety_identifier: str | None = None
    service_tier: _ServiceTier | None = None
    status: _ResponseStatus | None = None
    text: ResponseTextConfig | None = None
    top_logprobs: int | None = None
    truncation: _Truncation | None = None
    usage: ResponseUsage | None = None
    user: str | None = None
    # Newer settings and reports, kept as plain JSON.
    access_programs: dict[str, Any] | None = None
    image: dict[str, Any] | None = None
    input_transformations: list[dict[str, Any]] | None = None
    moderation: dict[str, Any] | None = None
    prompt_cache_diagnostics: dict[str, Any] | None = None
    prompt_cache_options: dict[str, Any] | None = None
    tool_usage: dict[str, Any] | None = None

    @field_validator("output", "tools", "tool_choice", "parallel_tool_calls", mode="before")
    @classmethod
    def _null_is_default(cls, value: Any, info: Any) -> Any:
        # ``null`` where a list or setting is expected means "none given"; take the default.
        if value is not None:
            return value
        if info.field_name == "output":
            return []
        return cls.model_fields[info.field_name].get_default(call_default_factory=True)

    @property
    def output_text(self) -> str:
        """All ``output_text`` parts of all messages, concatenated (never sent by the server)."""
        texts: list[str] = []
        for item in self.output:
            if isinstance(item, ResponseOutputMessage):
                for part in item.content:
                    if isinstance(part, ResponseOutputText):
                        texts.append(part.text)
        return "".join(texts)


# --------------------------------------------------------------------------------------------
# Stream events
# --------------------------------------------------------------------------------------------


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
    logprobs: list[Logprob] = Field(default_factory=list)
    sequence_number: int = 0
    type: Literal["response.output_text.delta"] = "response.output_text.delta"


class ResponseTextDoneEvent(_WireModel):
    """An output text part is complete; ``text`` is the whole text."""

    content_index: int = 0
    item_id: str = ""
    output_index: int = 0
    text: str = ""
    logprobs: list[Logprob] = Field(default_factory=list)
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
    output: list[Output] = Field(default_factory=list)
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


def parse_stream_event(data: dict[str, Any]) -> ResponseStreamEvent:
    """Parse one stream event (the JSON of an SSE ``data:`` line), dispatching on its ``type``.

    A dict lookup picks the class, so a delta costs one model validation and nothing more. An
    unknown ``type`` gives an ``UnknownStreamEvent`` holding all the fields.
    """
    if not _built:
        _build_validators()
    try:
        cls = _STREAM_EVENT_TYPES[data["type"]]
    except (KeyError, TypeError):  # no type, an unknown one, or one that is not a string
        cls = UnknownStreamEvent
    # The validator directly: this runs once per streamed delta, so skip model_validate's frame.
    return cls.__pydantic_validator__.validate_python(data)  # type: ignore[no-any-return]


# --------------------------------------------------------------------------------------------
# Request shapes (TypedDicts)
# --------------------------------------------------------------------------------------------

ResponseIncludable: TypeAlias = Literal[
    "file_search_call.results",
    "web_search_call.results",
    "web_search_call.action.sources",
    "message.input_image.image_url",
    "computer_call_output.output.image_url",
    "code_interpreter_call.outputs",
    "reasoning.encrypted_content",
    "message.output_text.logprobs",
]
"""Extra data a request can ask to be included in the response."""

ImageDetail: TypeAlias = Literal["low", "high", "auto", "original"]
ServiceTier: TypeAlias = Literal[
    "auto", "default", "flex", "scale", "priority", "fast", "ultrafast"
]

ResponseStatus: TypeAlias = Literal[
    "completed", "failed", "in_progress", "cancelled", "queued", "incomplete"
]


class PromptCacheBreakpoint(TypedDict, total=False):
    """Marks an input part as an explicit prompt-cache breakpoint."""

    mode: Required[Literal["explicit"]]
    ttl: Literal["30m", "12h"]


class ResponseInputTextParam(TypedDict, total=False):
    """Text input."""

    text: Required[str]
    type: Required[Literal["input_text"]]
    prompt_cache_breakpoint: PromptCacheBreakpoint


class ResponseInputImageParam(TypedDict, total=False):
    """Image input by URL, data URL or file id."""

    detail: Required[Literal["low", "high", "auto", "original"]]
    type: Required[Literal["input_image"]]
    file_id: str | None
    image_url: str | None
    prompt_cache_breakpoint: PromptCacheBreakpoint


class ResponseInputFileParam(TypedDict, total=False):
    """File input by id, URL or inline base64 data."""

    type: Required[Literal["input_file"]]
    detail: Literal["auto", "low", "high"]
    file_data: str
    file_id: str | None
    file_url: str
    filename: str
    prompt_cache_breakpoint: PromptCacheBreakpoint


class InputAudio(TypedDict, total=False):
    """Base64 audio and its format."""

    data: Required[str]
    format: Required[Literal["mp3", "wav"]]


class ResponseInputAudioParam(TypedDict, total=False):
    """Audio input."""

    input_audio: Required[InputAudio]
    type: Required[Literal["input_audio"]]


ResponseInputContentParam: TypeAlias = (
    ResponseInputTextParam | ResponseInputImageParam | ResponseInputFileParam
)
ResponseInputMessageContentListParam: TypeAlias = list[ResponseInputContentParam]


class ResponseInputTextContentParam(TypedDict, total=False):
    """Text in a function call output."""

    text: Required[str]
    type: Required[Literal["input_text"]]
    prompt_cache_breakpoint: PromptCacheBreakpoint


class ResponseInputImageContentParam(TypedDict, total=False):
    """An image in a function call output."""

    type: Required[Literal["input_image"]]
    detail: Literal["low", "high", "auto", "original"] | None
    file_id: str | None
    image_url: str | None
    prompt_cache_breakpoint: PromptCacheBreakpoint


class ResponseInputFileContentParam(TypedDict, total=False):
    """A file in a function call output."""

    type: Required[Literal["input_file"]]
    detail: Literal["auto", "low", "high"]
    file_data: str | None
    file_id: str | None
    file_url: str | None
    filename: str | None
    prompt_cache_breakpoint: PromptCacheBreakpoint


ResponseFunctionCallOutputItemParam: TypeAlias = (
    ResponseInputTextContentParam | ResponseInputImageContentParam | ResponseInputFileContentParam
)
ResponseFunctionCallOutputItemListParam: TypeAlias = list[ResponseFunctionCallOutputItemParam]


class EasyInputMessageParam(TypedDict, total=False):
    """A message in the short form: a role and a string or content parts."""

    content: Required[str | ResponseInputMessageContentListParam]
    role: Required[Literal["user", "assistant", "system", "developer"]]
    phase: Literal["commentary", "final_answer"] | None
    type: Literal["message"]


class Message(TypedDict, total=False):
    """A user, system or developer message in the full form."""

    content: Required[ResponseInputMessageContentListParam]
    role: Required[Literal["user", "system", "developer"]]
    status: Literal["in_progress", "completed", "incomplete"]
    type: Literal["message"]


class ResponseOutputTextParam(TypedDict, total=False):
    """Model-written text, replayed as input."""

    annotations: Required[Iterable[Mapping[str, object]]]
    text: Required[str]
    type: Required[Literal["output_text"]]
    logprobs: Iterable[Mapping[str, object]]


class ResponseOutputRefusalParam(TypedDict, total=False):
    """A refusal, replayed as input."""

    refusal: Required[str]
    type: Required[Literal["refusal"]]


class ResponseOutputMessageParam(TypedDict, total=False):
    """An assistant message, replayed as input."""

    id: Required[str]
    content: Required[Iterable[ResponseOutputTextParam | ResponseOutputRefusalParam]]
    role: Required[Literal["assistant"]]
    status: Required[Literal["in_progress", "completed", "incomplete"]]
    type: Required[Literal["message"]]
    phase: Literal["commentary", "final_answer"] | None


class _CallerParam(TypedDict, total=False):
    type: Required[Literal["direct", "program"]]
    caller_id: str


_ResponseFunctionToolCallParamBase = TypedDict(
    "_ResponseFunctionToolCallParamBase", {"async": bool}, total=False
)


class ResponseFunctionToolCallParam(_ResponseFunctionToolCallParamBase, total=False):
    """A function call, replayed as input."""

    arguments: Required[str]
    call_id: Required[str]
    name: Required[str]
    type: Required[Literal["function_call"]]
    id: str
    caller: _CallerParam | None
    namespace: str
    status: Literal["in_progress", "completed", "incomplete"]


class FunctionCallOutput(TypedDict, total=False):
    """The output of a function call: a string or a list of content parts."""

    call_id: Required[str]
    output: Required[str | ResponseFunctionCallOutputItemListParam]
    type: Required[Literal["function_call_output"]]
    id: str | None
    caller: _CallerParam | None
    name: str | None
    namespace: str | None
    status: Literal["in_progress", "completed", "incomplete"] | None


class _ReasoningSummaryParam(TypedDict, total=False):
    text: Required[str]
    type: Required[Literal["summary_text"]]


class _ReasoningContentParam(TypedDict, total=False):
    text: Required[str]
    type: Required[Literal["reasoning_text"]]


class ResponseReasoningItemParam(TypedDict, total=False):
    """A reasoning item, replayed as input unchanged."""

    id: Required[str]
    summary: Required[Iterable[_ReasoningSummaryParam]]
    type: Required[Literal["reasoning"]]
    content: Iterable[_ReasoningContentParam]
    encrypted_content: str | None
    status: Literal["in_progress", "completed", "incomplete"]


class ResponseFileSearchToolCallParam(TypedDict, total=False):
    """A file search call, replayed as input."""

    id: Required[str]
    queries: Required[list[str]]
    status: Required[Literal["in_progress", "searching", "completed", "incomplete", "failed"]]
    type: Required[Literal["file_search_call"]]
    results: Iterable[Mapping[str, object]] | None


class ResponseFunctionWebSearchParam(TypedDict, total=False):
    """A web search call, replayed as input."""

    id: Required[str]
    action: Required[Mapping[str, object]]
    status: Required[Literal["in_progress", "searching", "completed", "failed", "incomplete"]]
    type: Required[Literal["web_search_call"]]


class PendingSafetyCheckParam(TypedDict, total=False):
    """A pending safety check of a computer call."""

    id: Required[str]
    code: str | None
    message: str | None


class ResponseComputerToolCallParam(TypedDict, total=False):
    """A computer call, replayed as input."""

    id: Required[str]
    call_id: Required[str]
    pending_safety_checks: Required[Iterable[PendingSafetyCheckParam]]
    status: Required[Literal["in_progress", "completed", "incomplete"]]
    type: Required[Literal["computer_call"]]
    action: Mapping[str, object]
    actions: Iterable[Mapping[str, object]]


class ResponseComputerToolCallOutputScreenshotParam(TypedDict, total=False):
    """A screenshot as the output of a computer call."""

    type: Required[Literal["computer_screenshot"]]
    file_id: str
    image_url: str


class ComputerCallOutputAcknowledgedSafetyCheck(TypedDict, total=False):
    """A safety check the user acknowledged."""

    id: Required[str]
    code: str | None
    message: str | None


class ComputerCallOutput(TypedDict, total=False):
    """The output of a computer call: a screenshot."""

    call_id: Required[str]
    output: Required[ResponseComputerToolCallOutputScreenshotParam]
    type: Required[Literal["computer_call_output"]]
    id: str | None
    acknowledged_safety_checks: Iterable[ComputerCallOutputAcknowledgedSafetyCheck] | None
    status: Literal["in_progress", "completed", "incomplete"] | None


class ResponseCodeInterpreterToolCallParam(TypedDict, total=False):
    """A code interpreter call, replayed as input."""

    id: Required[str]
    code: Required[str | None]
    container_id: Required[str]
    outputs: Required[Iterable[Mapping[str, object]] | None]
    status: Required[Literal["in_progress", "completed", "incomplete", "interpreting", "failed"]]
    type: Required[Literal["code_interpreter_call"]]


class ImageGenerationCallParam(TypedDict, total=False):
    """An image generation call, replayed as input (upstream input ``ImageGenerationCall``)."""

    id: Required[str]
    result: Required[str | None]
    status: Required[Literal["in_progress", "completed", "generating", "failed"]]
    type: Required[Literal["image_generation_call"]]


class LocalShellCallActionParam(TypedDict, total=False):
    """The command of a local shell call."""

    command: Required[list[str]]
    env: Required[dict[str, str]]
    type: Required[Literal["exec"]]
    timeout_ms: int | None
    user: str | None
    working_directory: str | None


class LocalShellCallParam(TypedDict, total=False):
    """A local shell call, replayed as input (upstream input ``LocalShellCall``)."""

    id: Required[str]
    action: Required[LocalShellCallActionParam]
    call_id: Required[str]
    status: Required[Literal["in_progress", "completed", "incomplete"]]
    type: Required[Literal["local_shell_call"]]


class LocalShellCallOutput(TypedDict, total=False):
    """The output of a local shell call."""

    id: Required[str]
    output: Required[str]
    type: Required[Literal["local_shell_call_output"]]
    status: Literal["in_progress", "completed", "incomplete"] | None


class ShellCall(TypedDict, total=False):
    """A shell call, replayed as input."""

    action: Required[Mapping[str, object]]
    call_id: Required[str]
    type: Required[Literal["shell_call"]]
    id: str | None
    caller: _CallerParam | None
    environment: Mapping[str, object] | None
    status: Literal["in_progress", "completed", "incomplete"] | None


class ShellCallOutput(TypedDict, total=False):
    """The output of a shell call."""

    call_id: Required[str]
    output: Required[Iterable[Mapping[str, object]]]
    type: Required[Literal["shell_call_output"]]
    id: str | None
    caller: _CallerParam | None
    max_output_length: int | None
    status: Literal["in_progress", "completed", "incomplete"] | None


class ApplyPatchCall(TypedDict, total=False):
    """An apply_patch call, replayed as input."""

    call_id: Required[str]
    operation: Required[Mapping[str, object]]
    status: Required[Literal["in_progress", "completed"]]
    type: Required[Literal["apply_patch_call"]]
    id: str | None
    caller: _CallerParam | None


class ApplyPatchCallOutput(TypedDict, total=False):
    """The output of an apply_patch call."""

    call_id: Required[str]
    status: Required[Literal["completed", "failed"]]
    type: Required[Literal["apply_patch_call_output"]]
    id: str | None
    caller: _CallerParam | None
    output: str | None


class McpListToolsToolParam(TypedDict, total=False):
    """A tool offered by an MCP server."""

    input_schema: Required[object]
    name: Required[str]
    annotations: object | None
    description: str | None


class McpListToolsParam(TypedDict, total=False):
    """MCP tool list, replayed as input (upstream input ``McpListTools``)."""

    id: Required[str]
    server_label: Required[str]
    tools: Required[Iterable[McpListToolsToolParam]]
    type: Required[Literal["mcp_list_tools"]]
    error: str | None


class McpApprovalRequestParam(TypedDict, total=False):
    """MCP approval request, replayed as input (upstream input ``McpApprovalRequest``)."""

    id: Required[str]
    arguments: Required[str]
    name: Required[str]
    server_label: Required[str]
    type: Required[Literal["mcp_approval_request"]]


class McpApprovalResponse(TypedDict, total=False):
    """The user's answer to an MCP approval request."""

    approval_request_id: Required[str]
    approve: Required[bool]
    type: Required[Literal["mcp_approval_response"]]
    id: str | None
    reason: str | None


class McpCallParam(TypedDict, total=False):
    """MCP tool call, replayed as input (upstream input ``McpCall``)."""

    id: Required[str]
    arguments: Required[str]
    name: Required[str]
    server_label: Required[str]
    type: Required[Literal["mcp_call"]]
    approval_request_id: str | None
    error: object | None
    output: str | None
    status: Literal["in_progress", "completed", "incomplete", "calling", "failed"]


_ResponseCustomToolCallParamBase = TypedDict(
    "_ResponseCustomToolCallParamBase", {"async": bool}, total=False
)


class ResponseCustomToolCallParam(_ResponseCustomToolCallParamBase, total=False):
    """A custom tool call, replayed as input."""

    call_id: Required[str]
    input: Required[str]
    name: Required[str]
    type: Required[Literal["custom_tool_call"]]
    id: str
    caller: _CallerParam | None
    namespace: str


class ResponseCustomToolCallOutputParam(TypedDict, total=False):
    """The output of a custom tool call."""

    call_id: Required[str]
    output: Required[str | ResponseFunctionCallOutputItemListParam]
    type: Required[Literal["custom_tool_call_output"]]
    id: str
    caller: _CallerParam | None


class ItemReference(TypedDict, total=False):
    """A reference to a stored item by id."""

    id: Required[str]
    type: Literal["item_reference"] | None


class ToolSearchCall(TypedDict, total=False):
    """A tool search call, replayed as input."""

    arguments: Required[object]
    type: Required[Literal["tool_search_call"]]
    id: str | None
    call_id: str | None
    execution: Literal["server", "client"]
    status: Literal["in_progress", "completed", "incomplete"] | None


class ResponseToolSearchOutputItemParam(TypedDict, total=False):
    """The result of a tool search, replayed as input."""

    tools: Required[Iterable[Mapping[str, object]]]
    type: Required[Literal["tool_search_output"]]
    id: str | None
    call_id: str | None
    execution: Literal["server", "client"]
    status: Literal["in_progress", "completed", "incomplete"] | None


class ResponseCompactionItemParam(TypedDict, total=False):
    """Compacted conversation state, replayed as input."""

    encrypted_content: Required[str]
    type: Required[Literal["compaction"]]
    id: str | None


class CompactionTrigger(TypedDict, total=False):
    """Asks the server to compact the conversation at this point."""

    type: Required[Literal["compaction_trigger"]]
    id: str | None


class AdditionalToolsParam(TypedDict, total=False):
    """Tools added mid-conversation (upstream input ``AdditionalTools``)."""

    role: Required[Literal["developer"]]
    tools: Required[Iterable[Mapping[str, object]]]
    type: Required[Literal["additional_tools"]]
    id: str | None


class ProgramParam(TypedDict, total=False):
    """A program, replayed as input (upstream input ``Program``)."""

    id: Required[str]
    call_id: Required[str]
    code: Required[str]
    fingerprint: Required[str]
    type: Required[Literal["program"]]


class ProgramOutputParam(TypedDict, total=False):
    """A program's result, replayed as input (upstream input ``ProgramOutput``)."""

    id: Required[str]
    call_id: Required[str]
    result: Required[str]
    status: Required[Literal["completed", "incomplete"]]
    type: Required[Literal["program_output"]]


ResponseInputItemParam: TypeAlias = (
    EasyInputMessageParam
    | Message
    | ResponseOutputMessageParam
    | ResponseFileSearchToolCallParam
    | ResponseComputerToolCallParam
    | ComputerCallOutput
    | ResponseFunctionWebSearchParam
    | ResponseFunctionToolCallParam
    | FunctionCallOutput
    | ToolSearchCall
    | ResponseToolSearchOutputItemParam
    | AdditionalToolsParam
    | ResponseReasoningItemParam
    | ResponseCompactionItemParam
    | ImageGenerationCallParam
    | ResponseCodeInterpreterToolCallParam
    | LocalShellCallParam
    | LocalShellCallOutput
    | ShellCall
    | ShellCallOutput
    | ApplyPatchCall
    | ApplyPatchCallOutput
    | McpListToolsParam
    | McpApprovalRequestParam
    | McpApprovalResponse
    | McpCallParam
    | ResponseCustomToolCallOutputParam
    | ResponseCustomToolCallParam
    | CompactionTrigger
    | ItemReference
    | ProgramParam
    | ProgramOutputParam
)
"""One item of a request's ``input``."""

ResponseInputParam: TypeAlias = list[ResponseInputItemParam]


class ResponseConversationParam(TypedDict, total=False):
    """The conversation a request belongs to."""

    id: Required[str]


Variables: TypeAlias = (
    str | ResponseInputTextParam | ResponseInputImageParam | ResponseInputFileParam
)


class ResponsePromptParam(TypedDict, total=False):
    """A reusable prompt template: id, optional version and variables."""

    id: Required[str]
    variables: dict[str, Variables] | None
    version: str | None


# Tools ----------------------------------------------------------------------------------------

_FunctionToolParamBase = TypedDict("_FunctionToolParamBase", {"async": bool}, total=False)


class FunctionToolParam(_FunctionToolParamBase, total=False):
    """A function tool (flat Responses shape)."""

    name: Required[str]
    parameters: Required[dict[str, object] | None]
    strict: Required[bool | None]
    type: Required[Literal["function"]]
    description: str | None
    allowed_callers: list[Literal["direct", "programmatic"]] | None
    defer_loading: bool
    output_schema: dict[str, object] | None


class ComparisonFilterParam(TypedDict, total=False):
    """Compare one attribute with a value."""

    key: Required[str]
    type: Required[Literal["eq", "ne", "gt", "gte", "lt", "lte", "in", "nin"]]
    value: Required[str | float | bool | list[str | float]]


class CompoundFilterParam(TypedDict, total=False):
    """Combine filters with ``and`` / ``or``."""

    filters: Required[Iterable[ComparisonFilterParam | object]]
    type: Required[Literal["and", "or"]]


Filters: TypeAlias = ComparisonFilterParam | CompoundFilterParam
"""File search filters."""


class RankingOptionsHybridSearch(TypedDict, total=False):
    """Weights of embedding and text search in hybrid ranking."""

    embedding_weight: Required[float]
    text_weight: Required[float]


class RankingOptions(TypedDict, total=False):
    """How file search results are ranked."""

    hybrid_search: RankingOptionsHybridSearch
    ranker: Literal["auto", "default-2024-11-15"]
    score_threshold: float


class FileSearchToolParam(TypedDict, total=False):
    """The hosted file search tool."""

    type: Required[Literal["file_search"]]
    vector_store_ids: Required[list[str]]
    filters: Filters | None
    max_num_results: int
    ranking_options: RankingOptions


class UserLocation(TypedDict, total=False):
    """Approximate user location for web search."""

    city: str | None
    country: str | None
    region: str | None
    timezone: str | None
    type: Literal["approximate"]


class WebSearchToolFiltersParam(TypedDict, total=False):
    """Restricts a web search to some domains."""

    allowed_domains: list[str] | None


class WebSearchToolParam(TypedDict, total=False):
    """The hosted web search tool."""

    type: Required[Literal["web_search", "web_search_2025_08_26"]]
    external_web_access: bool
    filters: WebSearchToolFiltersParam | None
    search_context_size: Literal["low", "medium", "high"]
    user_location: UserLocation | None


class WebSearchPreviewToolParam(TypedDict, total=False):
    """The preview hosted web search tool."""

    type: Required[Literal["web_search_preview", "web_search_preview_2025_03_11"]]
    search_content_types: list[Literal["text", "image"]]
    search_context_size: Literal["low", "medium", "high"]
    user_location: UserLocation | None


class ComputerToolParam(TypedDict, total=False):
    """The computer use tool."""

    type: Required[Literal["computer"]]


class ComputerUsePreviewToolParam(TypedDict, total=False):
    """The preview computer use tool."""

    display_height: Required[int]
    display_width: Required[int]
    environment: Required[Literal["windows", "mac", "linux", "ubuntu", "browser"]]
    type: Required[Literal["computer_use_preview"]]


class McpAllowedToolsMcpToolFilter(TypedDict, total=False):
    """Select MCP tools by name or read-only flag."""

    read_only: bool
    tool_names: list[str]


McpAllowedTools: TypeAlias = list[str] | McpAllowedToolsMcpToolFilter


class McpRequireApprovalMcpToolApprovalFilterAlways(TypedDict, total=False):
    """Tools that always need approval."""

    read_only: bool
    tool_names: list[str]


class McpRequireApprovalMcpToolApprovalFilterNever(TypedDict, total=False):
    """Tools that never need approval."""

    read_only: bool
    tool_names: list[str]


class McpRequireApprovalMcpToolApprovalFilter(TypedDict, total=False):
    """Which MCP tools need approval."""

    always: McpRequireApprovalMcpToolApprovalFilterAlways
    never: McpRequireApprovalMcpToolApprovalFilterNever


McpRequireApproval: TypeAlias = McpRequireApprovalMcpToolApprovalFilter | Literal["always", "never"]


class Mcp(TypedDict, total=False):
    """The hosted MCP tool: a remote MCP server the API calls directly."""

    server_label: Required[str]
    type: Required[Literal["mcp"]]
    allowed_callers: list[Literal["direct", "programmatic"]] | None
    allowed_tools: McpAllowedTools | None
    authorization: str
    connector_id: str
    defer_loading: bool
    headers: dict[str, str] | None
    require_approval: McpRequireApproval | None
    server_description: str
    server_url: str
    tunnel_id: str


class CodeInterpreterContainerCodeInterpreterToolAuto(TypedDict, total=False):
    """Let the API create a container, optionally with files."""

    type: Required[Literal["auto"]]
    file_ids: list[str]
    memory_limit: Literal["1g", "4g", "16g", "64g"] | None
    network_policy: Mapping[str, object]


CodeInterpreterContainer: TypeAlias = str | CodeInterpreterContainerCodeInterpreterToolAuto


class CodeInterpreter(TypedDict, total=False):
    """The hosted code interpreter tool."""

    container: Required[CodeInterpreterContainer]
    type: Required[Literal["code_interpreter"]]
    allowed_callers: list[Literal["direct", "programmatic"]] | None


class ImageGenerationInputImageMask(TypedDict, total=False):
    """Mask for image edits."""

    file_id: str
    image_url: str


class ImageGeneration(TypedDict, total=False):
    """The hosted image generation tool."""

    type: Required[Literal["image_generation"]]
    action: Literal["generate", "edit", "auto"]
    background: Literal["transparent", "opaque", "auto"]
    complexity: Literal["low", "medium", "high"]
    frame_count: int
    frame_duration_ms: int
    input_fidelity: Literal["high", "low"] | None
    input_image_mask: ImageGenerationInputImageMask
    model: str
    moderation: Literal["auto", "low"]
    output_compression: int
    output_format: Literal["png", "webp", "jpeg", "gif", "svg"]
    partial_images: int
    quality: Literal["low", "medium", "high", "xhigh", "max", "auto"]
    size: str
    svg: Mapping[str, object]


class LocalShell(TypedDict, total=False):
    """The local shell tool."""

    type: Required[Literal["local_shell"]]


class FunctionShellToolParam(TypedDict, total=False):
    """The shell tool."""

    type: Required[Literal["shell"]]
    allowed_callers: list[Literal["direct", "programmatic"]] | None
    environment: Mapping[str, object] | None


class ProgrammaticToolCalling(TypedDict, total=False):
    """Let the model write programs that call tools."""

    type: Required[Literal["programmatic_tool_calling"]]


_CustomToolParamBase = TypedDict("_CustomToolParamBase", {"async": bool}, total=False)


class CustomToolParam(_CustomToolParamBase, total=False):
    """A custom tool taking free-form text, optionally constrained by a grammar ``format``."""

    name: Required[str]
    type: Required[Literal["custom"]]
    allowed_callers: list[Literal["direct", "programmatic"]] | None
    defer_loading: bool
    description: str
    format: Mapping[str, object]


class NamespaceToolParam(TypedDict, total=False):
    """A group of tools under a namespace."""

    name: Required[str]
    tools: Required[Iterable[Mapping[str, object]]]
    type: Required[Literal["namespace"]]
    description: str


class ToolSearchToolParam(TypedDict, total=False):
    """The tool search tool."""

    type: Required[Literal["tool_search"]]
    description: str | None
    execution: Literal["server", "client"]
    parameters: object | None


class ApplyPatchToolParam(TypedDict, total=False):
    """The apply_patch tool."""

    type: Required[Literal["apply_patch"]]
    allowed_callers: list[Literal["direct", "programmatic"]] | None


ToolParam: TypeAlias = (
    FunctionToolParam
    | FileSearchToolParam
    | ComputerToolParam
    | ComputerUsePreviewToolParam
    | WebSearchToolParam
    | Mcp
    | CodeInterpreter
    | ProgrammaticToolCalling
    | ImageGeneration
    | LocalShell
    | FunctionShellToolParam
    | CustomToolParam
    | NamespaceToolParam
    | ToolSearchToolParam
    | WebSearchPreviewToolParam
    | ApplyPatchToolParam
)
"""A tool in a request's ``tools``."""

ToolChoiceOptions: TypeAlias = Literal["none", "auto", "required"]


class ToolChoiceFunctionParam(TypedDict, total=False):
    """Force a call of the named function."""

    name: Required[str]
    type: Required[Literal["function"]]


class ToolChoiceCustomParam(TypedDict, total=False):
    """Force a call of the named custom tool."""

    name: Required[str]
    type: Required[Literal["custom"]]


class ToolChoiceMcpParam(TypedDict, total=False):
    """Force a call of a tool on an MCP server."""

    server_label: Required[str]
    type: Required[Literal["mcp"]]
    name: str | None


class ToolChoiceAllowedParam(TypedDict, total=False):
    """Restrict the model to a subset of the tools."""

    mode: Required[Literal["auto", "required"]]
    tools: Required[Iterable[dict[str, object]]]
    type: Required[Literal["allowed_tools"]]


class ToolChoiceTypesParam(TypedDict, total=False):
    """Force a call of the hosted tool of this type."""

    type: Required[str]


# Text format -----------------------------------------------------------------------------------


class ResponseFormatTextParam(TypedDict, total=False):
    """Plain text output."""

    type: Required[Literal["text"]]


class ResponseFormatJSONObjectParam(TypedDict, total=False):
    """Any JSON object as output."""

    type: Required[Literal["json_object"]]


class ResponseFormatTextJSONSchemaConfigParam(TypedDict, total=False):
    """Structured output with a JSON schema (flat Responses shape)."""

    name: Required[str]
    schema: Required[dict[str, object]]
    type: Required[Literal["json_schema"]]
    description: str
    strict: bool | None


ResponseFormatTextConfigParam: TypeAlias = (
    ResponseFormatTextParam
    | ResponseFormatTextJSONSchemaConfigParam
    | ResponseFormatJSONObjectParam
)


class ResponseTextConfigParam(TypedDict, total=False):
    """Text output options of a request."""

    format: ResponseFormatTextConfigParam
    verbosity: Literal["low", "medium", "high"] | None
