"""Fixtures for the HTTP client tests: a raw loopback server and fast backoff."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator

import pytest
from _http_rawserver import RawServer


@pytest.fixture
async def server() -> AsyncIterator[RawServer]:
    srv = RawServer()
    await srv.start()
    yield srv
    await srv.stop()


@pytest.fixture
def fast_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    """Shrink the exponential backoff so retry tests take milliseconds."""
    from agentkit._http import _client

    monkeypatch.setattr(_client, "INITIAL_RETRY_DELAY", 0.005)
    monkeypatch.setattr(_client, "MAX_RETRY_DELAY", 0.02)


@pytest.fixture
def closed_port() -> int:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port: int = sock.getsockname()[1]
    sock.close()
    return port
