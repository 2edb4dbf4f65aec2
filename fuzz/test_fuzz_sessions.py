"""Session stores against a list model: random add/pop/get/clear sequences must agree."""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from agentkit.extensions.memory import AdvancedSQLiteSession
from agentkit.memory import SQLiteSession

from ._support import json_values, run, scaled

_items = (
    st.builds(lambda text: {"role": "user", "content": text}, st.text(max_size=12))
    | st.builds(
        lambda text: {
            "type": "message",
            "role": "assistant",
            "content": [{"type": "output_text", "text": text}],
        },
        st.text(max_size=12),
    )
    | st.builds(
        lambda name, args: {
            "type": "function_call",
            "call_id": "call_" + name,
            "name": name,
            "arguments": args,
        },
        st.text("abc", min_size=1, max_size=3),
        st.text(max_size=8),
    )
    | st.dictionaries(st.text(max_size=6), json_values(6), max_size=3)
)

_ops = st.lists(
    st.one_of(
        st.tuples(st.just("add"), st.lists(_items, max_size=4)),
        st.tuples(st.just("pop"), st.none()),
        st.tuples(st.just("get"), st.none() | st.integers(-2, 6)),
        st.tuples(st.just("clear"), st.none()),
    ),
    max_size=14,
)

_session_ids = st.text(max_size=12) | st.sampled_from(
    ["'; DROP TABLE agent_messages; --", "a\x00b"]
)


async def _apply(session: Any, ops: list[tuple[str, Any]], other: Any) -> None:
    model: list[Any] = []
    for op, arg in ops:
        if op == "add":
            await session.add_items(arg)
            model.extend(arg)
        elif op == "pop":
            expected = model.pop() if model else None
            assert await session.pop_item() == expected
        elif op == "get":
            got = await session.get_items(arg)
            if arg is None or arg < 0:
                assert got == model
            else:
                assert got == (model[-arg:] if arg else [])
        else:
            await session.clear_session()
            model.clear()
    assert await session.get_items() == model
    # A second session in the same database never sees these items.
    assert await other.get_items() == []


async def _all_stores(session_id: str, ops: list[tuple[str, Any]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db, advanced_db = str(Path(tmp) / "plain.db"), str(Path(tmp) / "advanced.db")
        pairs = [
            (SQLiteSession(session_id), SQLiteSession(session_id + "-other")),
            (SQLiteSession(session_id, db), SQLiteSession(session_id + "-other", db)),
            (
                AdvancedSQLiteSession(
                    session_id=session_id, db_path=advanced_db, create_tables=True
                ),
                AdvancedSQLiteSession(
                    session_id=session_id + "-other", db_path=advanced_db, create_tables=True
                ),
            ),
        ]
        try:
            for session, other in pairs:
                await _apply(session, ops, other)
        finally:
            for session, other in pairs:
                session.close()
                other.close()


@scaled(0.4)
@given(_session_ids, _ops)
def test_fuzz_session_stores_match_a_list(session_id: str, ops: list[tuple[str, Any]]) -> None:
    run(_all_stores(session_id, ops))


async def _concurrent(ops: list[tuple[str, Any]]) -> None:
    """Issue every operation at once: the session applies them in the order they were made."""
    with tempfile.TemporaryDirectory() as tmp:
        session = SQLiteSession("concurrent", str(Path(tmp) / "c.db"))
        model: list[Any] = []
        expected: list[Any] = []
        calls = []
        for op, arg in ops:
            if op == "add":
                calls.append(session.add_items(arg))
                model.extend(arg)
                expected.append(None)
            elif op == "pop":
                calls.append(session.pop_item())
                expected.append(model.pop() if model else None)
            elif op == "get":
                calls.append(session.get_items(arg))
                if arg is None or arg < 0:
                    expected.append(list(model))
                else:
                    expected.append(model[-arg:] if arg else [])
            else:
                calls.append(session.clear_session())
                model.clear()
                expected.append(None)
        try:
            assert list(await asyncio.gather(*calls)) == expected
            assert await session.get_items() == model
        finally:
            session.close()


@scaled(0.4)
@given(_ops)
def test_fuzz_session_concurrent_calls_apply_in_order(ops: list[tuple[str, Any]]) -> None:
    run(_concurrent(ops))
