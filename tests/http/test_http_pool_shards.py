"""The shared client's pools: concurrent requests spread over several httpx pools (each pool's
bookkeeping scans only its share), one-at-a-time traffic stays on one keep-alive connection, and
every way a response can end gives its pool's in-flight slot back."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from _http_rawserver import RawServer, respond, sse, stall

from agentkit import client as ak
from agentkit._http import _client as core

KEY = "sk-SENTINEL-pool"


def _pools() -> Any:
    transport = ak.shared_http_client()._transport
    return transport._plain


async def test_sequential_requests_reuse_one_pool_and_connection(server: RawServer) -> None:
    client = ak.AsyncOpenAI(api_key=KEY, base_url=server.url, max_retries=0)
    for _ in range(5):
        await client.get("/x")
    assert server.connections == 1
    assert _pools()._busy == [0] * core.POOL_SHARDS
    await core.close_shared_http_client()


async def test_concurrent_requests_spread_over_the_pools(server: RawServer) -> None:
    server.default = stall(0.2)
    client = ak.AsyncOpenAI(api_key=KEY, base_url=server.url, max_retries=0, timeout=0.05)
    n = 3 * core.POOL_SHARDS
    tasks = [asyncio.create_task(client.get("/x")) for _ in range(n)]
    await asyncio.sleep(0.02)
    assert _pools()._busy == [3] * core.POOL_SHARDS  # all in flight, evenly spread
    results = await asyncio.gather(*tasks, return_exceptions=True)
    assert all(isinstance(r, ak.APITimeoutError) for r in results)
    assert _pools()._busy == [0] * core.POOL_SHARDS
    await core.close_shared_http_client()


async def test_every_ending_releases_the_slot(server: RawServer) -> None:
    client = ak.AsyncOpenAI(api_key=KEY, base_url=server.url, max_retries=0)
    server.push(
        respond(200, {"ok": True}),
        respond(404, {"error": {"message": "no"}}),
        sse(f'data: {{"i": {i}}}\n\n' for i in range(100)),
        sse(f'data: {{"i": {i}}}\n\n' for i in range(100)),
    )
    assert await client.post("/x", body={}) == {"ok": True}
    with pytest.raises(ak.NotFoundError):
        await client.post("/x", body={})
    stream = await client.responses.create(model="m", input="x", stream=True)
    async for _event in stream:
        break  # left early
    await stream.aclose()
    stream = await client.responses.create(model="m", input="x", stream=True)
    assert len([e async for e in stream]) == 100  # read to the end
    server.default = stall(5)
    task = asyncio.create_task(client.get("/x"))
    await asyncio.sleep(0.02)
    assert sum(_pools()._busy) == 1
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert _pools()._busy == [0] * core.POOL_SHARDS
    await core.close_shared_http_client()


def test_limits_are_shared_out() -> None:
    assert core._share(1000) == -(-1000 // core.POOL_SHARDS)
    assert core._share(1) == 1
    assert core._share(None) is None
