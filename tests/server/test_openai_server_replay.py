"""Byte-exact SSE replay, concurrency and clean shutdown of the test server."""

from __future__ import annotations

import asyncio
import socket
import threading
from pathlib import Path

import httpx
import pytest

from tests.openai_server import OpenAIServer, SSEReply, builders

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SSE_FIXTURES = sorted(p.name for p in FIXTURES.glob("*.sse"))
BODY = {"model": "gpt-4.1", "input": "hi", "stream": True}
CHAT_BODY = {"model": "gpt-4.1", "messages": [{"role": "user", "content": "hi"}], "stream": True}


def _request_for(name: str) -> tuple[str, dict[str, object]]:
    return ("/chat/completions", CHAT_BODY) if name.startswith("chat") else ("/responses", BODY)


def test_all_sse_fixtures_are_present() -> None:
    assert len(SSE_FIXTURES) == 5


@pytest.mark.parametrize("name", SSE_FIXTURES)
@pytest.mark.parametrize("chunk_size", [None, 37, 1])
def test_sse_fixture_replay_is_byte_exact(
    openai_server: OpenAIServer, name: str, chunk_size: int | None
) -> None:
    raw = (FIXTURES / name).read_bytes()
    path, body = _request_for(name)
    openai_server.queue(SSEReply(events=raw, chunk_size=chunk_size))
    with (
        httpx.Client(base_url=openai_server.base_url) as client,
        client.stream("POST", path, json=body) as response,
    ):
        assert response.headers["content-type"] == "text/event-stream; charset=utf-8"
        pieces = list(response.iter_raw())
    assert b"".join(pieces) == raw
    if chunk_size == 37:
        assert len(pieces) > 1


async def test_sse_fixture_replay_async(openai_server: OpenAIServer) -> None:
    raw = (FIXTURES / "chat_stream_tool_call.sse").read_bytes()
    openai_server.queue(SSEReply(events=raw))
    async with httpx.AsyncClient(base_url=openai_server.base_url) as client:
        response = await client.post("/chat/completions", json=CHAT_BODY)
    assert response.content == raw


async def test_one_hundred_concurrent_requests(openai_server: OpenAIServer) -> None:
    for i in range(50):
        openai_server.queue(builders.response_text(f"answer {i}"), path="/responses")
        openai_server.queue(
            builders.stream_chat_text(f"chunk {i}", event_delay=0.001), path="/chat/completions"
        )
    limits = httpx.Limits(max_connections=100, max_keepalive_connections=100)
    async with httpx.AsyncClient(base_url=openai_server.base_url, limits=limits) as client:

        async def responses_call() -> str:
            reply = await client.post("/responses", json={**BODY, "stream": False})
            return str(reply.json()["output"][0]["content"][0]["text"])

        async def chat_call() -> str:
            reply = await client.post("/chat/completions", json=CHAT_BODY)
            assert reply.text.endswith("data: [DONE]\n\n")
            return reply.text

        results = await asyncio.gather(
            *(responses_call() for _ in range(50)), *(chat_call() for _ in range(50))
        )
    assert sorted(results[:50]) == sorted(f"answer {i}" for i in range(50))
    assert len(set(results[50:])) == 50
    assert len(openai_server.requests) == 100
    assert openai_server.pending() == []


def test_concurrent_sync_clients_from_threads(openai_server: OpenAIServer) -> None:
    openai_server.queue(builders.chat_text("same", times=40))
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            with httpx.Client(base_url=openai_server.base_url) as client:
                for _ in range(4):
                    got = client.post("/chat/completions", json={**CHAT_BODY, "stream": False})
                    assert got.json()["choices"][0]["message"]["content"] == "same"
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(openai_server.requests) == 40


def _server_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("openai-test-server-")]


def test_clean_shutdown_leaves_no_thread_or_socket() -> None:
    before = _server_threads()
    ports = []
    for _ in range(10):
        with OpenAIServer() as server:
            server.queue(builders.response_text("x"))
            client = httpx.Client(base_url=server.base_url)
            client.post("/responses", json={**BODY, "stream": False})
            ports.append(server.port)
            # The keep-alive connection is still open when the server stops.
        client.close()
    assert _server_threads() == before
    for port in ports[-3:]:
        with pytest.raises(ConnectionRefusedError):
            socket.create_connection(("127.0.0.1", port), timeout=1).close()


def test_stop_is_idempotent_and_start_twice_is_refused() -> None:
    server = OpenAIServer().start()
    with pytest.raises(RuntimeError, match="already started"):
        server.start()
    server.stop()
    server.stop()
    assert _server_threads() == []


async def test_usable_from_an_async_context_manager() -> None:
    async with OpenAIServer() as server:
        server.queue(builders.response_text("hi"))
        async with httpx.AsyncClient(base_url=server.base_url) as client:
            reply = await client.post("/responses", json={**BODY, "stream": False})
        assert reply.status_code == 200
    server.check()
