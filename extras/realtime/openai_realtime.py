"""The OpenAI Realtime API (GA) over a websocket."""

from __future__ import annotations

import asyncio
import base64
import inspect
import json
import math
import os
import time
from collections.abc import Callable
from typing import Any, ClassVar, cast

from .._optional import import_extra
from ..exceptions import UserError
from ..logger import logger
from ..run_context import RunContextWrapper, TContext
from ..util._debug import dont_log_model_data
from ..util._types import MaybeAwaitable
from . import _wire
from ._default_tracker import ModelAudioTracker
from ._errors import RealtimeConnectionClosedError
from ._payload import (
    DEFAULT_MODEL_SETTINGS,
    DEFAULT_REALTIME_MODEL,
    RealtimeSessionPayload,
    build_session_config,
    tracing_payload,
)
from ._sequencer import ResponseSequencer
from ._transport import (
    ReconnectPolicy,
    RedactedHeaders,
    TransportConfig,
    default_url,
    open_websocket,
)
from .agent import RealtimeAgent
from .audio_formats import format_name
from .config import RealtimeModelTracingConfig, RealtimeRunConfig, RealtimeSessionModelSettings
from .model import (
    RealtimeModel,
    RealtimeModelConfig,
    RealtimeModelListener,
    RealtimePlaybackState,
    RealtimePlaybackTracker,
)
from .model_events import (
    RealtimeModelAudioDoneEvent,
    RealtimeModelAudioEvent,
    RealtimeModelAudioInterruptedEvent,
    RealtimeModelConnectionStatusEvent,
    RealtimeModelEndOfStreamEvent,
    RealtimeModelErrorEvent,
    RealtimeModelEvent,
    RealtimeModelExceptionEvent,
    RealtimeModelInputAudioTimeoutTriggeredEvent,
    RealtimeModelInputAudioTranscriptionCompletedEvent,
    RealtimeModelItemDeletedEvent,
    RealtimeModelItemUpdatedEvent,
    RealtimeModelOutputTextDeltaEvent,
    RealtimeModelRawServerEvent,
    RealtimeModelReconnectedEvent,
    RealtimeModelReconnectingEvent,
    RealtimeModelToolCallEvent,
    RealtimeModelTranscriptDeltaEvent,
    RealtimeModelTurnEndedEvent,
    RealtimeModelTurnStartedEvent,
)
from .model_inputs import (
    RealtimeModelSendAudio,
    RealtimeModelSendEvent,
    RealtimeModelSendInterrupt,
    RealtimeModelSendRawMessage,
    RealtimeModelSendSessionUpdate,
    RealtimeModelSendToolOutput,
    RealtimeModelSendUserInput,
)

__all__ = [
    "DEFAULT_MODEL_SETTINGS",
    "DEFAULT_REALTIME_MODEL",
    "OpenAIRealtimeSIPModel",
    "OpenAIRealtimeWebSocketModel",
    "TransportConfig",
    "get_api_key",
]

_CLOSED_MESSAGE = (
    "The realtime connection is closed; start a new session with RealtimeRunner.run() "
    "(or connect the model again)."
)


async def get_api_key(key: str | Callable[[], MaybeAwaitable[str]] | None) -> str | None:
    """`key`, calling it when it is a function; `OPENAI_API_KEY` when it is None."""
    if isinstance(key, str):
        return key
    if callable(key):
        result = key()
        if inspect.isawaitable(result):
            result = await result
        return result
    return os.getenv("OPENAI_API_KEY")


def _websockets_exceptions() -> Any:
    return import_extra("websockets.exceptions", "realtime")


def _user_content(user_input: Any) -> list[dict[str, Any]]:
    if not isinstance(user_input, dict):
        return [{"type": "input_text", "text": user_input}]
    content: list[dict[str, Any]] = []
    for part in user_input.get("content", []):
        if not isinstance(part, dict):
            continue
        if part.get("type") == "input_text" and isinstance(part.get("text"), str):
            content.append({"type": "input_text", "text": part["text"]})
        elif part.get("type") == "input_image":
            url = part.get("image_url")
            if isinstance(url, str) and url:
                image: dict[str, Any] = {"type": "input_image", "image_url": url}
                if part.get("detail") in ("auto", "low", "high"):
                    image["detail"] = part["detail"]
                content.append(image)
    return content


def _truncate_event(item_id: str, content_index: int, audio_end_ms: int) -> dict[str, Any]:
    return {
        "type": "conversation.item.truncate",
        "item_id": item_id,
        "content_index": content_index,
        "audio_end_ms": audio_end_ms,
    }


class _SessionExpiring(Exception):
    """The server's session is about to expire: replace the connection now."""


class OpenAIRealtimeWebSocketModel(RealtimeModel):
    """The OpenAI Realtime API over a websocket (the default realtime model).

    Beyond openai-agents, an abnormal close is followed by reconnection (bounded, with backoff):
    the session configuration is sent again and the session restores its history. See
    `RealtimeModelConfig.reconnect`.
    """

    def __init__(self, *, transport_config: TransportConfig | None = None) -> None:
        self.model = DEFAULT_REALTIME_MODEL
        self._transport_config = transport_config
        self._websocket: Any = None
        self._websocket_task: asyncio.Task[None] | None = None
        self._connecting = False
        self._close_requested = False
        self._ended = False
        self._ready = asyncio.Event()
        self._send_lock = asyncio.Lock()
        self._user_input_lock = asyncio.Lock()
        self._response_create_tasks: set[asyncio.Task[None]] = set()
        self._listeners: list[RealtimeModelListener] = []
        self._current_item_id: str | None = None
        self._audio_tracker = ModelAudioTracker()
        self._interrupted_response_ids: set[str] = set()
        self._sequencer = ResponseSequencer()
        self._tracing_config: RealtimeModelTracingConfig | str | None = None
        self._playback_tracker: RealtimePlaybackTracker | None = None
        self._created_session: dict[str, Any] | None = None
        self._call_id: str | None = None
        self._url = ""
        self._headers: dict[str, str] = RedactedHeaders()
        self._policy = ReconnectPolicy()
        self._last_settings: RealtimeSessionModelSettings = {}
        self._refresh_task: asyncio.Task[None] | None = None
        self._refreshing = False

    # -- connection -------------------------------------------------------------------------

    async def connect(self, options: RealtimeModelConfig) -> None:
        """Open the websocket, start listening and send the initial `session.update`.

        If sending the configuration fails (for example an unsupported tool), the websocket and
        the listener task are released before the error propagates.
        """
        if self._connecting or self._websocket is not None or self._websocket_task is not None:
            raise AssertionError("Already connected")
        previous_model = self.model
        self._connecting = True
        try:
            settings = self._prepare(options)
            api_key = await get_api_key(options.get("api_key"))
            self._headers = self._auth_headers(options, api_key)
            self._url = options.get("url") or default_url(self.model, self._call_id)
            self._policy = ReconnectPolicy.from_option(options.get("reconnect"))
            self._websocket = await open_websocket(self._url, self._headers, self._transport_config)
            self._close_requested = self._ended = False
            self._ready.set()
            try:
                self._websocket_task = asyncio.create_task(self._listen())
                await self._update_session_config(settings)
            except BaseException:
                try:
                    await self.close()
                except BaseException:
                    logger.warning("Failed to clean up after a realtime connection setup failure")
                raise
        except BaseException:
            self.model = previous_model
            raise
        finally:
            self._connecting = False

    def _prepare(self, options: RealtimeModelConfig) -> RealtimeSessionModelSettings:
        settings: RealtimeSessionModelSettings = options.get("initial_model_settings", {})
        self._playback_tracker = options.get("playback_tracker")
        call_id = options.get("call_id")
        model_name = settings.get("model_name")
        if call_id and model_name:
            raise UserError(
                "Cannot specify both `call_id` and `model_name` when attaching to an existing "
                "realtime call."
            )
        if model_name:
            self.model = model_name
        self._call_id = call_id
        self._tracing_config = settings.get("tracing", "auto")
        return settings

    @staticmethod
    def _auth_headers(options: RealtimeModelConfig, api_key: str | None) -> dict[str, str]:
        custom = options.get("headers")
        if custom is not None:
            return RedactedHeaders(custom)
        if not api_key:
            raise UserError(
                "An API key is required: set OPENAI_API_KEY or pass `api_key` (an API key or an "
                "ephemeral client secret) in the model config."
            )
        return RedactedHeaders({"Authorization": f"Bearer {api_key}"})

    def add_listener(self, listener: RealtimeModelListener) -> None:
        """Report events to `listener`."""
        if listener not in self._listeners:
            self._listeners.append(listener)

    def remove_listener(self, listener: RealtimeModelListener) -> None:
        """Stop reporting events to `listener`."""
        if listener in self._listeners:
            self._listeners.remove(listener)

    async def _emit(self, event: RealtimeModelEvent) -> None:
        for listener in list(self._listeners):
            await listener.on_event(event)

    # -- receiving --------------------------------------------------------------------------

    async def _listen(self) -> None:
        closed = _websockets_exceptions().ConnectionClosed
        try:
            while True:
                try:
                    await self._read_until_closed()
                    await self._emit_normal_disconnect()
                    return
                except (closed, _SessionExpiring) as exc:
                    if self._close_requested:
                        return
                    if not await self._recover(exc):
                        return
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            await self._emit(
                RealtimeModelExceptionEvent(exception=exc, context="WebSocket error in listener")
            )
        finally:
            self._cancel_refresh()
            await self._cancel_response_create_tasks()
            await self._sequencer.release_all()

    async def _read_until_closed(self) -> None:
        """Read and handle messages; return on a normal close, raise ConnectionClosed otherwise."""
        errors = _websockets_exceptions()
        while True:
            websocket = self._websocket
            try:
                message = await websocket.recv()
            except errors.ConnectionClosedOK:
                if self._refreshing:
                    self._refreshing = False
                    raise _SessionExpiring() from None
                if self._is_abnormal(websocket):
                    raise
                return
            await self._handle_message(message)

    def _schedule_refresh(self, at: float) -> None:
        self._cancel_refresh()
        self._refresh_task = asyncio.create_task(self._refresh_when_due(at))

    def _cancel_refresh(self) -> None:
        task, self._refresh_task = self._refresh_task, None
        if task is not None and task is not asyncio.current_task():
            task.cancel()

    async def _refresh_when_due(self, at: float) -> None:
        """Close the connection (to be replaced) once `at` has passed and no response runs."""
        await asyncio.sleep(max(at - time.time(), 0))
        while self._sequencer.ongoing:
            await asyncio.sleep(0.5)
        websocket = self._websocket
        if websocket is None or self._close_requested:
            return
        self._refreshing = True
        await websocket.close(1000, "session refresh")

    @staticmethod
    def _is_abnormal(websocket: Any) -> bool:
        code = getattr(websocket, "close_code", None)
        return code not in (1000, 1001, None)

    async def _handle_message(self, message: str | bytes) -> None:
        try:
            parsed = json.loads(message)
        except (ValueError, TypeError) as exc:
            await self._emit(
                RealtimeModelErrorEvent(
                    error={
                        "type": "invalid_server_event",
                        "message": f"A server message is not valid JSON: {exc}",
                    }
                )
            )
            return
        try:
            await self._handle_ws_event(parsed)
        except _wire.MalformedServerEvent as exc:
            await self._emit(
                RealtimeModelErrorEvent(
                    error={
                        "type": "invalid_server_event",
                        "message": str(exc),
                        "event_type": exc.event_type,
                    }
                )
            )
        except Exception as exc:
            await self._emit(
                RealtimeModelExceptionEvent(exception=exc, context="Error handling WebSocket event")
            )

    async def _emit_normal_disconnect(self) -> None:
        logger.debug("Realtime websocket closed normally")
        self._ended = True
        self._ready.set()
        if not self._close_requested:
            await self._emit(RealtimeModelConnectionStatusEvent(status="disconnected"))
            await self._emit(RealtimeModelEndOfStreamEvent())

    # -- reconnection -----------------------------------------------------------------------

    async def _recover(self, exc: BaseException) -> bool:
        """Reconnect after an abnormal close; False (after reporting it) when that fails."""
        reason = self._close_reason(exc)
        self._ready.clear()
        policy = self._policy
        if policy.max_attempts == 0:
            self._ended = True
            self._ready.set()
            await self._emit(
                RealtimeModelExceptionEvent(
                    exception=cast(Exception, exc),
                    context="WebSocket connection closed unexpectedly",
                )
            )
            return False
        await self._drop_connection_state()
        for attempt in range(1, policy.max_attempts + 1):
            delay = policy.delay(attempt)
            await self._emit(
                RealtimeModelReconnectingEvent(attempt=attempt, delay=delay, reason=reason)
            )
            await asyncio.sleep(delay)
            try:
                await self._reopen()
            except Exception as error:  # refused, handshake rejected, closed while configuring
                reason = type(error).__name__
                logger.warning("Realtime reconnection attempt %d failed: %s", attempt, reason)
                continue
            await self._emit(RealtimeModelReconnectedEvent(attempt=attempt))
            self._ready.set()
            return True
        self._ended = True
        self._ready.set()
        await self._emit(
            RealtimeModelErrorEvent(
                error={
                    "type": "connection_lost",
                    "message": (
                        f"The realtime connection was lost ({reason}) and "
                        f"{policy.max_attempts} reconnection attempt(s) failed."
                    ),
                }
            )
        )
        await self._emit(RealtimeModelConnectionStatusEvent(status="disconnected"))
        await self._emit(RealtimeModelEndOfStreamEvent())
        return False

    @staticmethod
    def _close_reason(exc: BaseException) -> str:
        if isinstance(exc, _SessionExpiring):
            return "the server session is about to expire"
        rcvd = getattr(exc, "rcvd", None)
        if rcvd is None:
            return "connection closed without a close frame"
        return f"close code {rcvd.code}" + (f": {rcvd.reason}" if rcvd.reason else "")

    async def _drop_connection_state(self) -> None:
        self._cancel_refresh()
        await self._cancel_response_create_tasks(keep_current=True)
        await self._sequencer.release_all()
        self._interrupted_response_ids.clear()
        self._audio_tracker = ModelAudioTracker()
        self._current_item_id = None
        self._created_session = None
        if self._playback_tracker is not None:
            self._playback_tracker.on_interrupted()

    async def _reopen(self) -> None:
        old = self._websocket
        if old is not None:
            try:
                await old.close()
            except Exception:
                logger.debug("Closing the dropped realtime websocket failed", exc_info=True)
        self._websocket = await open_websocket(self._url, self._headers, self._transport_config)
        await self._send_now(self._session_update(self._last_settings))

    # -- sending ----------------------------------------------------------------------------

    async def _send_now(self, payload: dict[str, Any]) -> None:
        websocket = self._websocket
        if websocket is None:
            raise RealtimeConnectionClosedError(_CLOSED_MESSAGE)
        async with self._send_lock:
            await websocket.send(json.dumps(payload))

    async def _send_raw_message(self, payload: dict[str, Any]) -> None:
        """Send one client event, waiting out a reconnection (never from the listener itself)."""
        listener = self._websocket_task
        in_listener = listener is not None and asyncio.current_task() is listener
        if not in_listener and not self._ready.is_set():
            await self._ready.wait()
        if self._websocket is None or self._ended:
            raise RealtimeConnectionClosedError(_CLOSED_MESSAGE)
        try:
            await self._send_now(payload)
        except _websockets_exceptions().ConnectionClosed as exc:
            if in_listener or self._policy.max_attempts == 0 or self._close_requested:
                raise RealtimeConnectionClosedError(_CLOSED_MESSAGE) from exc
            await asyncio.sleep(0)
            await self._ready.wait()
            if self._ended:
                raise RealtimeConnectionClosedError(_CLOSED_MESSAGE) from exc
            await self._send_now(payload)

    async def send_event(self, event: RealtimeModelSendEvent) -> None:
        """Send `event` as GA client events."""
        if isinstance(event, RealtimeModelSendRawMessage):
            await self._send_raw_client_message(event)
        elif isinstance(event, RealtimeModelSendUserInput):
            await self._send_user_input(event)
        elif isinstance(event, RealtimeModelSendAudio):
            await self._send_audio(event)
        elif isinstance(event, RealtimeModelSendToolOutput):
            await self._send_tool_output(event)
        elif isinstance(event, RealtimeModelSendInterrupt):
            await self._send_interrupt(event)
        elif isinstance(event, RealtimeModelSendSessionUpdate):
            await self._update_session_config(event.session_settings)
        else:
            raise ValueError(f"Unknown event type: {type(event)}")

    async def send_event_if(
        self, event: RealtimeModelSendEvent, send_if: Callable[[], bool]
    ) -> bool:
        """User input is sent only if `send_if()` still holds at the send; other events: False."""
        if isinstance(event, RealtimeModelSendUserInput):
            return await self._send_user_input(event, send_if=send_if)
        return False

    async def _send_raw_client_message(self, event: RealtimeModelSendRawMessage) -> None:
        payload: dict[str, Any] = {"type": event.message.get("type")}
        payload.update(event.message.get("other_data", {}))
        if payload["type"] not in _wire.CLIENT_EVENT_TYPES:
            if dont_log_model_data():
                logger.error("Failed to convert raw message")
            else:
                logger.error("Failed to convert raw message: %s", event)
            return
        if payload["type"] == "response.create":
            version = await self._sequencer.reserve(manual=True)
            self._start_response_create(version, payload, manual=True)
            return
        await self._send_raw_message(payload)

    async def _send_user_input(
        self, event: RealtimeModelSendUserInput, *, send_if: Callable[[], bool] | None = None
    ) -> bool:
        async with self._user_input_lock:
            if send_if is not None and (not send_if() or await self._sequencer.has_pending()):
                return False
            item = {"type": "message", "role": "user", "content": _user_content(event.user_input)}
            payload = {"type": "conversation.item.create", "item": item}
            if send_if is not None and not send_if():
                return False
            await self._send_raw_message(payload)
            version = await self._sequencer.reserve()
            self._start_response_create(version)
            return True

    async def _send_audio(self, event: RealtimeModelSendAudio) -> None:
        audio = base64.b64encode(event.audio).decode("ascii")
        await self._send_raw_message({"type": "input_audio_buffer.append", "audio": audio})
        if event.commit:
            await self._send_raw_message({"type": "input_audio_buffer.commit"})

    async def _send_tool_output(self, event: RealtimeModelSendToolOutput) -> None:
        call = event.tool_call
        item = {"type": "function_call_output", "call_id": call.call_id, "output": event.output}
        await self._send_raw_message({"type": "conversation.item.create", "item": item})
        from .items import RealtimeToolCallItem

        tool_item = RealtimeToolCallItem(
            item_id=call.id or "",
            previous_item_id=call.previous_item_id,
            call_id=call.call_id,
            type="function_call",
            status="completed",
            arguments=call.arguments,
            name=call.name,
            output=event.output,
        )
        await self._emit(RealtimeModelItemUpdatedEvent(item=tool_item))
        if event.start_response:
            version = await self._sequencer.reserve()
            self._start_response_create(version)

    # -- response.create ordering -----------------------------------------------------------

    def _start_response_create(
        self, version: int, payload: dict[str, Any] | None = None, *, manual: bool = False
    ) -> None:
        task = asyncio.create_task(self._response_create_when_idle(version, payload, manual))
        self._response_create_tasks.add(task)
        task.add_done_callback(self._response_create_tasks.discard)

    async def _response_create_when_idle(
        self, version: int, payload: dict[str, Any] | None, manual: bool
    ) -> None:
        try:
            given_id = payload.get("event_id") if payload else None
            pending = await self._sequencer.wait_slot(
                version, manual=manual, event_id=given_id if isinstance(given_id, str) else None
            )
            if pending is None:
                return
            body = dict(payload) if payload else {"type": "response.create"}
            body["event_id"] = pending.event_id
            try:
                await self._send_raw_message(body)
            except BaseException:
                await self._sequencer.clear_pending(pending.event_id)
                raise
            await self._sequencer.create_sent(pending)
        except asyncio.CancelledError:
            logger.debug("Deferred response.create was cancelled")
        except RealtimeConnectionClosedError:
            logger.debug("Skipping a deferred response.create: the connection is closed")
        except Exception as exc:
            await self._emit(
                RealtimeModelExceptionEvent(
                    exception=exc, context="Error sending deferred response.create"
                )
            )

    async def _cancel_response_create_tasks(self, *, keep_current: bool = False) -> None:
        current = asyncio.current_task()
        waiting = []
        for task in list(self._response_create_tasks):
            if task is current:
                continue
            task.cancel()
            waiting.append(task)
        if waiting:
            await asyncio.gather(*waiting, return_exceptions=True)

    async def _cancel_response(self, *, response_id: str | None = None) -> None:
        token = await self._sequencer.begin_cancel(response_id)
        if token is None:
            return
        payload: dict[str, Any] = {"type": "response.cancel"}
        if response_id is not None:
            payload["response_id"] = response_id
        try:
            await self._send_raw_message(payload)
        except BaseException:
            await self._sequencer.release_cancel(token)
            raise

    # -- session configuration --------------------------------------------------------------

    def _session_update(self, settings: RealtimeSessionModelSettings) -> dict[str, Any]:
        session = build_session_config(settings, model=self.model, attached=bool(self._call_id))
        return {"type": "session.update", "session": session}

    async def _update_session_config(self, settings: RealtimeSessionModelSettings) -> None:
        payload = self._session_update(settings)
        self._last_settings = settings
        await self._send_raw_message(payload)

    def _get_session_config(self, settings: RealtimeSessionModelSettings) -> dict[str, Any]:
        return build_session_config(settings, model=self.model, attached=bool(self._call_id))

    async def _send_tracing_config(self) -> None:
        if self._tracing_config is None:
            return
        session = {
            "type": "realtime",
            "model": self.model,
            "tracing": tracing_payload(self._tracing_config),
        }
        await self._send_raw_message({"type": "session.update", "session": session})

    def _update_created_session(self, session: dict[str, Any]) -> None:
        if session.get("type") == "transcription":
            return
        self._created_session = session
        expires_at = session.get("expires_at")
        margin = self._policy.refresh_before_expiry
        if (
            isinstance(expires_at, (int, float))
            and expires_at > 0
            and margin is not None
            and self._policy.max_attempts > 0
        ):
            self._schedule_refresh(float(expires_at) - margin)
        audio = session.get("audio")
        output = audio.get("output") if isinstance(audio, dict) else None
        fmt = output.get("format") if isinstance(output, dict) else None
        name = format_name(fmt) if fmt is not None else None
        if name is None:
            return
        self._audio_tracker.set_audio_format(name)
        if self._playback_tracker is not None:
            self._playback_tracker.set_audio_format(name)

    def _auto_cancels_responses(self) -> bool:
        session = self._created_session or {}
        audio = session.get("audio")
        inp = audio.get("input") if isinstance(audio, dict) else None
        detection = inp.get("turn_detection") if isinstance(inp, dict) else None
        return isinstance(detection, dict) and detection.get("interrupt_response") is True

    # -- server events ----------------------------------------------------------------------

    async def _handle_ws_event(self, event: Any) -> None:
        await self._emit(RealtimeModelRawServerEvent(data=event))
        try:
            kind = _wire.check_server_event(event)
        except _wire.MalformedServerEvent as exc:
            if dont_log_model_data():
                logger.error("Failed to validate server event")
            else:
                logger.error("Failed to validate server event: %s", event)
            await self._emit(
                RealtimeModelErrorEvent(
                    error={
                        "type": "invalid_server_event",
                        "message": str(exc),
                        "event_type": exc.event_type,
                    }
                )
            )
            return
        handler = self._HANDLERS.get(kind)
        if handler is not None:
            await handler(self, event)

    async def _on_output_item(self, event: dict[str, Any]) -> None:
        item = event["item"]
        if item.get("type") == "message":
            done = event["type"] == "response.output_item.done"
            message = _wire.output_message_item(item, done)
            await self._emit(RealtimeModelItemUpdatedEvent(item=message))
            return
        if item.get("type") == "function_call" and item.get("status") == "completed":
            await self._emit(RealtimeModelItemUpdatedEvent(item=_wire.tool_call_item(item)))
            await self._emit(
                RealtimeModelToolCallEvent(
                    call_id=item.get("call_id") or "",
                    name=item.get("name") or "",
                    arguments=item.get("arguments") or "",
                    id=item.get("id") or "",
                )
            )

    async def _on_audio_delta(self, event: dict[str, Any]) -> None:
        if event["response_id"] in self._interrupted_response_ids:
            return
        self._current_item_id = event["item_id"]
        data = _wire.decode_audio(event["delta"])
        self._audio_tracker.on_audio_delta(
            event["item_id"], event["content_index"], data, response_id=event["response_id"]
        )
        await self._emit(
            RealtimeModelAudioEvent(
                data=data,
                response_id=event["response_id"],
                item_id=event["item_id"],
                content_index=event["content_index"],
            )
        )

    async def _on_audio_done(self, event: dict[str, Any]) -> None:
        await self._emit(
            RealtimeModelAudioDoneEvent(
                item_id=event["item_id"], content_index=event["content_index"]
            )
        )

    async def _on_speech_started(self, event: dict[str, Any]) -> None:
        last = self._audio_tracker.get_last_audio_item()
        if last is None:
            return
        state = self._get_playback_state()
        await self._emit(RealtimeModelAudioInterruptedEvent(item_id=last[0], content_index=last[1]))
        override = event.get("audio_end_ms")
        elapsed = (
            state.get("elapsed_ms")
            if not isinstance(override, (int, float)) or override <= 0
            else float(override)
        )
        item_id = state.get("current_item_id")
        index = state.get("current_item_content_index") or 0
        if item_id and elapsed is not None:
            await self._truncate_after_barge_in(item_id, index, elapsed)
        self._audio_tracker.on_interrupted()
        if self._playback_tracker is not None:
            self._playback_tracker.on_interrupted()
        if not self._auto_cancels_responses():
            await self._cancel_response()

    async def _truncate_after_barge_in(self, item_id: str, index: int, elapsed: float) -> None:
        limit = self._audio_limit(item_id, index)
        played = max(round(elapsed), 0)
        if limit is not None and played >= limit and not self._owns_audio(item_id, index):
            logger.debug("Skipping truncate: playback of %s looks complete", item_id)
            return
        if limit is not None:
            played = min(played, limit)
        await self._send_raw_message(_truncate_event(item_id, index, played))

    async def _on_response_created(self, event: dict[str, Any]) -> None:
        response_id = event["response"].get("id")
        await self._sequencer.response_created(response_id)
        await self._emit(RealtimeModelTurnStartedEvent(response_id=response_id))

    async def _on_response_done(self, event: dict[str, Any]) -> None:
        response = event["response"]
        response_id = response.get("id")
        if response_id is not None:
            self._interrupted_response_ids.discard(response_id)
        await self._sequencer.response_done(response_id)
        usage = response.get("usage")
        if isinstance(usage, dict):
            await self._emit(_wire.usage_event(usage))
        await self._emit(RealtimeModelTurnEndedEvent(response_id=response_id))

    async def _on_session_created(self, event: dict[str, Any]) -> None:
        await self._send_tracing_config()
        self._update_created_session(event["session"])

    async def _on_session_updated(self, event: dict[str, Any]) -> None:
        self._update_created_session(event["session"])

    async def _on_error(self, event: dict[str, Any]) -> None:
        error = _wire.server_error(event["error"])
        if (
            not self._sequencer.ongoing
            and self._sequencer.control == "create_requested"
            and (
                error.event_id is not None
                or error.code == "bad_response_create"
                or "response.create" in (error.message or "").lower()
            )
        ):
            await self._sequencer.clear_pending(error.event_id)
        await self._emit(RealtimeModelErrorEvent(error=error))

    async def _on_item_deleted(self, event: dict[str, Any]) -> None:
        await self._emit(RealtimeModelItemDeletedEvent(item_id=event["item_id"]))

    async def _on_conversation_item(self, event: dict[str, Any]) -> None:
        item = event["item"]
        if item.get("type") != "message":
            return
        previous = (
            event.get("previous_item_id") if event["type"] == "conversation.item.created" else None
        )
        message = _wire.message_item(item, previous)
        await self._emit(RealtimeModelItemUpdatedEvent(item=message))

    async def _on_transcription_or_truncation(self, event: dict[str, Any]) -> None:
        if self._current_item_id:
            await self._send_raw_message(
                {"type": "conversation.item.retrieve", "item_id": self._current_item_id}
            )
        if event["type"] == "conversation.item.input_audio_transcription.completed":
            await self._emit(
                RealtimeModelInputAudioTranscriptionCompletedEvent(
                    item_id=event["item_id"], transcript=event["transcript"]
                )
            )

    async def _on_transcript_delta(self, event: dict[str, Any]) -> None:
        await self._emit(
            RealtimeModelTranscriptDeltaEvent(
                item_id=event["item_id"], delta=event["delta"], response_id=event["response_id"]
            )
        )

    async def _on_text_delta(self, event: dict[str, Any]) -> None:
        await self._emit(
            RealtimeModelOutputTextDeltaEvent(
                item_id=event["item_id"], delta=event["delta"], response_id=event["response_id"]
            )
        )

    async def _on_timeout(self, event: dict[str, Any]) -> None:
        await self._emit(
            RealtimeModelInputAudioTimeoutTriggeredEvent(
                item_id=event["item_id"],
                audio_start_ms=event["audio_start_ms"],
                audio_end_ms=event["audio_end_ms"],
            )
        )

    _HANDLERS: ClassVar[
        dict[str, Callable[[OpenAIRealtimeWebSocketModel, dict[str, Any]], Any]]
    ] = {
        "response.output_audio.delta": _on_audio_delta,
        "response.output_audio.done": _on_audio_done,
        "input_audio_buffer.speech_started": _on_speech_started,
        "response.created": _on_response_created,
        "response.done": _on_response_done,
        "session.created": _on_session_created,
        "session.updated": _on_session_updated,
        "error": _on_error,
        "conversation.item.deleted": _on_item_deleted,
        "conversation.item.added": _on_conversation_item,
        "conversation.item.created": _on_conversation_item,
        "conversation.item.retrieved": _on_conversation_item,
        "conversation.item.input_audio_transcription.completed": _on_transcription_or_truncation,
        "conversation.item.truncated": _on_transcription_or_truncation,
        "response.output_audio_transcript.delta": _on_transcript_delta,
        "response.output_text.delta": _on_text_delta,
        "response.output_item.added": _on_output_item,
        "response.output_item.done": _on_output_item,
        "input_audio_buffer.timeout_triggered": _on_timeout,
    }

    # -- interruption -----------------------------------------------------------------------

    def _get_playback_state(self) -> RealtimePlaybackState:
        if self._playback_tracker is not None:
            return self._playback_tracker.get_state()
        last = self._audio_tracker.get_last_audio_item()
        state = self._audio_tracker.get_state(*last) if last is not None else None
        if last is None or state is None:
            return {"current_item_id": None, "current_item_content_index": None, "elapsed_ms": None}
        return {
            "current_item_id": last[0],
            "current_item_content_index": last[1],
            "elapsed_ms": (time.monotonic() - state.initial_received_time) * 1000,
        }

    def _owns_audio(self, item_id: str, index: int) -> bool:
        if not self._sequencer.ongoing:
            return False
        response_id = self._sequencer.ongoing_id
        state = self._audio_tracker.get_state(item_id, index)
        if response_id is None or state is None or state.response_id is None:
            return True
        return state.response_id == response_id

    def _audio_limit(self, item_id: str, index: int) -> int | None:
        state = self._audio_tracker.get_state(item_id, index)
        return None if state is None else math.ceil(state.audio_length_ms)

    async def _send_interrupt(self, event: RealtimeModelSendInterrupt) -> None:
        if event.playback_only and (event.cancel_response_only or event.force_response_cancel):
            raise ValueError("playback_only cannot be combined with explicit cancellation modes")
        if event.cancel_response_only:
            if event.response_id is None:
                raise ValueError("cancel_response_only requires response_id")
            await self._cancel_response(response_id=event.response_id)
            return
        if event.response_id is not None:
            self._interrupted_response_ids.add(event.response_id)
        errors = await self._interrupt_playback(event)
        if not event.playback_only and (
            event.force_response_cancel or not self._auto_cancels_responses()
        ):
            try:
                await self._cancel_response(response_id=event.response_id)
            except Exception as exc:
                errors.append(exc)
        if len(errors) == 1:
            raise errors[0]
        if errors:
            raise RuntimeError(
                f"Several realtime interrupt operations failed: {errors!r}"
            ) from errors[0]

    async def _interrupt_playback(self, event: RealtimeModelSendInterrupt) -> list[Exception]:
        """Stop playback of the current (or the response's) audio and truncate what was played."""
        errors: list[Exception] = []
        sources: tuple[tuple[str, int], ...] = ()
        if event.response_id is not None:
            sources = self._audio_tracker.get_audio_items_for_response(event.response_id)
            if not sources:
                return errors
            for source_id, source_index in sources:
                await self._emit_collecting(
                    RealtimeModelAudioInterruptedEvent(
                        item_id=source_id, content_index=source_index
                    ),
                    errors,
                )
        state = self._get_playback_state()
        item_id = state.get("current_item_id")
        index = state.get("current_item_content_index") or 0
        elapsed = state.get("elapsed_ms")
        if event.response_id is not None and (item_id, index) not in sources:
            self._audio_tracker.on_response_interrupted(event.response_id)
            return errors
        if item_id is None or elapsed is None:
            logger.debug("Skipping interrupt: nothing is playing")
            return errors
        if elapsed >= 0:
            if event.response_id is None:
                await self._emit_collecting(
                    RealtimeModelAudioInterruptedEvent(item_id=item_id, content_index=index), errors
                )
            await self._truncate_on_interrupt(item_id, index, elapsed, event.playback_only, errors)
        self._reset_after_interrupt(event, sources)
        return errors

    async def _emit_collecting(self, event: RealtimeModelEvent, errors: list[Exception]) -> None:
        try:
            await self._emit(event)
        except Exception as exc:
            errors.append(exc)

    async def _truncate_on_interrupt(
        self, item_id: str, index: int, elapsed: float, playback_only: bool, errors: list[Exception]
    ) -> None:
        limit = self._audio_limit(item_id, index)
        played = max(int(elapsed), 0)
        owned = not playback_only and self._owns_audio(item_id, index)
        if not (owned or limit is None or played < limit):
            return
        if limit is not None:
            played = min(played, limit)
        try:
            await self._send_raw_message(_truncate_event(item_id, index, played))
        except Exception as exc:
            errors.append(exc)

    def _reset_after_interrupt(
        self, event: RealtimeModelSendInterrupt, sources: tuple[tuple[str, int], ...]
    ) -> None:
        if event.response_id is not None:
            self._audio_tracker.on_response_interrupted(event.response_id)
        else:
            self._audio_tracker.on_interrupted()
        tracker = self._playback_tracker
        if tracker is None:
            return
        latest = tracker.get_state()
        current = latest.get("current_item_id")
        key = (current, latest.get("current_item_content_index") or 0) if current else None
        if event.response_id is None or key in sources:
            tracker.on_interrupted()

    # -- closing ----------------------------------------------------------------------------

    def _retire_response_audio(self, response_id: str) -> None:
        self._interrupted_response_ids.discard(response_id)
        self._audio_tracker.on_response_done(response_id)

    async def close(self) -> None:
        """Close the websocket and stop the listener (idempotent)."""
        await self._cancel_response_create_tasks()
        self._close_requested = True
        self._ended = True
        self._ready.set()
        error: BaseException | None = None
        websocket, self._websocket = self._websocket, None
        if websocket is not None:
            try:
                await websocket.close()
            except BaseException as exc:
                error = exc
        task, self._websocket_task = self._websocket_task, None
        if task is not None and task is not asyncio.current_task():
            task.cancel()
            try:
                await task
            except asyncio.CancelledError:
                pass
            except BaseException as exc:
                error = error or exc
        await self._sequencer.release_all()
        self._reset_connection_state()
        if error is not None:
            raise error

    def _reset_connection_state(self) -> None:
        self._interrupted_response_ids.clear()
        self._audio_tracker = ModelAudioTracker()
        self._current_item_id = None
        self._created_session = None
        self._cancel_refresh()
        self._refreshing = False
        if self._playback_tracker is not None:
            self._playback_tracker.on_interrupted()


class OpenAIRealtimeSIPModel(OpenAIRealtimeWebSocketModel):
    """Attaches to a SIP call (Realtime Calls API) by `call_id`."""

    @staticmethod
    async def build_initial_session_payload(
        agent: RealtimeAgent[Any],
        *,
        context: TContext | None = None,
        model_config: RealtimeModelConfig | None = None,
        run_config: RealtimeRunConfig | None = None,
        overrides: RealtimeSessionModelSettings | None = None,
    ) -> RealtimeSessionPayload:
        """The session payload a `RealtimeSession` would send first, to accept a SIP call."""
        from ._settings import settings_from_agent

        run_settings = (run_config or {}).get("model_settings") or {}
        initial = (model_config or {}).get("initial_model_settings") or {}
        base: RealtimeSessionModelSettings = cast(
            RealtimeSessionModelSettings, {**run_settings, **initial}
        )
        context_wrapper: RunContextWrapper[Any] = RunContextWrapper(context)
        merged = await settings_from_agent(
            agent=agent,
            context=context_wrapper,
            base=base,
            starting=initial,
            run_config=run_config,
            extra=overrides,
        )
        return RealtimeSessionPayload(build_session_config(merged, model=DEFAULT_REALTIME_MODEL))

    async def connect(self, options: RealtimeModelConfig) -> None:
        """Attach to the call named by `options["call_id"]` (required)."""
        if not options.get("call_id"):
            raise UserError("OpenAIRealtimeSIPModel requires `call_id` in the model configuration.")
        await super().connect(options)
