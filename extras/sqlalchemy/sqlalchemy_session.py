"""Conversation history in a SQL database through SQLAlchemy's asyncio engine.

    session = SQLAlchemySession.from_url(
        "user-123", url="postgresql+asyncpg://app:secret@db/agents", create_tables=True
    )
    await Runner.run(agent, "Hello", session=session)

The tables are those of upstream's `SQLAlchemySession` (and the columns of `SQLiteSession`), so
a database written by either is read by the other.
"""

from __future__ import annotations

import asyncio
import json
import random
import time
import weakref
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any, TypeVar, cast

from sqlalchemy import (
    TIMESTAMP,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    delete,
    event,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine
from sqlalchemy.pool import StaticPool

from ..memory.session import SessionABC, _CompactionSnapshot
from ..memory.session_settings import (
    SessionSettings,
    coerce_session_settings,
    resolve_session_limit,
)
from ..memory.util import _encode_items

if TYPE_CHECKING:
    from sqlalchemy.sql.dml import Insert

    from ..items import TResponseInputItem

_T = TypeVar("_T")

_SQLITE_BUSY_TIMEOUT_MS = 5000
# A write that still finds SQLite locked after the busy timeout is retried until this deadline.
_SQLITE_RETRY_DEADLINE_SECONDS = 60.0

# Engines whose pool hands every caller the same DBAPI connection (aiosqlite's ":memory:") can
# run only one transaction at a time: a lock per (engine, event loop) serializes their users.
_shared_connection_locks: weakref.WeakKeyDictionary[
    Any, weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock]
] = weakref.WeakKeyDictionary()
_configured_sqlite_engines: weakref.WeakSet[Any] = weakref.WeakSet()
# The (sessions, messages) table pairs created per engine; each is created once per process.
_created_tables: weakref.WeakKeyDictionary[Any, set[tuple[str, str]]] = weakref.WeakKeyDictionary()


def _configure_sqlite(engine: AsyncEngine) -> None:
    """Give every new SQLite connection a busy timeout and, for files, WAL mode."""
    sync_engine = engine.sync_engine
    if engine.dialect.name != "sqlite" or sync_engine in _configured_sqlite_engines:
        return
    _configured_sqlite_engines.add(sync_engine)
    in_memory = engine.url.database in (None, "", ":memory:")

    @event.listens_for(sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {_SQLITE_BUSY_TIMEOUT_MS}")
            if not in_memory:
                cursor.execute("PRAGMA journal_mode = WAL")
        finally:
            cursor.close()


def _is_sqlite_busy(exc: OperationalError) -> bool:
    message = str(exc).lower()
    return "database is locked" in message or "database is busy" in message


def _tables(metadata: MetaData, sessions_table: str, messages_table: str) -> tuple[Table, Table]:
    """The sessions table and the messages table (with its index), in `metadata`."""
    sessions = Table(
        sessions_table,
        metadata,
        Column("session_id", String, primary_key=True),
        Column(
            "created_at",
            TIMESTAMP(timezone=False),
            server_default=text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        Column(
            "updated_at",
            TIMESTAMP(timezone=False),
            server_default=text("CURRENT_TIMESTAMP"),
            onupdate=text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
    )
    messages = Table(
        messages_table,
        metadata,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column(
            "session_id",
            String,
            ForeignKey(f"{sessions_table}.session_id", ondelete="CASCADE"),
            nullable=False,
        ),
        Column("message_data", Text, nullable=False),
        Column(
            "created_at",
            TIMESTAMP(timezone=False),
            server_default=text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        Index(f"idx_{messages_table}_session_time", "session_id", "created_at"),
        sqlite_autoincrement=True,
    )
    return sessions, messages


class SQLAlchemySession(SessionABC):
    """Conversation history in the tables `sessions_table` and `messages_table` of an async engine.

    Any async driver works (`postgresql+asyncpg`, `sqlite+aiosqlite`, ...).
    Every write is one transaction that first locks the session's row, so writers in any number
    of processes take turns per session: no item is lost or interleaved, and a failed
    `add_items` stores nothing. Items are ordered by their row id.
    """

    session_settings: SessionSettings | None = None

    def __init__(
        self,
        session_id: str,
        *,
        engine: AsyncEngine,
        create_tables: bool = False,
        sessions_table: str = "agent_sessions",
        messages_table: str = "agent_messages",
        session_settings: SessionSettings | dict[str, Any] | None = None,
        ensure_ascii: bool = True,
    ) -> None:
        """Keep the history of `session_id` in the database behind `engine`.

        Args:
            engine: an `AsyncEngine` (async driver); the caller keeps owning and disposing it.
            create_tables: create the tables and index on first use if missing (handy in
                development; use migrations in production).
            session_settings: defaults for reads, e.g. `SessionSettings(limit=50)`.
            ensure_ascii: escape non-ASCII characters in the stored JSON, as upstream does.
        """
        if not isinstance(session_id, str):
            raise TypeError(f"session_id must be a str, got {type(session_id).__name__}")
        if not isinstance(engine, AsyncEngine):
            raise TypeError(
                "engine must be a sqlalchemy.ext.asyncio.AsyncEngine (make one with "
                f"create_async_engine and an async driver), got {type(engine).__name__}"
            )
        for name, value in (("sessions_table", sessions_table), ("messages_table", messages_table)):
            if not isinstance(value, str) or not value:
                raise ValueError(f"{name} must be a non-empty table name, got {value!r}")
        self.session_id = session_id
        self.session_settings = (
            coerce_session_settings(session_settings)
            if session_settings is not None
            else SessionSettings()
        )
        self._engine = engine
        self._create_tables = create_tables
        self._ensure_ascii = ensure_ascii
        self.sessions_table = sessions_table
        self.messages_table = messages_table
        _configure_sqlite(engine)
        self._shared_connection = isinstance(engine.pool, StaticPool)
        # Calls that change this session run one at a time, in the order they were made.
        self._write_lock = asyncio.Lock()

        self._metadata = MetaData()
        self._sessions, self._messages = _tables(self._metadata, sessions_table, messages_table)

    @classmethod
    def from_url(
        cls,
        session_id: str,
        *,
        url: str,
        engine_kwargs: dict[str, Any] | None = None,
        session_settings: SessionSettings | dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> SQLAlchemySession:
        """Make a session on a new engine for `url` (an async URL such as "sqlite+aiosqlite://").

        `engine_kwargs` go to `create_async_engine`; other keyword arguments (`create_tables`,
        table names, ...) go to the constructor. Dispose of `session.engine` when done.
        """
        engine = create_async_engine(url, **(engine_kwargs or {}))
        return cls(session_id, engine=engine, session_settings=session_settings, **kwargs)

    @property
    def engine(self) -> AsyncEngine:
        """The engine behind this session, e.g. to inspect its pool or dispose of it."""
        return self._engine

    # -- plumbing -------------------------------------------------------------------------------

    def _serialize(self, item: TResponseInputItem) -> str:
        return json.dumps(item, ensure_ascii=self._ensure_ascii, separators=(",", ":"))

    @asynccontextmanager
    async def _connection_turn(self) -> AsyncIterator[None]:
        """Hold the engine's shared connection, when its pool has only one, for one transaction."""
        if not self._shared_connection:
            yield
            return
        per_loop = _shared_connection_locks.setdefault(
            self._engine.sync_engine, weakref.WeakKeyDictionary()
        )
        lock = per_loop.setdefault(asyncio.get_running_loop(), asyncio.Lock())
        async with lock:
            yield

    async def _ensure_tables(self) -> None:
        if not self._create_tables:
            return
        names = (self.sessions_table, self.messages_table)
        done = _created_tables.setdefault(self._engine.sync_engine, set())
        if names in done:
            return
        for attempt in range(3):
            try:
                async with self._connection_turn(), self._engine.begin() as conn:
                    await conn.run_sync(self._metadata.create_all)
                break
            except (IntegrityError, ProgrammingError, OperationalError):
                # Another task or process created the same tables between the existence check
                # and the CREATE: the next attempt finds them.
                if attempt == 2:
                    raise
                await asyncio.sleep(0.05 * (attempt + 1))
        done.add(names)

    async def _transaction(self, body: Callable[[AsyncConnection], Awaitable[_T]]) -> _T:
        """Run `body` in one transaction, retried while SQLite reports a lock held elsewhere."""
        await self._ensure_tables()
        deadline = time.monotonic() + _SQLITE_RETRY_DEADLINE_SECONDS
        delay = 0.01
        while True:
            try:
                async with self._connection_turn(), self._engine.begin() as conn:
                    return await body(conn)
            except OperationalError as exc:
                if (
                    self._engine.dialect.name != "sqlite"
                    or not _is_sqlite_busy(exc)
                    or time.monotonic() >= deadline
                ):
                    raise
            await asyncio.sleep(delay * (0.5 + random.random()))
            delay = min(delay * 2, 0.5)

    def _insert_session_if_missing(self) -> Insert:
        """An INSERT of this session's row that does nothing if the row exists, where supported."""
        dialect = self._engine.dialect.name
        if dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert as pg_insert

            return (
                pg_insert(self._sessions)
                .values(session_id=self.session_id)
                .on_conflict_do_nothing()
            )
        if dialect == "sqlite":
            from sqlalchemy.dialects.sqlite import insert as sqlite_insert

            return (
                sqlite_insert(self._sessions)
                .values(session_id=self.session_id)
                .on_conflict_do_nothing()
            )
        statement = insert(self._sessions).values(session_id=self.session_id)
        if dialect in ("mysql", "mariadb"):
            return statement.prefix_with("IGNORE")
        return statement

    async def _lock_session(self, conn: AsyncConnection, *, create: bool) -> bool:
        """Lock this session's row until the transaction ends (creating it when `create`).

        Touching `updated_at` takes the row lock (and SQLite's write lock), so every mutation of
        one session waits for the previous one to commit. Returns whether the row exists.
        """
        touch = (
            update(self._sessions)
            .where(self._sessions.c.session_id == self.session_id)
            .values(updated_at=text("CURRENT_TIMESTAMP"))
        )
        if create:
            dialect = self._engine.dialect.name
            if dialect in ("postgresql", "sqlite", "mysql", "mariadb"):
                await conn.execute(self._insert_session_if_missing())
            else:
                exists = await conn.execute(
                    select(self._sessions.c.session_id).where(
                        self._sessions.c.session_id == self.session_id
                    )
                )
                if exists.first() is None:
                    try:
                        async with conn.begin_nested():
                            await conn.execute(self._insert_session_if_missing())
                    except IntegrityError:
                        pass  # created concurrently: the update below waits for that writer
        result = await conn.execute(touch)
        return bool(result.rowcount)

    # -- the Session API ------------------------------------------------------------------------

    async def get_items(self, limit: int | None = None) -> list[TResponseInputItem]:
        """Return the history, or its latest `limit` items, oldest first.

        Without `limit`, `session_settings.limit` applies. Rows that are not valid JSON are
        skipped and not counted.
        """
        effective = resolve_session_limit(limit, self.session_settings)
        if effective == 0:
            return []
        messages = self._messages
        mine = select(messages.c.message_data).where(messages.c.session_id == self.session_id)

        async def read(conn: AsyncConnection) -> list[TResponseInputItem]:
            if effective is None or effective < 0:
                result = await conn.execute(mine.order_by(messages.c.id.asc()))
                return _decode_all(row[0] for row in result)
            window = effective
            while True:
                rows = (await conn.execute(mine.order_by(messages.c.id.desc()).limit(window))).all()
                items = _decode_all(row[0] for row in reversed(rows))
                if len(items) >= effective or len(rows) < window:
                    return items[-effective:]
                window *= 2

        return await self._transaction(read)

    async def add_items(self, items: list[TResponseInputItem]) -> None:
        """Append `items` in one transaction: either all of them are stored or none.

        Raises TypeError, before writing anything, if an item is not JSON-serializable.
        """
        encoded = _encode_items(items, self._serialize)
        if not encoded:
            return
        rows = [{"session_id": self.session_id, "message_data": data} for data in encoded]

        async def write(conn: AsyncConnection) -> None:
            await self._lock_session(conn, create=True)
            await conn.execute(insert(self._messages), rows)

        async with self._write_lock:
            await _settle(self._transaction(write))

    async def pop_item(self) -> TResponseInputItem | None:
        """Remove and return the newest item (dropping corrupt rows on the way), or None."""
        messages = self._messages

        async def pop(conn: AsyncConnection) -> TResponseInputItem | None:
            if not await self._lock_session(conn, create=False):
                return None
            while True:
                row = (
                    await conn.execute(
                        select(messages.c.id, messages.c.message_data)
                        .where(messages.c.session_id == self.session_id)
                        .order_by(messages.c.id.desc())
                        .limit(1)
                    )
                ).first()
                if row is None:
                    return None
                await conn.execute(delete(messages).where(messages.c.id == row[0]))
                item = _decode(row[1])
                if item is not _CORRUPT:
                    return cast("TResponseInputItem", item)

        async with self._write_lock:
            return await _settle(self._transaction(pop))

    async def clear_session(self) -> None:
        """Delete every item of this session and its row in the sessions table."""

        async def clear(conn: AsyncConnection) -> None:
            await self._lock_session(conn, create=False)
            await conn.execute(
                delete(self._messages).where(self._messages.c.session_id == self.session_id)
            )
            await conn.execute(
                delete(self._sessions).where(self._sessions.c.session_id == self.session_id)
            )

        async with self._write_lock:
            await _settle(self._transaction(clear))

    async def _get_compaction_snapshot(self, limit: int) -> _CompactionSnapshot | None:
        """The latest `limit` items with an atomic replacement of a suffix of them, for automatic
        compaction; None for subclasses (which may transform items) and unreadable rows."""
        if type(self) is not SQLAlchemySession:
            return None
        messages = self._messages
        tail = (
            select(messages.c.id, messages.c.message_data)
            .where(messages.c.session_id == self.session_id)
            .order_by(messages.c.id.desc())
        )

        async def read(conn: AsyncConnection) -> list[tuple[int, str]]:
            result = await conn.execute(tail.limit(limit + 1))
            return [(int(row[0]), row[1]) for row in result]

        fetched = await self._transaction(read)
        rows = fetched[:limit][::-1]
        items = [_decode(data) for _, data in rows]
        if any(item is _CORRUPT for item in items):
            return None

        async def replace_suffix(start: int, output: list[TResponseInputItem]) -> bool:
            expected = rows[start:]
            if not expected:
                return False
            payload = [
                {"session_id": self.session_id, "message_data": data}
                for data in _encode_items(output, self._serialize)
            ]

            async def replace(conn: AsyncConnection) -> bool:
                if not await self._lock_session(conn, create=False):
                    return False
                current = await conn.execute(tail.limit(len(expected)))
                if [(int(row[0]), row[1]) for row in current][::-1] != expected:
                    return False
                await conn.execute(
                    delete(messages).where(
                        messages.c.session_id == self.session_id,
                        messages.c.id >= expected[0][0],
                    )
                )
                if payload:
                    await conn.execute(insert(messages), payload)
                return True

            async with self._write_lock:
                return await _settle(self._transaction(replace))

        return _CompactionSnapshot(
            cast("list[TResponseInputItem]", items), len(fetched) <= limit, replace_suffix
        )

    def __repr__(self) -> str:
        url = self._engine.url.render_as_string(hide_password=True)
        return f"{type(self).__name__}(session_id={self.session_id!r}, url={url!r})"


_CORRUPT = object()


def _decode(data: Any) -> Any:
    try:
        return json.loads(data)
    except (json.JSONDecodeError, TypeError):
        return _CORRUPT


def _decode_all(rows: Any) -> list[Any]:
    return [item for data in rows if (item := _decode(data)) is not _CORRUPT]


async def _settle(operation: Awaitable[_T]) -> _T:
    """Await a database mutation; if the caller is cancelled, let it finish before re-raising.

    A transaction cancelled half-way may or may not have committed; waiting keeps the outcome
    settled (and the connection usable) before the cancellation propagates.
    """
    task = asyncio.ensure_future(operation)
    try:
        return await asyncio.shield(task)
    except asyncio.CancelledError:
        while not task.done():
            try:
                await asyncio.wait({task})
            except asyncio.CancelledError:
                continue
        if not task.cancelled():
            task.exception()  # retrieved: the caller sees its cancellation instead
        raise
