"""BatchTraceProcessor: lazy worker, batching, full queue, flush, shutdown, exit, fork, import."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import textwrap
import threading
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tracing_support import ListExporter, Recorder

import agentkit.tracing as tracing
from agentkit.tracing import BackendSpanExporter, BatchTraceProcessor, custom_span, trace
from agentkit.tracing.provider import DefaultTraceProvider
from agentkit.tracing.spans import Span
from agentkit.tracing.traces import Trace
from tests.openai_server import OpenAIServer
from tests.openai_server.replies import JSONReply

INGEST = "/v1/traces/ingest"
ROOT = Path(__file__).resolve().parents[2]
WORKER = "agentkit-trace-export"

_processors: list[BatchTraceProcessor] = []


@pytest.fixture(autouse=True)
def _shutdown_processors(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    yield
    while _processors:
        _processors.pop().shutdown(timeout=5)


def batch(exporter: Any, **options: Any) -> BatchTraceProcessor:
    options.setdefault("schedule_delay", 60.0)
    processor = BatchTraceProcessor(exporter, **options)
    _processors.append(processor)
    return processor


def backend(server: OpenAIServer, **options: Any) -> BackendSpanExporter:
    options.setdefault("api_key", "sk-test")
    options.setdefault("base_delay", 0.01)
    return BackendSpanExporter(endpoint=f"{server.base_url}/traces/ingest", **options)


def workers() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == WORKER]


def make_items(recorder: Recorder, spans: int) -> list[Trace | Span[Any]]:
    recorder.events.clear()
    with trace("w"):
        for index in range(spans):
            with custom_span(f"s{index}"):
                pass
    return [item for event, item in recorder.events if event in ("trace_start", "span_end")]


def feed(processor: BatchTraceProcessor, items: list[Trace | Span[Any]]) -> None:
    for item in items:
        if isinstance(item, Trace):
            processor.on_trace_start(item)
        else:
            processor.on_span_end(item)


def test_defaults_match_upstream() -> None:
    processor = BatchTraceProcessor(ListExporter())
    assert processor._max_queue_size == 8192
    assert processor._max_batch_size == 128
    assert processor._schedule_delay == 5.0
    assert processor._export_trigger_size == int(8192 * 0.7)


def test_the_worker_starts_on_the_first_item_not_at_construction(recorder: Recorder) -> None:
    before = len(workers())
    exporter = ListExporter()
    processor = batch(exporter)
    assert len(workers()) == before
    [started] = make_items(recorder, 0)
    assert isinstance(started, Trace)
    processor.on_trace_end(started)  # ignored callbacks start nothing
    assert len(workers()) == before
    feed(processor, make_items(recorder, 1))
    assert len(workers()) == before + 1
    assert processor.force_flush() is True
    assert len(exporter.items) == 2


def test_batches_respect_max_batch_size(recorder: Recorder) -> None:
    exporter = ListExporter()
    processor = batch(exporter, max_batch_size=4)
    items = make_items(recorder, 9)  # 1 trace + 9 spans
    feed(processor, items)
    assert processor.force_flush() is True
    assert [len(b) for b in exporter.batches] == [4, 4, 2]
    assert exporter.items == items


def test_export_triggers_at_the_ratio_and_on_schedule(recorder: Recorder) -> None:
    exporter = ListExporter()
    processor = batch(exporter, max_queue_size=10, export_trigger_ratio=0.5)
    feed(processor, make_items(recorder, 4))  # 5 items = the trigger size
    deadline = time.monotonic() + 5
    while not exporter.batches and time.monotonic() < deadline:
        time.sleep(0.01)
    assert len(exporter.items) == 5

    timed = ListExporter()
    scheduled = batch(timed, schedule_delay=0.1)
    feed(scheduled, make_items(recorder, 1))
    deadline = time.monotonic() + 5
    while not timed.batches and time.monotonic() < deadline:
        time.sleep(0.01)
    assert len(timed.items) == 2


def test_full_queue_drops_with_one_warning(
    recorder: Recorder, caplog: pytest.LogCaptureFixture
) -> None:
    release = threading.Event()

    class Blocking(ListExporter):
        def export(self, items: list[Trace | Span[Any]]) -> None:
            release.wait(10)
            super().export(items)

    exporter = Blocking()
    processor = batch(exporter, max_queue_size=3, max_batch_size=1, export_trigger_ratio=0.3)
    with caplog.at_level(logging.WARNING, logger="openai.agents.tracing"):
        feed(processor, make_items(recorder, 19))  # 20 items
    warnings_logged = [r for r in caplog.records if "queue is full" in r.getMessage()]
    assert len(warnings_logged) == 1
    release.set()
    assert processor.force_flush(timeout=5) is True
    assert 3 <= len(exporter.items) <= 4  # the queue, plus at most the batch being exported


def test_flush_without_timeout_waits_for_the_http_export(
    recorder: Recorder, openai_server: OpenAIServer
) -> None:
    openai_server.queue(JSONReply(body={}, first_byte_delay=0.3), path=INGEST)
    processor = batch(backend(openai_server))
    feed(processor, make_items(recorder, 2))
    assert processor.force_flush() is True
    [request] = openai_server.requests_to(INGEST)
    assert [i["object"] for i in request.json["data"]] == ["trace", "trace.span", "trace.span"]


def test_flush_with_timeout_returns_false_when_the_server_is_too_slow(
    recorder: Recorder, openai_server: OpenAIServer
) -> None:
    openai_server.queue(JSONReply(body={}, first_byte_delay=3.0), path=INGEST)
    processor = batch(backend(openai_server))
    feed(processor, make_items(recorder, 1))
    started = time.monotonic()
    assert processor.force_flush(timeout=0.3) is False
    assert time.monotonic() - started < 2.0


def test_flush_traces_flushes_the_global_provider(
    provider: DefaultTraceProvider, openai_server: OpenAIServer
) -> None:
    processor = batch(backend(openai_server))
    tracing.set_trace_processors([processor])
    with trace("serverless"), custom_span("handler"):
        pass
    assert openai_server.requests_to(INGEST) == []  # the schedule is 60s away
    assert tracing.flush_traces(timeout=5) is True
    [request] = openai_server.requests_to(INGEST)
    assert request.json["data"][0]["workflow_name"] == "serverless"


def test_429_then_success_and_400_not_retried_through_the_processor(
    recorder: Recorder, openai_server: OpenAIServer
) -> None:
    openai_server.queue_error(429, path=INGEST, retry_after_ms=20)
    processor = batch(backend(openai_server))
    feed(processor, make_items(recorder, 1))
    assert processor.force_flush() is True
    assert len(openai_server.requests_to(INGEST)) == 2
    openai_server.clear()
    openai_server.queue_error(400, path=INGEST)
    feed(processor, make_items(recorder, 1))
    processor.force_flush()
    assert len(openai_server.requests_to(INGEST)) == 1


def test_shutdown_exports_stops_closes_and_never_restarts(
    recorder: Recorder, openai_server: OpenAIServer
) -> None:
    exporter = backend(openai_server)
    processor = batch(exporter)
    feed(processor, make_items(recorder, 2))
    [worker] = [t for t in workers() if t is processor._thread]
    processor.shutdown(timeout=5)
    assert not worker.is_alive()
    assert len(openai_server.requests_to(INGEST)) == 1
    assert exporter._client is None and exporter._closed
    processor.shutdown()  # idempotent
    processor.shutdown(timeout=1)
    feed(processor, make_items(recorder, 2))  # ignored: no new thread, nothing sent
    assert processor._thread is worker and not worker.is_alive()
    assert processor.force_flush() is True
    assert len(openai_server.requests_to(INGEST)) == 1


def test_shutdown_without_a_worker_exports_synchronously(recorder: Recorder) -> None:
    exporter = ListExporter()
    processor = batch(exporter)
    processor.shutdown()
    assert exporter.batches == []
    assert processor._thread is None


def test_a_failing_exporter_does_not_kill_the_worker(
    recorder: Recorder, caplog: pytest.LogCaptureFixture
) -> None:
    calls: list[int] = []

    class Flaky(ListExporter):
        def export(self, items: list[Trace | Span[Any]]) -> None:
            calls.append(len(items))
            if len(calls) == 1:
                raise RuntimeError("exporter bug")
            super().export(items)

    exporter = Flaky()
    processor = batch(exporter, max_queue_size=4, export_trigger_ratio=0.5)
    feed(processor, make_items(recorder, 1))  # 2 items: triggers the worker, which fails
    deadline = time.monotonic() + 5
    while not calls and time.monotonic() < deadline:
        time.sleep(0.01)
    feed(processor, make_items(recorder, 1))
    assert processor.force_flush(timeout=5) is True
    assert len(exporter.items) == 2 and "exporter bug" in caplog.text
    assert processor._thread is not None and processor._thread.is_alive()


def test_no_key_means_no_queue_no_thread_no_http(
    recorder: Recorder,
    openai_server: OpenAIServer,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(BackendSpanExporter, "_no_key_noted", False)
    processor = batch(backend(openai_server, api_key=None))
    with caplog.at_level(logging.DEBUG, logger="openai.agents"):
        for _ in range(5):  # five runs
            feed(processor, make_items(recorder, 3))
        assert processor.force_flush() is True
    assert processor._thread is None
    assert openai_server.requests_to(INGEST) == []
    assert len(caplog.records) == 1 and caplog.records[0].levelno == logging.DEBUG
    # A run with its own key is still exported.
    recorder.events.clear()
    with trace("keyed", tracing={"api_key": "sk-run"}):
        pass
    processor.on_trace_start(recorder.events[0][1])
    processor.force_flush()
    assert openai_server.last_request.headers.get("authorization") == "Bearer sk-run"


def test_forked_child_exports_its_own_spans_through_a_fresh_queue(
    recorder: Recorder, openai_server: OpenAIServer
) -> None:
    processor = batch(backend(openai_server))
    parent_items = make_items(recorder, 1)
    feed(processor, parent_items)  # queued, worker running, not exported yet
    child_items = make_items(recorder, 2)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # fork with threads, on 3.12+
        pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child
        code = 1
        try:
            feed(processor, child_items)
            alive = processor._thread is not None and processor._thread.is_alive()
            code = 0 if processor.force_flush(timeout=10) and alive else 2
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    [child_request] = openai_server.requests_to(INGEST)
    child_ids = [i["id"] for i in child_request.json["data"]]
    assert child_ids == [
        item.trace_id if isinstance(item, Trace) else item.span_id for item in child_items
    ]
    # The parent is unaffected: its own queue and worker still export what it queued.
    assert processor.force_flush(timeout=5) is True
    parent_request = openai_server.requests_to(INGEST)[-1]
    assert [i["id"] for i in parent_request.json["data"]] == [
        parent_items[0].trace_id,
        parent_items[1].span_id,  # type: ignore[union-attr]
    ]


def _run_python(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "AGENTKIT_"))}
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        env=env,
        check=False,
    )


@pytest.mark.parametrize("registered", [True, False])
def test_queued_items_are_exported_at_interpreter_exit(
    openai_server: OpenAIServer, registered: bool
) -> None:
    result = _run_python(
        """
        import sys
        from agentkit.tracing import (
            BackendSpanExporter, BatchTraceProcessor, custom_span, set_trace_processors, trace,
        )
        exporter = BackendSpanExporter(api_key="sk-exit", endpoint=sys.argv[1])
        processor = BatchTraceProcessor(exporter, schedule_delay=60)
        if sys.argv[2] == "True":
            set_trace_processors([processor])
            with trace("at-exit"), custom_span("last"):
                pass
        else:  # a processor used on its own, outside the provider
            set_trace_processors([])
            t = trace("at-exit")
            processor.on_trace_start(t)
        """,
        f"{openai_server.base_url}/traces/ingest",
        str(registered),
    )
    assert result.returncode == 0, result.stderr
    [request] = openai_server.requests_to(INGEST)
    names = [i.get("workflow_name") for i in request.json["data"]]
    assert names == (["at-exit", None] if registered else ["at-exit"])
    assert request.headers.get("authorization") == "Bearer sk-exit"


def test_import_and_default_setup_are_lazy(openai_server: OpenAIServer) -> None:
    result = _run_python(
        """
        import json, sys, threading
        import agentkit.tracing as t
        from agentkit.tracing import processors, setup
        state = {
            "threads_after_import": threading.active_count(),
            "httpx": "httpx" in sys.modules,
            "provider": setup.GLOBAL_TRACE_PROVIDER is not None,
            "processor": processors._global_processor is not None,
        }
        with t.trace("no key anywhere"), t.custom_span("s"):
            pass
        state["processor_after_use"] = processors._global_processor is not None
        state["threads_after_use"] = threading.active_count()
        processors.default_exporter().endpoint = sys.argv[1]
        t.set_tracing_export_api_key("sk-x")
        with t.trace("keyed"):
            pass
        state["threads_with_key"] = threading.active_count()
        print(json.dumps(state))
        """,
        f"{openai_server.base_url}/traces/ingest",
    )
    assert result.returncode == 0, result.stderr
    state = json.loads(result.stdout)
    assert state == {
        "threads_after_import": 1,
        "httpx": False,
        "provider": False,
        "processor": False,
        "processor_after_use": True,
        "threads_after_use": 1,  # no key: nothing queued, no worker
        "threads_with_key": 2,  # first exportable item starts the worker
    }
    [request] = openai_server.requests_to(INGEST)  # flushed at exit
    assert request.json["data"][0]["workflow_name"] == "keyed"
