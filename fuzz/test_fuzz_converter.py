"""Chat <-> Responses item conversion: round trips keep texts, calls and outputs."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from agentkit.exceptions import AgentsException
from agentkit.models.chatcmpl_converter import Converter

from ._support import FUZZ, json_values, scaled

_text = st.text(max_size=20)
_call = st.builds(
    lambda i, name, args: {
        "type": "function_call",
        "call_id": f"call_{i}",
        "name": name,
        "arguments": json.dumps(args),
    },
    st.integers(0, 999),
    st.sampled_from(["f", "get_weather", "x_y"]),
    st.dictionaries(st.text("ab", max_size=2), st.integers() | _text, max_size=2),
)


def _assistant(text: str) -> dict[str, Any]:
    return {
        "type": "message",
        "role": "assistant",
        "id": "msg_1",
        "status": "completed",
        "content": [{"type": "output_text", "text": text, "annotations": []}],
    }


@FUZZ
@given(st.lists(_text, max_size=1), st.lists(_call, max_size=3, unique_by=lambda c: c["call_id"]))
def test_fuzz_assistant_turn_round_trip(texts: list[str], calls: list[dict[str, Any]]) -> None:
    """Assistant text + calls -> one chat message -> output items with the same text and calls.

    (Each assistant message starts its own chat message, as upstream, so one text at most.)
    """
    items: list[Any] = [_assistant(t) for t in texts] + calls
    if not items:
        return
    messages = Converter.items_to_messages(items)
    assistants = [m for m in messages if m["role"] == "assistant"]
    assert len(assistants) == 1
    back = Converter.message_to_output_items(assistants[0])
    got_calls = [(i.call_id, i.name, i.arguments) for i in back if i.type == "function_call"]
    assert got_calls == [(c["call_id"], c["name"], c["arguments"]) for c in calls]
    got_text = "".join(
        p.text for i in back if i.type == "message" for p in i.content if p.type == "output_text"
    )
    assert got_text == "".join(texts)


@FUZZ
@given(
    st.lists(
        st.one_of(
            st.builds(lambda t: {"role": "user", "content": t}, _text),
            st.builds(lambda t: {"role": "system", "content": t}, _text),
            st.builds(lambda t: {"role": "developer", "content": t}, _text),
            st.builds(
                lambda i, out: {
                    "type": "function_call_output",
                    "call_id": f"call_{i}",
                    "output": out,
                },
                st.integers(0, 9),
                _text,
            ),
        ),
        max_size=5,
    )
)
def test_fuzz_input_items_map_one_to_one(items: list[dict[str, Any]]) -> None:
    messages = Converter.items_to_messages(items)
    assert len(messages) == len(items)
    for item, message in zip(items, messages, strict=True):
        if "role" in item:
            assert message["role"] == item["role"]
            assert message["content"] == item["content"]
        else:
            assert message == {
                "role": "tool",
                "tool_call_id": item["call_id"],
                "content": item["output"],
            } or (message["role"] == "tool" and message["tool_call_id"] == item["call_id"])


_keys = st.sampled_from(
    ["type", "role", "content", "call_id", "name", "arguments", "output", "id", "summary", "text"]
)
_garbage_items = st.dictionaries(_keys, json_values(6), max_size=5) | json_values(6)


@scaled(2)
@given(st.lists(_garbage_items, max_size=4))
def test_fuzz_items_to_messages_on_garbage(items: list[Any]) -> None:
    """Malformed input items give an error, never a hang or a non-JSON message.

    These items come from the caller (or its session), not from the network, so a TypeError for
    e.g. `content: null` is accepted here, as upstream raises one too.
    """
    try:
        messages = Converter.items_to_messages(items)
    except (AgentsException, ValidationError, TypeError):
        return
    json.dumps(messages)


@scaled(2)
@given(
    st.dictionaries(
        st.sampled_from(
            ["role", "content", "refusal", "tool_calls", "reasoning_content", "reasoning", "audio"]
        ),
        json_values(6),
    )
)
def test_fuzz_message_to_output_items_on_garbage(message: dict[str, Any]) -> None:
    """A malformed assistant message from the server gives output items or a typed error."""
    try:
        Converter.message_to_output_items(message)
    except (AgentsException, ValidationError):
        return
