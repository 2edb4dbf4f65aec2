"""A claim-once store of paused runs in Redis (see `agentkit.memory.pending_runs`).

Every transition is one Lua script, so a claim is atomic across processes and hosts.
"""

from __future__ import annotations

import time
from typing import Any

from ..memory.pending_runs import (
    PendingRun,
    PendingRunAlreadyClaimedError,
    PendingRunError,
    PendingRunExistsError,
    _claim_failure,
    _not_owner,
    check_ids,
)

_SAVE = """
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'snapshot', ARGV[1], 'status', 'pending', 'owner', '', 'updated_at', ARGV[2])
return 1
"""
_REPLACE = """
if redis.call('HGET', KEYS[1], 'status') ~= 'claimed' then return 0 end
if redis.call('HGET', KEYS[1], 'owner') ~= ARGV[3] then return 0 end
redis.call('HSET', KEYS[1], 'snapshot', ARGV[1], 'status', 'pending', 'owner', '', 'updated_at', ARGV[2])
return 1
"""
_CLAIM = """
if redis.call('HGET', KEYS[1], 'status') ~= 'pending' then return 0 end
redis.call('HSET', KEYS[1], 'status', 'claimed', 'owner', ARGV[1], 'updated_at', ARGV[2])
return 1
"""
_COMPLETE = """
if redis.call('HGET', KEYS[1], 'status') ~= 'claimed' then return 0 end
if redis.call('HGET', KEYS[1], 'owner') ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
return 1
"""
_RELEASE = """
if redis.call('HGET', KEYS[1], 'status') ~= 'claimed' then return 0 end
if ARGV[1] ~= '' and redis.call('HGET', KEYS[1], 'owner') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'status', 'pending', 'owner', '', 'updated_at', ARGV[2])
return 1
"""


class RedisPendingRunStore:
    """Paused runs as Redis hashes under `key_prefix`."""

    def __init__(self, redis_client: Any, *, key_prefix: str = "agents:pending_run") -> None:
        self._redis = redis_client
        self._prefix = key_prefix
        self._scripts = {
            name: redis_client.register_script(body)
            for name, body in {
                "save": _SAVE,
                "replace": _REPLACE,
                "claim": _CLAIM,
                "complete": _COMPLETE,
                "release": _RELEASE,
            }.items()
        }

    @classmethod
    def from_url(cls, url: str, **kwargs: Any) -> RedisPendingRunStore:
        import redis.asyncio as redis

        return cls(redis.from_url(url), **kwargs)

    async def close(self) -> None:
        await self._redis.aclose()

    def _key(self, run_id: str) -> str:
        return f"{self._prefix}:{run_id}"

    async def _run(self, name: str, run_id: str, *args: str) -> int:
        return int(await self._scripts[name](keys=[self._key(run_id)], args=list(args)))

    async def save(
        self, run_id: str, snapshot: str, *, replace: bool = False, owner: str | None = None
    ) -> None:
        check_ids(run_id, owner)
        if not isinstance(snapshot, str):
            raise PendingRunError("snapshot must be a str (RunState.to_string()).")
        now = repr(time.time())
        if replace:
            if await self._run("replace", run_id, snapshot, now, owner or "") != 1:
                raise PendingRunAlreadyClaimedError(
                    f"Run {run_id!r} is not claimed by {owner!r}; only its owner may replace it."
                )
            return
        if await self._run("save", run_id, snapshot, now) != 1:
            raise PendingRunExistsError(f"A paused run is already stored under {run_id!r}.")

    async def claim(self, run_id: str, owner: str) -> PendingRun:
        check_ids(run_id, owner)
        if await self._run("claim", run_id, owner, repr(time.time())) == 1:
            run = await self.get(run_id)
            if run is not None and run.owner == owner:
                return run
        return _claim_failure(run_id, await self.get(run_id))

    async def complete(self, run_id: str, owner: str) -> None:
        check_ids(run_id, owner)
        if await self._run("complete", run_id, owner) != 1:
            _not_owner(run_id, owner, await self.get(run_id))

    async def release(self, run_id: str, owner: str | None = None) -> None:
        check_ids(run_id, owner)
        if await self._run("release", run_id, owner or "", repr(time.time())) != 1:
            _not_owner(run_id, owner, await self.get(run_id))

    async def get(self, run_id: str) -> PendingRun | None:
        check_ids(run_id)
        data = await self._redis.hgetall(self._key(run_id))
        if not data:
            return None
        text = {
            k.decode() if isinstance(k, bytes) else k: v.decode() if isinstance(v, bytes) else v
            for k, v in data.items()
        }
        return PendingRun(
            run_id=run_id,
            snapshot=text["snapshot"],
            status="claimed" if text["status"] == "claimed" else "pending",
            owner=text["owner"] or None,
            updated_at=float(text["updated_at"]),
        )
