"""Streams abandoned by their consumer (break, aclose, task cancellation) release the connection."""

from __future__ import annotations

import asyncio
import contextlib
import gc
from typing import Any

import pytest
from _faults_support import (
    Api,
    assert_no_new_tasks,
    assert_pool_free,
    make_client,
    make_model,
    other_tasks,
    stream_events,
)

from agentkit.model_settings import ModelSettings
from agentkit.models.interface import ModelTracing
from tests.openai_server import OpenAIServer, SSEReply

ARGS = (None, "hi", ModelSettings(), [], None, [], ModelTracing.DISABLED)


def _hanging(api: Api) -> SSEReply:
    # Two events, then the server keeps the response open forever.
    return SSEReply(events=stream_events(api), hang_after=2)


@pytest.mark.parametrize("how", ["break", "aclose", "cancel", "drop"])
@pytest.mark.parametrize("api", ["responses", "chat"])
async def test_abandoned_stream_releases_its_connection(
    openai_server: OpenAIServer, api: Api, how: str
) -> None:
    client, http = make_client(openai_server.base_url, timeout=30)
    model = make_model(api, client)
    openai_server.queue(
        _hanging(api), path="/responses" if api == "responses" else "/chat/completions"
    )
    before = other_tasks()
    first = asyncio.Event()

    async def consume() -> None:
        stream: Any = model.stream_response(*ARGS)
        async for _ in stream:
            first.set()
            if how in ("break", "drop"):
                break
            if how == "aclose":
                await stream.aclose()
                return
            await asyncio.sleep(0)
        if how == "break":
            await stream.aclose()
        # "drop": the generator is left for the garbage collector and the loop's finalizer.

    task = asyncio.ensure_future(consume())
    await asyncio.wait_for(first.wait(), 5)
    if how == "cancel":
        await asyncio.sleep(0.05)
        task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await asyncio.wait_for(task, 5)
    del task
    gc.collect()
    await assert_no_new_tasks(before)
    # The server is still holding the abandoned response open; the pool must not be.
    await assert_pool_free(openai_server, model, api)
    await http.aclose()
