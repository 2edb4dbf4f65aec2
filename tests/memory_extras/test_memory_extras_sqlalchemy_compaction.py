"""Automatic compaction over `SQLAlchemySession` (PostgreSQL and aiosqlite): only the history
suffix the model saw is sent to `POST /responses/compact` and replaced, in one transaction."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from _memory_extras_services import PG_URL
from agentkit.sqlalchemy import SQLAlchemySession
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from agentkit import Agent, RunConfig, Runner, SessionSettings
from agentkit.client import AsyncOpenAI
from agentkit.memory import OpenAIResponsesCompactionSession
from agentkit.models.openai_provider import OpenAIProvider
from tests.openai_server import OpenAIServer
from tests.openai_server import builders as b

COMPACT = "/responses/compact"
HISTORY: list[Any] = [
    {"role": "user", "content": "one"},
    b.message_item("a1", id="msg_a1"),
    {"role": "user", "content": "two"},
    b.message_item("a2", id="msg_a2"),
]
HI = {"content": "hi", "role": "user"}
REPLY = b.message_item("hello", id="msg_resp_1")

PG_TRIGGER = [
    "CREATE FUNCTION no_boom() RETURNS trigger AS $$ BEGIN"
    " IF NEW.message_data LIKE '%boom%' THEN RAISE EXCEPTION 'boom refused'; END IF;"
    " RETURN NEW; END $$ LANGUAGE plpgsql",
    "CREATE TRIGGER no_boom BEFORE INSERT ON agent_messages"
    " FOR EACH ROW EXECUTE FUNCTION no_boom()",
]
SQLITE_TRIGGER = [
    "CREATE TRIGGER no_boom BEFORE INSERT ON agent_messages"
    " WHEN NEW.message_data LIKE '%boom%' BEGIN SELECT RAISE(ABORT, 'boom refused'); END"
]


@pytest.fixture(params=["postgresql", "aiosqlite"])
async def engine(
    request: pytest.FixtureRequest, tmp_path: Path, pg_schema: str
) -> AsyncIterator[AsyncEngine]:
    if request.param == "postgresql":
        made = create_async_engine(
            PG_URL, connect_args={"server_settings": {"search_path": pg_schema}}
        )
    else:
        made = create_async_engine(f"sqlite+aiosqlite:///{tmp_path / 'h.db'}")
    yield made
    await made.dispose()


async def _store(engine: AsyncEngine) -> SQLAlchemySession:
    store = SQLAlchemySession(
        "s", engine=engine, create_tables=True, session_settings=SessionSettings(limit=2)
    )
    await store.add_items(list(HISTORY))
    return store


async def _run(server: OpenAIServer, store: SQLAlchemySession) -> None:
    client = AsyncOpenAI(base_url=server.base_url, api_key="sk-test", max_retries=0)
    session = OpenAIResponsesCompactionSession(
        "s", store, client=client, should_trigger_compaction=lambda context: True
    )
    server.queue(b.response_reply([REPLY], id="resp_1"))
    await Runner.run(
        Agent(name="A", model="gpt-4.1"),
        "hi",
        session=session,
        run_config=RunConfig(
            model_provider=OpenAIProvider(openai_client=client, use_responses=True),
            tracing_disabled=True,
        ),
    )


async def test_only_the_seen_suffix_is_compacted(
    openai_server: OpenAIServer, engine: AsyncEngine
) -> None:
    store = await _store(engine)
    openai_server.queue(b.compaction_reply(), path=COMPACT)
    await _run(openai_server, store)
    compact = openai_server.requests_to(COMPACT)[0]
    assert compact.json == {"model": "gpt-4.1", "input": [*HISTORY[2:], HI, REPLY]}
    assert compact.validation_error is None
    assert await store.get_items(limit=100) == [
        *HISTORY[:2],
        {"type": "compaction", "id": "cmp_1", "encrypted_content": "gAAAAcompacted"},
    ]


async def test_a_failed_replacement_rolls_back(
    openai_server: OpenAIServer, engine: AsyncEngine
) -> None:
    store = await _store(engine)
    async with engine.begin() as conn:
        for statement in PG_TRIGGER if engine.dialect.name == "postgresql" else SQLITE_TRIGGER:
            await conn.execute(text(statement))
    boom = [
        {"type": "compaction", "id": "cmp_1", "encrypted_content": "ok"},
        {"type": "compaction", "id": "cmp_2", "encrypted_content": "boom"},
    ]
    openai_server.queue(b.compaction_reply(boom), path=COMPACT)
    with pytest.raises(DBAPIError, match="boom refused"):
        await _run(openai_server, store)
    assert await store.get_items(limit=100) == [*HISTORY, HI, REPLY]


async def test_a_changed_tail_is_not_replaced(engine: AsyncEngine) -> None:
    store = await _store(engine)
    snapshot = await store._get_compaction_snapshot(3)
    assert snapshot is not None
    assert (snapshot.items, snapshot.complete) == (HISTORY[1:], False)
    whole = await store._get_compaction_snapshot(4)
    assert whole is not None and whole.complete
    await store.add_items([{"role": "user", "content": "late"}])
    assert await snapshot.replace_suffix(1, [{"role": "user", "content": "x"}]) is False
    assert len(await store.get_items(limit=100)) == 5
    fresh = await store._get_compaction_snapshot(2)
    assert fresh is not None
    assert await fresh.replace_suffix(1, [{"role": "user", "content": "x"}]) is True
    assert await store.get_items(limit=100) == [*HISTORY, {"role": "user", "content": "x"}]


async def test_subclasses_get_no_snapshot(engine: AsyncEngine) -> None:
    class Mine(SQLAlchemySession):
        pass

    assert await Mine("s", engine=engine, create_tables=True)._get_compaction_snapshot(3) is None
