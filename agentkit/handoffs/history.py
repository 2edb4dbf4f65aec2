"""Nested handoff history: collapse the previous transcript into one assistant summary message.

The summary's text reaches the model, so its wording and layout follow upstream exactly.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from copy import deepcopy
from typing import TYPE_CHECKING, Any, cast

from ..items import ItemHelpers, RunItem

if TYPE_CHECKING:
    from ..items import TResponseInputItem
    from . import HandoffHistoryMapper, HandoffInputData

__all__ = [
    "default_handoff_history_mapper",
    "get_conversation_history_wrappers",
    "nest_handoff_history",
    "reset_conversation_history_wrappers",
    "set_conversation_history_wrappers",
]

_DEFAULT_START = "<CONVERSATION HISTORY>"
_DEFAULT_END = "</CONVERSATION HISTORY>"
_PREAMBLE = "For context, here is the conversation so far between the user and the previous agent:"
# Summaries written by older releases used this preamble; they are still recognised.
_LEGACY_PREAMBLE = "For context, here is the conversation so far:"
_PREAMBLES = {_PREAMBLE, _LEGACY_PREAMBLE}

_start_marker = _DEFAULT_START
_end_marker = _DEFAULT_END

# Represented in the summary, never forwarded verbatim (reasoning could be orphaned otherwise).
_SUMMARY_ONLY_TYPES = {"function_call", "function_call_output", "reasoning"}
_KNOWN_ROLES = frozenset({"user", "assistant", "system", "developer"})


def set_conversation_history_wrappers(*, start: str | None = None, end: str | None = None) -> None:
    """Change the markers around the summary; `None` leaves that side unchanged."""
    global _start_marker, _end_marker
    if start is not None:
        _start_marker = start
    if end is not None:
        _end_marker = end


def reset_conversation_history_wrappers() -> None:
    """Restore the default `<CONVERSATION HISTORY>` markers."""
    global _start_marker, _end_marker
    _start_marker = _DEFAULT_START
    _end_marker = _DEFAULT_END


def get_conversation_history_wrappers() -> tuple[str, str]:
    """The current (start, end) summary markers."""
    return (_start_marker, _end_marker)


def nest_handoff_history(
    handoff_input_data: HandoffInputData,
    *,
    history_mapper: HandoffHistoryMapper | None = None,
) -> HandoffInputData:
    """Summarise the transcript for the next agent (this does not redact anything).

    The transcript is `input_history` + `pre_handoff_items` + `new_items`; an earlier summary in
    the history is unpacked first, so summaries accumulate across handoffs. With
    `history_mapper`, its return value becomes the next agent's history.
    """
    nested, _ = _nest_with_owned_items(handoff_input_data, history_mapper=history_mapper)
    return nested


def _nest_with_owned_items(
    handoff_input_data: HandoffInputData,
    *,
    history_mapper: HandoffHistoryMapper | None = None,
) -> tuple[HandoffInputData, list[RunItem]]:
    """Nest, and also return the run items forwarded verbatim into the new history (so that
    `to_input_list` does not repeat them)."""
    history = _normalize_input_history(handoff_input_data.input_history)
    flattened = [_strip_metadata(item) for item in _flatten_nested(history)]

    normalized: list[tuple[TResponseInputItem, bool, RunItem]] = []
    for run_item in handoff_input_data.pre_handoff_items:
        plain = _run_item_to_plain_input(run_item)
        normalized.append((plain, _should_forward_pre_item(plain), run_item))
    for run_item in handoff_input_data.new_items:
        plain = _run_item_to_plain_input(run_item)
        normalized.append((plain, _should_forward_new_item(plain), run_item))

    owned: list[RunItem] = []
    if history_mapper is not None:
        history_items = history_mapper(flattened + [item for item, _, _ in normalized])
    else:
        history_items, owned = _build_ordered_default_history(flattened, normalized)

    nested = handoff_input_data.clone(
        input_history=tuple(deepcopy(item) for item in history_items),
        pre_handoff_items=(),
        # The mapped history is the whole model input; new_items stay for session history.
        input_items=(),
    )
    return nested, owned


def default_handoff_history_mapper(
    transcript: list[TResponseInputItem],
) -> list[TResponseInputItem]:
    """One assistant message summarising `transcript`."""
    return [_build_summary_message(transcript)]


def _normalize_input_history(
    input_history: str | tuple[TResponseInputItem, ...],
) -> list[TResponseInputItem]:
    if isinstance(input_history, str):
        return ItemHelpers.input_to_new_input_list(input_history)
    return [deepcopy(item) for item in input_history]


def _run_item_to_plain_input(run_item: RunItem) -> TResponseInputItem:
    item: Any = run_item.to_input_item()
    if isinstance(item, dict) and item.get("status", "") is None:
        item = {k: v for k, v in item.items() if k != "status"}
    return cast("TResponseInputItem", deepcopy(item))


def _build_ordered_default_history(
    flattened: list[TResponseInputItem],
    normalized: list[tuple[TResponseInputItem, bool, RunItem]],
) -> tuple[list[TResponseInputItem], list[RunItem]]:
    history: list[TResponseInputItem] = []
    owned: list[RunItem] = []
    pending = list(flattened)
    for plain, forward, run_item in normalized:
        if not forward:
            pending.append(plain)
            continue
        if pending or not history:
            history.extend(default_handoff_history_mapper(pending))
            pending = []
        history.append(plain)
        owned.append(run_item)
    if pending or not history:
        history.extend(default_handoff_history_mapper(pending))
    return history, owned


def _build_summary_message(transcript: list[TResponseInputItem]) -> TResponseInputItem:
    if transcript:
        lines = [f"{i + 1}. {_format_item(deepcopy(item))}" for i, item in enumerate(transcript)]
    else:
        lines = ["(no previous turns recorded)"]
    start, end = get_conversation_history_wrappers()
    content = "\n".join([_PREAMBLE, start, *lines, end])
    return cast("TResponseInputItem", {"role": "assistant", "content": content})


def _format_item(item: TResponseInputItem) -> str:
    data = cast(dict[str, Any], _strip_metadata(item))
    role = data.get("role")
    if isinstance(role, str):
        content = data.get("content")
        if content is None or (
            isinstance(content, str) and "\n" not in content and "\r" not in content
        ):
            return _format_legacy(data)
    payload = deepcopy(data)
    payload.pop("provider_data", None)
    try:
        return json.dumps(payload, ensure_ascii=False, default=str)
    except (TypeError, ValueError):
        return _format_legacy(data)


def _format_legacy(item: dict[str, Any]) -> str:
    role = item.get("role")
    if isinstance(role, str):
        prefix = role
        name = item.get("name")
        if isinstance(name, str) and name:
            prefix = f"{prefix} ({name})"
        return f"{prefix}: {_stringify(item.get('content'))}"
    item_type = item.get("type", "item")
    rest = {k: v for k, v in item.items() if k not in ("type", "provider_data")}
    try:
        serialized = json.dumps(rest, ensure_ascii=False, default=str)
    except TypeError:
        serialized = str(rest)
    return f"{item_type}: {serialized}" if serialized else str(item_type)


def _stringify(content: Any) -> str:
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    try:
        return json.dumps(content, ensure_ascii=False, default=str)
    except TypeError:
        return str(content)


def _flatten_nested(items: list[TResponseInputItem]) -> list[TResponseInputItem]:
    out: list[TResponseInputItem] = []
    for item in items:
        nested = _extract_nested_transcript(item)
        if nested is not None:
            out.extend(nested)
        else:
            out.append(deepcopy(item))
    return out


def _extract_nested_transcript(item: TResponseInputItem) -> list[TResponseInputItem] | None:
    data = cast(dict[str, Any], item)
    if not isinstance(data, dict) or data.get("role") != "assistant":
        return None
    content = data.get("content")
    if not isinstance(content, str):
        return None
    start, end = get_conversation_history_wrappers()
    preamble, sep, wrapped = content.partition("\n")
    if not sep or preamble not in _PREAMBLES:
        return None
    start_wrapper, end_wrapper = f"{start}\n", f"\n{end}"
    if not wrapped.startswith(start_wrapper) or not wrapped.endswith(end_wrapper):
        return None
    body = wrapped[len(start_wrapper) : -len(end_wrapper)]
    parsed: list[TResponseInputItem] = []
    for record in _split_records(body):
        parsed_item = _parse_record(record)
        if parsed_item is not None:
            parsed.append(parsed_item)
    return parsed


def _starts_numbered(line: str) -> bool:
    stripped = line.lstrip()
    dot = stripped.find(".")
    return dot != -1 and stripped[:dot].isdigit()


def _split_records(body: str) -> list[str]:
    records: list[str] = []
    current: list[str] = []
    current_numbered = False
    for raw in body.splitlines():
        if not raw.strip():
            continue
        numbered = _starts_numbered(raw)
        if not current:
            current, current_numbered = [raw.strip()], numbered
            continue
        if numbered or not current_numbered:
            records.append("\n".join(current))
            current, current_numbered = [raw.strip()], numbered
            continue
        current.append(raw.rstrip())
    if current:
        records.append("\n".join(current))
    return records


def _parse_record(line: str) -> TResponseInputItem | None:
    stripped = line.strip()
    if not stripped:
        return None
    dot = stripped.find(".")
    if dot != -1 and stripped[:dot].isdigit():
        stripped = stripped[dot + 1 :].lstrip()
    try:
        as_json = json.loads(stripped)
    except (json.JSONDecodeError, TypeError):
        as_json = None
    if isinstance(as_json, dict):
        as_json.pop("provider_data", None)
        return _strip_metadata(cast("TResponseInputItem", as_json))

    role_part, sep, remainder = stripped.partition(":")
    if not sep:
        candidate = stripped
        if candidate.endswith(")") and "(" in candidate:
            candidate = candidate[: candidate.rfind("(")].strip()
        if candidate not in _KNOWN_ROLES:
            return None
        role, name = _split_role_and_name(stripped)
        recovered: dict[str, Any] = {"role": role}
        if name:
            recovered["name"] = name
        recovered["content"] = ""
        return cast("TResponseInputItem", recovered)
    role_text = role_part.strip()
    if not role_text:
        return None
    role, name = _split_role_and_name(role_text)
    rebuilt: dict[str, Any] = {"role": role}
    if name:
        rebuilt["name"] = name
    content = remainder.strip()
    if content and role not in _KNOWN_ROLES:
        # Older summaries wrote non-message items as "<type>: <json>".
        try:
            typed = json.loads(content)
        except (json.JSONDecodeError, TypeError):
            typed = None
        if isinstance(typed, dict):
            typed.pop("provider_data", None)
            typed["type"] = role
            return _strip_metadata(cast("TResponseInputItem", typed))
    rebuilt["content"] = content
    return cast("TResponseInputItem", rebuilt)


def _split_role_and_name(role_text: str) -> tuple[str, str | None]:
    if role_text.endswith(")") and "(" in role_text:
        open_idx = role_text.rfind("(")
        name = role_text[open_idx + 1 : -1].strip()
        role = role_text[:open_idx].strip()
        if name:
            return (role or "developer", name)
    return (role_text or "developer", None)


def _strip_metadata(item: TResponseInputItem) -> TResponseInputItem:
    if not isinstance(item, dict):
        return item
    cleaned = dict(item)
    cleaned.pop("created_by", None)
    return cast("TResponseInputItem", cleaned)


def _is_program_item(item: Mapping[str, Any]) -> bool:
    if item.get("type") in {"program", "program_output"}:
        return True
    caller = item.get("caller")
    if isinstance(caller, Mapping):
        return caller.get("type") == "program"
    return getattr(caller, "type", None) == "program"


def _should_forward_pre_item(item: TResponseInputItem) -> bool:
    data = cast(Mapping[str, Any], item)
    if _is_program_item(data):
        return False
    if data.get("role") == "assistant":
        return False
    item_type = data.get("type")
    return not (isinstance(item_type, str) and item_type in _SUMMARY_ONLY_TYPES)


def _should_forward_new_item(item: TResponseInputItem) -> bool:
    data = cast(Mapping[str, Any], item)
    if _is_program_item(data):
        return False
    role = data.get("role")
    if isinstance(role, str) and role:
        return True
    item_type = data.get("type")
    return not (isinstance(item_type, str) and item_type in _SUMMARY_ONLY_TYPES)
