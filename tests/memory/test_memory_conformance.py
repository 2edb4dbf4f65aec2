"""The session conformance kit: the built-in stores pass it, and it catches broken stores."""

from __future__ import annotations

import asyncio
import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from agentkit.memory import AdvancedSQLiteSession, SQLiteSession
from agentkit.memory._conformance import SESSION_CONFORMANCE_CHECKS, run_session_conformance


@pytest.fixture
def opened() -> Iterator[list[Any]]:
    sessions: list[Any] = []
    yield sessions
    for session in sessions:
        session.close()


async def test_sqlite_in_memory_conforms(opened: list[Any]) -> None:
    def factory(session_id: str) -> SQLiteSession:
        opened.append(SQLiteSession(session_id))
        return opened[-1]

    assert await run_session_conformance(factory) == list(SESSION_CONFORMANCE_CHECKS)


async def test_sqlite_file_conforms(tmp_path: Path, opened: list[Any]) -> None:
    def factory(session_id: str) -> SQLiteSession:
        opened.append(SQLiteSession(session_id, tmp_path / "c.db"))
        return opened[-1]

    await run_session_conformance(factory)


async def test_sqlite_file_with_custom_tables_conforms_through_an_async_factory(
    tmp_path: Path, opened: list[Any]
) -> None:
    async def factory(session_id: str) -> SQLiteSession:
        await asyncio.sleep(0)
        opened.append(SQLiteSession(session_id, tmp_path / "c.db", "s_tab", "m_tab"))
        return opened[-1]

    await run_session_conformance(factory)


async def test_advanced_sqlite_conforms(tmp_path: Path, opened: list[Any]) -> None:
    def factory(session_id: str) -> AdvancedSQLiteSession:
        opened.append(
            AdvancedSQLiteSession(
                session_id=session_id, db_path=tmp_path / "a.db", create_tables=True
            )
        )
        return opened[-1]

    await run_session_conformance(factory)


# -- a correct third-party session, and broken variants of it ------------------------------------


class ListSession:
    """A Session-protocol store over a dict of lists, written as a third party would."""

    def __init__(self, session_id: str, store: dict[str, list[Any]]) -> None:
        self.session_id = session_id
        self.session_settings = None
        self._store = store

    @property
    def _items(self) -> list[Any]:
        return self._store.setdefault(self.session_id, [])

    async def get_items(self, limit: int | None = None) -> list[Any]:
        items = self._items if limit is None else self._items[-limit:] if limit > 0 else []
        return copy.deepcopy(items)

    async def add_items(self, items: list[Any]) -> None:
        self._items.extend(copy.deepcopy(items))

    async def pop_item(self) -> Any:
        return self._items.pop() if self._items else None

    async def clear_session(self) -> None:
        self._items.clear()


class LimitFromStart(ListSession):
    async def get_items(self, limit: int | None = None) -> list[Any]:
        return copy.deepcopy(self._items if limit is None else self._items[:limit])


class PopOldest(ListSession):
    async def pop_item(self) -> Any:
        return self._items.pop(0) if self._items else None


class PopRaisesWhenEmpty(ListSession):
    async def pop_item(self) -> Any:
        return self._items.pop()


class SharedAcrossIds(ListSession):
    @property
    def _items(self) -> list[Any]:
        return self._store.setdefault("everyone", [])


class KeepsReferences(ListSession):
    async def add_items(self, items: list[Any]) -> None:
        self._items.extend(items)

    async def get_items(self, limit: int | None = None) -> list[Any]:
        return self._items if limit is None else self._items[-limit:] if limit > 0 else []


class ClearDoesNothingVisible(ListSession):
    async def clear_session(self) -> None:
        self._store[self.session_id + "-archived"] = self._items


class LosesConcurrentWrites(ListSession):
    async def add_items(self, items: list[Any]) -> None:
        snapshot = list(self._items)
        await asyncio.sleep(0)  # a read-modify-write race, as with a remote store
        self._store[self.session_id] = snapshot + copy.deepcopy(items)


class InterleavesBatches(ListSession):
    async def add_items(self, items: list[Any]) -> None:
        for item in items:
            self._items.append(copy.deepcopy(item))
            await asyncio.sleep(0)


class AsciiOnly(ListSession):
    async def add_items(self, items: list[Any]) -> None:
        for item in items:
            text = item.get("content")
            if isinstance(text, str):
                item = {**item, "content": text.encode("ascii", "replace").decode()}
            self._items.append(copy.deepcopy(item))


class DropsUnknownKeys(ListSession):
    async def add_items(self, items: list[Any]) -> None:
        known = {"role", "content", "type", "call_id", "name", "arguments", "output", "id"}
        self._items.extend({k: v for k, v in item.items() if k in known} for item in items)


async def test_a_correct_third_party_session_conforms() -> None:
    store: dict[str, list[Any]] = {}
    assert await run_session_conformance(lambda sid: ListSession(sid, store))


async def test_the_first_violation_stops_the_run() -> None:
    store: dict[str, list[Any]] = {}
    with pytest.raises(AssertionError, match="check 'limit' failed"):
        await run_session_conformance(lambda sid: SharedAcrossIds(sid, store))


@pytest.mark.parametrize(
    ("broken", "check", "message"),
    [
        (LimitFromStart, "limit", "get_items(limit=1) must return the latest 1 items"),
        (PopOldest, "pop", "pop_item() must return the newest item"),
        (PopRaisesWhenEmpty, "empty", "raised IndexError"),
        (SharedAcrossIds, "isolation", "session a must only see its own items"),
        (KeepsReferences, "no_aliasing", "history after the caller mutated its list"),
        (ClearDoesNothingVisible, "clear", "get_items() after clear_session()"),
        (LosesConcurrentWrites, "concurrent_appends", "items were lost or duplicated"),
        (InterleavesBatches, "concurrent_appends", "interleaved"),
        (AsciiOnly, "unicode_and_large", "unicode/large item 0"),
        (DropsUnknownKeys, "round_trip", "round trip of a"),
    ],
)
async def test_the_kit_catches_a_broken_session(
    broken: type[ListSession], check: str, message: str
) -> None:
    store: dict[str, list[Any]] = {}
    # Run only the check under test: a broken store often also breaks earlier checks.
    only = set(SESSION_CONFORMANCE_CHECKS) - {check}
    with pytest.raises(AssertionError, match=f"check '{check}' failed") as caught:
        await run_session_conformance(lambda sid: broken(sid, store), skip=only)
    assert message in str(caught.value)


async def test_lenient_round_trip_accepts_extra_fields_but_not_missing_ones() -> None:
    class AddsIds(ListSession):
        async def add_items(self, items: list[Any]) -> None:
            self._items.extend(
                {**copy.deepcopy(item), "id": f"server-{i}", "status": "completed"}
                for i, item in enumerate(items)
            )

    store: dict[str, list[Any]] = {}
    with pytest.raises(AssertionError):
        await run_session_conformance(lambda sid: AddsIds(sid, store))
    await run_session_conformance(lambda sid: AddsIds(sid, store), exact_round_trip=False)
    with pytest.raises(AssertionError, match="round_trip"):
        await run_session_conformance(
            lambda sid: DropsUnknownKeys(sid, store), exact_round_trip=False
        )


async def test_factory_and_options_are_validated() -> None:
    with pytest.raises(ValueError, match="unknown conformance checks"):
        await run_session_conformance(lambda sid: ListSession(sid, {}), skip={"nope"})
    with pytest.raises(AssertionError, match="has no get_items"):
        await run_session_conformance(lambda sid: object())  # type: ignore[arg-type,return-value]
