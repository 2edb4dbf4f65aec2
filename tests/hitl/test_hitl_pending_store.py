"""The claim-once pending-run stores: SQLite (core), PostgreSQL (sqlalchemy extra) and Redis
(redis extra), over the real servers on 127.0.0.1, with concurrent claims from processes."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from agentkit import Runner, RunState
from agentkit.memory.pending_runs import (
    PendingRunAlreadyClaimedError,
    PendingRunError,
    PendingRunExistsError,
    PendingRunNotFoundError,
    SQLitePendingRunStore,
)

sys.path.insert(0, str(Path(__file__).parent / "fixtures"))
import upstream_agents as shared

PG_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
REDIS_URL = "redis://127.0.0.1:6379/0"
KEY = b"server-side-signing-key-32-bytes"

MAKE_STORE = """
def make_store(spec):
    kind = spec[0]
    if kind == "sqlite":
        from agentkit.memory.pending_runs import SQLitePendingRunStore
        return SQLitePendingRunStore(spec[1])
    if kind == "postgres":
        from agentkit.sqlalchemy import SQLAlchemyPendingRunStore
        return SQLAlchemyPendingRunStore.from_url(spec[1], table=spec[2], create_tables=True)
    from agentkit.redis import RedisPendingRunStore
    return RedisPendingRunStore.from_url(spec[1], key_prefix=spec[2])


async def close_store(store):
    if hasattr(store, "engine"):
        await store.engine.dispose()
    elif hasattr(store, "_redis"):
        await store.close()
    else:
        store.close()
"""
namespace: dict[str, Any] = {}
exec(MAKE_STORE, namespace)
make_store = namespace["make_store"]
close_store = namespace["close_store"]


@pytest.fixture(params=["sqlite", "postgres", "redis"])
async def spec(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[list[str]]:
    suffix = uuid.uuid4().hex[:8]
    if request.param == "sqlite":
        yield ["sqlite", str(tmp_path / "pending.db")]
        return
    if request.param == "postgres":
        value = ["postgres", PG_URL, f"pending_{suffix}"]
        yield value
        store = make_store(value)
        await store._ready()
        async with store.engine.begin() as conn:
            await conn.run_sync(store._metadata.drop_all)
        await store.engine.dispose()
        return
    value = ["redis", REDIS_URL, f"agentkit-hitl-pending:{suffix}"]
    yield value
    store = make_store(value)
    keys = [k async for k in store._redis.scan_iter(match=f"{value[2]}:*")]
    if keys:
        await store._redis.delete(*keys)
    await store.close()


async def test_claim_once_lifecycle(spec: list[str]) -> None:
    store = make_store(spec)
    try:
        await store.save("run-1", "snap-1")
        with pytest.raises(PendingRunExistsError):
            await store.save("run-1", "other")
        claimed = await store.claim("run-1", "alice")
        assert (claimed.snapshot, claimed.status, claimed.owner) == ("snap-1", "claimed", "alice")
        with pytest.raises(PendingRunAlreadyClaimedError):
            await store.claim("run-1", "bob")
        with pytest.raises(PendingRunAlreadyClaimedError):
            await store.complete("run-1", "bob")
        with pytest.raises(PendingRunAlreadyClaimedError):
            await store.save("run-1", "snap-2", replace=True, owner="bob")
        # It paused again: the owner stores the new snapshot, and it is pending again.
        await store.save("run-1", "snap-2", replace=True, owner="alice")
        assert (await store.get("run-1")).status == "pending"
        await store.claim("run-1", "bob")
        # bob crashed: an operator releases the claim, carol resumes and completes.
        await store.release("run-1")
        with pytest.raises(PendingRunError, match="not claimed"):
            await store.release("run-1")
        assert (await store.claim("run-1", "carol")).snapshot == "snap-2"
        await store.complete("run-1", "carol")
        assert await store.get("run-1") is None
        with pytest.raises(PendingRunNotFoundError):
            await store.claim("run-1", "dave")
        with pytest.raises(PendingRunError):
            await store.claim("", "dave")
    finally:
        await close_store(store)


async def test_concurrent_claims_from_processes_have_one_winner(spec: list[str]) -> None:
    store = make_store(spec)
    await store.save("contested", "snapshot")
    await close_store(store)
    start_at = time.time() + 4
    script = MAKE_STORE + textwrap.dedent(
        """
        import asyncio, json, sys, time
        from agentkit.memory.pending_runs import PendingRunAlreadyClaimedError

        async def main(spec, owner, start_at):
            store = make_store(spec)
            await store.get("contested")  # connect before the race
            time.sleep(max(0.0, start_at - time.time()))
            try:
                await store.claim("contested", owner)
                print("won")
            except PendingRunAlreadyClaimedError:
                print("lost")
            finally:
                await close_store(store)

        asyncio.run(main(json.loads(sys.argv[1]), sys.argv[2], float(sys.argv[3])))
        """
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script, json.dumps(spec), f"p{i}", str(start_at)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(5)
    ]
    outcomes = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        outcomes.append(out.strip())
    assert sorted(outcomes) == ["lost", "lost", "lost", "lost", "won"]


async def test_server_side_approval_pattern(tmp_path: Path) -> None:
    """Pause, store the signed snapshot, let one reviewer claim, check decisions, resume."""
    store = SQLitePendingRunStore(tmp_path / "runs.db")
    ops, parts = shared.agent("agentkit", [shared.FIRST_TURN, shared.FINAL])
    result = await Runner.run(ops, "clean up")
    await store.save("run-42", result.to_state().to_string(signing_key=KEY))

    # A reviewer's request: decisions name call ids; the state never comes from the client.
    decisions = {"call_1": "approve"}
    run = await store.claim("run-42", owner="reviewer-7")
    state = await RunState.from_string(ops, run.snapshot, signing_key=KEY, max_age_seconds=3600)
    pending = {item.call_id: item for item in state.get_interruptions()}
    assert set(decisions) <= set(pending)
    for call_id, decision in decisions.items():
        (state.approve if decision == "approve" else state.reject)(pending[call_id])
    resumed = await Runner.run(ops, state)
    await store.complete("run-42", owner="reviewer-7")
    assert resumed.final_output == "all done"
    assert parts["log"] == ["list", "delete a.txt"]
    with pytest.raises(PendingRunNotFoundError):
        await store.claim("run-42", owner="reviewer-8")
    store.close()
