"""The trace provider: creates traces and spans and fans their events out to the processors."""

from __future__ import annotations

import inspect
import threading
import time
from abc import ABC, abstractmethod
from typing import Any

from ._ids import (
    _validate_span_id,
    _validate_trace_id,
    default_group_id,
    default_span_id,
    default_time_iso,
    default_trace_id,
)
from .config import TracingConfig, _env_tracing_disabled
from .logger import logger
from .processor_interface import TracingProcessor
from .scope import Scope, _current_span, _current_trace
from .spans import NoOpSpan, Span, SpanImpl, TSpanData
from .traces import NoOpTrace, Trace, TraceImpl


def _accepts_timeout(method: Any) -> bool:
    try:
        parameters = inspect.signature(method).parameters
    except (TypeError, ValueError):
        return False
    return "timeout" in parameters or any(
        p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters.values()
    )


def _remaining(deadline: float | None) -> float | None:
    return None if deadline is None else max(0.0, deadline - time.monotonic())


def _is_noop(item: Trace | Span[Any] | None) -> bool:
    if item is None:
        return False
    # The provider's own recorded traces and spans (every span of a traced run) are read directly.
    if type(item) is TraceImpl:
        return item.trace_id == "no-op"
    if type(item) is SpanImpl:
        return item.trace_id == "no-op" or item.span_id == "no-op"
    if isinstance(item, (NoOpSpan, NoOpTrace)) or item.trace_id == "no-op":
        return True
    return isinstance(item, Span) and item.span_id == "no-op"


class SynchronousMultiTracingProcessor(TracingProcessor):
    """Calls every registered processor in order; one that raises is logged and skipped."""

    def __init__(self) -> None:
        # Replaced, never mutated, so callbacks iterate a stable snapshot without the lock.
        self._processors: tuple[TracingProcessor, ...] = ()
        self._lock = threading.Lock()
        self._reported: set[tuple[int, str]] = set()

    def add_tracing_processor(self, tracing_processor: TracingProcessor) -> None:
        """Add a processor after those already registered."""
        with self._lock:
            self._processors += (tracing_processor,)

    def set_processors(self, processors: list[TracingProcessor]) -> None:
        """Replace the processors."""
        with self._lock:
            self._processors = tuple(processors)

    @property
    def processors(self) -> tuple[TracingProcessor, ...]:
        """The registered processors, in call order."""
        return self._processors

    def _report(self, processor: TracingProcessor, hook: str, exc: Exception) -> None:
        # The first failure of each processor hook is logged with its traceback; repeats (a broken
        # processor fails on every span) only at debug level, so logs are not flooded.
        key = (id(processor), hook)
        with self._lock:
            first = key not in self._reported
            self._reported.add(key)
        name = f"{type(processor).__module__}.{type(processor).__qualname__}"
        if first:
            logger.error(
                "Trace processor %s raised in %s (further failures logged at debug level)",
                name,
                hook,
                exc_info=(type(exc), exc, exc.__traceback__),
            )
        else:
            logger.debug("Trace processor %s raised in %s: %r", name, hook, exc)

    def _call_each(self, hook: str, item: Trace | Span[Any]) -> None:
        for processor in self._processors:
            try:
                getattr(processor, hook)(item)
            except Exception as exc:
                self._report(processor, hook, exc)

    def on_trace_start(self, trace: Trace) -> None:
        self._call_each("on_trace_start", trace)

    def on_trace_end(self, trace: Trace) -> None:
        self._call_each("on_trace_end", trace)

    def on_span_start(self, span: Span[Any]) -> None:
        self._call_each("on_span_start", span)

    def on_span_end(self, span: Span[Any]) -> None:
        self._call_each("on_span_end", span)

    def shutdown(self, timeout: float | None = None) -> None:
        """Shut every processor down, sharing ``timeout`` seconds between them."""
        deadline = None if timeout is None else time.monotonic() + timeout
        for processor in self._processors:
            remaining = _remaining(deadline)
            if remaining is not None and remaining <= 0:
                logger.warning("Tracing shutdown timed out before every processor was shut down")
                return
            try:
                if remaining is not None and _accepts_timeout(processor.shutdown):
                    processor.shutdown(timeout=remaining)  # type: ignore[call-arg]
                else:
                    processor.shutdown()
            except Exception as exc:
                self._report(processor, "shutdown", exc)

    def force_flush(self, timeout: float | None = None) -> bool:  # type: ignore[override]
        """Flush every processor; False if the timeout passed or a processor said it did not finish."""
        deadline = None if timeout is None else time.monotonic() + timeout
        finished = True
        for processor in self._processors:
            remaining = _remaining(deadline)
            try:
                if remaining is not None and _accepts_timeout(processor.force_flush):
                    result: object = processor.force_flush(timeout=remaining)  # type: ignore[call-arg]
                else:
                    result = processor.force_flush()
            except Exception as exc:
                self._report(processor, "force_flush", exc)
                finished = False
                continue
            if result is False:
                finished = False
        if deadline is not None and time.monotonic() > deadline:
            finished = False
        return finished


class TraceProvider(ABC):
    """Creates traces and spans; the global one is swapped with ``set_trace_provider``."""

    @abstractmethod
    def register_processor(self, processor: TracingProcessor) -> None:
        """Add a processor that receives every trace and span."""

    @abstractmethod
    def set_processors(self, processors: list[TracingProcessor]) -> None:
        """Replace all processors."""

    @abstractmethod
    def get_current_trace(self) -> Trace | None:
        """The current trace, if any."""

    @abstractmethod
    def get_current_span(self) -> Span[Any] | None:
        """The current span, if any."""

    @abstractmethod
    def set_disabled(self, disabled: bool) -> None:
        """Turn tracing off (or back on) for the whole process."""

    @abstractmethod
    def time_iso(self) -> str:
        """The current time, ISO 8601."""

    @abstractmethod
    def gen_trace_id(self) -> str:
        """A new trace id."""

    @abstractmethod
    def gen_span_id(self) -> str:
        """A new span id."""

    @abstractmethod
    def gen_group_id(self) -> str:
        """A new group id."""

    @abstractmethod
    def create_trace(
        self,
        name: str,
        trace_id: str | None = None,
        group_id: str | None = None,
        metadata: dict[str, Any] | None = None,
        disabled: bool = False,
        tracing: TracingConfig | None = None,
    ) -> Trace:
        """A new, unstarted trace."""

    @abstractmethod
    def create_span(
        self,
        span_data: TSpanData,
        span_id: str | None = None,
        parent: Trace | Span[Any] | None = None,
        disabled: bool = False,
    ) -> Span[TSpanData]:
        """A new, unstarted span."""

    def force_flush(self) -> None:
        """Make processors export what they buffer; does nothing unless overridden."""
        return None

    def shutdown(self) -> None:
        """Release resources at exit; does nothing unless overridden."""
        return None


class DefaultTraceProvider(TraceProvider):
    """Traces and spans recorded through the registered processors.

    The environment switches are read on first use, not at import, so a program may set them
    after importing agentkit; ``set_disabled`` always wins over them.
    """

    def __init__(self) -> None:
        self._multi_processor = SynchronousMultiTracingProcessor()
        self._env_disabled: bool | None = None
        self._manual_disabled: bool | None = None

    def register_processor(self, processor: TracingProcessor) -> None:
        self._multi_processor.add_tracing_processor(processor)

    def set_processors(self, processors: list[TracingProcessor]) -> None:
        self._multi_processor.set_processors(processors)

    @property
    def processors(self) -> tuple[TracingProcessor, ...]:
        """The registered processors, in call order."""
        return self._multi_processor.processors

    def get_current_trace(self) -> Trace | None:
        return Scope.get_current_trace()

    def get_current_span(self) -> Span[Any] | None:
        return Scope.get_current_span()

    def set_disabled(self, disabled: bool) -> None:
        self._manual_disabled = disabled

    @property
    def disabled(self) -> bool:
        """Whether tracing is off, by ``set_disabled`` or else by the environment."""
        if self._manual_disabled is not None:
            return self._manual_disabled
        if self._env_disabled is None:
            self._env_disabled = _env_tracing_disabled()
        return self._env_disabled

    def time_iso(self) -> str:
        return default_time_iso()

    def gen_trace_id(self) -> str:
        return default_trace_id()

    def gen_span_id(self) -> str:
        return default_span_id()

    def gen_group_id(self) -> str:
        return default_group_id()

    def create_trace(
        self,
        name: str,
        trace_id: str | None = None,
        group_id: str | None = None,
        metadata: dict[str, Any] | None = None,
        disabled: bool = False,
        tracing: TracingConfig | None = None,
    ) -> Trace:
        if trace_id is not None:
            _validate_trace_id(trace_id)
        if disabled or self.disabled:
            return NoOpTrace()
        return TraceImpl(
            name=name,
            trace_id=trace_id or self.gen_trace_id(),
            group_id=group_id,
            metadata=metadata,
            processor=self._multi_processor,
            tracing_api_key=tracing.get("api_key") if tracing else None,
        )

    def create_span(
        self,
        span_data: TSpanData,
        span_id: str | None = None,
        parent: Trace | Span[Any] | None = None,
        disabled: bool = False,
    ) -> Span[TSpanData]:
        if span_id == "no-op":
            return NoOpSpan(span_data)
        if span_id is not None:
            _validate_span_id(span_id)
        if disabled or self.disabled:
            return NoOpSpan(span_data)

        trace_metadata: dict[str, Any] | None
        if parent is None:
            current_trace = _current_trace.get()
            current_span = _current_span.get()
            if current_trace is None:
                logger.debug("No current trace; span %s is not recorded", span_data.type)
                return NoOpSpan(span_data)
            if _is_noop(current_trace) or _is_noop(current_span):
                return NoOpSpan(span_data)
            trace_id = current_trace.trace_id
            parent_id = current_span.span_id if current_span is not None else None
            tracing_api_key = current_trace.tracing_api_key
            # Trace is an interface; other implementations may not carry metadata.
            trace_metadata = getattr(current_trace, "metadata", None)
        elif isinstance(parent, Trace):
            if _is_noop(parent):
                return NoOpSpan(span_data)
            trace_id = parent.trace_id
            parent_id = None
            tracing_api_key = parent.tracing_api_key
            trace_metadata = getattr(parent, "metadata", None)
        elif isinstance(parent, Span):
            if _is_noop(parent):
                return NoOpSpan(span_data)
            trace_id = parent.trace_id
            parent_id = parent.span_id
            tracing_api_key = parent.tracing_api_key
            trace_metadata = parent.trace_metadata
        else:
            raise TypeError(f"parent must be a Trace, a Span or None, not {type(parent).__name__}")

        return SpanImpl(
            trace_id=trace_id,
            span_id=span_id or self.gen_span_id(),
            parent_id=parent_id,
            processor=self._multi_processor,
            span_data=span_data,
            tracing_api_key=tracing_api_key,
            trace_metadata=trace_metadata,
        )

    def force_flush(self, timeout: float | None = None) -> bool:  # type: ignore[override]
        """Flush every processor; True when all finished within ``timeout`` seconds."""
        return self._multi_processor.force_flush(timeout=timeout)

    def shutdown(self, timeout: float | None = None) -> None:
        """Shut every processor down within ``timeout`` seconds overall."""
        self._multi_processor.shutdown(timeout=timeout)
