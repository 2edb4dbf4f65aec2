"""Tracing: traces and spans in contextvars, processors, and export to OpenAI or elsewhere.

Nothing happens at import: the default provider, exporter and worker thread are created on first
use. With no API key for export, nothing is sent and no thread is started.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .config import TracingConfig
from .context import TraceCtxManager
from .create import (
    agent_span,
    custom_span,
    function_span,
    generation_span,
    get_current_span,
    get_current_trace,
    guardrail_span,
    handoff_span,
    mcp_tools_span,
    response_span,
    speech_group_span,
    speech_span,
    task_span,
    trace,
    transcription_span,
    turn_span,
)
from .processor_interface import TracingExporter, TracingProcessor
from .provider import DefaultTraceProvider, SynchronousMultiTracingProcessor, TraceProvider
from .setup import get_trace_provider, set_trace_provider
from .span_data import (
    AgentSpanData,
    CustomSpanData,
    FunctionSpanData,
    GenerationSpanData,
    GuardrailSpanData,
    HandoffSpanData,
    MCPListToolsSpanData,
    ResponseSpanData,
    SpanData,
    SpeechGroupSpanData,
    SpeechSpanData,
    TaskSpanData,
    TranscriptionSpanData,
    TurnSpanData,
)
from .spans import NoOpSpan, Span, SpanError
from .traces import NoOpTrace, Trace
from .util import gen_group_id, gen_span_id, gen_trace_id

if TYPE_CHECKING:
    from .processors import (
        BackendSpanExporter,
        BatchTraceProcessor,
        ConsoleSpanExporter,
        default_exporter,
        default_processor,
    )
else:
    # The exporter and batch processor load when first asked for (by name, or when the provider
    # sets up its default processor): a run with tracing off never needs them.
    _PROCESSOR_NAMES = frozenset(
        {
            "BackendSpanExporter",
            "BatchTraceProcessor",
            "ConsoleSpanExporter",
            "default_exporter",
            "default_processor",
        }
    )

    def __getattr__(name: str) -> Any:
        if name in _PROCESSOR_NAMES:
            from . import processors

            return getattr(processors, name)
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "AgentSpanData",
    "BackendSpanExporter",
    "BatchTraceProcessor",
    "ConsoleSpanExporter",
    "CustomSpanData",
    "DefaultTraceProvider",
    "FunctionSpanData",
    "GenerationSpanData",
    "GuardrailSpanData",
    "HandoffSpanData",
    "MCPListToolsSpanData",
    "NoOpSpan",
    "NoOpTrace",
    "ResponseSpanData",
    "Span",
    "SpanData",
    "SpanError",
    "SpeechGroupSpanData",
    "SpeechSpanData",
    "SynchronousMultiTracingProcessor",
    "TaskSpanData",
    "Trace",
    "TraceCtxManager",
    "TraceProvider",
    "TracingConfig",
    "TracingExporter",
    "TracingProcessor",
    "TranscriptionSpanData",
    "TurnSpanData",
    "add_trace_processor",
    "agent_span",
    "custom_span",
    "default_exporter",
    "default_processor",
    "flush_traces",
    "function_span",
    "gen_group_id",
    "gen_span_id",
    "gen_trace_id",
    "generation_span",
    "get_current_span",
    "get_current_trace",
    "get_trace_provider",
    "guardrail_span",
    "handoff_span",
    "mcp_tools_span",
    "response_span",
    "set_trace_processors",
    "set_trace_provider",
    "set_tracing_disabled",
    "set_tracing_export_api_key",
    "speech_group_span",
    "speech_span",
    "task_span",
    "trace",
    "transcription_span",
    "turn_span",
]


def add_trace_processor(span_processor: TracingProcessor) -> None:
    """Add a processor that receives every trace and span, next to those already registered."""
    get_trace_provider().register_processor(span_processor)


def set_trace_processors(processors: list[TracingProcessor]) -> None:
    """Replace all processors (including the default OpenAI exporter) with ``processors``."""
    get_trace_provider().set_processors(processors)


def set_tracing_disabled(disabled: bool) -> None:
    """Turn tracing off (or on) for the whole process; overrides the environment switches."""
    get_trace_provider().set_disabled(disabled)


def set_tracing_export_api_key(api_key: str) -> None:
    """Set the key the default exporter uses for traces that carry no key of their own."""
    from .processors import default_exporter

    default_exporter().set_api_key(api_key)


def flush_traces(timeout: float | None = None) -> bool:
    """Export everything buffered now, e.g. at the end of a serverless handler or task.

    Blocks until done or until ``timeout`` seconds pass; returns whether everything was exported.
    """
    provider = get_trace_provider()
    if isinstance(provider, DefaultTraceProvider):
        return provider.force_flush(timeout=timeout)
    provider.force_flush()
    return True
