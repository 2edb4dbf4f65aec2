"""A claim-once store for paused runs: save a `RunState` snapshot under an id, and let exactly
one resumer claim it.

The server-side approval pattern: when a run pauses, save `state.to_string(signing_key=...)`
under a run id and show the reviewer the interruptions. When the (authenticated) reviewer
decides, `claim()` the run (only one request can), restore it with `RunState.from_string(...,
signing_key=...)`, check every decision names one of the stored interruptions, resume, then
`complete()` it, or `save(..., replace=True)` the new snapshot if it paused again. Never accept a
state from the client. A resumer that crashed between claim and completion leaves the run
claimed; `release()` puts it back (for example after a timeout you choose).

`SQLitePendingRunStore` is here; PostgreSQL (`agentkit.sqlalchemy.SQLAlchemyPendingRunStore`) and
Redis (`agentkit.redis.RedisPendingRunStore`) have the same interface and guarantees.
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
import time
from pathlib import Path
from typing import Literal, Protocol

from ..exceptions import UserError
from ..util._dataclass import dataclass

PendingRunStatus = Literal["pending", "claimed"]


class PendingRunError(UserError):
    """A pending-run store operation that cannot be done."""


class PendingRunNotFoundError(PendingRunError):
    """No paused run is stored under this id (never saved, or already completed)."""


class PendingRunAlreadyClaimedError(PendingRunError):
    """Another resumer claimed this run first (or owns the claim you tried to use)."""


class PendingRunExistsError(PendingRunError):
    """A run is already stored under this id (pass `replace=True` to overwrite a claim)."""


@dataclass(frozen=True)
class PendingRun:
    """A stored paused run."""

    run_id: str
    snapshot: str
    status: PendingRunStatus
    owner: str | None
    updated_at: float


class PendingRunStore(Protocol):
    """What every pending-run store offers."""

    async def save(
        self, run_id: str, snapshot: str, *, replace: bool = False, owner: str | None = None
    ) -> None: ...

    async def claim(self, run_id: str, owner: str) -> PendingRun: ...

    async def complete(self, run_id: str, owner: str) -> None: ...

    async def release(self, run_id: str, owner: str | None = None) -> None: ...

    async def get(self, run_id: str) -> PendingRun | None: ...


def check_ids(run_id: str, owner: str | None = None) -> None:
    if not isinstance(run_id, str) or not run_id:
        raise PendingRunError("run_id must be a non-empty string.")
    if owner is not None and (not isinstance(owner, str) or not owner):
        raise PendingRunError("owner must be a non-empty string.")


class SQLitePendingRunStore:
    """Paused runs in a SQLite file (or memory); claims are atomic across processes sharing
    the file."""

    def __init__(self, db_path: str | Path = ":memory:", *, table: str = "agent_pending_runs"):
        if not table.replace("_", "").isalnum():
            raise PendingRunError(f"Invalid table name {table!r}.")
        self._path = str(db_path)
        self._table = table
        self._lock = threading.Lock()
        self._conn = sqlite3.connect(
            self._path, check_same_thread=False, timeout=30, isolation_level=None
        )
        if self._path != ":memory:":
            self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute(
            f"CREATE TABLE IF NOT EXISTS {table} (run_id TEXT PRIMARY KEY, snapshot TEXT NOT NULL,"
            " status TEXT NOT NULL, owner TEXT, updated_at REAL NOT NULL)"
        )

    def close(self) -> None:
        self._conn.close()

    def _write(self, sql: str, params: tuple[object, ...]) -> int:
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                count = self._conn.execute(sql, params).rowcount
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")
            return count

    def _get(self, run_id: str) -> PendingRun | None:
        with self._lock:
            row = self._conn.execute(
                f"SELECT run_id, snapshot, status, owner, updated_at FROM {self._table} "
                "WHERE run_id = ?",
                (run_id,),
            ).fetchone()
        return PendingRun(*row) if row is not None else None

    async def save(
        self, run_id: str, snapshot: str, *, replace: bool = False, owner: str | None = None
    ) -> None:
        """Store a paused run as pending. `replace=True` overwrites the run `owner` claimed
        (it paused again); without it an existing id is an error."""
        check_ids(run_id, owner)
        if not isinstance(snapshot, str):
            raise PendingRunError("snapshot must be a str (RunState.to_string()).")
        if replace:
            sql = (
                f"UPDATE {self._table} SET snapshot = ?, status = 'pending', owner = NULL, "
                "updated_at = ? WHERE run_id = ? AND status = 'claimed' AND owner = ?"
            )
            count = await asyncio.to_thread(
                self._write, sql, (snapshot, time.time(), run_id, owner)
            )
            if count != 1:
                raise PendingRunAlreadyClaimedError(
                    f"Run {run_id!r} is not claimed by {owner!r}; only its owner may replace it."
                )
            return
        sql = (
            f"INSERT OR IGNORE INTO {self._table} (run_id, snapshot, status, owner, updated_at) "
            "VALUES (?, ?, 'pending', NULL, ?)"
        )
        if await asyncio.to_thread(self._write, sql, (run_id, snapshot, time.time())) != 1:
            raise PendingRunExistsError(f"A paused run is already stored under {run_id!r}.")

    async def claim(self, run_id: str, owner: str) -> PendingRun:
        """Take the run for `owner`; exactly one concurrent caller succeeds."""
        check_ids(run_id, owner)
        sql = (
            f"UPDATE {self._table} SET status = 'claimed', owner = ?, updated_at = ? "
            "WHERE run_id = ? AND status = 'pending'"
        )
        if await asyncio.to_thread(self._write, sql, (owner, time.time(), run_id)) == 1:
            run = await asyncio.to_thread(self._get, run_id)
            if run is not None and run.owner == owner:
                return run
        return _claim_failure(run_id, await asyncio.to_thread(self._get, run_id))

    async def complete(self, run_id: str, owner: str) -> None:
        """The resume finished: forget the run (only its owner may)."""
        check_ids(run_id, owner)
        sql = f"DELETE FROM {self._table} WHERE run_id = ? AND status = 'claimed' AND owner = ?"
        if await asyncio.to_thread(self._write, sql, (run_id, owner)) != 1:
            _not_owner(run_id, owner, await asyncio.to_thread(self._get, run_id))

    async def release(self, run_id: str, owner: str | None = None) -> None:
        """Put a claimed run back to pending: by its owner, or (owner=None) by an operator
        recovering from a crashed resumer."""
        check_ids(run_id, owner)
        sql = (
            f"UPDATE {self._table} SET status = 'pending', owner = NULL, updated_at = ? "
            "WHERE run_id = ? AND status = 'claimed' AND (? IS NULL OR owner = ?)"
        )
        count = await asyncio.to_thread(self._write, sql, (time.time(), run_id, owner, owner))
        if count != 1:
            _not_owner(run_id, owner, await asyncio.to_thread(self._get, run_id))

    async def get(self, run_id: str) -> PendingRun | None:
        check_ids(run_id)
        return await asyncio.to_thread(self._get, run_id)


def _claim_failure(run_id: str, run: PendingRun | None) -> PendingRun:
    if run is None:
        raise PendingRunNotFoundError(f"No paused run is stored under {run_id!r}.")
    raise PendingRunAlreadyClaimedError(
        f"Run {run_id!r} was already claimed by another resumer; reload it and show the result "
        "instead of resuming twice."
    )


def _not_owner(run_id: str, owner: str | None, run: PendingRun | None) -> None:
    if run is None:
        raise PendingRunNotFoundError(f"No paused run is stored under {run_id!r}.")
    if run.status != "claimed":
        raise PendingRunError(f"Run {run_id!r} is not claimed.")
    raise PendingRunAlreadyClaimedError(
        f"Run {run_id!r} is claimed by another owner, not {owner!r}."
    )
