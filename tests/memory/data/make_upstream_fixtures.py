"""Write the upstream-SDK fixtures of tests/memory with openai-agents 0.24.0 (not agentkit).

Run from anywhere with a Python that has `openai-agents` installed, e.g.
    /opt/ref/bin/python tests/memory/data/make_upstream_fixtures.py
It (re)writes, next to this file:
    upstream_sqlite.db     SQLiteSession data: two sessions in the default tables, one in custom ones
    upstream_advanced.db   AdvancedSQLiteSession data: turns, tool calls, usage, a second branch
    upstream_schema.json   the schema of both files, as described by schema_dump.py
    upstream_reads.json    what openai-agents itself reads back from both files
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import sys
from pathlib import Path
from types import SimpleNamespace

from agents import SQLiteSession
from agents.extensions.memory import AdvancedSQLiteSession
from agents.usage import InputTokensDetails, OutputTokensDetails, Usage

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from schema_dump import dump_schema  # noqa: E402

ITEMS_1 = [
    {"role": "user", "content": "Hello, what's the weather in Zürich? 🌦"},
    {
        "type": "function_call",
        "call_id": "call_1",
        "name": "get_weather",
        "arguments": '{"city": "Zürich"}',
    },
    {"type": "function_call_output", "call_id": "call_1", "output": "12°C, light rain"},
    {
        "type": "message",
        "role": "assistant",
        "id": "msg_1",
        "status": "completed",
        "content": [
            {"type": "output_text", "text": "It's 12°C — take an umbrella ☂.", "annotations": []}
        ],
    },
    {"role": "user", "content": [{"type": "input_text", "text": "Danke! 日本語も?"}]},
    {"type": "reasoning", "id": "rs_1", "summary": [{"type": "summary_text", "text": "think"}]},
]
ITEMS_2 = [
    {"role": "user", "content": "quote ' and \" and \\ and NUL-free"},
    {"role": "assistant", "content": "ok"},
]
CUSTOM = [{"role": "developer", "content": "custom tables"}, {"role": "user", "content": "hi"}]

ADVANCED_TURNS = [
    [
        {"role": "user", "content": "Plan a trip to Paris"},
        {"role": "assistant", "content": "Sure."},
    ],
    [
        {"role": "user", "content": "What's the weather there?"},
        {"type": "function_call", "call_id": "c1", "name": "weather", "arguments": "{}"},
        {"type": "function_call_output", "call_id": "c1", "output": "sunny"},
        {
            "type": "mcp_call",
            "id": "m1",
            "server_label": "maps",
            "name": "route",
            "arguments": "{}",
        },
        {"role": "assistant", "content": "Sunny."},
    ],
    [
        {"role": "user", "content": "And hotels?"},
        {"role": "assistant", "content": "Here are three."},
    ],
]


def usage(n: int) -> SimpleNamespace:
    value = Usage(
        requests=n,
        input_tokens=10 * n,
        output_tokens=5 * n,
        total_tokens=15 * n,
        input_tokens_details=InputTokensDetails(cached_tokens=n, cache_write_tokens=0),
        output_tokens_details=OutputTokensDetails(reasoning_tokens=2 * n),
    )
    return SimpleNamespace(context_wrapper=SimpleNamespace(usage=value))


def plain(value: object) -> object:
    return json.loads(json.dumps(value))


async def advanced_reads(session: AdvancedSQLiteSession, branch: str) -> dict[str, object]:
    return {
        "items": await session.get_items(branch_id=branch),
        "items_limit_2": await session.get_items(limit=2, branch_id=branch),
        "turns": await session.get_conversation_turns(branch),
        "by_turns": {
            str(k): v for k, v in (await session.get_conversation_by_turns(branch)).items()
        },
        "tool_usage": [list(t) for t in await session.get_tool_usage(branch)],
        "session_usage": await session.get_session_usage(branch),
        "turn_usage": await session.get_turn_usage(branch_id=branch),
    }


async def main() -> None:
    plain_db, advanced_db = HERE / "upstream_sqlite.db", HERE / "upstream_advanced.db"
    for path in (plain_db, advanced_db):
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)

    reads: dict[str, object] = {}
    s1, s2 = SQLiteSession("user_1", plain_db), SQLiteSession("user_2", plain_db)
    custom = SQLiteSession("custom", plain_db, "chat_sessions", "chat_messages")
    await s1.add_items(ITEMS_1[:3])
    await s2.add_items(ITEMS_2)
    await s1.add_items(ITEMS_1[3:])
    await custom.add_items(CUSTOM)
    for name, s in (("user_1", s1), ("user_2", s2), ("custom", custom)):
        reads[name] = {"items": await s.get_items(), "items_limit_2": await s.get_items(limit=2)}
        s.close()

    adv = AdvancedSQLiteSession(session_id="trip", db_path=advanced_db, create_tables=True)
    for n, turn in enumerate(ADVANCED_TURNS, start=1):
        await adv.add_items(turn)
        await adv.store_run_usage(usage(n))
    await adv.create_branch_from_turn(2, "weather_focus")
    await adv.add_items(
        [
            {"role": "user", "content": "Only the weather, please"},
            {"role": "assistant", "content": "Rain."},
        ]
    )
    await adv.store_run_usage(usage(7))
    await adv.switch_to_branch("main")
    reads["advanced"] = {
        "branches": await adv.list_branches(),
        "main": await advanced_reads(adv, "main"),
        "weather_focus": await advanced_reads(adv, "weather_focus"),
        "all_usage": await adv.get_session_usage(),
    }
    adv.close()

    for path in (plain_db, advanced_db):
        with sqlite3.connect(path) as conn:  # fold the WAL into the file we commit
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.close()
    schema = {"sqlite": dump_schema(str(plain_db)), "advanced": dump_schema(str(advanced_db))}
    (HERE / "upstream_schema.json").write_text(json.dumps(schema, indent=1, sort_keys=True) + "\n")
    (HERE / "upstream_reads.json").write_text(
        json.dumps(plain(reads), indent=1, ensure_ascii=False, sort_keys=True) + "\n"
    )
    for path in (plain_db, advanced_db):
        for suffix in ("-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)


if __name__ == "__main__":
    asyncio.run(main())
