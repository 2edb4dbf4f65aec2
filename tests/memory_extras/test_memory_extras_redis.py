"""RedisSession on the real Redis server at 127.0.0.1:6379 (unique key prefix per test)."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import textwrap
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import redis.asyncio as redis
from _memory_extras_services import REDIS_URL, check_concurrent_history
from agentkit.redis import RedisSession
from redis.exceptions import ResponseError

from agentkit.memory import SessionSettings
from agentkit.memory._conformance import SESSION_CONFORMANCE_CHECKS, run_session_conformance


@pytest.fixture
async def client(redis_prefix: str) -> AsyncIterator[redis.Redis]:
    c = redis.from_url(REDIS_URL)
    yield c
    await c.aclose()


async def test_conforms(client: redis.Redis, redis_prefix: str) -> None:
    ran = await run_session_conformance(
        lambda sid: RedisSession(sid, redis_client=client, key_prefix=redis_prefix)
    )
    assert ran == list(SESSION_CONFORMANCE_CHECKS)


async def test_conforms_with_a_decoding_client_and_a_ttl(redis_prefix: str) -> None:
    c = redis.from_url(REDIS_URL, decode_responses=True)
    try:
        await run_session_conformance(
            lambda sid: RedisSession(sid, redis_client=c, key_prefix=redis_prefix, ttl=60)
        )
    finally:
        await c.aclose()


async def test_key_layout_matches_upstream(client: redis.Redis, redis_prefix: str) -> None:
    session = RedisSession("user-1", redis_client=client, key_prefix=redis_prefix)
    before = int(time.time())
    await session.add_items(
        [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "yo"}]
    )
    keys = sorted([k.decode() async for k in client.scan_iter(match=f"{redis_prefix}:*")])
    assert keys == [f"{redis_prefix}:user-1", f"{redis_prefix}:user-1:messages"]
    meta = {
        k.decode(): v.decode() for k, v in (await client.hgetall(f"{redis_prefix}:user-1")).items()
    }
    assert meta["session_id"] == "user-1"
    assert before - 5 <= int(meta["created_at"]) <= int(meta["updated_at"]) <= time.time() + 5
    raw = await client.lrange(f"{redis_prefix}:user-1:messages", 0, -1)
    assert raw == [b'{"role":"user","content":"hi"}', b'{"role":"assistant","content":"yo"}']
    assert await client.ttl(f"{redis_prefix}:user-1") == -1  # no ttl: kept forever

    created = meta["created_at"]
    await client.hset(f"{redis_prefix}:user-1", "created_at", "1")
    await session.add_items([{"role": "user", "content": "again"}])
    assert await client.hget(f"{redis_prefix}:user-1", "created_at") == b"1"  # kept, not reset
    assert created

    await session.clear_session()
    assert [k async for k in client.scan_iter(match=f"{redis_prefix}:*")] == []


async def test_default_prefix(client: redis.Redis) -> None:
    session = RedisSession("agentkit-test-default-prefix", redis_client=client)
    try:
        await session.add_items([{"role": "user", "content": "x"}])
        assert await client.exists("agents:session:agentkit-test-default-prefix:messages") == 1
    finally:
        await session.clear_session()


async def test_ttl_is_set_on_every_key_and_expires_the_session(
    client: redis.Redis, redis_prefix: str
) -> None:
    session = RedisSession("t", redis_client=client, key_prefix=redis_prefix, ttl=1)
    await client.set(f"{redis_prefix}:t:counter", 3)  # a key older upstream versions wrote
    await session.add_items([{"role": "user", "content": "short-lived"}])
    for key in ("t", "t:messages", "t:counter"):
        assert 0 < await client.pttl(f"{redis_prefix}:{key}") <= 1000
    long = RedisSession("t", redis_client=client, key_prefix=redis_prefix, ttl=100)
    await long.add_items([{"role": "user", "content": "refreshed"}])
    assert 99_000 < await client.pttl(f"{redis_prefix}:t:messages") <= 100_000
    await session.add_items([{"role": "user", "content": "last"}])
    await asyncio.sleep(1.1)
    assert await session.get_items() == []
    assert [k async for k in client.scan_iter(match=f"{redis_prefix}:*")] == []
    with pytest.raises(ValueError, match="ttl"):
        RedisSession("t", redis_client=client, ttl=0)


async def test_corrupt_entries_are_skipped(client: redis.Redis, redis_prefix: str) -> None:
    session = RedisSession("c", redis_client=client, key_prefix=redis_prefix)
    await session.add_items([{"role": "user", "content": str(i)} for i in range(3)])
    key = f"{redis_prefix}:c:messages"
    await client.rpush(key, b"{broken", b"\xff\xfe")
    assert [i["content"] for i in await session.get_items()] == ["0", "1", "2"]
    assert [i["content"] for i in await session.get_items(2)] == ["1", "2"]
    assert await session.pop_item() == {"role": "user", "content": "2"}
    assert await client.llen(key) == 2


async def test_a_key_of_another_type_fails_the_append_without_writing(
    client: redis.Redis, redis_prefix: str
) -> None:
    await client.set(f"{redis_prefix}:w:messages", "not a list")
    session = RedisSession("w", redis_client=client, key_prefix=redis_prefix)
    with pytest.raises(ResponseError, match="WRONGTYPE"):
        await session.add_items([{"role": "user", "content": "x"}])
    assert await client.exists(f"{redis_prefix}:w") == 0
    with pytest.raises(TypeError, match="item 0 cannot be stored"):
        await session.add_items([{"x": {1, 2}}])


async def test_large_batches_and_settings(client: redis.Redis, redis_prefix: str) -> None:
    session = RedisSession(
        "big",
        redis_client=client,
        key_prefix=redis_prefix,
        session_settings=SessionSettings(limit=3),
    )
    items = [{"role": "user", "content": str(i)} for i in range(2500)]
    await session.add_items(items)
    assert await session.get_items() == items[-3:]
    assert await session.get_items(-1) == items


async def test_from_url_ping_and_close(redis_prefix: str) -> None:
    session = RedisSession.from_url("p", url=REDIS_URL, key_prefix=redis_prefix, ttl=30)
    assert await session.ping() is True
    await session.add_items([{"role": "user", "content": "x"}])
    assert repr(session) == f"RedisSession(session_id='p', key_prefix='{redis_prefix}', ttl=30)"
    await session.clear_session()
    await session.close()
    await session.close()
    with pytest.raises(RuntimeError, match="closed"):
        await session.get_items()

    down = RedisSession.from_url(
        "p", url="redis://127.0.0.1:1/0", redis_kwargs={"socket_connect_timeout": 0.5}
    )
    assert await down.ping() is False
    await down.close()


async def test_a_passed_in_client_is_left_open(client: redis.Redis, redis_prefix: str) -> None:
    session = RedisSession("o", redis_client=client, key_prefix=redis_prefix)
    await session.close()
    assert await session.ping() is True
    assert await client.ping() is True


_WRITER = textwrap.dedent(
    """
    import asyncio, os, sys, time
    from agentkit.redis import RedisSession

    prefix, writer, rounds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])

    def barrier(directory):
        # Start writing only when every writer process is up, so their writes overlap.
        open(os.path.join(directory, str(writer)), "w").close()
        deadline = time.monotonic() + 30
        while len(os.listdir(directory)) < 4 and time.monotonic() < deadline:
            time.sleep(0.002)

    async def main():
        session = RedisSession.from_url("shared", url=sys.argv[4], key_prefix=prefix, ttl=120)
        await session.ping()
        barrier(sys.argv[5])
        for r in range(rounds):
            await session.add_items(
                [{"role": "user", "content": f"w{writer}-r{r}-i{i}"} for i in range(3)]
            )
        await session.close()

    asyncio.run(main())
    """
)


async def test_four_processes_append_without_losing_items(
    client: redis.Redis, redis_prefix: str, tmp_path: Path
) -> None:
    procs = [
        await asyncio.create_subprocess_exec(
            sys.executable,
            "-c",
            _WRITER,
            redis_prefix,
            str(w),
            "40",
            REDIS_URL,
            str(tmp_path),
            stderr=subprocess.PIPE,
        )
        for w in range(4)
    ]
    for proc in procs:
        _, err = await proc.communicate()
        assert proc.returncode == 0, err.decode()
    session = RedisSession("shared", redis_client=client, key_prefix=redis_prefix)
    check_concurrent_history(await session.get_items(), 4, 40, 3)


def test_a_cluster_client_is_rejected() -> None:
    from redis.asyncio.cluster import RedisCluster

    cluster = RedisCluster.__new__(RedisCluster)  # never connects: only its type matters here
    with pytest.raises(TypeError, match="standalone"):
        RedisSession("s", redis_client=cluster)  # type: ignore[arg-type]
