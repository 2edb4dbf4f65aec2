"""Fixtures for the session-store extras: the real PostgreSQL and Redis servers on 127.0.0.1.

Tests that need a server FAIL (never skip) when it is down, naming the server and how to start
it, so a CI run without its services cannot pass silently.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from _memory_extras_services import connect_postgres, connect_redis


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark this directory's tests that use a server with the `services` marker."""
    here = Path(__file__).parent
    for item in items:
        uses = set(getattr(item, "fixturenames", ()))
        if item.path.is_relative_to(here) and uses & {"pg_schema", "redis_prefix"}:
            item.add_marker(pytest.mark.services)


@pytest.fixture
async def pg_schema() -> AsyncIterator[str]:
    """A fresh PostgreSQL schema for one test, dropped with everything in it afterwards."""
    conn = await connect_postgres()
    schema = f"agentkit_test_{uuid.uuid4().hex[:12]}"
    await conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield schema
    finally:
        await conn.execute(f'DROP SCHEMA "{schema}" CASCADE')
        await conn.close()


@pytest.fixture
async def redis_prefix() -> AsyncIterator[str]:
    """A key prefix unique to one test; every key under it is deleted afterwards."""
    client = await connect_redis()
    prefix = f"agentkit-test:{uuid.uuid4().hex[:12]}"
    try:
        yield prefix
    finally:
        keys = [key async for key in client.scan_iter(match=f"{prefix}:*", count=500)]
        if keys:
            await client.delete(*keys)
        await client.aclose()
