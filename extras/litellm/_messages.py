"""Chat message shapes LiteLLM's providers need, on the way in and out."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..exceptions import ModelBehaviorError
from ..models.chatcmpl_helpers import ChatCmplHelpers

_SKIP_SIGNATURE = "skip_thought_signature_validator"
"""What Gemini accepts in place of a thought signature the history does not have."""


def _get(source: Any, name: str) -> Any:
    if isinstance(source, Mapping):
        return source.get(name)
    return getattr(source, name, None)


def _plain(value: Any) -> Any:
    """A LiteLLM object (a pydantic model or a dict subclass) as plain JSON-like data."""
    dump = getattr(value, "model_dump", None)
    if callable(dump) and not isinstance(value, type):
        return dump()
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "__dict__") and not isinstance(value, (str, bytes, int, float)):
        return dict(vars(value))
    return value


def _tool_call(tool_call: Any, model: str | None) -> dict[str, Any]:
    function = _get(tool_call, "function")
    call: dict[str, Any] = {
        "id": ChatCmplHelpers.clean_gemini_tool_call_id(_get(tool_call, "id") or "", model),
        "type": "function",
        "function": {
            "name": _get(function, "name") or "",
            "arguments": _get(function, "arguments") or "",
        },
    }
    provider_fields = _get(tool_call, "provider_specific_fields")
    if model and "gemini" in model.lower() and isinstance(provider_fields, Mapping):
        signature = provider_fields.get("thought_signature")
        if signature:
            call["extra_content"] = {"google": {"thought_signature": signature}}
    return call


def assistant_message(message: Any, model: str | None) -> dict[str, Any]:
    """A LiteLLM assistant message as a Chat Completions message dict: content, refusal (LiteLLM
    keeps it in `provider_specific_fields`), annotations, tool calls, `reasoning_content` and
    Anthropic `thinking_blocks`. Another role is a `ModelBehaviorError`."""
    role = _get(message, "role")
    if role != "assistant":
        raise ModelBehaviorError(f"Unsupported role: {role}")
    provider_fields = _get(message, "provider_specific_fields")
    refusal = provider_fields.get("refusal") if isinstance(provider_fields, Mapping) else None
    result: dict[str, Any] = {
        "role": "assistant",
        "content": _get(message, "content"),
        "refusal": refusal or _get(message, "refusal"),
    }
    annotations = _get(message, "annotations")
    if annotations:
        result["annotations"] = _plain(annotations)
    audio = _get(message, "audio")
    if audio:
        result["audio"] = _plain(audio)
    tool_calls = _get(message, "tool_calls")
    if tool_calls:
        result["tool_calls"] = [_tool_call(call, model) for call in tool_calls]
    reasoning_content = _get(message, "reasoning_content")
    if isinstance(reasoning_content, str) and reasoning_content:
        result["reasoning_content"] = reasoning_content
    thinking_blocks = _get(message, "thinking_blocks")
    if thinking_blocks:
        result["thinking_blocks"] = [
            block if isinstance(block, dict) else _plain(block) for block in thinking_blocks
        ]
    return result


def pair_tool_results(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The history with each tool call in its own assistant message, directly followed by its
    result, as Anthropic and Gemini require. Only the first split of a message keeps its text and
    reasoning (signed thinking blocks must not repeat); results without a call stay in place."""
    results: dict[str, tuple[int, dict[str, Any]]] = {}
    call_ids: set[str] = set()
    for index, message in enumerate(messages):
        if not isinstance(message, dict):
            continue
        if message.get("role") == "tool" and message.get("tool_call_id"):
            results[message["tool_call_id"]] = (index, message)
        elif message.get("role") == "assistant" and isinstance(message.get("tool_calls"), list):
            call_ids.update(
                call["id"]
                for call in message["tool_calls"]
                if isinstance(call, dict) and call.get("id")
            )
    paired = {results[call_id][0] for call_id in call_ids if call_id in results}

    fixed: list[dict[str, Any]] = []
    for index, message in enumerate(messages):
        if not isinstance(message, dict):
            fixed.append(message)
            continue
        tool_calls = message.get("tool_calls")
        if message.get("role") == "assistant" and isinstance(tool_calls, list) and tool_calls:
            for position, call in enumerate(tool_calls):
                part = dict(message)
                part["tool_calls"] = [call]
                if position:
                    for shared in ("content", "thinking_blocks", "reasoning_content"):
                        part.pop(shared, None)
                fixed.append(part)
                call_id = call.get("id") if isinstance(call, dict) else None
                if call_id in results:
                    fixed.append(results[call_id][1])
        elif index not in paired:
            fixed.append(message)
    return fixed


def gemini_thought_signatures(messages: list[dict[str, Any]]) -> None:
    """Move Gemini thought signatures from `extra_content` to LiteLLM's `provider_specific_fields`
    on the tool calls after the last user message (all of them when there is none); calls without
    a signature get Gemini's documented skip value."""
    last_user = max(
        (i for i, m in enumerate(messages) if isinstance(m, dict) and m.get("role") == "user"),
        default=-1,
    )
    for message in messages[last_user + 1 :]:
        if not isinstance(message, dict) or message.get("role") != "assistant":
            continue
        for call in message.get("tool_calls") or []:
            if not isinstance(call, dict):
                continue
            extra = call.pop("extra_content", None)
            google = extra.get("google") if isinstance(extra, dict) else None
            signature = google.get("thought_signature") if isinstance(google, dict) else None
            call["provider_specific_fields"] = {"thought_signature": signature or _SKIP_SIGNATURE}
