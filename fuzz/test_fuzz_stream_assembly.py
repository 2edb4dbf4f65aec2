"""Responses and Chat Completions stream handling on valid and corrupted event sequences."""

from __future__ import annotations

import copy
import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
from hypothesis import event, given
from hypothesis import strategies as st
from pydantic import ValidationError

from agentkit.client import AsyncOpenAI, OpenAIError
from agentkit.exceptions import AgentsException
from agentkit.model_settings import ModelSettings
from agentkit.models.chatcmpl_stream_handler import ChatCmplStreamHandler
from agentkit.models.interface import ModelTracing
from agentkit.models.openai_chatcompletions import OpenAIChatCompletionsModel
from agentkit.models.openai_responses import OpenAIResponsesModel
from agentkit.types.responses import Response
from tests.openai_server import builders as b

from ._support import FUZZ, json_values, run

# What a corrupted stream may raise: the client's typed errors, the SDK's, or a wire-type
# validation error for an event whose known type carries impossible fields.
TYPED = (OpenAIError, AgentsException, ValidationError)

_text = st.text(max_size=30)
_args = st.dictionaries(st.text("abc", max_size=3), st.integers() | st.text(max_size=5), max_size=3)


@st.composite
def _outputs(draw: st.DrawFn) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for kind in draw(st.lists(st.sampled_from(["message", "call", "reasoning"]), max_size=3)):
        if kind == "message":
            items.append(b.message_item(draw(_text)))
        elif kind == "call":
            items.append(
                b.function_call_item(
                    draw(st.sampled_from(["f", "g"])),
                    json.dumps(draw(_args)),
                    call_id=f"call_{len(items)}",
                )
            )
        else:
            items.append(b.reasoning_item([draw(_text)]))
    return items


def _corrupt(events: list[Any], draw: st.DrawFn) -> list[Any]:
    """Drop, duplicate, swap, truncate, mutate or inject events."""
    events = copy.deepcopy(events)
    for _ in range(draw(st.integers(1, 3))):
        if not events:
            events.append(draw(json_values(6)))
            continue
        i = draw(st.integers(0, len(events) - 1))
        action = draw(
            st.sampled_from(["drop", "dup", "swap", "truncate", "mutate", "inject", "retype"])
        )
        event(action)
        if action == "drop":
            del events[i]
        elif action == "dup":
            events.insert(i, copy.deepcopy(events[i]))
        elif action == "swap":
            j = draw(st.integers(0, len(events) - 1))
            events[i], events[j] = events[j], events[i]
        elif action == "truncate":
            del events[i:]
        elif action == "inject":
            events.insert(i, draw(json_values(6)))
        elif action == "retype" and isinstance(events[i], dict):
            events[i]["type"] = draw(st.sampled_from(["error", "response.failed", "bogus", 7]))
        elif isinstance(events[i], dict) and events[i]:
            key = draw(st.sampled_from(sorted(events[i], key=str)))
            events[i][key] = draw(json_values(6))
    return events


def _sse(events: list[Any], chat: bool) -> bytes:
    body = b"".join(b"data: " + json.dumps(e).encode() + b"\n\n" for e in events)
    return body + (b"data: [DONE]\n\n" if chat else b"")


def _client(body: bytes) -> AsyncOpenAI:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=body, headers={"content-type": "text/event-stream"})

    http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    return AsyncOpenAI(api_key="sk-fuzz", base_url="http://fuzz.invalid/v1", http_client=http)


async def _stream(model: Any) -> list[Any]:
    events = []
    async for e in model.stream_response(
        None, "hi", ModelSettings(), [], None, [], ModelTracing.DISABLED
    ):
        events.append(e)
    return events


async def _run_responses(events: list[Any]) -> tuple[list[Any], BaseException | None]:
    client = _client(_sse(events, chat=False))
    try:
        return await _stream(OpenAIResponsesModel("gpt-4.1", client)), None
    except Exception as exc:
        return [], exc
    finally:
        await client.close()


@FUZZ
@given(_outputs(), st.integers(1, 4))
def test_fuzz_responses_stream_valid(output: list[dict[str, Any]], deltas: int) -> None:
    events = b.response_stream_events(output, deltas=deltas)
    got, error = run(_run_responses(events))
    assert error is None, repr(error)
    assert [e.type for e in got] == [e["type"] for e in events]
    final = got[-1].response
    assert [i.model_dump(mode="json", exclude_unset=True) for i in final.output] == [
        Response.model_validate({**b.response_object([]), "output": [i]})
        .output[0]
        .model_dump(mode="json", exclude_unset=True)
        for i in output
    ]


@FUZZ
@given(_outputs(), st.data())
def test_fuzz_responses_stream_corrupted(output: list[dict[str, Any]], data: st.DataObject) -> None:
    events = _corrupt(b.response_stream_events(output, deltas=2), data.draw)
    got, error = run(_run_responses(events))
    if error is None:
        # Events after `response.completed` are passed through, as upstream does.
        assert any(e.type == "response.completed" for e in got)
    else:
        assert isinstance(error, TYPED), repr(error)


def _skeleton() -> Response:
    return Response.model_validate(
        {**b.response_object([]), "tool_choice": "auto", "tools": [], "parallel_tool_calls": False}
    )


async def _chunks(items: list[Any]) -> AsyncIterator[Any]:
    for item in items:
        yield item


async def _handle(chunks: list[Any]) -> tuple[list[Any], BaseException | None]:
    events: list[Any] = []
    try:
        async for e in ChatCmplStreamHandler.handle_stream(
            _skeleton(), _chunks(chunks), model="gpt-4.1", raise_on_length_truncation=True
        ):
            events.append(e)
    except Exception as exc:
        return events, exc
    return events, None


_tool_calls = st.lists(
    st.builds(
        lambda i, name, args: b.chat_tool_call(name, args, id=f"call_{i}"),
        st.integers(0, 99),
        st.sampled_from(["f", "g"]),
        _args,
    ),
    max_size=3,
    unique_by=lambda c: c["id"],
)


@FUZZ
@given(_text, _tool_calls, st.integers(1, 4), st.booleans())
def test_fuzz_chat_stream_valid(
    text: str, calls: list[dict[str, Any]], deltas: int, include_usage: bool
) -> None:
    chunks = b.chat_stream_chunks(
        text if not calls else None, tool_calls=calls, deltas=deltas, include_usage=include_usage
    )
    got, error = run(_handle(chunks))
    assert error is None, repr(error)
    final = got[-1]
    assert final.type == "response.completed"
    messages = [i for i in final.response.output if i.type == "message"]
    function_calls = [i for i in final.response.output if i.type == "function_call"]
    if calls:
        assert [(c.call_id, c.name, c.arguments) for c in function_calls] == [
            (c["id"], c["function"]["name"], c["function"]["arguments"]) for c in calls
        ]
    else:
        joined = "".join(p.text for m in messages for p in m.content if p.type == "output_text")
        assert joined == text
    # The deltas of each text part add up to its final text.
    streamed = "".join(e.delta for e in got if e.type == "response.output_text.delta")
    assert streamed == "".join(
        p.text for m in messages for p in m.content if p.type == "output_text"
    )


@FUZZ
@given(_text, _tool_calls, st.data())
def test_fuzz_chat_stream_corrupted(
    text: str, calls: list[dict[str, Any]], data: st.DataObject
) -> None:
    chunks = _corrupt(
        b.chat_stream_chunks(text if not calls else None, tool_calls=calls), data.draw
    )
    got, error = run(_handle(chunks))
    if error is not None:
        assert isinstance(error, TYPED), repr(error)
    elif got:
        assert got[-1].type == "response.completed"


async def _run_chat_model(chunks: list[Any]) -> tuple[list[Any], BaseException | None]:
    client = _client(_sse(chunks, chat=True))
    try:
        return await _stream(OpenAIChatCompletionsModel("gpt-4.1", client)), None
    except Exception as exc:
        return [], exc
    finally:
        await client.close()


@FUZZ
@given(_text, _tool_calls, st.data())
def test_fuzz_chat_model_stream_corrupted(
    text: str, calls: list[dict[str, Any]], data: st.DataObject
) -> None:
    chunks = b.chat_stream_chunks(text if not calls else None, tool_calls=calls)
    if data.draw(st.booleans()):
        chunks = _corrupt(chunks, data.draw)
    got, error = run(_run_chat_model(chunks))
    if error is None:
        assert got[-1].type == "response.completed"
    else:
        assert isinstance(error, TYPED), repr(error)
