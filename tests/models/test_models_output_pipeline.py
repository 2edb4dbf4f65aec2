"""One model-output pipeline: a streamed and a non-streamed answer give the same `ModelResponse`.

The property tests script one answer, serve it both ways (a whole JSON body, and the SSE stream
the live API would send for it), and compare what the model returns for the non-streamed call
with what the run loop's accumulator makes of the streamed call's events, on both OpenAI APIs.
The answers are served in-process by an httpx transport (no network); the regression tests run
whole agents against the loopback server.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agentkit.agent import Agent
from agentkit.client import AsyncOpenAI
from agentkit.exceptions import ModelBehaviorError
from agentkit.items import ModelResponse
from agentkit.model_settings import ModelSettings
from agentkit.models._response_accumulator import ResponseAccumulator
from agentkit.models.interface import Model, ModelTracing
from agentkit.models.openai_chatcompletions import OpenAIChatCompletionsModel
from agentkit.models.openai_provider import OpenAIProvider
from agentkit.models.openai_responses import OpenAIResponsesModel
from agentkit.run import Runner
from agentkit.run_config import RunConfig
from agentkit.testing import ModelStep, ScriptedModel, assistant_message
from agentkit.usage import Usage
from tests.openai_server import JSONReply, OpenAIServer, SSEReply
from tests.openai_server import builders as b

PIPELINE = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

_text = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12)
_count = st.integers(-3, 40)
# What providers have been seen to put where a token count belongs.
_odd_count = _count | st.none() | st.sampled_from([2.0, 2.5, "7", "x", True, [1]])


def _client(status: int, body: bytes, content_type: str) -> AsyncOpenAI:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            status, content=body, headers={"content-type": content_type, "x-request-id": "req_1"}
        )

    http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    return AsyncOpenAI(api_key="sk-test", base_url="http://pipeline.invalid/v1", http_client=http)


def _sse(events: list[Any], *, chat: bool) -> bytes:
    body = b"".join(b"data: " + json.dumps(e).encode() + b"\n\n" for e in events)
    return body + (b"data: [DONE]\n\n" if chat else b"")


async def _both_ways(
    make_model: Any, body: dict[str, Any], events: list[Any], *, chat: bool, preserve: bool
) -> tuple[Any, Any]:
    """(non-streamed outcome, streamed outcome): a `ModelResponse`, or the error's type and text."""
    settings_ = ModelSettings(preserve_raw_usage=preserve)
    args = (None, "hi", settings_, [], None, [], ModelTracing.DISABLED)

    async def whole() -> ModelResponse:
        client = _client(200, json.dumps(body).encode(), "application/json")
        try:
            model: Model = make_model(client)
            return await model.get_response(*args)
        finally:
            await client.close()

    async def streamed() -> ModelResponse:
        client = _client(200, _sse(events, chat=chat), "text/event-stream")
        try:
            model: Model = make_model(client)
            # Exactly what the run loop does with a streamed call's events.
            accumulator = ResponseAccumulator(preserve_raw_usage=preserve)
            async for event in model.stream_response(*args):
                accumulator.add(event)
            return accumulator.result()
        finally:
            await client.close()

    outcomes = []
    for call in (whole, streamed):
        try:
            outcomes.append(await call())
        except ModelBehaviorError as e:
            outcomes.append(("ModelBehaviorError", _strip_mode(str(e))))
    return outcomes[0], outcomes[1]


def _strip_mode(message: str) -> str:
    # Chat Completions says which transport was cut short; the answer is the same.
    return message.replace("Chat Completions stream ", "Chat Completions ").replace(
        "Chat Completions response ", "Chat Completions "
    )


# --- Responses API -----------------------------------------------------------------------------


@st.composite
def _responses_answer(draw: st.DrawFn) -> tuple[dict[str, Any], list[Any]]:
    output: list[dict[str, Any]] = []
    for index in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(["message", "call", "reasoning"]))
        if kind == "message":
            output.append(b.message_item(draw(_text), id=f"msg_{index}"))
        elif kind == "call":
            arguments = {"q": draw(_text)}
            output.append(
                b.function_call_item("lookup", arguments, call_id=f"call_{index}", id=f"fc_{index}")
            )
        else:
            summary = draw(st.lists(_text, max_size=2))
            output.append(b.reasoning_item(summary, id=f"rs_{index}"))
    usage = draw(
        st.none()
        | st.builds(
            lambda i, o, c, r, t: {
                "input_tokens": i,
                "input_tokens_details": {"cached_tokens": c, "cache_write_tokens": 0},
                "output_tokens": o,
                "output_tokens_details": {"reasoning_tokens": r},
                "total_tokens": t,
            },
            _count,
            _count,
            _count,
            _count,
            _count,
        )
    )
    terminal = draw(st.sampled_from(["completed", "completed", "incomplete", "failed"]))
    fields: dict[str, Any] = {"id": "resp_1", "status": terminal}
    if terminal == "incomplete":
        fields["incomplete_reason"] = "max_output_tokens"
    body = b.response_object(output, **fields)
    body["usage"] = usage
    events = b.response_stream_events(
        output, deltas=draw(st.integers(1, 3)), terminal=terminal, id="resp_1"
    )
    events[-1]["response"] = body
    return body, events


@PIPELINE
@given(_responses_answer(), st.booleans())
async def test_responses_streamed_and_whole_answers_are_identical(
    answer: tuple[dict[str, Any], list[Any]], preserve: bool
) -> None:
    body, events = answer
    whole, streamed = await _both_ways(
        lambda client: OpenAIResponsesModel("gpt-4.1", client),
        body,
        events,
        chat=False,
        preserve=preserve,
    )
    assert whole == streamed
    if isinstance(whole, ModelResponse):
        assert whole.response_id == "resp_1"
        assert whole.request_id == "req_1"
        assert whole.usage.requests == 1
        assert whole.raw_usage == (body["usage"] if preserve else None)


# --- Chat Completions --------------------------------------------------------------------------


def _pieces(text: str, size: int) -> list[str]:
    return [text[i : i + size] for i in range(0, len(text), size)] or []


@st.composite
def _chat_answer(draw: st.DrawFn) -> tuple[dict[str, Any], list[Any]]:
    """One chat answer as a whole completion and as the chunks a server streams for it."""
    content = draw(st.none() | _text)
    refusal = draw(st.none() | _text.filter(bool))
    reasoning = draw(st.none() | _text.filter(bool))
    calls = [
        b.chat_tool_call(f"tool_{i}", {"q": draw(_text)}, id=f"call_{i}")
        for i in range(draw(st.integers(0, 2)))
    ]
    finish = draw(st.sampled_from(["stop", "tool_calls", "length", "content_filter"]))
    usage = draw(
        st.none()
        | st.fixed_dictionaries(
            {"prompt_tokens": _odd_count, "completion_tokens": _odd_count},
            optional={
                "total_tokens": _odd_count,
                "prompt_tokens_details": st.fixed_dictionaries({"cached_tokens": _odd_count}),
                "completion_tokens_details": st.fixed_dictionaries(
                    {"reasoning_tokens": _odd_count}
                ),
                "cost": st.floats(0, 1),
            },
        )
    )
    body = b.chat_completion(
        content, tool_calls=calls, refusal=refusal, finish_reason=finish, id="chatcmpl-1"
    )
    body["usage"] = usage
    message = body["choices"][0]["message"]
    if reasoning is not None:
        message["reasoning_content"] = reasoning
    size = draw(st.integers(1, 4))
    deltas: list[dict[str, Any]] = [{"role": "assistant", "content": ""}]
    deltas += [{"reasoning_content": p} for p in _pieces(reasoning or "", size)]
    deltas += [{"content": p} for p in _pieces(content or "", size)]
    deltas += [{"refusal": p} for p in _pieces(refusal or "", size)]
    for index, call in enumerate(calls):
        head = {"index": index, "id": call["id"], "type": "function"}
        head["function"] = {"name": call["function"]["name"], "arguments": ""}
        deltas.append({"tool_calls": [head]})
        for piece in _pieces(call["function"]["arguments"], size):
            deltas.append({"tool_calls": [{"index": index, "function": {"arguments": piece}}]})
    chunks = [_chunk(delta, None) for delta in deltas] + [_chunk({}, finish)]
    if usage is not None:
        chunks.append({**_chunk({}, None), "choices": [], "usage": usage})
    return body, chunks


def _chunk(delta: dict[str, Any], finish: str | None) -> dict[str, Any]:
    return {
        "id": "chatcmpl-1",
        "object": "chat.completion.chunk",
        "created": 1,
        "model": "gpt-4.1",
        "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}],
    }


@PIPELINE
@given(_chat_answer(), st.booleans())
async def test_chat_streamed_and_whole_answers_are_identical(
    answer: tuple[dict[str, Any], list[Any]], preserve: bool
) -> None:
    body, chunks = answer
    whole, streamed = await _both_ways(
        lambda client: OpenAIChatCompletionsModel("gpt-4.1", client),
        body,
        chunks,
        chat=True,
        preserve=preserve,
    )
    assert whole == streamed
    if isinstance(whole, ModelResponse):
        assert whole.response_id is None
        assert whole.request_id == "req_1"
        assert whole.usage == Usage._from_wire(body["usage"])
        expected_raw = body["usage"] if preserve and isinstance(body["usage"], dict) else None
        assert whole.raw_usage == expected_raw


# --- The one usage policy ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "count"),
    [
        (7, 7),
        (0, 0),
        (None, 0),
        (-3, 0),
        (2.0, 2),
        (2.5, 0),
        ("7", 7),
        ("x", 0),
        (True, 0),
        ([1], 0),
    ],
)
def test_one_rule_for_every_count(value: Any, count: int) -> None:
    responses = Usage._from_wire(
        {
            "input_tokens": value,
            "output_tokens": value,
            "total_tokens": value,
            "input_tokens_details": {"cached_tokens": value, "cache_write_tokens": value},
            "output_tokens_details": {"reasoning_tokens": value},
        }
    )
    chat = Usage._from_wire(
        {
            "prompt_tokens": value,
            "completion_tokens": value,
            "total_tokens": value,
            "prompt_tokens_details": {"cached_tokens": value, "cache_write_tokens": value},
            "completion_tokens_details": {"reasoning_tokens": value},
        }
    )
    for usage in (responses, chat):
        assert usage.requests == 1
        assert (usage.input_tokens, usage.output_tokens, usage.total_tokens) == (count,) * 3
        assert usage.input_tokens_details.cached_tokens == count
        assert usage.input_tokens_details.cache_write_tokens == count
        assert usage.output_tokens_details.reasoning_tokens == count


def test_missing_counts_and_missing_usage_count_zero_tokens_and_one_request() -> None:
    assert Usage._from_wire(None) == Usage(requests=1)
    assert Usage._from_wire({}) == Usage(requests=1)
    assert Usage._from_wire({"prompt_tokens": 4}).input_tokens == 4
    assert Usage._from_wire({"completion_tokens": 4}).output_tokens == 4


def test_wire_objects_and_dicts_give_the_same_usage() -> None:
    from agentkit.types.chat import CompletionUsage
    from agentkit.types.responses import ResponseUsage

    responses = b.usage(12, 3, reasoning_tokens=2)
    chat = b.chat_usage(12, 3)
    assert Usage._from_wire(ResponseUsage.model_validate(responses)) == Usage._from_wire(responses)
    assert Usage._from_wire(CompletionUsage.model_validate(chat)) == Usage._from_wire(chat)
    assert Usage._from_wire(chat).total_tokens == 15


# --- Regression: raw usage of a streamed Chat Completions run ----------------------------------


@pytest.mark.parametrize("use_responses", [True, False], ids=["responses", "chat"])
@pytest.mark.parametrize("stream", [False, True], ids=["run", "streamed"])
async def test_raw_usage_is_reported_streamed_and_not(
    openai_server: OpenAIServer, use_responses: bool, stream: bool
) -> None:
    if use_responses:
        raw = {**b.usage(9, 4), "provider_extra": {"cost": 0.25}}
        body = b.response_object([b.message_item("hi")], usage=raw)
        events = b.response_stream_events([b.message_item("hi")])
        events[-1]["response"] = body
        openai_server.queue(SSEReply(events=events) if stream else JSONReply(body=body))
    else:
        raw = {**b.chat_usage(9, 4), "cost": 0.25, "prompt_tokens_details": None}
        openai_server.queue(
            SSEReply(events=b.chat_stream_chunks("hi", usage=raw))
            if stream
            else JSONReply(body=b.chat_completion("hi", usage=raw))
        )
    client = AsyncOpenAI(base_url=openai_server.base_url, api_key="sk-test")
    config = RunConfig(
        model_provider=OpenAIProvider(openai_client=client, use_responses=use_responses),
        model_settings=ModelSettings(preserve_raw_usage=True),
        tracing_disabled=True,
    )
    agent = Agent(name="A", instructions="Be brief.")
    if stream:
        result: Any = Runner.run_streamed(agent, "Hello", run_config=config)
        async for _ in result.stream_events():
            pass
    else:
        result = await Runner.run(agent, "Hello", run_config=config)
    assert result.final_output == "hi"
    assert result.raw_responses[0].raw_usage == raw
    assert result.context_wrapper.usage.input_tokens == 9


@pytest.mark.parametrize("stream", [False, True], ids=["run", "streamed"])
async def test_scripted_model_answers_are_the_same_streamed_or_not(stream: bool) -> None:
    usage = Usage(requests=2, input_tokens=5, output_tokens=1, total_tokens=6)
    model = ScriptedModel(
        [
            ModelStep(
                output=[assistant_message("hi")],
                usage=usage,
                request_id="req_9",
                raw_usage={"input_tokens": 5, "extra": [1]},
            )
        ]
    )
    config = RunConfig(model_settings=ModelSettings(preserve_raw_usage=True))
    agent = Agent(name="A", model=model)
    if stream:
        result: Any = Runner.run_streamed(agent, "Hello", run_config=config)
        async for _ in result.stream_events():
            pass
    else:
        result = await Runner.run(agent, "Hello", run_config=config)
    response = result.raw_responses[0]
    assert response.usage == usage
    assert response.request_id == "req_9"
    assert response.raw_usage == {"input_tokens": 5, "extra": [1]}
    assert response.response_id == "resp-789"


def test_the_accumulator_acts_only_on_its_event_types() -> None:
    """The run loop leaves out events whose type is not in `ResponseAccumulator.EVENT_TYPES`."""
    from agentkit.types.responses import _events

    others = [t for t in _events._STREAM_EVENT_TYPES if t not in ResponseAccumulator.EVENT_TYPES]
    assert "response.output_text.delta" in others
    accumulator = ResponseAccumulator()
    for event_type in [*others, "something.else", None]:
        accumulator.add(type("Event", (), {"type": event_type, "response": None, "item": 1})())
    assert accumulator.response is None and not accumulator.completed
    assert accumulator._streamed_output == []
    assert {"response.completed", "response.output_item.done", "error"} <= (
        ResponseAccumulator.EVENT_TYPES
    )
