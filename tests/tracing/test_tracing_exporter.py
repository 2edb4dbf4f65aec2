"""BackendSpanExporter against the loopback OpenAI test server: body, headers, keys, retries."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from tracing_support import Recorder

from agentkit.tracing import (
    BackendSpanExporter,
    ConsoleSpanExporter,
    agent_span,
    function_span,
    generation_span,
    response_span,
    trace,
)
from agentkit.tracing.spans import Span
from agentkit.tracing.traces import Trace
from tests.openai_server import OpenAIServer
from tests.openai_server.replies import DropReply, JSONReply

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "traces_ingest.request.json"
INGEST = "/v1/traces/ingest"


@pytest.fixture(autouse=True)
def _no_ambient_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("OPENAI_API_KEY", "OPENAI_ORG_ID", "OPENAI_PROJECT_ID"):
        monkeypatch.delenv(name, raising=False)


_open: list[BackendSpanExporter] = []


@pytest.fixture(autouse=True)
def _close_exporters() -> Iterator[None]:
    yield
    while _open:
        _open.pop().close()


def exporter_for(server: OpenAIServer, **options: Any) -> BackendSpanExporter:
    options.setdefault("api_key", "sk-test")
    options.setdefault("base_delay", 0.01)
    options.setdefault("max_delay", 0.05)
    exporter = BackendSpanExporter(endpoint=f"{server.base_url}/traces/ingest", **options)
    _open.append(exporter)
    return exporter


class _ToLoopback(httpx.BaseTransport):
    """Sends requests for api.openai.com to the test server instead (real HTTP, other host)."""

    def __init__(self, server: OpenAIServer) -> None:
        self._server = server
        self._inner = httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.url = request.url.copy_with(scheme="http", host="127.0.0.1", port=self._server.port)
        return self._inner.handle_request(request)

    def close(self) -> None:
        self._inner.close()


def fixture_trace(recorder: Recorder) -> list[Trace | Span[Any]]:
    """The trace of tests/fixtures/traces_ingest.request.json, rebuilt with the public API."""
    with (
        trace(
            "Weather workflow",
            trace_id="trace_4373ae68324c4989a3ac05a226f17fe8",
            group_id="group_demo_thread_1",
            metadata={"customer": "acme"},
        ),
        agent_span(
            "Weather agent",
            handoffs=[],
            tools=["get_current_weather"],
            output_type="str",
            span_id="span_c35bf08e9293445d969dd8a1",
        ),
    ):
        with generation_span(
            input=[{"role": "user", "content": "Weather in Boston?"}],
            output=[
                {
                    "role": "assistant",
                    "content": None,
                    "tool_calls": [
                        {
                            "id": "call_1",
                            "type": "function",
                            "function": {
                                "name": "get_current_weather",
                                "arguments": '{"location":"Boston, MA"}',
                            },
                        }
                    ],
                }
            ],
            model="gpt-4.1",
            model_config={"temperature": 1.0},
            usage={"input_tokens": 82, "output_tokens": 17},
            span_id="span_98886b33c0cb4db190f9c20e",
        ):
            pass
        with function_span(
            "get_current_weather",
            input='{"location":"Boston, MA"}',
            span_id="span_e9112f1580e946178d8df1c3",
        ) as fn:
            fn.span_data.output = {"temperature": 72}

        class Resp:
            id = "resp_a0634bd9e8eefb20546505b3aaa6370dd22f06727d6e53b8"

        with response_span(Resp(), span_id="span_83cb068be2a1481cb76947de") as rs:
            rs.span_data.usage = {"input_tokens": 1, "output_tokens": 2}
        with function_span(
            "lookup_city", input='{"q":"Bostn"}', span_id="span_19df0841df444a819fe249ee"
        ) as failed:
            failed.set_error(
                {
                    "message": "Error running tool (non-fatal)",
                    "data": {"tool_name": "lookup_city", "error": "city not found"},
                }
            )
    return [item for event, item in recorder.events if event in ("trace_start", "span_end")]


def _without_times(body: dict[str, Any]) -> dict[str, Any]:
    data = []
    for item in body["data"]:
        item = dict(item)
        for key in ("started_at", "ended_at"):
            if key in item:
                value = item.pop(key)
                assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00", value)
        data.append(item)
    return {"data": data}


def test_request_to_the_default_endpoint_matches_the_recorded_fixture(
    recorder: Recorder, openai_server: OpenAIServer
) -> None:
    expected = json.loads(FIXTURE.read_text())
    exporter = BackendSpanExporter(api_key="sk-test", organization="org-test", project="proj_test")
    exporter._client = httpx.Client(transport=_ToLoopback(openai_server))
    exporter.export(fixture_trace(recorder))
    exporter.close()

    [request] = openai_server.requests_to(INGEST)
    assert request.method == expected["method"]
    for name, value in expected["headers"].items():
        assert request.headers.get(name) == value
    # Same items, fields and values (the response span's usage is stripped for OpenAI).
    assert _without_times(request.json) == _without_times(expected["body"])


def test_custom_endpoint_gets_the_unsanitised_export(
    recorder: Recorder, openai_server: OpenAIServer
) -> None:
    items = fixture_trace(recorder)
    exporter_for(openai_server).export(items)
    [request] = openai_server.requests_to(INGEST)
    response_item = request.json["data"][3]
    assert response_item["span_data"]["usage"] == {"input_tokens": 1, "output_tokens": 2}
    assert request.headers.get("authorization") == "Bearer sk-test"
    assert request.headers.get("openai-beta") == "traces=v1"
    assert "openai-organization" not in request.headers


def test_organization_and_project_come_from_the_environment(
    recorder: Recorder, openai_server: OpenAIServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_ORG_ID", "org-env")
    monkeypatch.setenv("OPENAI_PROJECT_ID", "proj-env")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-env")
    with trace("w"):
        pass
    exporter = exporter_for(openai_server, api_key=None)
    exporter.export([item for _, item in recorder.events[:1]])
    headers = openai_server.last_request.headers
    assert headers.get("authorization") == "Bearer sk-env"
    assert headers.get("openai-organization") == "org-env"
    assert headers.get("openai-project") == "proj-env"


def test_items_are_grouped_by_their_trace_key(
    recorder: Recorder, openai_server: OpenAIServer
) -> None:
    with trace("run-key", tracing={"api_key": "sk-run"}), agent_span("a"):
        pass
    with trace("default-key"), agent_span("b"):
        pass
    items = [item for event, item in recorder.events if event in ("trace_start", "span_end")]
    exporter_for(openai_server).export(items)
    by_key = {
        r.headers.get("authorization"): [
            i.get("workflow_name") or i["span_data"]["name"] for i in r.json["data"]
        ]
        for r in openai_server.requests_to(INGEST)
    }
    assert by_key == {"Bearer sk-run": ["run-key", "a"], "Bearer sk-test": ["default-key", "b"]}


def test_429_is_retried_after_the_advertised_delay(
    recorder: Recorder, openai_server: OpenAIServer
) -> None:
    openai_server.queue_error(429, path=INGEST, retry_after_ms=30)
    with trace("w"):
        pass
    exporter_for(openai_server).export([recorder.events[0][1]])
    requests = openai_server.requests_to(INGEST)
    assert len(requests) == 2 and requests[0].body == requests[1].body


def test_5xx_and_connection_errors_are_retried_up_to_max_retries(
    recorder: Recorder, openai_server: OpenAIServer, caplog: pytest.LogCaptureFixture
) -> None:
    openai_server.queue_error(500, path=INGEST, times=None)
    with trace("w"):
        pass
    exporter_for(openai_server, max_retries=3).export([recorder.events[0][1]])
    assert len(openai_server.requests_to(INGEST)) == 3
    assert "giving up" in caplog.text
    openai_server.clear()

    openai_server.queue(DropReply(), path=INGEST)
    exporter_for(openai_server).export([recorder.events[0][1]])
    assert len(openai_server.requests_to(INGEST)) == 2  # dropped connection, then success


def test_x_should_retry_false_stops_retries(
    recorder: Recorder, openai_server: OpenAIServer
) -> None:
    openai_server.queue_error(503, path=INGEST, should_retry=False)
    with trace("w"):
        pass
    exporter_for(openai_server).export([recorder.events[0][1]])
    assert len(openai_server.requests_to(INGEST)) == 1


def test_400_is_not_retried_and_the_key_never_reaches_the_log(
    recorder: Recorder, openai_server: OpenAIServer, caplog: pytest.LogCaptureFixture
) -> None:
    openai_server.queue(
        JSONReply(status=400, body={"error": {"message": "bad key sk-test-SECRET in request"}}),
        path=INGEST,
    )
    with trace("w"):
        pass
    exporter = exporter_for(openai_server, api_key="sk-test-SECRET")
    exporter.export([recorder.events[0][1]])
    assert len(openai_server.requests_to(INGEST)) == 1
    assert "400" in caplog.text and "bad key <redacted>" in caplog.text
    assert "sk-test-SECRET" not in caplog.text
    assert "sk-test-SECRET" not in repr(exporter)


def test_no_key_means_no_request_and_a_single_debug_line(
    recorder: Recorder,
    openai_server: OpenAIServer,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(BackendSpanExporter, "_no_key_noted", False)
    with trace("w"), agent_span("a"):
        pass
    items = [item for event, item in recorder.events if event in ("trace_start", "span_end")]
    exporter = exporter_for(openai_server, api_key=None)
    with caplog.at_level(logging.DEBUG, logger="openai.agents"):
        for _ in range(3):
            exporter.export(items)
    assert openai_server.requests_to(INGEST) == []
    assert [r.levelname for r in caplog.records] == ["DEBUG"]
    # A key that shows up later (e.g. load_dotenv) is used.
    monkeypatch.setenv("OPENAI_API_KEY", "sk-late")
    exporter.export(items)
    assert openai_server.last_request.headers.get("authorization") == "Bearer sk-late"


def test_values_without_a_json_form_are_sanitised(
    recorder: Recorder, openai_server: OpenAIServer, caplog: pytest.LogCaptureFixture
) -> None:
    with trace("w"), function_span("f") as fn:
        fn.span_data.mcp_data = {"ok": 1, "nan": float("nan"), "obj": object(), "s": "a\ud800b"}
    exporter_for(openai_server).export([*recorder.ended_spans()])
    [request] = openai_server.requests_to(INGEST)
    assert request.json["data"][0]["span_data"]["mcp_data"] == {"ok": 1, "s": "a?b"}
    assert "sanitizing" in caplog.text


def test_large_fields_are_capped_for_openai_only(
    recorder: Recorder, openai_server: OpenAIServer
) -> None:
    big = "x" * 150_000
    with (
        trace("w"),
        generation_span(
            input=[{"role": "user", "content": big}, {"type": "reasoning", "summary": []}],
            output=[{"role": "assistant", "content": "ok", "reasoning_content": "hidden"}],
            usage={"input_tokens": 1, "output_tokens": 2, "total_tokens": 3},
        ),
    ):
        pass
    exporter = BackendSpanExporter(api_key="sk-test")
    exporter._client = httpx.Client(transport=_ToLoopback(openai_server))
    exporter.export([*recorder.ended_spans()])
    exporter.close()
    data = openai_server.last_request.json["data"][0]["span_data"]
    [message] = data["input"]  # the reasoning item is gone
    assert message["content"].endswith("... [truncated]")
    assert len(json.dumps(data["input"], separators=(",", ":")).encode()) <= 100_000
    assert data["output"] == [{"role": "assistant", "content": "ok"}]
    assert data["usage"] == {"input_tokens": 1, "output_tokens": 2, "details": {"total_tokens": 3}}


def test_closed_exporter_sends_nothing(recorder: Recorder, openai_server: OpenAIServer) -> None:
    with trace("w"):
        pass
    exporter = exporter_for(openai_server)
    exporter.close()
    exporter.export([recorder.events[0][1]])
    assert openai_server.requests_to(INGEST) == []


def test_console_exporter_redacts_by_default(
    recorder: Recorder, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with trace("w"), agent_span("secret-agent"):
        pass
    items = [item for event, item in recorder.events if event in ("trace_start", "span_end")]
    for name in ("OPENAI_AGENTS_DONT_LOG_MODEL_DATA", "OPENAI_AGENTS_DONT_LOG_TOOL_DATA"):
        monkeypatch.delenv(name, raising=False)
    ConsoleSpanExporter().export(items)
    out = capsys.readouterr().out
    assert "redacted" in out and "secret-agent" not in out
    monkeypatch.setenv("OPENAI_AGENTS_DONT_LOG_MODEL_DATA", "0")
    monkeypatch.setenv("OPENAI_AGENTS_DONT_LOG_TOOL_DATA", "0")
    ConsoleSpanExporter().export(items)
    out = capsys.readouterr().out
    assert "name=w" in out and "secret-agent" in out


def test_invalid_exporter_settings_are_rejected() -> None:
    with pytest.raises(ValueError, match="max_retries"):
        BackendSpanExporter(max_retries=0)
    with pytest.raises(ValueError, match="must not be negative"):
        BackendSpanExporter(base_delay=-1)


def test_set_default_openai_key_is_used_for_trace_export(monkeypatch: pytest.MonkeyPatch) -> None:
    from agentkit.models import _openai_shared
    from agentkit.tracing import processors

    monkeypatch.setattr(processors, "_global_exporter", None)
    monkeypatch.setattr(processors, "_global_processor", None)
    monkeypatch.setattr(_openai_shared, "_default_openai_key", None)
    _openai_shared.set_default_openai_key("sk-not-for-tracing", use_for_tracing=False)
    assert processors.default_exporter().api_key is None
    _openai_shared.set_default_openai_key("sk-shared")
    assert processors.default_exporter().api_key == "sk-shared"
    assert processors.default_processor()._exporter is processors.default_exporter()
