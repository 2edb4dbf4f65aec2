"""The model interfaces a `VoicePipeline` drives, and their settings."""

from __future__ import annotations

import abc
from collections.abc import AsyncIterator, Callable
from dataclasses import field
from typing import Any, Literal, TypeAlias

from typing_extensions import TypedDict

from ..util._dataclass import dataclass
from .imports import np, npt
from .input import AudioInput, StreamedAudioInput
from .utils import get_sentence_based_splitter

DEFAULT_TTS_INSTRUCTIONS = (
    "You will receive partial sentences. Do not complete the sentence, just read out the text."
)
DEFAULT_TTS_BUFFER_SIZE = 120


class TTSCustomVoice(TypedDict):
    """A custom OpenAI voice, by id."""

    id: str


TTSVoice: TypeAlias = (
    Literal[
        "alloy",
        "ash",
        "ballad",
        "coral",
        "echo",
        "fable",
        "onyx",
        "nova",
        "sage",
        "shimmer",
        "verse",
        "marin",
        "cedar",
    ]
    | TTSCustomVoice
)
"""A built-in voice name or a custom voice reference."""


@dataclass
class TTSModelSettings:
    """How text is turned into the audio the pipeline streams."""

    voice: TTSVoice | None = None
    """The voice; the model's default when unset."""

    buffer_size: int = DEFAULT_TTS_BUFFER_SIZE
    """How many chunks from the TTS model are gathered into one audio event."""

    dtype: npt.DTypeLike = np.int16
    """The dtype of the audio events: `np.int16`, or `np.float32` (in [-1, 1], shape (n, 1))."""

    transform_data: (
        Callable[[npt.NDArray[np.int16 | np.float32]], npt.NDArray[np.int16 | np.float32]] | None
    ) = None
    """Applied to every audio array before it is streamed (e.g. to reshape it for playback)."""

    instructions: str = (
        "You will receive partial sentences. Do not complete the sentence just read out the text."
    )
    """Tone and style instructions sent to the TTS model."""

    text_splitter: Callable[[str], tuple[str, str]] = field(
        default_factory=get_sentence_based_splitter
    )
    """Splits the buffered text into `(speak now, keep buffering)`."""

    speed: float | None = None
    """Reading speed, 0.25 to 4.0; the model's default when unset."""


class TTSModel(abc.ABC):
    """Text to speech."""

    @property
    @abc.abstractmethod
    def model_name(self) -> str:
        """The model's name (recorded on speech spans)."""

    @abc.abstractmethod
    def run(self, text: str, settings: TTSModelSettings) -> AsyncIterator[bytes]:
        """Synthesize `text`, yielding 16-bit little-endian mono PCM bytes as they arrive."""


class StreamedTranscriptionSession(abc.ABC):
    """A live transcription of a `StreamedAudioInput`."""

    @abc.abstractmethod
    def transcribe_turns(self) -> AsyncIterator[str]:
        """Yield one transcript per user turn; returns once the session is over or closed."""

    @abc.abstractmethod
    async def close(self) -> None:
        """Stop transcribing and release the connection."""


@dataclass
class STTModelSettings:
    """Speech-to-text settings."""

    prompt: str | None = None
    """Text that guides the transcription (style, vocabulary)."""

    language: str | None = None
    """The input language, e.g. "en"."""

    temperature: float | None = None

    turn_detection: dict[str, Any] | None = None
    """Turn detection for streamed input; `{"type": "semantic_vad"}` when unset."""

    languages: list[str] | None = field(default=None, kw_only=True)
    """Possible input languages for streamed input; takes precedence over `language`."""

    keywords: list[str] | None = field(default=None, kw_only=True)
    """Words or phrases that guide streamed transcription."""


class STTModel(abc.ABC):
    """Speech to text, for whole buffers and for streams."""

    @property
    @abc.abstractmethod
    def model_name(self) -> str:
        """The model's name (recorded on transcription spans)."""

    @abc.abstractmethod
    async def transcribe(
        self,
        input: AudioInput,
        settings: STTModelSettings,
        trace_include_sensitive_data: bool,
        trace_include_sensitive_audio_data: bool,
    ) -> str:
        """The text spoken in `input`."""

    @abc.abstractmethod
    async def create_session(
        self,
        input: StreamedAudioInput,
        settings: STTModelSettings,
        trace_include_sensitive_data: bool,
        trace_include_sensitive_audio_data: bool,
    ) -> StreamedTranscriptionSession:
        """A session transcribing the audio pushed into `input`, turn by turn."""


class VoiceModelProvider(abc.ABC):
    """Looks up STT and TTS models by name (`None` means the provider's default)."""

    @abc.abstractmethod
    def get_stt_model(self, model_name: str | None) -> STTModel:
        """The speech-to-text model called `model_name`."""

    @abc.abstractmethod
    def get_tts_model(self, model_name: str | None) -> TTSModel:
        """The text-to-speech model called `model_name`."""
