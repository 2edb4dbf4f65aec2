"""`OpenAIResponsesWSModel`: the Responses model with a WebSocket transport.

Each request is one ``response.create`` frame (the HTTP body's fields plus ``type`` and, as
upstream sends it, ``stream: true``) on a connection to ``<websocket base URL>/responses``; the
server answers with the same stream events as over SSE. The connection is opened on first use,
reused by the following requests of the model (one at a time) and reopened when it has closed; a
request abandoned midway (cancelled, or its stream not read to the end) drops it.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator, Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode, urlsplit, urlunsplit

from .._http._client import user_agent
from ..exceptions import ModelBehaviorError
from ..models._openai_request import _jsonable, _split_request
from ..models._response_accumulator import failure_for_event
from ..models.openai_responses import OpenAIResponsesModel

if TYPE_CHECKING:
    from ..client import AsyncOpenAI
    from ..types.responses import Response

_TERMINAL = frozenset({"response.completed", "response.failed", "response.incomplete"})


class ResponsesWebSocketError(ModelBehaviorError):
    """An ``error`` frame from the Responses WebSocket server; ``payload`` holds it whole."""

    def __init__(self, payload: Mapping[str, Any]) -> None:
        self.payload = dict(payload)
        raw_error = payload.get("error")
        error: Mapping[str, Any] = raw_error if isinstance(raw_error, Mapping) else {}
        details = ", ".join(
            f"{key}={error[key]}" for key in ("type", "code", "message", "param") if error.get(key)
        )
        status = payload.get("status")
        prefix = (
            f"Responses websocket error (status {status})"
            if status
            else "Responses websocket error"
        )
        super().__init__(f"{prefix}: {details or json.dumps(self.payload)}")


def websocket_url(client: AsyncOpenAI, extra_query: Mapping[str, Any] | None) -> str:
    """``<websocket base URL or base URL with ws/wss>/responses`` with the client's query."""
    base = client.websocket_base_url or client.base_url
    parts = urlsplit(str(base))
    scheme = {"http": "ws", "https": "wss"}.get(parts.scheme, parts.scheme)
    query = {**client.default_query, **(extra_query or {})}
    encoded = urlencode({k: v for k, v in query.items() if v is not None}, doseq=True)
    path = parts.path.rstrip("/") + "/responses"
    return urlunsplit((scheme, parts.netloc, path, encoded or parts.query, ""))


def handshake_headers(client: AsyncOpenAI, extra: Mapping[str, Any]) -> dict[str, str]:
    """The client's credentials and default headers, then the request's own (later ones win)."""
    headers: dict[str, str] = {"User-Agent": user_agent()}
    if client.api_key:
        headers["Authorization"] = f"Bearer {client.api_key}"
    if client.organization:
        headers["OpenAI-Organization"] = client.organization
    if client.project:
        headers["OpenAI-Project"] = client.project
    for source in (client.default_headers, extra):
        for name, value in source.items():
            for existing in [k for k in headers if k.lower() == str(name).lower()]:
                del headers[existing]
            headers[str(name)] = str(value)
    return headers


def request_frame(
    params: Mapping[str, Any], extra_body: Mapping[str, Any] | None
) -> dict[str, Any]:
    frame: dict[str, Any] = {"type": "response.create"}
    frame.update({k: _jsonable(v) for k, v in params.items() if v is not None})
    if extra_body:
        frame.update(_jsonable(dict(extra_body)))
    # The envelope wins over extra_body, as upstream.
    frame["type"] = "response.create"
    frame["stream"] = True
    return frame


class OpenAIResponsesWSModel(OpenAIResponsesModel):
    """`OpenAIResponsesModel` whose requests go over one reused WebSocket connection."""

    def __init__(
        self,
        model: str,
        openai_client: Any,
        *,
        model_is_explicit: bool = True,
        websocket_options: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(model, openai_client, model_is_explicit=model_is_explicit)
        self._websocket_options = dict(websocket_options or {})
        self._connection: Any = None
        self._connection_key: tuple[str, tuple[tuple[str, str], ...]] | None = None
        self._lock: asyncio.Lock | None = None

    async def close(self) -> None:
        """Close the connection (the next request opens a new one)."""
        connection, self._connection, self._connection_key = self._connection, None, None
        if connection is not None:
            await connection.close()

    async def _fetch_response(self, kwargs: dict[str, Any]) -> Response:
        """A non-streamed call: the stream read to its ``response.completed``."""
        from ..types.responses import parse_stream_event

        async for data in self._websocket_events(kwargs):
            event = parse_stream_event(data)
            failure = failure_for_event(event)
            if failure is not None:
                raise failure
            if event.type == "response.completed":
                return event.response  # type: ignore[union-attr]
        raise ModelBehaviorError("The Responses websocket closed before `response.completed`.")

    async def _open_stream(self, kwargs: dict[str, Any]) -> Any:
        return _WebSocketStream(self._websocket_events(kwargs))

    async def _websocket_events(self, kwargs: dict[str, Any]) -> AsyncIterator[dict[str, Any]]:
        """Send one request frame; yield the server's event dicts up to the terminal one."""
        from ..models._request_guard import check_model_requests_allowed

        params, headers, extra_query, extra_body = _split_request(kwargs)
        params.pop("stream", None)
        check_model_requests_allowed(str(self.model))
        client = self._get_client()
        url = websocket_url(client, extra_query)
        handshake = handshake_headers(client, headers)
        frame = json.dumps(request_frame(params, extra_body))
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:
            connection = await self._connect(url, handshake)
            finished = False
            try:
                await connection.send(frame)
                while True:
                    payload = await self._receive(connection)
                    kind = payload.get("type")
                    if kind in ("error", "response.error"):
                        finished = True
                        raise ResponsesWebSocketError(payload)
                    finished = kind in _TERMINAL
                    yield payload
                    if finished:
                        return
            finally:
                if not finished:
                    # Abandoned midway: the rest of this response would reach the next request.
                    await self._drop(connection)

    async def _receive(self, connection: Any) -> dict[str, Any]:
        from websockets.exceptions import ConnectionClosed

        try:
            message = await connection.recv()
        except ConnectionClosed as e:
            raise ModelBehaviorError(
                "The Responses websocket closed before a terminal response event "
                f"(code {e.rcvd.code if e.rcvd else None})."
            ) from e
        payload = json.loads(message)
        if not isinstance(payload, dict):
            raise ModelBehaviorError(f"The Responses websocket sent {type(payload).__name__}")
        return payload

    async def _connect(self, url: str, headers: dict[str, str]) -> Any:
        from websockets.asyncio.client import connect
        from websockets.protocol import State

        key = (url, tuple(sorted((k.lower(), v) for k, v in headers.items())))
        current = self._connection
        if current is not None and self._connection_key == key and current.state is State.OPEN:
            return current
        if current is not None:
            await self._drop(current)
        options: dict[str, Any] = {"max_size": None, "user_agent_header": None}
        options.update({k: v for k, v in self._websocket_options.items() if k in _CONNECT_OPTIONS})
        try:
            self._connection = await connect(url, additional_headers=headers, **options)
        except OSError as e:
            raise ModelBehaviorError(f"Could not open the Responses websocket: {e}") from e
        self._connection_key = key
        return self._connection

    async def _drop(self, connection: Any) -> None:
        if self._connection is connection:
            self._connection, self._connection_key = None, None
        # Closing a broken connection may fail; it is gone either way.
        with contextlib.suppress(Exception):
            await asyncio.shield(connection.close())


_CONNECT_OPTIONS = frozenset({"ping_interval", "ping_timeout", "max_size", "open_timeout"})


class _WebSocketStream:
    """The `AsyncStream` interface the Responses model reads events from."""

    request_id = None  # WebSocket events carry no request id (upstream neither)

    def __init__(self, events: AsyncIterator[dict[str, Any]]) -> None:
        self._events = events

    def __aiter__(self) -> _WebSocketStream:
        return self

    async def __anext__(self) -> dict[str, Any]:
        return await self._events.__anext__()

    async def aclose(self) -> None:
        await self._events.aclose()  # type: ignore[attr-defined]


__all__ = ["OpenAIResponsesWSModel", "ResponsesWebSocketError"]
