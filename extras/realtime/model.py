"""The realtime model interface, its connection options and the playback tracker."""

from __future__ import annotations

import abc
from collections.abc import Callable

from typing_extensions import NotRequired, TypedDict

from ..util._types import MaybeAwaitable
from ._util import calculate_audio_length_ms
from .config import RealtimeAudioFormat, RealtimeSessionModelSettings
from .model_events import RealtimeModelEvent
from .model_inputs import RealtimeModelSendEvent


class RealtimePlaybackState(TypedDict):
    """What is being played: all None when nothing is."""

    current_item_id: str | None
    current_item_content_index: int | None
    elapsed_ms: float | None


class RealtimePlaybackTracker:
    """Tell the session how much audio was actually played (phone calls, delayed playback), so
    an interruption truncates the assistant's item at the played position.

    Call `on_play_bytes` or `on_play_ms` as audio is played; the model calls `set_audio_format`,
    `get_state` and `on_interrupted`.
    """

    def __init__(self) -> None:
        self._format: RealtimeAudioFormat | None = None
        self._current_item: tuple[str, int] | None = None
        self._elapsed_ms: float | None = None

    def on_play_bytes(self, item_id: str, item_content_index: int, bytes: bytes) -> None:
        """`bytes` of `item_id`'s content `item_content_index` were played."""
        self.on_play_ms(item_id, item_content_index, calculate_audio_length_ms(self._format, bytes))

    def on_play_ms(self, item_id: str, item_content_index: int, ms: float) -> None:
        """`ms` more milliseconds were played; a new item or content index starts from `ms`."""
        key = (item_id, item_content_index)
        if self._current_item != key or self._elapsed_ms is None:
            self._current_item = key
            self._elapsed_ms = ms
        else:
            self._elapsed_ms += ms

    def on_interrupted(self) -> None:
        """Playback stopped (called by the model)."""
        self._current_item = None
        self._elapsed_ms = None

    def set_audio_format(self, format: RealtimeAudioFormat) -> None:
        """The output format, used by `on_play_bytes` (called by the model)."""
        self._format = format

    def get_state(self) -> RealtimePlaybackState:
        """The current playback position."""
        if self._current_item is None:
            return {"current_item_id": None, "current_item_content_index": None, "elapsed_ms": None}
        item_id, index = self._current_item
        return {
            "current_item_id": item_id,
            "current_item_content_index": index,
            "elapsed_ms": self._elapsed_ms,
        }


class RealtimeModelListener(abc.ABC):
    """Receives a realtime model's events."""

    @abc.abstractmethod
    async def on_event(self, event: RealtimeModelEvent) -> None:
        """Called for each event of the model."""


class RealtimeReconnectConfig(TypedDict):
    """How a dropped connection is replaced (agentkit addition; upstream gives up at once).

    Retries wait `initial_delay`, then twice as long each time, at most `max_delay` seconds.
    """

    max_attempts: NotRequired[int]
    """Attempts after a drop before the session reports an error and closes (default 3;
    0 turns reconnection off)."""
    initial_delay: NotRequired[float]
    """Seconds before the first attempt (default 0.5)."""
    max_delay: NotRequired[float]
    """Longest wait between attempts (default 8)."""
    refresh_before_expiry: NotRequired[float | None]
    """Replace the connection this many seconds before the server's `expires_at`, when the
    model is not responding (default 60; None turns it off)."""


class RealtimeModelConfig(TypedDict):
    """Options for connecting a realtime model."""

    api_key: NotRequired[str | Callable[[], MaybeAwaitable[str]]]
    """The API key or ephemeral client secret (`ek_...`), or a function returning one; default
    `OPENAI_API_KEY`."""
    url: NotRequired[str]
    """The websocket URL; default `wss://api.openai.com/v1/realtime?model=<model>` (or the
    `ws(s)://` form of `OPENAI_BASE_URL` when that is set)."""
    headers: NotRequired[dict[str, str]]
    """Headers to send instead of `Authorization` (e.g. `{"api-key": ...}` for Azure)."""
    initial_model_settings: NotRequired[RealtimeSessionModelSettings]
    """Settings for the first `session.update`."""
    playback_tracker: NotRequired[RealtimePlaybackTracker]
    """Reports actual playback; by default audio counts as played as soon as it arrives."""
    call_id: NotRequired[str]
    """Attach to an existing call (SIP/WebRTC) instead of starting a session."""
    reconnect: NotRequired[RealtimeReconnectConfig | bool]
    """Reconnection after an abnormal close (agentkit addition; on by default)."""


class RealtimeModel(abc.ABC):
    """A connection to a realtime model: connect, send events, report events to listeners."""

    @abc.abstractmethod
    async def connect(self, options: RealtimeModelConfig) -> None:
        """Connect and keep the connection alive."""

    @abc.abstractmethod
    def add_listener(self, listener: RealtimeModelListener) -> None:
        """Start reporting events to `listener`."""

    @abc.abstractmethod
    def remove_listener(self, listener: RealtimeModelListener) -> None:
        """Stop reporting events to `listener`."""

    @abc.abstractmethod
    async def send_event(self, event: RealtimeModelSendEvent) -> None:
        """Send `event`."""

    async def send_event_if(
        self, event: RealtimeModelSendEvent, send_if: Callable[[], bool]
    ) -> bool:
        """Send `event` only if `send_if()` still holds when it is committed; False when not sent.

        Transports that can check atomically override this; the default sends nothing.
        """
        return False

    def _retire_response_audio(self, response_id: str) -> None:
        """Forget the audio bookkeeping of a finished response (called by the session)."""
        return None

    @abc.abstractmethod
    async def close(self) -> None:
        """Close the connection."""
