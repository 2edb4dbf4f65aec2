"""The Responses model's direct JSON validation of delta events (`_event_source`) gives exactly
the objects and errors of the dict path (decode the data, then `parse_stream_event`)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest

from agentkit.client import AsyncStream
from agentkit.models.openai_responses import _event_source
from agentkit.types.responses import parse_stream_event

TEXT = "response.output_text.delta"
ARGS = "response.function_call_arguments.delta"


def _text(**changes: Any) -> dict[str, Any]:
    event = {
        "type": TEXT,
        "item_id": "msg_1",
        "output_index": 0,
        "content_index": 0,
        "delta": "Hello",
        "logprobs": [],
        "sequence_number": 3,
    }
    event.update(changes)
    return {k: v for k, v in event.items() if v is not _DROP}


_DROP: Any = object()

# (SSE event name, data line): usual deltas, and every way one may differ from the usual.
CASES: list[tuple[str | None, str]] = [
    (TEXT, json.dumps(_text())),
    (TEXT, json.dumps(_text(delta="é ✓ \ud83d\ude00", obfuscation="abc"))),
    (TEXT, json.dumps(_text(logprobs=[{"token": "a", "logprob": -0.1, "bytes": [97]}]))),
    (ARGS, json.dumps({"type": ARGS, "item_id": "fc_1", "output_index": 1, "delta": '{"a"'})),
    (ARGS, json.dumps({"type": ARGS, "delta": "x"})),  # fields left to their defaults
    ("response.refusal.delta", json.dumps({"type": "response.refusal.delta", "delta": "no"})),
    (
        "response.reasoning_summary_text.delta",
        json.dumps({"type": "response.reasoning_summary_text.delta", "summary_index": 2}),
    ),
    ("response.reasoning_text.delta", json.dumps({"type": "response.reasoning_text.delta"})),
    (TEXT, json.dumps(_text(type=_DROP))),  # no type: an unknown event
    (TEXT, json.dumps(_text(type=ARGS))),  # the event line names another type
    (ARGS, json.dumps(_text())),
    (None, json.dumps(_text())),  # no event line
    ("unknown.event", json.dumps(_text())),
    (TEXT, json.dumps(_text(type="response.future.delta"))),
    (TEXT, json.dumps(_text(error={"message": "boom"}))),  # a mid-stream error object
    (TEXT, json.dumps(_text(error=None))),
    (TEXT, json.dumps(_text(error="text"))),
    (TEXT, json.dumps(_text(output_index="2", sequence_number=4.0))),  # lax numbers
    (TEXT, json.dumps(_text(output_index=True))),
    (TEXT, json.dumps(_text(output_index=1.5))),  # invalid
    (TEXT, json.dumps(_text(delta=None, item_id=None))),
    (TEXT, json.dumps(_text(delta=7))),
    (TEXT, json.dumps(_text(logprobs=None))),
    (TEXT, json.dumps(_text(sequence_number=10**30))),
    (TEXT, '{"type": "response.output_text.delta", "delta": "a", "delta": "b"}'),
    (TEXT, '{"type": "response.output_text.delta", "delta": "\\ud800"}'),  # lone surrogate
    (TEXT, '{"type": "response.output_text.delta", "delta": "a"'),  # not JSON
    (TEXT, '["response.output_text.delta"]'),  # not an object
    (TEXT, "null"),
    (TEXT, '{"type": "response.output_text.delta", "x": ' + "[" * 300 + "]" * 300 + "}"),
]


def _stream(events: list[tuple[str | None, str]]) -> AsyncStream:
    body = "".join(
        (f"event: {name}\n" if name is not None else "") + f"data: {data}\n\n"
        for name, data in events
    )
    request = httpx.Request("POST", "https://api.example.test/v1/responses")
    return AsyncStream(httpx.Response(200, content=body.encode(), request=request))


def _outcome(parse: Any, data: Any) -> tuple[Any, ...]:
    try:
        event = parse(data)
    except Exception as error:
        return ("error", type(error), str(error))
    return (
        type(event),
        repr(event),
        event.model_fields_set,
        event.__pydantic_extra__,
        event.model_dump(),
    )


def _outcomes(events: list[tuple[str | None, str]]) -> list[tuple[Any, ...]]:
    async def collect() -> list[tuple[Any, ...]]:
        stream = _stream(events)
        source, parse = _event_source(stream)
        return [_outcome(parse, item) async for item in source]

    return asyncio.run(collect())


@pytest.mark.parametrize(("name", "data"), CASES)
def test_delta_parsing_matches_the_dict_path(name: str | None, data: str) -> None:
    stream = _stream([(name, data)])
    expected = _outcome(lambda sse: parse_stream_event(stream.decode(sse)), _sse(name, data))
    assert _outcomes([(name, data)]) == [expected]


def _sse(name: str | None, data: str) -> Any:
    from agentkit._http._sse import SSEDecoder

    (event,) = SSEDecoder().feed(
        ((f"event: {name}\n" if name is not None else "") + f"data: {data}\n\n").encode()
    )
    return event


def _decodes(name: str | None, data: str) -> bool:
    try:
        _stream([]).decode(_sse(name, data))
    except Exception:
        return False
    return True


def test_a_whole_stream_gives_the_same_events_as_iterating_dicts() -> None:
    # Data that does not decode ends the stream on the dict path: only the events that do.
    events = [(name, data) for name, data in CASES if _decodes(name, data)]

    async def as_dicts() -> list[tuple[Any, ...]]:
        return [_outcome(parse_stream_event, d) async for d in _stream(events)]

    fast = _outcomes(events)
    assert fast == asyncio.run(as_dicts())
    assert sum(1 for o in fast if o[0] != "error") > 10


def test_other_streams_are_parsed_from_dicts() -> None:
    class Dicts:
        def __aiter__(self) -> Any:
            return self

    source = Dicts()
    iterated, parse = _event_source(source)
    assert iterated is source
    assert parse is parse_stream_event


def test_a_stream_that_ends_mid_event_raises_as_before() -> None:
    request = httpx.Request("POST", "https://api.example.test/v1/responses")
    body = f'event: {TEXT}\ndata: {json.dumps(_text())}\n\nevent: {TEXT}\ndata: {{"type"'

    async def run(undecoded: bool) -> list[Any]:
        stream = AsyncStream(httpx.Response(200, content=body.encode(), request=request))
        source, parse = _event_source(stream) if undecoded else (stream, parse_stream_event)
        seen = []
        try:
            async for item in source:
                seen.append(parse(item).delta)
        except Exception as error:
            seen.append((type(error), str(error)))
        assert stream.response.is_closed
        return seen

    fast = asyncio.run(run(True))
    assert fast == asyncio.run(run(False))
    assert fast[0] == "Hello" and "ended in the middle of an event" in fast[1][1]


def test_a_usual_delta_skips_the_dict(monkeypatch: pytest.MonkeyPatch) -> None:
    stream = _stream([(TEXT, json.dumps(_text())), ("response.created", '{"type": "x"}')])

    def no_dict(sse: Any) -> Any:
        raise AssertionError("decoded")

    monkeypatch.setattr(stream, "decode", no_dict)

    async def first() -> Any:
        source, parse = _event_source(stream)
        async for item in source:
            event = parse(item)
            await stream.aclose()
            return event

    event = asyncio.run(first())
    assert event.delta == "Hello" and event.sequence_number == 3
