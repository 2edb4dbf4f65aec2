"""The session contract: conversation history that a run loads before it starts and extends after."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Literal, Protocol, TypeGuard, runtime_checkable

from typing_extensions import TypedDict

from ..util._dataclass import dataclass

if TYPE_CHECKING:
    from ..items import TResponseInputItem
    from .session_settings import SessionSettings


@dataclass(frozen=True)
class _CompactionSnapshot:
    """The latest stored items of a session (oldest first), whether they are its whole history,
    and the store's atomic replacement of a suffix of them.

    `replace_suffix(start, output)` replaces `items[start:]` with `output` in one transaction when
    that suffix is still the store's tail, and returns False (changing nothing) when it is not.
    """

    items: list[TResponseInputItem]
    complete: bool
    replace_suffix: Callable[[int, list[TResponseInputItem]], Awaitable[bool]]


@runtime_checkable
class Session(Protocol):
    """What a conversation store must offer; third-party stores implement this protocol."""

    session_id: str
    session_settings: SessionSettings | None = None

    async def get_items(self, limit: int | None = None) -> list[TResponseInputItem]:
        """Return the history, or only its latest `limit` items, oldest first."""
        ...

    async def add_items(self, items: list[TResponseInputItem]) -> None:
        """Append `items` to the history, in order."""
        ...

    async def pop_item(self) -> TResponseInputItem | None:
        """Remove and return the newest item, or return None when the history is empty."""
        ...

    async def clear_session(self) -> None:
        """Delete the whole history of this session."""
        ...


class SessionABC(ABC):
    """Base class of agentkit's own stores; third parties should implement `Session` instead."""

    session_id: str
    session_settings: SessionSettings | None = None

    @abstractmethod
    async def get_items(self, limit: int | None = None) -> list[TResponseInputItem]:
        """Return the history, or only its latest `limit` items, oldest first."""

    @abstractmethod
    async def add_items(self, items: list[TResponseInputItem]) -> None:
        """Append `items` to the history, in order."""

    @abstractmethod
    async def pop_item(self) -> TResponseInputItem | None:
        """Remove and return the newest item, or return None when the history is empty."""

    @abstractmethod
    async def clear_session(self) -> None:
        """Delete the whole history of this session."""


class OpenAIResponsesCompactionArgs(TypedDict, total=False):
    """Options for `run_compaction` on a session that can compact its history."""

    response_id: str
    """The response whose history is compacted."""

    compaction_mode: Literal["previous_response_id", "input", "auto"]
    """Send the history by `previous_response_id`, as input items, or pick automatically."""

    store: bool
    """Whether the last response was stored server-side (if not, `auto` sends input items)."""

    force: bool
    """Compact even when the session's threshold is not reached."""


@runtime_checkable
class OpenAIResponsesCompactionAwareSession(Session, Protocol):
    """A session that can compact its history through the Responses API."""

    async def run_compaction(self, args: OpenAIResponsesCompactionArgs | None = None) -> None:
        """Compact the stored history."""
        ...


def is_openai_responses_compaction_aware_session(
    session: Session | None,
) -> TypeGuard[OpenAIResponsesCompactionAwareSession]:
    """Tell whether `session` offers a callable `run_compaction`."""
    if session is None:
        return False
    try:
        run_compaction = getattr(session, "run_compaction", None)
    except Exception:
        return False
    return callable(run_compaction)
