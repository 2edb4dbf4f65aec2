"""Input items: what the run sends the model, built from the run input and the items so far."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..items import ItemHelpers, RunItem, is_model_input_item, run_item_to_input_item

if TYPE_CHECKING:
    from ..items import TResponseInputItem

__all__ = [
    "CALL_TO_OUTPUT_TYPE",
    "as_dict",
    "dedupe_preferring_latest",
    "drop_orphan_calls",
    "normalize_input_items",
    "prepare_turn_input",
    "run_item_to_input_item",
]

# Call item type -> the output item type that completes it.
CALL_TO_OUTPUT_TYPE: dict[str, str] = {
    "function_call": "function_call_output",
    "custom_tool_call": "custom_tool_call_output",
    "shell_call": "shell_call_output",
    "apply_patch_call": "apply_patch_call_output",
    "computer_call": "computer_call_output",
    "local_shell_call": "local_shell_call_output",
    "tool_search_call": "tool_search_output",
}


# Items that must stay where they first appeared when deduplicated (their followers need them).
_EARLIEST_ANCHOR_TYPES = frozenset({*CALL_TO_OUTPUT_TYPE, "mcp_approval_request", "reasoning"})


def as_dict(item: Any) -> dict[str, Any] | None:
    if isinstance(item, dict):
        return item
    dump = getattr(item, "model_dump", None)
    if callable(dump):
        data = dump(exclude_unset=True)
        return data if isinstance(data, dict) else None
    return None


def normalize_input_items(items: Sequence[Any]) -> list[TResponseInputItem]:
    """Input items as plain dicts, without output-only metadata."""
    out: list[Any] = []
    for item in items:
        data = as_dict(item)
        if data is None:
            out.append(item)
            continue
        cleaned = dict(data)
        cleaned.pop("created_by", None)
        out.append(cleaned)
    return out


def drop_orphan_calls(items: list[TResponseInputItem]) -> list[TResponseInputItem]:
    """Drop tool calls without outputs (and reasoning tied to them): the API rejects them."""
    completed: dict[str, set[str]] = {}
    data: Any
    for data in items:
        if isinstance(data, dict) and isinstance(data.get("call_id"), str):
            completed.setdefault(str(data.get("type")), set()).add(data["call_id"])
    dropped: set[int] = set()
    for index, data in enumerate(items):
        if not isinstance(data, dict):
            continue
        output_type = CALL_TO_OUTPUT_TYPE.get(str(data.get("type")))
        if output_type is None:
            continue
        call_id = data.get("call_id")
        if isinstance(call_id, str) and call_id in completed.get(output_type, set()):
            continue
        dropped.add(index)
    if not dropped:
        return list(items)
    drop_reasoning: set[int] = set()
    next_data: Any
    for index in range(len(items) - 1, -1, -1):
        data = items[index]
        if not isinstance(data, dict) or data.get("type") != "reasoning" or index in dropped:
            continue
        for next_index in range(index + 1, len(items)):
            next_data = items[next_index]
            if next_index in drop_reasoning or (
                isinstance(next_data, dict) and next_data.get("type") == "reasoning"
            ):
                continue
            if next_index in dropped:
                drop_reasoning.add(index)
            break
    excluded = dropped | drop_reasoning
    return [entry for i, entry in enumerate(items) if i not in excluded]


def _dedupe_key(item: Any) -> str | None:
    data = as_dict(item)
    if data is None:
        return None
    role = data.get("role")
    item_type = data.get("type") or role
    if role is not None or item_type == "message":
        return None
    call_id = data.get("call_id")
    if isinstance(call_id, str) and (
        item_type in CALL_TO_OUTPUT_TYPE or item_type in CALL_TO_OUTPUT_TYPE.values()
    ):
        return f"call_id:{item_type}:{call_id}"
    item_id = data.get("id")
    if item_id == "__fake_id__":
        item_id = None
    if isinstance(item_id, str):
        return f"id:{item_type}:{item_id}"
    if isinstance(call_id, str):
        return f"call_id:{item_type}:{call_id}"
    approval_request_id = data.get("approval_request_id")
    if isinstance(approval_request_id, str):
        return f"approval_request_id:{item_type}:{approval_request_id}"
    return None


def dedupe_preferring_latest(items: Sequence[TResponseInputItem]) -> list[TResponseInputItem]:
    """Drop repeated items (same call id / item id), keeping the latest value."""
    keys = [_dedupe_key(item) for item in items]
    latest: dict[str, TResponseInputItem] = {}
    anchor: dict[str, int] = {}
    for index, key in enumerate(keys):
        if key is None:
            continue
        latest[key] = items[index]
        # A repeated call (or reasoning) keeps its first place, with its latest value.
        if key not in anchor or _item_type(items[index]) not in _EARLIEST_ANCHOR_TYPES:
            anchor[key] = index
    if len(anchor) == len(items) - keys.count(None):  # no key repeats
        return list(items)
    out: list[TResponseInputItem] = []
    for index, key in enumerate(keys):
        if key is None:
            out.append(items[index])
        elif anchor[key] == index:
            out.append(latest[key])
    return out


def _item_type(item: Any) -> Any:
    data = as_dict(item)
    return None if data is None else data.get("type")


def prepare_turn_input(
    original_input: str | list[TResponseInputItem],
    generated_items: Sequence[RunItem],
    reasoning_item_id_policy: str | None,
) -> list[TResponseInputItem]:
    caller = normalize_input_items(ItemHelpers.input_to_new_input_list(original_input))
    generated = [
        run_item_to_input_item(i, reasoning_item_id_policy)
        for i in generated_items
        if is_model_input_item(i)
    ]
    if not generated:
        return caller
    return caller + drop_orphan_calls(normalize_input_items(generated))
