"""Spans: timed operations inside a trace, nested through the current-span contextvar."""

from __future__ import annotations

import abc
import contextvars
from datetime import datetime
from types import TracebackType
from typing import Any, Generic, TypeVar

from typing_extensions import TypedDict

from ._ids import default_span_id, default_time, time_iso
from .logger import logger
from .processor_interface import TracingProcessor
from .scope import Scope, _current_span
from .span_data import SpanData

TSpanData = TypeVar("TSpanData", bound=SpanData)

# Trace metadata keys copied onto every span's own metadata so the backend can route spans.
_SPAN_METADATA_ROUTING_KEYS = ("agent_harness_id",)


class SpanError(TypedDict):
    """An error recorded on a span: a readable message and optional JSON-ready details."""

    message: str
    data: dict[str, Any] | None


def _error_from_exception(exc: BaseException) -> SpanError:
    return {"message": str(exc) or type(exc).__name__, "data": {"type": type(exc).__name__}}


def _reset_span_token_tolerantly(span: Span[Any], token: contextvars.Token[Any] | None) -> None:
    # An async generator abandoned by its consumer is finalised in whatever context runs its
    # aclose(); the token then belongs to another context and resetting it raises ValueError.
    if token is None:
        return
    try:
        Scope.reset_current_span(token)
    except ValueError:
        logger.debug("Span %s: context token belongs to another context; not reset", span.span_id)


class Span(abc.ABC, Generic[TSpanData]):
    """One operation in a trace (an agent turn, a model call, a tool call ...).

    Not started on creation: use ``with span:`` or call ``start()`` and ``finish()``. Leaving the
    ``with`` block through an exception records the error on the span (unless one was already set)
    and lets the exception propagate.
    """

    @property
    @abc.abstractmethod
    def trace_id(self) -> str:
        """Id of the trace the span belongs to."""

    @property
    @abc.abstractmethod
    def span_id(self) -> str:
        """This span's id."""

    @property
    @abc.abstractmethod
    def span_data(self) -> TSpanData:
        """The span's payload."""

    @abc.abstractmethod
    def start(self, mark_as_current: bool = False) -> None:
        """Start the span; with ``mark_as_current`` it becomes the current span."""

    @abc.abstractmethod
    def finish(self, reset_current: bool = False) -> None:
        """End the span; with ``reset_current`` the previous current span is restored."""

    @abc.abstractmethod
    def __enter__(self) -> Span[TSpanData]: ...

    @abc.abstractmethod
    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_val: BaseException | None,
        exc_tb: TracebackType | None,
    ) -> None: ...

    @property
    @abc.abstractmethod
    def parent_id(self) -> str | None:
        """The parent span's id, or None for a span directly under its trace."""

    @abc.abstractmethod
    def set_error(self, error: SpanError) -> None:
        """Record an error on the span (the last call wins)."""

    @property
    @abc.abstractmethod
    def error(self) -> SpanError | None:
        """The recorded error, if any."""

    @abc.abstractmethod
    def export(self) -> dict[str, Any] | None:
        """The span's ingest form, or None for a span that is not recorded."""

    @property
    @abc.abstractmethod
    def started_at(self) -> str | None:
        """ISO 8601 start time, None before ``start()``."""

    @property
    @abc.abstractmethod
    def ended_at(self) -> str | None:
        """ISO 8601 end time, None before ``finish()``."""

    @property
    @abc.abstractmethod
    def tracing_api_key(self) -> str | None:
        """The key this span is exported with (from its trace), None for the exporter default."""

    @property
    def trace_metadata(self) -> dict[str, Any] | None:
        """Metadata of the trace the span belongs to, when known."""
        return None


class _ScopedSpan(Span[TSpanData]):
    """Context-manager plumbing: current on enter, the previous span restored on exit."""

    __slots__ = ()

    _prev_span_token: contextvars.Token[Span[Any] | None] | None

    def __enter__(self) -> Span[TSpanData]:
        self.start(mark_as_current=True)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_val: BaseException | None,
        exc_tb: TracebackType | None,
    ) -> None:
        if exc_type is GeneratorExit:
            self.finish(reset_current=False)
            token, self._prev_span_token = self._prev_span_token, None
            _reset_span_token_tolerantly(self, token)
        else:
            self.finish(reset_current=True)

    def _become_current(self, mark_as_current: bool) -> None:
        if mark_as_current:
            self._prev_span_token = _current_span.set(self)

    def _restore_previous(self, reset_current: bool) -> None:
        if reset_current and self._prev_span_token is not None:
            _current_span.reset(self._prev_span_token)
            self._prev_span_token = None


class NoOpSpan(_ScopedSpan[TSpanData]):
    """A span that records nothing but still keeps its data and the current-span contextvar."""

    __slots__ = ("_prev_span_token", "_span_data")

    def __init__(self, span_data: TSpanData) -> None:
        self._span_data = span_data
        self._prev_span_token: contextvars.Token[Span[Any] | None] | None = None

    @property
    def trace_id(self) -> str:
        return "no-op"

    @property
    def span_id(self) -> str:
        return "no-op"

    @property
    def span_data(self) -> TSpanData:
        return self._span_data

    @property
    def parent_id(self) -> str | None:
        return None

    def start(self, mark_as_current: bool = False) -> None:
        self._become_current(mark_as_current)

    def finish(self, reset_current: bool = False) -> None:
        self._restore_previous(reset_current)

    def set_error(self, error: SpanError) -> None:
        pass

    @property
    def error(self) -> SpanError | None:
        return None

    def export(self) -> dict[str, Any] | None:
        return None

    @property
    def started_at(self) -> str | None:
        return None

    @property
    def ended_at(self) -> str | None:
        return None

    @property
    def tracing_api_key(self) -> str | None:
        return None


class SpanImpl(_ScopedSpan[TSpanData]):
    """A recorded span; reports its start and end to the provider's processors."""

    __slots__ = (
        "_ended_at",
        "_error",
        "_parent_id",
        "_prev_span_token",
        "_processor",
        "_span_data",
        "_span_id",
        "_started_at",
        "_trace_id",
        "_trace_metadata",
        "_tracing_api_key",
    )

    def __init__(
        self,
        trace_id: str,
        span_id: str | None,
        parent_id: str | None,
        processor: TracingProcessor,
        span_data: TSpanData,
        tracing_api_key: str | None,
        trace_metadata: dict[str, Any] | None = None,
    ) -> None:
        self._trace_id = trace_id
        self._span_id = span_id or default_span_id()
        self._parent_id = parent_id
        # Times are kept as datetimes and formatted only when read: a span is timed twice, and
        # most spans (every one under a processor that ignores them) are never exported.
        self._started_at: datetime | None = None
        self._ended_at: datetime | None = None
        self._processor = processor
        self._error: SpanError | None = None
        self._prev_span_token: contextvars.Token[Span[Any] | None] | None = None
        self._span_data = span_data
        self._tracing_api_key = tracing_api_key
        self._trace_metadata = trace_metadata

    def __repr__(self) -> str:
        return (
            f"<Span {self._span_data.type} id={self._span_id} trace_id={self._trace_id} "
            f"parent_id={self._parent_id}>"
        )

    @property
    def trace_id(self) -> str:
        return self._trace_id

    @property
    def span_id(self) -> str:
        return self._span_id

    @property
    def span_data(self) -> TSpanData:
        return self._span_data

    @property
    def parent_id(self) -> str | None:
        return self._parent_id

    def start(self, mark_as_current: bool = False) -> None:
        if self._started_at is not None:
            logger.warning("Span %s was already started", self._span_id)
            return
        self._started_at = default_time()
        self._processor.on_span_start(self)
        self._become_current(mark_as_current)

    def finish(self, reset_current: bool = False) -> None:
        if self._ended_at is not None:
            logger.warning("Span %s was already finished", self._span_id)
            return
        self._ended_at = default_time()
        self._processor.on_span_end(self)
        self._restore_previous(reset_current)

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_val: BaseException | None,
        exc_tb: TracebackType | None,
    ) -> None:
        if isinstance(exc_val, Exception) and self._error is None:
            self._error = _error_from_exception(exc_val)
        super().__exit__(exc_type, exc_val, exc_tb)

    def set_error(self, error: SpanError) -> None:
        self._error = error

    @property
    def error(self) -> SpanError | None:
        return self._error

    @property
    def started_at(self) -> str | None:
        return time_iso(self._started_at)

    @property
    def ended_at(self) -> str | None:
        return time_iso(self._ended_at)

    @property
    def tracing_api_key(self) -> str | None:
        return self._tracing_api_key

    @property
    def trace_metadata(self) -> dict[str, Any] | None:
        return self._trace_metadata

    def export(self) -> dict[str, Any] | None:
        payload: dict[str, Any] = {
            "object": "trace.span",
            "id": self._span_id,
            "trace_id": self._trace_id,
            "parent_id": self._parent_id,
            "started_at": time_iso(self._started_at),
            "ended_at": time_iso(self._ended_at),
            "span_data": self._span_data.export(),
            "error": self._error,
        }
        metadata: dict[str, Any] = {}
        if self._trace_metadata is not None:
            for key in _SPAN_METADATA_ROUTING_KEYS:
                if key in self._trace_metadata:
                    metadata[key] = self._trace_metadata[key]
        own = getattr(self._span_data, "metadata", None)
        if isinstance(own, dict):
            for key, value in own.items():
                metadata.setdefault(key, value)
        if metadata:
            payload["metadata"] = metadata
        return payload
