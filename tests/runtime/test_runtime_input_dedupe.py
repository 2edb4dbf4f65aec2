"""`dedupe_preferring_latest`: repeated items (same call id / item id) collapse to their latest
value, at the first place for calls and reasoning, at the last place otherwise; everything else
keeps its order. Checked against a direct reading of that rule over generated input lists."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from agentkit._run.input_items import dedupe_preferring_latest
from agentkit.types.responses import ResponseFunctionToolCall

_ANCHORED = {"function_call", "reasoning", "mcp_approval_request", "shell_call"}


def _key(item: Any) -> str | None:
    data = item if isinstance(item, dict) else item.model_dump(exclude_unset=True)
    if data.get("role") is not None or (data.get("type") or data.get("role")) == "message":
        return None
    kind = data.get("type")
    if isinstance(data.get("call_id"), str) and kind in {
        "function_call",
        "function_call_output",
        "shell_call",
        "shell_call_output",
    }:
        return f"call:{kind}:{data['call_id']}"
    if isinstance(data.get("id"), str) and data["id"] != "__fake_id__":
        return f"id:{kind}:{data['id']}"
    if isinstance(data.get("call_id"), str):
        return f"call:{kind}:{data['call_id']}"
    return None


def _reference(items: list[Any]) -> list[Any]:
    """The rule spelled out: each key's output slot and its value."""
    slot: dict[str, int] = {}
    value: dict[str, Any] = {}
    for index, item in enumerate(items):
        key = _key(item)
        if key is None:
            continue
        kind = item["type"] if isinstance(item, dict) else item.type
        if key not in slot or kind not in _ANCHORED:
            slot[key] = index
        value[key] = item
    out = []
    for index, item in enumerate(items):
        key = _key(item)
        if key is None:
            out.append(item)
        elif slot[key] == index:
            out.append(value[key])
    return out


_ids = st.sampled_from(["a", "b", "c"])
_item = st.one_of(
    st.builds(lambda t: {"role": "user", "content": t}, st.text(max_size=3)),
    st.builds(
        lambda c, n: {"type": "function_call", "call_id": c, "name": "f", "arguments": n},
        _ids,
        st.sampled_from(["{}", '{"x": 1}']),
    ),
    st.builds(
        lambda c, o: {"type": "function_call_output", "call_id": c, "output": o},
        _ids,
        st.text(max_size=2),
    ),
    st.builds(lambda i, s: {"type": "reasoning", "id": i, "summary": s}, _ids, st.just([])),
    st.builds(lambda i: {"type": "item_reference", "id": i}, _ids),
    st.builds(lambda i: {"type": "reasoning", "id": "__fake_id__", "summary": []}, _ids),
    st.builds(
        lambda c: ResponseFunctionToolCall(
            type="function_call", call_id=c, name="f", arguments="{}"
        ),
        _ids,
    ),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_item, max_size=8))
def test_dedupe_matches_the_rule(items: list[Any]) -> None:
    result = dedupe_preferring_latest(items)
    expected = _reference(items)
    assert len(result) == len(expected)
    assert all(a is b for a, b in zip(result, expected, strict=True))
    assert result is not items  # always a new list


def test_a_repeated_call_keeps_its_place_with_its_latest_value() -> None:
    first = {"type": "function_call", "call_id": "c1", "name": "f", "arguments": "{}"}
    output = {"type": "function_call_output", "call_id": "c1", "output": "x"}
    again = {"type": "function_call", "call_id": "c1", "name": "f", "arguments": '{"a": 1}'}
    message = {"role": "user", "content": "hi"}
    assert dedupe_preferring_latest([message, first, output, again]) == [message, again, output]


def test_a_repeated_output_moves_to_its_latest_place() -> None:
    call = {"type": "function_call", "call_id": "c1", "name": "f", "arguments": "{}"}
    old = {"type": "function_call_output", "call_id": "c1", "output": "old"}
    message = {"role": "user", "content": "hi"}
    new = {"type": "function_call_output", "call_id": "c1", "output": "new"}
    assert dedupe_preferring_latest([call, old, message, new]) == [call, message, new]
