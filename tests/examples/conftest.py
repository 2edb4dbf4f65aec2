"""Fixtures of the example tests: offline and loopback-server loading, in-memory tracing."""

from __future__ import annotations

import asyncio
import sys
import warnings
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest
from examples_support import LoadExample, TraceRecorder, load_module

from agentkit.tracing import setup as tracing_setup
from agentkit.tracing.provider import DefaultTraceProvider


@pytest.fixture(autouse=True)
def _close_run_sync_loop() -> Iterator[None]:
    """Closes the default loop `Runner.run_sync` leaves on the main thread (as upstream does),
    so a later `asyncio.run()` does not drop it unclosed (a ResourceWarning, an error here)."""
    yield
    policy = asyncio.get_event_loop_policy()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        try:
            loop = policy.get_event_loop()
        except RuntimeError:
            return
    if not loop.is_running():
        loop.close()
        policy.set_event_loop(None)


@pytest.fixture
def traces(monkeypatch: pytest.MonkeyPatch) -> Iterator[TraceRecorder]:
    """A fresh global trace provider whose only processor records in memory."""
    for name in ("AGENTKIT_DISABLE_TRACING", "OPENAI_AGENTS_DISABLE_TRACING"):
        monkeypatch.delenv(name, raising=False)
    recorder = TraceRecorder()
    provider = DefaultTraceProvider()
    provider.set_processors([recorder])
    previous = tracing_setup.GLOBAL_TRACE_PROVIDER
    tracing_setup.GLOBAL_TRACE_PROVIDER = provider
    try:
        yield recorder
    finally:
        tracing_setup.GLOBAL_TRACE_PROVIDER = previous


def _loader() -> Iterator[LoadExample]:
    loaded: list[str] = []

    def load(name: str) -> ModuleType:
        module = load_module(name)
        loaded.append(module.__name__)
        return module

    yield load
    for module_name in loaded:
        sys.modules.pop(module_name, None)


@pytest.fixture
def load_example(monkeypatch: pytest.MonkeyPatch, traces: TraceRecorder) -> Iterator[LoadExample]:
    """Loads `examples/<name>.py` as a new module with no OPENAI_API_KEY: offline mode."""
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "AGENTKIT_EXAMPLE_MODEL"):
        monkeypatch.delenv(name, raising=False)
    yield from _loader()


@pytest.fixture
def load_example_online(
    monkeypatch: pytest.MonkeyPatch, traces: TraceRecorder, openai_server: Any
) -> Iterator[LoadExample]:
    """Loads an example in its real-model mode, pointed at the loopback OpenAI server."""
    monkeypatch.setenv("OPENAI_API_KEY", "sk-example-dummy")
    monkeypatch.setenv("OPENAI_BASE_URL", openai_server.base_url)
    monkeypatch.delenv("AGENTKIT_EXAMPLE_MODEL", raising=False)
    yield from _loader()
