"""Conversation history in a Dapr state store, through the Dapr sidecar's state API.

    session = DaprSession.from_address(
        "user-123", state_store_name="statestore", dapr_address="localhost:50001"
    )
    await Runner.run(agent, "Hello", session=session)

State keys (as upstream's `DaprSession`): `{session_id}:messages` holds a JSON list of the
items' JSON documents, oldest first; `{session_id}:metadata` holds `session_id`, `created_at`
and `updated_at` (Unix seconds).

Tested against an in-process stand-in of Dapr's state API that follows Dapr's documented
semantics (etags, first-write concurrency, ttlInSeconds), not against a Dapr runtime, which
cannot run where agentkit is tested.
"""

from __future__ import annotations

import asyncio
import json
import random
import time
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal, cast

from dapr.aio.clients import DaprClient
from dapr.clients.grpc._state import Concurrency, Consistency, StateOptions

from ..logger import logger
from ..memory.session import SessionABC
from ..memory.session_settings import (
    SessionSettings,
    coerce_session_settings,
    resolve_session_limit,
)
from ..memory.util import _compact_json, _encode_items

if TYPE_CHECKING:
    from ..items import TResponseInputItem

ConsistencyLevel = Literal["eventual", "strong"]
DAPR_CONSISTENCY_EVENTUAL: ConsistencyLevel = "eventual"
DAPR_CONSISTENCY_STRONG: ConsistencyLevel = "strong"

# A read-modify-write that loses an etag race is retried with jittered backoff this many times.
_MAX_WRITE_ATTEMPTS = 30
_RETRY_BASE_DELAY_SECONDS = 0.005
_RETRY_MAX_DELAY_SECONDS = 0.5
_CONFLICT_MARKERS = (
    "etag mismatch",
    "etag does not match",
    "precondition failed",
    "concurrency conflict",
    "invalid etag",
    "failed to set key",  # the Redis state store's conditional-write script
    "user_script",
)


def _is_conflict(error: Exception) -> bool:
    """Whether `error` means another writer changed the key since we read it (so: retry)."""
    code = getattr(error, "code", None)
    if callable(code):
        try:
            status = code()
        except Exception:
            status = None
        if getattr(status, "name", None) in ("ABORTED", "FAILED_PRECONDITION"):
            return True
    message = str(error).lower()
    return any(marker in message for marker in _CONFLICT_MARKERS)


_CORRUPT = object()


class DaprSession(SessionABC):
    """Conversation history under two keys of a Dapr state store.

    Appends and pops are read-modify-write cycles guarded by the value's etag with first-write
    concurrency, retried when another writer got there first, so concurrent writers (in any
    process) do not lose items on stores that support etags. The first write of a new session
    relies on the store honouring first-write without an etag as "only if absent", as the
    stores that implement first-write concurrency do. Entries that fail to decode are skipped.
    """

    session_settings: SessionSettings | None = None

    def __init__(
        self,
        session_id: str,
        *,
        state_store_name: str,
        dapr_client: DaprClient,
        ttl: int | None = None,
        consistency: ConsistencyLevel = DAPR_CONSISTENCY_EVENTUAL,
        session_settings: SessionSettings | dict[str, Any] | None = None,
    ) -> None:
        """Keep the history of `session_id` in the Dapr state store `state_store_name`.

        Args:
            dapr_client: a `dapr.aio.clients.DaprClient`; the caller keeps owning and closing it.
            ttl: seconds the state lives after each write (`ttlInSeconds`; store-dependent).
            consistency: "eventual" or "strong", requested on reads and writes.
            session_settings: defaults for reads, e.g. `SessionSettings(limit=50)`.
        """
        if not isinstance(session_id, str):
            raise TypeError(f"session_id must be a str, got {type(session_id).__name__}")
        if not isinstance(state_store_name, str) or not state_store_name.strip():
            raise ValueError(f"state_store_name must be a non-empty str, got {state_store_name!r}")
        if consistency not in (DAPR_CONSISTENCY_EVENTUAL, DAPR_CONSISTENCY_STRONG):
            raise ValueError(f"consistency must be 'eventual' or 'strong', got {consistency!r}")
        if ttl is not None and (isinstance(ttl, bool) or not isinstance(ttl, int) or ttl <= 0):
            raise ValueError(f"ttl must be a positive number of seconds or None, got {ttl!r}")
        self.session_id = session_id
        self.session_settings = (
            coerce_session_settings(session_settings)
            if session_settings is not None
            else SessionSettings()
        )
        self._dapr_client = dapr_client
        self._state_store_name = state_store_name
        self._ttl = ttl
        self._consistency: ConsistencyLevel = consistency
        self._lock = asyncio.Lock()
        self._owns_client = False
        self._closed = False
        self._messages_key = f"{session_id}:messages"
        self._metadata_key = f"{session_id}:metadata"

    @classmethod
    def from_address(
        cls,
        session_id: str,
        *,
        state_store_name: str,
        dapr_address: str = "localhost:50001",
        session_settings: SessionSettings | dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> DaprSession:
        """Make a session with its own client for the sidecar's gRPC `dapr_address`.

        Other keyword arguments (`ttl`, `consistency`) go to the constructor. The session owns
        the client: `close()` closes it. The Dapr SDK waits for the sidecar's HTTP health
        endpoint (DAPR_HTTP_ENDPOINT / DAPR_HTTP_PORT, default http://localhost:3500).
        """
        client = DaprClient(address=dapr_address)
        session = cls(
            session_id,
            state_store_name=state_store_name,
            dapr_client=client,
            session_settings=session_settings,
            **kwargs,
        )
        session._owns_client = True
        return session

    # -- state API helpers ----------------------------------------------------------------------

    def _read_metadata(self) -> dict[str, str]:
        return {"consistency": self._consistency}

    def _write_metadata(self) -> dict[str, str]:
        return {} if self._ttl is None else {"ttlInSeconds": str(self._ttl)}

    def _options(self, concurrency: Concurrency | None = None) -> StateOptions:
        consistency = (
            Consistency.strong
            if self._consistency == DAPR_CONSISTENCY_STRONG
            else Consistency.eventual
        )
        if concurrency is None:
            return StateOptions(consistency=consistency)
        return StateOptions(consistency=consistency, concurrency=concurrency)

    async def _get(self, key: str) -> tuple[bytes, str | None]:
        """The value of `key` (b"" when missing) and its etag (None when missing)."""
        response = await self._dapr_client.get_state(
            store_name=self._state_store_name, key=key, state_metadata=self._read_metadata()
        )
        data = response.data
        if isinstance(data, str):
            data = data.encode("utf-8")
        return bytes(data or b""), (response.etag or None)

    async def _save_if_unchanged(self, key: str, value: str, etag: str | None) -> None:
        await self._dapr_client.save_state(
            store_name=self._state_store_name,
            key=key,
            value=value,
            etag=etag,
            options=self._options(Concurrency.first_write),
            state_metadata=self._write_metadata(),
        )

    async def _retry_delay(self, error: Exception, attempt: int) -> None:
        """Sleep before the next attempt if `error` is an etag conflict; re-raise otherwise."""
        if not _is_conflict(error) or attempt >= _MAX_WRITE_ATTEMPTS:
            raise error
        delay = min(_RETRY_BASE_DELAY_SECONDS * 2**attempt, _RETRY_MAX_DELAY_SECONDS)
        await asyncio.sleep(delay * (0.5 + random.random()))

    @staticmethod
    def _entries(data: bytes, *, for_update: bool) -> list[Any]:
        """The stored list; an unreadable value is empty for reads and an error for updates."""
        if not data:
            return []
        try:
            entries = json.loads(data.decode("utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            if for_update:
                raise ValueError(
                    "the stored Dapr session messages are not valid JSON; refusing to overwrite them"
                ) from exc
            return []
        if isinstance(entries, list):
            return entries
        if for_update:
            raise ValueError(
                "the stored Dapr session messages are not a JSON list; refusing to overwrite them"
            )
        return []

    @staticmethod
    def _decode(entry: Any) -> Any:
        if not isinstance(entry, str):
            return entry if isinstance(entry, dict) else _CORRUPT
        try:
            return json.loads(entry)
        except json.JSONDecodeError:
            return _CORRUPT

    def _check_not_closed(self) -> None:
        if self._closed:
            raise RuntimeError("DaprSession is closed")

    # -- the Session API ------------------------------------------------------------------------

    async def get_items(self, limit: int | None = None) -> list[TResponseInputItem]:
        """Return the history, or its latest `limit` items, oldest first (skipping bad entries)."""
        effective = resolve_session_limit(limit, self.session_settings)
        async with self._lock:
            self._check_not_closed()
            if effective == 0:
                return []
            data, _ = await self._get(self._messages_key)
        entries = self._entries(data, for_update=False)
        if effective is None or effective < 0:
            return [item for e in entries if (item := self._decode(e)) is not _CORRUPT]
        newest_first: list[Any] = []
        for entry in reversed(entries):
            item = self._decode(entry)
            if item is not _CORRUPT:
                newest_first.append(item)
                if len(newest_first) == effective:
                    break
        newest_first.reverse()
        return newest_first

    async def add_items(self, items: list[TResponseInputItem]) -> None:
        """Append `items` (all of them, contiguous) in one conditional write of the list.

        Raises TypeError, before writing anything, if an item is not JSON-serializable.
        """
        self._check_not_closed()
        encoded = _encode_items(items, _compact_json)
        if not encoded:
            return
        async with self._lock:
            self._check_not_closed()
            attempt = 0
            while True:
                attempt += 1
                data, etag = await self._get(self._messages_key)
                entries = self._entries(data, for_update=True) + encoded
                try:
                    await self._save_if_unchanged(self._messages_key, _compact_json(entries), etag)
                    break
                except Exception as error:
                    await self._retry_delay(error, attempt)
            await self._touch_metadata()

    async def _touch_metadata(self) -> None:
        """Record created_at/updated_at; bookkeeping only, so failures are logged, not raised.

        The items are already stored: raising would make a caller retry and store them twice.
        """
        attempt = 0
        while True:
            attempt += 1
            try:
                data, etag = await self._get(self._metadata_key)
                try:
                    previous = json.loads(data.decode("utf-8")) if data else {}
                except (json.JSONDecodeError, UnicodeDecodeError):
                    previous = {}
                now = str(int(time.time()))
                created = previous.get("created_at") if isinstance(previous, dict) else None
                metadata = {
                    "session_id": self.session_id,
                    "created_at": created if isinstance(created, str) and created else now,
                    "updated_at": now,
                }
                await self._save_if_unchanged(self._metadata_key, json.dumps(metadata), etag)
                return
            except Exception as error:
                try:
                    await self._retry_delay(error, attempt)
                except Exception:
                    logger.warning(
                        "DaprSession %r stored the new items but could not update its metadata: %s",
                        self.session_id,
                        error,
                    )
                    return

    async def pop_item(self) -> TResponseInputItem | None:
        """Remove and return the newest item (dropping undecodable entries on the way), or None."""
        async with self._lock:
            self._check_not_closed()
            attempt = 0
            while True:
                attempt += 1
                data, etag = await self._get(self._messages_key)
                # An unreadable value has nothing to pop and is left as it is.
                entries = self._entries(data, for_update=False)
                if not entries:
                    return None
                # Drop undecodable entries at the tail together with the item popped.
                item: Any = _CORRUPT
                while entries and item is _CORRUPT:
                    item = self._decode(entries.pop())
                try:
                    await self._save_if_unchanged(self._messages_key, _compact_json(entries), etag)
                except Exception as error:
                    await self._retry_delay(error, attempt)
                    continue
                return None if item is _CORRUPT else cast("TResponseInputItem", item)

    async def clear_session(self) -> None:
        """Delete the session's two keys."""
        async with self._lock:
            self._check_not_closed()
            for key in (self._messages_key, self._metadata_key):
                await self._dapr_client.delete_state(
                    store_name=self._state_store_name, key=key, options=self._options()
                )

    async def ping(self) -> bool:
        """Tell whether the sidecar and store answer (a read, or a write then a read, of `__ping__`)."""
        async with self._lock:
            self._check_not_closed()
            try:
                await self._get("__ping__")
                return True
            except Exception as first_error:
                # Some stores only initialize on their first write.
                try:
                    await self._dapr_client.save_state(
                        store_name=self._state_store_name,
                        key="__ping__",
                        value="ok",
                        options=self._options(),
                        state_metadata=self._write_metadata(),
                    )
                    await self._get("__ping__")
                    return True
                except Exception:
                    logger.error(
                        "Dapr state store %r is not reachable: %s",
                        self._state_store_name,
                        first_error,
                    )
                    return False

    async def close(self) -> None:
        """Close the client if this session made it (`from_address`); later calls then raise."""
        async with self._lock:
            if not self._owns_client or self._closed:
                return
            self._closed = True
            await self._dapr_client.close()  # type: ignore[no-untyped-call]

    async def __aenter__(self) -> DaprSession:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(session_id={self.session_id!r}, "
            f"state_store_name={self._state_store_name!r}, consistency={self._consistency!r})"
        )
