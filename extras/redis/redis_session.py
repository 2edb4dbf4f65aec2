"""Conversation history in Redis, shared by every process that reaches the server.

    session = RedisSession.from_url("user-123", url="redis://localhost:6379/0", ttl=3600)
    await Runner.run(agent, "Hello", session=session)

Keys (as upstream's `RedisSession`): the hash `{key_prefix}:{session_id}` holds `session_id`,
`created_at` and `updated_at` (Unix seconds, server clock); the list
`{key_prefix}:{session_id}:messages` holds one JSON document per item, oldest first.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, cast

import redis.asyncio as redis
from redis.asyncio.cluster import RedisCluster

from ..memory.session import SessionABC
from ..memory.session_settings import (
    SessionSettings,
    coerce_session_settings,
    resolve_session_limit,
)
from ..memory.util import _compact_json, _encode_items

if TYPE_CHECKING:
    from ..items import TResponseInputItem

# One append is one script: Redis runs it atomically, so concurrent writers (in any process)
# never lose or interleave items, and the metadata and expiry move together with the items.
# Types are checked before any write because a script is not rolled back when a command fails.
_APPEND = """
local kind = redis.call('TYPE', KEYS[1])['ok']
if kind ~= 'none' and kind ~= 'hash' then
  return redis.error_reply('WRONGTYPE ' .. KEYS[1] .. ' holds a ' .. kind .. ', not a session hash')
end
kind = redis.call('TYPE', KEYS[2])['ok']
if kind ~= 'none' and kind ~= 'list' then
  return redis.error_reply('WRONGTYPE ' .. KEYS[2] .. ' holds a ' .. kind .. ', not a list')
end
local now = redis.call('TIME')[1]
redis.call('HSET', KEYS[1], 'session_id', ARGV[1], 'updated_at', now)
redis.call('HSETNX', KEYS[1], 'created_at', now)
local length = 0
for first = 3, #ARGV, 1000 do
  length = redis.call('RPUSH', KEYS[2], unpack(ARGV, first, math.min(first + 999, #ARGV)))
end
if ARGV[2] ~= '' then
  for _, key in ipairs(KEYS) do
    redis.call('PEXPIRE', key, ARGV[2])
  end
end
return length
"""


def _text(raw: Any) -> str:
    """A stored value as text, from clients with or without `decode_responses`."""
    return raw.decode("utf-8") if isinstance(raw, bytes) else str(raw)


_CORRUPT = object()


def _decode(raw: Any) -> Any:
    try:
        return json.loads(_text(raw))
    except (json.JSONDecodeError, UnicodeDecodeError):
        return _CORRUPT


class RedisSession(SessionABC):
    """Conversation history in a Redis list; appends are atomic across processes.

    With `ttl`, every append (re)sets the expiry of the session's keys to `ttl` seconds, so an
    idle session disappears. Items that are not valid JSON are skipped by reads and pops.
    Standalone Redis only: the session's keys are not co-located on a cluster.
    """

    session_settings: SessionSettings | None = None

    def __init__(
        self,
        session_id: str,
        *,
        redis_client: redis.Redis,
        key_prefix: str = "agents:session",
        ttl: int | None = None,
        session_settings: SessionSettings | dict[str, Any] | None = None,
    ) -> None:
        """Keep the history of `session_id` under `key_prefix` in `redis_client`'s database.

        Args:
            redis_client: a `redis.asyncio.Redis`; the caller keeps owning and closing it.
            key_prefix: prefix of this session's keys, to share a database with other data.
            ttl: seconds after the last append at which the session expires; None keeps it.
            session_settings: defaults for reads, e.g. `SessionSettings(limit=50)`.
        """
        if not isinstance(session_id, str):
            raise TypeError(f"session_id must be a str, got {type(session_id).__name__}")
        if isinstance(redis_client, RedisCluster):
            raise TypeError(
                "RedisSession needs a standalone redis.asyncio.Redis client: its atomic appends "
                "touch several keys, which a Redis Cluster may place on different nodes"
            )
        if not isinstance(key_prefix, str):
            raise TypeError(f"key_prefix must be a str, got {type(key_prefix).__name__}")
        if ttl is not None and (isinstance(ttl, bool) or not isinstance(ttl, int) or ttl <= 0):
            raise ValueError(f"ttl must be a positive number of seconds or None, got {ttl!r}")
        self.session_id = session_id
        self.session_settings = (
            coerce_session_settings(session_settings)
            if session_settings is not None
            else SessionSettings()
        )
        self._redis = redis_client
        self._key_prefix = key_prefix
        self._ttl = ttl
        self._owns_client = False
        self._closed = False
        self._session_key = f"{key_prefix}:{session_id}"
        self._messages_key = f"{self._session_key}:messages"
        # Written by earlier upstream versions; expired and deleted together with the others.
        self._counter_key = f"{self._session_key}:counter"
        self._append = redis_client.register_script(_APPEND)

    @classmethod
    def from_url(
        cls,
        session_id: str,
        *,
        url: str,
        redis_kwargs: dict[str, Any] | None = None,
        session_settings: SessionSettings | dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> RedisSession:
        """Make a session with its own client for `url` (e.g. "redis://localhost:6379/0").

        `redis_kwargs` go to `redis.asyncio.from_url`; other keyword arguments (`key_prefix`,
        `ttl`) to the constructor. The session owns the client: `close()` closes it.
        """
        client = redis.from_url(url, **(redis_kwargs or {}))
        session = cls(session_id, redis_client=client, session_settings=session_settings, **kwargs)
        session._owns_client = True
        return session

    def _check_not_closed(self) -> None:
        if self._closed:
            raise RuntimeError("RedisSession is closed")

    async def get_items(self, limit: int | None = None) -> list[TResponseInputItem]:
        """Return the history, or its latest `limit` items, oldest first.

        Without `limit`, `session_settings.limit` applies. Corrupt entries are not counted.
        """
        self._check_not_closed()
        effective = resolve_session_limit(limit, self.session_settings)
        if effective == 0:
            return []
        if effective is None or effective < 0:
            raw = await self._redis.lrange(self._messages_key, 0, -1)
            return [item for entry in raw if (item := _decode(entry)) is not _CORRUPT]
        window = effective
        while True:
            raw = await self._redis.lrange(self._messages_key, -window, -1)
            items = [item for entry in raw if (item := _decode(entry)) is not _CORRUPT]
            if len(items) >= effective or len(raw) < window:
                return items[-effective:]
            window *= 2

    async def add_items(self, items: list[TResponseInputItem]) -> None:
        """Append `items` atomically: all of them, contiguous, or none.

        Raises TypeError, before writing anything, if an item is not JSON-serializable.
        """
        self._check_not_closed()
        encoded = _encode_items(items, _compact_json)
        if not encoded:
            return
        ttl_ms = "" if self._ttl is None else str(self._ttl * 1000)
        await self._append(
            keys=[self._session_key, self._messages_key, self._counter_key],
            args=[self.session_id, ttl_ms, *encoded],
        )

    async def pop_item(self) -> TResponseInputItem | None:
        """Remove and return the newest item (dropping corrupt entries on the way), or None."""
        self._check_not_closed()
        while True:
            raw = await self._redis.rpop(self._messages_key)
            if raw is None:
                return None
            item = _decode(raw)
            if item is not _CORRUPT:
                return cast("TResponseInputItem", item)

    async def clear_session(self) -> None:
        """Delete the session's keys (history and metadata) in one command."""
        self._check_not_closed()
        await self._redis.delete(self._session_key, self._messages_key, self._counter_key)

    async def ping(self) -> bool:
        """Tell whether the Redis server answers."""
        self._check_not_closed()
        try:
            await self._redis.ping()
        except Exception:
            return False
        return True

    async def close(self) -> None:
        """Close the client if this session made it (`from_url`); later calls then raise.

        A client passed in by the caller is left open: its owner closes it.
        """
        if not self._owns_client or self._closed:
            return
        self._closed = True
        await self._redis.aclose()

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(session_id={self.session_id!r}, "
            f"key_prefix={self._key_prefix!r}, ttl={self._ttl!r})"
        )
