"""The streamed text and argument delta events the chat translator builds without validation are
the objects their class's validator makes of the same fields; the provider data it skips taking
again is what taking it would have given."""

from __future__ import annotations

from typing import Any

import pytest

from agentkit.models._chat_translator import ChatChunkTranslator, _built
from agentkit.models.fake_id import FAKE_RESPONSES_ID
from agentkit.types.responses import (
    Response,
    ResponseFunctionCallArgumentsDeltaEvent,
    ResponseTextDeltaEvent,
)

_TEXT_DELTA_FIELDS = frozenset(
    ("content_index", "delta", "item_id", "output_index", "logprobs", "sequence_number", "type")
)
_DELTAS = ["", " w1", "é ✓ 😀", 'line\nbreak "quoted" \\ \x00', "x" * 10_000]


def _same_object(built: Any, validated: Any) -> None:
    assert type(built) is type(validated)
    assert built == validated
    assert list(built.__dict__.items()) == list(validated.__dict__.items())
    assert built.__pydantic_fields_set__ == validated.__pydantic_fields_set__
    assert type(built.__pydantic_fields_set__) is set
    assert built.__pydantic_extra__ == validated.__pydantic_extra__ == {}
    assert built.__pydantic_private__ == validated.__pydantic_private__
    assert built.model_dump_json() == validated.model_dump_json()
    assert built.model_dump(exclude_unset=True) == validated.model_dump(exclude_unset=True)


@pytest.mark.parametrize("delta", _DELTAS)
@pytest.mark.parametrize(("content_index", "output_index", "number"), [(0, 0, 0), (1, 3, 12345)])
def test_text_delta_is_what_validation_makes(
    delta: str, content_index: int, output_index: int, number: int
) -> None:
    def fields() -> dict[str, Any]:
        return {
            "content_index": content_index,
            "delta": delta,
            "item_id": FAKE_RESPONSES_ID,
            "output_index": output_index,
            "logprobs": [],
            "sequence_number": number,
            "type": "response.output_text.delta",
        }

    built = _built(ResponseTextDeltaEvent, fields())
    _same_object(built, ResponseTextDeltaEvent.model_validate(fields()))
    # Each event has its own mutable state.
    other = _built(ResponseTextDeltaEvent, fields())
    built.logprobs.append(1)
    built.delta = "changed"
    assert other.logprobs == [] and other.delta == delta
    assert other.__pydantic_fields_set__ == set(_TEXT_DELTA_FIELDS)


@pytest.mark.parametrize("delta", _DELTAS)
@pytest.mark.parametrize(("output_index", "number"), [(0, 1), (2, 999)])
def test_arguments_delta_is_what_validation_makes(
    delta: str, output_index: int, number: int
) -> None:
    def fields() -> dict[str, Any]:
        return {
            "delta": delta,
            "item_id": FAKE_RESPONSES_ID,
            "output_index": output_index,
            "sequence_number": number,
            "type": "response.function_call_arguments.delta",
        }

    built = _built(ResponseFunctionCallArgumentsDeltaEvent, fields())
    _same_object(built, ResponseFunctionCallArgumentsDeltaEvent.model_validate(fields()))


def _translate(model: str | None, chunks: list[dict[str, Any]]) -> list[Any]:
    response = Response(
        id=FAKE_RESPONSES_ID, created_at=0, model="m", output=[], tool_choice="auto", tools=[]
    )
    translator = ChatChunkTranslator(response, model=model)
    events: list[Any] = []
    for chunk in chunks:
        events += translator.chunk(chunk)
    events += translator.finish()
    return events


def _text_chunk(content: str, **top: Any) -> dict[str, Any]:
    return {**top, "choices": [{"index": 0, "delta": {"content": content}}]}


@pytest.mark.parametrize("model", ["gpt-x", None, ""])
def test_provider_data_follows_the_chunks(model: str | None) -> None:
    chunks = [
        _text_chunk("a", id="c1", model="m1"),
        _text_chunk("b", id="c1", model="m2"),
        _text_chunk("c", model="m3"),
        _text_chunk("d", id="c2", model="m3"),
        _text_chunk("e", id="c2"),
        _text_chunk("f", id="", model="m4"),
        {"id": "c3", "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]},
    ]
    final = _translate(model, chunks)[-1].response.output[0]
    expected_model = model or "m4"
    assert final.provider_data == {"model": expected_model, "response_id": "c2"}
    # The same stream with every chunk's delta given a second (empty) field takes the general
    # path, which takes the provider data of every chunk with a delta.
    slow = [
        {**c, "choices": [{**c["choices"][0], "delta": {**c["choices"][0]["delta"], "x": None}}]}
        for c in chunks[:-1]
    ]
    slow.append(chunks[-1])
    assert _translate(model, slow)[-1].response.output[0].provider_data == final.provider_data


def test_streamed_text_events_are_what_validation_makes() -> None:
    chunks = [
        {"id": "c", "choices": [{"index": 0, "delta": {"role": "assistant", "content": "hi"}}]},
        *(_text_chunk(piece, id="c") for piece in _DELTAS),
        {"id": "c", "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]},
    ]
    deltas = [e for e in _translate("gpt-x", chunks) if e.type == "response.output_text.delta"]
    assert [e.delta for e in deltas] == ["hi", *_DELTAS]
    for event in deltas:
        _same_object(event, ResponseTextDeltaEvent.model_validate(dict(event.__dict__)))


def test_a_pydantic_without_the_known_slots_validates_instead(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from agentkit.models import _chat_translator

    fields = {
        "content_index": 0,
        "delta": "hi",
        "item_id": FAKE_RESPONSES_ID,
        "output_index": 0,
        "logprobs": [],
        "sequence_number": 7,
        "type": "response.output_text.delta",
    }
    # As `_slot_setters` leaves it when pydantic's BaseModel has other instance slots.
    monkeypatch.setattr(_chat_translator, "_SLOT_SETTERS", None)
    event = _built(ResponseTextDeltaEvent, dict(fields))
    _same_object(event, ResponseTextDeltaEvent.model_validate(fields))
