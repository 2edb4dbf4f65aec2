"""Traces stay home when the model is not OpenAI's (issue 17; a deliberate difference).

Before: with OPENAI_API_KEY=sk-local and a local model server, every run POSTed its trace (inputs
and outputs included when sensitive data is on) to OpenAI's ingest endpoint with the local key.
Now the default exporter sends nothing when every model server in use is someone else's and no
tracing key was set explicitly, and says once, at info level, how to turn export on.

OpenAI's ingest endpoint is replaced by a loopback server in these tests (`_DEFAULT_ENDPOINT` is
what the exporter compares with), so a regression is caught without contacting the internet.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from agentkit import Agent, Runner
from agentkit._http import _model_hosts
from agentkit.client import AsyncOpenAI
from agentkit.models import _openai_shared
from agentkit.models.openai_responses import OpenAIResponsesModel
from agentkit.run_config import RunConfig
from agentkit.tracing import processors, trace
from agentkit.tracing import setup as tracing_setup
from agentkit.tracing.processors import BackendSpanExporter
from agentkit.tracing.provider import DefaultTraceProvider
from tests.openai_server import OpenAIServer
from tests.openai_server import builders as b

INGEST = "/traces/ingest"


@pytest.fixture
def ingest(monkeypatch: pytest.MonkeyPatch) -> Iterator[OpenAIServer]:
    """A stand-in for OpenAI's ingest endpoint; a clean model-host registry and environment."""
    server = OpenAIServer().start()
    # Traces made here reach only the exporters under test, never the process-wide one.
    monkeypatch.setattr(tracing_setup, "GLOBAL_TRACE_PROVIDER", DefaultTraceProvider())
    for name in ("AGENTKIT_DISABLE_TRACING", "OPENAI_AGENTS_DISABLE_TRACING"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(processors, "_DEFAULT_ENDPOINT", f"{server.base_url}{INGEST}")
    monkeypatch.setattr(BackendSpanExporter, "_home_noted", False)
    for name in ("OPENAI_BASE_URL", "AGENTKIT_TRACING_API_KEY", "OPENAI_AGENTS_TRACING_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-local")
    _model_hosts._reset_for_tests()
    try:
        yield server
    finally:
        _model_hosts._reset_for_tests()
        server.stop()


def _exporter(server: OpenAIServer, **options: object) -> BackendSpanExporter:
    return BackendSpanExporter(endpoint=f"{server.base_url}{INGEST}", max_retries=1, **options)  # type: ignore[arg-type]


def _export(exporter: BackendSpanExporter, **trace_options: object) -> None:
    with trace("stay-home", **trace_options) as t:  # type: ignore[arg-type]
        pass
    exporter.export([t])
    exporter.close()


def _ingested(server: OpenAIServer) -> list[object]:
    return [r for r in server.requests if r.path.endswith(INGEST)]


async def test_a_run_against_a_local_server_exports_nothing(
    ingest: OpenAIServer, openai_server: OpenAIServer, caplog: pytest.LogCaptureFixture
) -> None:
    openai_server.queue(b.response_text("local answer"), path="/responses")
    client = AsyncOpenAI(api_key="sk-local", base_url=openai_server.base_url)
    agent = Agent(name="a", model=OpenAIResponsesModel("local-model", client))
    # Tracing off for the run itself: the global exporter must never reach the real endpoint.
    result = await Runner.run(agent, "secret question", run_config=RunConfig(tracing_disabled=True))
    assert result.final_output == "local answer"
    exporter = _exporter(ingest)
    with caplog.at_level(logging.INFO, logger="openai.agents"):
        _export(exporter)
        _export(_exporter(ingest))
    assert _ingested(ingest) == []
    notes = [r for r in caplog.records if "not exported to OpenAI" in r.getMessage()]
    assert len(notes) == 1
    assert notes[0].levelno == logging.INFO
    assert "set_tracing_export_api_key" in notes[0].getMessage()
    assert "127.0.0.1" in notes[0].getMessage()


def test_openai_base_url_pointing_elsewhere_keeps_traces_home(
    ingest: OpenAIServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:1/v1")
    _export(_exporter(ingest))
    assert _ingested(ingest) == []


def test_a_key_from_a_model_client_setting_is_not_explicit(ingest: OpenAIServer) -> None:
    _model_hosts.note_model_request("http://localhost:11434/v1")
    exporter = _exporter(ingest)
    monkey_default = processors._global_exporter
    processors._global_exporter = exporter
    try:
        _openai_shared._use_key_for_tracing("sk-local-from-client")
    finally:
        processors._global_exporter = monkey_default
    assert exporter.api_key == "sk-local-from-client"
    _export(exporter)
    assert _ingested(ingest) == []


@pytest.mark.parametrize("how", ["set_api_key", "constructor", "env", "per_run"])
def test_an_explicit_tracing_key_exports(
    ingest: OpenAIServer, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    _model_hosts.note_model_request("http://localhost:11434/v1")
    exporter = (
        _exporter(ingest, api_key="sk-explicit") if how == "constructor" else _exporter(ingest)
    )
    if how == "set_api_key":
        exporter.set_api_key("sk-explicit")
    if how == "env":
        monkeypatch.setenv("AGENTKIT_TRACING_API_KEY", "sk-explicit")
    options = {"tracing": {"api_key": "sk-explicit"}} if how == "per_run" else {}
    _export(exporter, **options)
    (request,) = _ingested(ingest)
    assert request.headers["authorization"] == "Bearer sk-explicit"  # type: ignore[attr-defined]


def test_models_at_openai_keep_upstreams_behaviour(ingest: OpenAIServer) -> None:
    _model_hosts.note_model_request("http://localhost:11434/v1")
    _model_hosts.note_model_request("https://api.openai.com/v1")
    _export(_exporter(ingest))
    (request,) = _ingested(ingest)
    assert request.headers["authorization"] == "Bearer sk-local"  # type: ignore[attr-defined]


def test_nothing_known_keeps_upstreams_behaviour(ingest: OpenAIServer) -> None:
    """No agentkit client sent a model request (a custom Model): export as upstream does."""
    _export(_exporter(ingest))
    assert len(_ingested(ingest)) == 1


def test_a_custom_endpoint_is_always_used(
    ingest: OpenAIServer, openai_server: OpenAIServer
) -> None:
    _model_hosts.note_model_request("http://localhost:11434/v1")
    openai_server.allow_pending = True
    exporter = BackendSpanExporter(endpoint=f"{openai_server.base_url}{INGEST}", max_retries=1)
    _export(exporter)
    assert len(_ingested(openai_server)) == 1
