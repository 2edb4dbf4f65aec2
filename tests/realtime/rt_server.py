"""A scripted GA Realtime server on 127.0.0.1, built with `websockets`.

Each connection plays a `Script`: events sent on connect, then rules. When a client event
arrives, the first unused rule whose `on` type (and `where` fields) match fires, sending its
events in order. Events may be actions instead of server events:

* `{"$close": code, "reason": "..."}` closes the connection with that code;
* `{"$drop": True}` aborts the TCP connection (no close frame);
* `{"$sleep": seconds}` waits;
* `{"$raw": "text"}` sends a raw text frame (e.g. invalid JSON);
* `{"$pause_reading": seconds}` stops reading client frames for a while (backpressure).

Every client event is recorded and, when a validator is given, checked against the OpenAPI
`RealtimeClientEvent*` schemas; violations are collected in `schema_errors`.

The module only needs `websockets`, so the parity harness runs it under openai-agents' venv too.
"""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from websockets.asyncio.server import ServerConnection, serve


@dataclass
class Rule:
    """On a client event of type `on` (with `where` fields), send `send`; a callable `send`
    gets the event and the connection and returns the events. `repeat` rules fire every time."""

    on: str
    send: list[dict[str, Any]] | Callable[[dict[str, Any], Connection], list[dict[str, Any]]]
    where: dict[str, Any] = field(default_factory=dict)
    used: bool = False
    repeat: bool = False

    def matches(self, event: dict[str, Any]) -> bool:
        if self.used or event.get("type") != self.on:
            return False
        return all(_get(event, path) == value for path, value in self.where.items())


def _get(event: dict[str, Any], path: str) -> Any:
    value: Any = event
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


@dataclass
class Script:
    on_connect: list[dict[str, Any]] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)


@dataclass
class Connection:
    index: int
    headers: dict[str, str]
    path: str
    received: list[dict[str, Any]] = field(default_factory=list)
    received_at: list[float] = field(default_factory=list)


class RealtimeTestServer:
    """`async with RealtimeTestServer(scripts) as server:` then connect to `server.url`."""

    def __init__(
        self,
        scripts: list[Script] | Script | None = None,
        *,
        validator: Callable[[Any], list[str]] | None = None,
        max_queue: int | None = 16,
        recv_buffer: int | None = None,
    ) -> None:
        if isinstance(scripts, Script):
            scripts = [scripts]
        self.scripts = scripts or [Script()]
        self.validator = validator
        self.max_queue = max_queue
        self.recv_buffer = recv_buffer
        self.connections: list[Connection] = []
        self.schema_errors: list[str] = []
        self.rejected_handshakes = 0
        self.reject_connections: set[int] = set()
        self._server: Any = None
        self._handlers: set[asyncio.Task[Any]] = set()
        self.port = 0
        self.paused = asyncio.Event()
        self.paused.set()

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/v1/realtime?model=gpt-realtime"

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    @property
    def received(self) -> list[dict[str, Any]]:
        return [event for c in self.connections for event in c.received]

    def received_types(self) -> list[str]:
        return [str(e.get("type")) for e in self.received]

    async def __aenter__(self) -> RealtimeTestServer:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        if self.recv_buffer is not None:
            # Set before listen(): accepted sockets inherit it, and the kernel stops growing it.
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, self.recv_buffer)
        sock.bind(("127.0.0.1", 0))
        self._server = await serve(
            self._handle,
            sock=sock,
            max_size=None,
            max_queue=self.max_queue,
            process_request=self._process_request,
        )
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._server.close()
        await self._server.wait_closed()

    def _process_request(self, connection: ServerConnection, request: Any) -> Any:
        index = len(self.connections) + self.rejected_handshakes
        if index in self.reject_connections:
            self.rejected_handshakes += 1
            return connection.respond(503, "unavailable\n")
        return None

    async def _handle(self, websocket: ServerConnection) -> None:
        request = websocket.request
        assert request is not None
        conn = Connection(
            index=len(self.connections),
            headers={k.lower(): v for k, v in request.headers.raw_items()},
            path=request.path,
        )
        self.connections.append(conn)
        script = self.scripts[min(conn.index, len(self.scripts) - 1)]
        try:
            if not await self._play(websocket, script.on_connect):
                return
            async for message in websocket:
                await self.paused.wait()
                event = json.loads(message)
                conn.received.append(event)
                conn.received_at.append(asyncio.get_running_loop().time())
                if self.validator is not None:
                    for error in self.validator(event):
                        self.schema_errors.append(f"{event.get('type')}: {error}")
                rule = next((r for r in script.rules if r.matches(event)), None)
                if rule is not None:
                    rule.used = not rule.repeat
                    events = rule.send(event, conn) if callable(rule.send) else rule.send
                    if not await self._play(websocket, events):
                        return
        except Exception:
            return

    async def _play(self, websocket: ServerConnection, events: list[dict[str, Any]]) -> bool:
        """Send `events` (and run actions); False once the connection was closed by an action."""
        for event in events:
            if "$close" in event:
                await websocket.close(event["$close"], event.get("reason", ""))
                return False
            if "$drop" in event:
                websocket.transport.abort()
                return False
            if "$sleep" in event:
                await asyncio.sleep(event["$sleep"])
            elif "$raw" in event:
                await websocket.send(event["$raw"])
            elif "$pause_reading" in event:
                self.paused.clear()
                websocket.transport.pause_reading()

                def resume(transport: Any = websocket.transport) -> None:
                    self.paused.set()
                    transport.resume_reading()

                asyncio.get_running_loop().call_later(event["$pause_reading"], resume)
            else:
                await websocket.send(json.dumps(event))
        return True


def fixture_events(path: str) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]
