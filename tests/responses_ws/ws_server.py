"""A Responses WebSocket server on 127.0.0.1 for the tests: it checks every client frame against
the OpenAPI spec (``response.create`` = the envelope plus a ``CreateResponse`` body) and answers
each with the live stream events of the next queued output (or a queued error frame)."""

from __future__ import annotations

import json
import re
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from websockets.asyncio.server import Server, ServerConnection, serve

from tests.openai_server import builders as b
from tests.openai_server._validation import schema_errors

_STREAM_ID = re.compile(r"[A-Za-z0-9_.-]{1,256}")

Reply = Sequence[Mapping[str, Any]] | Mapping[str, Any] | Callable[[dict[str, Any]], Any]


def frame_errors(frame: Any) -> list[str]:
    """Why ``frame`` is not a valid ``ResponsesClientEvent`` (empty when it is)."""
    if not isinstance(frame, dict):
        return [f"a frame must be a JSON object, got {type(frame).__name__}"]
    errors = []
    if frame.get("type") != "response.create":
        errors.append(f"type must be 'response.create', got {frame.get('type')!r}")
    stream_id = frame.get("stream_id")
    if stream_id is not None and not (
        isinstance(stream_id, str) and _STREAM_ID.fullmatch(stream_id)
    ):
        errors.append(f"stream_id {stream_id!r} does not match the spec's pattern")
    body = {k: v for k, v in frame.items() if k not in ("type", "stream_id")}
    return errors + schema_errors("CreateResponse", body)


class ResponsesWebSocketServer:
    def __init__(self) -> None:
        self.frames: list[dict[str, Any]] = []
        self.errors: list[str] = []
        self.handshakes: list[tuple[str, dict[str, str]]] = []
        self.connections = 0
        self.closed_connections = 0
        self._replies: deque[tuple[Reply, int | None]] = deque()
        self._server: Server | None = None

    def queue(self, reply: Reply, *, hang_after: int | None = None) -> None:
        """Output items (streamed as a completed response), an error frame, or a callable; with
        ``hang_after=n`` only the first n events are sent, then nothing until the client leaves."""
        self._replies.append((reply, hang_after))

    def queue_text(self, text: str) -> None:
        self.queue([b.message_item(text)])

    @property
    def base_url(self) -> str:
        assert self._server is not None
        port = next(iter(self._server.sockets)).getsockname()[1]
        return f"http://127.0.0.1:{port}/v1"

    async def __aenter__(self) -> ResponsesWebSocketServer:
        self._server = await serve(self._handle, "127.0.0.1", 0, max_size=None)
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        assert self._server is not None
        self._server.close()
        await self._server.wait_closed()

    async def _handle(self, connection: ServerConnection) -> None:
        self.connections += 1
        request = connection.request
        assert request is not None
        self.handshakes.append(
            (request.path, {k.lower(): v for k, v in request.headers.raw_items()})
        )
        try:
            async for message in connection:
                frame = json.loads(message)
                self.frames.append(frame)
                self.errors += frame_errors(frame)
                events, hang_after = self._events_for(frame)
                for index, event in enumerate(events):
                    if index == hang_after:
                        await connection.wait_closed()
                        return
                    await connection.send(json.dumps(event))
        finally:
            self.closed_connections += 1

    def _events_for(self, frame: dict[str, Any]) -> tuple[list[Mapping[str, Any]], int | None]:
        if not self._replies:
            self.errors.append("a frame arrived with no reply queued")
            error = {"type": "server_error", "message": "nothing queued"}
            return [{"type": "error", "status": 500, "error": error}], None
        reply, hang_after = self._replies.popleft()
        if callable(reply):
            reply = reply(frame)
        if isinstance(reply, Mapping):
            return [reply], hang_after
        events = b.response_stream_events(list(reply), model=frame.get("model", "gpt-4.1"))
        return events, hang_after
