"""Shared pieces of the tracing tests: a recording processor and a list exporter."""

from __future__ import annotations

import threading
from typing import Any

from agentkit.tracing.processor_interface import TracingExporter, TracingProcessor
from agentkit.tracing.spans import Span
from agentkit.tracing.traces import Trace


class Recorder(TracingProcessor):
    """Records every callback as (event, object), in order, thread-safely."""

    def __init__(self) -> None:
        self.events: list[tuple[str, Any]] = []
        self._lock = threading.Lock()
        self.shutdowns = 0
        self.flushes = 0

    def _add(self, event: str, item: Any) -> None:
        with self._lock:
            self.events.append((event, item))

    def on_trace_start(self, trace: Trace) -> None:
        self._add("trace_start", trace)

    def on_trace_end(self, trace: Trace) -> None:
        self._add("trace_end", trace)

    def on_span_start(self, span: Span[Any]) -> None:
        self._add("span_start", span)

    def on_span_end(self, span: Span[Any]) -> None:
        self._add("span_end", span)

    def shutdown(self) -> None:
        self.shutdowns += 1

    def force_flush(self) -> None:
        self.flushes += 1

    def ended_spans(self) -> list[Span[Any]]:
        return [item for event, item in self.events if event == "span_end"]

    def by_name(self) -> dict[str, Span[Any]]:
        return {getattr(s.span_data, "name", s.span_data.type): s for s in self.ended_spans()}


class ListExporter(TracingExporter):
    """Keeps every exported batch."""

    def __init__(self) -> None:
        self.batches: list[list[Trace | Span[Any]]] = []

    def export(self, items: list[Trace | Span[Any]]) -> None:
        self.batches.append(list(items))

    @property
    def items(self) -> list[Trace | Span[Any]]:
        return [item for batch in self.batches for item in batch]
