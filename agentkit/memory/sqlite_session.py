"""Conversation history in SQLite, with the same tables as the upstream SDK's `SQLiteSession`."""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import json
import os
import random
import re
import sqlite3
import threading
import time
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

from .session import SessionABC, _CompactionSnapshot
from .session_settings import SessionSettings, coerce_session_settings, resolve_session_limit
from .util import _encode_items

if TYPE_CHECKING:
    from ..items import TResponseInputItem

_T = TypeVar("_T")

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,127}")
# SQLite's own busy handler waits this long for a lock before reporting SQLITE_BUSY ...
_BUSY_TIMEOUT_SECONDS = 5.0
# ... and a whole transaction is retried from scratch on SQLITE_BUSY until this much time passed.
_RETRY_DEADLINE_SECONDS = 60.0
_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6


def _check_identifier(name: str, what: str) -> str:
    """Return `name` if it is a plain SQL identifier; table names are spliced into SQL text."""
    if not isinstance(name, str) or _IDENTIFIER.fullmatch(name) is None:
        raise ValueError(
            f"{what} must be a plain SQL identifier (a letter or '_' followed by up to 127 "
            f"letters, digits or '_'), got {name!r}"
        )
    return name


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    """Tell whether an error means another connection holds a lock we need (worth retrying)."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (_SQLITE_BUSY, _SQLITE_LOCKED)
    message = str(exc).lower()
    return "locked" in message or "busy" in message


def _retry_busy(operation: Callable[[], _T]) -> _T:
    """Run `operation`, repeating it with jittered backoff while SQLite reports a busy lock."""
    deadline = time.monotonic() + _RETRY_DEADLINE_SECONDS
    delay = 0.002
    while True:
        try:
            return operation()
        except sqlite3.OperationalError as exc:
            if not _is_busy(exc) or time.monotonic() >= deadline:
                raise
        time.sleep(delay * (0.5 + random.random()))
        delay = min(delay * 2, 0.1)


class _FileLock:
    """A process-wide lock shared by every session that writes to one database file."""

    __slots__ = ("__weakref__", "lock")

    def __init__(self) -> None:
        self.lock = threading.Lock()


_file_locks: weakref.WeakValueDictionary[str, _FileLock] = weakref.WeakValueDictionary()
_file_locks_pid = os.getpid()
_file_locks_guard = threading.Lock()


def _file_lock_for(path: str) -> _FileLock:
    """Return the lock of `path`, dropping locks inherited from a parent process by fork."""
    global _file_locks, _file_locks_pid
    with _file_locks_guard:
        if _file_locks_pid != os.getpid():
            _file_locks = weakref.WeakValueDictionary()
            _file_locks_pid = os.getpid()
        lock = _file_locks.get(path)
        if lock is None:
            lock = _FileLock()
            _file_locks[path] = lock
        return lock


# Connections a forked child inherited from its parent: never closed or freed by the child (closing
# one could checkpoint or remove the parent's WAL files), so they are kept referenced here.
_inherited_connections: list[sqlite3.Connection] = []


def _close_dropped(conn: sqlite3.Connection, pid: int) -> None:
    """Close the connection of a session that was garbage collected (or alive at exit) without
    `close()`, so it neither leaks nor warns (`ResourceWarning: unclosed database`)."""
    if os.getpid() != pid:
        _inherited_connections.append(conn)
        return
    with contextlib.suppress(Exception):
        conn.close()


def _decode(data: Any) -> Any:
    """Decode one stored item; rows that are not valid JSON give the sentinel `_CORRUPT`."""
    try:
        return json.loads(data)
    except (json.JSONDecodeError, TypeError, RecursionError):
        # RecursionError: JSON nested deeper than the interpreter's recursion limit.
        return _CORRUPT


_CORRUPT = object()


def _decode_rows(rows: sqlite3.Cursor, limit: int | None) -> list[Any]:
    """Decode `(message_data,)` rows, skipping corrupt ones.

    With a positive `limit` the rows come newest first: the latest `limit` valid items are
    returned oldest first. Otherwise (None or negative: no limit) they come oldest first.
    """
    if limit is None or limit < 0:
        return [item for (data,) in rows if (item := _decode(data)) is not _CORRUPT]
    items: list[Any] = []
    for (data,) in rows:
        item = _decode(data)
        if item is not _CORRUPT:
            items.append(item)
            if len(items) == limit:
                break
    rows.close()
    items.reverse()
    return items


class SQLiteSession(SessionABC):
    """Conversation history in a SQLite database: in memory by default, or in a file that persists.

    File databases run in WAL mode. Writes are single transactions, retried while another
    connection (in this or another process) holds the lock, so any number of threads, tasks and
    processes can share one file. Calls on one session apply in the order they were made.
    SQLite work runs in worker threads, never on the event loop, so the schema is created (and
    errors in it raised) on first use. A forked child process opens its own connection.
    """

    session_settings: SessionSettings | None = None

    def __init__(
        self,
        session_id: str,
        db_path: str | Path = ":memory:",
        sessions_table: str = "agent_sessions",
        messages_table: str = "agent_messages",
        session_settings: SessionSettings | dict[str, Any] | None = None,
    ) -> None:
        """Open (lazily) the history of `session_id` in `db_path`.

        Args:
            db_path: a file path, or ":memory:" for a private database lost on close.
            sessions_table: table with one row per session; a plain SQL identifier.
            messages_table: table with one row per item; a plain SQL identifier.
            session_settings: defaults for reads, e.g. `SessionSettings(limit=50)`.
        """
        if not isinstance(session_id, str):
            raise TypeError(f"session_id must be a str, got {type(session_id).__name__}")
        self.session_id = session_id
        self.db_path = db_path
        self.sessions_table = _check_identifier(sessions_table, "sessions_table")
        self.messages_table = _check_identifier(messages_table, "messages_table")
        self.session_settings = (
            coerce_session_settings(session_settings)
            if session_settings is not None
            else SessionSettings()
        )
        self._is_memory_db = str(db_path) == ":memory:"
        self._path = ":memory:" if self._is_memory_db else str(Path(db_path).expanduser())
        self._closed = False
        self._reset_process_state()

    def _reset_process_state(self) -> None:
        """(Re)create the locks and connection slot owned by the current process."""
        previous: weakref.finalize[Any, Any] | None = getattr(self, "_finalizer", None)
        if previous is not None and previous.detach() is not None:
            # A connection inherited through fork belongs to the parent: keep it, unused.
            inherited = getattr(self, "_conn", None)
            if inherited is not None:
                _inherited_connections.append(inherited)
        self._finalizer: weakref.finalize[Any, Any] | None = None
        self._pid = os.getpid()
        self._conn_lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None
        self._schema_ready = False
        self._file_lock = (
            _FileLock() if self._is_memory_db else _file_lock_for(str(Path(self._path).resolve()))
        )
        self._tail_guard = threading.Lock()
        self._tail: concurrent.futures.Future[None] | None = None

    # -- connection and transactions (worker threads) ---------------------------------------

    def _check_not_closed(self) -> None:
        if self._closed:
            raise RuntimeError(f"{type(self).__name__} is closed")

    def _connection(self) -> sqlite3.Connection:
        """Return the open connection (opening it and creating the schema on first use)."""
        self._check_not_closed()
        conn = self._conn
        if conn is None:
            # Autocommit mode: transactions are begun and ended explicitly below.
            conn = sqlite3.connect(
                self._path,
                timeout=_BUSY_TIMEOUT_SECONDS,
                isolation_level=None,
                check_same_thread=False,
            )
            try:
                if not self._is_memory_db:
                    _retry_busy(lambda: conn.execute("PRAGMA journal_mode=WAL").fetchone())
            except BaseException:
                conn.close()
                raise
            self._conn = conn
            # Dropping the session without `close()` closes the connection when the session is
            # collected, or at interpreter exit at the latest.
            self._finalizer = weakref.finalize(self, _close_dropped, conn, self._pid)
        if not self._schema_ready:
            self._transaction(conn, self._create_schema)
            self._schema_ready = True
        return conn

    def _drop_connection(self) -> None:
        conn, self._conn = self._conn, None
        finalizer, self._finalizer = self._finalizer, None
        if finalizer is not None:
            finalizer.detach()
        if conn is not None:
            with contextlib.suppress(sqlite3.Error):
                conn.close()

    def _transaction(
        self,
        conn: sqlite3.Connection,
        body: Callable[[sqlite3.Connection], _T],
        *,
        write: bool = True,
    ) -> _T:
        """Run `body` in one transaction, rolled back on error and retried while busy."""

        def attempt() -> _T:
            conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            try:
                result = body(conn)
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    try:
                        conn.execute("ROLLBACK")
                    except BaseException:
                        # A connection that cannot roll back is not reused.
                        self._drop_connection()
                raise
            return result

        return _retry_busy(attempt)

    def _write(self, body: Callable[[sqlite3.Connection], _T]) -> _T:
        """Run `body` as one write transaction; in-process writers to a file take turns."""
        with self._file_lock.lock, self._conn_lock:
            return self._transaction(self._connection(), body)

    def _read(self, body: Callable[[sqlite3.Connection], _T]) -> _T:
        """Run `body` in one read transaction, so it sees a single snapshot of the database."""
        with self._conn_lock:
            return self._transaction(self._connection(), body, write=False)

    def _create_schema(self, conn: sqlite3.Connection) -> None:
        """Create the tables and index if missing (same DDL as the upstream SDK's session)."""
        conn.execute(
            f"CREATE TABLE IF NOT EXISTS {self.sessions_table} ("
            "\n    session_id TEXT PRIMARY KEY,"
            "\n    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,"
            "\n    updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP"
            "\n)"
        )
        conn.execute(
            f"CREATE TABLE IF NOT EXISTS {self.messages_table} ("
            "\n    id INTEGER PRIMARY KEY AUTOINCREMENT,"
            "\n    session_id TEXT NOT NULL,"
            "\n    message_data TEXT NOT NULL,"
            "\n    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,"
            f"\n    FOREIGN KEY (session_id) REFERENCES {self.sessions_table} (session_id)"
            " ON DELETE CASCADE"
            "\n)"
        )
        conn.execute(
            f"CREATE INDEX IF NOT EXISTS idx_{self.messages_table}_session_id"
            f" ON {self.messages_table} (session_id, id)"
        )

    def _insert_messages(self, conn: sqlite3.Connection, encoded: list[str]) -> list[int]:
        """Append encoded items for this session and return their row ids, in order."""
        conn.execute(
            f"INSERT OR IGNORE INTO {self.sessions_table} (session_id) VALUES (?)",
            (self.session_id,),
        )
        ids = []
        insert = f"INSERT INTO {self.messages_table} (session_id, message_data) VALUES (?, ?)"
        for data in encoded:
            row_id = conn.execute(insert, (self.session_id, data)).lastrowid
            assert row_id is not None
            ids.append(row_id)
        conn.execute(
            f"UPDATE {self.sessions_table} SET updated_at = CURRENT_TIMESTAMP WHERE session_id = ?",
            (self.session_id,),
        )
        return ids

    # -- dispatch to worker threads ---------------------------------------------------------

    def _ensure_process(self) -> None:
        """After a fork, leave the parent's connection and locks behind and start afresh."""
        if self._pid != os.getpid():
            self._reset_process_state()

    async def _run(self, work: Callable[[], _T], *, mutation: bool) -> _T:
        """Run `work` in a worker thread after every earlier call on this session finished.

        Calls are applied in the order they were made. A cancelled mutation that already
        started is waited for before the cancellation propagates, so its outcome is settled.
        """
        self._ensure_process()
        self._check_not_closed()
        done: concurrent.futures.Future[None] = concurrent.futures.Future()
        with self._tail_guard:
            previous, self._tail = self._tail, done
        started = False

        def release(*_: object) -> None:
            # Let the next call go; idempotent, as both paths below may call it.
            with self._tail_guard:
                if not done.done():
                    done.set_result(None)
                if self._tail is done:
                    self._tail = None

        async def ordered() -> _T:
            nonlocal started
            try:
                if previous is not None:
                    # shield: cancelling this wait must not cancel the predecessor's future.
                    await asyncio.shield(asyncio.wrap_future(previous))
                started = True
                return await asyncio.to_thread(work)
            finally:
                release()

        if not mutation:
            return await ordered()
        task = asyncio.ensure_future(ordered())
        # Also covers a task cancelled before its first step, whose `finally` never runs.
        task.add_done_callback(release)
        try:
            return await asyncio.shield(task)
        except asyncio.CancelledError:
            if not started:
                task.cancel()
                raise
            while not task.done():
                with contextlib.suppress(asyncio.CancelledError):
                    await asyncio.wait({task})
            if not task.cancelled():
                task.exception()  # retrieved: the caller sees its cancellation instead
            raise

    # -- the Session API ----------------------------------------------------------------------

    async def get_items(self, limit: int | None = None) -> list[TResponseInputItem]:
        """Return the history, or its latest `limit` items, oldest first.

        Without `limit`, `session_settings.limit` applies. Rows that are not valid JSON are
        skipped and not counted.
        """
        effective = resolve_session_limit(limit, self.session_settings)

        def read(conn: sqlite3.Connection) -> list[TResponseInputItem]:
            return self._select_items(conn, effective)

        return await self._run(lambda: self._read(read), mutation=False)

    def _select_items(self, conn: sqlite3.Connection, limit: int | None) -> list[Any]:
        if limit == 0:
            return []
        order = "ASC" if limit is None or limit < 0 else "DESC"
        rows = conn.execute(
            f"SELECT message_data FROM {self.messages_table}"
            f" WHERE session_id = ? ORDER BY id {order}",
            (self.session_id,),
        )
        return _decode_rows(rows, limit)

    async def _get_compaction_snapshot(self, limit: int) -> _CompactionSnapshot | None:
        """The latest `limit` items with an atomic replacement of a suffix of them, for automatic
        compaction; None for subclasses (which may transform items) and unreadable rows."""
        if type(self) is not SQLiteSession:
            return None

        def read(conn: sqlite3.Connection) -> tuple[list[tuple[int, str]], bool]:
            rows = conn.execute(
                f"SELECT id, message_data FROM {self.messages_table}"
                " WHERE session_id = ? ORDER BY id DESC LIMIT ?",
                (self.session_id, limit + 1),
            ).fetchall()
            return [(int(r[0]), r[1]) for r in rows[:limit]][::-1], len(rows) <= limit

        rows, complete = await self._run(lambda: self._read(read), mutation=False)
        items = [_decode(data) for _, data in rows]
        if any(item is _CORRUPT for item in items):
            return None

        async def replace_suffix(start: int, output: list[TResponseInputItem]) -> bool:
            expected = rows[start:]
            if not expected:
                return False
            encoded = _encode_items(output)

            def replace(conn: sqlite3.Connection) -> bool:
                current = conn.execute(
                    f"SELECT id, message_data FROM {self.messages_table}"
                    " WHERE session_id = ? ORDER BY id DESC LIMIT ?",
                    (self.session_id, len(expected)),
                ).fetchall()
                if [(int(r[0]), r[1]) for r in current][::-1] != expected:
                    return False
                conn.execute(
                    f"DELETE FROM {self.messages_table} WHERE session_id = ? AND id >= ?",
                    (self.session_id, expected[0][0]),
                )
                self._insert_messages(conn, encoded)
                return True

            return await self._run(lambda: self._write(replace), mutation=True)

        return _CompactionSnapshot(
            cast("list[TResponseInputItem]", items), complete, replace_suffix
        )

    async def add_items(self, items: list[TResponseInputItem]) -> None:
        """Append `items` in one transaction: either all of them are stored or none.

        Raises TypeError, before writing anything, if an item is not JSON-serializable.
        """
        self._check_not_closed()
        encoded = _encode_items(items)
        if not encoded:
            return

        def write(conn: sqlite3.Connection) -> None:
            self._insert_messages(conn, encoded)

        await self._run(lambda: self._write(write), mutation=True)

    async def pop_item(self) -> TResponseInputItem | None:
        """Remove and return the newest item (dropping corrupt rows on the way), or None."""

        def pop(conn: sqlite3.Connection) -> Any:
            while True:
                row = conn.execute(
                    f"SELECT id, message_data FROM {self.messages_table}"
                    " WHERE session_id = ? ORDER BY id DESC LIMIT 1",
                    (self.session_id,),
                ).fetchone()
                if row is None:
                    return None
                conn.execute(f"DELETE FROM {self.messages_table} WHERE id = ?", (row[0],))
                item = _decode(row[1])
                if item is not _CORRUPT:
                    return item

        item = await self._run(lambda: self._write(pop), mutation=True)
        return cast("TResponseInputItem | None", item)

    async def clear_session(self) -> None:
        """Delete every item of this session and its row in the sessions table."""

        def clear(conn: sqlite3.Connection) -> None:
            conn.execute(
                f"DELETE FROM {self.messages_table} WHERE session_id = ?", (self.session_id,)
            )
            conn.execute(
                f"DELETE FROM {self.sessions_table} WHERE session_id = ?", (self.session_id,)
            )

        await self._run(lambda: self._write(clear), mutation=True)

    def close(self) -> None:
        """Close the connection; later calls raise RuntimeError. An in-memory database is lost.

        Waits for an operation running in a worker thread to finish first.
        """
        self._closed = True
        if self._pid != os.getpid():
            return
        with self._conn_lock:
            self._drop_connection()

    def __enter__(self) -> SQLiteSession:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    async def __aenter__(self) -> SQLiteSession:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"{type(self).__name__}(session_id={self.session_id!r}, db_path={self._path!r})"
