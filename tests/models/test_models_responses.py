"""OpenAIResponsesModel over real HTTP against the loopback server."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from agentkit.client import (
    APIConnectionError,
    AsyncOpenAI,
    AuthenticationError,
    BadRequestError,
    RateLimitError,
)
from agentkit.exceptions import ModelBehaviorError, UserError
from agentkit.model_settings import ModelSettings
from agentkit.models.interface import ModelTracing
from agentkit.models.openai_responses import _OMIT, Converter, OpenAIResponsesModel
from agentkit.tool import FileSearchTool, function_tool
from agentkit.tracing import setup as tracing_setup
from agentkit.tracing.processor_interface import TracingProcessor
from agentkit.tracing.provider import DefaultTraceProvider
from agentkit.types.responses import (
    ResponseCompletedEvent,
    ResponseFunctionToolCall,
    ResponseOutputMessage,
    ResponseOutputRefusal,
    ResponseReasoningItem,
    ResponseTextDeltaEvent,
)
from tests.openai_server import JSONReply, OpenAIServer, SSEReply, error_reply, with_unknown_fields
from tests.openai_server import builders as b

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _model(server: OpenAIServer, **client_args: Any) -> OpenAIResponsesModel:
    client = AsyncOpenAI(base_url=server.base_url, api_key="sk-test", **client_args)
    return OpenAIResponsesModel("gpt-4.1", client)


async def _get(model: OpenAIResponsesModel, input: Any = "Hi", **kwargs: Any) -> Any:
    settings = kwargs.pop("model_settings", ModelSettings())
    tools = kwargs.pop("tools", [])
    tracing = kwargs.pop("tracing", ModelTracing.DISABLED)
    return await model.get_response("Be nice.", input, settings, tools, None, [], tracing, **kwargs)


async def _stream(model: OpenAIResponsesModel, input: Any = "Hi", **kwargs: Any) -> list[Any]:
    settings = kwargs.pop("model_settings", ModelSettings())
    tracing = kwargs.pop("tracing", ModelTracing.DISABLED)
    return [
        event
        async for event in model.stream_response(
            "Be nice.", input, settings, [], None, [], tracing, **kwargs
        )
    ]


# --------------------------------------------------------------------------- non-streaming


async def test_text_response_usage_and_ids(openai_server: OpenAIServer) -> None:
    usage = {
        "input_tokens": 120,
        "input_tokens_details": {"cached_tokens": 100, "cache_write_tokens": 0},
        "output_tokens": 30,
        "output_tokens_details": {"reasoning_tokens": 12},
        "total_tokens": 150,
    }
    openai_server.queue(
        b.response_reply(
            [b.message_item("Hello!")],
            id="resp_123",
            usage=usage,
            headers={"x-request-id": "req_abc"},
        )
    )
    response = await _get(_model(openai_server))
    assert response.response_id == "resp_123"
    assert response.request_id == "req_abc"
    [message] = response.output
    assert isinstance(message, ResponseOutputMessage)
    assert message.content[0].text == "Hello!"
    assert (response.usage.requests, response.usage.input_tokens) == (1, 120)
    assert (response.usage.output_tokens, response.usage.total_tokens) == (30, 150)
    assert response.usage.input_tokens_details.cached_tokens == 100
    assert response.usage.output_tokens_details.reasoning_tokens == 12
    body = openai_server.last_request.json
    assert body["instructions"] == "Be nice."
    assert body["input"] == [{"content": "Hi", "role": "user"}]


async def test_parallel_tool_calls_and_reasoning(openai_server: OpenAIServer) -> None:
    openai_server.queue(
        b.response_reply(
            [
                b.reasoning_item(["Two lookups needed."], encrypted_content="enc"),
                b.function_call_item("get_weather", {"city": "Paris"}, call_id="call_1"),
                b.function_call_item("get_weather", {"city": "Rome"}, call_id="call_2"),
            ]
        )
    )
    response = await _get(_model(openai_server))
    reasoning, first, second = response.output
    assert isinstance(reasoning, ResponseReasoningItem)
    assert reasoning.summary[0].text == "Two lookups needed."
    assert reasoning.encrypted_content == "enc"
    assert isinstance(first, ResponseFunctionToolCall) and first.call_id == "call_1"
    assert isinstance(second, ResponseFunctionToolCall) and second.arguments == '{"city":"Rome"}'


async def test_refusal_message(openai_server: OpenAIServer) -> None:
    item = {
        "id": "msg_1",
        "type": "message",
        "role": "assistant",
        "status": "completed",
        "content": [{"type": "refusal", "refusal": "I can't help with that."}],
    }
    openai_server.queue(b.response_reply([item]))
    response = await _get(_model(openai_server))
    part = response.output[0].content[0]
    assert isinstance(part, ResponseOutputRefusal)
    assert part.refusal == "I can't help with that."


async def test_structured_output_request_and_answer(openai_server: OpenAIServer) -> None:
    from pydantic import BaseModel

    from agentkit.agent_output import AgentOutputSchema

    class Answer(BaseModel):
        value: int

    openai_server.queue(b.response_text('{"value": 3}'))
    schema = AgentOutputSchema(Answer)
    model = _model(openai_server)
    response = await model.get_response(
        None, "3?", ModelSettings(), [], schema, [], ModelTracing.DISABLED
    )
    assert schema.validate_json(response.output[0].content[0].text) == Answer(value=3)
    text = openai_server.last_request.json["text"]
    assert text["format"]["type"] == "json_schema"
    assert text["format"]["name"] == "final_output"
    assert text["format"]["strict"] is True
    assert text["format"]["schema"]["additionalProperties"] is False


async def test_input_is_cleaned_of_other_providers_data(openai_server: OpenAIServer) -> None:
    openai_server.queue(b.response_text("ok"))
    history = [
        {"role": "user", "content": "Hi"},
        {
            "id": "__fake_id__",
            "type": "reasoning",
            "summary": [],
            "provider_data": {"model": "claude"},
        },
        {
            "id": "__fake_id__",
            "type": "function_call",
            "call_id": "call_1",
            "name": "f",
            "arguments": "{}",
            "provider_data": {"model": "gemini"},
        },
        {"type": "function_call_output", "call_id": "call_1", "output": "done"},
    ]
    await _get(_model(openai_server), history)
    assert openai_server.last_request.json["input"] == [
        {"role": "user", "content": "Hi"},
        {"type": "function_call", "call_id": "call_1", "name": "f", "arguments": "{}"},
        {"type": "function_call_output", "call_id": "call_1", "output": "done"},
    ]
    # The caller's items are not modified.
    assert history[2]["id"] == "__fake_id__"


async def test_wire_model_items_are_serialized(openai_server: OpenAIServer) -> None:
    openai_server.queue(b.response_text("first"), b.response_text("second"))
    model = _model(openai_server)
    first = await _get(model)
    await _get(model, [{"role": "user", "content": "Hi"}, *first.output])
    assert openai_server.last_request.json["input"][1]["content"][0]["text"] == "first"


async def test_failed_and_incomplete_non_streaming_raise(openai_server: OpenAIServer) -> None:
    body = b.response_object([], status="incomplete", incomplete_reason="max_output_tokens")
    openai_server.queue(JSONReply(body=body))
    with pytest.raises(ModelBehaviorError, match=r"response\.incomplete.*max_output_tokens"):
        await _get(_model(openai_server))


def _unknown_fields(value: Any) -> Any:
    """Unknown fields in every object, except inside `metadata` maps: their values are strings
    by definition, so a server cannot add objects there."""
    value = with_unknown_fields(value)

    def fix(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("metadata"), dict):
                node["metadata"] = {}
            for child in node.values():
                fix(child)
        elif isinstance(node, list):
            for child in node:
                fix(child)

    fix(value)
    return value


async def test_unknown_fields_everywhere(openai_server: OpenAIServer) -> None:
    body = b.response_object([b.function_call_item("f", {"a": 1}, call_id="call_1")])
    openai_server.queue(JSONReply(body=_unknown_fields(body)))
    events = b.response_stream_events([b.reasoning_item(["r"]), b.message_item("hi")])
    openai_server.queue(SSEReply(events=[_unknown_fields(e) for e in events]))
    model = _model(openai_server)
    response = await _get(model)
    assert response.output[0].call_id == "call_1"
    assert response.output[0].model_extra["x_unknown_field"]["flag"] is True
    streamed = await _stream(model)
    final = streamed[-1]
    assert isinstance(final, ResponseCompletedEvent)
    assert final.response.output[1].content[0].text == "hi"
    assert final.response.model_extra and "x_unknown_field" in final.response.model_extra


@pytest.mark.parametrize(
    ("status", "error_type"),
    [(400, BadRequestError), (401, AuthenticationError), (429, RateLimitError)],
)
async def test_http_errors_are_the_clients_typed_errors(
    openai_server: OpenAIServer, status: int, error_type: type[Exception]
) -> None:
    openai_server.queue(error_reply(status), error_reply(status))
    model = _model(openai_server, max_retries=0)
    with pytest.raises(error_type) as excinfo:
        await _get(model)
    assert "sk-test" not in str(excinfo.value)
    with pytest.raises(error_type):
        await _stream(model)


async def test_retries_then_succeeds(openai_server: OpenAIServer) -> None:
    openai_server.queue(error_reply(500, retry_after_ms=1), b.response_text("ok"))
    response = await _get(_model(openai_server, max_retries=1))
    assert response.output[0].content[0].text == "ok"
    assert len(openai_server.requests) == 2


async def test_blocked_model_requests_send_nothing(openai_server: OpenAIServer) -> None:
    from agentkit.models import _request_guard

    previous = _request_guard._set_model_requests_allowed(False)
    try:
        with pytest.raises(_request_guard.ModelRequestsBlockedError):
            await _get(_model(openai_server))
        with pytest.raises(_request_guard.ModelRequestsBlockedError):
            await _stream(_model(openai_server))
    finally:
        _request_guard._set_model_requests_allowed(previous)
    assert openai_server.requests == []


# --------------------------------------------------------------------------- streaming


@pytest.mark.parametrize(
    "fixture",
    [
        "responses_stream_text.sse",
        "responses_stream_function_call.sse",
        "responses_stream_reasoning_parallel_calls.sse",
    ],
)
async def test_fixture_streams_replayed_byte_for_byte(
    openai_server: OpenAIServer, fixture: str
) -> None:
    import json

    raw = (FIXTURES / fixture).read_bytes()
    openai_server.queue(SSEReply(events=raw, headers={"x-request-id": "req_stream"}))
    events = await _stream(_model(openai_server))
    expected = [
        json.loads(line[6:]) for line in raw.decode().splitlines() if line.startswith("data: ")
    ]
    assert [e.type for e in events] == [e["type"] for e in expected]
    assert [e.sequence_number for e in events] == list(range(len(expected)))
    # Each typed event holds exactly the wire data.
    for event, data in zip(events, expected, strict=True):
        assert event.model_dump(mode="json", exclude_unset=True) == data
    final = events[-1]
    assert isinstance(final, ResponseCompletedEvent)
    assert final.response._request_id == "req_stream"
    done_items = [e.item for e in events if e.type == "response.output_item.done"]
    assert final.response.output == done_items


async def test_stream_text_deltas(openai_server: OpenAIServer) -> None:
    openai_server.queue(b.stream_response_text("Hello there friend", deltas=3))
    events = await _stream(_model(openai_server))
    deltas = [e.delta for e in events if isinstance(e, ResponseTextDeltaEvent)]
    assert "".join(deltas) == "Hello there friend" and len(deltas) == 3
    assert openai_server.last_request.json["stream"] is True


async def test_stream_without_completed_event_raises(openai_server: OpenAIServer) -> None:
    openai_server.queue(b.stream_response_text("cut", terminal="none"))
    seen: list[Any] = []
    with pytest.raises(ModelBehaviorError, match=r"without a `response\.completed`"):
        async for event in _model(openai_server).stream_response(
            None, "Hi", ModelSettings(), [], None, [], ModelTracing.DISABLED
        ):
            seen.append(event)
    assert seen and seen[-1].type == "response.output_item.done"


@pytest.mark.parametrize("terminal", ["failed", "incomplete"])
async def test_stream_failed_or_incomplete_yields_then_raises(
    openai_server: OpenAIServer, terminal: str
) -> None:
    openai_server.queue(b.stream_response_text("partial", terminal=terminal))
    seen: list[Any] = []
    with pytest.raises(ModelBehaviorError, match=f"response.{terminal}"):
        async for event in _model(openai_server).stream_response(
            None, "Hi", ModelSettings(), [], None, [], ModelTracing.DISABLED
        ):
            seen.append(event)
    assert seen[-1].type == f"response.{terminal}"


async def test_stream_error_event_raises(openai_server: OpenAIServer) -> None:
    events = b.response_stream_events([b.message_item("x")], terminal="none")[:3]
    events.append(b.response_error_event("boom", sequence_number=3))
    openai_server.queue(SSEReply(events=events))
    with pytest.raises(ModelBehaviorError, match="boom"):
        await _stream(_model(openai_server))


async def test_stream_cut_mid_event_raises_connection_error(openai_server: OpenAIServer) -> None:
    events = b.response_stream_events([b.message_item("Hello world")], deltas=4)
    openai_server.queue(SSEReply(events=events, cut_in_event=5))
    with pytest.raises((APIConnectionError, ModelBehaviorError)):
        await _stream(_model(openai_server, max_retries=0))


@pytest.fixture
def opened_streams(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every HTTP stream the client opens, kept alive so only an explicit close can close it."""
    opened: list[Any] = []
    original = AsyncOpenAI._request_stream

    async def recording(self: AsyncOpenAI, *args: Any, **kwargs: Any) -> Any:
        stream = await original(self, *args, **kwargs)
        opened.append(stream)
        return stream

    monkeypatch.setattr(AsyncOpenAI, "_request_stream", recording)
    return opened


async def test_cancelled_streams_do_not_leak_connections(
    openai_server: OpenAIServer, opened_streams: list[Any]
) -> None:
    events = b.response_stream_events([b.message_item("Hello world")], deltas=4)
    rounds = 12
    openai_server.queue(*[SSEReply(events=events, hang_after=6) for _ in range(rounds)])
    openai_server.queue(b.response_text("still works"))
    http = httpx.AsyncClient(limits=httpx.Limits(max_connections=2), timeout=httpx.Timeout(5.0))
    model = _model(openai_server, http_client=http)

    async def consume(started: asyncio.Event) -> None:
        async for event in model.stream_response(
            None, "Hi", ModelSettings(), [], None, [], ModelTracing.DISABLED
        ):
            if event.type == "response.output_text.delta":
                started.set()

    for _ in range(rounds):
        started = asyncio.Event()
        task = asyncio.create_task(consume(started))
        await asyncio.wait_for(started.wait(), 5)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        await asyncio.sleep(0)
        assert opened_streams[-1].response.is_closed
    # With max_connections=2, a leaked connection per round would exhaust the pool.
    response = await asyncio.wait_for(_get(model), 5)
    assert response.output[0].content[0].text == "still works"
    await http.aclose()


async def test_abandoned_stream_closes_its_response(
    openai_server: OpenAIServer, opened_streams: list[Any]
) -> None:
    events = b.response_stream_events([b.message_item("Hello world")], deltas=4)
    openai_server.queue(*[SSEReply(events=events, hang_after=6) for _ in range(5)])
    openai_server.queue(b.response_text("ok"))
    http = httpx.AsyncClient(limits=httpx.Limits(max_connections=1), timeout=httpx.Timeout(5.0))
    model = _model(openai_server, http_client=http)
    for _ in range(5):
        stream = model.stream_response(
            None, "Hi", ModelSettings(), [], None, [], ModelTracing.DISABLED
        )
        async for event in stream:
            if event.type == "response.output_text.delta":
                break
        await stream.aclose()  # type: ignore[attr-defined]
        assert opened_streams[-1].response.is_closed
    response = await asyncio.wait_for(_get(model), 5)
    assert response.output[0].content[0].text == "ok"
    await http.aclose()


# --------------------------------------------------------------------------- converter


def test_tool_choice_conversions() -> None:
    from agentkit.model_settings import MCPToolChoice

    assert Converter.convert_tool_choice("auto") == "auto"
    assert Converter.convert_tool_choice("required") == "required"
    assert Converter.convert_tool_choice("none") == "none"
    assert Converter.convert_tool_choice("my_tool") == {"type": "function", "name": "my_tool"}
    assert Converter.convert_tool_choice("web_search_preview") == {"type": "web_search_preview"}
    assert Converter.convert_tool_choice(MCPToolChoice(server_label="s", name="t")) == {
        "server_label": "s",
        "type": "mcp",
        "name": "t",
    }


def test_bad_tool_settings_are_user_errors() -> None:
    with pytest.raises(UserError, match="max_num_results"):
        Converter.convert_tools([FileSearchTool(vector_store_ids=["v"], max_num_results=99)], [])
    with pytest.raises(UserError, match="Unknown tool type"):
        Converter.convert_tools([object()], [])  # type: ignore[list-item]


def test_duplicate_extra_args_are_rejected() -> None:
    model = OpenAIResponsesModel("gpt-4.1", AsyncOpenAI(api_key="sk-test"))
    with pytest.raises(TypeError, match="multiple values for keyword argument 'temperature'"):
        model._build_response_create_kwargs(
            None,
            "Hi",
            ModelSettings(temperature=0.1, extra_args={"temperature": 0.2}),
            [],
            None,
            [],
        )


def test_top_logprobs_adds_the_include_once() -> None:
    model = OpenAIResponsesModel("gpt-4.1", AsyncOpenAI(api_key="sk-test"))
    kwargs = model._build_response_create_kwargs(
        None,
        "Hi",
        ModelSettings(
            top_logprobs=2, response_include=["message.output_text.logprobs", "x.custom"]
        ),
        [function_tool(lambda city: city, name_override="f")],
        None,
        [],
    )
    assert kwargs["include"] == ["message.output_text.logprobs", "x.custom"]
    assert kwargs["top_logprobs"] == 2


# --------------------------------------------------------------------------- tracing


class _Spans(TracingProcessor):
    def __init__(self) -> None:
        self.ended: list[Any] = []

    def on_trace_start(self, trace: Any) -> None: ...

    def on_trace_end(self, trace: Any) -> None: ...

    def on_span_start(self, span: Any) -> None: ...

    def on_span_end(self, span: Any) -> None:
        self.ended.append(span)

    def shutdown(self) -> None: ...

    def force_flush(self) -> None: ...


@pytest.fixture
def spans(monkeypatch: pytest.MonkeyPatch) -> Iterator[_Spans]:
    for name in ("AGENTKIT_DISABLE_TRACING", "OPENAI_AGENTS_DISABLE_TRACING"):
        monkeypatch.delenv(name, raising=False)
    previous = tracing_setup.GLOBAL_TRACE_PROVIDER
    provider = DefaultTraceProvider()
    recorder = _Spans()
    provider.set_processors([recorder])
    tracing_setup.GLOBAL_TRACE_PROVIDER = provider
    try:
        yield recorder
    finally:
        tracing_setup.GLOBAL_TRACE_PROVIDER = previous


async def test_response_span_records_usage_data_and_errors(
    openai_server: OpenAIServer, spans: _Spans
) -> None:
    from agentkit.tracing import trace

    openai_server.queue(b.response_text("traced"), error_reply(400))
    model = _model(openai_server, max_retries=0)
    with trace("models"):
        await _get(model, tracing=ModelTracing.ENABLED)
        with pytest.raises(BadRequestError):
            await _get(model, tracing=ModelTracing.ENABLED_WITHOUT_DATA)
    ok, failed = [s for s in spans.ended if s.span_data.type == "response"]
    assert ok.span_data.usage["requests"] == 1
    assert ok.span_data.usage["input_tokens"] == 10
    assert ok.span_data.input == "Hi"
    assert ok.span_data.response.output[0].content[0].text == "traced"
    assert ok.error is None
    assert failed.error["message"] == "Error getting response"
    assert failed.error["data"] == {"error": "Error details are redacted."}


def test_prompt_without_explicit_model_leaves_model_out() -> None:
    model = OpenAIResponsesModel("gpt-4.1", AsyncOpenAI(api_key="sk-test"), model_is_explicit=False)
    kwargs = model._build_response_create_kwargs(
        None, "Hi", ModelSettings(tool_choice="f"), [], None, [], prompt={"id": "pmpt_1"}
    )
    sent = {k for k, v in kwargs.items() if v is not _OMIT}
    assert "model" not in sent and "tools" not in sent and "tool_choice" not in sent
    assert kwargs["prompt"] == {"id": "pmpt_1"}


async def test_openai_like_client_is_accepted(openai_server: OpenAIServer) -> None:
    class OpenAILike:  # the attributes agentkit reads from an `openai.AsyncOpenAI`
        api_key = "sk-test"
        base_url = openai_server.base_url
        organization = "org_1"
        project = None

    openai_server.queue(b.response_text("ok"))
    model = OpenAIResponsesModel("gpt-4.1", OpenAILike())  # type: ignore[arg-type]
    response = await _get(model)
    assert response.output[0].content[0].text == "ok"
    assert openai_server.last_request.headers["openai-organization"] == "org_1"
