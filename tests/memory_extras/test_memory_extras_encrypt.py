"""EncryptedSession over SQLiteSession and over Redis: keys, authentication, expiry, fallbacks."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis.asyncio as redis
from _memory_extras_services import REDIS_URL
from agentkit.encrypt import EncryptedSession
from agentkit.redis import RedisSession
from cryptography.fernet import Fernet

from agentkit.memory import SessionSettings, SQLiteSession
from agentkit.memory._conformance import SESSION_CONFORMANCE_CHECKS, run_session_conformance

KEY = Fernet.generate_key().decode("ascii")
DATA = Path(__file__).parent / "data"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SQLiteSession]:
    session = SQLiteSession("raw", tmp_path / "e.db")
    yield session
    session.close()


def _envelope_at(session: EncryptedSession, item: Any, when: int) -> dict[str, Any]:
    token = session.cipher.encrypt_at_time(json.dumps(item).encode(), when).decode()
    return {"__enc__": 1, "v": 1, "kid": "hkdf-v1", "payload": token}


async def test_conforms_over_sqlite(tmp_path: Path) -> None:
    opened: list[SQLiteSession] = []

    def factory(session_id: str) -> EncryptedSession:
        opened.append(SQLiteSession(session_id, tmp_path / "c.db"))
        return EncryptedSession(session_id, opened[-1], KEY)

    try:
        ran = await run_session_conformance(factory)
        assert ran == list(SESSION_CONFORMANCE_CHECKS)
    finally:
        for s in opened:
            s.close()


async def test_conforms_over_redis(redis_prefix: str) -> None:
    client = redis.from_url(REDIS_URL)
    try:
        await run_session_conformance(
            lambda sid: EncryptedSession(
                sid, RedisSession(sid, redis_client=client, key_prefix=redis_prefix), KEY, ttl=None
            )
        )
    finally:
        await client.aclose()


async def test_redis_stores_only_ciphertext(redis_prefix: str) -> None:
    client = redis.from_url(REDIS_URL)
    try:
        session = EncryptedSession(
            "u", RedisSession("u", redis_client=client, key_prefix=redis_prefix), KEY
        )
        await session.add_items([{"role": "user", "content": "my secret PIN is 4321"}])
        raw = await client.lrange(f"{redis_prefix}:u:messages", 0, -1)
        assert len(raw) == 1 and b"4321" not in raw[0] and b'"__enc__":1' in raw[0]
        assert await session.get_items() == [{"role": "user", "content": "my secret PIN is 4321"}]
    finally:
        await client.aclose()


async def test_stored_items_are_envelopes_without_plaintext(store: SQLiteSession) -> None:
    session = EncryptedSession("s", store, KEY)
    await session.add_items([{"role": "user", "content": "secret sauce"}])
    (stored,) = await store.get_items()
    assert set(stored) == {"__enc__", "v", "kid", "payload"}
    assert (stored["__enc__"], stored["v"], stored["kid"]) == (1, 1, "hkdf-v1")
    assert "secret" not in json.dumps(stored)
    assert await session.get_items() == [{"role": "user", "content": "secret sauce"}]


async def test_keys_are_per_session_and_per_master_key(
    store: SQLiteSession, caplog: pytest.LogCaptureFixture
) -> None:
    await EncryptedSession("alice", store, KEY).add_items([{"role": "user", "content": "a"}])
    assert await EncryptedSession("alice", store, KEY).get_items() == [
        {"role": "user", "content": "a"}
    ]
    with caplog.at_level(logging.WARNING, logger="openai.agents"):
        assert await EncryptedSession("bob", store, KEY).get_items() == []
        other_key = Fernet.generate_key().decode()
        assert await EncryptedSession("alice", store, other_key).get_items() == []
        assert await EncryptedSession("alice", store, "a passphrase").get_items() == []
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 3
    assert all("failed authentication" in r.getMessage() for r in warnings)
    assert all(KEY not in r.getMessage() for r in caplog.records)


async def test_tampered_and_plaintext_items_are_skipped_with_a_warning(
    store: SQLiteSession, caplog: pytest.LogCaptureFixture
) -> None:
    session = EncryptedSession("s", store, KEY)
    await session.add_items([{"role": "user", "content": str(i)} for i in range(3)])
    middle = (await store.get_items())[1]
    token = middle["payload"]
    flipped = token[:40] + ("A" if token[40] != "A" else "B") + token[41:]
    await store.clear_session()
    good = [
        _envelope_at(session, {"role": "user", "content": str(i)}, int(time.time()))
        for i in range(3)
    ]
    await store.add_items(
        [
            good[0],
            {**middle, "payload": flipped},
            {"role": "user", "content": "plaintext written around the wrapper"},
            {"__enc__": 1, "payload": "incomplete"},
            {**middle, "payload": "not base64 at all!"},
            good[2],
        ]
    )
    with caplog.at_level(logging.WARNING, logger="openai.agents"):
        got = await session.get_items()
    assert got == [{"role": "user", "content": "0"}, {"role": "user", "content": "2"}]
    (warning,) = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert "skipped 4 stored item(s)" in warning.getMessage()
    assert await session.get_items(1) == [{"role": "user", "content": "2"}]
    assert await session.get_items(2) == got


async def test_expired_items_are_skipped_silently_and_discarded_by_pop(
    store: SQLiteSession, caplog: pytest.LogCaptureFixture
) -> None:
    session = EncryptedSession("s", store, KEY, ttl=600)
    now = int(time.time())
    await store.add_items(
        [
            _envelope_at(session, {"role": "user", "content": "fresh-1"}, now - 10),
            _envelope_at(session, {"role": "user", "content": "old"}, now - 601 - 5),
            _envelope_at(session, {"role": "user", "content": "fresh-2"}, now),
            _envelope_at(session, {"role": "user", "content": "old-2"}, now - 3600),
        ]
    )
    with caplog.at_level(logging.WARNING, logger="openai.agents"):
        assert [i["content"] for i in await session.get_items()] == ["fresh-1", "fresh-2"]
        assert [i["content"] for i in await session.get_items(1)] == ["fresh-2"]
    assert caplog.records == []  # expiry is expected, not a warning
    forever = EncryptedSession("s", store, KEY, ttl=None)
    assert [i["content"] for i in await forever.get_items()] == [
        "fresh-1",
        "old",
        "fresh-2",
        "old-2",
    ]
    assert await session.pop_item() == {"role": "user", "content": "fresh-2"}
    assert len(await store.get_items()) == 2  # "old-2" was dropped on the way
    assert await session.pop_item() == {"role": "user", "content": "fresh-1"}
    assert await session.pop_item() is None
    assert await store.get_items() == []


async def test_pop_puts_back_an_item_it_cannot_authenticate(
    store: SQLiteSession, caplog: pytest.LogCaptureFixture
) -> None:
    mine = EncryptedSession("s", store, KEY)
    await mine.add_items([{"role": "user", "content": "mine"}])
    await EncryptedSession("s", store, Fernet.generate_key().decode()).add_items(
        [{"role": "user", "content": "someone else's"}]
    )
    before = await store.get_items()
    with caplog.at_level(logging.WARNING, logger="openai.agents"):
        assert await mine.pop_item() is None
    assert await store.get_items() == before
    assert any("failed authentication" in r.getMessage() for r in caplog.records)
    assert await mine.get_items() == [{"role": "user", "content": "mine"}]


async def test_reads_envelopes_written_by_upstream(store: SQLiteSession) -> None:
    cases = json.loads((DATA / "upstream_encrypted.json").read_text(encoding="utf-8"))
    for case in cases:
        await store.clear_session()
        await store.add_items(case["stored"])
        session = EncryptedSession(case["session_id"], store, case["key"], ttl=None)
        assert await session.get_items() == case["items"]
        assert await EncryptedSession("other", store, case["key"], ttl=None).get_items() == []


async def test_max_scan_items_bounds_the_reads(store: SQLiteSession) -> None:
    session = EncryptedSession("s", store, KEY, max_scan_items=4)
    await session.add_items([{"role": "user", "content": str(i)} for i in range(3)])
    assert len(await session.get_items()) == 3
    assert [i["content"] for i in await session.get_items(2)] == ["1", "2"]
    await session.add_items([{"role": "user", "content": str(i)} for i in range(3, 6)])
    with pytest.raises(RuntimeError, match="max_scan_items=4"):
        await session.get_items()
    assert [i["content"] for i in await session.get_items(3)] == ["3", "4", "5"]
    with pytest.raises(ValueError, match="non-negative"):
        await session.get_items(-1)
    with pytest.raises(ValueError, match="max_scan_items"):
        EncryptedSession("s", store, KEY, max_scan_items=0)


async def test_settings_and_attributes_pass_through(tmp_path: Path) -> None:
    store = SQLiteSession("raw", tmp_path / "p.db", session_settings=SessionSettings(limit=2))
    session = EncryptedSession("s", store, KEY)
    await session.add_items([{"role": "user", "content": str(i)} for i in range(4)])
    assert session.session_settings == SessionSettings(limit=2)
    assert [i["content"] for i in await session.get_items()] == ["2", "3"]
    session.session_settings = SessionSettings(limit=None)
    assert store.session_settings == SessionSettings(limit=None)
    assert len(await session.get_items()) == 4
    assert session.db_path == store.db_path  # other attributes come from the wrapped store
    await session.clear_session()
    assert await store.get_items() == []
    session.close()
    with pytest.raises(RuntimeError, match="closed"):
        await store.get_items()


def test_bad_arguments() -> None:
    store = SQLiteSession("x")
    try:
        with pytest.raises(ValueError, match="empty"):
            EncryptedSession("s", store, "")
        with pytest.raises(ValueError, match="ttl"):
            EncryptedSession("s", store, KEY, ttl=0)
        with pytest.raises(TypeError, match="encryption_key"):
            EncryptedSession("s", store, b"bytes")  # type: ignore[arg-type]
        assert KEY not in repr(EncryptedSession("s", store, KEY))
    finally:
        store.close()


async def test_a_non_json_item_is_rejected_before_writing(store: SQLiteSession) -> None:
    session = EncryptedSession("s", store, KEY)
    with pytest.raises(TypeError, match="JSON-serializable"):
        await session.add_items([{"role": "user", "content": "ok"}, {"x": object()}])
    assert await store.get_items() == []


async def test_a_run_with_an_unreadable_item_in_history_does_not_crash(
    store: SQLiteSession, caplog: pytest.LogCaptureFixture
) -> None:
    from agentkit.agent import Agent
    from agentkit.run import Runner
    from agentkit.testing import ScriptedModel, assistant_message

    session = EncryptedSession("conv", store, KEY)
    await session.add_items([{"role": "user", "content": "earlier question"}])
    await EncryptedSession("conv", store, Fernet.generate_key().decode()).add_items(
        [{"role": "user", "content": "written with another key"}]
    )
    model = ScriptedModel([[assistant_message("answer")]])
    with caplog.at_level(logging.WARNING, logger="openai.agents"):
        result = await Runner.run(Agent(name="a", model=model), "new question", session=session)
    assert result.final_output == "answer"
    sent = [item.get("content") for item in model.calls[0].input]
    assert sent == ["earlier question", "new question"]
    assert "failed authentication" in caplog.text
    history = await session.get_items()
    assert [i.get("role") for i in history] == ["user", "user", "assistant"]
    assert len(await store.get_items()) == 4  # the unreadable item is kept, not destroyed
