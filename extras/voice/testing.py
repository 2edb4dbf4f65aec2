"""Scripted STT, TTS and workflow doubles for testing voice pipelines without a network.

Each double plays back what it was given, in order, records its calls (as detached snapshots),
and `assert_complete()` fails when a scripted step was never used.
"""

from __future__ import annotations

import copy
from collections.abc import AsyncIterator, Iterable, Sequence
from dataclasses import field
from typing import Any

from ..util._dataclass import dataclass
from .imports import np
from .input import AudioInput, StreamedAudioInput
from .model import (
    StreamedTranscriptionSession,
    STTModel,
    STTModelSettings,
    TTSModel,
    TTSModelSettings,
)
from .workflow import VoiceWorkflowBase


class VoiceScriptError(Exception):
    """A voice script was misused: called too often, or not used up."""


class UnexpectedVoiceCall(VoiceScriptError):
    """A double was called after its script ran out; `operation` says which call."""

    def __init__(self, message: str, *, operation: str) -> None:
        super().__init__(message)
        self.operation = operation


class UnconsumedVoiceSteps(VoiceScriptError):
    """`assert_complete()` found `remaining_steps` scripted steps that were never used."""

    def __init__(self, message: str, *, remaining_steps: int) -> None:
        super().__init__(message)
        self.remaining_steps = remaining_steps


@dataclass(frozen=True)
class STTCall:
    """One `transcribe` call."""

    input: AudioInput
    settings: STTModelSettings
    trace_include_sensitive_data: bool
    trace_include_sensitive_audio_data: bool


@dataclass(frozen=True)
class STTSessionCall:
    """One `create_session` call (the live input is kept, not copied)."""

    input: StreamedAudioInput
    settings: STTModelSettings
    trace_include_sensitive_data: bool
    trace_include_sensitive_audio_data: bool


@dataclass(frozen=True)
class TTSCall:
    """One `run` call of the TTS model."""

    text: str
    settings: TTSModelSettings


@dataclass(frozen=True)
class TTSResult:
    """The PCM chunks one TTS call yields."""

    chunks: Sequence[bytes] = field(default_factory=tuple)


TranscriptionResult = str | Exception
TTSResultItem = TTSResult | Sequence[bytes] | Exception
WorkflowResult = str | Sequence[str] | Exception

_NO_START: Any = object()


def _as_list(script: Any) -> list[Any]:
    """A script given as one string is one step."""
    return [script] if isinstance(script, str) else list(script)


def _fragments(value: str | Sequence[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


def _stt_snapshot(call: STTCall) -> STTCall:
    audio = call.input
    return STTCall(
        input=AudioInput(audio.buffer.copy(), audio.frame_rate, audio.sample_width, audio.channels),
        settings=copy.deepcopy(call.settings),
        trace_include_sensitive_data=call.trace_include_sensitive_data,
        trace_include_sensitive_audio_data=call.trace_include_sensitive_audio_data,
    )


def _session_snapshot(call: STTSessionCall) -> STTSessionCall:
    return STTSessionCall(
        input=call.input,
        settings=copy.deepcopy(call.settings),
        trace_include_sensitive_data=call.trace_include_sensitive_data,
        trace_include_sensitive_audio_data=call.trace_include_sensitive_audio_data,
    )


def _tts_snapshot(call: TTSCall) -> TTSCall:
    return TTSCall(text=call.text, settings=copy.deepcopy(call.settings))


class ScriptedTranscriptionSession(StreamedTranscriptionSession):
    """Yields the scripted turns (an exception in the script is raised at its turn)."""

    def __init__(
        self,
        turns: str | Iterable[TranscriptionResult] = (),
        *,
        close_error: Exception | None = None,
    ) -> None:
        self._turns: list[TranscriptionResult] = _as_list(turns)
        self._close_error = close_error
        self.closed = False
        self.close_calls = 0

    async def transcribe_turns(self) -> AsyncIterator[str]:
        while self._turns and not self.closed:
            turn = self._turns.pop(0)
            if isinstance(turn, Exception):
                raise turn
            yield turn

    async def close(self) -> None:
        self.close_calls += 1
        if not self.closed:
            self.closed = True
            if self._close_error is not None:
                raise self._close_error

    def assert_complete(self) -> None:
        """Raise `UnconsumedVoiceSteps` if scripted turns are left."""
        if self._turns:
            raise UnconsumedVoiceSteps(
                f"{len(self._turns)} scripted transcription turn(s) were not consumed.",
                remaining_steps=len(self._turns),
            )


_SessionScript = ScriptedTranscriptionSession | Iterable[TranscriptionResult] | Exception


class ScriptedSTTModel(STTModel):
    """Answers `transcribe` from `transcriptions` and `create_session` from `sessions` (each a
    `ScriptedTranscriptionSession`, a list of turns, or an exception to raise)."""

    def __init__(
        self,
        transcriptions: str | Iterable[TranscriptionResult] = (),
        *,
        sessions: str | Iterable[_SessionScript] = (),
        model_name: str = "scripted-stt",
    ) -> None:
        self._transcriptions: list[TranscriptionResult] = _as_list(transcriptions)
        self._sessions: list[Any] = [
            item if isinstance(item, (ScriptedTranscriptionSession, Exception)) else _as_list(item)
            for item in _as_list(sessions)
        ]
        self._model_name = model_name
        self._calls: list[STTCall] = []
        self._session_calls: list[STTSessionCall] = []
        self._created_sessions: list[ScriptedTranscriptionSession] = []

    @property
    def model_name(self) -> str:
        return self._model_name

    @property
    def calls(self) -> tuple[STTCall, ...]:
        """Snapshots of the `transcribe` calls so far."""
        return tuple(_stt_snapshot(call) for call in self._calls)

    @property
    def session_calls(self) -> tuple[STTSessionCall, ...]:
        """Snapshots of the `create_session` calls so far."""
        return tuple(_session_snapshot(call) for call in self._session_calls)

    @property
    def created_sessions(self) -> tuple[ScriptedTranscriptionSession, ...]:
        """The sessions handed out, themselves (not copies)."""
        return tuple(self._created_sessions)

    async def transcribe(
        self,
        input: AudioInput,
        settings: STTModelSettings,
        trace_include_sensitive_data: bool,
        trace_include_sensitive_audio_data: bool,
    ) -> str:
        call = STTCall(
            input, settings, trace_include_sensitive_data, trace_include_sensitive_audio_data
        )
        self._calls.append(_stt_snapshot(call))
        if not self._transcriptions:
            raise UnexpectedVoiceCall(
                "Unexpected static transcription call: no scripted transcriptions remain.",
                operation="static_transcription",
            )
        result = self._transcriptions.pop(0)
        if isinstance(result, Exception):
            raise result
        return result

    async def create_session(
        self,
        input: StreamedAudioInput,
        settings: STTModelSettings,
        trace_include_sensitive_data: bool,
        trace_include_sensitive_audio_data: bool,
    ) -> StreamedTranscriptionSession:
        call = STTSessionCall(
            input, settings, trace_include_sensitive_data, trace_include_sensitive_audio_data
        )
        self._session_calls.append(_session_snapshot(call))
        if not self._sessions:
            raise UnexpectedVoiceCall(
                "Unexpected streamed transcription session: no scripted sessions remain.",
                operation="streamed_session",
            )
        script = self._sessions.pop(0)
        if isinstance(script, Exception):
            raise script
        session = (
            script
            if isinstance(script, ScriptedTranscriptionSession)
            else ScriptedTranscriptionSession(script)
        )
        self._created_sessions.append(session)
        return session

    def assert_complete(self) -> None:
        """Raise `UnconsumedVoiceSteps` if transcriptions, sessions or session turns are left."""
        remaining = len(self._transcriptions) + len(self._sessions)
        if remaining:
            raise UnconsumedVoiceSteps(
                f"{remaining} scripted STT step(s) were not consumed.", remaining_steps=remaining
            )
        for session in self._created_sessions:
            session.assert_complete()


class ScriptedTTSModel(TTSModel):
    """Each `run` call yields the next scripted result's chunks (or raises its exception)."""

    def __init__(
        self, results: Iterable[TTSResultItem] = (), *, model_name: str = "scripted-tts"
    ) -> None:
        self._results: list[TTSResult | Exception] = [
            item
            if isinstance(item, Exception)
            else TTSResult(chunks=tuple(item.chunks if isinstance(item, TTSResult) else item))
            for item in results
        ]
        self._model_name = model_name
        self._calls: list[TTSCall] = []

    @property
    def model_name(self) -> str:
        return self._model_name

    @property
    def calls(self) -> tuple[TTSCall, ...]:
        """Snapshots of the `run` calls so far."""
        return tuple(_tts_snapshot(call) for call in self._calls)

    async def run(self, text: str, settings: TTSModelSettings) -> AsyncIterator[bytes]:
        self._calls.append(_tts_snapshot(TTSCall(text=text, settings=settings)))
        if not self._results:
            raise UnexpectedVoiceCall(
                "Unexpected TTS call: no scripted results remain.", operation="tts"
            )
        result = self._results.pop(0)
        if isinstance(result, Exception):
            raise result
        for chunk in result.chunks:
            yield chunk

    def assert_complete(self) -> None:
        """Raise `UnconsumedVoiceSteps` if scripted results are left."""
        if self._results:
            raise UnconsumedVoiceSteps(
                f"{len(self._results)} scripted TTS result(s) were not consumed.",
                remaining_steps=len(self._results),
            )


class ScriptedVoiceWorkflow(VoiceWorkflowBase):
    """Each turn yields the next scripted fragments; `start` scripts `on_start` (once)."""

    def __init__(
        self,
        turns: str | Iterable[WorkflowResult] = (),
        *,
        start: str | Sequence[str] | Exception = _NO_START,
    ) -> None:
        self._turns: list[tuple[str, ...] | Exception] = [
            turn if isinstance(turn, Exception) else _fragments(turn) for turn in _as_list(turns)
        ]
        self._start_configured = start is not _NO_START
        self._start_pending = self._start_configured
        self._start: tuple[str, ...] | Exception = (
            ()
            if not self._start_configured
            else start
            if isinstance(start, Exception)
            else _fragments(start)
        )
        self._transcriptions: list[str] = []

    @property
    def transcriptions(self) -> tuple[str, ...]:
        """The transcriptions the workflow was run with."""
        return tuple(self._transcriptions)

    async def on_start(self) -> AsyncIterator[str]:
        if self._start_configured and not self._start_pending:
            raise UnexpectedVoiceCall(
                "Unexpected workflow startup call: no scripted startup step remains.",
                operation="workflow_start",
            )
        self._start_pending = False
        if isinstance(self._start, Exception):
            raise self._start
        for fragment in self._start:
            yield fragment

    async def run(self, transcription: str) -> AsyncIterator[str]:
        self._transcriptions.append(transcription)
        if not self._turns:
            raise UnexpectedVoiceCall(
                "Unexpected workflow turn: no scripted turns remain.", operation="workflow_turn"
            )
        turn = self._turns.pop(0)
        if isinstance(turn, Exception):
            raise turn
        for fragment in turn:
            yield fragment

    def assert_complete(self) -> None:
        """Raise `UnconsumedVoiceSteps` if the start step or turns are left."""
        start, turns = int(self._start_pending), len(self._turns)
        if not start and not turns:
            return
        if start and not turns:
            message = "1 scripted workflow startup step was not consumed."
        elif not start:
            message = f"{turns} scripted workflow turn(s) were not consumed."
        else:
            message = f"{start + turns} scripted workflow step(s) were not consumed."
        raise UnconsumedVoiceSteps(message, remaining_steps=start + turns)


def pcm16_samples(samples: Iterable[int]) -> bytes:
    """Integer samples as little-endian 16-bit PCM bytes."""
    return bytes(np.asarray(list(samples), dtype="<i2").tobytes())


__all__ = [
    "STTCall",
    "STTSessionCall",
    "ScriptedSTTModel",
    "ScriptedTTSModel",
    "ScriptedTranscriptionSession",
    "ScriptedVoiceWorkflow",
    "TTSCall",
    "TTSResult",
    "UnconsumedVoiceSteps",
    "UnexpectedVoiceCall",
    "VoiceScriptError",
    "pcm16_samples",
]
