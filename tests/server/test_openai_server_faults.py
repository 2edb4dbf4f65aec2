"""Every fault the test server can inject, observed at the HTTP level."""

from __future__ import annotations

import json
import socket
import time

import httpx
import pytest

from tests.openai_server import (
    DropReply,
    HangReply,
    OpenAIServer,
    ResetReply,
    SSEReply,
    builders,
    encode_sse_event,
    error_reply,
    html_error,
    schema_errors,
)

BODY = {"model": "gpt-4.1", "input": "hi"}
STREAM_BODY = {**BODY, "stream": True}
CHAT_BODY = {"model": "gpt-4.1", "messages": [{"role": "user", "content": "hi"}], "stream": True}


def test_rate_limit_with_retry_headers(openai_server: OpenAIServer) -> None:
    openai_server.queue(error_reply(429, retry_after=2, retry_after_ms=1500.5))
    with httpx.Client(base_url=openai_server.base_url) as client:
        response = client.post("/responses", json=BODY)
    assert response.status_code == 429
    assert response.headers["retry-after"] == "2"
    assert response.headers["retry-after-ms"] == "1500.5"
    body = response.json()
    assert schema_errors("ErrorResponse", body) == []
    assert body["error"]["code"] == "rate_limit_exceeded"


def test_server_error_once_then_success(openai_server: OpenAIServer) -> None:
    openai_server.queue(error_reply(503), builders.response_text("ok"))
    with httpx.Client(base_url=openai_server.base_url) as client:
        statuses = [client.post("/responses", json=BODY).status_code for _ in range(2)]
    assert statuses == [503, 200]


def test_server_error_forever(openai_server: OpenAIServer) -> None:
    openai_server.queue(error_reply(500, times=None))
    with httpx.Client(base_url=openai_server.base_url) as client:
        statuses = [client.post("/responses", json=BODY).status_code for _ in range(4)]
    assert statuses == [500] * 4
    assert openai_server.pending() == []


@pytest.mark.parametrize("flag", [True, False])
def test_should_retry_header(openai_server: OpenAIServer, flag: bool) -> None:
    openai_server.queue(error_reply(400, should_retry=flag, code="invalid_value", param="input"))
    with httpx.Client(base_url=openai_server.base_url) as client:
        response = client.post("/responses", json=BODY)
    assert response.headers["x-should-retry"] == ("true" if flag else "false")
    assert response.json()["error"]["param"] == "input"


def test_html_error_page(openai_server: OpenAIServer) -> None:
    openai_server.queue(html_error(502))
    with httpx.Client(base_url=openai_server.base_url) as client:
        response = client.post("/responses", json=BODY)
    assert response.status_code == 502
    assert response.headers["content-type"] == "text/html"
    assert response.text.startswith("<html>")
    with pytest.raises(json.JSONDecodeError):
        response.json()


def test_slow_first_byte(openai_server: OpenAIServer) -> None:
    openai_server.queue(builders.response_text("late", first_byte_delay=0.3))
    openai_server.queue(builders.response_text("too late", first_byte_delay=0.5))
    with httpx.Client(base_url=openai_server.base_url) as client:
        start = time.monotonic()
        assert client.post("/responses", json=BODY).status_code == 200
        assert time.monotonic() - start >= 0.3
        with pytest.raises(httpx.ReadTimeout):
            client.post("/responses", json=BODY, timeout=0.1)


def test_stream_cut_in_the_middle_of_an_event(openai_server: OpenAIServer) -> None:
    events = builders.response_stream_events([builders.message_item("one two three")])
    openai_server.queue(SSEReply(events=events, cut_in_event=4))
    received = bytearray()
    with (
        httpx.Client(base_url=openai_server.base_url) as client,
        client.stream("POST", "/responses", json=STREAM_BODY) as response,
    ):
        assert response.status_code == 200
        with pytest.raises(httpx.RemoteProtocolError):
            for piece in response.iter_bytes():
                received += piece
    whole = b"".join(encode_sse_event(e, event_line=True) for e in events[:4])
    assert bytes(received).startswith(whole)
    partial = bytes(received)[len(whole) :]
    assert partial and not partial.endswith(b"\n\n")
    assert encode_sse_event(events[4], event_line=True).startswith(partial)


def test_stream_reset_in_the_middle_of_an_event(openai_server: OpenAIServer) -> None:
    events = builders.chat_stream_chunks("a b c d")
    openai_server.queue(SSEReply(events=events, cut_in_event=2, reset=True))
    with (
        httpx.Client(base_url=openai_server.base_url) as client,
        client.stream("POST", "/chat/completions", json=CHAT_BODY) as response,
        pytest.raises((httpx.ReadError, httpx.RemoteProtocolError)),
    ):
        for _ in response.iter_bytes():
            pass


def test_malformed_sse_lines_are_sent_verbatim(openai_server: OpenAIServer) -> None:
    junk = [b"data: {not json\n\n", b"no colon at all\n\n", b": comment\r\n\r\n", b"data:\n\n"]
    openai_server.queue(SSEReply(events=junk, done=False), path="/chat/completions")
    with httpx.Client(base_url=openai_server.base_url) as client:
        response = client.post("/chat/completions", json=CHAT_BODY)
    assert response.content == b"".join(junk)


def test_connection_reset_before_any_byte(openai_server: OpenAIServer) -> None:
    openai_server.queue(ResetReply())
    with (
        httpx.Client(base_url=openai_server.base_url) as client,
        pytest.raises((httpx.ReadError, httpx.RemoteProtocolError)),
    ):
        client.post("/responses", json=BODY)


def test_reset_is_a_real_rst(openai_server: OpenAIServer) -> None:
    openai_server.queue(ResetReply())
    request = b"POST /v1/responses HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
    body = json.dumps(BODY).encode()
    with socket.create_connection(("127.0.0.1", openai_server.port), timeout=5) as sock:
        sock.sendall(request + f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
        with pytest.raises(ConnectionResetError):
            while sock.recv(1024):
                pass


def test_reset_after_headers(openai_server: OpenAIServer) -> None:
    openai_server.queue(ResetReply(after_headers=True))
    with (
        httpx.Client(base_url=openai_server.base_url) as client,
        client.stream("POST", "/responses", json=STREAM_BODY) as response,
    ):
        assert response.status_code == 200
        with pytest.raises((httpx.ReadError, httpx.RemoteProtocolError)):
            response.read()


def test_drop_without_response(openai_server: OpenAIServer) -> None:
    openai_server.queue(DropReply())
    with (
        httpx.Client(base_url=openai_server.base_url) as client,
        pytest.raises(httpx.RemoteProtocolError),
    ):
        client.post("/responses", json=BODY)


def test_stream_without_terminal_event(openai_server: OpenAIServer) -> None:
    openai_server.queue(builders.stream_response_text("partial", terminal="none"))
    openai_server.queue(SSEReply(events=builders.chat_stream_chunks("x"), done=False))
    with httpx.Client(base_url=openai_server.base_url) as client:
        responses_text = client.post("/responses", json=STREAM_BODY).text
        chat_text = client.post("/chat/completions", json=CHAT_BODY).text
    assert "response.output_item.done" in responses_text
    assert "response.completed" not in responses_text
    assert "[DONE]" not in chat_text and chat_text.endswith("\n\n")


def test_enormous_single_event(openai_server: OpenAIServer) -> None:
    big = "x" * 5_000_000
    openai_server.queue(builders.stream_response_text(big, deltas=1))
    with httpx.Client(base_url=openai_server.base_url) as client:
        text = client.post("/responses", json=STREAM_BODY).text
    deltas = [
        block
        for block in text.split("\n\n")
        if block.startswith("event: response.output_text.delta")
    ]
    assert len(deltas) == 1
    assert json.loads(deltas[0].split("\n", 1)[1][len("data: ") :])["delta"] == big


def test_hang_after_headers(openai_server: OpenAIServer) -> None:
    openai_server.queue(HangReply())
    with (
        httpx.Client(base_url=openai_server.base_url, timeout=0.3) as client,
        client.stream("POST", "/responses", json=STREAM_BODY) as response,
    ):
        assert response.status_code == 200
        assert response.headers["content-type"] == "text/event-stream"
        with pytest.raises(httpx.ReadTimeout):
            response.read()


def test_stream_stalls_after_some_events(openai_server: OpenAIServer) -> None:
    events = builders.response_stream_events([builders.message_item("a b c")])
    openai_server.queue(SSEReply(events=events, hang_after=3))
    received = bytearray()
    with (
        httpx.Client(base_url=openai_server.base_url, timeout=0.3) as client,
        client.stream("POST", "/responses", json=STREAM_BODY) as response,
        pytest.raises(httpx.ReadTimeout),
    ):
        for piece in response.iter_bytes():
            received += piece
    assert bytes(received) == b"".join(encode_sse_event(e, event_line=True) for e in events[:3])


def test_stop_does_not_wait_for_hanging_connections() -> None:
    server = OpenAIServer().start()
    server.queue(HangReply())
    client = httpx.Client(base_url=server.base_url, timeout=5)
    with client.stream("POST", "/responses", json=STREAM_BODY) as response:
        assert response.status_code == 200
        start = time.monotonic()
        server.stop()
        assert time.monotonic() - start < 2
        with pytest.raises(httpx.RemoteProtocolError):
            response.read()
    client.close()


def test_event_delay_and_chunk_size(openai_server: OpenAIServer) -> None:
    events = builders.chat_stream_chunks("a b")
    openai_server.queue(SSEReply(events=events, event_delay=0.05, chunk_size=7))
    with (
        httpx.Client(base_url=openai_server.base_url) as client,
        client.stream("POST", "/chat/completions", json=CHAT_BODY) as response,
    ):
        start = time.monotonic()
        body = response.read()
    assert time.monotonic() - start >= 0.05 * (len(events) - 1)
    assert body.endswith(b"data: [DONE]\n\n")


def test_client_leaving_mid_stream_is_not_a_server_failure(openai_server: OpenAIServer) -> None:
    events = builders.response_stream_events([builders.message_item("a b c d e f g h")])
    openai_server.queue(SSEReply(events=events, event_delay=0.02))
    openai_server.queue(builders.response_text("still serving"))
    with httpx.Client(base_url=openai_server.base_url) as client:
        with client.stream("POST", "/responses", json=STREAM_BODY) as response:
            lines = response.iter_lines()
            assert next(lines).startswith("event: response.created")
        # Closing the stream early drops that connection; the server must keep serving.
        after = client.post("/responses", json=BODY).json()
    assert after["output"][0]["content"][0]["text"] == "still serving"
    time.sleep(0.1)
    assert openai_server.failures == []
