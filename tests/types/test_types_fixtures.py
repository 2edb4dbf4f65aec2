"""Round trips of the wire fixtures through agentkit's wire types."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from agentkit.types import chat, responses
from agentkit.types.responses import (
    Response,
    ResponseCompletedEvent,
    ResponseFunctionToolCall,
    ResponseOutputItemDoneEvent,
    ResponseReasoningItem,
    UnknownStreamEvent,
    parse_output_item,
    parse_stream_event,
)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
RESPONSE_STREAMS = [
    "responses_stream_text.sse",
    "responses_stream_function_call.sse",
    "responses_stream_reasoning_parallel_calls.sse",
]
CHAT_STREAMS = ["chat_stream_tool_call.sse", "chat_stream_parallel_tool_calls_usage.sse"]


def _load(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text())


def _sse_data(name: str) -> list[dict[str, Any]]:
    """The JSON payloads of an SSE fixture (``[DONE]`` left out)."""
    out = []
    for line in (FIXTURES / name).read_text().splitlines():
        if line.startswith("data: ") and line != "data: [DONE]":
            out.append(json.loads(line[len("data: ") :]))
    return out


def _assert_round_trip(model: Any, data: dict[str, Any]) -> None:
    assert model.model_dump(exclude_unset=True) == data
    assert model.model_dump(mode="json", exclude_unset=True) == data
    # Byte-level: ints stay ints, nothing is renamed.
    assert json.loads(model.model_dump_json(exclude_unset=True)) == data
    assert json.dumps(model.model_dump(mode="json", exclude_unset=True), sort_keys=True) == (
        json.dumps(data, sort_keys=True)
    )


def test_non_streaming_response_round_trips() -> None:
    data = _load("responses_function_call.response.json")
    response = Response.model_validate(data)
    _assert_round_trip(response, data)
    assert [type(item) for item in response.output] == [
        ResponseReasoningItem,
        ResponseFunctionToolCall,
    ]
    assert response.usage is not None
    assert response.usage.output_tokens_details.reasoning_tokens == 64
    assert response.usage.total_tokens == (
        response.usage.input_tokens + response.usage.output_tokens
    )


@pytest.mark.parametrize("name", RESPONSE_STREAMS)
def test_stream_events_round_trip(name: str) -> None:
    events = _sse_data(name)
    assert events
    for data in events:
        event = parse_stream_event(data)
        assert not isinstance(event, UnknownStreamEvent), data["type"]
        assert event.type == data["type"]
        _assert_round_trip(event, data)


@pytest.mark.parametrize("name", RESPONSE_STREAMS)
def test_stream_final_output_equals_done_items(name: str) -> None:
    events = [parse_stream_event(d) for d in _sse_data(name)]
    done_items = [e.item for e in events if isinstance(e, ResponseOutputItemDoneEvent)]
    terminal = events[-1]
    assert isinstance(terminal, ResponseCompletedEvent)
    assert terminal.response.output == done_items
    assert [e.sequence_number for e in events] == list(range(len(events)))


def test_text_stream_deltas_add_up_to_output_text() -> None:
    events = [parse_stream_event(d) for d in _sse_data("responses_stream_text.sse")]
    text = "".join(e.delta for e in events if isinstance(e, responses.ResponseTextDeltaEvent))
    done = [e for e in events if isinstance(e, responses.ResponseTextDoneEvent)]
    assert len(done) == 1
    assert text == done[0].text
    terminal = events[-1]
    assert isinstance(terminal, ResponseCompletedEvent)
    assert terminal.response.output_text == text


def test_output_items_replay_unchanged_as_next_input() -> None:
    """Dumping output items gives exactly what the stateless follow-up request replays."""
    response = Response.model_validate(_load("responses_function_call.response.json"))
    request = _load("responses_function_call.followup_request.json")
    dumped = [item.model_dump(exclude_unset=True) for item in response.output]
    replayed = [
        item for item in request["input"] if item.get("type") in {"reasoning", "function_call"}
    ]
    assert dumped == replayed
    for item in replayed:
        _assert_round_trip(parse_output_item(item), item)


def test_chat_completion_round_trips() -> None:
    data = _load("chat_completion_tool_call.json")
    completion = chat.ChatCompletion.model_validate(data)
    _assert_round_trip(completion, data)
    message = completion.choices[0].message
    assert message.tool_calls
    call = message.tool_calls[0]
    assert isinstance(call, chat.ChatCompletionMessageFunctionToolCall)
    assert json.loads(call.function.arguments)


@pytest.mark.parametrize("name", CHAT_STREAMS)
def test_chat_chunks_round_trip(name: str) -> None:
    chunks = [chat.ChatCompletionChunk.model_validate(d) for d in _sse_data(name)]
    for chunk, data in zip(chunks, _sse_data(name), strict=True):
        _assert_round_trip(chunk, data)
    # The last chunk carries usage and no choices.
    assert chunks[-1].choices == []
    usage = chunks[-1].usage
    assert usage is not None
    assert usage.total_tokens == usage.prompt_tokens + usage.completion_tokens


def test_chat_stream_accumulates_tool_call_arguments() -> None:
    args: dict[int, str] = {}
    names: dict[int, str] = {}
    for data in _sse_data("chat_stream_parallel_tool_calls_usage.sse"):
        chunk = chat.ChatCompletionChunk.model_validate(data)
        for choice in chunk.choices:
            for call in choice.delta.tool_calls or []:
                if call.function is not None:
                    args[call.index] = args.get(call.index, "") + (call.function.arguments or "")
                    if call.function.name:
                        names[call.index] = call.function.name
    assert sorted(args) == [0, 1]
    assert all(isinstance(json.loads(a), dict) for a in args.values())
    assert len(names) == 2
