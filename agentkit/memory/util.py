"""Type of the hook that merges a session's history with a run's new input."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, TypeAlias

if TYPE_CHECKING:
    from ..items import TResponseInputItem

    SessionInputCallback: TypeAlias = Callable[
        [list[TResponseInputItem], list[TResponseInputItem]],
        list[TResponseInputItem] | Awaitable[list[TResponseInputItem]],
    ]
else:
    # The same shape at runtime, without importing the item types (and pydantic) here.
    SessionInputCallback = Callable[[list[Any], list[Any]], list[Any] | Awaitable[list[Any]]]
"""Given (history items, new input items), return the items the run uses; may be async."""
