"""Audio format names to GA wire format objects."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..logger import logger
from ..util._debug import dont_log_model_data

_PCM = ("pcm16", "audio/pcm", "pcm")
_PCMU = ("g711_ulaw", "audio/pcmu", "pcmu")
_PCMA = ("g711_alaw", "audio/pcma", "pcma")


def _from_name(name: str) -> dict[str, Any] | None:
    if name in _PCM:
        return {"type": "audio/pcm", "rate": 24000}
    if name in _PCMU:
        return {"type": "audio/pcmu"}
    if name in _PCMA:
        return {"type": "audio/pcma"}
    if dont_log_model_data():
        logger.debug("Unknown input audio format")
    else:
        logger.debug("Unknown input_audio_format: %s", name)
    return None


def _from_mapping(value: Mapping[str, Any]) -> dict[str, Any] | None:
    kind = value.get("type")
    if kind == "audio/pcm":
        rate = value.get("rate")
        if rate is not None and rate != 24000:
            logger.debug("Unsupported PCM rate %r in audio format; using 24000", rate)
        return {"type": "audio/pcm", "rate": 24000}
    if kind in ("audio/pcmu", "audio/pcma"):
        return {"type": kind}
    if dont_log_model_data():
        logger.debug("Unknown input audio format mapping")
    else:
        logger.debug("Unknown input_audio_format mapping: %s", dict(value))
    return None


def to_realtime_audio_format(value: str | Mapping[str, Any] | None) -> dict[str, Any] | None:
    """The GA format object for `value` (`pcm16` -> `{"type": "audio/pcm", "rate": 24000}`,
    `g711_ulaw` -> `{"type": "audio/pcmu"}`, `g711_alaw` -> `{"type": "audio/pcma"}`), or None
    (logged at debug level) when the format is unknown."""
    if value is None:
        return None
    if isinstance(value, str):
        return _from_name(value)
    if isinstance(value, Mapping):
        return _from_mapping(value)
    dumped = getattr(value, "model_dump", None)
    if callable(dumped):
        return _from_mapping(dumped())
    return None


def format_name(value: object) -> str | None:
    """The legacy name (`pcm16`, `g711_ulaw`, `g711_alaw`) of a GA format object, else its type."""
    kind = value.get("type") if isinstance(value, Mapping) else value
    if not isinstance(kind, str):
        return None
    return {"audio/pcm": "pcm16", "audio/pcmu": "g711_ulaw", "audio/pcma": "g711_alaw"}.get(
        kind, kind
    )
