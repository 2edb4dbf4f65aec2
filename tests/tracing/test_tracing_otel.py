"""agentkit.otel: traces and spans mapped onto OpenTelemetry spans (SDK in-memory exporter)."""

from __future__ import annotations

import importlib
import importlib.util
import subprocess
import sys
import textwrap
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, StatusCode
from tracing_support import Recorder

from agentkit.tracing import (
    agent_span,
    custom_span,
    function_span,
    generation_span,
    guardrail_span,
    handoff_span,
    response_span,
    trace,
)
from agentkit.tracing.provider import DefaultTraceProvider

ROOT = Path(__file__).resolve().parents[2]

# Until the editable install maps extras/otel, load it under its installed name.
_LOADER = f"""
import importlib.util, sys
if importlib.util.find_spec("agentkit.otel") is None:
    import agentkit
    spec = importlib.util.spec_from_file_location(
        "agentkit.otel", {str(ROOT / "extras" / "otel" / "__init__.py")!r},
        submodule_search_locations=[{str(ROOT / "extras" / "otel")!r}],
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules["agentkit.otel"] = module
    spec.loader.exec_module(module)
"""


def load_otel() -> ModuleType:
    exec(_LOADER, {})
    return importlib.import_module("agentkit.otel")


@pytest.fixture
def otel(provider: DefaultTraceProvider) -> tuple[Any, InMemorySpanExporter]:
    memory = InMemorySpanExporter()
    tracer_provider = TracerProvider()
    tracer_provider.add_span_processor(SimpleSpanProcessor(memory))
    processor = load_otel().OpenTelemetryTracingProcessor(tracer_provider)
    provider.set_processors([processor])
    return processor, memory


def by_name(memory: InMemorySpanExporter) -> dict[str, ReadableSpan]:
    return {span.name: span for span in memory.get_finished_spans()}


def iso_ns(iso: str | None) -> int:
    from datetime import datetime, timezone

    assert iso is not None
    delta = datetime.fromisoformat(iso) - datetime(1970, 1, 1, tzinfo=timezone.utc)
    return (delta.days * 86400 + delta.seconds) * 10**9 + delta.microseconds * 1000


class _Resp:
    id = "resp_42"
    model = "gpt-4.1-2025"

    class usage:
        input_tokens = 5
        output_tokens = 6


def test_tree_timestamps_and_genai_attributes(otel: tuple[Any, InMemorySpanExporter]) -> None:
    _, memory = otel
    with trace("Weather", group_id="thread_1", metadata={"customer": "acme", "n": 2}):  # noqa: SIM117
        with agent_span("Weather agent", tools=["get_weather"], handoffs=["Other"]) as agent:
            with generation_span(
                model="gpt-4.1",
                model_config={"temperature": 0.5, "max_tokens": 100},
                usage={"input_tokens": 82, "output_tokens": 17},
            ) as gen:
                pass
            with function_span("get_weather", input='{"city":"Boston"}', output="72F"):
                pass
            with response_span(_Resp()):
                pass
            with handoff_span(from_agent="Weather agent", to_agent="Other"):
                pass
            with guardrail_span("no_pii", triggered=True):
                pass
    spans = by_name(memory)
    root = spans["Weather"]
    agent_otel = spans["invoke_agent Weather agent"]
    gen_otel = spans["chat gpt-4.1"]
    fn_otel = spans["execute_tool get_weather"]
    resp_otel = spans["chat gpt-4.1-2025"]

    # One OpenTelemetry trace; the parent/child structure is preserved.
    assert {s.context.trace_id for s in spans.values()} == {root.context.trace_id}
    assert root.parent is None
    assert agent_otel.parent is not None and agent_otel.parent.span_id == root.context.span_id
    for child in (gen_otel, fn_otel, resp_otel, spans["guardrail no_pii"]):
        assert child.parent is not None and child.parent.span_id == agent_otel.context.span_id

    # Timestamps are the agentkit ones.
    assert gen_otel.start_time == iso_ns(gen.started_at)
    assert gen_otel.end_time == iso_ns(gen.ended_at)
    assert agent_otel.start_time == iso_ns(agent.started_at)

    assert root.attributes is not None
    assert root.attributes["gen_ai.conversation.id"] == "thread_1"
    assert root.attributes["agentkit.metadata.customer"] == "acme"
    assert agent_otel.attributes == {
        **dict(agent_otel.attributes or {}),
        "gen_ai.operation.name": "invoke_agent",
        "gen_ai.agent.name": "Weather agent",
        "agentkit.agent.tools": ("get_weather",),
    }
    assert gen_otel.kind is SpanKind.CLIENT
    gen_attrs = dict(gen_otel.attributes or {})
    assert gen_attrs["gen_ai.operation.name"] == "chat"
    assert gen_attrs["gen_ai.system"] == "openai"
    assert gen_attrs["gen_ai.request.model"] == "gpt-4.1"
    assert gen_attrs["gen_ai.request.temperature"] == 0.5
    assert gen_attrs["gen_ai.request.max_tokens"] == 100
    assert gen_attrs["gen_ai.usage.input_tokens"] == 82
    assert gen_attrs["gen_ai.usage.output_tokens"] == 17
    assert "gen_ai.input.messages" not in gen_attrs  # content is opt-in
    fn_attrs = dict(fn_otel.attributes or {})
    assert fn_attrs["gen_ai.tool.name"] == "get_weather"
    assert fn_attrs["gen_ai.operation.name"] == "execute_tool"
    assert "gen_ai.tool.call.arguments" not in fn_attrs
    resp_attrs = dict(resp_otel.attributes or {})
    assert resp_attrs["gen_ai.response.id"] == "resp_42"
    assert resp_attrs["gen_ai.usage.input_tokens"] == 5
    assert (
        dict(spans["handoff Weather agent -> Other"].attributes or {})["agentkit.handoff.to_agent"]
        == "Other"
    )
    assert dict(spans["guardrail no_pii"].attributes or {})["agentkit.guardrail.triggered"] is True
    assert all(s.status.status_code is StatusCode.UNSET for s in spans.values())


def test_errors_become_error_status(otel: tuple[Any, InMemorySpanExporter]) -> None:
    _, memory = otel
    with trace("w"):
        with function_span("lookup") as fn:
            fn.set_error({"message": "Error running tool", "data": {"tool_name": "lookup"}})
        with pytest.raises(ValueError), custom_span("boom"):
            raise ValueError("bad input")
    spans = by_name(memory)
    tool = spans["execute_tool lookup"]
    assert tool.status.status_code is StatusCode.ERROR
    assert tool.status.description == "Error running tool"
    boom = spans["boom"]
    assert boom.status.status_code is StatusCode.ERROR
    assert dict(boom.attributes or {})["error.type"] == "ValueError"


def test_sensitive_content_only_when_asked(provider: DefaultTraceProvider) -> None:
    memory = InMemorySpanExporter()
    tracer_provider = TracerProvider()
    tracer_provider.add_span_processor(SimpleSpanProcessor(memory))
    processor = load_otel().OpenTelemetryTracingProcessor(
        tracer_provider, include_sensitive_data=True
    )
    provider.set_processors([processor])
    with trace("w"):
        with generation_span(input=[{"role": "user", "content": "hi"}], model="m"):
            pass
        with function_span("f", input='{"a":1}', output="done"):
            pass
    spans = by_name(memory)
    assert dict(spans["chat m"].attributes or {})["gen_ai.input.messages"] == (
        '[{"role": "user", "content": "hi"}]'
    )
    fn_attrs = dict(spans["execute_tool f"].attributes or {})
    assert fn_attrs["gen_ai.tool.call.arguments"] == '{"a":1}'
    assert fn_attrs["gen_ai.tool.call.result"] == "done"


def test_next_to_the_default_processor_and_spans_left_open(
    otel: tuple[Any, InMemorySpanExporter], provider: DefaultTraceProvider
) -> None:
    processor, memory = otel
    other = Recorder()
    provider.set_processors([other, processor])  # no need to disable the other one
    with trace("w"):
        never_finished = custom_span("open")
        never_finished.start()
    # The trace end closes what was left open, so nothing leaks.
    assert {s.name for s in memory.get_finished_spans()} == {"w", "open"}
    assert processor._spans == {} and processor._roots == {}
    assert len(other.events) == 3


def test_missing_opentelemetry_names_the_extra() -> None:
    code = textwrap.dedent(
        """
        import sys
        sys.modules["opentelemetry"] = None
        try:
        {loader}
            import agentkit.otel
        except ImportError as exc:
            print(exc)
        else:
            print("imported")
        """
    ).format(loader=textwrap.indent(_LOADER, "    "))
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout
    assert 'pip install "agentkit[otel]"' in out
