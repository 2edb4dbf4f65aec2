"""Property: any extra JSON fields, anywhere we allow them, survive parse + dump unchanged."""

from __future__ import annotations

import copy
import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from agentkit.types.responses import parse_output_item, parse_stream_event

_KEYS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=12).map(
    lambda k: f"x_{k}"  # never collides with a declared field
)
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)
_EXTRAS = st.dictionaries(_KEYS, _JSON, max_size=4)

_MESSAGE: dict[str, Any] = {
    "id": "msg_1",
    "type": "message",
    "role": "assistant",
    "status": "completed",
    "content": [{"type": "output_text", "text": "hi", "annotations": [], "logprobs": []}],
}


@settings(max_examples=60, deadline=None)
@given(top=_EXTRAS, part=_EXTRAS, event=_EXTRAS)
def test_extra_fields_round_trip(
    top: dict[str, Any], part: dict[str, Any], event: dict[str, Any]
) -> None:
    item = copy.deepcopy(_MESSAGE)
    item.update(top)
    item["content"][0].update(part)
    data = {
        "type": "response.output_item.done",
        "sequence_number": 9,
        "output_index": 0,
        "item": item,
    }
    data.update(event)
    parsed = parse_stream_event(data)
    assert parsed.model_dump(exclude_unset=True) == data
    assert json.loads(parsed.model_dump_json(exclude_unset=True)) == json.loads(json.dumps(data))
    assert parse_output_item(copy.deepcopy(item)).model_dump(exclude_unset=True) == item


@settings(max_examples=40, deadline=None)
@given(kind=st.text(min_size=1, max_size=30), extras=_EXTRAS)
def test_any_unknown_type_round_trips(kind: str, extras: dict[str, Any]) -> None:
    data = {"type": f"zz.{kind}", **extras}
    assert parse_output_item(copy.deepcopy(data)).model_dump() == data
    event = parse_stream_event({**data, "sequence_number": 1})
    assert event.model_dump(exclude_unset=True) == {**data, "sequence_number": 1}
