"""The two seams of tracing: processors see every trace and span, exporters ship batches."""

from __future__ import annotations

import abc
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .spans import Span
    from .traces import Trace


class TracingProcessor(abc.ABC):
    """Receives every trace and span as it starts and ends.

    Callbacks run synchronously on the caller's thread: they must be quick and thread-safe. An
    exception they raise is logged by the provider and never reaches the traced code.
    """

    @abc.abstractmethod
    def on_trace_start(self, trace: Trace) -> None:
        """A trace started."""

    @abc.abstractmethod
    def on_trace_end(self, trace: Trace) -> None:
        """A trace finished."""

    @abc.abstractmethod
    def on_span_start(self, span: Span[Any]) -> None:
        """A span started; its data may still change until it ends."""

    @abc.abstractmethod
    def on_span_end(self, span: Span[Any]) -> None:
        """A span finished; its data, timestamps and error are final."""

    @abc.abstractmethod
    def shutdown(self) -> None:
        """Flush what is buffered and release resources; called once at exit."""

    @abc.abstractmethod
    def force_flush(self) -> None:
        """Process everything buffered before returning."""


class TracingExporter(abc.ABC):
    """Sends finished traces and spans somewhere (a backend, the console, a file)."""

    @abc.abstractmethod
    def export(self, items: list[Trace | Span[Any]]) -> None:
        """Export one batch of traces and spans."""
