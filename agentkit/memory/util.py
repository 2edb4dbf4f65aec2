"""Helpers shared by the session stores, and the type of the hook that merges a session's history
with a run's new input."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Sequence
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


def _compact_json(value: Any) -> str:
    """`value` as JSON without spaces after separators."""
    return json.dumps(value, separators=(",", ":"))


def _encode_items(items: Sequence[Any], dumps: Callable[[Any], str] = json.dumps) -> list[str]:
    """Serialize every item with `dumps` up front, so a bad one fails the call before anything is
    written (as a TypeError naming the item)."""
    if isinstance(items, (str, bytes)) or not isinstance(items, Sequence):
        raise TypeError(f"items must be a list of input items, got {type(items).__name__}")
    encoded = []
    for index, item in enumerate(items):
        try:
            encoded.append(dumps(item))
        except (TypeError, ValueError) as exc:
            raise TypeError(
                f"session item {index} cannot be stored: it is not JSON-serializable ({exc})"
            ) from exc
    return encoded
