"""The editor protocol an apply-patch tool drives: create, update or delete one file per call."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal, Protocol, TypeAlias, runtime_checkable

from .util._dataclass import dataclass

if TYPE_CHECKING:
    from .run_context import RunContextWrapper
    from .util._types import MaybeAwaitable

__all__ = ["ApplyPatchEditor", "ApplyPatchOperation", "ApplyPatchOperationType", "ApplyPatchResult"]

ApplyPatchOperationType: TypeAlias = Literal["create_file", "update_file", "delete_file"]


@dataclass(slots=True)
class ApplyPatchOperation:
    """One file operation the model asked for; ``diff`` is a V4A diff (see ``apply_diff``)."""

    type: ApplyPatchOperationType
    path: str
    diff: str | None = None
    ctx_wrapper: RunContextWrapper[Any] | None = None
    move_to: str | None = None
    """For ``update_file``: the path to move the file to."""


@dataclass(slots=True)
class ApplyPatchResult:
    """What an editor reports back (both optional)."""

    status: Literal["completed", "failed"] | None = None
    output: str | None = None


@runtime_checkable
class ApplyPatchEditor(Protocol):
    """Your editor: applies each operation to your files, sync or async.

    Each method may return an ``ApplyPatchResult``, a plain string (the output) or ``None``.
    """

    def create_file(
        self, operation: ApplyPatchOperation
    ) -> MaybeAwaitable[ApplyPatchResult | str | None]: ...

    def update_file(
        self, operation: ApplyPatchOperation
    ) -> MaybeAwaitable[ApplyPatchResult | str | None]: ...

    def delete_file(
        self, operation: ApplyPatchOperation
    ) -> MaybeAwaitable[ApplyPatchResult | str | None]: ...
