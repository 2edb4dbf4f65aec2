"""GA wire shapes: known event types, light validation and conversions to history items."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError

from ..usage import Usage
from .items import RealtimeMessageItem, RealtimeToolCallItem
from .model_events import (
    RealtimeModelCachedTokensDetails,
    RealtimeModelInputTokensDetails,
    RealtimeModelOutputTokensDetails,
    RealtimeModelUsageEvent,
)

SERVER_EVENT_TYPES = frozenset(
    [
        "conversation.created",
        "conversation.item.added",
        "conversation.item.created",
        "conversation.item.deleted",
        "conversation.item.done",
        "conversation.item.input_audio_transcription.completed",
        "conversation.item.input_audio_transcription.delta",
        "conversation.item.input_audio_transcription.failed",
        "conversation.item.input_audio_transcription.segment",
        "conversation.item.retrieved",
        "conversation.item.truncated",
        "error",
        "input_audio_buffer.cleared",
        "input_audio_buffer.committed",
        "input_audio_buffer.dtmf_event_received",
        "input_audio_buffer.speech_started",
        "input_audio_buffer.speech_stopped",
        "input_audio_buffer.timeout_triggered",
        "mcp_list_tools.completed",
        "mcp_list_tools.failed",
        "mcp_list_tools.in_progress",
        "output_audio_buffer.cleared",
        "output_audio_buffer.started",
        "output_audio_buffer.stopped",
        "rate_limits.updated",
        "response.content_part.added",
        "response.content_part.done",
        "response.created",
        "response.done",
        "response.function_call_arguments.delta",
        "response.function_call_arguments.done",
        "response.mcp_call.completed",
        "response.mcp_call.failed",
        "response.mcp_call.in_progress",
        "response.mcp_call_arguments.delta",
        "response.mcp_call_arguments.done",
        "response.output_audio.delta",
        "response.output_audio.done",
        "response.output_audio_transcript.delta",
        "response.output_audio_transcript.done",
        "response.output_item.added",
        "response.output_item.done",
        "response.output_text.delta",
        "response.output_text.done",
        "session.created",
        "session.updated",
    ]
)
"""Every GA server event type (the OpenAPI `RealtimeServerEvent` union)."""

BETA_ALIASES = {
    "response.audio.delta": "response.output_audio.delta",
    "response.audio.done": "response.output_audio.done",
    "response.audio_transcript.delta": "response.output_audio_transcript.delta",
    "response.audio_transcript.done": "response.output_audio_transcript.done",
    "response.text.delta": "response.output_text.delta",
    "response.text.done": "response.output_text.done",
}
"""Legacy beta names accepted for their GA equivalents."""

CLIENT_EVENT_TYPES = frozenset(
    [
        "session.update",
        "input_audio_buffer.append",
        "input_audio_buffer.commit",
        "input_audio_buffer.clear",
        "output_audio_buffer.clear",
        "conversation.item.create",
        "conversation.item.retrieve",
        "conversation.item.delete",
        "conversation.item.truncate",
        "response.create",
        "response.cancel",
    ]
)

_DELTA: dict[str, type[Any]] = {
    "response_id": str,
    "item_id": str,
    "content_index": int,
    "delta": str,
}
_ITEM: dict[str, type[Any]] = {"item": dict}
REQUIRED: dict[str, dict[str, type[Any]]] = {
    "response.output_audio.delta": _DELTA,
    "response.output_audio.done": {"item_id": str, "content_index": int},
    "response.output_audio_transcript.delta": _DELTA,
    "response.output_text.delta": _DELTA,
    "response.created": {"response": dict},
    "response.done": {"response": dict},
    "session.created": {"session": dict},
    "session.updated": {"session": dict},
    "error": {"error": dict},
    "conversation.item.deleted": {"item_id": str},
    "conversation.item.added": _ITEM,
    "conversation.item.created": _ITEM,
    "conversation.item.retrieved": _ITEM,
    "conversation.item.done": _ITEM,
    "conversation.item.input_audio_transcription.completed": {"item_id": str, "transcript": str},
    "conversation.item.truncated": {"item_id": str},
    "response.output_item.added": _ITEM,
    "response.output_item.done": _ITEM,
    "input_audio_buffer.timeout_triggered": {
        "item_id": str,
        "audio_start_ms": int,
        "audio_end_ms": int,
    },
}


class MalformedServerEvent(ValueError):
    """A server event that is not JSON, has an unknown type or lacks a required field."""

    def __init__(self, message: str, *, event_type: str | None = None) -> None:
        super().__init__(message)
        self.event_type = event_type


def check_server_event(event: Any) -> str:
    """The (GA) type of `event`, or MalformedServerEvent saying what is wrong with it."""
    if not isinstance(event, dict):
        raise MalformedServerEvent(f"server event is a {type(event).__name__}, not an object")
    kind = event.get("type")
    if not isinstance(kind, str):
        raise MalformedServerEvent("server event has no string `type`")
    kind = BETA_ALIASES.get(kind, kind)
    if kind not in SERVER_EVENT_TYPES:
        raise MalformedServerEvent(f"unknown server event type {kind!r}", event_type=kind)
    for field, expected in REQUIRED.get(kind, {}).items():
        value = event.get(field)
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            raise MalformedServerEvent(
                f"server event {kind!r} has no valid `{field}` ({expected.__name__} expected)",
                event_type=kind,
            )
    return kind


def decode_audio(delta: str) -> bytes:
    try:
        return base64.b64decode(delta, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise MalformedServerEvent("audio delta is not valid base64") from exc


class RealtimeServerError(BaseModel):
    """An `error` sent by the server (attributes as in the OpenAPI `RealtimeServerEventError`)."""

    model_config = ConfigDict(extra="allow")
    type: str | None = None
    code: str | None = None
    message: str | None = None
    param: str | None = None
    event_id: str | None = None


def server_error(data: dict[str, Any]) -> RealtimeServerError:
    try:
        return RealtimeServerError.model_validate(data)
    except ValidationError:
        return RealtimeServerError(message=str(data.get("message")), type=str(data.get("type")))


_MESSAGE_ADAPTER: TypeAdapter[RealtimeMessageItem] = TypeAdapter(RealtimeMessageItem)

_ASSISTANT_PART = {"output_text": "text", "output_audio": "audio"}
_PART_FIELDS = {
    "input_text": ("text",),
    "input_audio": ("audio", "transcript"),
    "input_image": ("image_url", "detail"),
    "text": ("text",),
    "audio": ("audio", "transcript"),
}


def _content_part(part: dict[str, Any]) -> dict[str, Any]:
    kind = _ASSISTANT_PART.get(str(part.get("type")), part.get("type"))
    out = {k: v for k, v in part.items() if k != "type"}
    for name in _PART_FIELDS.get(str(kind), ()):
        out.setdefault(name, None)
    out["type"] = kind
    return out


def message_item(item: dict[str, Any], previous_item_id: str | None) -> RealtimeMessageItem:
    """A conversation message from the server as a history item (assistant parts renamed to
    `text` / `audio`, as upstream keeps them)."""
    content = [_content_part(p) for p in item.get("content") or [] if isinstance(p, dict)]
    return _MESSAGE_ADAPTER.validate_python(
        {
            "item_id": item.get("id") or "",
            "previous_item_id": previous_item_id,
            "type": "message",
            "role": item.get("role"),
            "content": content,
            "status": item.get("status") or "in_progress",
        }
    )


def output_message_item(item: dict[str, Any], done: bool) -> RealtimeMessageItem:
    """A message from `response.output_item.added/done` (audio and text parts only)."""
    content: list[dict[str, Any]] = []
    for part in item.get("content") or []:
        if not isinstance(part, dict):
            continue
        if part.get("type") in ("audio", "output_audio"):
            content.append(
                {"type": "audio", "audio": part.get("audio"), "transcript": part.get("transcript")}
            )
        elif part.get("type") in ("text", "output_text"):
            content.append({"type": "text", "text": part.get("text")})
    status = item.get("status")
    if status not in ("in_progress", "completed", "incomplete"):
        status = "completed" if done else "in_progress"
    return _MESSAGE_ADAPTER.validate_python(
        {
            "item_id": item.get("id", ""),
            "type": "message",
            "role": item.get("role", "assistant"),
            "content": content,
            "status": status,
        }
    )


def tool_call_item(item: dict[str, Any]) -> RealtimeToolCallItem:
    return RealtimeToolCallItem(
        item_id=item.get("id") or "",
        previous_item_id=None,
        call_id=item.get("call_id"),
        type="function_call",
        status="in_progress",
        arguments=item.get("arguments") or "",
        name=item.get("name") or "",
        output=None,
    )


def _int(data: dict[str, Any] | None, key: str) -> int | None:
    value = data.get(key) if data else None
    return value if isinstance(value, int) else None


def usage_event(usage: dict[str, Any]) -> RealtimeModelUsageEvent:
    """`response.done` usage as the SDK's `Usage` plus modality details."""
    input_tokens = _int(usage, "input_tokens") or 0
    output_tokens = _int(usage, "output_tokens") or 0
    total = _int(usage, "total_tokens")
    aggregate = Usage(
        requests=1,
        input_tokens=input_tokens,
        output_tokens=output_tokens,
        total_tokens=total if total is not None else input_tokens + output_tokens,
    )
    inp = usage.get("input_token_details")
    out = usage.get("output_token_details")
    inp = inp if isinstance(inp, dict) else None
    out = out if isinstance(out, dict) else None
    if inp is not None:
        aggregate.input_tokens_details.cached_tokens = _int(inp, "cached_tokens") or 0
    cached = inp.get("cached_tokens_details") if inp else None
    cached = cached if isinstance(cached, dict) else None
    return RealtimeModelUsageEvent(
        usage=aggregate,
        input_tokens_details=None
        if inp is None
        else RealtimeModelInputTokensDetails(
            text_tokens=_int(inp, "text_tokens"),
            audio_tokens=_int(inp, "audio_tokens"),
            image_tokens=_int(inp, "image_tokens"),
            cached_tokens=_int(inp, "cached_tokens"),
            cached_tokens_details=None
            if cached is None
            else RealtimeModelCachedTokensDetails(
                text_tokens=_int(cached, "text_tokens"),
                audio_tokens=_int(cached, "audio_tokens"),
                image_tokens=_int(cached, "image_tokens"),
            ),
        ),
        output_tokens_details=None
        if out is None
        else RealtimeModelOutputTokensDetails(
            text_tokens=_int(out, "text_tokens"), audio_tokens=_int(out, "audio_tokens")
        ),
    )
