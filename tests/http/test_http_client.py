"""The HTTP client against real loopback servers: errors, retries, timeouts, streaming, leaks."""

from __future__ import annotations

import asyncio
import email.utils
import json
import logging
import time
from typing import Any

import httpx
import httpx2
import pytest
from _http_rawserver import RawServer, Request, reset, respond, sse, stall

from agentkit import client as ak
from agentkit._http import _client as core

KEY = "sk-SENTINEL-9f8e7d6c5b4a"


def make(server: RawServer, **kwargs: Any) -> ak.AsyncOpenAI:
    kwargs.setdefault("http_client", httpx.AsyncClient())
    return ak.AsyncOpenAI(api_key=KEY, base_url=server.url, **kwargs)


ERROR_BODY = {
    "error": {
        "message": "Invalid value for 'input'.",
        "type": "invalid_request_error",
        "param": "input[0].content",
        "code": "invalid_value",
    }
}


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, ak.BadRequestError),
        (401, ak.AuthenticationError),
        (403, ak.PermissionDeniedError),
        (404, ak.NotFoundError),
        (409, ak.ConflictError),
        (422, ak.UnprocessableEntityError),
        (429, ak.RateLimitError),
        (500, ak.InternalServerError),
        (503, ak.InternalServerError),
        (418, ak.APIStatusError),
    ],
)
async def test_status_maps_to_typed_error(server: RawServer, status: int, cls: type) -> None:
    server.default = respond(
        status, ERROR_BODY, {"x-request-id": "req_123", "x-should-retry": "false"}
    )
    client = make(server)
    with pytest.raises(cls) as info:
        await client.responses.create(model="m", input="hi")
    err = info.value
    assert type(err) is cls
    assert err.status_code == status
    assert err.request_id == "req_123"
    assert err.message == f"Error code: {status} - Invalid value for 'input'."
    assert err.body == ERROR_BODY["error"]
    assert (err.code, err.param, err.type) == (
        "invalid_value",
        "input[0].content",
        "invalid_request_error",
    )
    assert len(server.requests) == 1
    await client.close()


async def test_html_error_page_is_kept_raw(server: RawServer) -> None:
    page = "<html><body><h1>502 Bad Gateway</h1>\n<p>nginx</p></body></html>"
    server.default = respond(502, page, {"x-should-retry": "false"})
    client = make(server)
    with pytest.raises(ak.InternalServerError) as info:
        await client.chat.completions.create(model="m", messages=[])
    assert info.value.body == page
    assert "502 Bad Gateway" in str(info.value)
    assert info.value.code is None
    await client.close()


async def test_retry_on_429_honours_retry_after_ms(server: RawServer) -> None:
    server.push(respond(429, ERROR_BODY, {"retry-after-ms": "150"}))
    server.default = respond(200, {"id": "resp_1"})
    client = make(server)
    start = time.monotonic()
    assert await client.responses.create(model="m", input="x") == {"id": "resp_1"}
    assert 0.14 <= time.monotonic() - start < 1.0
    assert len(server.requests) == 2
    await client.close()


async def test_retry_after_seconds_and_http_date(server: RawServer) -> None:
    server.push(respond(429, ERROR_BODY, {"retry-after": "0.2"}))
    client = make(server)
    start = time.monotonic()
    await client.responses.create(model="m", input="x")
    assert 0.19 <= time.monotonic() - start < 1.0
    assert len(server.requests) == 2
    # An HTTP date two seconds ahead (whole-second resolution, so between 1 and 2 s).
    when = email.utils.formatdate(time.time() + 2, usegmt=True)
    server.push(respond(503, ERROR_BODY, {"retry-after": when}))
    start = time.monotonic()
    await client.responses.create(model="m", input="x")
    assert 0.9 <= time.monotonic() - start < 2.5
    assert len(server.requests) == 4
    await client.close()


async def test_retry_after_over_two_minutes_is_not_retried(server: RawServer) -> None:
    server.default = respond(429, ERROR_BODY, {"retry-after": "121"})
    client = make(server)
    with pytest.raises(ak.RateLimitError):
        await client.responses.create(model="m", input="x")
    assert len(server.requests) == 1
    await client.close()


async def test_x_should_retry_overrides_status(server: RawServer, fast_backoff: None) -> None:
    server.push(respond(400, ERROR_BODY, {"x-should-retry": "true"}))
    client = make(server)
    await client.responses.create(model="m", input="x")
    assert len(server.requests) == 2
    server.push(respond(500, ERROR_BODY, {"x-should-retry": "false"}))
    with pytest.raises(ak.InternalServerError):
        await client.responses.create(model="m", input="x")
    assert len(server.requests) == 3
    await client.close()


@pytest.mark.parametrize("status", [408, 409, 429, 500, 502])
async def test_retryable_statuses_use_all_retries(
    server: RawServer, fast_backoff: None, status: int
) -> None:
    server.default = respond(status, ERROR_BODY)
    client = make(server, max_retries=3)
    with pytest.raises(ak.APIStatusError) as info:
        await client.responses.create(model="m", input="x")
    assert info.value.status_code == status
    assert len(server.requests) == 4
    await client.close()


async def test_max_retries_zero_sends_once(server: RawServer) -> None:
    server.default = respond(500, ERROR_BODY)
    client = make(server, max_retries=0)
    with pytest.raises(ak.InternalServerError):
        await client.responses.create(model="m", input="x")
    assert len(server.requests) == 1
    # with_options can raise it again for one use.
    await client.close()


def test_backoff_schedule_is_bounded_and_jittered() -> None:
    for n in range(0, 30):
        nominal = min(0.5 * 2**n, 8.0)
        delays = [core.retry_delay(n, None) for _ in range(200)]
        assert all(0.75 * nominal <= d <= nominal for d in delays)
        assert len(set(delays)) > 1
    assert core.retry_delay(0, {"retry-after-ms": "250"}) == 0.25
    assert core.retry_delay(0, {"retry-after": "3"}) == 3.0
    # Out of range server hints fall back to backoff.
    assert core.retry_delay(0, {"retry-after": "0"}) <= 0.5
    assert core.retry_delay(0, {"retry-after": "garbage"}) <= 0.5


async def test_connection_refused_raises_after_retries(
    closed_port: int, fast_backoff: None, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="openai.agents.http")
    client = ak.AsyncOpenAI(
        api_key=KEY, base_url=f"http://127.0.0.1:{closed_port}/v1", http_client=httpx.AsyncClient()
    )
    with pytest.raises(ak.APIConnectionError) as info:
        await client.responses.create(model="m", input="x")
    assert not isinstance(info.value, ak.APITimeoutError)
    assert sum("Retrying" in r.getMessage() for r in caplog.records) == 2
    await client.close()


async def test_connection_reset_is_retried(server: RawServer, fast_backoff: None) -> None:
    server.push(reset())
    client = make(server)
    assert await client.responses.create(model="m", input="x") == {"ok": True}
    assert len(server.requests) == 2
    await client.close()


async def test_read_timeout_raises_api_timeout_error(server: RawServer) -> None:
    server.default = stall(2)
    client = make(server, max_retries=0, timeout=httpx.Timeout(5, read=0.2))
    start = time.monotonic()
    with pytest.raises(ak.APITimeoutError):
        await client.responses.create(model="m", input="x")
    assert time.monotonic() - start < 1.5
    # A per-call timeout overrides the client's.
    client = make(server, max_retries=0)
    with pytest.raises(ak.APITimeoutError):
        await client.responses.create(model="m", input="x", timeout=0.2)
    await client.close()


async def test_wire_headers_body_and_extras(server: RawServer) -> None:
    client = make(
        server,
        organization="org_1",
        project="proj_1",
        default_headers={"X-Custom": "a"},
        default_query={"api-version": "1"},
    )
    await client.responses.create(
        model="m",
        input="hi",
        temperature=None,
        extra_headers={"X-Call": "b", "x-custom": "override"},
        extra_query={"q": "1"},
        extra_body={"service_tier": "flex", "metadata": None},
    )
    req = server.requests[0]
    assert req.method == "POST" and req.path == "/v1/responses"
    assert req.headers["authorization"] == f"Bearer {KEY}"
    assert req.headers["openai-organization"] == "org_1"
    assert req.headers["openai-project"] == "proj_1"
    assert req.headers["accept"] == "application/json"
    assert req.headers["content-type"] == "application/json"
    assert req.headers["user-agent"].startswith("agentkit/")
    assert req.headers["x-call"] == "b"
    assert req.headers["x-custom"] == "override"
    assert sorted(req.query.split("&")) == ["api-version=1", "q=1"]
    assert req.json() == {"model": "m", "input": "hi", "service_tier": "flex", "metadata": None}
    assert not any(h.startswith("x-stainless") for h in req.headers)
    await client.close()


async def test_env_configuration(server: RawServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.setenv("OPENAI_BASE_URL", server.url)
    monkeypatch.setenv("OPENAI_ORG_ID", "org_env")
    monkeypatch.setenv("OPENAI_PROJECT_ID", "proj_env")
    client = ak.AsyncOpenAI(http_client=httpx.AsyncClient())
    assert client.base_url == server.url
    await client.conversations.retrieve("conv_1")
    req = server.requests[0]
    assert req.path == "/v1/conversations/conv_1"
    assert req.headers["openai-organization"] == "org_env"
    assert req.headers["openai-project"] == "proj_env"
    await client.close()
    monkeypatch.delenv("OPENAI_API_KEY")
    with pytest.raises(ak.OpenAIError, match="OPENAI_API_KEY"):
        ak.AsyncOpenAI()


def test_default_configuration() -> None:
    client = ak.AsyncOpenAI(api_key=KEY, base_url=None)
    assert client.max_retries == 2
    assert client.timeout == {"connect": 5.0, "read": 600.0, "write": 600.0, "pool": 600.0}
    with pytest.raises(TypeError, match="max_retries"):
        ak.AsyncOpenAI(api_key=KEY, max_retries=-1)


async def test_with_options_copies_and_overrides(server: RawServer) -> None:
    client = make(server, default_headers={"X-A": "1"})
    other = client.with_options(max_retries=0, default_headers={"X-B": "2"})
    assert other.max_retries == 0 and client.max_retries == 2
    assert other.http_client is client.http_client
    await other.get("/models")
    req = server.requests[0]
    assert (req.headers["x-a"], req.headers["x-b"]) == ("1", "2")
    await client.close()


async def test_generic_methods(server: RawServer) -> None:
    client = make(server)
    server.push(respond(200, {"ok": 1}), respond(204), respond(200, {"deleted": True}))
    assert await client.post(
        "/traces/ingest", body={"data": []}, headers={"OpenAI-Beta": "traces=v1"}
    ) == {"ok": 1}
    assert await client.get("/x", query={"a": 1}) is None
    assert await client.delete(f"{server.url}/y") == {"deleted": True}
    first = server.requests[0]
    assert first.headers["openai-beta"] == "traces=v1" and first.json() == {"data": []}
    assert server.requests[1].target == "/v1/x?a=1"
    assert server.requests[2].method == "DELETE" and server.requests[2].path == "/v1/y"
    response = await client.request("GET", "/z")
    assert response.status_code == 200
    await client.close()


async def test_repeated_requests_reuse_the_parsed_url(
    server: RawServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed: list[str] = []
    real_url = httpx.URL

    def counting_url(url: Any = "", **kwargs: Any) -> httpx.URL:
        if isinstance(url, str):
            parsed.append(url)
        return real_url(url, **kwargs)

    client = make(server)
    server.push(*(respond(200, {"n": n}) for n in range(4)))
    monkeypatch.setattr(httpx, "URL", counting_url)
    assert [await client.get("/x", query={"a": n}) for n in range(2)] == [{"n": 0}, {"n": 1}]
    assert await client.get("/y") == {"n": 2}
    other = client.with_options(base_url=f"{server.url}/sub")
    assert await other.get("/y") == {"n": 3}
    monkeypatch.undo()
    # One parse per distinct URL (by the client: httpx copies a parsed URL without parsing).
    assert parsed == [f"{server.url}/x", f"{server.url}/y", f"{server.url}/sub/y"]
    assert [r.target for r in server.requests] == ["/v1/x?a=0", "/v1/x?a=1", "/v1/y", "/v1/sub/y"]
    await client.close()


def test_duck_typed_http_client_gets_the_url_string() -> None:
    http_core = core.HTTPCore(ak.AsyncOpenAI(api_key=KEY, base_url="http://h/v1")._core.config)
    assert http_core._request_url(object(), "/x") == "http://h/v1/x"
    parsed = http_core._request_url(httpx.AsyncClient(), "/x")
    assert isinstance(parsed, httpx.URL) and str(parsed) == "http://h/v1/x"
    assert http_core._request_url(httpx.AsyncClient(), "/x") is parsed


async def test_conversation_items_pagination(server: RawServer) -> None:
    def page(ids: list[str], more: bool) -> Any:
        return respond(
            200,
            {
                "object": "list",
                "data": [{"id": i, "type": "message"} for i in ids],
                "has_more": more,
                "first_id": ids[0],
                "last_id": ids[-1],
            },
        )

    server.push(page(["a", "b"], True), page(["c"], False), page(["a", "b"], True))
    client = make(server)
    items = [
        item["id"] async for item in client.conversations.items.list("conv_1", limit=2, order="asc")
    ]
    assert items == ["a", "b", "c"]
    assert server.requests[0].target == "/v1/conversations/conv_1/items?limit=2&order=asc"
    assert server.requests[1].target == "/v1/conversations/conv_1/items?limit=2&order=asc&after=b"
    first_page = await client.conversations.items.list("conv_1")
    assert first_page["has_more"] is True
    await client.conversations.items.create("conv_1", items=[{"type": "message"}], include=["x"])
    assert server.requests[3].json() == {"items": [{"type": "message"}]}
    assert server.requests[3].query == "include%5B%5D=x"
    await client.conversations.items.delete("it_1", conversation_id="conv_1")
    assert server.requests[4].method == "DELETE"
    assert server.requests[4].path == "/v1/conversations/conv_1/items/it_1"
    await client.conversations.create(metadata={"k": "v"})
    assert server.requests[5].json() == {"metadata": {"k": "v"}}
    await client.conversations.delete("conv_1")
    assert server.requests[6].method == "DELETE"
    await client.close()


async def test_transcription_is_multipart(server: RawServer) -> None:
    server.push(
        respond(200, {"text": "hello"}), respond(200, b"plain text", {"content-type": "text/plain"})
    )
    client = make(server)
    result = await client.audio.transcriptions.create(
        file=("a.wav", b"RIFFdata", "audio/wav"),
        model="gpt-4o-transcribe",
        include=["logprobs"],
        chunking_strategy={"type": "server_vad", "threshold": 0.5},
        temperature=0,
    )
    assert result == {"text": "hello"}
    req = server.requests[0]
    assert req.headers["content-type"].startswith("multipart/form-data; boundary=")
    body = req.body.decode()
    for name, value in [
        ("model", "gpt-4o-transcribe"),
        ("include[]", "logprobs"),
        ("chunking_strategy[type]", "server_vad"),
        ("chunking_strategy[threshold]", "0.5"),
        ("temperature", "0"),
    ]:
        assert f'name="{name}"\r\n\r\n{value}\r\n' in body
    assert 'name="file"; filename="a.wav"\r\nContent-Type: audio/wav\r\n\r\nRIFFdata' in body
    text = await client.audio.transcriptions.create(
        file=b"x", model="whisper-1", response_format="text"
    )
    assert text == "plain text"
    await client.close()


async def test_speech_binary_and_streaming(server: RawServer) -> None:
    audio = bytes(range(256)) * 100
    server.push(respond(200, audio), respond(200, audio))
    client = make(server)
    assert await client.audio.speech.create(model="tts-1", input="hi", voice="alloy") == audio
    assert server.requests[0].headers["accept"] == "application/octet-stream"
    stream = await client.audio.speech.create_streaming(model="tts-1", input="hi", voice="alloy")
    assert isinstance(stream, ak.BinaryStream)
    got = b"".join([chunk async for chunk in stream.aiter_bytes(1000)])
    assert got == audio
    await client.close()


# ---------------------------------------------------------------- streaming


def _sse_event(payload: dict[str, Any], event: bool = True) -> str:
    head = f"event: {payload['type']}\n" if event else ""
    return f"{head}data: {json.dumps(payload)}\n\n"


async def test_stream_yields_decoded_events(server: RawServer) -> None:
    events = [{"type": "response.created", "sequence_number": i} for i in range(5)]
    body = "".join(_sse_event(e) for e in events)
    # Split the bytes at odd places, including inside the CRLF-free JSON.
    server.default = sse(
        [body[:7], body[7:50], body[50:51], body[51:]], headers={"x-request-id": "req_s"}
    )
    client = make(server)
    stream = await client.responses.create(model="m", input="x", stream=True)
    assert stream.request_id == "req_s"
    assert stream.headers["content-type"] == "text/event-stream"
    assert [e async for e in stream] == events
    assert server.requests[0].json()["stream"] is True
    await client.close()


async def test_undecoded_events_decode_to_the_same_dicts(server: RawServer) -> None:
    events = [{"type": "response.created", "sequence_number": i} for i in range(5)]
    body = "".join(_sse_event(e, event=i % 2 == 0) for i, e in enumerate(events))
    server.default = sse([body[:7], body[7:50], body[50:51], body[51:], "data: [DONE]\n\n"])
    client = make(server)
    stream = await client.responses.create(model="m", input="x", stream=True)
    undecoded = [e async for e in stream._undecoded()]
    assert [(e.event, e.data) for e in undecoded] == [
        ("response.created" if i % 2 == 0 else None, json.dumps(e)) for i, e in enumerate(events)
    ]
    assert [stream.decode(e) for e in undecoded] == events
    assert stream.response.is_closed
    await client.close()


async def test_models_iterate_the_generator_itself_unless_a_deadline_wraps_it(
    server: RawServer,
) -> None:
    events = [{"type": "response.created", "sequence_number": i} for i in range(3)]
    server.default = sse(["".join(_sse_event(e) for e in events)])
    client = make(server)
    stream = await client.responses.create(model="m", input="x", stream=True)
    iterable = stream._iterable()
    assert iterable is stream._iterator
    assert [e async for e in iterable] == events
    assert stream.response.is_closed
    stream = await client.responses.create(model="m", input="x", stream=True, deadline=30)
    assert stream._iterable() is stream
    assert [e async for e in stream._iterable()] == events
    await client.close()


async def test_chat_stream_stops_at_done_and_reuses_connection(server: RawServer) -> None:
    chunk = {"id": "c", "object": "chat.completion.chunk", "choices": []}
    server.default = sse([_sse_event({**chunk, "type": "x"}, event=False), "data: [DONE]\n\n"])
    client = make(server)
    for _ in range(3):
        stream = await client.chat.completions.create(model="m", messages=[], stream=True)
        assert len([e async for e in stream]) == 1
    assert server.connections == 1
    await client.close()


async def test_chat_mid_stream_error_raises_api_error(server: RawServer) -> None:
    server.default = sse(['data: {"error": {"message": "overloaded", "type": "server_error"}}\n\n'])
    client = make(server)
    stream = await client.chat.completions.create(model="m", messages=[], stream=True)
    with pytest.raises(ak.APIError, match="overloaded") as info:
        async for _ in stream:
            pass
    assert info.value.body == {"message": "overloaded", "type": "server_error"}
    await client.close()


async def test_stream_cut_mid_event_raises_typed_error(server: RawServer) -> None:
    server.default = sse([_sse_event({"type": "a"}), 'data: {"type": "b", "te'], end=False)
    client = make(server)
    stream = await client.responses.create(model="m", input="x", stream=True)
    got = []
    with pytest.raises(ak.APIConnectionError, match="after 1 events"):
        async for event in stream:
            got.append(event)
    assert got == [{"type": "a"}]
    await client.close()


async def test_stream_ending_inside_an_event_raises_stream_error(server: RawServer) -> None:
    server.default = sse([_sse_event({"type": "a"}), 'data: {"type": "b", "te'])
    client = make(server)
    stream = await client.responses.create(model="m", input="x", stream=True)
    with pytest.raises(ak.APIStreamError, match="middle of an event"):
        async for _ in stream:
            pass
    # An unterminated last event whose data is complete JSON is accepted.
    server.default = sse([_sse_event({"type": "a"}), 'data: {"type": "b"}\n'])
    stream = await client.responses.create(model="m", input="x", stream=True)
    assert [e["type"] async for e in stream] == ["a", "b"]
    await client.close()


async def test_stream_with_garbage_data_raises_stream_error(server: RawServer) -> None:
    server.default = sse(["data: <html>oops</html>\n\n"])
    client = make(server)
    stream = await client.responses.create(model="m", input="x", stream=True)
    with pytest.raises(ak.APIStreamError, match="not JSON"):
        async for _ in stream:
            pass
    await client.close()


async def test_stream_event_data_is_read_as_json_loads_reads_it(server: RawServer) -> None:
    # Blanks around the JSON are accepted, anything after it is not, and a JSON value that is not
    # an object is an error of its own; the fast path must agree with `json.loads` on all of it.
    server.default = sse(
        [
            'data:   {"type": "a"}\n\n',
            'data: {"type": "b", "n": [1, 2.5, "\\u00e9"]}  \t\n\n',
            'data: {"type": "c"}\ndata: \n\n',
            # Taken by `json.loads`, refused by faster parsers: a lone surrogate, deep nesting.
            'data: {"type": "d", "s": "\\ud800"}\n\n',
            'data: {"type": "e", "deep": ' + "[" * 300 + "]" * 300 + "}\n\n",
        ]
    )
    client = make(server)
    stream = await client.responses.create(model="m", input="x", stream=True)
    assert [e async for e in stream] == [
        {"type": "a"},
        {"type": "b", "n": [1, 2.5, "\u00e9"]},
        {"type": "c"},
        {"type": "d", "s": "\ud800"},
        {"type": "e", "deep": json.loads("[" * 300 + "]" * 300)},
    ]
    for data, message in (
        ('{"type": "a"} {"type": "b"}', "not JSON"),
        ('{"type": "a"}x', "not JSON"),
        ("[1, 2]", "not a JSON object"),
        ("NaNx", "not JSON"),
    ):
        server.default = sse([f"data: {data}\n\n"])
        stream = await client.responses.create(model="m", input="x", stream=True)
        with pytest.raises(ak.APIStreamError, match=message):
            async for _ in stream:
                pass
    await client.close()


async def test_stream_errors_before_headers_are_retried(server: RawServer) -> None:
    server.push(respond(503, ERROR_BODY, {"retry-after-ms": "10"}))
    server.default = sse([_sse_event({"type": "response.completed"})])
    client = make(server)
    stream = await client.responses.create(model="m", input="x", stream=True)
    assert [e["type"] async for e in stream] == ["response.completed"]
    assert len(server.requests) == 2
    await client.close()


async def _assert_pool_free(client: ak.AsyncOpenAI, server: RawServer) -> None:
    server.default = respond(200, {"ok": True})
    result = await asyncio.wait_for(client.responses.create(model="m", input="x"), 2.0)
    assert result == {"ok": True}


def _endless_stream() -> Any:
    return sse((_sse_event({"type": "d", "i": i}) for i in range(10_000)), delay=0.001)


@pytest.mark.parametrize("http_cls", [httpx.AsyncClient, httpx2.AsyncClient])
async def test_abandoned_and_cancelled_streams_release_connections(
    server: RawServer, http_cls: Any
) -> None:
    mod = httpx if http_cls is httpx.AsyncClient else httpx2
    http = http_cls(limits=mod.Limits(max_connections=2, max_keepalive_connections=2))
    client = ak.AsyncOpenAI(api_key=KEY, base_url=server.url, http_client=http, max_retries=0)

    server.default = _endless_stream()
    for _ in range(15):  # break out and close explicitly
        stream = await client.responses.create(model="m", input="x", stream=True)
        async for _event in stream:
            break
        await stream.aclose()
    for _ in range(15):  # async with
        async with await client.responses.create(model="m", input="x", stream=True) as stream:
            await stream.__anext__()
    for _ in range(10):  # dropped after one event, never closed by the caller
        stream = await client.responses.create(model="m", input="x", stream=True)
        await stream.__anext__()
        del stream
        await asyncio.sleep(0)
    for _ in range(10):  # the consuming task is cancelled mid-read

        async def consume() -> None:
            stream = await client.responses.create(model="m", input="x", stream=True)
            async for _event in stream:
                pass

        task = asyncio.create_task(consume())
        await asyncio.sleep(0.02)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
    server.default = stall(5)
    for _ in range(5):  # cancelled while waiting for the response headers
        task = asyncio.create_task(client.responses.create(model="m", input="x", stream=True))
        await asyncio.sleep(0.02)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
    await asyncio.sleep(0.01)
    await _assert_pool_free(client, server)
    await http.aclose()


@pytest.mark.parametrize("http_cls", [httpx.AsyncClient, httpx2.AsyncClient])
async def test_works_with_httpx_and_httpx2(
    server: RawServer, http_cls: Any, fast_backoff: None, closed_port: int
) -> None:
    client = ak.AsyncOpenAI(api_key=KEY, base_url=server.url, http_client=http_cls())
    server.push(respond(429, ERROR_BODY, {"retry-after-ms": "5"}), respond(404, ERROR_BODY))
    with pytest.raises(ak.NotFoundError):
        await client.responses.create(model="m", input="x")
    server.default = sse([_sse_event({"type": "a"}), "data: [DONE]\n\n"])
    stream = await client.chat.completions.create(model="m", messages=[], stream=True)
    assert [e async for e in stream] == [{"type": "a"}]
    server.default = stall(1)
    with pytest.raises(ak.APITimeoutError):
        await client.responses.create(model="m", input="x", timeout=0.1)
    await client.close()
    refused = ak.AsyncOpenAI(
        api_key=KEY,
        base_url=f"http://127.0.0.1:{closed_port}",
        http_client=http_cls(),
        max_retries=1,
    )
    with pytest.raises(ak.APIConnectionError):
        await refused.get("/x")
    await refused.close()


async def test_shared_http_client_is_used_by_default(server: RawServer) -> None:
    a = ak.AsyncOpenAI(api_key=KEY, base_url=server.url)
    b = ak.AsyncOpenAI(api_key="other", base_url=server.url)
    assert a.http_client is b.http_client is ak.shared_http_client()
    await a.get("/x")
    await b.get("/x")
    assert server.connections == 1
    await core.close_shared_http_client()


# ---------------------------------------------------------------- the key never leaks


async def test_api_key_never_leaks(
    server: RawServer, caplog: pytest.LogCaptureFixture, closed_port: int, fast_backoff: None
) -> None:
    caplog.set_level(logging.DEBUG)
    client = make(server, max_retries=0)
    seen: list[str] = [repr(client), str(client.__dict__), repr(client._core.config)]
    errors: list[BaseException] = []

    server.push(respond(429, ERROR_BODY, {"retry-after-ms": "1"}), respond(200, {"ok": 1}))
    await client.with_options(max_retries=1).responses.create(model="m", input="x")
    server.push(respond(401, {"error": {"message": "Incorrect API key provided: sk-SENT***4a"}}))
    server.push(respond(500, "<html>boom</html>"))
    server.push(stall(1))
    server.push(sse(['data: {"type": "a"}\n\ndata: {'], end=False))
    server.push(sse(["data: nope\n\n"]))
    for call in (
        lambda: client.responses.create(model="m", input="x"),
        lambda: client.responses.create(model="m", input="x"),
        lambda: client.responses.create(model="m", input="x", timeout=0.1),
    ):
        try:
            await call()
        except ak.APIError as exc:
            errors.append(exc)
    for _ in range(2):
        stream = await client.responses.create(model="m", input="x", stream=True)
        try:
            async for _e in stream:
                pass
        except ak.APIError as exc:
            errors.append(exc)
    refused = ak.AsyncOpenAI(
        api_key=KEY, base_url=f"http://127.0.0.1:{closed_port}", http_client=httpx.AsyncClient()
    )
    try:
        await refused.get("/x")
    except ak.APIError as exc:
        errors.append(exc)
    assert [type(e).__name__ for e in errors] == [
        "AuthenticationError",
        "InternalServerError",
        "APITimeoutError",
        "APIConnectionError",
        "APIStreamError",
        "APIConnectionError",
    ]
    for exc in errors:
        chain: BaseException | None = exc
        while chain is not None:
            seen += [str(chain), repr(chain), repr(vars(chain))]
            request = getattr(chain, "request", None)
            if isinstance(request, (httpx.Request, httpx2.Request)):
                seen += [str(request.headers), repr(request.headers.raw), str(request.url)]
            response = getattr(chain, "response", None)
            if response is not None:
                seen += [str(response.request.headers)]
            chain = chain.__cause__ or chain.__context__
    seen += [record.getMessage() for record in caplog.records]
    seen += [repr(record.args) for record in caplog.records]
    assert caplog.records  # logging did happen at DEBUG
    assert server.requests[0].headers["authorization"] == f"Bearer {KEY}"
    for text in seen:
        assert KEY not in text
        assert "9f8e7d6c5b4a" not in text
    await client.close()
    await refused.close()


async def test_request_on_errors_is_redacted_but_useful(server: RawServer) -> None:
    server.default = respond(400, ERROR_BODY)
    client = make(server)
    with pytest.raises(ak.BadRequestError) as info:
        await client.responses.create(model="m", input="x")
    request = info.value.request
    assert request.headers["authorization"] == "<redacted>"
    assert request.url == f"{server.url}/responses"
    assert json.loads(request.content) == {"model": "m", "input": "x"}
    await client.close()


# ---------------------------------------------------------------- foreign clients


class FakeOpenAIClient:
    """Mirrors the attributes of `openai.AsyncOpenAI` that `coerce_client` reads."""

    def __init__(self, base_url: str, http_client: Any) -> None:
        self.api_key = KEY
        self.base_url = httpx.URL(base_url + "/")
        self.organization = "org_f"
        self.project = None
        self.websocket_base_url = None
        self._custom_headers = {"X-Foreign": "yes"}
        self._custom_query = {"fq": "1"}
        self.default_headers = {"User-Agent": "AsyncOpenAI/Python 3", "X-Stainless-Lang": "python"}
        self.max_retries = 0
        self.timeout = httpx.Timeout(7.0, connect=3.0)
        self._client = http_client


async def test_coerce_client_from_openai_shaped_object(server: RawServer) -> None:
    http = httpx2.AsyncClient()
    foreign = FakeOpenAIClient(server.url, http)
    client = ak.coerce_client(foreign)
    assert ak.coerce_client(client) is client
    assert client.http_client is http
    assert client.max_retries == 0
    assert client.timeout == {"connect": 3.0, "read": 7.0, "write": 7.0, "pool": 7.0}
    await client.responses.create(model="m", input="x")
    req = server.requests[0]
    assert req.target == "/v1/responses?fq=1"
    assert req.headers["authorization"] == f"Bearer {KEY}"
    assert req.headers["x-foreign"] == "yes"
    assert req.headers["openai-organization"] == "org_f"
    assert "x-stainless-lang" not in req.headers
    with pytest.raises(TypeError, match="api_key"):
        ak.coerce_client(object())
    await http.aclose()


def test_importing_the_client_does_not_import_httpx() -> None:
    import subprocess
    import sys

    code = "import sys, agentkit.client; print('httpx' in sys.modules, 'httpx2' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_request_helper_unused_fields() -> None:
    # Request objects returned by the raw server parse query strings as expected.
    req = Request("GET", "/v1/a?b=1", {}, b"")
    assert (req.path, req.query) == ("/v1/a", "b=1")


async def test_success_with_invalid_json_body_raises_api_error(server: RawServer) -> None:
    server.default = respond(200, b"{not json", {"content-type": "application/json"})
    client = make(server)
    with pytest.raises(ak.APIError, match="not valid JSON") as info:
        await client.responses.create(model="m", input="x")
    assert info.value.body == "{not json"
    await client.close()


def test_shared_client_is_per_loop_and_closed_at_loop_shutdown() -> None:
    async def use() -> Any:
        server = RawServer()
        await server.start()
        client = ak.AsyncOpenAI(api_key=KEY, base_url=server.url)
        await client.get("/x")
        http = client.http_client
        assert not http.is_closed
        await server.stop()
        return http

    first = asyncio.run(use())
    assert first.is_closed  # pooled sockets were closed, not left to the garbage collector
    second = asyncio.run(use())
    assert second is not first
