"""The API key and Authorization header never show in exceptions, reprs, logs or trace exports."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "faults"))

from _faults_support import (
    PATHS,
    SENTINEL_KEY,
    Api,
    Method,
    call,
    closed_port,
    exception_texts,
    fast_retries,
    make_client,
    make_model,
)
from test_faults_matrix import CELLS, NOT_APPLICABLE, OVERRIDES

from agentkit import Agent, Runner
from agentkit.client import AsyncOpenAI
from agentkit.run_config import RunConfig
from agentkit.tracing.processors import BackendSpanExporter, BatchTraceProcessor
from tests.openai_server import OpenAIServer
from tests.openai_server import builders as b

TRACE_KEY = "sk-TRACE-SENTINEL-1a2b3c4d-never-print-me"
LOGGERS = ["", "agentkit", "openai.agents", "openai.agents.tracing", "httpx", "httpcore"]


def _leaks(text: str) -> list[str]:
    return [s for s in (SENTINEL_KEY, TRACE_KEY, SENTINEL_KEY[8:], TRACE_KEY[8:]) if s in text]


def _log_text(caplog: pytest.LogCaptureFixture) -> str:
    formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")
    return "\n".join(formatter.format(record) for record in caplog.records)


@pytest.fixture
def debug_logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    for name in LOGGERS:
        caplog.set_level(logging.DEBUG, logger=name)
    return caplog


@pytest.mark.parametrize("fault", list(CELLS))
@pytest.mark.parametrize("method", ["get", "stream"])
@pytest.mark.parametrize("api", ["responses", "chat"])
async def test_key_absent_from_errors_and_logs_in_every_fault(
    openai_server: OpenAIServer,
    debug_logs: pytest.LogCaptureFixture,
    api: Api,
    method: Method,
    fault: str,
) -> None:
    if (method, fault) in NOT_APPLICABLE or fault in ("enormous_event", "partial_server"):
        pytest.skip("not a failure cell")
    cell = CELLS[fault]
    spec = {**cell.__dict__, **OVERRIDES.get((api, method, fault), {})}
    base_url = (
        f"http://127.0.0.1:{closed_port()}/v1"
        if fault == "connection_refused"
        else openai_server.base_url
    )
    client, http = make_client(
        base_url, timeout=spec["timeout"], max_retries=spec["max_retries"], **spec["options"]
    )
    cell.queue(openai_server, api, method)
    texts: list[str] = []
    with fast_retries():
        try:
            await call(make_model(api, client), method)
        except Exception as exc:
            texts += exception_texts(exc)
            # Also what a traceback would print.
            import traceback

            texts.append("".join(traceback.format_exception(exc)))
    await http.aclose()
    texts.append(_log_text(debug_logs))
    texts += [repr(client), str(vars(client)), repr(client._core.config)]
    assert not _leaks("\n".join(texts))
    assert PATHS[api]


async def test_key_absent_from_client_reprs() -> None:
    client = AsyncOpenAI(api_key=SENTINEL_KEY, base_url="http://127.0.0.1:9/v1")
    copy = client.with_options(timeout=3)
    for obj in (client, copy, client._core, client._core.config, make_model("responses", client)):
        assert not _leaks(repr(obj)), obj
        assert not _leaks(str(obj)), obj
    exporter = BackendSpanExporter(api_key=TRACE_KEY)
    assert not _leaks(repr(exporter))


async def test_key_absent_from_trace_exports(
    openai_server: OpenAIServer,
    debug_logs: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A traced run posts spans to the ingest endpoint: bodies never carry either key, and the
    trace key is sent only as the export request's own Authorization header."""
    from agentkit.tracing import setup as tracing_setup
    from agentkit.tracing.provider import DefaultTraceProvider

    for name in ("AGENTKIT_DISABLE_TRACING", "OPENAI_AGENTS_DISABLE_TRACING"):
        monkeypatch.delenv(name, raising=False)
    exporter = BackendSpanExporter(
        api_key=TRACE_KEY, endpoint=f"{openai_server.base_url}/traces/ingest", max_retries=1
    )
    processor = BatchTraceProcessor(exporter, schedule_delay=0.05)
    provider = DefaultTraceProvider()
    provider.set_processors([processor])
    monkeypatch.setattr(tracing_setup, "GLOBAL_TRACE_PROVIDER", provider)

    client, http = make_client(openai_server.base_url)
    openai_server.queue(b.response_text("traced answer"), path="/responses")
    agent = Agent(name="a", model=make_model("responses", client))
    await Runner.run(agent, "hello", run_config=RunConfig(trace_include_sensitive_data=True))
    processor.force_flush()
    processor.shutdown()
    await http.aclose()

    ingest = openai_server.requests_to("/traces/ingest")
    assert ingest, "no trace export reached the server"
    for request in ingest:
        assert not _leaks(request.body.decode("utf-8", "replace"))
        assert request.headers["authorization"] == f"Bearer {TRACE_KEY}"
    for request in openai_server.requests_to("/responses"):
        assert not _leaks(request.body.decode("utf-8", "replace"))
    assert not _leaks(_log_text(debug_logs))


async def test_key_absent_from_logs_when_trace_export_fails(
    debug_logs: pytest.LogCaptureFixture,
) -> None:
    exporter = BackendSpanExporter(
        api_key=TRACE_KEY,
        endpoint=f"http://127.0.0.1:{closed_port()}/v1/traces/ingest",
        max_retries=2,
        base_delay=0.001,
    )
    from agentkit.tracing import trace

    with trace("export fails") as t:
        pass
    exporter.export([t])
    exporter.close()
    assert not _leaks(_log_text(debug_logs))
