"""The tracing fixtures put the global provider back, even when a test swaps it again itself.

The two tests run in file order: the second checks what the first left behind.
"""

from __future__ import annotations

import pytest

from agentkit import tracing
from agentkit.tracing import setup as tracing_setup
from agentkit.tracing.provider import DefaultTraceProvider


@pytest.fixture(scope="module")
def original_provider() -> object:
    return tracing_setup.GLOBAL_TRACE_PROVIDER


def test_swap_the_provider_inside_a_test(
    original_provider: object, provider: DefaultTraceProvider, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert tracing_setup.GLOBAL_TRACE_PROVIDER is provider
    monkeypatch.setattr(tracing_setup, "GLOBAL_TRACE_PROVIDER", DefaultTraceProvider())
    tracing.set_tracing_disabled(True)


def test_global_provider_is_restored(original_provider: object) -> None:
    assert tracing_setup.GLOBAL_TRACE_PROVIDER is original_provider
