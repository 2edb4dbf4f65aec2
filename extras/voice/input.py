"""Audio given to a `VoicePipeline`: one static buffer, or a stream pushed chunk by chunk."""

from __future__ import annotations

import asyncio
import base64
import io
import wave
from typing import Any

from ..exceptions import UserError
from ..util._dataclass import dataclass
from .imports import np, npt

DEFAULT_SAMPLE_RATE = 24000

_DTYPE_HELP = (
    "convert it first, e.g. `buffer.astype(np.int16)` for PCM or `buffer.astype(np.float32)` "
    "for samples in [-1.0, 1.0]"
)


def _check_dtype(buffer: Any) -> None:
    dtype = getattr(buffer, "dtype", None)
    if dtype is None:
        raise UserError(
            f"Audio must be a numpy array of int16 or float32, got {type(buffer).__name__}"
        )
    if dtype not in (np.int16, np.float32):
        raise UserError(
            f"Audio must be a numpy array of int16 or float32, got {dtype}: {_DTYPE_HELP}"
        )


def _to_pcm16(buffer: npt.NDArray[Any]) -> npt.NDArray[np.int16]:
    """Little-endian 16-bit PCM; float samples are clipped to [-1, 1] first."""
    _check_dtype(buffer)
    if buffer.dtype == np.float32:
        pcm: npt.NDArray[np.int16] = (np.clip(buffer, -1.0, 1.0) * 32767).astype("<i2")
    else:
        pcm = buffer.astype("<i2", copy=False)
    return pcm


def _pack_24bit(samples: npt.NDArray[Any]) -> bytes:
    wide = np.ascontiguousarray(samples, dtype="<i4")
    return wide.view(np.uint8).reshape(-1, 4)[:, :3].tobytes()


def _float_frames(buffer: npt.NDArray[Any], sample_width: int) -> bytes:
    clipped = np.clip(buffer, -1.0, 1.0)
    if sample_width == 1:
        unsigned = np.rint((clipped.astype(np.float64) + 1.0) * 127.5).astype(np.uint8)
        return bytes(unsigned.tobytes())
    if sample_width == 2:
        return bytes((clipped * 32767).astype("<i2").tobytes())
    peak = (1 << (sample_width * 8 - 1)) - 1
    scaled = (clipped.astype(np.float64) * peak).astype(np.int32)
    return _pack_24bit(scaled) if sample_width == 3 else bytes(scaled.astype("<i4").tobytes())


def _int16_frames(buffer: npt.NDArray[Any], sample_width: int) -> bytes:
    if sample_width == 1:
        return bytes(((buffer.astype(np.int32) >> 8) + 128).astype(np.uint8).tobytes())
    widened = buffer.astype(np.int32) << (8 * (sample_width - 2))
    if sample_width == 2:
        return bytes(widened.astype("<i2").tobytes())
    return _pack_24bit(widened) if sample_width == 3 else bytes(widened.astype("<i4").tobytes())


def _validate_format(buffer: Any, frame_rate: int, sample_width: int, channels: int) -> None:
    if sample_width not in (1, 2, 3, 4):
        raise UserError(f"sample_width must be 1, 2, 3 or 4 bytes, got {sample_width!r}")
    if not isinstance(frame_rate, int) or frame_rate <= 0:
        raise UserError(
            f"frame_rate must be a positive number of samples per second, got {frame_rate!r}"
        )
    _check_dtype(buffer)
    if not isinstance(channels, int) or channels <= 0:
        raise UserError(f"channels must be a positive integer, got {channels!r}")
    if buffer.size % channels:
        raise UserError(
            f"The buffer holds {buffer.size} samples, not a whole number of {channels}-channel "
            "frames: pass interleaved samples, or the right `channels`"
        )


def _buffer_to_audio_file(
    buffer: npt.NDArray[Any],
    frame_rate: int = DEFAULT_SAMPLE_RATE,
    sample_width: int = 2,
    channels: int = 1,
) -> tuple[str, io.BytesIO, str]:
    """A WAV file of `buffer` as `(filename, file, content type)`, ready for a multipart upload."""
    _validate_format(buffer, frame_rate, sample_width, channels)
    if buffer.dtype == np.float32:
        frames = _float_frames(buffer, sample_width)
    else:
        frames = _int16_frames(buffer, sample_width)
    file = io.BytesIO()
    with wave.open(file, "wb") as wav:
        wav.setnchannels(channels)
        wav.setsampwidth(sample_width)
        wav.setframerate(frame_rate)
        wav.writeframes(frames)
    file.seek(0)
    return ("audio.wav", file, "audio/wav")


@dataclass
class AudioInput:
    """One complete piece of audio (e.g. a recorded question) for `VoicePipeline.run`."""

    buffer: npt.NDArray[np.int16 | np.float32]
    """Samples: int16 PCM, or float32 in [-1.0, 1.0]; interleaved when there are several channels."""

    frame_rate: int = DEFAULT_SAMPLE_RATE
    sample_width: int = 2
    channels: int = 1

    def to_audio_file(self) -> tuple[str, io.BytesIO, str]:
        """`(filename, WAV file, content type)` of this audio."""
        return _buffer_to_audio_file(self.buffer, self.frame_rate, self.sample_width, self.channels)

    def to_base64(self) -> str:
        """The samples as base64 16-bit little-endian PCM (float32 is converted, not mutated)."""
        return base64.b64encode(_to_pcm16(self.buffer).tobytes()).decode("ascii")


class StreamedAudioInput:
    """Audio arriving over time (e.g. from a microphone): push chunks with `add_audio`, and
    `None` to end the stream."""

    def __init__(self) -> None:
        self.queue: asyncio.Queue[npt.NDArray[np.int16 | np.float32] | None] = asyncio.Queue()

    async def add_audio(self, audio: npt.NDArray[np.int16 | np.float32] | None) -> None:
        """Queue a chunk of 24 kHz mono int16/float32 samples, or `None` for end of stream."""
        await self.queue.put(audio)
