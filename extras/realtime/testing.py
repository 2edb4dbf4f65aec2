"""Test doubles for realtime sessions: a scripted, in-memory realtime model.

`ScriptedRealtimeModel` checks each event the session sends against the next `RealtimeStep`
and answers with that step's model events, so a session can be tested without a server::

    model = ScriptedRealtimeModel(
        [RealtimeStep(expect=RealtimeModelSendUserInput, emit=[RealtimeModelTurnStartedEvent()])]
    )
    runner = RealtimeRunner(agent, model=model)
"""

from __future__ import annotations

import asyncio
import copy
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import field
from typing import Any, TypeAlias, cast
from urllib.parse import urlsplit, urlunsplit

from typing_extensions import Required, TypedDict

from ..util._dataclass import dataclass
from .config import RealtimeSessionModelSettings
from .model import (
    RealtimeModel,
    RealtimeModelConfig,
    RealtimeModelListener,
    RealtimePlaybackTracker,
)
from .model_events import RealtimeModelEvent, RealtimeModelExceptionEvent
from .model_inputs import RealtimeModelSendEvent, RealtimeModelSendSessionUpdate

__all__ = [
    "RealtimeConnectCall",
    "RealtimeScriptError",
    "RealtimeSendMatcher",
    "RealtimeStep",
    "ScriptedRealtimeModel",
    "UnconsumedRealtimeSteps",
    "UnexpectedRealtimeSend",
]


class RealtimeScriptError(Exception):
    """The script is wrong for what the session did, or was not used up."""


RealtimeSendMatcher: TypeAlias = (
    "RealtimeModelSendEvent | type[Any] | Callable[[RealtimeModelSendEvent], bool]"
)
"""An expected send: an equal event, an event class, or a predicate."""


class UnexpectedRealtimeSend(RealtimeScriptError):
    """The session sent something the next step does not expect (or no step was left)."""

    def __init__(self, message: str, *, actual: RealtimeModelSendEvent, expected: Any) -> None:
        super().__init__(message)
        self.actual = actual
        self.expected = expected


class UnconsumedRealtimeSteps(RealtimeScriptError):
    """The test ended with expected sends still unmatched."""

    def __init__(self, message: str, *, remaining_steps: int) -> None:
        super().__init__(message)
        self.remaining_steps = remaining_steps


@dataclass(frozen=True)
class RealtimeStep:
    """One expected send, and the model events (or the error) it produces."""

    expect: Any
    emit: Sequence[RealtimeModelEvent] = field(default_factory=tuple)
    error: Exception | None = None

    def __post_init__(self) -> None:
        emitted = tuple(self.emit)
        if emitted and self.error is not None:
            raise ValueError("A RealtimeStep cannot define both emit events and an error.")
        object.__setattr__(self, "emit", emitted)


class RealtimeConnectCall(TypedDict, total=False):
    """What `connect` was called with, without credentials (the URL without query or user)."""

    api_key_provided: Required[bool]
    headers_provided: Required[bool]
    url: str
    initial_model_settings: RealtimeSessionModelSettings
    playback_tracker: RealtimePlaybackTracker
    call_id: str


def _clean_url(url: str) -> str:
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    return urlunsplit((parts.scheme, parts.netloc.rsplit("@", 1)[-1], parts.path, "", ""))


def _copy_settings(settings: RealtimeSessionModelSettings) -> RealtimeSessionModelSettings:
    plain = {k: v for k, v in settings.items() if k not in ("tools", "handoffs")}
    out = cast(RealtimeSessionModelSettings, copy.deepcopy(plain))
    if "tools" in settings:
        out["tools"] = list(settings["tools"])
    if "handoffs" in settings:
        out["handoffs"] = list(settings["handoffs"])
    return out


def _copy_send(event: RealtimeModelSendEvent) -> RealtimeModelSendEvent:
    if isinstance(event, RealtimeModelSendSessionUpdate):
        return RealtimeModelSendSessionUpdate(
            session_settings=_copy_settings(event.session_settings)
        )
    return copy.deepcopy(event)


def _copy_event(event: RealtimeModelEvent) -> RealtimeModelEvent:
    if isinstance(event, RealtimeModelExceptionEvent):
        return RealtimeModelExceptionEvent(exception=event.exception, context=event.context)
    if event.type == "error" and isinstance(getattr(event, "error", None), Exception):
        return event
    return copy.deepcopy(event)


def _matches(expected: Any, event: RealtimeModelSendEvent) -> bool:
    if isinstance(expected, type):
        return isinstance(event, expected)
    if callable(expected):
        return bool(expected(_copy_send(event)))
    return bool(event == expected)


@dataclass
class _Delivery:
    events: tuple[RealtimeModelEvent, ...]
    error: Exception | None
    done: asyncio.Future[BaseException | None] | None
    close_calls: int


class ScriptedRealtimeModel(RealtimeModel):
    """An in-memory realtime model driven by a script of expected sends.

    With `strict=False`, unexpected sends are recorded and answered with nothing. Events are
    delivered to listeners in order by one worker task; a listener that sends while handling an
    event does not wait for its own step's events (they follow the current delivery).
    """

    def __init__(
        self,
        steps: Iterable[RealtimeStep] = (),
        *,
        connect_events: Iterable[RealtimeModelEvent] = (),
        connect_error: Exception | None = None,
        close_error: Exception | None = None,
        strict: bool = True,
    ) -> None:
        events = tuple(connect_events)
        if events and connect_error is not None:
            raise ValueError(
                "A ScriptedRealtimeModel cannot define both connect events and a connect error."
            )
        self._steps = [
            RealtimeStep(
                expect=_copy_send(s.expect)
                if not isinstance(s.expect, type) and not callable(s.expect)
                else s.expect,
                emit=tuple(_copy_event(e) for e in s.emit),
                error=s.error,
            )
            for s in steps
        ]
        self._connect_events = tuple(_copy_event(e) for e in events)
        self._connect_error = connect_error
        self._close_error = close_error
        self._strict = strict
        self._listeners: list[RealtimeModelListener] = []
        self._queue: deque[_Delivery] = deque()
        self._worker: asyncio.Task[None] | None = None
        self._connect_calls: list[RealtimeConnectCall] = []
        self._sent: list[RealtimeModelSendEvent] = []
        self.connected = False
        self.closed = False
        self.close_calls = 0

    @property
    def listeners(self) -> tuple[RealtimeModelListener, ...]:
        return tuple(self._listeners)

    @property
    def connect_calls(self) -> tuple[RealtimeConnectCall, ...]:
        return tuple(copy.copy(c) for c in self._connect_calls)

    @property
    def sent_events(self) -> tuple[RealtimeModelSendEvent, ...]:
        return tuple(_copy_send(e) for e in self._sent)

    @property
    def remaining_steps(self) -> int:
        return len(self._steps)

    async def connect(self, options: RealtimeModelConfig) -> None:
        if self.connected or self._worker is not None:
            raise AssertionError("Already connected")
        call: RealtimeConnectCall = {
            "api_key_provided": "api_key" in options,
            "headers_provided": "headers" in options,
        }
        if "url" in options:
            call["url"] = _clean_url(options["url"])
        if "initial_model_settings" in options:
            call["initial_model_settings"] = _copy_settings(options["initial_model_settings"])
        if "playback_tracker" in options:
            call["playback_tracker"] = options["playback_tracker"]
        if "call_id" in options:
            call["call_id"] = options["call_id"]
        self._connect_calls.append(call)
        if self._connect_error is not None:
            raise self._connect_error
        self.connected, self.closed = True, False
        try:
            await self._deliver(self._connect_events, None)
        except BaseException:
            self.connected, self.closed = False, True
            raise

    def add_listener(self, listener: RealtimeModelListener) -> None:
        if listener not in self._listeners:
            self._listeners.append(listener)

    def remove_listener(self, listener: RealtimeModelListener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    async def send_event(self, event: RealtimeModelSendEvent) -> None:
        step = self._take_step(event)
        await self._deliver(step.emit if step else (), step.error if step else None)

    async def send_event_if(
        self, event: RealtimeModelSendEvent, send_if: Callable[[], bool]
    ) -> bool:
        self._require_connected("send an event")
        if not send_if():
            return False
        await self.send_event(event)
        return True

    async def emit(self, *events: RealtimeModelEvent) -> None:
        """Deliver `events` to the listeners now (as if the server sent them)."""
        self._require_connected("emit events")
        await self._deliver(tuple(_copy_event(e) for e in events), None)

    async def close(self) -> None:
        self.close_calls += 1
        if self.closed:
            return
        self.connected, self.closed = False, True
        if self._close_error is not None:
            raise self._close_error

    def assert_complete(self) -> None:
        """Raise UnconsumedRealtimeSteps when expected sends remain."""
        if self._steps:
            raise UnconsumedRealtimeSteps(
                f"{len(self._steps)} scripted Realtime step(s) were not consumed.",
                remaining_steps=len(self._steps),
            )

    def _require_connected(self, what: str) -> None:
        if not self.connected or self.closed:
            raise RealtimeScriptError(f"Cannot {what} while the scripted model is disconnected.")

    def _take_step(self, event: RealtimeModelSendEvent) -> RealtimeStep | None:
        self._require_connected("send an event")
        snapshot = _copy_send(event)
        if not self._steps or not _matches(self._steps[0].expect, event):
            if not self._strict:
                self._sent.append(snapshot)
                return None
            expected = self._steps[0].expect if self._steps else None
            reason = (
                "no scripted steps remain"
                if not self._steps
                else ("event did not match the next scripted expectation")
            )
            raise UnexpectedRealtimeSend(
                f"Unexpected Realtime send: {reason}.", actual=snapshot, expected=expected
            )
        self._sent.append(snapshot)
        return self._steps.pop(0)

    async def _deliver(self, events: Sequence[RealtimeModelEvent], error: Exception | None) -> None:
        reentrant = asyncio.current_task() is self._worker and self._worker is not None
        done = None if reentrant else asyncio.get_running_loop().create_future()
        self._queue.append(_Delivery(tuple(events), error, done, self.close_calls))
        if self._worker is None or self._worker.done():
            self._worker = asyncio.create_task(self._drain())
        if done is not None:
            failure = await asyncio.shield(done)
            if failure is not None:
                raise failure

    async def _drain(self) -> None:
        try:
            while self._queue:
                delivery = self._queue.popleft()
                failure: BaseException | None = None
                try:
                    if delivery.error is not None:
                        raise delivery.error
                    await self._broadcast(delivery)
                except Exception as exc:
                    failure = exc
                if delivery.done is not None and not delivery.done.done():
                    delivery.done.set_result(failure)
        finally:
            self._worker = None
            while self._queue:
                left = self._queue.popleft()
                if left.done is not None and not left.done.done():
                    left.done.set_result(
                        RealtimeScriptError("The scripted delivery was cancelled.")
                    )

    async def _broadcast(self, delivery: _Delivery) -> None:
        for event in delivery.events:
            for listener in tuple(self._listeners):
                if self.closed or self.close_calls != delivery.close_calls:
                    return
                await listener.on_event(event)
