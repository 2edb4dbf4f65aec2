"""SQLiteSession: the Session API, durability, atomicity, concurrency and input validation."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
import warnings
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from agentkit.memory import Session, SessionABC, SessionSettings, SQLiteSession
from agentkit.memory import sqlite_session as sqlite_module


def _msg(text: str) -> dict[str, Any]:
    return {"role": "user", "content": text}


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "sessions.db"


def _hold_lock(db: Path, seconds: float, started: threading.Event) -> threading.Thread:
    """Hold an exclusive write lock on `db` from another connection for `seconds`."""

    def hold() -> None:
        conn = sqlite3.connect(db, isolation_level=None)
        conn.execute("BEGIN EXCLUSIVE")
        started.set()
        time.sleep(seconds)
        conn.execute("COMMIT")
        conn.close()

    thread = threading.Thread(target=hold)
    thread.start()
    assert started.wait(5)
    return thread


# -- the API --------------------------------------------------------------------------------


async def test_is_a_session_and_a_session_abc() -> None:
    session = SQLiteSession("s")
    assert isinstance(session, Session)
    assert isinstance(session, SessionABC)
    assert session.session_id == "s"
    assert session.session_settings == SessionSettings()
    session.close()


async def test_add_get_pop_clear_in_memory() -> None:
    session = SQLiteSession("s")
    items = [_msg("a"), {"role": "assistant", "content": "b"}, _msg("c")]
    await session.add_items(items[:2])
    await session.add_items(items[2:])
    assert await session.get_items() == items
    assert await session.get_items(limit=2) == items[1:]
    assert await session.get_items(limit=10) == items
    assert await session.get_items(limit=0) == []
    assert await session.get_items(limit=-1) == items  # negative: no limit, as upstream
    with pytest.raises(TypeError, match="limit must be an int or None, got str"):
        await session.get_items(limit="2")  # type: ignore[arg-type]
    assert await session.pop_item() == items[2]
    assert await session.get_items() == items[:2]
    await session.clear_session()
    assert await session.get_items() == []
    assert await session.pop_item() is None
    session.close()


async def test_session_settings_limit_is_the_default_and_explicit_limit_wins() -> None:
    session = SQLiteSession("s", session_settings={"limit": 2})
    assert session.session_settings == SessionSettings(limit=2)
    await session.add_items([_msg(str(i)) for i in range(5)])
    assert await session.get_items() == [_msg("3"), _msg("4")]
    assert await session.get_items(limit=3) == [_msg("2"), _msg("3"), _msg("4")]
    session.close()


def test_session_settings_validation_and_resolve() -> None:
    with pytest.raises(TypeError, match="limit must be an int"):
        SessionSettings(limit="5")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="Unknown session settings: lmit"):
        SQLiteSession("s", session_settings={"lmit": 3})
    with pytest.raises(TypeError, match="SessionSettings or a dict"):
        SQLiteSession("s", session_settings=3)  # type: ignore[arg-type]
    base = SessionSettings(limit=5)
    assert base.resolve(None) is base
    assert base.resolve(SessionSettings()) == SessionSettings(limit=5)
    assert base.resolve({"limit": 2}) == SessionSettings(limit=2)
    assert base.to_dict() == {"limit": 5}


async def test_file_database_persists_across_session_objects_and_uses_wal(db: Path) -> None:
    first = SQLiteSession("s", db)
    await first.add_items([_msg("kept")])
    first.close()
    second = SQLiteSession("s", str(db))
    assert await second.get_items() == [_msg("kept")]
    second.close()
    with closing(sqlite3.connect(db)) as conn, conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


async def test_schema_is_created_on_first_use_not_at_construction(db: Path) -> None:
    session = SQLiteSession("s", db)
    assert not db.exists()
    await session.get_items()
    assert db.exists()
    session.close()


async def test_close_is_idempotent_and_later_calls_raise(db: Path) -> None:
    session = SQLiteSession("s", db)
    await session.add_items([_msg("a")])
    session.close()
    session.close()
    for call in (
        session.get_items(),
        session.add_items([_msg("b")]),
        session.add_items([]),
        session.pop_item(),
        session.clear_session(),
    ):
        with pytest.raises(RuntimeError, match="SQLiteSession is closed"):
            await call


async def test_custom_table_names_are_separate_tables(db: Path) -> None:
    default = SQLiteSession("s", db)
    custom = SQLiteSession("s", db, sessions_table="chat_sessions", messages_table="chat_messages")
    await default.add_items([_msg("default")])
    await custom.add_items([_msg("custom")])
    assert await default.get_items() == [_msg("default")]
    assert await custom.get_items() == [_msg("custom")]
    default.close()
    custom.close()
    with closing(sqlite3.connect(db)) as conn, conn:
        rows = conn.execute("SELECT session_id, message_data FROM chat_messages").fetchall()
    conn.close()
    assert rows == [("s", json.dumps(_msg("custom")))]


async def test_corrupt_rows_are_skipped_and_not_counted_by_limit(db: Path) -> None:
    session = SQLiteSession("s", db)
    await session.add_items([_msg("a"), _msg("b")])
    with closing(sqlite3.connect(db)) as conn, conn:
        conn.execute(
            "INSERT INTO agent_messages (session_id, message_data) VALUES ('s', '{not json')"
        )
    conn.close()
    assert await session.get_items() == [_msg("a"), _msg("b")]
    assert await session.get_items(limit=2) == [_msg("a"), _msg("b")]
    assert await session.pop_item() == _msg("b")  # the corrupt newest row is dropped on the way
    with closing(sqlite3.connect(db)) as conn, conn:
        assert conn.execute("SELECT COUNT(*) FROM agent_messages").fetchone()[0] == 1
    conn.close()
    session.close()


# -- input validation -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["agent_messages; DROP TABLE x", "a b", "1abc", "", "x" * 200, 'q"uote', "a.b", "tab\tle"],
)
def test_table_names_must_be_plain_identifiers(name: str) -> None:
    with pytest.raises(ValueError, match="plain SQL identifier"):
        SQLiteSession("s", sessions_table=name)
    with pytest.raises(ValueError, match="messages_table must be a plain SQL identifier"):
        SQLiteSession("s", messages_table=name)


def test_session_id_must_be_a_string() -> None:
    with pytest.raises(TypeError, match="session_id must be a str"):
        SQLiteSession(123)  # type: ignore[arg-type]


async def test_awkward_session_ids_round_trip_and_stay_isolated(db: Path) -> None:
    ids = [
        "it's",
        'say "hi"',
        "nul\x00inside",
        "nul",
        "'; DROP TABLE agent_messages; --",
        "ünïcödé 🙂",
        "%_*",
        "x" * 10_240,
        "",
    ]
    sessions = [SQLiteSession(i, db) for i in ids]
    for index, session in enumerate(sessions):
        await session.add_items([_msg(f"item {index}")])
    for index, session in enumerate(sessions):
        assert await session.get_items() == [_msg(f"item {index}")], repr(ids[index])[:40]
    await sessions[2].clear_session()
    assert await sessions[3].get_items() == [_msg("item 3")]  # "nul\0inside" is not "nul"
    for session in sessions:
        session.close()


async def test_add_items_rejects_non_lists_and_unserializable_items_before_writing(
    db: Path,
) -> None:
    session = SQLiteSession("s", db)
    with pytest.raises(TypeError, match="items must be a list"):
        await session.add_items("not a list")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="session item 1 cannot be stored"):
        await session.add_items([_msg("first"), {"role": "user", "content": object()}, _msg("3")])
    assert await session.get_items() == []
    session.close()
    with closing(sqlite3.connect(db)) as conn, conn:
        assert conn.execute("SELECT COUNT(*) FROM agent_sessions").fetchone()[0] == 0
    conn.close()


async def test_a_database_error_mid_batch_rolls_the_whole_batch_back(db: Path) -> None:
    session = SQLiteSession("s", db)
    await session.add_items([_msg("before")])
    with closing(sqlite3.connect(db)) as conn, conn:
        conn.execute(
            "CREATE TRIGGER boom BEFORE INSERT ON agent_messages"
            " WHEN NEW.message_data LIKE '%boom%' BEGIN SELECT RAISE(ABORT, 'boom'); END"
        )
    conn.close()
    with pytest.raises(sqlite3.IntegrityError, match="boom"):
        await session.add_items([_msg("one"), _msg("two"), _msg("boom"), _msg("four")])
    other = SQLiteSession("new-session", db)
    with pytest.raises(sqlite3.IntegrityError):
        await other.add_items([_msg("x"), _msg("boom")])
    assert await session.get_items() == [_msg("before")]
    await session.add_items([_msg("after")])  # the connection is still usable
    assert await session.get_items() == [_msg("before"), _msg("after")]
    session.close()
    other.close()
    with closing(sqlite3.connect(db)) as conn, conn:
        sessions = conn.execute("SELECT session_id FROM agent_sessions").fetchall()
    conn.close()
    assert sessions == [("s",)]  # not even the session row of the failed first write


# -- locking, retries and the event loop -----------------------------------------------------


async def test_waiting_for_a_lock_never_blocks_the_event_loop(db: Path) -> None:
    session = SQLiteSession("s", db)
    await session.get_items()
    gaps: list[float] = []
    stop = asyncio.Event()

    async def ticker() -> None:
        last = time.monotonic()
        while not stop.is_set():
            await asyncio.sleep(0.005)
            now = time.monotonic()
            gaps.append(now - last)
            last = now

    tick = asyncio.create_task(ticker())
    holder = _hold_lock(db, 0.6, threading.Event())
    start = time.monotonic()
    await session.add_items([_msg("waited")])
    waited = time.monotonic() - start
    stop.set()
    await tick
    holder.join()
    assert waited >= 0.4  # it really waited for the lock ...
    assert max(gaps) < 0.25  # ... while the loop kept running
    assert await session.get_items() == [_msg("waited")]
    session.close()


async def test_busy_beyond_the_busy_timeout_is_retried(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sqlite_module, "_BUSY_TIMEOUT_SECONDS", 0.02)
    session = SQLiteSession("s", db)
    await session.get_items()
    session.close()
    session = SQLiteSession("s", db)  # a new connection, with the short busy timeout
    holder = _hold_lock(db, 0.4, threading.Event())
    await session.add_items([_msg("retried")])
    await asyncio.to_thread(holder.join)
    assert await session.get_items() == [_msg("retried")]
    session.close()


async def test_a_cancelled_write_that_started_is_settled_before_cancellation(db: Path) -> None:
    session = SQLiteSession("s", db)
    await session.get_items()
    holder = _hold_lock(db, 0.3, threading.Event())
    started = asyncio.create_task(session.add_items([_msg("started")]))
    await asyncio.sleep(0.05)  # the worker is now waiting for the lock
    queued = asyncio.create_task(session.add_items([_msg("queued")]))
    await asyncio.sleep(0.01)
    queued.cancel()
    started.cancel()
    with pytest.raises(asyncio.CancelledError):
        await queued
    with pytest.raises(asyncio.CancelledError):
        await started
    # When the cancellation arrived, the started write had settled; the queued one never ran.
    assert await session.get_items() == [_msg("started")]
    await asyncio.to_thread(holder.join)
    session.close()


async def test_calls_on_one_session_apply_in_call_order() -> None:
    session = SQLiteSession("s")
    calls = [session.add_items([_msg(str(i))]) for i in range(30)]
    await asyncio.gather(*calls)
    assert await session.get_items() == [_msg(str(i)) for i in range(30)]
    session.close()


# -- concurrency -------------------------------------------------------------------------------


def _check_writers(items: list[Any], writers: int, rounds: int, batch: int) -> None:
    texts = [item["content"] for item in items]
    assert len(texts) == writers * rounds * batch, "items lost or duplicated"
    assert len(set(texts)) == len(texts), "items duplicated"
    for w in range(writers):
        mine = [t for t in texts if t.startswith(f"w{w}-")]
        assert mine == [f"w{w}-r{r}-i{i}" for r in range(rounds) for i in range(batch)]
    for start in range(0, len(texts), batch):
        chunk = texts[start : start + batch]
        assert len({t.rsplit("-i", 1)[0] for t in chunk}) == 1, f"batch interleaved: {chunk}"


def _batch(w: int, r: int, batch: int) -> list[dict[str, Any]]:
    return [_msg(f"w{w}-r{r}-i{i}") for i in range(batch)]


async def test_many_tasks_on_one_file_through_several_session_objects(db: Path) -> None:
    sessions = [SQLiteSession("shared", db) for _ in range(4)]
    writers, rounds, batch = 20, 5, 3

    async def writer(w: int) -> None:
        for r in range(rounds):
            await sessions[w % 4].add_items(_batch(w, r, batch))

    await asyncio.gather(*(writer(w) for w in range(writers)))
    _check_writers(await sessions[0].get_items(), writers, rounds, batch)
    for session in sessions:
        session.close()


def test_many_threads_each_with_its_own_event_loop(db: Path) -> None:
    shared = SQLiteSession("shared", db)
    writers, rounds, batch = 8, 10, 2
    errors: list[BaseException] = []

    def writer(w: int) -> None:
        own = SQLiteSession("shared", db)

        async def run() -> None:
            for r in range(rounds):
                target = shared if r % 2 else own
                await target.add_items(_batch(w, r, batch))

        try:
            asyncio.run(run())
        except BaseException as exc:
            errors.append(exc)
        finally:
            own.close()

    threads = [threading.Thread(target=writer, args=(w,)) for w in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    _check_writers(asyncio.run(shared.get_items()), writers, rounds, batch)
    shared.close()


_WRITER = textwrap.dedent(
    """
    import asyncio, sys, time
    from agentkit.memory import SQLiteSession

    db, w, rounds, batch, start_at = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])

    async def main():
        session = SQLiteSession("shared", db)
        time.sleep(max(0.0, start_at - time.time()))
        for r in range(rounds):
            await session.add_items(
                [{"role": "user", "content": f"w{w}-r{r}-i{i}"} for i in range(batch)]
            )
        session.close()

    asyncio.run(main())
    """
)


def test_concurrent_writer_processes_lose_and_duplicate_nothing(db: Path) -> None:
    writers, rounds, batch = 4, 40, 3
    start_at = time.time() + 1.5  # all processes begin writing at the same moment
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                _WRITER,
                str(db),
                str(w),
                str(rounds),
                str(batch),
                str(start_at),
            ],
            stderr=subprocess.PIPE,
        )
        for w in range(writers)
    ]
    for process in processes:
        _, stderr = process.communicate(timeout=60)
        assert process.returncode == 0, stderr.decode()
    session = SQLiteSession("shared", db)
    _check_writers(asyncio.run(session.get_items()), writers, rounds, batch)
    session.close()


def test_imports_are_lazy() -> None:
    code = (
        "import sys, agentkit.memory, agentkit.extensions.memory;"
        "assert 'sqlite3' not in sys.modules, 'sqlite3 imported eagerly';"
        "assert 'agentkit.memory.sqlite_session' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


_LOCK_HOLDER = textwrap.dedent(
    """
    import sqlite3, sys, time
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    conn.execute("BEGIN EXCLUSIVE")
    print("locked", flush=True)
    time.sleep(float(sys.argv[2]))
    conn.execute("COMMIT")
    """
)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_a_session_forked_mid_write_works_in_the_child(db: Path) -> None:
    session = SQLiteSession("s", db)
    asyncio.run(session.add_items([_msg("parent")]))
    # The lock holder is another process: SQLite's own in-process lock records are inherited by
    # fork, so a lock held by a connection of this process would wedge any child.
    holder = subprocess.Popen(
        [sys.executable, "-c", _LOCK_HOLDER, str(db), "0.6"], stdout=subprocess.PIPE
    )
    assert holder.stdout is not None and holder.stdout.readline() == b"locked\n"
    # A parent thread is inside a write (holding the session's locks) when the fork happens.
    writer = threading.Thread(target=lambda: asyncio.run(session.add_items([_msg("blocked")])))
    writer.start()
    time.sleep(0.15)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # fork with threads (3.12+)
        pid = os.fork()
    if pid == 0:  # the child: leave without running pytest's cleanup
        code = 1
        try:
            signal.alarm(10)  # inherited locks would make this hang forever
            asyncio.run(session.add_items([_msg("child")]))
            code = 0 if _msg("child") in asyncio.run(session.get_items()) else 2
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    writer.join()
    holder.communicate(timeout=10)
    assert os.waitstatus_to_exitcode(status) == 0
    items = asyncio.run(session.get_items())
    assert sorted(item["content"] for item in items) == ["blocked", "child", "parent"]
    session.close()


def test_public_names() -> None:
    import agentkit.extensions.memory
    import agentkit.memory
    from agentkit.memory import is_openai_responses_compaction_aware_session

    assert sorted(agentkit.memory.__all__) == [
        "AdvancedSQLiteSession",
        "OpenAIConversationsSession",
        "OpenAIResponsesCompactionArgs",
        "OpenAIResponsesCompactionAwareSession",
        "OpenAIResponsesCompactionSession",
        "SQLiteSession",
        "Session",
        "SessionABC",
        "SessionInputCallback",
        "SessionSettings",
        "is_openai_responses_compaction_aware_session",
    ]
    for name in agentkit.memory.__all__:
        assert getattr(agentkit.memory, name) is not None
    # The stores with third-party dependencies live in extras, reachable under upstream's path too.
    assert agentkit.extensions.memory.__all__ == [
        "DAPR_CONSISTENCY_EVENTUAL",
        "DAPR_CONSISTENCY_STRONG",
        "AdvancedSQLiteSession",
        "DaprSession",
        "EncryptedSession",
        "RedisSession",
        "SQLAlchemySession",
    ]
    with pytest.raises(AttributeError):
        _ = agentkit.memory.RedisSession  # type: ignore[attr-defined]
    assert not is_openai_responses_compaction_aware_session(SQLiteSession("s"))
    assert not is_openai_responses_compaction_aware_session(None)


# -- sessions dropped without close() (issue 17, bug 5) ------------------------------------------


@pytest.mark.parametrize("where", ["memory", "file"])
def test_a_session_dropped_without_close_closes_its_connection(where: str, db: Path) -> None:
    import gc

    session = SQLiteSession("s", db if where == "file" else ":memory:")
    # asyncio.run joins its worker threads before returning: none of them can still hold the
    # session, so `del` below is what runs the finalizer, here, before the connection is touched
    # (a close racing with `conn.execute` in another thread would crash sqlite3).
    asyncio.run(session.add_items([_msg("hello")]))
    conn = session._conn
    assert conn is not None
    del session
    gc.collect()
    with pytest.raises(sqlite3.ProgrammingError, match="closed"):
        conn.execute("SELECT 1")


async def test_a_dropped_session_never_warns(db: Path) -> None:
    """Python 3.13 reports an unclosed sqlite3 connection with a ResourceWarning when it is freed."""
    import gc

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for index in range(5):
            session = SQLiteSession(f"s{index}", db)
            await session.add_items([_msg("x")])
            assert await session.get_items() == [_msg("x")]
            del session
        memory = SQLiteSession("m")
        await memory.add_items([_msg("y")])
        del memory
        gc.collect()
    assert [str(w.message) for w in caught if issubclass(w.category, ResourceWarning)] == []


async def test_a_closed_session_or_a_live_one_keeps_working(db: Path) -> None:
    keeper = SQLiteSession("s", db)
    await keeper.add_items([_msg("one")])
    other = SQLiteSession("s", db)
    await other.add_items([_msg("two")])
    other.close()
    del other
    import gc

    gc.collect()
    # Collecting or closing another session on the same file leaves this one's connection alone.
    assert await keeper.get_items() == [_msg("one"), _msg("two")]
    keeper.close()
    with pytest.raises(RuntimeError, match="closed"):
        await keeper.get_items()


async def test_async_with_and_with_close_the_session(db: Path) -> None:
    async with SQLiteSession("s", db) as session:
        await session.add_items([_msg("a")])
        conn = session._conn
    assert conn is not None
    with pytest.raises(sqlite3.ProgrammingError):
        conn.execute("SELECT 1")
    with pytest.raises(RuntimeError, match="closed"):
        await session.get_items()
    with SQLiteSession("s", db) as again:
        assert await again.get_items() == [_msg("a")]
    with pytest.raises(RuntimeError, match="closed"):
        await again.get_items()


def test_a_session_alive_at_exit_closes_without_warning(db: Path) -> None:
    script = textwrap.dedent(
        f"""
        import asyncio, warnings
        warnings.simplefilter("error")
        from agentkit.memory import SQLiteSession
        session = SQLiteSession("s", {str(db)!r})
        asyncio.run(session.add_items([{{"role": "user", "content": "kept"}}]))
        memory = SQLiteSession("m")
        asyncio.run(memory.add_items([{{"role": "user", "content": "lost"}}]))
        """
    )
    done = subprocess.run(
        [sys.executable, "-X", "dev", "-c", script], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert "ResourceWarning" not in done.stderr
    assert "unclosed" not in done.stderr
