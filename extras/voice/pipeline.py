"""`VoicePipeline`: speech to text, then a workflow, then text to speech."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

from ..exceptions import UserError
from ..logger import logger
from ..tracing import TraceCtxManager
from .input import AudioInput, StreamedAudioInput
from .model import StreamedTranscriptionSession, STTModel, TTSModel
from .pipeline_config import VoicePipelineConfig, _coerce_config
from .result import StreamedAudioResult, _settle
from .workflow import VoiceWorkflowBase


def _log_error(message: str, error: BaseException) -> None:
    logger.error("%s: %s", message, type(error).__name__)


class VoicePipeline:
    """Transcribes audio, runs `workflow` on the text, and streams the answer as speech.

    Models given by name, or not at all, come from `config.model_provider` on first use.
    """

    def __init__(
        self,
        *,
        workflow: VoiceWorkflowBase,
        stt_model: STTModel | str | None = None,
        tts_model: TTSModel | str | None = None,
        config: VoicePipelineConfig | dict[str, Any] | None = None,
    ) -> None:
        self.workflow = workflow
        self.stt_model = stt_model if isinstance(stt_model, STTModel) else None
        self.tts_model = tts_model if isinstance(tts_model, TTSModel) else None
        self._stt_model_name = stt_model if isinstance(stt_model, str) else None
        self._tts_model_name = tts_model if isinstance(tts_model, str) else None
        self.config = (
            _coerce_config(config, VoicePipelineConfig, "voice.pipeline")
            if config is not None
            else VoicePipelineConfig()
        )

    async def run(self, audio_input: AudioInput | StreamedAudioInput) -> StreamedAudioResult:
        """Start processing `audio_input`; read the answer from the result's `stream()`.

        An `AudioInput` is one turn; a `StreamedAudioInput` is a conversation that lasts until
        `add_audio(None)`, with one turn per utterance the transcription session detects.
        """
        if isinstance(audio_input, AudioInput):
            return self._start(self._single_turn, audio_input)
        if isinstance(audio_input, StreamedAudioInput):
            return self._start(self._multi_turn, audio_input)
        raise UserError(
            f"Unsupported audio input type: {type(audio_input).__name__}; "
            "pass an AudioInput or a StreamedAudioInput"
        )

    def _get_tts_model(self) -> TTSModel:
        if self.tts_model is None:
            self.tts_model = self.config.model_provider.get_tts_model(self._tts_model_name)
        return self.tts_model

    def _get_stt_model(self) -> STTModel:
        if self.stt_model is None:
            self.stt_model = self.config.model_provider.get_stt_model(self._stt_model_name)
        return self.stt_model

    def _trace(self) -> TraceCtxManager:
        return TraceCtxManager(
            workflow_name=self.config.workflow_name or "Voice Agent",
            trace_id=None,
            group_id=self.config.group_id,
            metadata=self.config.trace_metadata,
            tracing=self.config.tracing,
            disabled=self.config.tracing_disabled,
        )

    def _start(self, produce: Any, audio_input: Any) -> StreamedAudioResult:
        output = StreamedAudioResult(self._get_tts_model(), self.config.tts_settings, self.config)

        async def producer() -> None:
            # The trace stays open for the whole session, in the task that produces it.
            with self._trace():
                try:
                    await produce(audio_input, output)
                except asyncio.CancelledError:
                    await output._cancel()
                    raise

        output._set_task(asyncio.create_task(producer()))
        return output

    async def _speak(self, text: AsyncIterator[str], output: StreamedAudioResult) -> None:
        async for piece in text:
            await output._add_text(piece)
        await output._turn_done()

    async def _single_turn(self, audio_input: AudioInput, output: StreamedAudioResult) -> None:
        try:
            transcription = await self._get_stt_model().transcribe(
                audio_input,
                self.config.stt_settings,
                self.config.trace_include_sensitive_data,
                self.config.trace_include_sensitive_audio_data,
            )
            await self._speak(self.workflow.run(transcription), output)
            await output._done()
        except Exception as exc:
            _log_error("Error processing single voice turn", exc)
            await output._add_error(exc)
            raise

    async def _greet(self, output: StreamedAudioResult) -> None:
        """Speak `workflow.on_start()` as a turn of its own; a failing greeting is only logged."""
        spoke = False
        try:
            async for piece in self.workflow.on_start():
                await output._add_text(piece)
                spoke = True
        except Exception as exc:
            logger.warning("Voice workflow on_start failed: %s", type(exc).__name__)
        if spoke:
            await output._turn_done()

    async def _multi_turn(
        self, audio_input: StreamedAudioInput, output: StreamedAudioResult
    ) -> None:
        session: StreamedTranscriptionSession | None = None
        error: Exception | None = None
        try:
            await self._greet(output)
            session = await self._get_stt_model().create_session(
                audio_input,
                self.config.stt_settings,
                self.config.trace_include_sensitive_data,
                self.config.trace_include_sensitive_audio_data,
            )
            async for transcription in session.transcribe_turns():
                await self._speak(self.workflow.run(transcription), output)
        except Exception as exc:
            _log_error("Error processing voice turns", exc)
            await output._add_error(exc)
            error = exc
        finally:
            if session is not None:
                close_error = await _close_session(session)
                if close_error is not None and error is None:
                    _log_error("Error closing voice transcription session", close_error)
                    await output._add_error(close_error)
                    error = close_error
        if error is not None:
            raise error
        await output._done()


async def _close_session(session: StreamedTranscriptionSession) -> Exception | None:
    """Close `session` to the end even when cancelled meanwhile; returns its close error."""
    outcome: list[Exception] = []

    async def close() -> None:
        try:
            await session.close()
        except Exception as exc:
            outcome.append(exc)

    await _settle(close())
    return outcome[0] if outcome else None
