"""Session ids are data, never SQL; table names are validated; odd ids round-trip."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from agentkit.extensions.memory import AdvancedSQLiteSession
from agentkit.memory import SQLiteSession

HOSTILE_IDS = [
    "'; DROP TABLE agent_messages; --",
    '" OR 1=1 --',
    "x' UNION SELECT message_data FROM agent_messages --",
    "quote'\"both",
    "nul\x00inside",
    "\x00",
    "",
    "\u202eright-to-left\ufeff",
    "emoji 😀 and ☃",
    "k" * 10_240,
    "%_*?[]",
]


def _sessions(session_id: str, db: Path) -> list[Any]:
    return [
        SQLiteSession(session_id),
        SQLiteSession(session_id, db),
        AdvancedSQLiteSession(
            session_id=session_id, db_path=db.with_suffix(".adv"), create_tables=True
        ),
    ]


@pytest.mark.parametrize("session_id", HOSTILE_IDS, ids=lambda s: repr(s[:20]))
async def test_hostile_session_ids_round_trip_and_stay_isolated(
    tmp_path: Path, session_id: str
) -> None:
    db = tmp_path / "s.db"
    bystanders = [
        SQLiteSession("bystander", db),
        AdvancedSQLiteSession(
            session_id="bystander", db_path=db.with_suffix(".adv"), create_tables=True
        ),
    ]
    for bystander in bystanders:
        await bystander.add_items([{"role": "user", "content": "keep me"}])
    items = [{"role": "user", "content": session_id}, {"role": "assistant", "content": "ok"}]
    for session in _sessions(session_id, db):
        await session.add_items(items)
        assert await session.get_items() == items
        assert await session.get_items(1) == items[1:]
        assert await session.pop_item() == items[1]
        await session.clear_session()
        assert await session.get_items() == []
        session.close()
    for bystander in bystanders:
        assert await bystander.get_items() == [{"role": "user", "content": "keep me"}]
        bystander.close()
    # The tables are intact and hold exactly the bystander's rows.
    with closing(sqlite3.connect(db)) as conn, conn:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert {"agent_sessions", "agent_messages"} <= names
        assert conn.execute("SELECT COUNT(*) FROM agent_messages").fetchone() == (1,)


async def test_session_id_is_stored_verbatim(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    odd = "a'b\"c\x00d" + "z" * 10_000
    session = SQLiteSession(odd, db)
    await session.add_items([{"role": "user", "content": "x"}])
    session.close()
    with closing(sqlite3.connect(db)) as conn, conn:
        stored = [r[0] for r in conn.execute("SELECT session_id FROM agent_sessions")]
    assert stored == [odd]
    # A prefix of the id (or the id cut at the NUL) is a different session.
    for other in (odd[:5], "a'b\"c"):
        neighbour = SQLiteSession(other, db)
        assert await neighbour.get_items() == []
        neighbour.close()


BAD_TABLES = [
    "agent_messages; DROP TABLE agent_sessions",
    "t (id)",
    "a-b",
    "1starts_with_digit",
    "",
    "x" * 200,
    'quoted"name',
    "spaced name",
    "nul\x00",
    "ünicode",
]


@pytest.mark.parametrize("table", BAD_TABLES, ids=lambda s: repr(s[:20]))
@pytest.mark.parametrize("argument", ["sessions_table", "messages_table"])
def test_table_names_must_be_identifiers(tmp_path: Path, table: str, argument: str) -> None:
    with pytest.raises(ValueError, match="plain SQL identifier"):
        SQLiteSession("s", tmp_path / "s.db", **{argument: table})
    with pytest.raises(ValueError, match="plain SQL identifier"):
        AdvancedSQLiteSession(session_id="s", db_path=tmp_path / "a.db", **{argument: table})
    assert not (tmp_path / "s.db").exists()


def test_session_id_must_be_a_string() -> None:
    with pytest.raises(TypeError):
        SQLiteSession(b"bytes-id")  # type: ignore[arg-type]
