"""Fixtures of the security tests: an isolated trace provider with a recording processor."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest

from agentkit.tracing import setup as tracing_setup
from agentkit.tracing.processor_interface import TracingProcessor
from agentkit.tracing.provider import DefaultTraceProvider


class RecordingProcessor(TracingProcessor):
    """Keeps every trace and span it is shown, at start and at end."""

    def __init__(self) -> None:
        self.items: list[Any] = []
        self._lock = threading.Lock()

    def _add(self, item: Any) -> None:
        with self._lock:
            self.items.append(item)

    def on_trace_start(self, trace: Any) -> None:
        self._add(trace)

    def on_trace_end(self, trace: Any) -> None:
        self._add(trace)

    def on_span_start(self, span: Any) -> None:
        self._add(span)

    def on_span_end(self, span: Any) -> None:
        self._add(span)

    def shutdown(self) -> None:
        pass

    def force_flush(self) -> None:
        pass

    def dump(self) -> str:
        """Everything a processor could read: exports, reprs and the raw span data."""
        parts = []
        for item in self.items:
            parts.append(repr(item.export()))
            parts.append(repr(item))
            data = getattr(item, "span_data", None)
            if data is not None:
                parts.append(repr(vars(data)) if hasattr(data, "__dict__") else repr(data))
                parts.append(repr(getattr(item, "error", None)))
        return "\n".join(parts)


@pytest.fixture
def recorder(monkeypatch: pytest.MonkeyPatch) -> Iterator[RecordingProcessor]:
    for name in ("AGENTKIT_DISABLE_TRACING", "OPENAI_AGENTS_DISABLE_TRACING"):
        monkeypatch.delenv(name, raising=False)
    previous = tracing_setup.GLOBAL_TRACE_PROVIDER
    provider = DefaultTraceProvider()
    rec = RecordingProcessor()
    provider.set_processors([rec])
    tracing_setup.GLOBAL_TRACE_PROVIDER = provider
    try:
        yield rec
    finally:
        tracing_setup.GLOBAL_TRACE_PROVIDER = previous
