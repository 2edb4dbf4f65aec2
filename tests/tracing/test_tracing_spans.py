"""Traces and spans built by hand: nesting, exports, no-op behaviour, ids, errors, contextvars."""

from __future__ import annotations

import asyncio
import contextvars
import logging
import re
import threading
import uuid
from datetime import datetime, timezone
from typing import Any

import pytest
from tracing_support import Recorder

import agentkit.tracing as tracing
from agentkit.tracing import (
    NoOpSpan,
    NoOpTrace,
    Span,
    Trace,
    agent_span,
    custom_span,
    function_span,
    gen_group_id,
    gen_span_id,
    gen_trace_id,
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
from agentkit.tracing.config import default_trace_include_sensitive_data
from agentkit.tracing.context import TraceCtxManager
from agentkit.tracing.provider import DefaultTraceProvider
from agentkit.tracing.traces import TraceState

TRACE_ID = "trace_" + "a" * 32


def span_id(n: int) -> str:
    return f"span_{n:024d}"


def test_ids_have_the_documented_formats(provider: DefaultTraceProvider) -> None:
    assert re.fullmatch(r"trace_[0-9a-f]{32}", gen_trace_id())
    assert re.fullmatch(r"span_[0-9a-f]{24}", gen_span_id())
    assert re.fullmatch(r"group_[0-9a-f]{24}", gen_group_id())
    assert len({gen_trace_id() for _ in range(100)}) == 100


def test_generated_ids_carry_uuid4_bits_as_upstream() -> None:
    # Upstream's ids are `uuid4().hex` (cut to 24 digits for spans and groups): version 4 and the
    # RFC 4122 variant, which stay within the digits a span id keeps.
    for _ in range(200):
        digits = gen_trace_id().removeprefix("trace_")
        assert uuid.UUID(hex=digits).version == 4
        assert uuid.UUID(hex=digits).variant == uuid.RFC_4122
        for short in (gen_span_id().removeprefix("span_"), gen_group_id().removeprefix("group_")):
            assert short[12] == "4" and short[16] in "89ab"


@pytest.mark.parametrize("given", ["trace_123", "abc", "trace_" + "g!" * 16, "span_" + "a" * 32])
def test_any_string_trace_id_is_used_as_upstream_uses_it(recorder: Recorder, given: str) -> None:
    with trace("w", trace_id=given) as t:
        assert t.trace_id == given
    with pytest.raises(TypeError, match=r"trace_id must be a string.*gen_trace_id\(\)"):
        trace("w", trace_id=123)  # type: ignore[arg-type]


def test_any_string_span_id_is_used_and_no_op_gives_a_no_op_span(recorder: Recorder) -> None:
    with trace("w"):
        with custom_span("x", span_id="span_1") as given:
            assert given.span_id == "span_1"
        with custom_span("x", span_id="") as generated:
            assert generated.span_id.startswith("span_")
        assert isinstance(custom_span("x", span_id="no-op"), NoOpSpan)
        with custom_span("ok", span_id=span_id(7)) as span:
            assert span.span_id == span_id(7)


def test_nesting_follows_the_current_span_and_events_come_in_order(recorder: Recorder) -> None:
    with trace("Workflow", trace_id=TRACE_ID, group_id="g", metadata={"k": "v"}) as t:
        assert get_current_trace() is t
        with agent_span("A", span_id=span_id(1)) as agent:
            assert get_current_span() is agent
            with function_span("tool", input="{}", span_id=span_id(2)) as fn:
                assert fn.parent_id == agent.span_id
            assert get_current_span() is agent
        assert get_current_span() is None
    assert get_current_trace() is None
    assert [(e, getattr(o, "span_id", "trace")) for e, o in recorder.events] == [
        ("trace_start", "trace"),
        ("span_start", span_id(1)),
        ("span_start", span_id(2)),
        ("span_end", span_id(2)),
        ("span_end", span_id(1)),
        ("trace_end", "trace"),
    ]
    assert agent.parent_id is None and agent.trace_id == TRACE_ID
    assert t.export() == {
        "object": "trace",
        "id": TRACE_ID,
        "workflow_name": "Workflow",
        "group_id": "g",
        "metadata": {"k": "v"},
    }


def test_span_export_has_the_ingest_shape_and_iso_timestamps(recorder: Recorder) -> None:
    with (
        trace("w", trace_id=TRACE_ID),
        agent_span("A", handoffs=["B"], tools=["t"], output_type="str", span_id=span_id(1)),
    ):
        pass
    [span] = recorder.ended_spans()
    exported = span.export()
    assert exported is not None
    started, ended = exported.pop("started_at"), exported.pop("ended_at")
    assert exported == {
        "object": "trace.span",
        "id": span_id(1),
        "trace_id": TRACE_ID,
        "parent_id": None,
        "span_data": {
            "type": "agent",
            "name": "A",
            "handoffs": ["B"],
            "tools": ["t"],
            "output_type": "str",
        },
        "error": None,
    }
    start, end = datetime.fromisoformat(started), datetime.fromisoformat(ended)
    assert start.utcoffset() is not None and start <= end


class _Response:
    id = "resp_1"


def test_every_span_data_exports_like_upstream(recorder: Recorder) -> None:
    # Expected values were produced by openai-agents 0.24.0 for the same calls.
    with trace("w"):
        with generation_span(
            input=[{"role": "user", "content": "hi"}],
            output=[{"role": "assistant", "content": "yo"}],
            model="gpt-4.1",
            model_config={"temperature": 1.0},
            usage={"input_tokens": 3, "output_tokens": 4},
        ):
            pass
        with function_span("f", input='{"a":1}', output={"t": 72}):  # type: ignore[arg-type]
            pass
        with response_span(response=_Response()) as r:
            r.span_data.usage = {"input_tokens": 1}
        with handoff_span(from_agent="a", to_agent="b"):
            pass
        with guardrail_span("g", triggered=True):
            pass
        with custom_span("c", {"k": [1, 2]}):
            pass
        with custom_span("empty"):
            pass
        with transcription_span(model="m", input="AAAA", output="text", model_config={"a": 1}):
            pass
        with speech_span(model="tts", input="hi", output="BBBB", first_content_at="t0"):
            pass
        with speech_group_span(input="hi"):
            pass
        with mcp_tools_span(server="s", result=["t1"]):
            pass
        with task_span("task") as ts:
            ts.span_data.usage = {"requests": 1}
        with turn_span(2, "A"):
            pass
    exports = [s.span_data.export() for s in recorder.ended_spans()]
    assert exports == [
        {
            "type": "generation",
            "input": [{"role": "user", "content": "hi"}],
            "output": [{"role": "assistant", "content": "yo"}],
            "model": "gpt-4.1",
            "model_config": {"temperature": 1.0},
            "usage": {"input_tokens": 3, "output_tokens": 4},
        },
        {
            "type": "function",
            "name": "f",
            "input": '{"a":1}',
            "output": "{'t': 72}",
            "mcp_data": None,
        },
        {"type": "response", "response_id": "resp_1", "usage": {"input_tokens": 1}},
        {"type": "handoff", "from_agent": "a", "to_agent": "b"},
        {"type": "guardrail", "name": "g", "triggered": True},
        {"type": "custom", "name": "c", "data": {"k": [1, 2]}},
        {"type": "custom", "name": "empty", "data": {}},
        {
            "type": "transcription",
            "input": {"data": "AAAA", "format": "pcm"},
            "output": "text",
            "model": "m",
            "model_config": {"a": 1},
        },
        {
            "type": "speech",
            "input": "hi",
            "output": {"data": "BBBB", "format": "pcm"},
            "model": "tts",
            "model_config": None,
            "first_content_at": "t0",
        },
        {"type": "speech_group", "input": "hi"},
        {"type": "mcp_tools", "server": "s", "result": ["t1"]},
        {
            "type": "custom",
            "name": "task",
            "data": {"sdk_span_type": "task", "name": "task", "usage": {"requests": 1}},
        },
        {
            "type": "custom",
            "name": "turn",
            "data": {"sdk_span_type": "turn", "turn": 2, "agent_name": "A"},
        },
    ]


def test_routing_metadata_is_copied_onto_spans(recorder: Recorder) -> None:
    with trace("w", metadata={"agent_harness_id": "h1", "other": 1}), custom_span("plain"):
        pass
    with trace("w2", metadata={"other": 1}), task_span("t") as ts:
        ts.span_data.metadata = {"own": True}
    first, second = (s.export() for s in recorder.ended_spans())
    assert first is not None and second is not None
    assert first["metadata"] == {"agent_harness_id": "h1"}
    assert second["metadata"] == {"own": True}


def test_exception_in_a_span_is_recorded_and_reraised(recorder: Recorder) -> None:
    with trace("w"), pytest.raises(KeyError):  # noqa: SIM117
        with agent_span("outer"):
            with function_span("inner") as inner:
                inner.set_error({"message": "Error running tool", "data": {"tool_name": "inner"}})
                raise KeyError("missing")
    spans = recorder.by_name()
    # An error set by the code wins; otherwise the exception is recorded.
    assert spans["inner"].error == {"message": "Error running tool", "data": {"tool_name": "inner"}}
    assert spans["outer"].error == {"message": "'missing'", "data": {"type": "KeyError"}}
    assert spans["outer"].export()["error"] == spans["outer"].error  # type: ignore[index]
    assert get_current_span() is None and get_current_trace() is None


def test_cancellation_is_not_recorded_as_an_error(recorder: Recorder) -> None:
    async def main() -> None:
        with trace("w"), custom_span("c"):
            await asyncio.sleep(10)

    async def runner() -> None:
        task = asyncio.create_task(main())
        await asyncio.sleep(0.01)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(runner())
    [span] = recorder.ended_spans()
    assert span.error is None and span.ended_at is not None


def test_manual_start_and_finish(recorder: Recorder) -> None:
    t = trace("manual")
    assert recorder.events == []  # not started on creation
    t.start(mark_as_current=True)
    span = custom_span("c")
    assert span.started_at is None
    span.start(mark_as_current=True)
    assert get_current_span() is span
    span.finish(reset_current=True)
    assert get_current_span() is None
    assert span.ended_at is not None
    t.finish(reset_current=True)
    assert get_current_trace() is None
    assert [e for e, _ in recorder.events] == ["trace_start", "span_start", "span_end", "trace_end"]


def test_starting_or_finishing_twice_reports_once(
    recorder: Recorder, caplog: pytest.LogCaptureFixture
) -> None:
    with trace("w"):
        span = custom_span("c")
        span.start()
        span.start()
        span.finish()
        span.finish()
    assert [e for e, _ in recorder.events] == ["trace_start", "span_start", "span_end", "trace_end"]
    assert "already started" in caplog.text and "already finished" in caplog.text


def test_explicit_parent_overrides_the_current_span(recorder: Recorder) -> None:
    t = trace("w", trace_id=TRACE_ID)
    with t:
        with agent_span("a") as a:
            pass
        with custom_span("child", parent=a) as child:
            assert child.parent_id == a.span_id
        with custom_span("top", parent=t) as top:
            assert top.parent_id is None and top.trace_id == TRACE_ID
    with pytest.raises(TypeError, match="parent must be a Trace, a Span or None"):
        custom_span("bad", parent="nope")  # type: ignore[arg-type]


def test_spans_without_a_trace_are_no_ops(recorder: Recorder) -> None:
    span = function_span("f", input="x")
    assert isinstance(span, NoOpSpan)
    with span:
        assert get_current_span() is span
    assert span.export() is None and span.span_data.input == "x"
    assert recorder.events == []


def test_disabled_trace_and_spans_record_nothing(recorder: Recorder) -> None:
    with trace("w", disabled=True) as t:
        assert isinstance(t, NoOpTrace)
        assert t.name == "no-op" and t.export() is None and t.trace_id == "no-op"
        assert get_current_trace() is t
        with agent_span("a") as a:
            assert isinstance(a, NoOpSpan)
    with (
        trace("w2"),
        custom_span("off", disabled=True) as off,
        custom_span("under-off") as under,
    ):
        assert isinstance(off, NoOpSpan)
        assert isinstance(under, NoOpSpan)
    assert [e for e, _ in recorder.events] == ["trace_start", "trace_end"]


def test_set_tracing_disabled_and_the_environment(
    recorder: Recorder, provider: DefaultTraceProvider, monkeypatch: pytest.MonkeyPatch
) -> None:
    tracing.set_tracing_disabled(True)
    assert isinstance(trace("w"), NoOpTrace)
    tracing.set_tracing_disabled(False)
    assert not isinstance(trace("w"), NoOpTrace)

    for name in ("OPENAI_AGENTS_DISABLE_TRACING", "AGENTKIT_DISABLE_TRACING"):
        monkeypatch.setenv(name, "1")
        fresh = DefaultTraceProvider()  # the environment is read on first use, not at creation
        monkeypatch.setattr("agentkit.tracing.setup.GLOBAL_TRACE_PROVIDER", fresh)
        assert isinstance(trace("w"), NoOpTrace)
        fresh.set_disabled(False)  # an explicit setting wins over the environment
        assert not isinstance(trace("w"), NoOpTrace)
        monkeypatch.delenv(name)
    # AGENTKIT_ wins over OPENAI_AGENTS_ when both are set.
    monkeypatch.setenv("OPENAI_AGENTS_DISABLE_TRACING", "true")
    monkeypatch.setenv("AGENTKIT_DISABLE_TRACING", "false")
    monkeypatch.setattr("agentkit.tracing.setup.GLOBAL_TRACE_PROVIDER", DefaultTraceProvider())
    assert not isinstance(trace("w"), NoOpTrace)


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, True),
        ({"OPENAI_AGENTS_TRACE_INCLUDE_SENSITIVE_DATA": "false"}, False),
        ({"OPENAI_AGENTS_TRACE_INCLUDE_SENSITIVE_DATA": "1"}, True),
        ({"AGENTKIT_TRACE_INCLUDE_SENSITIVE_DATA": "0"}, False),
        (
            {
                "AGENTKIT_TRACE_INCLUDE_SENSITIVE_DATA": "yes",
                "OPENAI_AGENTS_TRACE_INCLUDE_SENSITIVE_DATA": "false",
            },
            True,
        ),
    ],
)
def test_sensitive_data_default_comes_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], expected: bool
) -> None:
    for name in (
        "AGENTKIT_TRACE_INCLUDE_SENSITIVE_DATA",
        "OPENAI_AGENTS_TRACE_INCLUDE_SENSITIVE_DATA",
    ):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert default_trace_include_sensitive_data() is expected


def test_spans_without_sensitive_data_keep_their_shape(recorder: Recorder) -> None:
    # What the runner does with trace_include_sensitive_data=False: the span exists, data is None.
    with trace("w"):
        with generation_span(model="gpt-4.1", usage={"input_tokens": 1, "output_tokens": 2}):
            pass
        with function_span("f"):
            pass
    gen, fn = (s.export() for s in recorder.ended_spans())
    assert gen is not None and fn is not None
    assert gen["span_data"]["input"] is None and gen["span_data"]["output"] is None
    assert gen["span_data"]["usage"] == {"input_tokens": 1, "output_tokens": 2}
    assert fn["span_data"] == {
        "type": "function",
        "name": "f",
        "input": None,
        "output": None,
        "mcp_data": None,
    }


def test_a_raising_processor_is_logged_once_and_never_breaks_the_caller(
    provider: DefaultTraceProvider, caplog: pytest.LogCaptureFixture
) -> None:
    class Broken(Recorder):
        def on_span_end(self, span: Span[Any]) -> None:
            raise RuntimeError("processor bug")

    after = Recorder()
    provider.set_processors([Broken(), after])
    with caplog.at_level(logging.DEBUG, logger="openai.agents.tracing"), trace("w"):
        for _ in range(3):
            with custom_span("c"):
                pass
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1
    assert "Broken" in errors[0].getMessage() and "on_span_end" in errors[0].getMessage()
    assert errors[0].exc_info is not None and "processor bug" in caplog.text
    assert len(after.ended_spans()) == 3  # later processors still receive everything


def test_add_and_set_processors(provider: DefaultTraceProvider) -> None:
    first, second = Recorder(), Recorder()
    tracing.set_trace_processors([first])
    tracing.add_trace_processor(second)
    with trace("w"):
        pass
    assert len(first.events) == len(second.events) == 2
    assert provider.processors == (first, second)


def test_nested_trace_warns(recorder: Recorder, caplog: pytest.LogCaptureFixture) -> None:
    with trace("outer"):
        inner = trace("inner")
    assert isinstance(inner, Trace)
    assert "already current" in caplog.text


async def test_gather_children_nest_under_the_span_that_spawned_them(recorder: Recorder) -> None:
    async def tool(name: str) -> str | None:
        with function_span(name) as span:
            await asyncio.sleep(0.01)
            assert get_current_span() is span
            return span.parent_id

    with trace("w"), agent_span("agent") as agent:
        parents = await asyncio.gather(tool("a"), tool("b"), tool("c"))
        assert get_current_span() is agent
    assert list(parents) == [agent.span_id] * 3
    assert get_current_span() is None


async def test_tasks_copy_the_context_and_do_not_leak_back(recorder: Recorder) -> None:
    with trace("w") as t, agent_span("agent") as agent:

        async def child() -> tuple[Trace | None, str | None]:
            with custom_span("in-task") as span:
                await asyncio.sleep(0)
                return get_current_trace(), span.parent_id

        seen_trace, parent = await asyncio.create_task(child())
        assert seen_trace is t and parent == agent.span_id
        assert get_current_span() is agent


def test_threads_started_with_copy_context_see_the_trace(recorder: Recorder) -> None:
    results: dict[str, Any] = {}

    def work() -> None:
        with function_span("in-thread") as span:
            results["parent"] = span.parent_id
            results["trace"] = span.trace_id

    with trace("w") as t, agent_span("agent") as agent:
        ctx = contextvars.copy_context()
        thread = threading.Thread(target=ctx.run, args=(work,))
        thread.start()
        thread.join()
        plain = threading.Thread(target=lambda: results.setdefault("plain", get_current_trace()))
        plain.start()
        plain.join()
    assert results["parent"] == agent.span_id and results["trace"] == t.trace_id
    assert results["plain"] is None  # a thread without the copied context sees no trace


async def test_abandoned_async_generator_does_not_break_the_caller(recorder: Recorder) -> None:
    async def gen() -> Any:
        with custom_span("in-generator"):
            yield 1
            yield 2

    with trace("w"):
        agen = gen()
        assert await agen.__anext__() == 1
        await agen.aclose()
        assert get_current_span() is None
    assert [s.span_data.name for s in recorder.ended_spans()] == ["in-generator"]


def test_trace_ctx_manager_opens_joins_or_masks(recorder: Recorder) -> None:
    with TraceCtxManager("Agent workflow", None, "g", {"m": 1}, {"api_key": "sk-run"}, False) as m:
        assert m.trace is not None and get_current_trace() is m.trace
        assert m.trace.tracing_api_key == "sk-run"
        with agent_span("a") as a:
            assert a.tracing_api_key == "sk-run"
    assert get_current_trace() is None
    with trace("user") as outer:
        with TraceCtxManager("Agent workflow", None, None, None, None, False) as joined:
            assert joined.trace is None and get_current_trace() is outer
        with agent_span("a") as a, TraceCtxManager("x", None, None, None, None, True):
            assert isinstance(get_current_trace(), NoOpTrace)
            assert isinstance(get_current_span(), NoOpSpan)  # the caller's span is hidden
            assert isinstance(custom_span("hidden"), NoOpSpan)
        assert get_current_span() is None and get_current_trace() is outer
    names = [getattr(o, "name", None) for e, o in recorder.events if e == "trace_start"]
    assert names == ["Agent workflow", "user"]


def test_trace_state_round_trip_keeps_the_key_out_unless_asked(recorder: Recorder) -> None:
    with trace("w", tracing={"api_key": "sk-secret"}, group_id="g") as t:
        pass
    assert "sk-secret" not in repr(t)
    public = t.to_json()
    assert public is not None and "tracing_api_key" not in public
    state = TraceState.from_trace(t)
    assert state is not None and state.trace_id == t.trace_id and state.group_id == "g"
    assert "sk-secret" not in repr(state)
    stored = state.to_json()
    assert stored is not None and "tracing_api_key" not in stored
    assert stored["tracing_api_key_hash"] != "sk-secret"
    again = TraceState.from_json(stored)
    assert again is not None and again.tracing_api_key is None
    assert again.tracing_api_key_hash == state.tracing_api_key_hash


def test_span_times_are_taken_at_start_and_finish_and_written_as_iso(
    recorder: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Spans keep datetimes and format them when read: the strings are those of the moments
    # the span started and finished, the same at every read and in the export.
    from agentkit.tracing import spans as spans_module

    moments = iter(
        [
            datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=timezone.utc),
            datetime(2026, 1, 2, 3, 4, 6, tzinfo=timezone.utc),
        ]
    )
    monkeypatch.setattr(spans_module, "default_time", lambda: next(moments))
    with trace("w", trace_id=TRACE_ID):
        span = custom_span("c")
        assert span.started_at is None and span.ended_at is None
        with span:
            assert span.started_at == "2026-01-02T03:04:05.678901+00:00"
            assert span.ended_at is None
    assert span.started_at == "2026-01-02T03:04:05.678901+00:00"
    assert span.ended_at == "2026-01-02T03:04:06+00:00"
    exported = span.export()
    assert exported is not None
    assert (exported["started_at"], exported["ended_at"]) == (span.started_at, span.ended_at)
