"""How much audio each output item holds, and when it started (playback assumed realtime)."""

from __future__ import annotations

import time
from dataclasses import field

from ..util._dataclass import dataclass
from ._util import calculate_audio_length_ms
from .config import RealtimeAudioFormat


@dataclass
class ModelAudioState:
    """One audio content part: when its first chunk arrived and its length so far."""

    initial_received_time: float
    audio_length_ms: float
    response_id: str | None = None


@dataclass
class _ResponseAudio:
    items: list[tuple[str, int]] = field(default_factory=list)


class ModelAudioTracker:
    """Audio received per (item id, content index), and per response."""

    def __init__(self) -> None:
        self._states: dict[tuple[str, int], ModelAudioState] = {}
        self._last_audio_item: tuple[str, int] | None = None
        self._by_response: dict[str, _ResponseAudio] = {}
        self._format: RealtimeAudioFormat | None = None

    def set_audio_format(self, format: RealtimeAudioFormat) -> None:
        self._format = format

    def on_audio_delta(
        self, item_id: str, content_index: int, audio: bytes, response_id: str | None = None
    ) -> None:
        ms = calculate_audio_length_ms(self._format, audio)
        key = (item_id, content_index)
        self._last_audio_item = key
        if response_id is not None:
            items = self._by_response.setdefault(response_id, _ResponseAudio()).items
            if key not in items:
                items.append(key)
        state = self._states.get(key)
        if state is None:
            self._states[key] = ModelAudioState(time.monotonic(), ms, response_id)
        else:
            state.audio_length_ms += ms
            if response_id is not None:
                state.response_id = response_id

    def on_interrupted(self) -> None:
        if self._last_audio_item is not None:
            state = self._states.get(self._last_audio_item)
            if state is not None and state.response_id is not None:
                self._by_response.pop(state.response_id, None)
        self._last_audio_item = None

    def on_response_interrupted(self, response_id: str) -> None:
        audio = self._by_response.pop(response_id, None)
        if audio is not None and self._last_audio_item in audio.items:
            self._last_audio_item = None

    def on_response_done(self, response_id: str) -> None:
        self._by_response.pop(response_id, None)

    def clear_response_indexes(self) -> None:
        self._by_response.clear()

    def get_state(self, item_id: str, content_index: int) -> ModelAudioState | None:
        return self._states.get((item_id, content_index))

    def get_last_audio_item(self) -> tuple[str, int] | None:
        return self._last_audio_item

    def get_audio_items_for_response(self, response_id: str) -> tuple[tuple[str, int], ...]:
        audio = self._by_response.get(response_id)
        return tuple(audio.items) if audio is not None else ()
