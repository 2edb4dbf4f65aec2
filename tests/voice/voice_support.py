"""Pieces of the voice tests: the speech fixtures and a realtime transcription websocket server.

`TranscriptionServer` speaks the realtime transcription protocol on 127.0.0.1 (its own event
loop on a thread): `session.created`, `session.update` -> `session.updated`, audio appends, a
simple energy-based turn detector standing in for server VAD, `input_audio_buffer.commit` /
`.clear`, and one scripted transcript per detected turn. It records everything it received.
"""

from __future__ import annotations

import asyncio
import base64
import json
import threading
import wave
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from websockets.asyncio.server import Server, ServerConnection, serve

FIXTURES = Path(__file__).parent / "fixtures"
FRAME = 240  # 10 ms at 24 kHz


def load_wav(name: str = "question.wav") -> tuple[np.ndarray, int]:
    """The samples (int16) and frame rate of a fixture WAV."""
    with wave.open(str(FIXTURES / name), "rb") as wav:
        frames = wav.readframes(wav.getnframes())
        return np.frombuffer(frames, dtype="<i2").copy(), wav.getframerate()


def answer_pcm() -> bytes:
    """The spoken answer the fake TTS endpoint streams back (24 kHz 16-bit mono PCM)."""
    return (FIXTURES / "answer.pcm").read_bytes()


@dataclass
class Connection:
    """One websocket connection: its request line and headers, and what the client sent."""

    path: str
    headers: dict[str, str]
    messages: list[dict[str, Any]] = field(default_factory=list)
    turn_audio: list[np.ndarray] = field(default_factory=list)
    closed: threading.Event = field(default_factory=threading.Event)

    def types(self) -> list[str]:
        return [m.get("type", "") for m in self.messages]


class _TurnDetector:
    """Energy VAD: a turn ends after `silence_ms` of quiet that follows speech."""

    def __init__(self, silence_ms: int, threshold: float) -> None:
        self.silence_frames = silence_ms // 10
        self.threshold = threshold
        self.samples: list[np.ndarray] = []
        self.pending = np.zeros(0, dtype=np.int16)
        self.heard_speech = False
        self.quiet = 0

    def feed(self, pcm: np.ndarray) -> bool:
        """Add audio; True when a turn just ended."""
        self.samples.append(pcm)
        self.pending = np.concatenate([self.pending, pcm])
        ended = False
        while len(self.pending) >= FRAME:
            frame, self.pending = self.pending[:FRAME], self.pending[FRAME:]
            loud = float(np.sqrt(np.mean(frame.astype(np.float64) ** 2))) > self.threshold
            if loud:
                self.heard_speech, self.quiet = True, 0
            elif self.heard_speech:
                self.quiet += 1
                if self.quiet >= self.silence_frames:
                    ended = True
        return ended

    def take(self) -> np.ndarray:
        audio = np.concatenate(self.samples) if self.samples else np.zeros(0, dtype=np.int16)
        self.samples, self.heard_speech, self.quiet = [], False, 0
        return audio


class TranscriptionServer:
    """A realtime transcription websocket on 127.0.0.1; `transcripts` are handed out per turn.

    Faults: `fail_update` answers `session.update` with an error event; `close_after_commit`
    closes the socket (abnormally) once the client's final commit arrives; `created_type`
    picks the greeting event; `silent=True` never greets.
    """

    def __init__(
        self,
        transcripts: list[str] | None = None,
        *,
        silence_ms: int = 500,
        threshold: float = 300.0,
        created_type: str = "session.created",
        fail_update: bool = False,
        close_after_commit: bool = False,
        silent: bool = False,
    ) -> None:
        self.transcripts = list(transcripts or [])
        self.silence_ms = silence_ms
        self.threshold = threshold
        self.created_type = created_type
        self.fail_update = fail_update
        self.close_after_commit = close_after_commit
        self.silent = silent
        self.connections: list[Connection] = []
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._server: Server | None = None
        self.port = 0

    @property
    def url(self) -> str:
        """The websocket base URL to give the client (`websocket_base_url`)."""
        return f"ws://127.0.0.1:{self.port}/v1"

    def start(self) -> TranscriptionServer:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._bind(), self._loop).result(10)
        return self

    async def _bind(self) -> None:
        self._server = await serve(self._handle, "127.0.0.1", 0)
        self.port = next(iter(self._server.sockets)).getsockname()[1]

    def stop(self) -> None:
        async def shutdown() -> None:
            if self._server is not None:
                self._server.close()
                await self._server.wait_closed()

        asyncio.run_coroutine_threadsafe(shutdown(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop.close()

    def __enter__(self) -> TranscriptionServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    async def _handle(self, websocket: ServerConnection) -> None:
        request = websocket.request
        assert request is not None
        connection = Connection(
            path=request.path, headers={k.lower(): v for k, v in request.headers.raw_items()}
        )
        self.connections.append(connection)
        try:
            await self._converse(websocket, connection)
        finally:
            connection.closed.set()

    async def _send(self, websocket: ServerConnection, event: dict[str, Any]) -> None:
        await websocket.send(json.dumps(event))

    async def _converse(self, websocket: ServerConnection, connection: Connection) -> None:
        detector = _TurnDetector(self.silence_ms, self.threshold)
        if not self.silent:
            await self._send(websocket, {"type": self.created_type, "session": {"id": "sess_1"}})
        turn = 0
        async for raw in websocket:
            event = json.loads(raw)
            connection.messages.append(event)
            kind = event.get("type")
            if kind == "session.update":
                if self.fail_update:
                    error = {
                        "type": "invalid_request_error",
                        "code": "bad_session",
                        "message": "no",
                    }
                    await self._send(websocket, {"type": "error", "error": error})
                else:
                    await self._send(
                        websocket, {"type": "session.updated", "session": event["session"]}
                    )
            elif kind == "input_audio_buffer.append":
                pcm = np.frombuffer(base64.b64decode(event["audio"]), dtype="<i2")
                if detector.feed(pcm):
                    turn = await self._finish_turn(websocket, connection, detector, turn)
            elif kind == "input_audio_buffer.commit":
                if self.close_after_commit:
                    await websocket.close(code=1011, reason="server gave up")
                    return
                if detector.heard_speech:
                    turn = await self._finish_turn(websocket, connection, detector, turn)
                else:
                    error = {
                        "type": "invalid_request_error",
                        "code": "input_audio_buffer_commit_empty",
                        "message": "buffer too small",
                        "event_id": event.get("event_id"),
                    }
                    await self._send(websocket, {"type": "error", "error": error})
            elif kind == "input_audio_buffer.clear":
                detector.take()
                await self._send(websocket, {"type": "input_audio_buffer.cleared"})

    async def _finish_turn(
        self,
        websocket: ServerConnection,
        connection: Connection,
        detector: _TurnDetector,
        turn: int,
    ) -> int:
        item_id = f"item_{turn + 1}"
        connection.turn_audio.append(detector.take())
        await self._send(
            websocket, {"type": "input_audio_buffer.speech_stopped", "item_id": item_id}
        )
        await self._send(websocket, {"type": "input_audio_buffer.committed", "item_id": item_id})
        transcript = self.transcripts[turn] if turn < len(self.transcripts) else ""
        await self._send(
            websocket,
            {
                "type": "conversation.item.input_audio_transcription.completed",
                "item_id": item_id,
                "content_index": 0,
                "transcript": transcript,
            },
        )
        return turn + 1


class SpanRecorder:
    """A tracing processor keeping finished traces and spans in memory (nothing is exported)."""

    def __init__(self) -> None:
        self.traces: list[Any] = []
        self.spans: list[Any] = []
        self._lock = threading.Lock()

    def on_trace_start(self, trace: Any) -> None:
        return None

    def on_trace_end(self, trace: Any) -> None:
        with self._lock:
            self.traces.append(trace)

    def on_span_start(self, span: Any) -> None:
        return None

    def on_span_end(self, span: Any) -> None:
        with self._lock:
            self.spans.append(span)

    def shutdown(self) -> None:
        return None

    def force_flush(self) -> None:
        return None

    def of_type(self, kind: str) -> list[Any]:
        return [s for s in self.spans if s.span_data.type == kind]


def describe(event: Any) -> Any:
    """An event as a comparable value: lifecycle names, `("audio", n)` or `("error", exc)`."""
    if event.type == "voice_stream_event_lifecycle":
        return event.event
    if event.type == "voice_stream_event_audio":
        return ("audio", len(event.data))
    return ("error", event.error)


async def collect(result: Any) -> tuple[list[Any], BaseException | None]:
    """Every event of `result.stream()`, and the exception it ended with (or None)."""
    events: list[Any] = []
    try:
        async for event in result.stream():
            events.append(event)
    except Exception as exc:
        return events, exc
    return events, None


def speaking(text: str) -> Callable[[Any], bool]:
    """A test-server `when=` predicate: a speech request for `text`. A pipeline synthesises its
    sentences concurrently, so their requests reach the server in either order."""
    return lambda request: isinstance(request.json, dict) and request.json.get("input") == text
