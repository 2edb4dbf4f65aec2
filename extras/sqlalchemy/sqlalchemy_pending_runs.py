"""A claim-once store of paused runs in any SQLAlchemy database, e.g. PostgreSQL (see
`agentkit.memory.pending_runs`). Each transition is one conditional UPDATE/DELETE, so a
claim is atomic across processes and hosts."""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import Column, Float, MetaData, String, Table, Text, delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from ..memory.pending_runs import (
    PendingRun,
    PendingRunAlreadyClaimedError,
    PendingRunError,
    PendingRunExistsError,
    _claim_failure,
    _not_owner,
    check_ids,
)


class SQLAlchemyPendingRunStore:
    """Paused runs in the table `table` (created with `create_tables=True`)."""

    def __init__(
        self, engine: AsyncEngine, *, table: str = "agent_pending_runs", create_tables: bool = False
    ) -> None:
        self.engine = engine
        self._metadata = MetaData()
        self._table = Table(
            table,
            self._metadata,
            Column("run_id", String(255), primary_key=True),
            Column("snapshot", Text, nullable=False),
            Column("status", String(16), nullable=False),
            Column("owner", String(255), nullable=True),
            Column("updated_at", Float, nullable=False),
        )
        self._create_tables = create_tables
        self._created = False

    @classmethod
    def from_url(
        cls, url: str, *, engine_kwargs: dict[str, Any] | None = None, **kwargs: Any
    ) -> SQLAlchemyPendingRunStore:
        return cls(create_async_engine(url, **(engine_kwargs or {})), **kwargs)

    async def _ready(self) -> None:
        if self._create_tables and not self._created:
            async with self.engine.begin() as conn:
                await conn.run_sync(self._metadata.create_all)
            self._created = True

    async def _count(self, statement: Any) -> int:
        await self._ready()
        async with self.engine.begin() as conn:
            return int((await conn.execute(statement)).rowcount)

    async def save(
        self, run_id: str, snapshot: str, *, replace: bool = False, owner: str | None = None
    ) -> None:
        check_ids(run_id, owner)
        if not isinstance(snapshot, str):
            raise PendingRunError("snapshot must be a str (RunState.to_string()).")
        t = self._table
        if replace:
            statement = (
                update(t)
                .where(t.c.run_id == run_id, t.c.status == "claimed", t.c.owner == owner)
                .values(snapshot=snapshot, status="pending", owner=None, updated_at=time.time())
            )
            if await self._count(statement) != 1:
                raise PendingRunAlreadyClaimedError(
                    f"Run {run_id!r} is not claimed by {owner!r}; only its owner may replace it."
                )
            return
        await self._ready()
        try:
            async with self.engine.begin() as conn:
                await conn.execute(
                    t.insert().values(
                        run_id=run_id,
                        snapshot=snapshot,
                        status="pending",
                        owner=None,
                        updated_at=time.time(),
                    )
                )
        except IntegrityError:
            raise PendingRunExistsError(
                f"A paused run is already stored under {run_id!r}."
            ) from None

    async def claim(self, run_id: str, owner: str) -> PendingRun:
        check_ids(run_id, owner)
        t = self._table
        statement = (
            update(t)
            .where(t.c.run_id == run_id, t.c.status == "pending")
            .values(status="claimed", owner=owner, updated_at=time.time())
        )
        if await self._count(statement) == 1:
            run = await self.get(run_id)
            if run is not None and run.owner == owner:
                return run
        return _claim_failure(run_id, await self.get(run_id))

    async def complete(self, run_id: str, owner: str) -> None:
        check_ids(run_id, owner)
        t = self._table
        statement = delete(t).where(
            t.c.run_id == run_id, t.c.status == "claimed", t.c.owner == owner
        )
        if await self._count(statement) != 1:
            _not_owner(run_id, owner, await self.get(run_id))

    async def release(self, run_id: str, owner: str | None = None) -> None:
        check_ids(run_id, owner)
        t = self._table
        conditions = [t.c.run_id == run_id, t.c.status == "claimed"]
        if owner is not None:
            conditions.append(t.c.owner == owner)
        statement = (
            update(t)
            .where(*conditions)
            .values(status="pending", owner=None, updated_at=time.time())
        )
        if await self._count(statement) != 1:
            _not_owner(run_id, owner, await self.get(run_id))

    async def get(self, run_id: str) -> PendingRun | None:
        check_ids(run_id)
        await self._ready()
        t = self._table
        async with self.engine.connect() as conn:
            row = (await conn.execute(select(t).where(t.c.run_id == run_id))).first()
        if row is None:
            return None
        return PendingRun(
            run_id=row.run_id,
            snapshot=row.snapshot,
            status="claimed" if row.status == "claimed" else "pending",
            owner=row.owner,
            updated_at=row.updated_at,
        )
