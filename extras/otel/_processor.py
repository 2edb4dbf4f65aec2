"""Maps agentkit traces and spans onto OpenTelemetry spans with GenAI semantic-convention attributes."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Mapping, Sequence
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from .._optional import import_extra
from ..tracing.processor_interface import TracingProcessor
from ..tracing.span_data import (
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

if TYPE_CHECKING:
    from opentelemetry.trace import Span as OTelSpan
    from opentelemetry.trace import TracerProvider

    from ..tracing.spans import Span
    from ..tracing.traces import Trace

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)

# model_config keys that have a GenAI request attribute of their own.
_REQUEST_SETTINGS = {
    "temperature": "gen_ai.request.temperature",
    "top_p": "gen_ai.request.top_p",
    "max_tokens": "gen_ai.request.max_tokens",
    "frequency_penalty": "gen_ai.request.frequency_penalty",
    "presence_penalty": "gen_ai.request.presence_penalty",
    "seed": "gen_ai.request.seed",
}


def _ns(iso: str | None) -> int | None:
    """An ISO 8601 timestamp as integer nanoseconds since the epoch (no float rounding)."""
    if not iso:
        return None
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    delta = moment - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000_000 + delta.microseconds * 1_000


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def _primitive(value: Any) -> str | bool | int | float:
    if isinstance(value, (str, bool, int, float)):
        return value
    return _json(value)


def _usage_attributes(usage: Any) -> dict[str, Any]:
    attributes: dict[str, Any] = {}
    if usage is None:
        return attributes
    for key in ("input_tokens", "output_tokens"):
        value = usage.get(key) if isinstance(usage, Mapping) else getattr(usage, key, None)
        if isinstance(value, int) and not isinstance(value, bool):
            attributes[f"gen_ai.usage.{key}"] = value
    return attributes


class OpenTelemetryTracingProcessor(TracingProcessor):
    """A tracing processor that re-emits agentkit traces and spans as OpenTelemetry spans.

    A trace becomes a root span named after the workflow; each agentkit span becomes a child of its
    parent's OpenTelemetry span, with the original start and end times. Attributes follow the
    GenAI semantic conventions (``gen_ai.operation.name``, ``gen_ai.request.model``,
    ``gen_ai.usage.input_tokens`` ...); an error recorded on a span sets its status to ERROR.

    Add it next to the default exporter with ``add_trace_processor(OpenTelemetryTracingProcessor())``
    or instead of it with ``set_trace_processors([...])``.

    Args:
        tracer_provider: Where spans go; the global OpenTelemetry provider when None.
        include_sensitive_data: Also record message contents, tool arguments and results
            (``gen_ai.input.messages`` ...). Off by default, as the semantic conventions advise.
        system: The ``gen_ai.system`` / ``gen_ai.provider.name`` of model calls.
    """

    def __init__(
        self,
        tracer_provider: TracerProvider | None = None,
        *,
        include_sensitive_data: bool = False,
        system: str = "openai",
    ) -> None:
        otel_trace = import_extra("opentelemetry.trace", "otel")
        provider = tracer_provider or otel_trace.get_tracer_provider()
        self._otel_trace = otel_trace
        self._tracer = provider.get_tracer("agentkit")
        self._provider = provider
        self._include_sensitive_data = include_sensitive_data
        self._system = system
        self._lock = threading.Lock()
        self._roots: dict[str, OTelSpan] = {}
        self._spans: dict[str, OTelSpan] = {}
        self._spans_of_trace: dict[str, set[str]] = {}

    def on_trace_start(self, trace: Trace) -> None:
        attributes: dict[str, Any] = {
            "gen_ai.workflow.name": trace.name,
            "agentkit.trace_id": trace.trace_id,
        }
        group_id = getattr(trace, "group_id", None)
        if group_id:
            attributes["gen_ai.conversation.id"] = group_id
        metadata = getattr(trace, "metadata", None)
        if isinstance(metadata, Mapping):
            for key, value in metadata.items():
                attributes[f"agentkit.metadata.{key}"] = _primitive(value)
        root = self._tracer.start_span(trace.name, attributes=attributes)
        with self._lock:
            self._roots[trace.trace_id] = root
            self._spans_of_trace.setdefault(trace.trace_id, set())

    def on_trace_end(self, trace: Trace) -> None:
        with self._lock:
            root = self._roots.pop(trace.trace_id, None)
            leftover = [
                self._spans.pop(span_id)
                for span_id in self._spans_of_trace.pop(trace.trace_id, set())
                if span_id in self._spans
            ]
        # Spans never finished would otherwise leak; close them with the trace.
        for span in leftover:
            span.end()
        if root is not None:
            root.end()

    def on_span_start(self, span: Span[Any]) -> None:
        with self._lock:
            parent = (self._spans.get(span.parent_id) if span.parent_id else None) or (
                self._roots.get(span.trace_id)
            )
        context = self._otel_trace.set_span_in_context(parent) if parent is not None else None
        kind = self._otel_trace.SpanKind.INTERNAL
        if isinstance(span.span_data, (GenerationSpanData, ResponseSpanData)):
            kind = self._otel_trace.SpanKind.CLIENT
        otel_span = self._tracer.start_span(
            self._name(span.span_data),
            context=context,
            kind=kind,
            start_time=_ns(span.started_at) or time.time_ns(),
        )
        with self._lock:
            self._spans[span.span_id] = otel_span
            self._spans_of_trace.setdefault(span.trace_id, set()).add(span.span_id)

    def on_span_end(self, span: Span[Any]) -> None:
        with self._lock:
            otel_span = self._spans.pop(span.span_id, None)
            members = self._spans_of_trace.get(span.trace_id)
            if members is not None:
                members.discard(span.span_id)
        if otel_span is None:
            return
        otel_span.update_name(self._name(span.span_data))
        attributes = {
            "agentkit.span_id": span.span_id,
            "agentkit.trace_id": span.trace_id,
            "agentkit.span_type": span.span_data.type,
            **self._attributes(span.span_data),
        }
        otel_span.set_attributes({k: v for k, v in attributes.items() if v is not None})
        error = span.error
        if error is not None:
            status = self._otel_trace.Status(self._otel_trace.StatusCode.ERROR, error["message"])
            otel_span.set_status(status)
            data = error.get("data") or {}
            otel_span.set_attribute("error.type", str(data.get("type") or "_OTHER"))
            if self._include_sensitive_data and data:
                otel_span.set_attribute("agentkit.error.data", _json(data))
        otel_span.end(end_time=_ns(span.ended_at) or time.time_ns())

    def shutdown(self) -> None:
        with self._lock:
            spans = [*self._spans.values(), *self._roots.values()]
            self._spans.clear()
            self._roots.clear()
            self._spans_of_trace.clear()
        for span in spans:
            span.end()

    def force_flush(self) -> None:
        flush = getattr(self._provider, "force_flush", None)
        if callable(flush):
            flush()

    def _name(self, data: SpanData) -> str:
        if isinstance(data, AgentSpanData):
            return f"invoke_agent {data.name}"
        if isinstance(data, GenerationSpanData):
            return f"chat {data.model}" if data.model else "chat"
        if isinstance(data, ResponseSpanData):
            model = getattr(data.response, "model", None)
            return f"chat {model}" if model else "chat"
        if isinstance(data, FunctionSpanData):
            return f"execute_tool {data.name}"
        if isinstance(data, HandoffSpanData):
            return f"handoff {data.from_agent} -> {data.to_agent}"
        if isinstance(data, GuardrailSpanData):
            return f"guardrail {data.name}"
        if isinstance(data, (CustomSpanData, TaskSpanData)):
            return data.name
        if isinstance(data, TurnSpanData):
            return f"turn {data.turn} {data.agent_name}"
        if isinstance(data, MCPListToolsSpanData):
            return f"mcp list_tools {data.server}" if data.server else "mcp list_tools"
        return data.type

    def _attributes(self, data: SpanData) -> dict[str, Any]:
        if isinstance(data, AgentSpanData):
            return {
                "gen_ai.operation.name": "invoke_agent",
                "gen_ai.agent.name": data.name,
                "agentkit.agent.tools": list(data.tools) if data.tools else None,
                "agentkit.agent.handoffs": list(data.handoffs) if data.handoffs else None,
                "agentkit.agent.output_type": data.output_type,
            }
        if isinstance(data, GenerationSpanData):
            return self._generation_attributes(data)
        if isinstance(data, ResponseSpanData):
            return self._response_attributes(data)
        if isinstance(data, FunctionSpanData):
            return self._function_attributes(data)
        if isinstance(data, HandoffSpanData):
            return {
                "agentkit.handoff.from_agent": data.from_agent,
                "agentkit.handoff.to_agent": data.to_agent,
            }
        if isinstance(data, GuardrailSpanData):
            return {
                "agentkit.guardrail.name": data.name,
                "agentkit.guardrail.triggered": data.triggered,
            }
        if isinstance(data, (CustomSpanData, TaskSpanData, TurnSpanData)):
            exported = data.export()
            return {
                "agentkit.custom.name": exported["name"],
                "agentkit.custom.data": _json(exported["data"]),
            }
        return self._audio_and_mcp_attributes(data)

    def _generation_attributes(self, data: GenerationSpanData) -> dict[str, Any]:
        attributes: dict[str, Any] = {
            "gen_ai.operation.name": "chat",
            "gen_ai.system": self._system,
            "gen_ai.provider.name": self._system,
            "gen_ai.request.model": data.model,
            **_usage_attributes(data.usage),
        }
        for key, name in _REQUEST_SETTINGS.items():
            value = (data.model_config or {}).get(key)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                attributes[name] = value
        if self._include_sensitive_data:
            attributes["gen_ai.input.messages"] = _json(data.input)
            attributes["gen_ai.output.messages"] = _json(data.output)
        return attributes

    def _response_attributes(self, data: ResponseSpanData) -> dict[str, Any]:
        response = data.response
        model = getattr(response, "model", None)
        return {
            "gen_ai.operation.name": "chat",
            "gen_ai.system": self._system,
            "gen_ai.provider.name": self._system,
            "gen_ai.request.model": model if isinstance(model, str) else None,
            "gen_ai.response.model": model if isinstance(model, str) else None,
            "gen_ai.response.id": data.export()["response_id"],
            **_usage_attributes(data.usage or getattr(response, "usage", None)),
        }

    def _function_attributes(self, data: FunctionSpanData) -> dict[str, Any]:
        attributes: dict[str, Any] = {
            "gen_ai.operation.name": "execute_tool",
            "gen_ai.tool.name": data.name,
            "gen_ai.tool.type": "function",
            "agentkit.tool.mcp_data": None if data.mcp_data is None else _json(data.mcp_data),
        }
        if self._include_sensitive_data:
            attributes["gen_ai.tool.call.arguments"] = data.input
            attributes["gen_ai.tool.call.result"] = (
                None if data.output is None else str(data.output)
            )
        return attributes

    def _audio_and_mcp_attributes(self, data: SpanData) -> dict[str, Any]:
        sensitive = self._include_sensitive_data
        if isinstance(data, (TranscriptionSpanData, SpeechSpanData)):
            attributes: dict[str, Any] = {
                "gen_ai.request.model": data.model,
                "gen_ai.provider.name": self._system,
            }
            if sensitive:
                text = data.output if isinstance(data, TranscriptionSpanData) else data.input
                attributes["agentkit.audio.text"] = text
            return attributes
        if isinstance(data, SpeechGroupSpanData):
            return {"agentkit.audio.text": data.input} if sensitive else {}
        if isinstance(data, MCPListToolsSpanData):
            tools: Sequence[str] | None = data.result
            return {
                "agentkit.mcp.server": data.server,
                "agentkit.mcp.tools": list(tools) if tools else None,
            }
        return {}
