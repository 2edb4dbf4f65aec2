"""A scriptable raw-socket HTTP/1.1 server on 127.0.0.1 for the HTTP client tests.

Each request pops the next action from the script (or uses the default); actions write raw bytes,
so tests can send any status, cut a stream mid-event, stall, or reset the connection.
"""

from __future__ import annotations

import asyncio
import json
import socket
import struct
from collections import deque
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Request:
    method: str
    target: str
    headers: dict[str, str]
    body: bytes

    @property
    def path(self) -> str:
        return self.target.split("?", 1)[0]

    @property
    def query(self) -> str:
        return self.target.split("?", 1)[1] if "?" in self.target else ""

    def json(self) -> Any:
        return json.loads(self.body)


Action = Callable[[Request, asyncio.StreamWriter], Awaitable[bool]]


def respond(
    status: int,
    body: bytes | str | dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> Action:
    """A complete answer; dict bodies are sent as JSON."""
    if isinstance(body, dict):
        payload = json.dumps(body).encode()
        content_type = "application/json"
    elif isinstance(body, str):
        payload = body.encode()
        content_type = "text/html"
    else:
        payload = body or b""
        content_type = "application/octet-stream"
    extra = {"content-type": content_type, **(headers or {})}

    async def action(request: Request, writer: asyncio.StreamWriter) -> bool:
        head = f"HTTP/1.1 {status} X\r\ncontent-length: {len(payload)}\r\n"
        head += "".join(f"{k}: {v}\r\n" for k, v in extra.items())
        writer.write(head.encode() + b"\r\n" + payload)
        await writer.drain()
        return True

    return action


def sse(
    chunks: Iterable[bytes | str],
    *,
    delay: float = 0.0,
    end: bool = True,
    headers: dict[str, str] | None = None,
) -> Action:
    """A chunked `text/event-stream` answer. With `end=False` the connection is dropped without
    the final chunk (a cut stream)."""
    parts = [c.encode() if isinstance(c, str) else c for c in chunks]

    async def action(request: Request, writer: asyncio.StreamWriter) -> bool:
        head = (
            "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n"
        )
        head += "".join(f"{k}: {v}\r\n" for k, v in (headers or {}).items())
        writer.write(head.encode() + b"\r\n")
        await writer.drain()
        for part in parts:
            if delay:
                await asyncio.sleep(delay)
            writer.write(f"{len(part):x}\r\n".encode() + part + b"\r\n")
            await writer.drain()
        if not end:
            return False
        writer.write(b"0\r\n\r\n")
        await writer.drain()
        return True

    return action


def reset() -> Action:
    """Reset the connection (RST) without answering."""

    async def action(request: Request, writer: asyncio.StreamWriter) -> bool:
        sock = writer.get_extra_info("socket")
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        writer.transport.abort()
        return False

    return action


def stall(seconds: float) -> Action:
    """Say nothing for `seconds`, then close."""

    async def action(request: Request, writer: asyncio.StreamWriter) -> bool:
        await asyncio.sleep(seconds)
        return False

    return action


@dataclass
class RawServer:
    default: Action = field(default_factory=lambda: respond(200, {"ok": True}))
    script: deque[Action] = field(default_factory=deque)
    requests: list[Request] = field(default_factory=list)
    connections: int = 0
    port: int = 0
    _server: asyncio.base_events.Server | None = None
    _writers: set[asyncio.StreamWriter] = field(default_factory=set)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def push(self, *actions: Action) -> None:
        self.script.extend(actions)

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        assert self._server is not None
        self._server.close()
        for writer in list(self._writers):
            writer.transport.abort()
        await self._server.wait_closed()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        self._writers.add(writer)
        try:
            while True:
                request = await _read_request(reader)
                if request is None:
                    break
                self.requests.append(request)
                action = self.script.popleft() if self.script else self.default
                if not await action(request, writer):
                    break
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.CancelledError):
            # Cancelled when the test's loop shuts down; ending quietly keeps asyncio from logging
            # the cancelled handler as an error.
            pass
        finally:
            self._writers.discard(writer)
            writer.transport.abort()


async def _read_request(reader: asyncio.StreamReader) -> Request | None:
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except (asyncio.IncompleteReadError, ConnectionError):
        return None
    lines = head.decode("latin-1").split("\r\n")
    method, target, _ = lines[0].split(" ", 2)
    headers: dict[str, str] = {}
    for line in lines[1:]:
        if line:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
    body = b""
    if "content-length" in headers:
        body = await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding") == "chunked":
        while True:
            size = int((await reader.readuntil(b"\r\n")).strip(), 16)
            body += await reader.readexactly(size + 2)
            body = body[:-2]
            if size == 0:
                break
    return Request(method, target, headers, body)
