"""`CustomTool`: a Responses custom (freeform) tool. The model sends one raw string
(`custom_tool_call.input`, optionally constrained by a grammar `format`) instead of JSON
arguments, and gets one string back (`custom_tool_call_output`)."""

from __future__ import annotations

import copy
import inspect
from collections.abc import Awaitable, Callable
from dataclasses import field
from typing import TYPE_CHECKING, Any

from typing_extensions import NotRequired, TypedDict

from ._tool_features import ToolCaller, normalize_allowed_callers
from .exceptions import UserError
from .logger import logger
from .run_context import RunContextWrapper
from .tool_context import ToolContext
from .util._dataclass import dataclass

if TYPE_CHECKING:
    from ._custom_data import CustomToolCustomDataExtractor
    from .items import ToolApprovalItem

CustomToolExecutor = Callable[[ToolContext[Any], str], Any]
"""`(tool_context, raw_input) -> output` (sync or async); the output is sent as `str(output)`."""
CustomToolApprovalFunction = Callable[[RunContextWrapper[Any], str, str], Any]
"""`(run_context, raw_input, call_id) -> bool` (sync or async)."""


class CustomToolOnApprovalFunctionResult(TypedDict):
    """What a custom tool's `on_approval` callback decides."""

    approve: bool
    reason: NotRequired[str]


CustomToolOnApprovalFunction = Callable[
    ["RunContextWrapper[Any]", "ToolApprovalItem"],
    "CustomToolOnApprovalFunctionResult | Awaitable[CustomToolOnApprovalFunctionResult]",
]


@dataclass
class CustomTool:
    """A Responses custom tool: one raw string in, one string out.

    `format` is the wire `format` (e.g. `{"type": "grammar", "syntax": "lark",
    "definition": ...}`); None lets the model send free text."""

    name: str
    description: str
    on_invoke_tool: CustomToolExecutor
    format: object | None = None
    needs_approval: bool | CustomToolApprovalFunction = False
    """Not supported by agentkit yet: anything but False raises `UserError`."""
    on_approval: CustomToolOnApprovalFunction | None = None
    """Not supported by agentkit yet (see `needs_approval`)."""
    defer_loading: bool = False
    custom_data_extractor: CustomToolCustomDataExtractor | None = field(default=None, kw_only=True)
    allowed_callers: list[ToolCaller] | None = field(default=None, kw_only=True)
    tool_config: dict[str, Any] = field(init=False, repr=False)
    """The wire definition (`{"type": "custom", "name", "description", ...}`)."""

    def __post_init__(self) -> None:
        if self.needs_approval is not False or self.on_approval is not None:
            raise UserError(
                f"CustomTool `{self.name}`: needs_approval and on_approval are not supported by "
                "agentkit yet. Approve inside on_invoke_tool, or use a function tool with "
                "needs_approval."
            )
        self.allowed_callers = normalize_allowed_callers(self.allowed_callers, tool_name=self.name)
        config: dict[str, Any] = {
            "type": "custom",
            "name": self.name,
            "description": self.description,
        }
        if self.format is not None:
            config["format"] = self.format
        if self.defer_loading:
            config["defer_loading"] = True
        if self.allowed_callers is not None:
            config["allowed_callers"] = self.allowed_callers
        self.tool_config = config

    @property
    def type(self) -> str:
        return "custom"


def _error_text(error: BaseException) -> str:
    return str(error) or type(error).__name__


async def invoke_custom_tool(
    tool: CustomTool, tool_call: Any, tool_context: ToolContext[Any]
) -> tuple[str, dict[str, Any], dict[str, Any] | None]:
    """Run one custom tool call: (output text, `custom_tool_call_output` item, custom data).
    An exception in the tool becomes its message as the output, as upstream."""
    # Imported on first call: a run without custom tool calls does not load them.
    from ._custom_data import CustomToolCustomDataContext, maybe_extract_custom_data
    from ._typed_tool_output import copy_tool_call_caller

    tool_input = tool_call.input
    try:
        result = tool.on_invoke_tool(tool_context, tool_input)
        if inspect.isawaitable(result):
            result = await result
        output = result if isinstance(result, str) else str(result)
    except Exception as error:
        logger.error("Custom tool failed: %s", type(error).__name__)
        output = _error_text(error)
    raw_item: dict[str, Any] = {
        "type": "custom_tool_call_output",
        "call_id": tool_call.call_id,
        "output": output,
    }
    copy_tool_call_caller(tool_call, raw_item)
    custom_data = await maybe_extract_custom_data(
        tool.custom_data_extractor,
        CustomToolCustomDataContext(
            tool_context=tool_context,
            tool=tool,
            input=tool_input,
            output=output,
            raw_item=copy.deepcopy(raw_item),
        ),
    )
    return output, raw_item, custom_data
