"""Trace export against a failing ingest endpoint: never raises, never blocks past its deadline."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from _faults_support import closed_port

from agentkit.tracing import setup as tracing_setup
from agentkit.tracing import trace
from agentkit.tracing.processors import BackendSpanExporter, BatchTraceProcessor
from agentkit.tracing.provider import DefaultTraceProvider
from tests.openai_server import HangReply, OpenAIServer, ResetReply, error_reply, html_error

INGEST = "/traces/ingest"
FAULTS: dict[str, Callable[[], Any] | None] = {
    "500_forever": lambda: error_reply(500, times=None),
    "429_then_ok": None,  # queued specially below
    "html_502_forever": lambda: html_error(502, times=None),
    "reset": lambda: ResetReply(times=None),
    "hang": lambda: HangReply(times=None),
    "refused": None,
}


@pytest.mark.parametrize("fault", list(FAULTS))
def test_trace_export_faults_are_non_fatal_and_bounded(
    openai_server: OpenAIServer, monkeypatch: pytest.MonkeyPatch, fault: str
) -> None:
    if fault == "429_then_ok":
        openai_server.queue(error_reply(429, retry_after_ms=10), path=INGEST)
    elif FAULTS[fault] is not None:
        openai_server.queue(FAULTS[fault](), path=INGEST)  # type: ignore[misc]
    endpoint = (
        f"http://127.0.0.1:{closed_port()}/v1{INGEST}"
        if fault == "refused"
        else f"{openai_server.base_url}{INGEST}"
    )
    exporter = BackendSpanExporter(
        api_key="sk-trace", endpoint=endpoint, max_retries=3, base_delay=0.01, max_delay=0.05
    )
    processor = BatchTraceProcessor(exporter, schedule_delay=60)
    for name in ("AGENTKIT_DISABLE_TRACING", "OPENAI_AGENTS_DISABLE_TRACING"):
        monkeypatch.delenv(name, raising=False)
    provider = DefaultTraceProvider()
    provider.set_processors([processor])
    monkeypatch.setattr(tracing_setup, "GLOBAL_TRACE_PROVIDER", provider)
    with trace(f"fault {fault}"):
        pass
    start = time.monotonic()
    flushed = processor.force_flush(timeout=1.0)
    processor.shutdown(timeout=1.0)
    elapsed = time.monotonic() - start
    assert elapsed < 3.0, f"export blocked for {elapsed:.2f}s"
    # force_flush reports whether the queue drained; a failed batch is dropped, not retried
    # forever, so both outcomes are acceptable except for the hang, which must hit the deadline.
    if fault == "hang":
        assert not flushed
    served = len(openai_server.requests_to(INGEST))
    if fault == "429_then_ok":
        assert flushed and served == 2
    elif fault != "refused":
        assert served >= 1
    openai_server.allow_pending = True
