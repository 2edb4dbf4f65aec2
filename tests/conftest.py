"""Fixtures shared by every test area: the scriptable OpenAI-compatible server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.openai_server import OpenAIServer


@pytest.fixture
def openai_server() -> Iterator[OpenAIServer]:
    """A started :class:`OpenAIServer`; teardown fails the test on unconsumed replies or requests
    that broke the spec (set ``allow_pending`` / ``allow_failures`` on the server to opt out)."""
    server = OpenAIServer().start()
    try:
        yield server
    finally:
        server.stop()
    server.check(allow_pending=server.allow_pending, allow_failures=server.allow_failures)
