"""Fixtures of the tracing tests: an isolated global provider and a recording processor."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from tracing_support import Recorder

from agentkit.tracing import setup as tracing_setup
from agentkit.tracing.provider import DefaultTraceProvider


@pytest.fixture
def provider(monkeypatch: pytest.MonkeyPatch) -> Iterator[DefaultTraceProvider]:
    """A fresh provider installed as the global one for the test, with no processors."""
    for name in ("AGENTKIT_DISABLE_TRACING", "OPENAI_AGENTS_DISABLE_TRACING"):
        monkeypatch.delenv(name, raising=False)
    fresh = DefaultTraceProvider()
    # Through monkeypatch, not a save/restore of our own: a test that also swaps the provider
    # with monkeypatch would otherwise have its undo (run after this fixture's teardown) put
    # this test's provider back as the global one for every later test.
    monkeypatch.setattr(tracing_setup, "GLOBAL_TRACE_PROVIDER", fresh)
    yield fresh


@pytest.fixture
def recorder(provider: DefaultTraceProvider) -> Recorder:
    rec = Recorder()
    provider.set_processors([rec])
    return rec
