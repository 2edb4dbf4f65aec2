"""Fixtures of the realtime tests: the scripted GA server validating client events."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

pytest.importorskip("websockets")

from rt_server import RealtimeTestServer, Script
from schema import client_event_errors

ServerFactory = Callable[..., AbstractAsyncContextManager[RealtimeTestServer]]


@pytest.fixture
def rt_server() -> ServerFactory:
    """`async with rt_server(scripts) as server:`; fails the test if a client event broke the
    OpenAPI `RealtimeClientEvent*` schemas."""

    @asynccontextmanager
    async def start(
        scripts: list[Script] | Script | None = None, **kwargs: Any
    ) -> AsyncIterator[RealtimeTestServer]:
        async with RealtimeTestServer(scripts, validator=client_event_errors, **kwargs) as server:
            yield server
        assert server.schema_errors == [], server.schema_errors

    return start


@pytest.fixture(autouse=True)
def _no_api_key_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
