"""Conversation items as the session keeps them in its history."""

from __future__ import annotations

from typing import Annotated, Literal, TypeAlias

from pydantic import BaseModel, ConfigDict, Field

_EXTRA = ConfigDict(extra="allow")


class InputText(BaseModel):
    """A text part of a user or system message."""

    model_config = _EXTRA
    type: Literal["input_text"] = "input_text"
    text: str | None = None


class InputAudio(BaseModel):
    """An audio part of a user message; `transcript` once transcribed."""

    model_config = _EXTRA
    type: Literal["input_audio"] = "input_audio"
    audio: str | None = None
    transcript: str | None = None


class InputImage(BaseModel):
    """An image part of a user message."""

    model_config = _EXTRA
    type: Literal["input_image"] = "input_image"
    image_url: str | None = None
    detail: str | None = None


class AssistantText(BaseModel):
    """A text part of an assistant message."""

    model_config = _EXTRA
    type: Literal["text"] = "text"
    text: str | None = None


class AssistantAudio(BaseModel):
    """An audio part of an assistant message, with its transcript."""

    model_config = _EXTRA
    type: Literal["audio"] = "audio"
    audio: str | None = None
    transcript: str | None = None


class SystemMessageItem(BaseModel):
    """A system message."""

    model_config = _EXTRA
    item_id: str
    previous_item_id: str | None = None
    type: Literal["message"] = "message"
    role: Literal["system"] = "system"
    content: list[InputText]


class UserMessageItem(BaseModel):
    """A user message (text, audio or images)."""

    model_config = _EXTRA
    item_id: str
    previous_item_id: str | None = None
    type: Literal["message"] = "message"
    role: Literal["user"] = "user"
    content: list[Annotated[InputText | InputAudio | InputImage, Field(discriminator="type")]]


class AssistantMessageItem(BaseModel):
    """An assistant message (text or audio with transcript)."""

    model_config = _EXTRA
    item_id: str
    previous_item_id: str | None = None
    type: Literal["message"] = "message"
    role: Literal["assistant"] = "assistant"
    status: Literal["in_progress", "completed", "incomplete"] | None = None
    content: list[Annotated[AssistantText | AssistantAudio, Field(discriminator="type")]]


RealtimeMessageItem: TypeAlias = Annotated[
    SystemMessageItem | UserMessageItem | AssistantMessageItem, Field(discriminator="role")
]
"""A system, user or assistant message."""


class RealtimeToolCallItem(BaseModel):
    """A function call and, once known, its output."""

    model_config = _EXTRA
    item_id: str
    previous_item_id: str | None = None
    call_id: str | None
    type: Literal["function_call"] = "function_call"
    status: Literal["in_progress", "completed"]
    arguments: str
    name: str
    output: str | None = None


RealtimeItem: TypeAlias = (
    SystemMessageItem | UserMessageItem | AssistantMessageItem | RealtimeToolCallItem
)
"""Any item of the history."""


class RealtimeResponse(BaseModel):
    """A model response."""

    id: str
    output: list[RealtimeMessageItem]
