"""Events a `StreamedAudioResult` streams: audio chunks, turn/session lifecycle, errors."""

from __future__ import annotations

from typing import Literal, TypeAlias

from ..util._dataclass import dataclass
from .imports import np, npt


@dataclass
class VoiceStreamEventAudio:
    """A chunk of synthesized audio (`None` never comes from the pipeline itself)."""

    data: npt.NDArray[np.int16 | np.float32] | None
    type: Literal["voice_stream_event_audio"] = "voice_stream_event_audio"


@dataclass
class VoiceStreamEventLifecycle:
    """A turn started or ended, or the whole session ended."""

    event: Literal["turn_started", "turn_ended", "session_ended"]
    type: Literal["voice_stream_event_lifecycle"] = "voice_stream_event_lifecycle"


@dataclass
class VoiceStreamEventError:
    """The pipeline failed; `StreamedAudioResult.stream()` raises `error` when it meets this."""

    error: Exception
    type: Literal["voice_stream_event_error"] = "voice_stream_event_error"


VoiceStreamEvent: TypeAlias = (
    VoiceStreamEventAudio | VoiceStreamEventLifecycle | VoiceStreamEventError
)
"""Anything `StreamedAudioResult.stream()` yields."""
