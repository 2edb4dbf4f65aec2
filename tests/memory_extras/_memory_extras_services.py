"""Where the test servers of the session-store extras listen, and a multi-process check."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

PG_HOST, PG_PORT, PG_USER, PG_DATABASE = "127.0.0.1", 5432, "postgres", "test"
PG_URL = f"postgresql+asyncpg://{PG_USER}@{PG_HOST}:{PG_PORT}/{PG_DATABASE}"
REDIS_URL = "redis://127.0.0.1:6379/0"
START_HINT = "start it with `bash .ci/services.sh` (which `.ci/run` calls)"


async def connect_postgres(port: int = PG_PORT) -> Any:
    """An asyncpg connection to the test database, or a test failure saying how to start it."""
    import asyncpg

    try:
        return await asyncio.wait_for(
            asyncpg.connect(host=PG_HOST, port=port, user=PG_USER, database=PG_DATABASE), 5
        )
    except Exception as exc:
        pytest.fail(
            f"the PostgreSQL server at {PG_HOST}:{port} (user {PG_USER!r}, database "
            f"{PG_DATABASE!r}) is not reachable ({type(exc).__name__}: {exc}); {START_HINT}",
            pytrace=False,
        )


async def connect_redis(url: str = REDIS_URL) -> Any:
    """A redis.asyncio client that answered a PING, or a test failure saying how to start it."""
    import redis.asyncio as redis

    client = redis.from_url(url, socket_connect_timeout=5)
    try:
        await asyncio.wait_for(client.ping(), 5)
    except Exception as exc:
        await client.aclose()
        where = url.split("://", 1)[-1].split("/", 1)[0]
        pytest.fail(
            f"the Redis server at {where} is not reachable ({type(exc).__name__}: {exc}); "
            f"{START_HINT}",
            pytrace=False,
        )
    return client


def check_concurrent_history(items: list[Any], writers: int, rounds: int, batch: int) -> None:
    """Assert that writer w's batches `w{w}-r{r}-i{i}` are all there, once, in order, unsplit."""
    texts = [item["content"] for item in items]
    expected = {
        f"w{w}-r{r}-i{i}" for w in range(writers) for r in range(rounds) for i in range(batch)
    }
    assert len(texts) == len(expected), f"{len(texts)} items stored, {len(expected)} written"
    assert set(texts) == expected, "items were lost or duplicated"
    for w in range(writers):
        mine = [t for t in texts if t.startswith(f"w{w}-")]
        assert mine == [f"w{w}-r{r}-i{i}" for r in range(rounds) for i in range(batch)]
    for start in range(0, len(texts), batch):
        chunk = texts[start : start + batch]
        prefix = chunk[0].rsplit("-i", 1)[0]
        assert chunk == [f"{prefix}-i{i}" for i in range(batch)], f"a batch was split: {chunk}"
