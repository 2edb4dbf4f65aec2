"""Wire-type parsing of arbitrary and mutated JSON: a model or a pydantic ValidationError."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from agentkit.types import chat, responses
from agentkit.types.responses import _events
from tests.openai_server import builders as b

from ._support import FUZZ, json_values, scaled

responses._build_validators()
_EVENT_TYPES = sorted(_events._STREAM_EVENT_TYPES)
_ITEM_TYPES = sorted(responses._OUTPUT_ITEM_TYPES)


def _typed_objects(types: list[str], classes: dict[str, type[BaseModel]]) -> Any:
    """Dicts with a known `type` and random values for that class's own field names."""

    @st.composite
    def build(draw: st.DrawFn) -> dict[str, Any]:
        tag = draw(st.sampled_from(types))
        names = sorted(classes[tag].model_fields)
        chosen = draw(st.lists(st.sampled_from(names), unique=True)) if names else []
        obj = {name: draw(json_values(8)) for name in chosen}
        obj["type"] = tag
        return obj

    return build()


def _samples() -> list[dict[str, Any]]:
    output = [
        b.message_item("hello there"),
        b.function_call_item("f", '{"a": 1}', call_id="call_1"),
        b.reasoning_item(["thinking hard"]),
    ]
    return b.response_stream_events(output, deltas=2)


_SAMPLES = _samples()


@st.composite
def _mutated_events(draw: st.DrawFn) -> dict[str, Any]:
    """A real stream event with a few values replaced, deleted or retyped, anywhere inside."""
    event = copy.deepcopy(draw(st.sampled_from(_SAMPLES)))
    for _ in range(draw(st.integers(1, 4))):
        target: Any = event
        while True:
            keys = list(target) if isinstance(target, dict) else list(range(len(target)))
            if not keys:
                break
            key = draw(st.sampled_from(keys))
            child = target[key]
            if isinstance(child, (dict, list)) and child and draw(st.booleans()):
                target = child
                continue
            if isinstance(target, dict) and draw(st.booleans()):
                del target[key]
            else:
                target[key] = draw(json_values(6))
            break
    return event


def _check(parse: Any, data: Any) -> None:
    try:
        parsed = parse(data)
    except ValidationError:
        return
    # What parsed must dump and parse back to the same thing.
    dumped = parsed.model_dump(mode="json")
    again = parse(copy.deepcopy(dumped))
    assert again.model_dump(mode="json") == dumped


@scaled(2)
@given(
    _typed_objects(_EVENT_TYPES, _events._STREAM_EVENT_TYPES) | _mutated_events() | json_values()
)
def test_fuzz_types_parse_stream_event(data: Any) -> None:
    _check(responses.parse_stream_event, data)


@FUZZ
@given(_typed_objects(_ITEM_TYPES, responses._OUTPUT_ITEM_TYPES) | json_values())
def test_fuzz_types_parse_output_item(data: Any) -> None:
    _check(responses.parse_output_item, data)


@FUZZ
@given(
    st.builds(
        lambda out, extra: {**b.response_object(out), **extra},
        st.lists(_typed_objects(_ITEM_TYPES, responses._OUTPUT_ITEM_TYPES), max_size=3),
        st.dictionaries(
            st.sampled_from(["status", "usage", "error", "output", "id"]), json_values(6)
        ),
    )
    | json_values()
)
def test_fuzz_types_response_model_validate(data: Any) -> None:
    _check(responses.Response.model_validate, data)


@FUZZ
@given(
    st.builds(
        lambda chunk, extra: {**chunk, **extra},
        st.sampled_from(b.chat_stream_chunks("hi there", tool_calls=())),
        st.dictionaries(st.sampled_from(["choices", "usage", "id", "object"]), json_values(6)),
    )
    | json_values()
)
def test_fuzz_types_chat_models(data: Any) -> None:
    _check(chat.ChatCompletionChunk.model_validate, data)
    _check(chat.ChatCompletion.model_validate, data)
