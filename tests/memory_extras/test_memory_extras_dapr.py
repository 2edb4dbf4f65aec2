"""DaprSession against an in-process stand-in of Dapr's state API.

No Dapr runtime can run here, so `FakeDaprStateClient` (in _memory_extras_dapr_fake.py) plays
the sidecar: it implements the client methods DaprSession calls and follows Dapr's documented
state semantics (etags, first-write concurrency, ttlInSeconds). The stand-in is itself checked
against those rules below, so a session test cannot pass on a permissive fake.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

import pytest
from _memory_extras_dapr_fake import FakeDaprStateClient
from agentkit.dapr import DAPR_CONSISTENCY_STRONG, DaprSession
from dapr.clients.exceptions import DaprInternalError
from dapr.clients.grpc._request import TransactionalStateOperation, TransactionOperationType
from dapr.clients.grpc._state import Concurrency, Consistency, StateOptions

from agentkit.memory import SessionSettings
from agentkit.memory._conformance import SESSION_CONFORMANCE_CHECKS, run_session_conformance


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _session(client: FakeDaprStateClient, sid: str = "s", **kwargs: Any) -> DaprSession:
    return DaprSession(sid, state_store_name="statestore", dapr_client=client, **kwargs)  # type: ignore[arg-type]


async def test_the_stand_in_follows_dapr_state_semantics() -> None:
    clock = Clock()
    c = FakeDaprStateClient(clock=clock)
    missing = await c.get_state("statestore", "k")
    assert (missing.data, missing.etag) == (b"", "")
    first = StateOptions(concurrency=Concurrency.first_write)
    await c.save_state("statestore", "k", "v1", options=first)
    with pytest.raises(DaprInternalError, match="etag mismatch"):
        await c.save_state("statestore", "k", "v2", options=first)  # first-write: only if absent
    await c.save_state("statestore", "k", "v2")  # no etag, no first-write: last write wins
    got = await c.get_state("statestore", "k")
    assert got.data == b"v2"
    with pytest.raises(DaprInternalError, match="etag mismatch"):
        await c.save_state("statestore", "k", "v3", etag="999")
    await c.save_state("statestore", "k", "v3", etag=got.etag)
    newer = await c.get_state("statestore", "k")
    assert newer.etag != got.etag
    with pytest.raises(DaprInternalError, match="etag mismatch"):
        await c.delete_state("statestore", "k", etag=got.etag)
    await c.save_state("statestore", "t", "short", state_metadata={"ttlInSeconds": "5"})
    clock.now += 5
    assert (await c.get_state("statestore", "t")).data == b""
    with pytest.raises(DaprInternalError, match="etag mismatch"):
        await c.execute_state_transaction(
            "statestore",
            [
                TransactionalStateOperation(key="a", data="1"),
                TransactionalStateOperation(key="k", data="x", etag=got.etag),
            ],
        )
    assert (await c.get_state("statestore", "a")).data == b""  # all or nothing
    await c.execute_state_transaction(
        "statestore",
        [
            TransactionalStateOperation(key="a", data="1"),
            TransactionalStateOperation(key="k", operation_type=TransactionOperationType.delete),
        ],
    )
    assert (await c.get_state("statestore", "a")).data == b"1"
    assert (await c.get_state("statestore", "k")).data == b""
    with pytest.raises(DaprInternalError, match="not found"):
        await c.get_state("nostore", "k")


async def test_conforms() -> None:
    client = FakeDaprStateClient()
    ran = await run_session_conformance(lambda sid: _session(client, sid))
    assert ran == list(SESSION_CONFORMANCE_CHECKS)


async def test_conforms_with_strong_consistency_and_ttl() -> None:
    client = FakeDaprStateClient()
    await run_session_conformance(
        lambda sid: _session(client, sid, consistency=DAPR_CONSISTENCY_STRONG, ttl=3600)
    )


async def test_state_layout_consistency_and_ttl() -> None:
    clock = Clock()
    client = FakeDaprStateClient(clock=clock)
    session = _session(client, "user-1", ttl=60, consistency="strong")
    await session.add_items(
        [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "yo"}]
    )
    table = client.data["statestore"]
    assert sorted(table) == ["user-1:messages", "user-1:metadata"]
    assert json.loads(table["user-1:messages"].value) == [
        '{"role":"user","content":"hi"}',
        '{"role":"assistant","content":"yo"}',
    ]
    meta = json.loads(table["user-1:metadata"].value)
    assert meta["session_id"] == "user-1" and meta["created_at"] == meta["updated_at"]
    reads = [d for m, d in client.calls if m == "get_state"]
    assert all(d["state_metadata"] == {"consistency": "strong"} for d in reads)
    saves = [d for m, d in client.calls if m == "save_state"]
    assert all(d["state_metadata"] == {"ttlInSeconds": "60"} for d in saves)
    assert all(d["options"].consistency == Consistency.strong for d in saves)
    assert all(d["options"].concurrency == Concurrency.first_write for d in saves)
    assert saves[0]["etag"] is None  # a new key: first-write without etag means "only if absent"

    table["user-1:metadata"].value = json.dumps({**meta, "created_at": "1"}).encode()
    await session.add_items([{"role": "user", "content": "again"}])
    assert json.loads(table["user-1:metadata"].value)["created_at"] == "1"
    assert [d["etag"] for m, d in client.calls if m == "save_state"][-2] is not None

    clock.now += 61
    assert await session.get_items() == []
    await session.add_items([{"role": "user", "content": "x"}])
    await session.clear_session()
    assert client.data["statestore"] == {}


async def test_concurrent_sessions_on_one_store_lose_nothing() -> None:
    client = FakeDaprStateClient()
    writers = [_session(client, "shared") for _ in range(4)]

    async def write(w: int) -> None:
        for r in range(10):
            await writers[w].add_items(
                [{"role": "user", "content": f"w{w}-r{r}-i{i}"} for i in range(3)]
            )

    await asyncio.gather(*(write(w) for w in range(4)))
    texts = [i["content"] for i in await writers[0].get_items()]
    assert len(texts) == len(set(texts)) == 120
    for w in range(4):
        assert [t for t in texts if t.startswith(f"w{w}-")] == [
            f"w{w}-r{r}-i{i}" for r in range(10) for i in range(3)
        ]
    conflicts = [d for m, d in client.calls if m == "save_state" and d["key"] == "shared:messages"]
    assert len(conflicts) > 40  # the writers really raced and retried

    popped = await asyncio.gather(*(writers[w].pop_item() for w in range(4)))
    assert len({p["content"] for p in popped if p}) == 4
    assert len(await writers[1].get_items()) == 116


async def test_undecodable_entries_are_skipped() -> None:
    client = FakeDaprStateClient()
    session = _session(client, session_settings=SessionSettings(limit=2))
    await session.add_items([{"role": "user", "content": str(i)} for i in range(3)])
    entry = client.data["statestore"]["s:messages"]
    stored = json.loads(entry.value)
    entry.value = json.dumps([stored[0], "{broken", 7, stored[1], stored[2], "[1"]).encode()
    assert [i["content"] for i in await session.get_items()] == ["1", "2"]
    assert [i["content"] for i in await session.get_items(10)] == ["0", "1", "2"]
    assert await session.pop_item() == {"role": "user", "content": "2"}
    entry = client.data["statestore"]["s:messages"]
    entry.value = b"\xff not json"
    assert await session.get_items() == []
    assert await session.pop_item() is None
    assert client.data["statestore"]["s:messages"].value == b"\xff not json"
    with pytest.raises(ValueError, match="refusing to overwrite"):
        await session.add_items([{"role": "user", "content": "x"}])


async def test_ping_and_metadata_failures_are_logged(caplog: pytest.LogCaptureFixture) -> None:
    client = FakeDaprStateClient()
    session = _session(client)
    assert await session.ping() is True
    client.fail_with = ConnectionError("sidecar unreachable")
    with caplog.at_level(logging.ERROR, logger="openai.agents"):
        assert await session.ping() is False
    assert "sidecar unreachable" in caplog.text

    down = _session(FakeDaprStateClient(stores=()))
    assert await down.ping() is False


async def test_a_failing_metadata_write_does_not_fail_the_append(
    caplog: pytest.LogCaptureFixture,
) -> None:
    client = FakeDaprStateClient()
    session = _session(client)
    real_save = client.save_state

    async def save(store_name: str, key: str, value: Any, **kwargs: Any) -> Any:
        if key.endswith(":metadata"):
            raise DaprInternalError("store is read-only for metadata")
        return await real_save(store_name, key, value, **kwargs)

    client.save_state = save  # type: ignore[method-assign]
    with caplog.at_level(logging.WARNING, logger="openai.agents"):
        await session.add_items([{"role": "user", "content": "kept"}])
    assert await session.get_items() == [{"role": "user", "content": "kept"}]
    assert "could not update its metadata" in caplog.text


async def test_close_only_closes_an_owned_client() -> None:
    client = FakeDaprStateClient()
    async with _session(client) as session:
        await session.add_items([{"role": "user", "content": "x"}])
    assert client.closed is False and await session.get_items()

    owned = _session(client)
    owned._owns_client = True  # as from_address sets it
    await owned.close()
    await owned.close()
    assert client.closed is True
    with pytest.raises(RuntimeError, match="closed"):
        await owned.get_items()


def test_bad_arguments() -> None:
    client = FakeDaprStateClient()
    with pytest.raises(ValueError, match="consistency"):
        _session(client, consistency="linearizable")
    with pytest.raises(ValueError, match="state_store_name"):
        DaprSession("s", state_store_name=" ", dapr_client=client)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="ttl"):
        _session(client, ttl=-1)
