"""stop() ends every connection task of the test server: none is left pending on its loop."""

from __future__ import annotations

import asyncio
import gc
import logging
import socket

import pytest

from tests.openai_server import HangReply, OpenAIServer
from tests.openai_server import builders as b

_BODY = b'{"model": "gpt-4.1", "messages": [{"role": "user", "content": "hi"}]}'
_REQUEST = (
    b"POST /v1/chat/completions HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
    b"Content-Length: %d\r\n\r\n%s" % (len(_BODY), _BODY)
)


def _read_head(sock: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
    return data


def _stop_and_collect(server: OpenAIServer) -> set[asyncio.Task[object]]:
    loop = server._loop
    assert loop is not None
    server.stop()
    left = asyncio.all_tasks(loop)
    gc.collect()
    return left


def test_stop_right_after_client_closes(caplog: pytest.LogCaptureFixture) -> None:
    # The client hangs up just before stop(): the handler is then closing its socket. That
    # window was missed and the task destroyed pending; repeat so the race is always hit.
    caplog.set_level(logging.ERROR, logger="asyncio")
    for _ in range(20):
        server = OpenAIServer().start()
        server.queue(b.chat_text("hi", times=None))
        with socket.create_connection(("127.0.0.1", server.port)) as sock:
            sock.sendall(_REQUEST)
            assert _read_head(sock).startswith(b"HTTP/1.1 200")
        assert _stop_and_collect(server) == set()
    assert [r.getMessage() for r in caplog.records if r.name == "asyncio"] == []


def test_stop_with_open_and_hanging_connections(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.ERROR, logger="asyncio")
    server = OpenAIServer().start()
    server.queue(HangReply())
    idle = socket.create_connection(("127.0.0.1", server.port))
    hanging = socket.create_connection(("127.0.0.1", server.port))
    try:
        hanging.sendall(_REQUEST)
        assert _read_head(hanging).startswith(b"HTTP/1.1 200")
        assert _stop_and_collect(server) == set()
        # The server closed both connections.
        assert idle.recv(1) == b""
        assert hanging.recv(65536) == b""
    finally:
        idle.close()
        hanging.close()
    assert [r.getMessage() for r in caplog.records if r.name == "asyncio"] == []
