"""Databases are interchangeable with openai-agents' SQLiteSession and AdvancedSQLiteSession.

Fixtures in tests/memory/data were written by openai-agents 0.24.0 (see its README).
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from agentkit.memory import AdvancedSQLiteSession, SQLiteSession
from agentkit.usage import Usage
from tests._reference import HAVE_REFERENCE, NO_REFERENCE_REASON
from tests._reference import REF_PYTHON as UPSTREAM_PYTHON

DATA = Path(__file__).parent / "data"


def _schema_dump() -> Any:
    spec = importlib.util.spec_from_file_location("_memory_schema_dump", DATA / "schema_dump.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _plain(value: Any) -> Any:
    return json.loads(json.dumps(value))


def _copy(name: str, tmp_path: Path) -> Path:
    target = tmp_path / name
    shutil.copy(DATA / name, target)
    return target


@pytest.fixture(scope="module")
def upstream_reads() -> Any:
    return json.loads((DATA / "upstream_reads.json").read_text(encoding="utf-8"))


def _result_with_usage(n: int) -> Any:
    usage = Usage(requests=n, input_tokens=10 * n, output_tokens=5 * n, total_tokens=15 * n)
    return SimpleNamespace(context_wrapper=SimpleNamespace(usage=usage))


async def test_schema_equals_the_upstream_schema(tmp_path: Path) -> None:
    expected = json.loads((DATA / "upstream_schema.json").read_text())
    plain, advanced = tmp_path / "plain.db", tmp_path / "advanced.db"
    for session in (
        SQLiteSession("a", plain),
        SQLiteSession("b", plain, sessions_table="chat_sessions", messages_table="chat_messages"),
        AdvancedSQLiteSession(session_id="t", db_path=advanced, create_tables=True),
    ):
        await session.get_items()
        session.close()
    dump = _schema_dump().dump_schema
    ours = _plain({"sqlite": dump(str(plain)), "advanced": dump(str(advanced))})
    for db in ("sqlite", "advanced"):
        assert sorted(ours[db]) == sorted(expected[db])
        for name, description in expected[db].items():
            assert ours[db][name] == description, f"{db}: {name} differs from upstream"


@pytest.mark.parametrize(
    ("session_id", "tables"),
    [
        ("user_1", {}),
        ("user_2", {}),
        ("custom", {"sessions_table": "chat_sessions", "messages_table": "chat_messages"}),
    ],
)
async def test_reads_a_database_written_by_upstream(
    tmp_path: Path, upstream_reads: Any, session_id: str, tables: dict[str, str]
) -> None:
    session = SQLiteSession(session_id, _copy("upstream_sqlite.db", tmp_path), **tables)
    expected = upstream_reads[session_id]
    assert await session.get_items() == expected["items"]
    assert await session.get_items(limit=2) == expected["items_limit_2"]
    assert len(expected["items"]) >= 2
    session.close()


async def test_reads_and_extends_an_advanced_database_written_by_upstream(
    tmp_path: Path, upstream_reads: Any
) -> None:
    expected = upstream_reads["advanced"]
    session = AdvancedSQLiteSession(
        session_id="trip", db_path=_copy("upstream_advanced.db", tmp_path)
    )
    assert _plain(await session.list_branches()) == expected["branches"]
    assert await session.get_session_usage() == expected["all_usage"]
    for branch in ("main", "weather_focus"):
        want = expected[branch]
        assert await session.get_items(branch_id=branch) == want["items"]
        assert await session.get_items(limit=2, branch_id=branch) == want["items_limit_2"]
        assert _plain(await session.get_conversation_turns(branch)) == want["turns"]
        by_turns = await session.get_conversation_by_turns(branch)
        assert {str(k): v for k, v in by_turns.items()} == want["by_turns"]
        assert [list(t) for t in await session.get_tool_usage(branch)] == want["tool_usage"]
        assert await session.get_session_usage(branch) == want["session_usage"]
        assert _plain(await session.get_turn_usage(branch_id=branch)) == want["turn_usage"]

    # Writing continues the upstream numbering: main had three user turns.
    await session.add_items([{"role": "user", "content": "fourth"}])
    turns = await session.get_conversation_turns()
    assert [t["turn"] for t in turns] == [1, 2, 3, 4]
    with pytest.raises(ValueError, match="already been used"):
        await session.create_branch_from_turn(2, "weather_focus")
    session.close()


@pytest.mark.skipif(not HAVE_REFERENCE, reason=NO_REFERENCE_REASON)
async def test_upstream_reads_databases_written_by_agentkit(tmp_path: Path) -> None:
    plain, advanced = tmp_path / "plain.db", tmp_path / "advanced.db"
    one, two = SQLiteSession("one", plain), SQLiteSession("two 'quoted' ü", plain)
    await one.add_items(
        [{"role": "user", "content": "héllo 🙂"}, {"role": "assistant", "content": "hi"}]
    )
    await two.add_items([{"type": "function_call", "call_id": "c", "name": "f", "arguments": "{}"}])
    await one.add_items([{"type": "function_call_output", "call_id": "c", "output": "x"}])
    adv = AdvancedSQLiteSession(session_id="trip", db_path=advanced, create_tables=True)
    await adv.add_items(
        [{"role": "user", "content": "first"}, {"role": "assistant", "content": "a"}]
    )
    await adv.store_run_usage(_result_with_usage(1))
    await adv.add_items(
        [
            {"role": "user", "content": [{"type": "input_text", "text": "second"}]},
            {
                "type": "mcp_call",
                "id": "m",
                "server_label": "maps",
                "name": "route",
                "arguments": "{}",
            },
        ]
    )
    await adv.store_run_usage(_result_with_usage(2))
    await adv.create_branch_from_turn(2, "alt")
    await adv.add_items([{"role": "user", "content": "other second"}])
    await adv.store_run_usage(_result_with_usage(3))
    await adv.switch_to_branch("main")

    ours: dict[str, Any] = {}
    for session in (one, two):
        ours[session.session_id] = {
            "items": await session.get_items(),
            "items_limit_2": await session.get_items(limit=2),
        }
        session.close()
    ours["advanced"] = {
        "branches": await adv.list_branches(),
        "all_usage": await adv.get_session_usage(),
    }
    for branch in ("main", "alt"):
        ours["advanced"][branch] = {
            "items": await adv.get_items(branch_id=branch),
            "turns": await adv.get_conversation_turns(branch),
            "by_turns": {
                str(k): v for k, v in (await adv.get_conversation_by_turns(branch)).items()
            },
            "tool_usage": [list(t) for t in await adv.get_tool_usage(branch)],
            "turn_usage": await adv.get_turn_usage(branch_id=branch),
        }
    adv.close()

    completed = subprocess.run(
        [
            UPSTREAM_PYTHON,
            str(DATA / "read_with_upstream.py"),
            str(plain),
            "one",
            "two 'quoted' ü",
            "--advanced",
            str(advanced),
            "trip",
            "main",
            "alt",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    upstream = json.loads(completed.stdout)
    ours = _plain(ours)
    assert sorted(upstream) == sorted(ours)
    for key in ("one", "two 'quoted' ü"):
        assert upstream[key] == ours[key], key
    # Upstream orders branches created in the same second arbitrarily.
    for tree in (upstream, ours):
        tree["advanced"]["branches"].sort(key=lambda branch: branch["branch_id"])
    for key, value in ours["advanced"].items():
        assert upstream["advanced"][key] == value, key
    assert upstream["advanced"]["all_usage"]["requests"] == 6
