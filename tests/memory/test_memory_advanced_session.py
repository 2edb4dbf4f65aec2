"""AdvancedSQLiteSession: turns per branch, branching, usage and structured queries."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from contextlib import closing
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from agentkit.extensions.memory import AdvancedSQLiteSession
from agentkit.memory import AdvancedSQLiteSession as ReExported
from agentkit.memory import SQLiteSession
from agentkit.usage import Usage


def _user(text: str) -> dict[str, Any]:
    return {"role": "user", "content": text}


def _assistant(text: str) -> dict[str, Any]:
    return {"role": "assistant", "content": text}


def _result(n: int) -> Any:
    usage = Usage(requests=n, input_tokens=10 * n, output_tokens=5 * n, total_tokens=15 * n)
    return SimpleNamespace(context_wrapper=SimpleNamespace(usage=usage))


async def _conversation(session: AdvancedSQLiteSession) -> None:
    """Three turns: greeting, weather (with tool calls), hotels; usage stored after each."""
    await session.add_items([_user("Hello there"), _assistant("Hi!")])
    await session.store_run_usage(_result(1))
    await session.add_items(
        [
            _user("What's the WEATHER in Paris?"),
            {"type": "function_call", "call_id": "c1", "name": "weather", "arguments": "{}"},
            {"type": "function_call_output", "call_id": "c1", "output": "sunny"},
            {"type": "function_call", "call_id": "c2", "name": "weather", "arguments": "{}"},
            {"type": "function_call_output", "call_id": "c2", "output": "warm"},
            _assistant("Sunny and warm."),
        ]
    )
    await session.store_run_usage(_result(2))
    await session.add_items([_user("Hotels near the Louvre?"), _assistant("Three options.")])
    await session.store_run_usage(_result(3))


@pytest.fixture
async def session(tmp_path: Path) -> Any:
    s = AdvancedSQLiteSession(session_id="s", db_path=tmp_path / "adv.db", create_tables=True)
    yield s
    s.close()


def test_is_exported_from_memory_too() -> None:
    assert ReExported is AdvancedSQLiteSession
    assert issubclass(AdvancedSQLiteSession, SQLiteSession)


async def test_without_create_tables_the_tables_must_exist(tmp_path: Path) -> None:
    bare = AdvancedSQLiteSession(session_id="s", db_path=tmp_path / "a.db")
    with pytest.raises(ValueError, match="create_tables=True"):
        await bare.get_items()
    bare.close()
    made = AdvancedSQLiteSession(session_id="s", db_path=tmp_path / "a.db", create_tables=True)
    await made.add_items([_user("hi")])
    made.close()
    reopened = AdvancedSQLiteSession(session_id="s", db_path=tmp_path / "a.db")
    assert await reopened.get_items() == [_user("hi")]
    reopened.close()


async def test_structure_tables_belong_to_one_table_pair_per_file(tmp_path: Path) -> None:
    first = AdvancedSQLiteSession(session_id="s", db_path=tmp_path / "a.db", create_tables=True)
    await first.get_items()
    first.close()
    other = AdvancedSQLiteSession(
        session_id="s",
        db_path=tmp_path / "a.db",
        create_tables=True,
        sessions_table="other_sessions",
        messages_table="other_messages",
    )
    with pytest.raises(ValueError, match="its own db_path"):
        await other.get_items()
    other.close()


async def test_turns_are_numbered_per_batch_and_classified(session: AdvancedSQLiteSession) -> None:
    await session.add_items([_assistant("preamble"), _user("one"), _user("two"), _assistant("x")])
    by_turn = await session.get_conversation_by_turns()
    assert by_turn == {
        0: [{"type": "assistant", "tool_name": None}],
        1: [{"type": "user", "tool_name": None}],
        2: [{"type": "user", "tool_name": None}, {"type": "assistant", "tool_name": None}],
    }
    await session.add_items(
        [
            _user("three"),
            {
                "type": "mcp_call",
                "id": "m",
                "server_label": "maps",
                "name": "route",
                "arguments": "",
            },
            {
                "type": "mcp_approval_request",
                "id": "a",
                "server_label": "maps",
                "name": "",
                "arguments": "",
            },
            {
                "type": "function_call",
                "call_id": "c",
                "name": "f",
                "namespace": "ns",
                "arguments": "",
            },
            {
                "type": "function_call",
                "call_id": "d",
                "name": "g",
                "namespace": "g",
                "arguments": "",
            },
            {"type": "web_search_call", "id": "w", "status": "completed"},
            {"type": "tool_search_call", "call_id": "t", "arguments": {}},
            {"type": "tool_search_output", "call_id": "t", "tools": []},
            {"role": "system", "content": "no type"},
        ]
    )
    turn3 = (await session.get_conversation_by_turns())[3]
    assert turn3 == [
        {"type": "user", "tool_name": None},
        {"type": "mcp_call", "tool_name": "maps.route"},
        {"type": "mcp_approval_request", "tool_name": "maps"},
        {"type": "function_call", "tool_name": "ns.f"},
        {"type": "function_call", "tool_name": "g"},
        {"type": "web_search_call", "tool_name": "web_search_call"},
        {"type": "tool_search_call", "tool_name": "tool_search"},
        {"type": "tool_search_output", "tool_name": "tool_search"},
        {"type": "other", "tool_name": None},
    ]
    assert await session.get_tool_usage() == [
        ("g", 1, 3),
        ("maps", 1, 3),
        ("maps.route", 1, 3),
        ("ns.f", 1, 3),
        ("tool_search", 1, 3),  # the output is not counted: its turn has the call
        ("web_search_call", 1, 3),
    ]


async def test_tool_search_output_without_a_call_counts(session: AdvancedSQLiteSession) -> None:
    await session.add_items(
        [_user("q"), {"type": "tool_search_output", "call_id": "t", "tools": []}]
    )
    assert await session.get_tool_usage() == [("tool_search", 1, 1)]


async def test_conversation_turns_and_search(session: AdvancedSQLiteSession) -> None:
    await _conversation(session)
    long_text = "L" * 150
    await session.add_items(
        [{"role": "user", "content": [{"type": "input_text", "text": long_text}]}]
    )
    turns = await session.get_conversation_turns()
    assert [t["turn"] for t in turns] == [1, 2, 3, 4]
    assert turns[0]["content"] == "Hello there" and turns[0]["can_branch"] is True
    assert turns[3]["content"].endswith("...") and len(turns[3]["content"]) == 103
    assert turns[3]["full_content"] == [{"type": "input_text", "text": long_text}]
    found = await session.find_turns_by_content("weather")  # ASCII case-insensitive
    assert [t["turn"] for t in found] == [2]
    assert found[0]["content"] == "What's the WEATHER in Paris?"
    assert await session.find_turns_by_content("sunny") == []  # only user messages are searched
    assert await session.find_turns_by_content("%") == []  # no LIKE wildcards
    assert [t["turn"] for t in await session.find_turns_by_content("LLLL")] == [4]


async def test_usage_per_turn_and_totals(session: AdvancedSQLiteSession) -> None:
    assert await session.get_session_usage() is None
    assert await session.get_turn_usage(1) == {}
    await _conversation(session)
    per_turn = await session.get_turn_usage()
    assert isinstance(per_turn, list)
    assert [(t["user_turn_number"], t["requests"], t["total_tokens"]) for t in per_turn] == [
        (1, 1, 15),
        (2, 2, 30),
        (3, 3, 45),
    ]
    assert per_turn[0]["input_tokens_details"] == {
        "cached_tokens": 0,
        "cache_write_tokens": 0,
        "cache_write_tokens_details": None,
    }
    assert per_turn[0]["output_tokens_details"] == {"reasoning_tokens": 0}
    assert await session.get_turn_usage(2) == {
        "requests": 2,
        "input_tokens": 20,
        "output_tokens": 10,
        "total_tokens": 30,
        "input_tokens_details": per_turn[1]["input_tokens_details"],
        "output_tokens_details": {"reasoning_tokens": 0},
    }
    assert await session.get_session_usage() == {
        "requests": 6,
        "input_tokens": 60,
        "output_tokens": 30,
        "total_tokens": 90,
        "total_turns": 3,
    }
    await session.store_run_usage(_result(5))  # the same turn again: replaced, not added
    assert (await session.get_turn_usage(3))["requests"] == 5  # type: ignore[call-overload]


async def test_store_run_usage_logs_instead_of_raising(
    session: AdvancedSQLiteSession, caplog: pytest.LogCaptureFixture
) -> None:
    await session.add_items([_user("hi")])
    with caplog.at_level(logging.ERROR):
        await session.store_run_usage(object())  # type: ignore[arg-type]
    assert "Failed to store run usage" in caplog.text
    await session.store_run_usage(SimpleNamespace(context_wrapper=SimpleNamespace(usage=None)))  # type: ignore[arg-type]
    assert await session.get_session_usage() is None
    closed = AdvancedSQLiteSession(session_id="c", create_tables=True)
    closed.close()
    caplog.clear()
    with caplog.at_level(logging.ERROR):
        await closed.store_run_usage(_result(1))
    assert "is closed" in caplog.text


async def test_branch_from_turn_copies_earlier_turns_and_switches(
    session: AdvancedSQLiteSession,
) -> None:
    await _conversation(session)
    main_items = await session.get_items()
    branch = await session.create_branch_from_turn(2, "weather_focus")
    assert branch == "weather_focus"
    assert await session.get_items() == main_items[:2]  # turn 1 only
    await session.add_items([_user("Only rain?"), _assistant("Yes.")])
    await session.store_run_usage(_result(7))
    assert [t["turn"] for t in await session.get_conversation_turns()] == [1, 2]
    assert (await session.get_turn_usage(2))["requests"] == 7  # type: ignore[call-overload]
    assert await session.get_items(branch_id="main") == main_items
    assert (await session.get_turn_usage(2, branch_id="main"))["requests"] == 2  # type: ignore[call-overload]
    branches = await session.list_branches()
    assert [
        (b["branch_id"], b["message_count"], b["user_turns"], b["is_current"]) for b in branches
    ] == [
        ("main", 10, 3, False),
        ("weather_focus", 4, 2, True),
    ]
    assert (await session.get_session_usage("weather_focus"))["requests"] == 7  # type: ignore[index]
    assert (await session.get_session_usage())["requests"] == 13  # type: ignore[index]
    await session.switch_to_branch("main")
    assert await session.get_items() == main_items


async def test_branch_names_are_validated_and_never_reused(session: AdvancedSQLiteSession) -> None:
    await _conversation(session)
    with pytest.raises(ValueError, match="Branch name cannot be empty"):
        await session.create_branch_from_turn(2, "  ")
    with pytest.raises(ValueError, match="Turn 9 does not contain a user message in branch 'main'"):
        await session.create_branch_from_turn(9)
    with pytest.raises(ValueError, match="'main' has already been used"):
        await session.create_branch_from_turn(2, "main")
    first = await session.create_branch_from_turn(3)
    assert first.startswith("branch_from_turn_3_")
    await session.switch_to_branch("main")
    second = await session.create_branch_from_turn(3)
    assert second == f"{first}_2" or second.startswith("branch_from_turn_3_")
    assert second != first
    await session.switch_to_branch("main")
    await session.delete_branch(first)
    with pytest.raises(ValueError, match="already been used"):
        await session.create_branch_from_turn(2, first)


async def test_branch_from_content_uses_the_earliest_match(session: AdvancedSQLiteSession) -> None:
    await _conversation(session)
    await session.add_items([_user("weather again")])
    branch = await session.create_branch_from_content("WEATHER", "w")
    assert branch == "w"
    assert await session.get_items() == (await session.get_items(branch_id="main"))[:2]
    with pytest.raises(ValueError, match="No user turns found containing 'nowhere'"):
        await session.create_branch_from_content("nowhere")


async def test_switch_and_delete_branch_rules(session: AdvancedSQLiteSession) -> None:
    await _conversation(session)
    with pytest.raises(ValueError, match="Branch 'nope' does not exist"):
        await session.switch_to_branch("nope")
    await session.create_branch_from_turn(3, "b")
    with pytest.raises(ValueError, match="Cannot delete the 'main' branch"):
        await session.delete_branch("main")
    with pytest.raises(ValueError, match="Branch ID cannot be empty"):
        await session.delete_branch(" ")
    with pytest.raises(ValueError, match="Cannot delete current branch 'b'"):
        await session.delete_branch("b")
    with pytest.raises(ValueError, match="Branch 'ghost' does not exist"):
        await session.delete_branch("ghost")
    await session.delete_branch("b", force=True)
    assert [b["branch_id"] for b in await session.list_branches()] == ["main"]
    assert (await session.list_branches())[0]["is_current"] is True
    assert len(await session.get_items()) == 10  # shared items survive


async def test_deleting_a_branch_deletes_only_its_own_items(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    session = AdvancedSQLiteSession(session_id="s", db_path=db, create_tables=True)
    await _conversation(session)
    await session.create_branch_from_turn(2, "b")
    await session.add_items([_user("only on b")])
    await session.store_run_usage(_result(4))
    await session.switch_to_branch("main")
    await session.delete_branch("b")
    session.close()
    with closing(sqlite3.connect(db)) as conn, conn:
        messages = conn.execute("SELECT COUNT(*) FROM agent_messages").fetchone()[0]
        usage = conn.execute("SELECT COUNT(*) FROM turn_usage WHERE branch_id = 'b'").fetchone()[0]
    conn.close()
    assert (messages, usage) == (10, 0)


async def test_pop_item_works_on_the_current_branch_only(session: AdvancedSQLiteSession) -> None:
    await _conversation(session)
    await session.create_branch_from_turn(3, "b")
    await session.add_items([_user("b only")])
    await session.store_run_usage(_result(9))
    assert await session.pop_item() == _user("b only")
    assert await session.get_turn_usage(3) == {}  # the emptied turn lost its usage row
    assert await session.pop_item() == {"role": "assistant", "content": "Sunny and warm."}
    assert len(await session.get_items(branch_id="main")) == 10  # shared item kept for main
    await session.switch_to_branch("main")
    assert await session.pop_item() == _assistant("Three options.")
    assert (await session.get_turn_usage(3))["requests"] == 3  # type: ignore[call-overload]


async def test_clear_session_resets_to_main_in_every_instance(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    one = AdvancedSQLiteSession(session_id="s", db_path=db, create_tables=True)
    two = AdvancedSQLiteSession(session_id="s", db_path=db)
    await _conversation(one)
    await one.create_branch_from_turn(2, "b")
    await two.switch_to_branch("b")
    await one.clear_session()
    assert await one.get_items() == [] and await one.list_branches() == []
    assert await one.get_session_usage() is None
    await two.add_items([_user("after clear")])  # two notices the clear and writes to main
    assert await one.get_items() == [_user("after clear")]
    assert (await two.list_branches())[0]["branch_id"] == "main"
    with pytest.raises(ValueError, match="already been used"):
        await one.create_branch_from_turn(1, "b")
    one.close()
    two.close()


async def test_add_items_is_atomic_with_its_structure_rows(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    session = AdvancedSQLiteSession(session_id="s", db_path=db, create_tables=True)
    await session.add_items([_user("kept")])
    with closing(sqlite3.connect(db)) as conn, conn:
        conn.execute(
            "CREATE TRIGGER boom BEFORE INSERT ON message_structure"
            " WHEN NEW.sequence_number = 3 BEGIN SELECT RAISE(ABORT, 'boom'); END"
        )
    conn.close()
    with pytest.raises(sqlite3.IntegrityError):
        await session.add_items([_user("a"), _user("b")])
    assert await session.get_items() == [_user("kept")]
    with closing(sqlite3.connect(db)) as conn, conn:
        assert conn.execute("SELECT COUNT(*) FROM agent_messages").fetchone()[0] == 1
    conn.close()
    session.close()


async def test_usage_is_recorded_for_the_turn_current_at_call_time(
    session: AdvancedSQLiteSession,
) -> None:
    await session.add_items([_user("one")])
    store = asyncio.ensure_future(session.store_run_usage(_result(1)))
    add = asyncio.ensure_future(session.add_items([_user("two")]))
    await asyncio.gather(store, add)
    assert [t["user_turn_number"] for t in await session.get_turn_usage()] == [1]  # type: ignore[index]
