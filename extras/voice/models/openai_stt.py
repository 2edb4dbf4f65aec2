"""OpenAI speech to text: POST /audio/transcriptions for a buffer, the realtime transcription
websocket for a stream."""

from __future__ import annotations

import asyncio
import base64
import json
import logging
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit
from uuid import uuid4

from ...client import AsyncOpenAI
from ...exceptions import UserError
from ...logger import logger
from ...tracing import Span, SpanError, TranscriptionSpanData, transcription_span
from ...util import _debug
from ..exceptions import STTWebsocketConnectionError
from ..imports import np, npt, websockets
from ..input import AudioInput, StreamedAudioInput, _to_pcm16
from ..model import StreamedTranscriptionSession, STTModel, STTModelSettings

EVENT_INACTIVITY_TIMEOUT = 1000
"""Seconds without a server event after which a session that sent no final commit ends."""
SESSION_CREATION_TIMEOUT = 10
SESSION_UPDATE_TIMEOUT = 10

DEFAULT_TURN_DETECTION = {"type": "semantic_vad"}
_MULTILINGUAL_MODELS = frozenset({"gpt-transcribe", "gpt-live-transcribe"})
_REDACTED = "Error details are redacted."
_END = object()


class _QuietWebsocketLogger(logging.LoggerAdapter):  # type: ignore[type-arg]
    """websockets logs the handshake (the Authorization header included) at DEBUG: never let it."""

    def isEnabledFor(self, level: int) -> bool:
        return level > logging.DEBUG and super().isEnabledFor(level)


_WEBSOCKET_LOGGER = _QuietWebsocketLogger(logging.getLogger("websockets.client"), {})


def _trace_error(message: str, include_sensitive: bool) -> str:
    return message if include_sensitive else _REDACTED


def _streamed_chunk_to_base64(buffer: npt.NDArray[Any]) -> str:
    if buffer.ndim > 1 and buffer.shape[-1] != 1:
        raise UserError(
            f"Streamed audio must be mono 24 kHz PCM, got an array of shape {buffer.shape}: "
            "mix the channels down first, e.g. `buffer.mean(axis=1).astype(buffer.dtype)`"
        )
    return base64.b64encode(_to_pcm16(buffer).tobytes()).decode("ascii")


def _websocket_url(client: AsyncOpenAI) -> str:
    base = client.websocket_base_url or client.base_url
    parts = urlsplit(base)
    scheme = {"http": "ws", "https": "wss"}.get(parts.scheme, parts.scheme)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    query.update({str(key): str(value) for key, value in client.default_query.items()})
    query["intent"] = "transcription"
    path = parts.path.rstrip("/") + "/realtime"
    return urlunsplit((scheme, parts.netloc, path, urlencode(query), ""))


def _websocket_headers(client: AsyncOpenAI) -> dict[str, str]:
    # What the openai client's default headers put on the handshake too.
    headers = {
        "Authorization": f"Bearer {client.api_key}",
        "Accept": "application/json",
        "Content-Type": "application/json",
    }
    if client.organization:
        headers["OpenAI-Organization"] = client.organization
    if client.project:
        headers["OpenAI-Project"] = client.project
    headers.update(client.default_headers)
    return headers


class OpenAISTTTranscriptionSession(StreamedTranscriptionSession):
    """Streams a `StreamedAudioInput` to the realtime transcription websocket and yields one
    transcript per turn the server detects."""

    def __init__(
        self,
        input: StreamedAudioInput,
        client: AsyncOpenAI,
        model: str,
        settings: STTModelSettings,
        trace_include_sensitive_data: bool,
        trace_include_sensitive_audio_data: bool,
    ) -> None:
        self.connected = False
        self._input_queue = input.queue
        self._client = client
        self._model = model
        self._settings = settings
        self._turn_detection = settings.turn_detection or DEFAULT_TURN_DETECTION
        self._include_text = trace_include_sensitive_data
        self._include_audio = trace_include_sensitive_audio_data
        self._turns: asyncio.Queue[Any] = asyncio.Queue()
        self._websocket: Any = None
        self._session_task: asyncio.Task[None] | None = None
        self._pump_task: asyncio.Task[None] | None = None
        self._span: Span[TranscriptionSpanData] | None = None
        self._turn_audio: list[npt.NDArray[Any]] = []
        self._final_commit_id: str | None = None
        self._closing = False

    def _transcription_config(self) -> dict[str, Any]:
        config: dict[str, Any] = {"model": self._model}
        settings = self._settings
        if settings.languages is not None:
            config["languages"] = list(settings.languages)
        elif settings.language is not None:
            if self._model in _MULTILINGUAL_MODELS:
                config["languages"] = [settings.language]
            else:
                config["language"] = settings.language
        if settings.prompt is not None:
            config["prompt"] = settings.prompt
        if settings.keywords is not None:
            config["keywords"] = list(settings.keywords)
        return config

    def _start_span(self) -> None:
        config = self._transcription_config()
        self._span = transcription_span(
            model=self._model,
            model_config={
                "temperature": self._settings.temperature,
                "language": config.get("language"),
                "languages": config.get("languages"),
                "keywords": config.get("keywords") if self._include_text else None,
                "prompt": config.get("prompt") if self._include_text else None,
                "turn_detection": self._turn_detection,
            },
        )
        self._span.start()

    def _end_span(self, transcript: str) -> None:
        span, self._span = self._span, None
        if span is None:
            return
        if self._include_audio and self._turn_audio:
            joined = np.concatenate([_to_pcm16(chunk) for chunk in self._turn_audio])
            span.span_data.input = base64.b64encode(joined.tobytes()).decode("ascii")
        span.span_data.input_format = "pcm"
        if self._include_text:
            span.span_data.output = transcript
        span.finish()
        self._turn_audio = []

    async def _send(self, event: dict[str, Any]) -> None:
        await self._websocket.send(json.dumps(event))

    async def _wait_for(self, types: tuple[str, ...], timeout: float, what: str) -> dict[str, Any]:
        async def next_matching() -> dict[str, Any]:
            async for message in self._websocket:
                event = json.loads(message)
                if event.get("type") == "error":
                    raise STTWebsocketConnectionError(f"Error event: {event.get('error')}")
                if event.get("type") in types:
                    return dict(event)
            raise STTWebsocketConnectionError(f"Websocket closed while waiting for {what}")

        try:
            return await asyncio.wait_for(next_matching(), timeout)
        except asyncio.TimeoutError as exc:
            raise STTWebsocketConnectionError(f"Timeout waiting for {what} event") from exc

    async def _configure(self) -> None:
        await self._wait_for(
            ("session.created", "transcription_session.created"),
            SESSION_CREATION_TIMEOUT,
            "transcription_session.created",
        )
        audio_input = {
            "format": {"type": "audio/pcm", "rate": 24000},
            "transcription": self._transcription_config(),
            "turn_detection": self._turn_detection,
        }
        await self._send(
            {
                "type": "session.update",
                "session": {"type": "transcription", "audio": {"input": audio_input}},
            }
        )
        event = await self._wait_for(
            ("session.updated", "transcription_session.updated"),
            SESSION_UPDATE_TIMEOUT,
            "transcription_session.updated",
        )
        logger.debug(
            "Session updated" if _debug.dont_log_model_data() else f"Session updated: {event}"
        )

    async def _pump_audio(self) -> None:
        """Send every queued chunk; at `None`, commit what is left and clear the buffer."""
        self._start_span()
        try:
            while (chunk := await self._input_queue.get()) is not None:
                audio = _streamed_chunk_to_base64(chunk)
                if self._include_audio:
                    self._turn_audio.append(chunk)
                await self._send({"type": "input_audio_buffer.append", "audio": audio})
            self._final_commit_id = uuid4().hex
            await self._send(
                {"type": "input_audio_buffer.commit", "event_id": self._final_commit_id}
            )
            await self._send({"type": "input_audio_buffer.clear"})
        except websockets.ConnectionClosed:
            return
        except Exception as exc:
            await self._turns.put(exc)

    def _is_expected_error(self, event: dict[str, Any]) -> bool:
        """The server's answer to our final commit when turn detection already committed it."""
        error = event.get("error") or {}
        return (
            self._final_commit_id is not None
            and error.get("event_id") == self._final_commit_id
            and error.get("code") == "input_audio_buffer_commit_empty"
        )

    async def _receive(self) -> dict[str, Any] | None:
        """The next server event; `None` when the socket closed cleanly or went quiet."""
        try:
            message = await asyncio.wait_for(self._websocket.recv(), EVENT_INACTIVITY_TIMEOUT)
        except asyncio.TimeoutError as exc:
            if self._final_commit_id is not None:
                raise STTWebsocketConnectionError(
                    "Timeout waiting for final transcription"
                ) from exc
            return None
        except websockets.ConnectionClosedOK:
            return None
        except websockets.ConnectionClosed as exc:
            raise STTWebsocketConnectionError("Error parsing events") from exc
        try:
            event = json.loads(message)
        except ValueError as exc:
            raise STTWebsocketConnectionError("Error parsing events") from exc
        return event if isinstance(event, dict) else {}

    async def _read_turns(self) -> None:
        pending: set[str] = set()
        cleared = False
        while True:
            event = await self._receive()
            if event is None:
                if (
                    not self._closing
                    and self._final_commit_id is not None
                    and (not cleared or pending)
                ):
                    raise STTWebsocketConnectionError(
                        "Websocket closed before final transcription completed"
                    )
                return
            kind = event.get("type", "unknown")
            if kind == "error":
                if self._is_expected_error(event):
                    continue
                raise STTWebsocketConnectionError(f"Error event: {event.get('error')}")
            if kind == "input_audio_buffer.committed":
                pending.add(event["item_id"])
            elif kind == "input_audio_buffer.cleared":
                cleared = True
            elif kind == "conversation.item.input_audio_transcription.failed":
                raise STTWebsocketConnectionError("Input audio transcription failed")
            elif kind in (
                "conversation.item.input_audio_transcription.completed",
                "input_audio_transcription_completed",
            ):
                await self._complete_turn(event, pending)
            if self._final_commit_id is not None and cleared and not pending:
                return

    async def _complete_turn(self, event: dict[str, Any], pending: set[str]) -> None:
        if "item_id" in event or event.get("type") != "input_audio_transcription_completed":
            pending.discard(event.get("item_id", ""))
        elif pending:
            # Legacy events do not name their item; each still settles one pending transcript.
            pending.pop()
        transcript = str(event.get("transcript") or "")
        if transcript:
            self._end_span(transcript)
            self._start_span()
            await self._turns.put(transcript)

    async def _run_session(self) -> None:
        try:
            async with websockets.connect(
                _websocket_url(self._client),
                additional_headers=_websocket_headers(self._client),
                logger=_WEBSOCKET_LOGGER,
            ) as websocket:
                self._websocket = websocket
                await self._configure()
                self._pump_task = asyncio.create_task(self._pump_audio())
                self.connected = True
                await self._read_turns()
        except Exception as exc:
            await self._turns.put(exc)
        finally:
            await self._turns.put(_END)

    async def transcribe_turns(self) -> AsyncIterator[str]:
        if self._session_task is None:
            self._session_task = asyncio.create_task(self._run_session())
        try:
            while True:
                item = await self._turns.get()
                if item is _END:
                    return
                if isinstance(item, BaseException):
                    raise item
                yield item
        finally:
            await self.close()

    async def close(self) -> None:
        """Close the websocket, stop the tasks and finish the open transcription span."""
        self._closing = True
        try:
            if self._websocket is not None:
                await self._websocket.close()
        finally:
            tasks = [t for t in (self._pump_task, self._session_task) if t is not None]
            tasks = [t for t in tasks if t is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            self._end_span("")


class OpenAISTTModel(STTModel):
    """Transcription with an OpenAI model (e.g. "gpt-transcribe")."""

    def __init__(self, model: str, openai_client: AsyncOpenAI) -> None:
        self.model = model
        self._client = openai_client

    @property
    def model_name(self) -> str:
        return self.model

    def _request_fields(self, settings: STTModelSettings) -> dict[str, Any]:
        fields: dict[str, Any] = {"prompt": settings.prompt, "temperature": settings.temperature}
        if self.model == "gpt-transcribe":
            if settings.language is not None:
                fields["extra_body"] = {"languages": [settings.language]}
        else:
            fields["language"] = settings.language
        return fields

    async def transcribe(
        self,
        input: AudioInput,
        settings: STTModelSettings,
        trace_include_sensitive_data: bool,
        trace_include_sensitive_audio_data: bool,
    ) -> str:
        """Upload `input` as a WAV file and return the text."""
        model_config = {
            "temperature": settings.temperature,
            "language": settings.language,
            "prompt": settings.prompt if trace_include_sensitive_data else None,
        }
        with transcription_span(
            model=self.model,
            input=input.to_base64() if trace_include_sensitive_audio_data else "",
            input_format="pcm",
            model_config=model_config,
        ) as span:
            try:
                answer = await self._client.audio.transcriptions.create(
                    model=self.model, file=input.to_audio_file(), **self._request_fields(settings)
                )
                text = answer.get("text", "") if isinstance(answer, dict) else str(answer)
                if trace_include_sensitive_data:
                    span.span_data.output = text
                return str(text)
            except Exception as exc:
                span.span_data.output = ""
                span.set_error(
                    SpanError(message=_trace_error(str(exc), trace_include_sensitive_data), data={})
                )
                raise

    async def create_session(
        self,
        input: StreamedAudioInput,
        settings: STTModelSettings,
        trace_include_sensitive_data: bool,
        trace_include_sensitive_audio_data: bool,
    ) -> StreamedTranscriptionSession:
        """A realtime-websocket session transcribing what is pushed into `input`."""
        return OpenAISTTTranscriptionSession(
            input,
            self._client,
            self.model,
            settings,
            trace_include_sensitive_data,
            trace_include_sensitive_audio_data,
        )
