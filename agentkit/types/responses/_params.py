"""Responses API request shapes: the ``TypedDict``s (``...Param``) and literal types of requests.

Part of ``agentkit.types.responses``, which loads this module on first use of one of its names: a
run builds its requests as plain dicts and never needs these classes, which exist for type checkers
and for programs that name them.
"""

from collections.abc import Iterable, Mapping
from typing import Literal, TypeAlias

from typing_extensions import Required, TypedDict

from .._base import _publish

__all__ = [
    "AdditionalToolsParam",
    "ApplyPatchCall",
    "ApplyPatchCallOutput",
    "ApplyPatchToolParam",
    "CodeInterpreter",
    "CodeInterpreterContainer",
    "CodeInterpreterContainerCodeInterpreterToolAuto",
    "CompactionTrigger",
    "ComparisonFilterParam",
    "CompoundFilterParam",
    "ComputerCallOutput",
    "ComputerCallOutputAcknowledgedSafetyCheck",
    "ComputerToolParam",
    "ComputerUsePreviewToolParam",
    "CustomToolParam",
    "EasyInputMessageParam",
    "FileSearchToolParam",
    "Filters",
    "FunctionCallOutput",
    "FunctionShellToolParam",
    "FunctionToolParam",
    "ImageDetail",
    "ImageGeneration",
    "ImageGenerationCallParam",
    "ImageGenerationInputImageMask",
    "InputAudio",
    "ItemReference",
    "LocalShell",
    "LocalShellCallActionParam",
    "LocalShellCallOutput",
    "LocalShellCallParam",
    "Mcp",
    "McpAllowedTools",
    "McpAllowedToolsMcpToolFilter",
    "McpApprovalRequestParam",
    "McpApprovalResponse",
    "McpCallParam",
    "McpListToolsParam",
    "McpListToolsToolParam",
    "McpRequireApproval",
    "McpRequireApprovalMcpToolApprovalFilter",
    "McpRequireApprovalMcpToolApprovalFilterAlways",
    "McpRequireApprovalMcpToolApprovalFilterNever",
    "Message",
    "NamespaceToolParam",
    "PendingSafetyCheckParam",
    "ProgramOutputParam",
    "ProgramParam",
    "ProgrammaticToolCalling",
    "PromptCacheBreakpoint",
    "RankingOptions",
    "RankingOptionsHybridSearch",
    "ResponseCodeInterpreterToolCallParam",
    "ResponseCompactionItemParam",
    "ResponseComputerToolCallOutputScreenshotParam",
    "ResponseComputerToolCallParam",
    "ResponseConversationParam",
    "ResponseCustomToolCallOutputParam",
    "ResponseCustomToolCallParam",
    "ResponseFileSearchToolCallParam",
    "ResponseFormatJSONObjectParam",
    "ResponseFormatTextConfigParam",
    "ResponseFormatTextJSONSchemaConfigParam",
    "ResponseFormatTextParam",
    "ResponseFunctionCallOutputItemListParam",
    "ResponseFunctionCallOutputItemParam",
    "ResponseFunctionToolCallParam",
    "ResponseFunctionWebSearchParam",
    "ResponseIncludable",
    "ResponseInputAudioParam",
    "ResponseInputContentParam",
    "ResponseInputFileContentParam",
    "ResponseInputFileParam",
    "ResponseInputImageContentParam",
    "ResponseInputImageParam",
    "ResponseInputItemParam",
    "ResponseInputMessageContentListParam",
    "ResponseInputParam",
    "ResponseInputTextContentParam",
    "ResponseInputTextParam",
    "ResponseOutputMessageParam",
    "ResponseOutputRefusalParam",
    "ResponseOutputTextParam",
    "ResponsePromptParam",
    "ResponseReasoningItemParam",
    "ResponseStatus",
    "ResponseTextConfigParam",
    "ResponseToolSearchOutputItemParam",
    "ServiceTier",
    "ShellCall",
    "ShellCallOutput",
    "ToolChoiceAllowedParam",
    "ToolChoiceCustomParam",
    "ToolChoiceFunctionParam",
    "ToolChoiceMcpParam",
    "ToolChoiceOptions",
    "ToolChoiceTypesParam",
    "ToolParam",
    "ToolSearchCall",
    "ToolSearchToolParam",
    "UserLocation",
    "Variables",
    "WebSearchPreviewToolParam",
    "WebSearchToolFiltersParam",
    "WebSearchToolParam",
]


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


_publish(globals(), __name__)  # (their __module__ is the package, as before this module)
