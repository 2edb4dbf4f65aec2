"""`custom_data_extractor`: SDK-only data attached to a tool's output item
(`ToolCallOutputItem.custom_data`), never sent to the model.

The contexts an extractor receives, the extractor types, and the normalisation of what an
extractor returns (a JSON-compatible mapping with string keys, or None).
"""

from __future__ import annotations

import copy
import inspect
import json
from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

from .exceptions import UserError
from .run_context import RunContextWrapper
from .tool_context import ToolContext
from .util._dataclass import dataclass

if TYPE_CHECKING:
    from .tool import ComputerTool, FunctionTool

T = TypeVar("T")

_ExtractorResult = Awaitable[Mapping[str, Any] | None] | Mapping[str, Any] | None


@dataclass(frozen=True)
class FunctionToolCustomDataContext:
    """What a function tool's `custom_data_extractor` receives."""

    tool_context: ToolContext[Any]
    tool: FunctionTool
    output: Any
    """The tool's output as the model sees it."""
    raw_item: Mapping[str, Any]
    """A copy of the `function_call_output` item replayed to the model."""


@dataclass(frozen=True)
class CustomToolCustomDataContext:
    """What a custom tool's `custom_data_extractor` receives."""

    tool_context: ToolContext[Any]
    tool: Any
    """The `CustomTool` that ran."""
    input: str
    """The model's raw input to the tool."""
    output: str
    raw_item: Mapping[str, Any]
    """A copy of the `custom_tool_call_output` item replayed to the model."""


@dataclass(frozen=True)
class ComputerToolCustomDataContext:
    """What a computer tool's `custom_data_extractor` receives."""

    run_context: RunContextWrapper[Any]
    tool: ComputerTool[Any]
    tool_call: Any
    output: str
    """The screenshot data URL returned to the model."""
    raw_item: Any


@dataclass(frozen=True)
class ApplyPatchToolCustomDataContext:
    """What an apply_patch tool's `custom_data_extractor` receives."""

    run_context: RunContextWrapper[Any]
    tool: Any
    operations: list[Any]
    output: str
    status: Literal["completed", "failed"]
    raw_item: Mapping[str, Any]


FunctionToolCustomDataExtractor = Callable[[FunctionToolCustomDataContext], _ExtractorResult]
CustomToolCustomDataExtractor = Callable[[CustomToolCustomDataContext], _ExtractorResult]
ComputerToolCustomDataExtractor = Callable[[ComputerToolCustomDataContext], _ExtractorResult]
ApplyPatchToolCustomDataExtractor = Callable[[ApplyPatchToolCustomDataContext], _ExtractorResult]


def normalize_custom_data(value: Any) -> dict[str, Any] | None:
    """A JSON-compatible copy of what an extractor returned (None for None or empty)."""
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise UserError("custom_data_extractor must return a mapping or None.")
    if not value:
        return None
    if not all(isinstance(key, str) for key in value):
        raise UserError("custom_data_extractor must return a mapping with string keys.")
    try:
        return cast(
            "dict[str, Any]", json.loads(json.dumps(copy.deepcopy(dict(value)), allow_nan=False))
        )
    except (TypeError, ValueError) as exc:
        raise UserError("custom_data_extractor must return JSON-compatible data.") from exc


async def maybe_extract_custom_data(
    extractor: Callable[[T], _ExtractorResult] | None, context: T
) -> dict[str, Any] | None:
    """Run a sync or async extractor (if any) and normalise its result."""
    if extractor is None:
        return None
    result: Any = extractor(context)
    if inspect.isawaitable(result):
        result = await result
    return normalize_custom_data(result)


def merge_custom_data(*values: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """Later mappings win; None when nothing is left."""
    merged: dict[str, Any] = {}
    for value in values:
        normalized = normalize_custom_data(value)
        if normalized:
            merged.update(normalized)
    return merged or None


async def function_tool_custom_data(
    tool: FunctionTool, tool_context: ToolContext[Any], output: Any, raw_item: Mapping[str, Any]
) -> dict[str, Any] | None:
    """What the function tool's `custom_data_extractor` attaches to its output item, over any
    data the tool's own invocation left on the context (`_custom_data`, as MCP tools do
    upstream)."""
    extracted = None
    if tool.custom_data_extractor is not None:  # the context (and its copy of the item) is for it
        extracted = await maybe_extract_custom_data(
            tool.custom_data_extractor,
            FunctionToolCustomDataContext(
                tool_context=tool_context,
                tool=tool,
                output=output,
                raw_item=copy.deepcopy(raw_item),
            ),
        )
    return merge_custom_data(getattr(tool_context, "_custom_data", None), extracted)
