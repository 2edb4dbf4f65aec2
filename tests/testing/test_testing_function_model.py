"""FunctionModel: a function decides each answer; streaming is derived or supplied."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import pytest

from agentkit.items import ModelResponse, TResponseStreamEvent
from agentkit.model_settings import ModelSettings
from agentkit.models.interface import ModelTracing
from agentkit.testing import (
    FunctionModel,
    ModelCall,
    ModelScriptError,
    ModelStep,
    ScriptedModel,
    assistant_message,
    function_call,
)
from agentkit.types.responses import (
    ResponseCompletedEvent,
    ResponseFunctionToolCall,
    ResponseOutputMessage,
)
from agentkit.usage import Usage


def _args(**overrides: Any) -> dict[str, Any]:
    args: dict[str, Any] = {
        "system_instructions": "sys",
        "input": "hi",
        "model_settings": ModelSettings(),
        "tools": [],
        "output_schema": None,
        "handoffs": [],
        "tracing": ModelTracing.DISABLED,
        "previous_response_id": None,
        "conversation_id": None,
        "prompt": None,
    }
    args.update(overrides)
    return args


def _dump(events: list[TResponseStreamEvent]) -> list[Any]:
    return [event.model_dump(mode="json") for event in events]


async def _stream(model: Any, **overrides: Any) -> list[TResponseStreamEvent]:
    return [event async for event in model.stream_response(**_args(**overrides))]


def _text(response: ModelResponse) -> str:
    message = response.output[0]
    assert isinstance(message, ResponseOutputMessage)
    return message.content[0].text  # type: ignore[union-attr]


async def test_a_string_becomes_an_assistant_message() -> None:
    calls: list[ModelCall] = []

    def answer(call: ModelCall) -> str:
        calls.append(call)
        return f"you said {call.input}; instructions {call.system_instructions}"

    model = FunctionModel(answer)
    response = await model.get_response(**_args(input="hello"))
    assert _text(response) == "you said hello; instructions sys"
    assert response.usage == Usage(requests=1)
    assert calls[0].input == "hello" and not calls[0].streamed
    assert model.last_call is not None and model.last_call.input == "hello"


async def test_async_functions_and_every_step_form_work() -> None:
    results: list[Any] = [
        [function_call("f", {"x": 1}, call_id="c1")],
        {"output": [assistant_message("spec")], "response_id": "r-spec"},
        ModelStep(output=[assistant_message("step")]),
        ModelResponse(
            output=[assistant_message("resp")], usage=Usage(requests=1), response_id=None
        ),
    ]

    async def answer(call: ModelCall) -> Any:
        return results[len(model.calls) - 1]

    model = FunctionModel(answer)
    first = await model.get_response(**_args())
    assert isinstance(first.output[0], ResponseFunctionToolCall)
    second = await model.get_response(**_args())
    assert _text(second) == "spec" and second.response_id == "r-spec"
    assert _text(await model.get_response(**_args())) == "step"
    fourth = await model.get_response(**_args())
    assert _text(fourth) == "resp" and fourth.response_id is None


async def test_exceptions_raised_or_returned_propagate() -> None:
    def answer(call: ModelCall) -> Any:
        if call.input == "raise":
            raise RuntimeError("raised")
        return LookupError("returned")

    model = FunctionModel(answer)
    with pytest.raises(RuntimeError, match="raised"):
        await model.get_response(**_args(input="raise"))
    with pytest.raises(LookupError, match="returned"):
        await _stream(model, input="return")


async def test_derived_stream_matches_scripted_model_stream() -> None:
    output = [assistant_message("Hi there"), function_call("f", {"a": 1}, call_id="c1")]
    function_model = FunctionModel(lambda call: output)
    scripted = ScriptedModel([output])
    assert _dump(await _stream(function_model)) == _dump(await _stream(scripted))
    assert model_calls_streamed(function_model) == [True]


def model_calls_streamed(model: FunctionModel) -> list[bool]:
    return [call.streamed for call in model.calls]


async def test_stream_function_text_chunks_stream_as_one_message() -> None:
    async def stream(call: ModelCall) -> AsyncIterator[str]:
        for chunk in ["Hel", "lo", "!"]:
            yield chunk

    model = FunctionModel(lambda call: "unused", stream_function=stream)
    events = await _stream(model)
    assert [e.type for e in events] == [
        "response.created",
        "response.in_progress",
        "response.output_item.added",
        "response.content_part.added",
        "response.output_text.delta",
        "response.output_text.delta",
        "response.output_text.delta",
        "response.output_text.done",
        "response.content_part.done",
        "response.output_item.done",
        "response.completed",
    ]
    assert [e.sequence_number for e in events] == list(range(len(events)))
    assert [e.delta for e in events[4:7]] == ["Hel", "lo", "!"]  # type: ignore[union-attr]
    assert events[7].text == "Hello!"  # type: ignore[union-attr]
    completed = events[-1]
    assert isinstance(completed, ResponseCompletedEvent)
    assert completed.response.output[0].content[0].text == "Hello!"  # type: ignore[union-attr,index]
    # The whole-text stream has the same shape as a one-chunk stream of ScriptedModel.
    single = FunctionModel(lambda call: "x", stream_function=_chunks(["Hello!"]))
    assert _dump(await _stream(single)) == _dump(
        await _stream(ScriptedModel([[assistant_message("Hello!")]]))
    )
    # The non-streamed call still uses `function`.
    assert _text(await model.get_response(**_args())) == "unused"


def _chunks(chunks: list[Any]) -> Any:
    async def stream(call: ModelCall) -> AsyncIterator[Any]:
        for chunk in chunks:
            yield chunk

    return stream


async def test_stream_function_events_pass_through() -> None:
    events = await _stream(ScriptedModel([[assistant_message("exact")]]))
    model = FunctionModel(stream_function=_chunks(events))
    assert await _stream(model) == events


async def test_only_stream_function_serves_non_streamed_calls_too() -> None:
    text_model = FunctionModel(stream_function=_chunks(["a", "b"]))
    response = await text_model.get_response(**_args())
    assert _text(response) == "ab"
    events = await _stream(
        ScriptedModel([ModelStep(output=[assistant_message("ev")], response_id="r9")])
    )
    event_model = FunctionModel(stream_function=_chunks(events))
    response = await event_model.get_response(**_args())
    assert _text(response) == "ev" and response.response_id == "r9"
    no_completion = FunctionModel(stream_function=_chunks(events[:2]))
    with pytest.raises(ModelScriptError, match=r"without a response\.completed"):
        await no_completion.get_response(**_args())


async def test_empty_stream_function_gives_an_empty_response() -> None:
    model = FunctionModel(stream_function=_chunks([]))
    events = await _stream(model)
    assert [e.type for e in events] == [
        "response.created",
        "response.in_progress",
        "response.completed",
    ]


async def test_mixing_text_and_events_is_an_error() -> None:
    events = await _stream(ScriptedModel([[assistant_message("x")]]))
    for mixed in (["text", events[0]], [events[0], "text"]):
        model = FunctionModel(stream_function=_chunks(mixed))
        with pytest.raises(ModelScriptError, match="mixed text chunks and stream events"):
            await _stream(model)


async def test_stream_function_is_closed_when_the_consumer_stops() -> None:
    closed: list[bool] = []

    async def stream(call: ModelCall) -> AsyncIterator[str]:
        try:
            for chunk in ["a", "b", "c"]:
                yield chunk
        finally:
            closed.append(True)

    model = FunctionModel(stream_function=stream)
    iterator = model.stream_response(**_args())
    async for event in iterator:
        if event.type == "response.output_text.delta":
            break
    await iterator.aclose()  # type: ignore[attr-defined]
    assert closed == [True]


async def test_default_usage_applies() -> None:
    usage = Usage(requests=1, input_tokens=4, output_tokens=6, total_tokens=10)
    model = FunctionModel(lambda call: "x", default_usage=usage)
    assert (await model.get_response(**_args())).usage.total_tokens == 10
    streamed = FunctionModel(stream_function=_chunks(["y"]), default_usage=usage)
    completed = (await _stream(streamed))[-1]
    assert completed.response.usage.total_tokens == 10  # type: ignore[union-attr]


async def test_function_sees_tools_and_output_schema() -> None:
    from agentkit.agent_output import AgentOutputSchema
    from agentkit.tool import function_tool

    @function_tool
    def add(a: int, b: int) -> int:
        """Add two numbers."""
        return a + b

    def answer(call: ModelCall) -> str:
        assert call.output_schema is not None
        return json.dumps(
            {"tools": [tool.name for tool in call.tools], "schema": call.output_schema.name()}
        )

    model = FunctionModel(answer)
    response = await model.get_response(**_args(tools=[add], output_schema=AgentOutputSchema(int)))
    assert json.loads(_text(response)) == {"tools": ["add"], "schema": "int"}


async def test_returning_none_is_a_clear_error() -> None:
    model = FunctionModel(lambda call: None)  # type: ignore[arg-type,return-value]
    with pytest.raises(ModelScriptError, match="returned None"):
        await model.get_response(**_args())


def test_constructor_errors() -> None:
    with pytest.raises(TypeError, match="needs `function`, `stream_function`"):
        FunctionModel()
    with pytest.raises(TypeError, match="`function` must be callable"):
        FunctionModel("not callable")  # type: ignore[arg-type]
