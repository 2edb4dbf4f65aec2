"""Audio arithmetic."""

from __future__ import annotations

from collections.abc import Mapping

from .config import RealtimeAudioFormat

PCM16_SAMPLE_RATE_HZ = 24_000
PCM16_SAMPLE_WIDTH_BYTES = 2
G711_SAMPLE_RATE_HZ = 8_000

_G711_NAMES = frozenset({"g711_ulaw", "g711_alaw", "audio/pcmu", "audio/pcma", "pcmu", "pcma"})


def is_g711_format(format: RealtimeAudioFormat | object | None) -> bool:
    """Whether `format` (any spelling: legacy name, GA name, GA object) is G.711."""
    if isinstance(format, str):
        name = format.lower()
        return name in _G711_NAMES or name.startswith("g711")
    kind = format.get("type") if isinstance(format, Mapping) else getattr(format, "type", None)
    return isinstance(kind, str) and kind.lower() in _G711_NAMES


def calculate_audio_length_ms(format: RealtimeAudioFormat | None, audio_bytes: bytes) -> float:
    """Milliseconds of audio in `audio_bytes`: G.711 is 8 kHz, 1 byte a sample; anything else
    is taken as PCM16 at 24 kHz."""
    if not audio_bytes:
        return 0.0
    if is_g711_format(format):
        return len(audio_bytes) / G711_SAMPLE_RATE_HZ * 1000
    return len(audio_bytes) / PCM16_SAMPLE_WIDTH_BYTES / PCM16_SAMPLE_RATE_HZ * 1000
