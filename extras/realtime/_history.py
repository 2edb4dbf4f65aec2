"""The session's copy of the conversation: merging server updates, and replaying it."""

from __future__ import annotations

from typing import Any

from .items import (
    AssistantAudio,
    AssistantMessageItem,
    AssistantText,
    InputAudio,
    InputImage,
    InputText,
    RealtimeItem,
    RealtimeToolCallItem,
    SystemMessageItem,
    UserMessageItem,
)
from .model_events import RealtimeModelInputAudioTranscriptionCompletedEvent


def with_transcript(
    history: list[RealtimeItem], event: RealtimeModelInputAudioTranscriptionCompletedEvent
) -> list[RealtimeItem]:
    """The history with the user's audio item transcribed (a text item is added if unknown)."""
    out: list[RealtimeItem] = []
    found = False
    for item in history:
        if isinstance(item, UserMessageItem) and item.item_id == event.item_id:
            content = [
                part.model_copy(update={"transcript": event.transcript})
                if isinstance(part, InputAudio)
                else part
                for part in item.content
            ]
            out.append(item.model_copy(update={"content": content, "status": "completed"}))
            found = True
        else:
            out.append(item)
    if not found:
        out.append(
            UserMessageItem(item_id=event.item_id, content=[InputText(text=event.transcript)])
        )
    return out


def _merge_assistant(old: AssistantMessageItem, new: AssistantMessageItem) -> AssistantMessageItem:
    content: list[AssistantText | AssistantAudio] = []
    for index, part in enumerate(new.content):
        current = old.content[index] if index < len(old.content) else None
        if current is None:
            content.append(part)
        elif isinstance(part, AssistantAudio):
            content.append(current if part.transcript is None else part)
        elif isinstance(current, AssistantText) and current.text is not None and part.text is None:
            content.append(current)
        else:
            content.append(part)
    return new.model_copy(update={"content": content})


def _merge_user(old: UserMessageItem, new: UserMessageItem) -> UserMessageItem:
    incoming_urls = {p.image_url for p in new.content if isinstance(p, InputImage) and p.image_url}
    kept_images = [
        p
        for p in old.content
        if isinstance(p, InputImage) and p.image_url and p.image_url not in incoming_urls
    ]
    parts: list[InputText | InputAudio | InputImage] = [*kept_images, *new.content]
    merged: list[InputText | InputAudio | InputImage] = []
    for index, part in enumerate(parts):
        previous = old.content[index] if index < len(old.content) else None
        if isinstance(part, InputAudio) and part.transcript is None:
            if isinstance(previous, InputAudio) and previous.transcript is not None:
                part = part.model_copy(update={"transcript": previous.transcript})
        elif (
            isinstance(part, InputText)
            and not part.text
            and isinstance(previous, InputText)
            and previous.text
        ):
            part = part.model_copy(update={"text": previous.text})
        merged.append(part)
    return new.model_copy(update={"content": merged})


def _merge_system(old: SystemMessageItem, new: SystemMessageItem) -> SystemMessageItem:
    content = [
        old.content[i]
        if i < len(old.content) and old.content[i].text is not None and p.text is None
        else p
        for i, p in enumerate(new.content)
    ]
    return new.model_copy(update={"content": content})


def _merge(old: RealtimeItem, new: RealtimeItem) -> RealtimeItem:
    if isinstance(new, RealtimeToolCallItem) or not new.content:
        return new if isinstance(new, RealtimeToolCallItem) else old
    if isinstance(old, AssistantMessageItem) and isinstance(new, AssistantMessageItem):
        return _merge_assistant(old, new)
    if isinstance(old, UserMessageItem) and isinstance(new, UserMessageItem):
        return _merge_user(old, new)
    if isinstance(old, SystemMessageItem) and isinstance(new, SystemMessageItem):
        return _merge_system(old, new)
    return new


def with_item(history: list[RealtimeItem], item: RealtimeItem) -> list[RealtimeItem]:
    """The history with `item` merged in place, else inserted after its previous item, else
    appended. Known text and transcripts are kept when the update lacks them."""
    for index, existing in enumerate(history):
        if existing.item_id == item.item_id:
            updated = list(history)
            updated[index] = _merge(existing, item)
            return updated
    if item.previous_item_id:
        for index, existing in enumerate(history):
            if existing.item_id == item.previous_item_id:
                return [*history[: index + 1], item, *history[index + 1 :]]
    return [*history, item]


def preserve_transcripts(
    existing: RealtimeItem | None, incoming: RealtimeItem, transcripts: dict[str, str]
) -> RealtimeItem:
    """`incoming` with empty audio transcripts filled from `existing` (or, for the assistant,
    from the transcript deltas received so far)."""
    if existing is None or isinstance(existing, RealtimeToolCallItem):
        return incoming
    if isinstance(incoming, RealtimeToolCallItem):
        return incoming
    content: list[Any] = []
    for index, part in enumerate(incoming.content):
        if isinstance(part, (AssistantAudio, InputAudio)) and not part.transcript:
            kept: str | None = None
            if index < len(existing.content):
                previous = existing.content[index]
                if isinstance(previous, (AssistantAudio, InputAudio)):
                    kept = previous.transcript
            if not kept and isinstance(incoming, AssistantMessageItem):
                kept = transcripts.get(incoming.item_id)
            if kept:
                part = part.model_copy(update={"transcript": kept})
        content.append(part)
    return incoming.model_copy(update={"content": content}) if content else incoming


def _text_parts(item: RealtimeItem) -> list[dict[str, Any]]:
    parts: list[dict[str, Any]] = []
    if isinstance(item, AssistantMessageItem):
        for part in item.content:
            text = part.text if isinstance(part, AssistantText) else part.transcript
            if text:
                parts.append({"type": "output_text", "text": text})
        return parts
    if isinstance(item, (UserMessageItem, SystemMessageItem)):
        for content in item.content:
            if isinstance(content, InputText) and content.text:
                parts.append({"type": "input_text", "text": content.text})
            elif isinstance(content, InputAudio) and content.transcript:
                parts.append({"type": "input_text", "text": content.transcript})
            elif isinstance(content, InputImage) and content.image_url:
                parts.append({"type": "input_image", "image_url": content.image_url})
    return parts


def restore_items(history: list[RealtimeItem]) -> list[dict[str, Any]]:
    """`conversation.item.create` items replaying `history` on a new connection: text and
    transcripts (audio as its transcript), function calls and their outputs."""
    items: list[dict[str, Any]] = []
    for item in history:
        if isinstance(item, RealtimeToolCallItem):
            if not item.call_id:
                continue
            call = {"type": "function_call", "call_id": item.call_id, "name": item.name}
            call["arguments"] = item.arguments
            items.append({"id": item.item_id, **call} if item.item_id else call)
            if item.output is not None:
                items.append(
                    {"type": "function_call_output", "call_id": item.call_id, "output": item.output}
                )
            continue
        parts = _text_parts(item)
        if parts:
            message: dict[str, Any] = {"type": "message", "role": item.role, "content": parts}
            if item.item_id:
                message = {"id": item.item_id, **message}
            items.append(message)
    return items
