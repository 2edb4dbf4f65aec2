"""The test server's endpoints, queueing and recording, seen through plain httpx."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.openai_server import (
    CallbackReply,
    JSONReply,
    OpenAIServer,
    RawReply,
    ServerCheckError,
    SSEReply,
    builders,
    schema_errors,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
RESPONSES_BODY = {"model": "gpt-4.1", "input": "hi"}
CHAT_BODY = {"model": "gpt-4.1", "messages": [{"role": "user", "content": "hi"}]}


def sse_data(text: str) -> list[dict[str, Any]]:
    """Parse a simple LF-framed SSE body into its JSON data payloads (skipping [DONE])."""
    out = []
    for block in text.split("\n\n"):
        for line in block.split("\n"):
            if line.startswith("data: ") and line != "data: [DONE]":
                out.append(json.loads(line[len("data: ") :]))
    return out


def test_responses_json_answer_and_recording(openai_server: OpenAIServer) -> None:
    openai_server.queue(builders.response_text("Hello there"))
    with httpx.Client(base_url=openai_server.base_url) as client:
        response = client.post(
            "/responses",
            json=RESPONSES_BODY,
            headers={"Authorization": "Bearer sk-test"},
            params={"include[]": "reasoning.encrypted_content"},
        )
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.headers["x-request-id"].startswith("req_")
    body = response.json()
    assert body["output"][0]["content"][0]["text"] == "Hello there"
    assert schema_errors("Response", body) == []

    request = openai_server.last_request
    assert request.method == "POST"
    assert request.path == "/v1/responses"
    assert request.query == {"include[]": ["reasoning.encrypted_content"]}
    assert request.raw_query == "include%5B%5D=reasoning.encrypted_content"
    assert request.headers["authorization"] == "Bearer sk-test"
    assert request.headers["Authorization"] == "Bearer sk-test"
    assert json.loads(request.body) == RESPONSES_BODY
    assert request.json == RESPONSES_BODY
    assert request.validation_error is None


def test_responses_stream_has_live_event_order(openai_server: OpenAIServer) -> None:
    openai_server.queue(builders.stream_response_text("Hi there friend", deltas=3))
    with httpx.Client(base_url=openai_server.base_url) as client:
        response = client.post("/responses", json={**RESPONSES_BODY, "stream": True})
    assert response.headers["content-type"].startswith("text/event-stream")
    assert response.headers["transfer-encoding"] == "chunked"
    blocks = [b for b in response.text.split("\n\n") if b]
    for block in blocks:
        event_line, data_line = block.split("\n")
        assert event_line == f"event: {json.loads(data_line[6:])['type']}"
    events = sse_data(response.text)
    assert [e["type"] for e in events] == [
        "response.created",
        "response.in_progress",
        "response.output_item.added",
        "response.content_part.added",
        "response.output_text.delta",
        "response.output_text.delta",
        "response.output_text.delta",
        "response.output_text.done",
        "response.content_part.done",
        "response.output_item.done",
        "response.completed",
    ]
    assert [e["sequence_number"] for e in events] == list(range(len(events)))
    deltas = "".join(str(e["delta"]) for e in events if e["type"] == "response.output_text.delta")
    assert deltas == "Hi there friend"
    final = events[-1]["response"]
    assert isinstance(final, dict) and final["usage"]["total_tokens"] > 0
    for event in events:
        assert schema_errors("ResponseStreamEvent", event) == []


def test_chat_json_and_stream(openai_server: OpenAIServer) -> None:
    openai_server.queue(builders.chat_text("Hello"))
    openai_server.queue(builders.stream_chat_text("Hello world", deltas=["Hel", "lo", " world"]))
    with httpx.Client(base_url=openai_server.base_url) as client:
        plain = client.post("/chat/completions", json=CHAT_BODY)
        streamed = client.post(
            "/chat/completions",
            json={**CHAT_BODY, "stream": True, "stream_options": {"include_usage": True}},
        )
    assert plain.json()["choices"][0]["message"]["content"] == "Hello"
    assert schema_errors("CreateChatCompletionResponse", plain.json()) == []
    assert "event:" not in streamed.text
    assert streamed.text.endswith("data: [DONE]\n\n")
    chunks = sse_data(streamed.text)
    assert chunks[0]["choices"][0]["delta"] == {"role": "assistant", "content": "", "refusal": None}
    text = "".join(c["choices"][0]["delta"].get("content") or "" for c in chunks if c["choices"])
    assert text == "Hello world"
    assert chunks[-1]["choices"] == []
    assert chunks[-1]["usage"]["total_tokens"] == 15
    for chunk in chunks:
        assert schema_errors("CreateChatCompletionStreamResponse", chunk) == []


def test_chat_stream_tool_calls_follow_the_fragment_rules(openai_server: OpenAIServer) -> None:
    calls = [
        builders.chat_tool_call("get_weather", {"city": "Paris"}, id="call_a"),
        builders.chat_tool_call("get_time", "{}", id="call_b"),
    ]
    openai_server.queue(builders.stream_chat_tool_calls(*calls))
    with httpx.Client(base_url=openai_server.base_url) as client:
        text = client.post("/chat/completions", json={**CHAT_BODY, "stream": True}).text
    chunks = sse_data(text)
    first = chunks[0]["choices"][0]["delta"]
    assert first["role"] == "assistant" and first["content"] is None
    assert first["tool_calls"][0]["id"] == "call_a"
    arguments: dict[int, str] = {}
    for chunk in chunks:
        for choice in chunk["choices"]:
            for call in choice["delta"].get("tool_calls", []):
                arguments[call["index"]] = (
                    arguments.get(call["index"], "") + call["function"]["arguments"]
                )
    assert arguments == {0: '{"city":"Paris"}', 1: "{}"}
    assert chunks[-2]["choices"][0]["finish_reason"] == "tool_calls"


def test_global_queue_order_and_path_specific_replies(openai_server: OpenAIServer) -> None:
    openai_server.queue(builders.chat_text("chat first"), path="/chat/completions")
    openai_server.queue(builders.response_text("one"), builders.response_text("two"))
    with httpx.Client(base_url=openai_server.base_url) as client:
        first = client.post("/responses", json=RESPONSES_BODY).json()
        chat = client.post("/chat/completions", json=CHAT_BODY).json()
        second = client.post("/responses", json=RESPONSES_BODY).json()
    assert first["output"][0]["content"][0]["text"] == "one"
    assert chat["choices"][0]["message"]["content"] == "chat first"
    assert second["output"][0]["content"][0]["text"] == "two"
    assert [r.path for r in openai_server.requests_to("/responses")] == ["/v1/responses"] * 2


def test_reply_times_and_forever(openai_server: OpenAIServer) -> None:
    openai_server.queue(JSONReply(body={"n": 1}, times=2), path="/responses")
    openai_server.queue(JSONReply(body={"n": "always"}, times=None), path="/responses")
    with httpx.Client(base_url=openai_server.base_url) as client:
        got = [client.post("/responses", json=RESPONSES_BODY).json()["n"] for _ in range(4)]
    assert got == [1, 1, "always", "always"]
    assert openai_server.pending() == []


def test_status_and_headers_are_sent(openai_server: OpenAIServer) -> None:
    openai_server.queue(
        JSONReply(status=201, headers={"x-request-id": "req_mine", "x-extra": "1"}, body={})
    )
    with httpx.Client(base_url=openai_server.base_url) as client:
        response = client.post("/responses", json=RESPONSES_BODY)
    assert response.status_code == 201
    assert response.headers["x-request-id"] == "req_mine"
    assert response.headers.get_list("x-request-id") == ["req_mine"]
    assert response.headers["x-extra"] == "1"


async def test_async_client_streaming(openai_server: OpenAIServer) -> None:
    openai_server.queue(builders.stream_response_function_call("lookup", {"q": "x"}, deltas=5))
    async with (
        httpx.AsyncClient(base_url=openai_server.base_url) as client,
        client.stream("POST", "/responses", json={**RESPONSES_BODY, "stream": True}) as response,
    ):
        pieces = [piece async for piece in response.aiter_bytes()]
    assert len(pieces) >= 1
    events = sse_data(b"".join(pieces).decode())
    args = "".join(
        str(e["delta"]) for e in events if e["type"] == "response.function_call_arguments.delta"
    )
    assert args == '{"q":"x"}'
    done = [e for e in events if e["type"] == "response.function_call_arguments.done"]
    assert done[0]["arguments"] == '{"q":"x"}' and done[0]["name"] == "lookup"


def test_keep_alive_connection_is_reused(openai_server: OpenAIServer) -> None:
    openai_server.queue(*(builders.response_text(str(i)) for i in range(3)))
    with httpx.Client(base_url=openai_server.base_url) as client:
        ports = set()
        for _ in range(3):
            with client.stream("POST", "/responses", json=RESPONSES_BODY) as response:
                response.read()
                stream = response.extensions["network_stream"]
                ports.add(stream.get_extra_info("socket").getsockname()[1])
    assert len(ports) == 1


def test_nothing_queued_fails_the_check() -> None:
    with OpenAIServer() as server, httpx.Client(base_url=server.base_url) as client:
        response = client.post("/responses", json=RESPONSES_BODY)
        assert response.status_code == 500
        assert response.headers["x-should-retry"] == "false"
        assert response.json()["error"]["code"] == "nothing_queued"
    with pytest.raises(ServerCheckError, match="nothing queued for POST /v1/responses"):
        server.check()


def test_unconsumed_reply_fails_the_check() -> None:
    with OpenAIServer() as server:
        server.queue(builders.response_text("never asked"))
    with pytest.raises(ServerCheckError, match="never served"):
        server.check()
    server.check(allow_pending=True)


def test_unknown_fields_everywhere() -> None:
    with OpenAIServer(unknown_fields=True) as server, httpx.Client(base_url=server.base_url) as c:
        server.queue(builders.response_text("x"), builders.stream_chat_text("y"))
        body = c.post("/responses", json=RESPONSES_BODY).json()
        text = c.post("/chat/completions", json={**CHAT_BODY, "stream": True}).text
        server.check()
    assert "x_unknown_field" in body
    assert "x_unknown_field" in body["output"][0]
    assert "x_unknown_field" in body["output"][0]["content"][0]
    assert "x_unknown_field" in body["usage"]["input_tokens_details"]
    chunks = sse_data(text)
    assert all("x_unknown_field" in c for c in chunks)
    assert "x_unknown_field" in chunks[0]["choices"][0]["delta"]
    assert text.endswith("data: [DONE]\n\n")


# --------------------------------------------------------------------------- conversations


def test_conversations_are_stateful(openai_server: OpenAIServer) -> None:
    with httpx.Client(base_url=openai_server.base_url) as client:
        created = client.post(
            "/conversations",
            json={"items": [{"role": "user", "content": "first"}], "metadata": {"k": "v"}},
        ).json()
        assert schema_errors("ConversationResource", created) == []
        conv = created["id"]
        assert conv.startswith("conv_") and created["metadata"] == {"k": "v"}
        added = client.post(
            f"/conversations/{conv}/items",
            json={
                "items": [
                    {"role": "assistant", "content": "second"},
                    {"type": "function_call_output", "call_id": "call_1", "output": "third"},
                ]
            },
        ).json()
        assert schema_errors("ConversationItemList", added) == []
        assert len(added["data"]) == 2

        listed = client.get(f"/conversations/{conv}/items", params={"order": "asc"}).json()
        assert schema_errors("ConversationItemList", listed) == []
        assert [i["type"] for i in listed["data"]] == [
            "message",
            "message",
            "function_call_output",
        ]
        assert listed["data"][0]["content"] == [{"type": "input_text", "text": "first"}]
        assert listed["data"][1]["content"][0]["type"] == "output_text"
        assert listed["has_more"] is False

        desc = client.get(f"/conversations/{conv}/items", params={"limit": 2}).json()
        assert [i["id"] for i in desc["data"]] == [i["id"] for i in listed["data"][::-1][:2]]
        assert desc["has_more"] is True
        assert desc["first_id"] == desc["data"][0]["id"]
        assert desc["last_id"] == desc["data"][-1]["id"]
        rest = client.get(
            f"/conversations/{conv}/items", params={"limit": 2, "after": desc["last_id"]}
        ).json()
        assert [i["id"] for i in rest["data"]] == [listed["data"][0]["id"]]
        assert rest["has_more"] is False

        first_id = listed["data"][0]["id"]
        assert client.get(f"/conversations/{conv}/items/{first_id}").json()["id"] == first_id
        deleted_item = client.delete(f"/conversations/{conv}/items/{first_id}")
        assert deleted_item.json()["id"] == conv
        assert len(openai_server.conversations.items(conv)) == 2
        assert client.get(f"/conversations/{conv}").json()["id"] == conv

        deleted = client.delete(f"/conversations/{conv}").json()
        assert deleted == {"id": conv, "object": "conversation.deleted", "deleted": True}
        assert schema_errors("DeletedConversationResource", deleted) == []
        missing = client.get(f"/conversations/{conv}")
    assert missing.status_code == 404
    assert missing.json()["error"]["message"]


def test_conversations_can_be_scripted(openai_server: OpenAIServer) -> None:
    openai_server.queue(
        JSONReply(
            status=404,
            body={"error": {"message": "gone", "type": "x", "param": None, "code": None}},
        ),
        path="/conversations/*",
        method="GET",
    )
    with httpx.Client(base_url=openai_server.base_url) as client:
        assert client.get("/conversations/conv_1").status_code == 404
        assert client.post("/conversations", json={}).status_code == 200


# --------------------------------------------------------------------------- audio and traces


def test_transcription_multipart_is_recorded_and_validated(openai_server: OpenAIServer) -> None:
    openai_server.queue_json({"text": "hello"}, path="/audio/transcriptions")
    with httpx.Client(base_url=openai_server.base_url) as client:
        response = client.post(
            "/audio/transcriptions",
            data={
                "model": "gpt-4o-transcribe",
                "temperature": "0.2",
                "include[]": ["logprobs"],
                "chunking_strategy[type]": "server_vad",
            },
            files={"file": ("a.wav", b"RIFF....WAVE", "audio/wav")},
        )
    assert response.json() == {"text": "hello"}
    request = openai_server.last_request
    assert request.headers["content-type"].startswith("multipart/form-data; boundary=")
    assert request.form["model"] == ["gpt-4o-transcribe"]
    assert request.form["include[]"] == ["logprobs"]
    assert request.files["file"].filename == "a.wav"
    assert request.files["file"].content_type == "audio/wav"
    assert request.files["file"].content == b"RIFF....WAVE"
    assert request.validation_error is None


def test_transcription_with_bad_field_is_caught() -> None:
    with OpenAIServer() as server, httpx.Client(base_url=server.base_url) as client:
        server.queue_json({"text": ""}, path="/audio/transcriptions")
        client.post(
            "/audio/transcriptions",
            data={"model": "whisper-1", "temperature": "warm", "bogus": "1"},
            files={"file": ("a.wav", b"x", "audio/wav")},
        )
    error = server.last_request.validation_error
    assert error is not None and "temperature" in error and "bogus" in error


def test_speech_streams_audio_bytes(openai_server: OpenAIServer) -> None:
    audio = bytes(range(256)) * 1000
    openai_server.queue(
        RawReply(body=audio, content_type="audio/pcm", chunked=True, chunk_size=4096),
        path="/audio/speech",
    )
    with (
        httpx.Client(base_url=openai_server.base_url) as client,
        client.stream(
            "POST",
            "/audio/speech",
            json={
                "model": "gpt-4o-mini-tts",
                "input": "hi",
                "voice": "alloy",
                "response_format": "pcm",
            },
            headers={"Accept": "application/octet-stream"},
        ) as response,
    ):
        assert response.headers["transfer-encoding"] == "chunked"
        received = b"".join(response.iter_bytes())
    assert received == audio
    assert openai_server.last_request.headers["accept"] == "application/octet-stream"


def test_speech_sse(openai_server: OpenAIServer) -> None:
    events: list[dict[str, Any]] = [
        {"type": "speech.audio.delta", "audio": "AAAA"},
        {
            "type": "speech.audio.done",
            "usage": {"input_tokens": 1, "output_tokens": 2, "total_tokens": 3},
        },
    ]
    openai_server.queue(SSEReply(events=events), path="/audio/speech")
    with httpx.Client(base_url=openai_server.base_url) as client:
        text = client.post(
            "/audio/speech",
            json={
                "model": "gpt-4o-mini-tts",
                "input": "hi",
                "voice": "alloy",
                "stream_format": "sse",
            },
        ).text
    assert sse_data(text) == events
    assert "event:" not in text and "[DONE]" not in text


def test_traces_ingest_default_and_loose_check(openai_server: OpenAIServer) -> None:
    capture = json.loads((FIXTURES / "traces_ingest.request.json").read_text())
    with httpx.Client(base_url=openai_server.base_url) as client:
        response = client.post("/traces/ingest", json=capture["body"], headers=capture["headers"])
    assert response.status_code == 200
    request = openai_server.last_request
    assert request.validation_error is None
    assert request.headers["openai-beta"] == "traces=v1"
    assert [item["object"] for item in request.json["data"]][:1] == ["trace"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"items": []}, '{"data": [...]}'),
        ({"data": [{"object": "span", "id": "x"}]}, "not 'trace' or 'trace.span'"),
        ({"data": [{"object": "trace.span", "id": "x"}]}, "span_data"),
    ],
)
def test_traces_ingest_rejects_wrong_shapes(body: object, message: str) -> None:
    with OpenAIServer() as server, httpx.Client(base_url=server.base_url) as client:
        client.post("/traces/ingest", json=body)
    error = server.last_request.validation_error
    assert error is not None and message in error


def test_responses_turns_are_appended_to_their_conversation(openai_server: OpenAIServer) -> None:
    conversation = openai_server.conversations.create(items=[{"role": "user", "content": "old"}])
    openai_server.queue(builders.response_text("json answer"))
    openai_server.queue(builders.stream_response_text("streamed answer"))
    with httpx.Client(base_url=openai_server.base_url) as client:
        client.post(
            "/responses",
            json={**RESPONSES_BODY, "input": "first", "conversation": conversation["id"]},
        )
        client.post(
            "/responses",
            json={
                **RESPONSES_BODY,
                "input": [{"role": "user", "content": "second"}],
                "conversation": {"id": conversation["id"]},
                "stream": True,
            },
        )
        listed = client.get(
            f"/conversations/{conversation['id']}/items", params={"order": "asc"}
        ).json()
    texts = [item["content"][0]["text"] for item in listed["data"]]
    assert texts == ["old", "first", "json answer", "second", "streamed answer"]


def test_wait_for_requests_from_a_background_sender(openai_server: OpenAIServer) -> None:
    def send() -> None:
        time.sleep(0.1)
        with httpx.Client(base_url=openai_server.base_url) as client:
            for _ in range(2):
                client.post("/traces/ingest", json={"data": []})

    sender = threading.Thread(target=send)
    sender.start()
    got = openai_server.wait_for_requests("/traces/ingest", count=2, timeout=5)
    sender.join()
    assert [r.json for r in got] == [{"data": []}] * 2
    with pytest.raises(AssertionError, match="expected 3 request"):
        openai_server.wait_for_requests("/traces/ingest", count=3, timeout=0.1)


def test_auto_replies_follow_the_stream_flag(openai_server: OpenAIServer) -> None:
    openai_server.queue(builders.response_auto("same answer", times=2), path="/responses")
    openai_server.queue(builders.chat_auto("chat answer", times=3), path="/chat/completions")
    with httpx.Client(base_url=openai_server.base_url) as client:
        plain = client.post("/responses", json={**RESPONSES_BODY, "model": "gpt-x"}).json()
        streamed = client.post("/responses", json={**RESPONSES_BODY, "stream": True}).text
        chat_plain = client.post("/chat/completions", json=CHAT_BODY).json()
        chat_no_usage = client.post("/chat/completions", json={**CHAT_BODY, "stream": True}).text
        chat_usage = client.post(
            "/chat/completions",
            json={**CHAT_BODY, "stream": True, "stream_options": {"include_usage": True}},
        ).text
    assert plain["model"] == "gpt-x"
    assert plain["output"][0]["content"][0]["text"] == "same answer"
    assert sse_data(streamed)[-1]["type"] == "response.completed"
    assert chat_plain["choices"][0]["message"]["content"] == "chat answer"
    no_usage = sse_data(chat_no_usage)
    assert all(c["choices"] for c in no_usage) and "usage" not in no_usage[0]
    assert sse_data(chat_usage)[-1]["choices"] == []


def test_callback_reply_sees_the_request(openai_server: OpenAIServer) -> None:
    openai_server.queue(
        CallbackReply(handler=lambda request: {"echo": request.json["input"]}, times=None)
    )
    with httpx.Client(base_url=openai_server.base_url) as client:
        assert client.post("/responses", json=RESPONSES_BODY).json() == {"echo": "hi"}
