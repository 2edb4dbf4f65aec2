"""The apply-patch tool: the model asks for file creations, V4A-diff updates and deletions,
which your `ApplyPatchEditor` carries out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import field
from typing import TYPE_CHECKING, Any, Literal

from typing_extensions import NotRequired, TypedDict

from .editor import ApplyPatchEditor, ApplyPatchOperation
from .run_context import RunContextWrapper
from .util._dataclass import dataclass
from .util._types import MaybeAwaitable

if TYPE_CHECKING:
    from .items import ToolApprovalItem

__all__ = [
    "ApplyPatchApprovalFunction",
    "ApplyPatchOnApprovalFunction",
    "ApplyPatchOnApprovalFunctionResult",
    "ApplyPatchTool",
]

ApplyPatchApprovalFunction = Callable[
    [RunContextWrapper[Any], ApplyPatchOperation, str], MaybeAwaitable[bool]
]
"""Decides per operation whether a call needs approval: (run context, operation, call id)."""


class ApplyPatchOnApprovalFunctionResult(TypedDict):
    """An `on_approval` decision: approve, or reject with an optional reason for the model."""

    approve: bool
    reason: NotRequired[str]


ApplyPatchOnApprovalFunction = Callable[
    [RunContextWrapper[Any], "ToolApprovalItem"],
    MaybeAwaitable[ApplyPatchOnApprovalFunctionResult],
]
"""Decides a call that needs approval right away, instead of pausing the run."""


@dataclass
class ApplyPatchTool:
    """The model edits files through the hosted `apply_patch` tool; `editor` applies each
    operation (see `agentkit.apply_diff` for applying a V4A diff to a file's text)."""

    editor: ApplyPatchEditor
    name: str = "apply_patch"
    needs_approval: bool | ApplyPatchApprovalFunction = False
    """Pause the run for a person's approval before editing: a bool, or a function of
    (run context, operation, call id) asked for each operation of the call."""
    on_approval: ApplyPatchOnApprovalFunction | None = None
    """Decide calls that need approval immediately (approve, or reject with a reason)."""
    custom_data_extractor: Any | None = field(default=None, kw_only=True)
    """Accepted for signature parity; SDK-only custom data is not attached yet."""
    allowed_callers: list[Literal["direct", "programmatic"]] | None = field(
        default=None, kw_only=True
    )
    """Callers that may invoke this tool on OpenAI Responses models."""

    @property
    def type(self) -> str:
        return "apply_patch"

    @property
    def tool_config(self) -> dict[str, Any]:
        """The tool as the Responses API receives it."""
        config: dict[str, Any] = {"type": "apply_patch"}
        if self.allowed_callers is not None:
            config["allowed_callers"] = list(self.allowed_callers)
        return config
