"""SQLAlchemySession on the real PostgreSQL server (asyncpg) and on SQLite (aiosqlite)."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import textwrap
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from _memory_extras_services import PG_URL, check_concurrent_history
from agentkit.sqlalchemy import SQLAlchemySession
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from agentkit.memory import SessionSettings, SQLiteSession
from agentkit.memory._conformance import SESSION_CONFORMANCE_CHECKS, run_session_conformance


def _pg_engine(schema: str, **kwargs: Any) -> AsyncEngine:
    return create_async_engine(
        PG_URL, connect_args={"server_settings": {"search_path": schema}}, **kwargs
    )


@pytest.fixture
async def pg_engine(pg_schema: str) -> AsyncIterator[AsyncEngine]:
    engine = _pg_engine(pg_schema)
    yield engine
    await engine.dispose()


@pytest.fixture
async def sqlite_file_engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    engine = create_async_engine(f"sqlite+aiosqlite:///{tmp_path / 'h.db'}")
    yield engine
    await engine.dispose()


async def test_postgres_conforms(pg_engine: AsyncEngine) -> None:
    ran = await run_session_conformance(
        lambda sid: SQLAlchemySession(sid, engine=pg_engine, create_tables=True)
    )
    assert ran == list(SESSION_CONFORMANCE_CHECKS)


async def test_sqlite_in_memory_conforms() -> None:
    engine = create_async_engine("sqlite+aiosqlite://")
    try:
        await run_session_conformance(
            lambda sid: SQLAlchemySession(sid, engine=engine, create_tables=True)
        )
    finally:
        await engine.dispose()


async def test_sqlite_file_with_custom_tables_conforms(sqlite_file_engine: AsyncEngine) -> None:
    await run_session_conformance(
        lambda sid: SQLAlchemySession(
            sid,
            engine=sqlite_file_engine,
            create_tables=True,
            sessions_table="chat_sessions",
            messages_table="chat_messages",
        )
    )


async def test_postgres_schema_tables_and_index(pg_schema: str) -> None:
    session = SQLAlchemySession.from_url(
        "s",
        url=PG_URL,
        engine_kwargs={"connect_args": {"server_settings": {"search_path": pg_schema}}},
        create_tables=True,
        sessions_table="my_sessions",
        messages_table="my_messages",
    )
    try:
        assert isinstance(session.engine, AsyncEngine)
        assert session.engine.url.drivername == "postgresql+asyncpg"
        await session.add_items([{"role": "user", "content": "hi"}])
        async with session.engine.connect() as conn:
            columns = (
                await conn.execute(
                    text(
                        "SELECT table_name, column_name, data_type, is_nullable"
                        " FROM information_schema.columns WHERE table_schema = :s"
                        " ORDER BY table_name, ordinal_position"
                    ),
                    {"s": pg_schema},
                )
            ).all()
            indexes = (
                await conn.execute(
                    text("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = :s"),
                    {"s": pg_schema},
                )
            ).all()
            fks = (
                await conn.execute(
                    text(
                        "SELECT confdeltype::text FROM pg_constraint c JOIN pg_namespace n"
                        " ON n.oid = c.connamespace WHERE n.nspname = :s AND contype = 'f'"
                    ),
                    {"s": pg_schema},
                )
            ).all()
            stored = (
                await conn.execute(text("SELECT session_id, message_data FROM my_messages"))
            ).all()
        assert [tuple(c) for c in columns] == [
            ("my_messages", "id", "integer", "NO"),
            ("my_messages", "session_id", "character varying", "NO"),
            ("my_messages", "message_data", "text", "NO"),
            ("my_messages", "created_at", "timestamp without time zone", "NO"),
            ("my_sessions", "session_id", "character varying", "NO"),
            ("my_sessions", "created_at", "timestamp without time zone", "NO"),
            ("my_sessions", "updated_at", "timestamp without time zone", "NO"),
        ]
        index_defs = dict(indexes)
        assert "(session_id, created_at)" in index_defs["idx_my_messages_session_time"]
        assert [tuple(f) for f in fks] == [("c",)]  # ON DELETE CASCADE
        assert [tuple(r) for r in stored] == [("s", '{"role":"user","content":"hi"}')]
    finally:
        await session.engine.dispose()


async def test_without_create_tables_nothing_is_created(pg_engine: AsyncEngine) -> None:
    session = SQLAlchemySession("s", engine=pg_engine)
    with pytest.raises(Exception, match="agent_messages"):
        await session.get_items()
    async with pg_engine.connect() as conn:
        count = (
            await conn.execute(
                text(
                    "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()"
                )
            )
        ).scalar_one()
    assert count == 0


async def test_a_failed_add_items_stores_nothing(pg_engine: AsyncEngine) -> None:
    session = SQLAlchemySession("s", engine=pg_engine, create_tables=True)
    await session.add_items([{"role": "user", "content": "before"}])
    async with pg_engine.begin() as conn:
        await conn.execute(
            text(
                "ALTER TABLE agent_messages ADD CONSTRAINT no_poison"
                " CHECK (message_data NOT LIKE '%poison%')"
            )
        )
    batch = [{"role": "user", "content": f"ok {i}"} for i in range(5)]
    with pytest.raises(IntegrityError):
        await session.add_items([*batch, {"role": "user", "content": "poison"}])
    assert await session.get_items() == [{"role": "user", "content": "before"}]

    fresh = SQLAlchemySession("fresh", engine=pg_engine)
    with pytest.raises(IntegrityError):
        await fresh.add_items([{"role": "user", "content": "poison"}])
    async with pg_engine.connect() as conn:
        sessions = (await conn.execute(text("SELECT session_id FROM agent_sessions"))).all()
    assert [s for (s,) in sessions] == ["s"]  # the session row of the failed batch rolled back too
    # A non-serializable item fails before anything is sent.
    with pytest.raises(TypeError, match="item 1 cannot be stored"):
        await session.add_items([{"role": "user", "content": "x"}, {"bad": object()}])
    assert len(await session.get_items()) == 1


async def test_corrupt_rows_are_skipped_by_reads_and_pops(pg_engine: AsyncEngine) -> None:
    session = SQLAlchemySession("s", engine=pg_engine, create_tables=True)
    await session.add_items([{"role": "user", "content": str(i)} for i in range(3)])
    async with pg_engine.begin() as conn:
        await conn.execute(
            text("INSERT INTO agent_messages (session_id, message_data) VALUES ('s', '{broken')")
        )
    assert [i["content"] for i in await session.get_items()] == ["0", "1", "2"]
    assert [i["content"] for i in await session.get_items(2)] == ["1", "2"]
    assert await session.pop_item() == {"role": "user", "content": "2"}
    assert [i["content"] for i in await session.get_items()] == ["0", "1"]


async def test_session_settings_limit_and_ensure_ascii(pg_engine: AsyncEngine) -> None:
    session = SQLAlchemySession(
        "s",
        engine=pg_engine,
        create_tables=True,
        session_settings=SessionSettings(limit=2),
        ensure_ascii=False,
    )
    await session.add_items([{"role": "user", "content": c} for c in "aéü"])
    assert [i["content"] for i in await session.get_items()] == ["é", "ü"]
    assert [i["content"] for i in await session.get_items(3)] == ["a", "é", "ü"]
    async with pg_engine.connect() as conn:
        raw = (
            await conn.execute(text("SELECT message_data FROM agent_messages ORDER BY id"))
        ).all()
    assert raw[1][0] == '{"role":"user","content":"é"}'


def test_bad_arguments_are_rejected() -> None:
    with pytest.raises(TypeError, match="AsyncEngine"):
        SQLAlchemySession("s", engine="sqlite://")  # type: ignore[arg-type]
    engine = create_async_engine("sqlite+aiosqlite://")
    with pytest.raises(ValueError, match="messages_table"):
        SQLAlchemySession("s", engine=engine, messages_table="")
    with pytest.raises(TypeError, match="session_id"):
        SQLAlchemySession(1, engine=engine)  # type: ignore[arg-type]


async def test_sqlite_file_is_shared_with_sqlite_session(tmp_path: Path) -> None:
    path = tmp_path / "shared.db"
    plain = SQLiteSession("s", path)
    await plain.add_items([{"role": "user", "content": "from SQLiteSession"}])
    engine = create_async_engine(f"sqlite+aiosqlite:///{path}")
    try:
        session = SQLAlchemySession("s", engine=engine, create_tables=True)
        assert await session.get_items() == [{"role": "user", "content": "from SQLiteSession"}]
        await session.add_items([{"role": "assistant", "content": "from SQLAlchemySession"}])
        assert await plain.get_items() == [
            {"role": "user", "content": "from SQLiteSession"},
            {"role": "assistant", "content": "from SQLAlchemySession"},
        ]
        assert await plain.pop_item() == {"role": "assistant", "content": "from SQLAlchemySession"}
        assert await session.get_items() == [{"role": "user", "content": "from SQLiteSession"}]

        # And a file made by SQLAlchemySession is read by SQLiteSession.
        other = SQLAlchemySession(
            "t", engine=engine, sessions_table="x_s", messages_table="x_m", create_tables=True
        )
        await other.add_items([{"role": "user", "content": "t1"}])
        reader = SQLiteSession("t", path, sessions_table="x_s", messages_table="x_m")
        assert await reader.get_items() == [{"role": "user", "content": "t1"}]
        reader.close()
    finally:
        plain.close()
        await engine.dispose()


@pytest.mark.parametrize("where", ["memory", "file"])
async def test_sessions_sharing_one_engine_write_concurrently(where: str, tmp_path: Path) -> None:
    url = "sqlite+aiosqlite://" if where == "memory" else f"sqlite+aiosqlite:///{tmp_path / 'c.db'}"
    engine = create_async_engine(url)
    try:
        sessions = [SQLAlchemySession("same", engine=engine, create_tables=True) for _ in range(4)]

        async def writer(n: int) -> None:
            for r in range(5):
                await sessions[n].add_items(
                    [{"role": "user", "content": f"{n}-{r}-{i}"} for i in range(2)]
                )
                await sessions[(n + 1) % 4].get_items(3)

        await asyncio.gather(*(writer(n) for n in range(4)))
        got = [i["content"] for i in await sessions[0].get_items()]
        assert len(got) == len(set(got)) == 40
        for n in range(4):
            assert [c for c in got if c.startswith(f"{n}-")] == [
                f"{n}-{r}-{i}" for r in range(5) for i in range(2)
            ]
    finally:
        await engine.dispose()


_WRITER = textwrap.dedent(
    """
    import asyncio, os, sys, time
    from sqlalchemy.ext.asyncio import create_async_engine
    from agentkit.sqlalchemy import SQLAlchemySession

    url, schema, writer, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])

    def barrier(directory):
        # Start writing only when every writer process is up, so their writes overlap.
        open(os.path.join(directory, str(writer)), "w").close()
        deadline = time.monotonic() + 30
        while len(os.listdir(directory)) < 4 and time.monotonic() < deadline:
            time.sleep(0.002)

    async def main():
        kwargs = {}
        if url.startswith("postgresql"):
            kwargs["connect_args"] = {"server_settings": {"search_path": schema}}
        engine = create_async_engine(url, **kwargs)
        session = SQLAlchemySession("shared", engine=engine, create_tables=True)
        await session.get_items()
        barrier(sys.argv[5])
        for r in range(rounds):
            await session.add_items(
                [{"role": "user", "content": f"w{writer}-r{r}-i{i}"} for i in range(3)]
            )
        await engine.dispose()

    asyncio.run(main())
    """
)


async def _run_writers(
    url: str, schema: str, barrier: Path, processes: int = 4, rounds: int = 15
) -> None:
    procs = [
        await asyncio.create_subprocess_exec(
            sys.executable,
            "-c",
            _WRITER,
            url,
            schema,
            str(w),
            str(rounds),
            str(barrier),
            stderr=subprocess.PIPE,
        )
        for w in range(processes)
    ]
    for proc in procs:
        _, err = await proc.communicate()
        assert proc.returncode == 0, err.decode()


async def test_four_processes_append_to_one_postgres_session(
    pg_schema: str, pg_engine: AsyncEngine, tmp_path: Path
) -> None:
    await _run_writers(PG_URL, pg_schema, tmp_path)
    items = await SQLAlchemySession("shared", engine=pg_engine).get_items()
    check_concurrent_history(items, 4, 15, 3)


async def test_four_processes_append_to_one_sqlite_file(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'mp.db'}"
    (tmp_path / "barrier").mkdir()
    await _run_writers(url, "", tmp_path / "barrier")

    engine = create_async_engine(url)
    try:
        check_concurrent_history(
            await SQLAlchemySession("shared", engine=engine).get_items(), 4, 15, 3
        )
    finally:
        await engine.dispose()


def test_items_are_stored_as_compact_json(tmp_path: Path) -> None:
    async def main() -> str:
        engine = create_async_engine(f"sqlite+aiosqlite:///{tmp_path / 'j.db'}")
        try:
            await SQLAlchemySession("s", engine=engine, create_tables=True).add_items(
                [{"role": "user", "content": "ü"}]
            )
            async with engine.connect() as conn:
                return str(
                    (
                        await conn.execute(text("SELECT message_data FROM agent_messages"))
                    ).scalar_one()
                )
        finally:
            await engine.dispose()

    stored = asyncio.run(main())
    assert stored == '{"role":"user","content":"\\u00fc"}'
    assert json.loads(stored) == {"role": "user", "content": "ü"}


def _ddl(session: SQLAlchemySession) -> dict[str, list[str]]:
    from sqlalchemy.dialects import postgresql, sqlite
    from sqlalchemy.schema import CreateIndex, CreateTable

    out = {}
    for name, dialect in (("postgresql", postgresql.dialect()), ("sqlite", sqlite.dialect())):
        statements = []
        for table in session._metadata.sorted_tables:
            statements.append(str(CreateTable(table).compile(dialect=dialect)).strip())
            statements += [
                str(CreateIndex(index).compile(dialect=dialect)).strip()
                for index in sorted(table.indexes, key=lambda i: str(i.name))
            ]
        out[name] = statements
    return out


def test_ddl_equals_upstream() -> None:
    expected = json.loads(
        (Path(__file__).parent / "data" / "upstream_sqlalchemy_ddl.json").read_text()
    )
    engine = create_async_engine("sqlite+aiosqlite://")
    assert _ddl(SQLAlchemySession("s", engine=engine)) == expected["default"]
    custom = SQLAlchemySession("s", engine=engine, sessions_table="my_s", messages_table="my_m")
    assert _ddl(custom) == expected["custom"]


async def test_sqlite_connections_use_wal_and_a_busy_timeout(
    sqlite_file_engine: AsyncEngine,
) -> None:
    session = SQLAlchemySession("s", engine=sqlite_file_engine, create_tables=True)
    await session.add_items([{"role": "user", "content": "x"}])
    async with sqlite_file_engine.connect() as conn:
        assert (await conn.execute(text("PRAGMA journal_mode"))).scalar_one() == "wal"
        assert (await conn.execute(text("PRAGMA busy_timeout"))).scalar_one() == 5000


async def test_a_cancelled_add_items_settles_before_the_cancellation(
    pg_engine: AsyncEngine,
) -> None:
    session = SQLAlchemySession("s", engine=pg_engine, create_tables=True)
    await session.get_items()  # tables exist
    batch = [{"role": "user", "content": f"{i}"} for i in range(200)]
    outcomes: set[int] = set()
    for delay in (0, 0.001, 0.002, 0.005, 0.01, 0.02):
        await session.clear_session()
        task = asyncio.create_task(session.add_items(batch))
        await asyncio.sleep(delay)
        if task.cancel():
            with pytest.raises(asyncio.CancelledError):
                await task
            outcomes.add(len(await session.get_items()))
        else:
            await task
        got = await session.get_items()
        assert got in ([], batch)  # all or nothing, and settled when the cancellation arrived
        status = pg_engine.pool.status()
        assert "Current Checked out connections: 0" in status
    assert outcomes and outcomes <= {0, 200}  # some calls were cancelled mid-flight
    await session.add_items([{"role": "user", "content": "still usable"}])


async def test_a_run_loads_and_stores_its_history_in_postgres(pg_engine: AsyncEngine) -> None:
    from agentkit.agent import Agent
    from agentkit.run import Runner
    from agentkit.testing import ScriptedModel, assistant_message

    session = SQLAlchemySession("conv", engine=pg_engine, create_tables=True)
    model = ScriptedModel([[assistant_message("first answer")], [assistant_message("second")]])
    agent = Agent(name="a", model=model)
    await Runner.run(agent, "one", session=session)
    await Runner.run(agent, "two", session=SQLAlchemySession("conv", engine=pg_engine))
    assert [i.get("content") for i in model.calls[1].input][:1] == ["one"]
    assert len(model.calls[1].input) == 3
    assert [i.get("role") for i in await session.get_items()] == ["user", "assistant"] * 2
