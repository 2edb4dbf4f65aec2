"""`StreamedAudioResult`: the audio and lifecycle events of a running `VoicePipeline`.

Text from the workflow is cut into segments (by `TTSModelSettings.text_splitter`); each segment
is synthesized in its own task, so speech for the next sentence is fetched while the current
one plays, and a dispatcher forwards the segments' audio strictly in order.
"""

from __future__ import annotations

import asyncio
import base64
from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING, Any

from ..exceptions import UserError
from ..logger import logger
from ..tracing import Span, SpeechGroupSpanData, speech_group_span, speech_span
from ..tracing.util import time_iso
from .events import (
    VoiceStreamEvent,
    VoiceStreamEventAudio,
    VoiceStreamEventError,
    VoiceStreamEventLifecycle,
)
from .imports import np, npt
from .model import TTSModel, TTSModelSettings

if TYPE_CHECKING:
    from .pipeline_config import VoicePipelineConfig

_REDACTED = "Error details are redacted."
_Segment = tuple["asyncio.Queue[VoiceStreamEvent | None]", "Callable[[], None] | None"]


def _pcm_to_array(pcm: bytes, dtype: npt.DTypeLike) -> npt.NDArray[np.int16 | np.float32]:
    """16-bit PCM as an int16 array, or float32 in [-1, 1] with shape (n, 1)."""
    try:
        wanted = np.dtype(dtype)
    except (TypeError, ValueError) as exc:
        raise UserError(
            f"Invalid output dtype {dtype!r}: TTSModelSettings.dtype must be np.int16 or np.float32"
        ) from exc
    samples = np.frombuffer(pcm, dtype=np.int16)
    if wanted == np.int16:
        return samples
    if wanted == np.float32:
        return (samples.astype(np.float32) / 32767.0).reshape(-1, 1)
    raise UserError(
        f"Invalid output dtype {wanted}: TTSModelSettings.dtype must be np.int16 or np.float32"
    )


class StreamedAudioResult:
    """What `VoicePipeline.run` returns: iterate `stream()` for audio and lifecycle events."""

    def __init__(
        self,
        tts_model: TTSModel,
        tts_settings: TTSModelSettings,
        voice_pipeline_config: VoicePipelineConfig,
    ) -> None:
        self.tts_model = tts_model
        self.tts_settings = tts_settings
        self.total_output_text = ""
        self.instructions = tts_settings.instructions
        self.text_generation_task: asyncio.Task[Any] | None = None

        self._config = voice_pipeline_config
        self._events: asyncio.Queue[VoiceStreamEvent] = asyncio.Queue()
        self._segments: asyncio.Queue[_Segment | None] = asyncio.Queue()
        self._tts_tasks: list[asyncio.Task[None]] = []
        self._dispatcher: asyncio.Task[None] | None = None
        self._text_buffer = ""
        self._turn_text = ""
        self._turn_span: Span[SpeechGroupSpanData] | None = None
        self._open_turn_spans: list[Span[SpeechGroupSpanData]] = []
        self._terminal_sent = False

    # -- producer side (called by the pipeline) -------------------------------------------

    def _set_task(self, task: asyncio.Task[Any]) -> None:
        self.text_generation_task = task

    async def _add_error(self, error: Exception) -> None:
        await self._events.put(VoiceStreamEventError(error))

    async def _start_turn(self) -> None:
        if self._turn_span is not None:
            return
        self._turn_span = speech_group_span()
        self._turn_span.start()
        self._open_turn_spans.append(self._turn_span)
        await self._events.put(VoiceStreamEventLifecycle(event="turn_started"))

    async def _add_text(self, text: str) -> None:
        await self._start_turn()
        self._text_buffer += text
        self.total_output_text += text
        self._turn_text += text
        ready, self._text_buffer = self.tts_settings.text_splitter(self._text_buffer)
        if ready:
            self._add_segment(ready, None, self._turn_span)

    async def _turn_done(self) -> None:
        """Flush the buffered text and close the turn; waits for all speech so far."""
        if self._text_buffer or self._turn_span is not None:
            parent = self._turn_span
            closer = self._turn_closer()
            if self._text_buffer:
                self._add_segment(self._text_buffer, closer, parent)
                self._text_buffer = ""
            else:
                marker: asyncio.Queue[VoiceStreamEvent | None] = asyncio.Queue()
                marker.put_nowait(VoiceStreamEventLifecycle(event="turn_ended"))
                self._segments.put_nowait((marker, closer))
        self._ensure_dispatcher()
        await self._await_speech()

    async def _await_speech(self) -> None:
        """Wait for the segments synthesized so far; they are forgotten once they succeeded, so
        a long session does not wait on (or keep) every task it ever ran."""
        await asyncio.gather(*self._tts_tasks)
        self._tts_tasks = []

    async def _done(self) -> None:
        """No more turns: end the session once every segment has been streamed."""
        self._segments.put_nowait(None)
        self._ensure_dispatcher()
        await self._await_speech()
        if self._dispatcher is not None:
            await self._dispatcher

    async def _cancel(self) -> None:
        """The pipeline was cancelled: stop synthesis and still deliver `session_ended`."""
        pending = [
            t for t in (*self._tts_tasks, self._dispatcher) if t is not None and not t.done()
        ]
        for task in pending:
            task.cancel()
        await _settle(asyncio.gather(*pending, return_exceptions=True))
        if not self._terminal_sent:
            self._terminal_sent = True
            self._events.put_nowait(VoiceStreamEventLifecycle(event="session_ended"))
        self._finish_open_turns()

    def _turn_closer(self) -> Callable[[], None]:
        span, text = self._turn_span, self._turn_text
        self._turn_span, self._turn_text = None, ""

        def close() -> None:
            if span is None or span not in self._open_turn_spans:
                return
            span.span_data.input = text if self._config.trace_include_sensitive_data else ""
            span.finish()
            self._open_turn_spans.remove(span)

        return close

    def _finish_open_turns(self) -> None:
        for span in list(self._open_turn_spans):
            span.span_data.input = (
                self._turn_text if self._config.trace_include_sensitive_data else ""
            )
            span.finish()
        self._open_turn_spans.clear()
        self._turn_span, self._turn_text = None, ""

    def _add_segment(
        self,
        text: str,
        closer: Callable[[], None] | None,
        parent: Span[SpeechGroupSpanData] | None,
    ) -> None:
        queue: asyncio.Queue[VoiceStreamEvent | None] = asyncio.Queue()
        self._segments.put_nowait((queue, closer))
        task = asyncio.create_task(self._synthesize(text, queue, closer is not None, parent))
        # A task cancelled before it starts never reaches its own end marker.
        task.add_done_callback(lambda _: queue.put_nowait(None))
        self._tts_tasks.append(task)
        self._ensure_dispatcher()

    def _ensure_dispatcher(self) -> None:
        if self._dispatcher is None:
            self._dispatcher = asyncio.create_task(self._dispatch())

    # -- speech synthesis -----------------------------------------------------------------

    def _emit(self, pcm: bytes) -> VoiceStreamEventAudio:
        audio = _pcm_to_array(pcm, self.tts_settings.dtype)
        if self.tts_settings.transform_data is not None:
            audio = self.tts_settings.transform_data(audio)
        return VoiceStreamEventAudio(data=audio)

    async def _synthesize(
        self,
        text: str,
        queue: asyncio.Queue[VoiceStreamEvent | None],
        ends_turn: bool,
        parent: Span[SpeechGroupSpanData] | None,
    ) -> None:
        sensitive = self._config.trace_include_sensitive_data
        with speech_span(
            model=self.tts_model.model_name,
            input=text if sensitive else "",
            model_config={
                "voice": self.tts_settings.voice,
                "instructions": self.instructions if sensitive else None,
                "speed": self.tts_settings.speed,
            },
            output_format="pcm",
            parent=parent,
        ) as span:
            try:
                audio = await self._stream_speech(text, queue, span)
            except Exception as exc:
                span.set_error(
                    {
                        "message": str(exc) if sensitive else _REDACTED,
                        "data": {"text": text if sensitive else ""},
                    }
                )
                logger.error("Error streaming voice audio: %s", type(exc).__name__)
                await queue.put(VoiceStreamEventLifecycle(event="session_ended"))
                raise
            span.span_data.output = base64.b64encode(audio).decode("ascii") if audio else ""
            await queue.put(VoiceStreamEventLifecycle(event="turn_ended") if ends_turn else None)

    async def _stream_speech(
        self, text: str, queue: asyncio.Queue[VoiceStreamEvent | None], span: Any
    ) -> bytes:
        """Queue audio events of at least `buffer_size` chunks each; returns the traced audio."""
        keep_audio = self._config.trace_include_sensitive_audio_data
        traced: list[bytes] = []
        chunks: list[bytes] = []
        carry = b""  # half a sample left over from the previous event
        first = True
        async for chunk in self.tts_model.run(text, self.tts_settings):
            if first:
                first = False
                span.span_data.first_content_at = time_iso()
            if not chunk:
                continue
            chunks.append(chunk)
            if keep_audio:
                traced.append(chunk)
            if len(chunks) >= self.tts_settings.buffer_size:
                pcm = carry + b"".join(chunks)
                chunks = []
                cut = len(pcm) - len(pcm) % 2
                pcm, carry = pcm[:cut], pcm[cut:]
                if pcm:
                    await queue.put(self._emit(pcm))
        rest = carry + b"".join(chunks)
        if rest:
            await queue.put(self._emit(rest + b"\x00" * (len(rest) % 2)))
        return b"".join(traced)

    # -- ordered delivery -------------------------------------------------------------------

    async def _dispatch(self) -> None:
        while (segment := await self._segments.get()) is not None:
            queue, closer = segment
            while (event := await queue.get()) is not None:
                await self._events.put(event)
                if isinstance(event, VoiceStreamEventLifecycle):
                    if event.event == "session_ended":
                        self._terminal_sent = True
                        return
                    if closer is not None:
                        closer()
                    break
        self._terminal_sent = True
        await self._events.put(VoiceStreamEventLifecycle(event="session_ended"))

    # -- consumer side ----------------------------------------------------------------------

    async def stream(self) -> AsyncIterator[VoiceStreamEvent]:
        """Audio chunks and `turn_started`/`turn_ended`/`session_ended` events, in order.

        When the pipeline fails (transcription, workflow or speech), the stream ends and the
        error is raised here once the session has been closed.
        """
        error: BaseException | None = None
        finished = False
        try:
            while True:
                event = await self._events.get()
                if isinstance(event, VoiceStreamEventError):
                    error, finished = event.error, True
                    logger.error("Error processing voice output: %s", type(event.error).__name__)
                    break
                yield event
                if event.type == "voice_stream_event_lifecycle" and event.event == "session_ended":
                    finished = True
                    break
        finally:
            producer_error = await self._close(wait_for_producer=finished)
        failure = error or producer_error or self._tts_failure()
        if failure is not None:
            raise failure

    async def _close(self, *, wait_for_producer: bool) -> BaseException | None:
        """Stop every task; after a terminal event the producer may finish (closing its
        transcription session and trace) first. Returns the producer's exception."""
        producer = self.text_generation_task
        producer_error: BaseException | None = None
        if producer is not None and wait_for_producer and not producer.done():
            await _settle(asyncio.wait((producer,)))
        current = asyncio.current_task()
        tasks = [
            t
            for t in (*self._tts_tasks, self._dispatcher, producer)
            if t is not None and t is not current
        ]
        for task in tasks:
            if not task.done():
                task.cancel()
        await _settle(asyncio.gather(*tasks, return_exceptions=True))
        if producer is not None and producer.done():
            # Always retrieved, so an abandoned failure is not reported as "never retrieved". A
            # pipeline cancelled on its own (not by this consumer) ends the stream cancelled.
            exception = asyncio.CancelledError() if producer.cancelled() else producer.exception()
            producer_error = exception if wait_for_producer else None
        self._finish_open_turns()
        return producer_error

    def _tts_failure(self) -> BaseException | None:
        for task in self._tts_tasks:
            if task.done() and not task.cancelled() and task.exception() is not None:
                return task.exception()
        return None


async def _settle(awaitable: Any) -> None:
    """Await cleanup to the end even if the caller is cancelled meanwhile, then re-raise that."""
    future = asyncio.ensure_future(awaitable)
    cancelled = False
    while not future.done():
        try:
            await asyncio.shield(future)
        except asyncio.CancelledError:
            cancelled = True
    if cancelled:
        raise asyncio.CancelledError
