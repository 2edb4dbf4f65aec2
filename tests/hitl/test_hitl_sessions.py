"""Pausing and resuming with a session: every item lands once (SQLite, PostgreSQL via the
sqlalchemy extra, Redis via the redis extra — the real servers on 127.0.0.1)."""

from __future__ import annotations

import asyncio
import sys
import uuid
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest

from agentkit import Runner, RunState, SQLiteSession

sys.path.insert(0, str(Path(__file__).parent / "fixtures"))
import upstream_agents as shared

PG_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture(params=["sqlite", "postgres", "redis"])
async def make_session(
    request: pytest.FixtureRequest, tmp_path: Path
) -> AsyncIterator[Callable[[], Any]]:
    """A factory of session objects that all open the same stored conversation."""
    sid = f"hitl-{uuid.uuid4().hex[:10]}"
    made: list[Any] = []
    if request.param == "sqlite":
        db = tmp_path / "s.db"

        def factory() -> Any:
            made.append(SQLiteSession(sid, db))
            return made[-1]

        yield factory
        for s in made:
            s.close()
        return
    if request.param == "postgres":
        from agentkit.sqlalchemy import SQLAlchemySession

        table = f"m_{uuid.uuid4().hex[:8]}"

        def factory() -> Any:
            made.append(
                SQLAlchemySession.from_url(
                    sid,
                    url=PG_URL,
                    create_tables=True,
                    sessions_table=f"s{table}",
                    messages_table=table,
                )
            )
            return made[-1]

        yield factory
        if made:
            async with made[0].engine.begin() as conn:
                await conn.run_sync(made[0]._metadata.drop_all)
        for s in made:
            await s.engine.dispose()
        return
    from agentkit.redis import RedisSession

    prefix = f"agentkit-hitl:{uuid.uuid4().hex[:8]}"

    def factory() -> Any:
        made.append(RedisSession.from_url(sid, url=REDIS_URL, key_prefix=prefix))
        return made[-1]

    yield factory
    if made:
        await made[0].clear_session()
    for s in made:
        await s.close()


def _types(items: list[Any]) -> list[str]:
    return [i.get("type", "message") for i in items]


async def test_pause_resume_cancel_and_pause_again_store_each_item_once(
    make_session: Callable[[], Any],
) -> None:
    gate = asyncio.Event()
    ops, parts = shared.agent(
        "agentkit",
        [
            shared.FIRST_TURN,
            shared.FINAL,
            [shared.call("delete_file", '{"path":"b"}', "call_3")],
            shared.FINAL,
        ],
    )
    result = await Runner.run(ops, "clean up", session=make_session())
    paused = await make_session().get_items()
    assert _types(paused) == ["message", "function_call", "function_call", "function_call_output"]

    # A resume cancelled while the approved tool runs saves nothing.
    state = result.to_state()
    state.approve(state.get_interruptions()[0])
    original = parts["tools"][0].on_invoke_tool

    async def slow(ctx: Any, args: str) -> Any:
        await gate.wait()
        return await original(ctx, args)

    parts["tools"][0].on_invoke_tool = slow
    task = asyncio.ensure_future(Runner.run(ops, state, session=make_session()))
    await asyncio.sleep(0.2)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert await make_session().get_items() == paused
    parts["tools"][0].on_invoke_tool = original

    # Resume from a serialised copy with another session object on the same conversation.
    copy = await RunState.from_string(ops, state.to_string())
    done = await Runner.run(ops, copy, session=make_session())
    assert done.final_output == "all done"
    after = await make_session().get_items()
    assert _types(after) == [*_types(paused), "function_call_output", "message"]
    assert after[: len(paused)] == paused

    # A second run pauses again, is rejected, and appends its turn once.
    again = await Runner.run(ops, "again", session=make_session())
    state = again.to_state()
    state.reject(state.get_interruptions()[0])
    await Runner.run(ops, state, session=make_session())
    final = await make_session().get_items()
    assert _types(final) == [
        *_types(after),
        "message",
        "function_call",
        "function_call_output",
        "message",
    ]
    assert parts["log"] == ["list", "delete a.txt"]
