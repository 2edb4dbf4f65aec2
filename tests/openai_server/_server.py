"""The scriptable OpenAI-compatible HTTP server (asyncio streams on a background thread)."""

from __future__ import annotations

import asyncio
import contextlib
import fnmatch
import itertools
import json
import socket
import struct
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ._conversations import ConversationStore
from ._http import BadRequest, RecordedRequest, read_request
from .replies import (
    CallbackReply,
    DropReply,
    HangReply,
    JSONReply,
    RawReply,
    Reply,
    ResetReply,
    SSEEvent,
    SSEReply,
    encode_sse_event,
    error_body,
    error_reply,
    with_unknown_fields,
)

_REASONS = {
    200: "OK",
    201: "Created",
    204: "No Content",
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    408: "Request Timeout",
    409: "Conflict",
    422: "Unprocessable Entity",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}

# Endpoints served from the global queue. The stateful ones (conversations, traces) only take
# replies queued for their path, so a background exporter cannot steal a scripted model answer.
_SCRIPTED_PATHS = (
    "/v1/responses",
    "/v1/responses/*",
    "/v1/chat/completions",
    "/v1/audio/transcriptions",
    "/v1/audio/translations",
    "/v1/audio/speech",
)


@dataclass
class _Entry:
    reply: Reply
    path: str | None
    method: str | None
    remaining: int | None
    when: Callable[[RecordedRequest], bool] | None = None

    def matches(self, method: str, path: str, request: RecordedRequest | None = None) -> bool:
        if self.method is not None and self.method != method:
            return False
        if self.path is not None and not fnmatch.fnmatchcase(path, self.path):
            return False
        return self.when is None or request is None or self.when(request)

    def describe(self) -> str:
        where = f"{self.method or '*'} {self.path}" if self.path else "global queue"
        return f"{type(self.reply).__name__}(status={self.reply.status}) for {where}"


class ServerCheckError(AssertionError):
    """The server saw something the test did not expect (see the message)."""


class OpenAIServer:
    """A real HTTP server on 127.0.0.1 that answers like the OpenAI API, as scripted by a test.

    Use as a context manager (sync or async) or call :meth:`start` / :meth:`stop`.
    """

    def __init__(
        self,
        *,
        validate: bool = True,
        unknown_fields: bool = False,
        stateful_conversations: bool = True,
        host: str = "127.0.0.1",
    ) -> None:
        self.validate = validate
        self.unknown_fields = unknown_fields
        self.stateful_conversations = stateful_conversations
        self.host = host
        self.allow_pending = False
        """Set by a test so the ``openai_server`` fixture ignores unconsumed replies."""
        self.allow_failures = False
        """Set by a test so the ``openai_server`` fixture ignores recorded failures."""
        self.port = 0
        self.conversations = ConversationStore()
        self._lock = threading.Lock()
        self._arrived = threading.Condition(self._lock)
        self._entries: list[_Entry] = []
        self._requests: list[RecordedRequest] = []
        self._failures: list[str] = []
        self._request_ids = itertools.count(1)
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: asyncio.Server | None = None
        self._stop_event: asyncio.Event | None = None
        self._handlers: set[asyncio.Task[None]] = set()

    # ----------------------------------------------------------------- lifecycle

    @property
    def url(self) -> str:
        """``http://127.0.0.1:<port>`` (no path)."""
        return f"http://{self.host}:{self.port}"

    @property
    def base_url(self) -> str:
        """The API base URL to give a client: ``http://127.0.0.1:<port>/v1``."""
        return f"{self.url}/v1"

    def start(self) -> OpenAIServer:
        """Bind a random port and serve on a background thread; returns once listening."""
        if self._thread is not None:
            raise RuntimeError("server already started")
        ready = threading.Event()
        errors: list[BaseException] = []

        def run() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            try:
                loop.run_until_complete(self._bind())
            except BaseException as exc:
                errors.append(exc)
                ready.set()
                loop.close()
                return
            ready.set()
            try:
                loop.run_forever()
            finally:
                loop.run_until_complete(self._shutdown())
                loop.close()

        self._thread = threading.Thread(target=run, name=f"openai-test-server-{id(self):x}")
        self._thread.daemon = True
        self._thread.start()
        ready.wait()
        if errors:
            self._thread.join()
            self._thread = None
            raise errors[0]
        return self

    async def _bind(self) -> None:
        self._stop_event = asyncio.Event()
        self._server = await asyncio.start_server(
            self._on_connection, self.host, 0, limit=1 << 24, backlog=512
        )
        self.port = self._server.sockets[0].getsockname()[1]

    async def _shutdown(self) -> None:
        assert self._server is not None and self._stop_event is not None
        self._stop_event.set()
        self._server.close()
        # Every other task on this private loop belongs to a connection: a handler (perhaps
        # already closing its socket, or accepted just before close() and not started yet) or a
        # helper of one. Wait for all of them, so the loop never closes with a task pending.
        # Started handlers are cancelled; one that starts now sees the stop event and returns.
        current = asyncio.current_task()
        while pending := [task for task in asyncio.all_tasks() if task is not current]:
            for task in self._handlers:
                task.cancel()
            await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
        await self._server.wait_closed()

    def stop(self) -> None:
        """Stop serving, close every connection and join the thread."""
        thread, loop = self._thread, self._loop
        if thread is None or loop is None:
            return
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=10)
        if thread.is_alive():
            raise RuntimeError("openai test server thread did not stop")
        self._thread = None
        self._loop = None

    def __enter__(self) -> OpenAIServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    async def __aenter__(self) -> OpenAIServer:
        return self.start()

    async def __aexit__(self, *exc: object) -> None:
        self.stop()

    # ----------------------------------------------------------------- scripting

    def queue(
        self,
        *replies: Reply,
        path: str | None = None,
        method: str | None = None,
        when: Callable[[RecordedRequest], bool] | None = None,
    ) -> None:
        """Queue replies, in order.

        A request takes the first queued reply that matches it. With ``path`` (``"/v1/responses"``,
        ``"/responses"`` or a glob like ``"/v1/conversations/*"``) and/or ``method`` a reply only
        matches those requests; without ``path`` it matches any request to a model or audio
        endpoint (never conversations or traces, which have built-in defaults). With ``when``, only
        requests it accepts (for requests a client sends concurrently, whose order is not fixed).
        """
        pattern = _normalise_path(path) if path is not None else None
        with self._lock:
            for reply in replies:
                self._entries.append(
                    _Entry(reply, pattern, method.upper() if method else None, reply.times, when)
                )

    def queue_json(self, body: Any, *, path: str | None = None, **options: Any) -> JSONReply:
        """Queue one JSON answer (options: status, headers, times, first_byte_delay)."""
        reply = JSONReply(body=body, **options)
        self.queue(reply, path=path)
        return reply

    def queue_sse(
        self, events: Sequence[SSEEvent] | bytes, *, path: str | None = None, **options: Any
    ) -> SSEReply:
        """Queue one SSE answer (see :class:`SSEReply` for the options)."""
        reply = SSEReply(events=events, **options)
        self.queue(reply, path=path)
        return reply

    def queue_error(self, status: int, *, path: str | None = None, **options: Any) -> JSONReply:
        """Queue an API error (see :func:`error_reply` for the options)."""
        reply = error_reply(status, **options)
        self.queue(reply, path=path)
        return reply

    def pending(self) -> list[str]:
        """Descriptions of queued replies that were not served as often as asked."""
        with self._lock:
            return [e.describe() for e in self._entries if e.remaining is not None]

    def clear(self) -> None:
        """Forget queued replies, recorded requests and failures."""
        with self._lock:
            self._entries.clear()
            self._requests.clear()
            self._failures.clear()

    # ----------------------------------------------------------------- recording

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every request received so far, in arrival order (a copy)."""
        with self._lock:
            return list(self._requests)

    def requests_to(self, path: str, method: str | None = None) -> list[RecordedRequest]:
        """Requests whose path matches ``path`` (a glob; ``/v1`` may be left out)."""
        pattern = _normalise_path(path)
        return [
            r
            for r in self.requests
            if fnmatch.fnmatchcase(r.path, pattern) and (method is None or r.method == method)
        ]

    def wait_for_requests(
        self, path: str, count: int = 1, *, timeout: float = 5.0, method: str | None = None
    ) -> list[RecordedRequest]:
        """Block until ``count`` requests matching ``path`` arrived (for background senders such
        as trace exporters); raise AssertionError after ``timeout`` seconds."""
        pattern = _normalise_path(path)

        def matching() -> list[RecordedRequest]:
            return [
                r
                for r in self._requests
                if fnmatch.fnmatchcase(r.path, pattern) and (method is None or r.method == method)
            ]

        with self._arrived:
            if not self._arrived.wait_for(lambda: len(matching()) >= count, timeout):
                raise AssertionError(
                    f"expected {count} request(s) to {pattern} within {timeout}s, "
                    f"got {len(matching())}"
                )
            return matching()

    @property
    def last_request(self) -> RecordedRequest:
        with self._lock:
            if not self._requests:
                raise AssertionError("the server has not received any request")
            return self._requests[-1]

    @property
    def failures(self) -> list[str]:
        """Schema violations, unexpected requests and server errors seen so far."""
        with self._lock:
            return list(self._failures)

    def check(self, *, allow_pending: bool = False, allow_failures: bool = False) -> None:
        """Raise :class:`ServerCheckError` on failures or unconsumed replies."""
        problems = [] if allow_failures else self.failures
        if not allow_pending:
            problems += [f"queued reply never served: {p}" for p in self.pending()]
        if problems:
            raise ServerCheckError("openai test server:\n  " + "\n  ".join(problems))

    def _fail(self, message: str) -> None:
        with self._lock:
            self._failures.append(message)

    # ----------------------------------------------------------------- serving

    async def _on_connection(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        assert self._stop_event is not None
        if self._stop_event.is_set():
            writer.close()
            return
        task = asyncio.current_task()
        assert task is not None
        # Dropped only once the task is done, so _shutdown also waits for its closing socket.
        self._handlers.add(task)
        task.add_done_callback(self._handlers.discard)
        try:
            while True:
                try:
                    request = await read_request(reader)
                except BadRequest as exc:
                    self._fail(f"unparsable request: {exc}")
                    return
                if request is None:
                    return
                keep_alive = await self._serve(request, reader, writer)
                if not keep_alive:
                    return
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        except asyncio.CancelledError:
            pass
        except Exception as exc:  # a bug here must fail the test, not vanish in the thread
            self._fail(f"server error: {type(exc).__name__}: {exc}")
        finally:
            if not writer.transport.is_closing():
                writer.close()
            # A cancel from _shutdown may land here; the handler must still end normally (the
            # stream's done callback reads the task's exception, which a cancelled task raises).
            with contextlib.suppress(Exception, asyncio.CancelledError):
                await writer.wait_closed()

    async def _serve(
        self,
        request: RecordedRequest,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
    ) -> bool:
        if self.validate:
            from ._validation import validate_request

            request.validation_error = validate_request(request)
        with self._lock:
            self._requests.append(request)
            self._arrived.notify_all()
            if request.validation_error:
                self._failures.append(
                    f"{request.method} {request.target}: request body does not match the "
                    f"spec: {request.validation_error}"
                )
        reply = self._take_reply(request)
        if reply is None:
            reply = self._default_reply(request)
        if isinstance(reply, CallbackReply):
            if reply.first_byte_delay:
                await asyncio.sleep(reply.first_byte_delay)
            produced = reply.handler(request)
            reply = produced if _is_reply(produced) else JSONReply(body=produced)
        if self.stateful_conversations:
            self._record_turn(request, reply)
        keep_alive = (request.headers.get("connection") or "").lower() != "close"
        return await self._send(reply, request, reader, writer) and keep_alive

    def _take_reply(self, request: RecordedRequest) -> Reply | None:
        scripted = any(fnmatch.fnmatchcase(request.path, p) for p in _SCRIPTED_PATHS)
        with self._lock:
            for index, entry in enumerate(self._entries):
                if entry.path is None and not scripted:
                    continue
                if not entry.matches(request.method, request.path, request):
                    continue
                if entry.remaining is not None:
                    entry.remaining -= 1
                    if entry.remaining <= 0:
                        del self._entries[index]
                return entry.reply
        return None

    def _record_turn(self, request: RecordedRequest, reply: Reply) -> None:
        """Append a Responses turn to its stored conversation, as the API does."""
        body = request.json
        if request.path != "/v1/responses" or not isinstance(body, dict):
            return
        conversation = body.get("conversation")
        if isinstance(conversation, dict):
            conversation = conversation.get("id")
        if not isinstance(conversation, str) or conversation not in self.conversations.ids():
            return
        output = _reply_output(reply)
        if output is None:
            return
        turn_input = body.get("input") or []
        if isinstance(turn_input, str):
            turn_input = [{"role": "user", "content": turn_input}]
        self.conversations.append(conversation, [*turn_input, *output])

    def _default_reply(self, request: RecordedRequest) -> Reply:
        path = request.path
        if path == "/v1/traces/ingest" and request.method == "POST":
            return JSONReply(body={})
        if self.stateful_conversations and (
            path == "/v1/conversations" or path.startswith("/v1/conversations/")
        ):
            status, body = self.conversations.handle(request)
            return JSONReply(status=status, body=body)
        message = f"openai test server: nothing queued for {request.method} {request.target}"
        self._fail(message)
        return JSONReply(
            status=500,
            headers={"x-should-retry": "false"},
            body=error_body(message, "server_error", "nothing_queued"),
        )

    # ----------------------------------------------------------------- writing

    def _head(self, status: int, headers: Mapping[str, str], extra: Mapping[str, str]) -> bytes:
        merged: dict[str, str] = {"x-request-id": f"req_{next(self._request_ids):06d}"}
        merged.update(extra)
        for key, value in headers.items():
            merged = {k: v for k, v in merged.items() if k.lower() != key.lower()}
            merged[key] = value
        lines = [f"HTTP/1.1 {status} {_REASONS.get(status, 'Status')}"]
        lines += [f"{k}: {v}" for k, v in merged.items()]
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")

    async def _send(
        self,
        reply: Reply,
        request: RecordedRequest,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
    ) -> bool:
        """Write one reply; return whether the connection may be reused."""
        if reply.first_byte_delay:
            await asyncio.sleep(reply.first_byte_delay)
        if isinstance(reply, JSONReply):
            body_value = with_unknown_fields(reply.body) if self.unknown_fields else reply.body
            body = b"" if body_value is None else json.dumps(body_value).encode()
            content = {"content-type": "application/json"} if body_value is not None else {}
            writer.write(
                self._head(
                    reply.status, reply.headers, {**content, "content-length": str(len(body))}
                )
                + body
            )
            await writer.drain()
            return True
        if isinstance(reply, RawReply):
            return await self._send_raw(reply, writer)
        if isinstance(reply, SSEReply):
            return await self._send_sse(reply, request, reader, writer)
        if isinstance(reply, HangReply):
            writer.write(
                self._head(
                    reply.status,
                    reply.headers,
                    {"content-type": reply.content_type, "transfer-encoding": "chunked"},
                )
            )
            await writer.drain()
            await self._hang(reader)
            return False
        if isinstance(reply, ResetReply):
            if reply.after_headers:
                writer.write(
                    self._head(
                        reply.status,
                        reply.headers,
                        {"content-type": "text/event-stream", "transfer-encoding": "chunked"},
                    )
                )
                await _flush(writer)
            _reset(writer)
            return False
        if isinstance(reply, DropReply):
            writer.close()
            return False
        raise TypeError(f"not a reply: {reply!r}")

    async def _send_raw(self, reply: RawReply, writer: asyncio.StreamWriter) -> bool:
        extra = {"content-type": reply.content_type}
        if not reply.chunked:
            extra["content-length"] = str(len(reply.body))
            writer.write(self._head(reply.status, reply.headers, extra) + reply.body)
            await writer.drain()
            return True
        extra["transfer-encoding"] = "chunked"
        writer.write(self._head(reply.status, reply.headers, extra))
        for start in range(0, len(reply.body), reply.chunk_size):
            writer.write(_chunk(reply.body[start : start + reply.chunk_size]))
            await writer.drain()
        writer.write(b"0\r\n\r\n")
        await writer.drain()
        return True

    async def _send_sse(
        self,
        reply: SSEReply,
        request: RecordedRequest,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
    ) -> bool:
        responses_dialect = request.path.startswith("/v1/responses")
        event_lines = responses_dialect if reply.event_lines is None else reply.event_lines
        done = request.path == "/v1/chat/completions" if reply.done is None else reply.done
        if isinstance(reply.events, bytes):
            pieces = _split_events(reply.events)
        else:
            pieces = []
            for event in reply.events:
                if self.unknown_fields and isinstance(event, Mapping):
                    event = with_unknown_fields(event)
                pieces.append(encode_sse_event(event, event_line=event_lines))
            if done:
                pieces.append(b"data: [DONE]\n\n")
        writer.write(
            self._head(
                reply.status,
                reply.headers,
                {
                    "content-type": "text/event-stream; charset=utf-8",
                    "transfer-encoding": "chunked",
                    "cache-control": "no-cache",
                },
            )
        )
        await writer.drain()
        for index, piece in enumerate(pieces):
            if reply.hang_after is not None and index >= reply.hang_after:
                await self._hang(reader)
                return False
            if reply.cut_in_event is not None and index >= reply.cut_in_event:
                writer.write(_chunk(piece[: max(1, len(piece) // 2)]))
                await _flush(writer)
                if reply.reset:
                    _reset(writer)
                else:
                    writer.close()
                return False
            if index and reply.event_delay:
                await asyncio.sleep(reply.event_delay)
            await self._write_chunked(writer, piece, reply.chunk_size)
        if reply.hang_after is not None:
            await self._hang(reader)
            return False
        writer.write(b"0\r\n\r\n")
        await writer.drain()
        return True

    async def _write_chunked(
        self, writer: asyncio.StreamWriter, data: bytes, chunk_size: int | None
    ) -> None:
        if not data:
            return
        step = chunk_size or len(data)
        for start in range(0, len(data), step):
            writer.write(_chunk(data[start : start + step]))
            await writer.drain()

    async def _hang(self, reader: asyncio.StreamReader) -> None:
        """Wait until the client goes away or the server stops."""
        assert self._stop_event is not None
        stop = asyncio.ensure_future(self._stop_event.wait())
        try:
            while not stop.done():
                read = asyncio.ensure_future(reader.read(65536))
                await asyncio.wait({read, stop}, return_when=asyncio.FIRST_COMPLETED)
                if read.done():
                    if not read.result():
                        return
                else:
                    read.cancel()
        finally:
            stop.cancel()


def _is_reply(value: object) -> bool:
    return isinstance(
        value, (JSONReply, RawReply, SSEReply, ResetReply, HangReply, DropReply, CallbackReply)
    )


def _reply_output(reply: Reply) -> list[dict[str, Any]] | None:
    """The output items of a successful Responses answer, or None."""
    if reply.status != 200:
        return None
    candidates: list[Any] = []
    if isinstance(reply, JSONReply) and isinstance(reply.body, dict):
        candidates = [reply.body]
    elif isinstance(reply, SSEReply):
        events: list[Any] = []
        if isinstance(reply.events, bytes):
            for line in reply.events.split(b"\n"):
                if line.startswith(b"data: {"):
                    with contextlib.suppress(ValueError):
                        events.append(json.loads(line[len(b"data: ") :]))
        else:
            events = [e for e in reply.events if isinstance(e, Mapping)]
        candidates = [e.get("response") for e in events if e.get("type") == "response.completed"]
    for candidate in candidates:
        if isinstance(candidate, Mapping) and isinstance(candidate.get("output"), list):
            return [dict(item) for item in candidate["output"]]
    return None


def _normalise_path(path: str) -> str:
    if not path.startswith("/"):
        path = "/" + path
    if not path.startswith("/v1/") and path != "/v1":
        path = "/v1" + path
    return path


def _chunk(data: bytes) -> bytes:
    return f"{len(data):x}\r\n".encode() + data + b"\r\n"


def _split_events(raw: bytes) -> list[bytes]:
    """Split a raw SSE body after each blank line, keeping every byte."""
    pieces: list[bytes] = []
    start = 0
    while True:
        end = raw.find(b"\n\n", start)
        if end < 0:
            break
        pieces.append(raw[start : end + 2])
        start = end + 2
    if start < len(raw):
        pieces.append(raw[start:])
    return pieces


async def _flush(writer: asyncio.StreamWriter) -> None:
    """Wait until the kernel has taken every buffered byte, so the peer can read it."""
    await writer.drain()
    for _ in range(200):
        if writer.transport.get_write_buffer_size() == 0:
            break
        await asyncio.sleep(0.005)
    # Give the peer a moment to read what was sent before a reset discards it.
    await asyncio.sleep(0.1)


def _reset(writer: asyncio.StreamWriter) -> None:
    sock = writer.get_extra_info("socket")
    if sock is not None:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


__all__ = ["OpenAIServer", "ServerCheckError"]
