"""The Responses models a plain run does not meet: hosted-tool, computer, shell and MCP items,
tools and tool choice as echoed back, ``Response`` and the output-item union.

Part of ``agentkit.types.responses``, which loads this module on first use of one of its names
(the classes say ``agentkit.types.responses`` in their ``__module__``); the models of plain runs
are in ``_models``.
"""

from typing import Annotated, Any, Literal, TypeAlias

from pydantic import Field, Tag, field_validator

from .._base import (
    _UNKNOWN_TAG,
    _new_dict,
    _new_list,
    _open_discriminator,
    _publish,
    _seal,
    _WireModel,
)
from ..shared import (
    ComparisonFilter,
    CompoundFilter,
    Reasoning,
    ResponseFormatJSONObject,
    ResponseFormatText,
)
from ._models import _CLASSES as _CORE_CLASSES
from ._models import (
    IncompleteDetails,
    Program,
    ProgramOutput,
    ResponseError,
    ResponseFunctionToolCall,
    ResponseFunctionToolCallOutputItem,
    ResponseInputContent,
    ResponseOutputMessage,
    ResponseOutputText,
    ResponseReasoningItem,
    ResponseUsage,
    UnknownOutputItem,
    UnknownPart,
    _Button,
    _Caller,
    _CodeStatus,
    _Execution,
    _ImageStatus,
    _ItemStatus,
    _McpStatus,
    _OutputItemStatus,
    _ResponseStatus,
    _SearchContextSize,
    _SearchStatus,
    _ServiceTier,
    _Truncation,
    _Verbosity,
)

__all__ = [
    "AcknowledgedSafetyCheck",
    "Action",
    "ActionClick",
    "ActionDoubleClick",
    "ActionDrag",
    "ActionDragPath",
    "ActionFind",
    "ActionKeypress",
    "ActionMove",
    "ActionOpenPage",
    "ActionScreenshot",
    "ActionScroll",
    "ActionSearch",
    "ActionSearchSource",
    "ActionType",
    "ActionWait",
    "AdditionalTools",
    "ApplyPatchTool",
    "ComparisonFilter",
    "CompoundFilter",
    "ComputerAction",
    "ComputerTool",
    "ComputerUsePreviewTool",
    "Conversation",
    "CustomTool",
    "FileSearchTool",
    "FileSearchToolRankingOptions",
    "FunctionShellTool",
    "FunctionTool",
    "ImageGenerationCall",
    "ImageGenerationCallError",
    "ImageGenerationCallErrorModerationDetails",
    "LocalShellCall",
    "LocalShellCallAction",
    "LocalShellCallOutputItem",
    "McpApprovalRequest",
    "McpApprovalResponseItem",
    "McpCall",
    "McpListTools",
    "McpListToolsTool",
    "NamespaceTool",
    "OperationCreateFile",
    "OperationDeleteFile",
    "OperationUpdateFile",
    "Output",
    "OutputImage",
    "OutputLogs",
    "OutputOutcomeExit",
    "OutputOutcomeTimeout",
    "PendingSafetyCheck",
    "Reasoning",
    "Response",
    "ResponseApplyPatchToolCall",
    "ResponseApplyPatchToolCallOutput",
    "ResponseCodeInterpreterToolCall",
    "ResponseCompactionItem",
    "ResponseComputerToolCall",
    "ResponseComputerToolCallOutputItem",
    "ResponseComputerToolCallOutputScreenshot",
    "ResponseCustomToolCall",
    "ResponseCustomToolCallItem",
    "ResponseCustomToolCallOutputItem",
    "ResponseFileSearchToolCall",
    "ResponseFormatJSONObject",
    "ResponseFormatText",
    "ResponseFormatTextConfig",
    "ResponseFormatTextJSONSchemaConfig",
    "ResponseFunctionShellToolCall",
    "ResponseFunctionShellToolCallOutput",
    "ResponseFunctionWebSearch",
    "ResponseOutputItem",
    "ResponsePrompt",
    "ResponseTextConfig",
    "ResponseToolSearchCall",
    "ResponseToolSearchOutputItem",
    "Result",
    "Tool",
    "ToolChoice",
    "ToolChoiceAllowed",
    "ToolChoiceApplyPatch",
    "ToolChoiceCustom",
    "ToolChoiceFunction",
    "ToolChoiceMcp",
    "ToolChoiceShell",
    "ToolChoiceTypes",
    "ToolSearchTool",
    "WebSearchPreviewTool",
    "WebSearchTool",
    "WebSearchToolFilters",
    "WebSearchToolUserLocation",
    "parse_output_item",
]


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
    queries: list[str] = Field(default_factory=_new_list)
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

    path: list[ActionDragPath] = Field(default_factory=_new_list)
    type: Literal["drag"] = "drag"
    keys: list[str] | None = None


class ActionKeypress(_WireModel):
    """Press a key combination."""

    keys: list[str] = Field(default_factory=_new_list)
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
    pending_safety_checks: list[PendingSafetyCheck] = Field(default_factory=_new_list)
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

    categories: list[str] = Field(default_factory=_new_list)
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

    command: list[str] = Field(default_factory=_new_list)
    env: dict[str, str] = Field(default_factory=_new_dict)
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
    tools: list[McpListToolsTool] = Field(default_factory=_new_list)
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

    commands: list[str] = Field(default_factory=_new_list)
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
    output: list[Output] = Field(default_factory=_new_list)
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

    vector_store_ids: list[str] = Field(default_factory=_new_list)
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
    tools: list[dict[str, Any]] = Field(default_factory=_new_list)
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
    tools: list[Tool] = Field(default_factory=_new_list)
    type: Literal["additional_tools"] = "additional_tools"


class ResponseToolSearchOutputItem(_WireModel):
    """The tools a tool search found."""

    id: str = ""
    status: _ItemStatus = "completed"
    tools: list[Tool] = Field(default_factory=_new_list)
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
    tools: list[dict[str, Any]] = Field(default_factory=_new_list)
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
    for cls in (*_CORE_CLASSES, *_CLASSES):  # each in definition order
        if not cls.__name__.endswith("Event"):
            cls.model_rebuild()
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


def _output_item_class(data: Any) -> type[_WireModel]:
    """The model an output item parses as: its ``type``'s, else ``UnknownOutputItem``."""
    try:
        return _OUTPUT_ITEM_TYPES[data["type"]]
    except (KeyError, TypeError):  # no type, an unknown one, or one that is not a string
        return UnknownOutputItem


def parse_output_item(data: dict[str, Any]) -> ResponseOutputItem:
    """Parse one output item, dispatching on its ``type``; unknown types become ``UnknownOutputItem``."""
    if not _built:
        _build_validators()
    return _output_item_class(data).__pydantic_validator__.validate_python(data)  # type: ignore[no-any-return]


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
    schema_: dict[str, object] = Field(default_factory=_new_dict, alias="schema")
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
    output: list[ResponseOutputItem] = Field(default_factory=_new_list)
    object: Literal["response"] = "response"
    parallel_tool_calls: bool = True
    tool_choice: ToolChoice = "auto"
    tools: list[Tool] = Field(default_factory=_new_list)
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


# Users import, pickle and see these as ``agentkit.types.responses`` names.
_PACKAGE = __name__.rpartition(".")[0]


_CLASSES = _publish(globals(), __name__)
