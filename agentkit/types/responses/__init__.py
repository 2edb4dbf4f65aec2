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
* The server-sent models are defined in ``_models`` (those of plain runs: messages, function calls,
  reasoning, usage), ``_models_rest`` (hosted-tool and computer items, tools, ``Response``) and
  ``_events`` (the stream events), the request shapes in ``_params``; this module loads all but
  the first on first access to one of their names (a run that meets only messages and function
  calls and never streams loads none of them); every class still says ``agentkit.types.responses``
  in its ``__module__``.
"""

from typing import TYPE_CHECKING, Any

from .._base import _lazy_groups
from ._models import *  # noqa: F403  (the models of plain runs, re-exported: see _models.__all__)
from ._models import _CORE_OUTPUT_ITEM_TYPES
from ._models import __all__ as _CORE_NAMES
from ._models import _ResponseAnswer as _ResponseAnswer

# --------------------------------------------------------------------------------------------
# The other models: in ``_models_rest``, built on first use (a run that meets only messages,
# function calls and reasoning does not need them)
# --------------------------------------------------------------------------------------------

if TYPE_CHECKING:
    from ._models_rest import *  # noqa: F403  (the names of _models_rest.__all__)
    from ._models_rest import _OUTPUT_ITEM_TYPES as _OUTPUT_ITEM_TYPES
    from ._models_rest import _build_validators as _build_validators


def _parse_output_items(items: list[Any]) -> list[Any]:
    """Parse output items as ``Response.output`` does, building only the validators of the types met.

    The first answer of a process thereby builds one or two small validators instead of the whole
    item union, and loads ``_models_rest`` only for an item of a type not modelled here. Raises
    pydantic's ``ValidationError`` as the item's own model does (not at ``output.N``).
    """
    parsed = []
    for data in items:
        try:
            cls = _CORE_OUTPUT_ITEM_TYPES[data["type"]]
        except (KeyError, TypeError):  # another type, none, or data that is not an object
            from ._models_rest import _output_item_class  # knows the other types

            cls = _output_item_class(data)
        if not cls.__pydantic_complete__:
            cls.model_rebuild()
        parsed.append(cls.__pydantic_validator__.validate_python(data))
    return parsed


_REST_NAMES = frozenset(
    (
        "_OUTPUT_ITEM_TYPES",
        "_build_validators",
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
    )
)

# --------------------------------------------------------------------------------------------
# Stream events: in ``_events``, built on first use (a run that never streams does not need them)
# --------------------------------------------------------------------------------------------

if TYPE_CHECKING:
    from ._events import *  # noqa: F403  (the names of _events.__all__)

# --------------------------------------------------------------------------------------------
# Request shapes (TypedDicts): in ``_params``, built on first use (a run builds its requests as
# plain dicts)
# --------------------------------------------------------------------------------------------

if TYPE_CHECKING:
    from ._params import *  # noqa: F403  (the names of _params.__all__)

_PARAM_NAMES = frozenset(
    (
        "ResponseIncludable",
        "ImageDetail",
        "ServiceTier",
        "ResponseStatus",
        "PromptCacheBreakpoint",
        "ResponseInputTextParam",
        "ResponseInputImageParam",
        "ResponseInputFileParam",
        "InputAudio",
        "ResponseInputAudioParam",
        "ResponseInputContentParam",
        "ResponseInputMessageContentListParam",
        "ResponseInputTextContentParam",
        "ResponseInputImageContentParam",
        "ResponseInputFileContentParam",
        "ResponseFunctionCallOutputItemParam",
        "ResponseFunctionCallOutputItemListParam",
        "EasyInputMessageParam",
        "Message",
        "ResponseOutputTextParam",
        "ResponseOutputRefusalParam",
        "ResponseOutputMessageParam",
        "ResponseFunctionToolCallParam",
        "FunctionCallOutput",
        "ResponseReasoningItemParam",
        "ResponseFileSearchToolCallParam",
        "ResponseFunctionWebSearchParam",
        "PendingSafetyCheckParam",
        "ResponseComputerToolCallParam",
        "ResponseComputerToolCallOutputScreenshotParam",
        "ComputerCallOutputAcknowledgedSafetyCheck",
        "ComputerCallOutput",
        "ResponseCodeInterpreterToolCallParam",
        "ImageGenerationCallParam",
        "LocalShellCallActionParam",
        "LocalShellCallParam",
        "LocalShellCallOutput",
        "ShellCall",
        "ShellCallOutput",
        "ApplyPatchCall",
        "ApplyPatchCallOutput",
        "McpListToolsToolParam",
        "McpListToolsParam",
        "McpApprovalRequestParam",
        "McpApprovalResponse",
        "McpCallParam",
        "ResponseCustomToolCallParam",
        "ResponseCustomToolCallOutputParam",
        "ItemReference",
        "ToolSearchCall",
        "ResponseToolSearchOutputItemParam",
        "ResponseCompactionItemParam",
        "CompactionTrigger",
        "AdditionalToolsParam",
        "ProgramParam",
        "ProgramOutputParam",
        "ResponseInputItemParam",
        "ResponseInputParam",
        "ResponseConversationParam",
        "Variables",
        "ResponsePromptParam",
        "FunctionToolParam",
        "ComparisonFilterParam",
        "CompoundFilterParam",
        "Filters",
        "RankingOptionsHybridSearch",
        "RankingOptions",
        "FileSearchToolParam",
        "UserLocation",
        "WebSearchToolFiltersParam",
        "WebSearchToolParam",
        "WebSearchPreviewToolParam",
        "ComputerToolParam",
        "ComputerUsePreviewToolParam",
        "McpAllowedToolsMcpToolFilter",
        "McpAllowedTools",
        "McpRequireApprovalMcpToolApprovalFilterAlways",
        "McpRequireApprovalMcpToolApprovalFilterNever",
        "McpRequireApprovalMcpToolApprovalFilter",
        "McpRequireApproval",
        "Mcp",
        "CodeInterpreterContainerCodeInterpreterToolAuto",
        "CodeInterpreterContainer",
        "CodeInterpreter",
        "ImageGenerationInputImageMask",
        "ImageGeneration",
        "LocalShell",
        "FunctionShellToolParam",
        "ProgrammaticToolCalling",
        "CustomToolParam",
        "NamespaceToolParam",
        "ToolSearchToolParam",
        "ApplyPatchToolParam",
        "ToolParam",
        "ToolChoiceOptions",
        "ToolChoiceFunctionParam",
        "ToolChoiceCustomParam",
        "ToolChoiceMcpParam",
        "ToolChoiceAllowedParam",
        "ToolChoiceTypesParam",
        "ResponseFormatTextParam",
        "ResponseFormatJSONObjectParam",
        "ResponseFormatTextJSONSchemaConfigParam",
        "ResponseFormatTextConfigParam",
        "ResponseTextConfigParam",
    )
)

_EVENT_NAMES = frozenset(
    (
        "ResponseCreatedEvent",
        "ResponseInProgressEvent",
        "ResponseQueuedEvent",
        "ResponseCompletedEvent",
        "ResponseIncompleteEvent",
        "ResponseFailedEvent",
        "ResponseErrorEvent",
        "ResponseOutputItemAddedEvent",
        "ResponseOutputItemDoneEvent",
        "ResponseContentPartAddedEvent",
        "ResponseContentPartDoneEvent",
        "ResponseTextDeltaEvent",
        "ResponseTextDoneEvent",
        "ResponseOutputTextAnnotationAddedEvent",
        "ResponseRefusalDeltaEvent",
        "ResponseRefusalDoneEvent",
        "ResponseFunctionCallArgumentsDeltaEvent",
        "ResponseFunctionCallArgumentsDoneEvent",
        "Part",
        "ResponseReasoningSummaryPartAddedEvent",
        "ResponseReasoningSummaryPartDoneEvent",
        "ResponseReasoningSummaryTextDeltaEvent",
        "ResponseReasoningSummaryTextDoneEvent",
        "ResponseReasoningTextDeltaEvent",
        "ResponseReasoningTextDoneEvent",
        "ResponseWebSearchCallInProgressEvent",
        "ResponseWebSearchCallSearchingEvent",
        "ResponseWebSearchCallCompletedEvent",
        "ResponseFileSearchCallInProgressEvent",
        "ResponseFileSearchCallSearchingEvent",
        "ResponseFileSearchCallCompletedEvent",
        "ResponseCodeInterpreterCallInProgressEvent",
        "ResponseCodeInterpreterCallInterpretingEvent",
        "ResponseCodeInterpreterCallCompletedEvent",
        "ResponseImageGenCallInProgressEvent",
        "ResponseImageGenCallGeneratingEvent",
        "ResponseImageGenCallCompletedEvent",
        "ResponseMcpCallInProgressEvent",
        "ResponseMcpCallCompletedEvent",
        "ResponseMcpCallFailedEvent",
        "ResponseMcpListToolsInProgressEvent",
        "ResponseMcpListToolsCompletedEvent",
        "ResponseMcpListToolsFailedEvent",
        "ResponseCompactionCompactingEvent",
        "ResponseCodeInterpreterCallCodeDeltaEvent",
        "ResponseCodeInterpreterCallCodeDoneEvent",
        "ResponseMcpCallArgumentsDeltaEvent",
        "ResponseMcpCallArgumentsDoneEvent",
        "ResponseCustomToolCallInputDeltaEvent",
        "ResponseCustomToolCallInputDoneEvent",
        "ResponseImageGenCallPartialImageEvent",
        "ResponseAudioDeltaEvent",
        "ResponseAudioDoneEvent",
        "ResponseAudioTranscriptDeltaEvent",
        "ResponseAudioTranscriptDoneEvent",
        "ResponseShellCallCommandAddedEvent",
        "ResponseShellCallCommandDeltaEvent",
        "ResponseShellCallCommandDoneEvent",
        "Delta",
        "ResponseShellCallOutputContentDeltaEvent",
        "ResponseShellCallOutputContentDoneEvent",
        "ResponseStreamEvent",
        "parse_stream_event",
    )
)


# Each lazily loaded module and the names it defines.
_LAZY_MODULES = {"_models_rest": _REST_NAMES, "_params": _PARAM_NAMES, "_events": _EVENT_NAMES}
_LAZY_NAMES = _REST_NAMES | _PARAM_NAMES | _EVENT_NAMES

if not TYPE_CHECKING:  # hidden from type checkers: a misspelt name stays an error there
    __getattr__, __dir__ = _lazy_groups(__name__, globals(), _LAZY_MODULES)


if not TYPE_CHECKING:
    # ``from agentkit.types.responses import *`` still brings every name, the stream events too.
    __all__ = sorted({*_CORE_NAMES, *(name for name in _LAZY_NAMES if not name.startswith("_"))})
