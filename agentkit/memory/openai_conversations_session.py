"""Conversation history kept server-side by the OpenAI Conversations API."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import TYPE_CHECKING, Any, TypeVar, cast

from .session import SessionABC
from .session_settings import SessionSettings, coerce_session_settings, resolve_session_limit

if TYPE_CHECKING:
    from ..client import AsyncOpenAI
    from ..items import TResponseInputItem

_T = TypeVar("_T")

# The items-create endpoint accepts at most this many items per request.
_MAX_ITEMS_PER_REQUEST = 20
# The list endpoint's largest page.
_MAX_PAGE_SIZE = 100


def _resolve_client(openai_client: Any) -> AsyncOpenAI:
    """Use the given client (agentkit's or an `openai.AsyncOpenAI`), else the default one."""
    from ..client import AsyncOpenAI, coerce_client

    if openai_client is not None:
        return coerce_client(openai_client)
    from ..models._openai_shared import get_default_openai_client, get_default_openai_key

    default = get_default_openai_client()
    if default is not None:
        return coerce_client(default)
    return AsyncOpenAI(api_key=get_default_openai_key())


async def _settled(awaitable: Awaitable[_T]) -> _T:
    """Await a server mutation to its end even if the caller is cancelled meanwhile.

    A cancelled caller then gets CancelledError only once the outcome is known, so it never
    retries a write that actually happened while it was still in flight.
    """
    task = asyncio.ensure_future(awaitable)
    cancelled = False
    while not task.done():
        try:
            await asyncio.wait({task})
        except asyncio.CancelledError:
            cancelled = True
    if cancelled:
        if not task.cancelled():
            task.exception()  # retrieved: the caller sees its cancellation instead
        raise asyncio.CancelledError
    return task.result()


async def start_openai_conversations_session(openai_client: Any = None) -> str:
    """Create an empty conversation and return its id."""
    client = _resolve_client(openai_client)
    conversation = await client.conversations.create(items=[])
    return cast(str, conversation["id"])


class OpenAIConversationsSession(SessionABC):
    """A session stored in an OpenAI conversation; the session id is the conversation id.

    Without `conversation_id`, a new conversation is created on first use. Calls through one
    instance are serialized; writes of more than 20 items take several requests and are not
    atomic (earlier chunks stay if a later one fails), as the API allows no more per request.
    """

    session_settings: SessionSettings | None = None

    def __init__(
        self,
        *,
        conversation_id: str | None = None,
        openai_client: Any = None,
        session_settings: SessionSettings | dict[str, Any] | None = None,
    ) -> None:
        """Use conversation `conversation_id`, or a new one, through `openai_client`.

        Args:
            openai_client: an `agentkit.client.AsyncOpenAI` or an `openai.AsyncOpenAI`; by
                default the client set with `set_default_openai_client`, else a new one (with
                the key set by `set_default_openai_key`, or from the environment).
        """
        if conversation_id is not None and not isinstance(conversation_id, str):
            raise TypeError(
                f"conversation_id must be a str or None, got {type(conversation_id).__name__}"
            )
        self._session_id = conversation_id
        self._client = _resolve_client(openai_client)
        self.session_settings = (
            coerce_session_settings(session_settings)
            if session_settings is not None
            else SessionSettings()
        )
        self._id_lock = asyncio.Lock()
        self._lock = asyncio.Lock()

    @property
    def session_id(self) -> str:
        """The conversation id; ValueError until the first call has created the conversation."""
        if self._session_id is None:
            raise ValueError(
                "The conversation is created on first use: call get_items() or add_items() "
                "before reading session_id, or pass conversation_id."
            )
        return self._session_id

    @session_id.setter
    def session_id(self, value: str) -> None:
        self._session_id = value

    async def _conversation_id(self) -> str:
        async with self._id_lock:
            if self._session_id is None:
                self._session_id = await start_openai_conversations_session(self._client)
            return self._session_id

    async def get_items(self, limit: int | None = None) -> list[TResponseInputItem]:
        """Return the conversation's items, or its latest `limit`, oldest first."""
        async with self._lock:
            return await self._get_items(limit)

    async def _get_items(self, limit: int | None) -> list[Any]:
        conversation_id = await self._conversation_id()
        effective = resolve_session_limit(limit, self.session_settings)
        if effective == 0:
            return []
        items = self._client.conversations.items
        if effective is None or effective < 0:
            pager = items.list(conversation_id, order="asc", limit=_MAX_PAGE_SIZE)
            return [item async for item in pager]
        newest: list[Any] = []
        after: str | None = None
        while len(newest) < effective:
            page = await items.list(
                conversation_id,
                order="desc",
                limit=min(effective - len(newest), _MAX_PAGE_SIZE),
                after=after,
            )
            data = page.get("data") or []
            newest.extend(data[: effective - len(newest)])
            if not page.get("has_more") or not data:
                break
            after = page.get("last_id") or data[-1]["id"]
        newest.reverse()
        return newest

    async def add_items(self, items: list[TResponseInputItem]) -> None:
        """Append `items`, 20 per request; a cancelled call settles its current request first."""
        if not items:
            return
        async with self._lock:
            conversation_id = await self._conversation_id()
            chunked = len(items) > _MAX_ITEMS_PER_REQUEST
            # A retried chunk whose response was lost would be stored twice.
            client = self._client.with_options(max_retries=0) if chunked else self._client
            for start in range(0, len(items), _MAX_ITEMS_PER_REQUEST):
                request = client.conversations.items.create(
                    conversation_id, items=list(items[start : start + _MAX_ITEMS_PER_REQUEST])
                )
                await (_settled(request) if chunked else request)

    async def pop_item(self) -> TResponseInputItem | None:
        """Delete the newest item and return it, or return None if there is none."""
        async with self._lock:
            conversation_id = await self._conversation_id()
            newest = await self._get_items(1)
            if not newest:
                return None
            item = newest[0]
            await _settled(
                self._client.conversations.items.delete(
                    str(item["id"]), conversation_id=conversation_id
                )
            )
            return cast("TResponseInputItem", item)

    async def clear_session(self) -> None:
        """Delete the conversation; the next call starts a new one (with a new session_id)."""
        async with self._lock, self._id_lock:
            conversation_id = self._session_id
            if conversation_id is None:
                return
            await _settled(self._client.conversations.delete(conversation_id))
            self._session_id = None
