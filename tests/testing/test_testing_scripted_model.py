"""ScriptedModel, ModelStep and the script errors, called at the Model seam."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from typing import Any

import pytest

from agentkit.exceptions import ModelBehaviorError
from agentkit.items import ModelResponse, TResponseStreamEvent
from agentkit.model_settings import ModelSettings
from agentkit.models.interface import Model, ModelTracing
from agentkit.testing import (
    InvalidModelStep,
    ModelCall,
    ModelScriptError,
    ModelStep,
    ModelStepSpec,
    ScriptedModel,
    UnconsumedModelSteps,
    UnexpectedModelCall,
    assistant_message,
    function_call,
)
from agentkit.types.responses import (
    ResponseApplyPatchToolCall,
    ResponseCompletedEvent,
    ResponseFunctionToolCall,
    ResponseFunctionWebSearch,
    ResponseOutputMessage,
)
from agentkit.usage import Usage


def _args(**overrides: Any) -> dict[str, Any]:
    args: dict[str, Any] = {
        "system_instructions": "Be brief.",
        "input": "hi",
        "model_settings": ModelSettings(temperature=0.5),
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


async def _stream(model: Model, **overrides: Any) -> list[TResponseStreamEvent]:
    return [event async for event in model.stream_response(**_args(**overrides))]


def _text(response: ModelResponse) -> str:
    message = response.output[0]
    assert isinstance(message, ResponseOutputMessage)
    return "".join(getattr(part, "text", "") for part in message.content)


# Helpers


def test_assistant_message_builds_a_completed_text_message() -> None:
    item = assistant_message("Hello")
    assert isinstance(item, ResponseOutputMessage)
    assert (item.id, item.role, item.status, item.type) == (
        "scripted-message",
        "assistant",
        "completed",
        "message",
    )
    part = item.content[0]
    assert part.type == "output_text"
    assert part.text == "Hello"  # type: ignore[union-attr]
    assert assistant_message("x", item_id="msg_1").id == "msg_1"  # type: ignore[union-attr]


def test_function_call_serialises_mapping_arguments_compactly() -> None:
    item = function_call("lookup", {"q": "café", "n": [1, 2]}, call_id="c1")
    assert isinstance(item, ResponseFunctionToolCall)
    assert item.arguments == '{"q":"café","n":[1,2]}'
    assert (item.id, item.call_id, item.name, item.namespace) == ("c1", "c1", "lookup", None)
    raw = function_call("f", '{"a": 1}', call_id="c2", item_id="fc_2", namespace="ns")
    assert isinstance(raw, ResponseFunctionToolCall)
    assert (raw.arguments, raw.id, raw.namespace) == ('{"a": 1}', "fc_2", "ns")


# Script consumption


async def test_steps_are_consumed_in_order_and_calls_recorded() -> None:
    model = ScriptedModel([[assistant_message("one")], [assistant_message("two")]])
    assert model.remaining_steps == 2
    assert model.first_call is None and model.last_call is None
    first = await model.get_response(**_args(input="a"))
    events = await _stream(model, input=[{"role": "user", "content": "b"}])
    assert _text(first) == "one"
    completed = events[-1]
    assert isinstance(completed, ResponseCompletedEvent)
    assert completed.response.output[0].content[0].text == "two"  # type: ignore[union-attr,index]
    assert model.remaining_steps == 0
    model.assert_complete()
    assert [call.streamed for call in model.calls] == [False, True]
    assert model.first_call is not None and model.first_call.input == "a"
    assert model.last_call is not None
    assert model.last_call.input == [{"role": "user", "content": "b"}]
    assert model.last_call.system_instructions == "Be brief."
    assert model.last_call.model_settings.temperature == 0.5
    assert model.last_call.tracing is ModelTracing.DISABLED


async def test_recorded_calls_are_detached_snapshots() -> None:
    model = ScriptedModel([[assistant_message("ok")]])
    items = [{"role": "user", "content": "original"}]
    await model.get_response(**_args(input=items))
    items[0]["content"] = "changed"
    call = model.calls[0]
    assert call.input == [{"role": "user", "content": "original"}]
    call.input[0]["content"] = "tampered"
    assert model.calls[0].input[0]["content"] == "original"


async def test_call_after_script_ends_raises_unexpected_model_call() -> None:
    model = ScriptedModel([[assistant_message("only")]])
    await model.get_response(**_args())
    with pytest.raises(UnexpectedModelCall) as caught:
        await _stream(model, input="again")
    error = caught.value
    assert isinstance(error, ModelScriptError)
    assert str(error) == "Unexpected streaming model call #2: no scripted steps remain."
    assert error.call_index == 1
    assert error.call.input == "again" and error.call.streamed
    with pytest.raises(UnexpectedModelCall, match="non-streaming model call #3"):
        await model.get_response(**_args())


def test_assert_complete_reports_leftover_steps() -> None:
    model = ScriptedModel([[assistant_message("a")], [assistant_message("b")]])
    with pytest.raises(UnconsumedModelSteps) as caught:
        model.assert_complete()
    assert caught.value.remaining_steps == 2
    assert str(caught.value) == "2 scripted model step(s) were not consumed."


async def test_enqueue_and_extend_append_steps() -> None:
    model = ScriptedModel()
    model.enqueue([assistant_message("a")])
    model.extend([{"output": [assistant_message("b")]}, ModelStep(output=[assistant_message("c")])])
    assert model.remaining_steps == 3
    texts = [_text(await model.get_response(**_args())) for _ in range(3)]
    assert texts == ["a", "b", "c"]


# Step forms


async def test_every_step_form_is_accepted() -> None:
    response = ModelResponse(
        output=[assistant_message("from response")],
        usage=Usage(requests=1, input_tokens=3, output_tokens=4, total_tokens=7),
        response_id="resp-x",
        request_id="req-x",
    )
    spec: ModelStepSpec = {"output": [assistant_message("from spec")], "response_id": "resp-s"}
    model = ScriptedModel(
        [
            ModelStep(output=[assistant_message("from step")]),
            spec,
            response,
            [assistant_message("from list")],
            (assistant_message("from tuple"),),
        ]
    )
    results = [await model.get_response(**_args()) for _ in range(5)]
    assert [_text(r) for r in results] == [
        "from step",
        "from spec",
        "from response",
        "from list",
        "from tuple",
    ]
    assert results[0].response_id == "resp-789"
    assert results[1].response_id == "resp-s"
    assert (results[2].response_id, results[2].request_id) == ("resp-x", "req-x")
    assert results[2].usage.total_tokens == 7


async def test_exception_step_raises_it_for_both_call_kinds() -> None:
    boom = RuntimeError("model down")
    model = ScriptedModel([boom, ModelStep.raise_error(ValueError("bad"))])
    with pytest.raises(RuntimeError, match="model down") as caught:
        await model.get_response(**_args())
    assert caught.value is boom
    with pytest.raises(ValueError, match="bad"):
        await _stream(model)
    assert len(model.calls) == 2


async def test_responder_derives_the_outcome_from_the_call() -> None:
    seen: list[ModelCall] = []

    def sync_responder(call: ModelCall) -> Any:
        seen.append(call)
        return [assistant_message(f"echo {call.input}")]

    async def async_responder(call: ModelCall) -> Any:
        await asyncio.sleep(0)
        # A responder may hand over to another responder.
        return ModelStep.respond(lambda c: {"output": [assistant_message("nested")]})

    model = ScriptedModel([ModelStep.respond(sync_responder), ModelStep.respond(async_responder)])
    assert _text(await model.get_response(**_args(input="ping"))) == "echo ping"
    events = await _stream(model)
    assert events[-1].response.output[0].content[0].text == "nested"  # type: ignore[union-attr,index]
    assert seen[0].input == "ping" and not seen[0].streamed


async def test_responder_can_raise_by_returning_an_exception() -> None:
    model = ScriptedModel([ModelStep.respond(lambda call: KeyError("nope"))])
    with pytest.raises(KeyError):
        await model.get_response(**_args())


async def test_exact_stream_events_are_yielded_verbatim() -> None:
    source = ScriptedModel([[assistant_message("hi")]])
    recorded = await _stream(source)
    model = ScriptedModel([ModelStep.stream(recorded[:3] + recorded[-1:])])
    replayed = await _stream(model)
    assert [e.type for e in replayed] == [
        "response.created",
        "response.in_progress",
        "response.output_item.added",
        "response.completed",
    ]
    assert replayed == recorded[:3] + recorded[-1:]


async def test_stream_factory_is_called_with_the_call_and_closed() -> None:
    closed: list[bool] = []
    template = await _stream(ScriptedModel([[assistant_message("x")]]))

    async def factory(call: ModelCall) -> AsyncIterator[TResponseStreamEvent]:
        assert call.streamed and call.input == "go"
        try:
            for event in template:
                yield event
        finally:
            closed.append(True)

    model = ScriptedModel([ModelStep.stream(factory)])
    stream = model.stream_response(**_args(input="go"))
    first = await stream.__anext__()
    assert first.type == "response.created"
    await stream.aclose()  # type: ignore[attr-defined]
    assert closed == [True]


async def test_stream_step_returns_its_output_when_not_streamed() -> None:
    model = ScriptedModel(
        [ModelStep.stream([], output=[assistant_message("plain")], response_id="r1")]
    )
    response = await model.get_response(**_args())
    assert _text(response) == "plain" and response.response_id == "r1"


# Usage


async def test_usage_defaults_to_one_request_and_can_be_overridden() -> None:
    custom = Usage(requests=1, input_tokens=10, output_tokens=2, total_tokens=12)
    model = ScriptedModel([[assistant_message("a")], ModelStep(usage=custom), [], []])
    assert (await model.get_response(**_args())).usage == Usage(requests=1)
    assert (await model.get_response(**_args())).usage.total_tokens == 12
    model.set_default_usage(Usage(requests=2, input_tokens=1, total_tokens=1))
    assert (await model.get_response(**_args())).usage.requests == 2
    completed = (await _stream(model))[-1]
    assert isinstance(completed, ResponseCompletedEvent)
    assert completed.response.usage is not None and completed.response.usage.input_tokens == 1


async def test_default_usage_from_constructor() -> None:
    model = ScriptedModel([[]], default_usage=Usage(requests=1, output_tokens=5, total_tokens=5))
    assert (await model.get_response(**_args())).usage.output_tokens == 5


async def test_raw_usage_is_returned_only_when_preserved() -> None:
    step = ModelStep(output=[], raw_usage={"input_tokens": 1, "extra": {"x": [1]}})
    model = ScriptedModel([step, step])
    assert (await model.get_response(**_args())).raw_usage is None
    preserved = await model.get_response(
        **_args(model_settings=ModelSettings(preserve_raw_usage=True))
    )
    assert preserved.raw_usage == {"input_tokens": 1, "extra": {"x": [1]}}


# Validation


@pytest.mark.parametrize(
    ("step", "reason", "message"),
    [
        ({"output": [], "bogus": 1}, "unsupported_field", "unsupported field(s) bogus"),
        (ModelStep(output="text"), "invalid_input", "must use a sequence for output"),  # type: ignore[arg-type]
        (ModelStep(usage={"requests": 1}), "invalid_input", "must use Usage for usage"),  # type: ignore[arg-type]
        (ModelStep(response_id=5), "invalid_input", "string or None for response_id"),  # type: ignore[arg-type]
        (ModelStep(request_id=5), "invalid_input", "string or None for request_id"),  # type: ignore[arg-type]
        (ModelStep(raw_usage=[1]), "invalid_input", "dictionary or None for raw_usage"),  # type: ignore[arg-type]
        (ModelStep(error="boom"), "invalid_error", "must use an Exception for error"),  # type: ignore[arg-type]
        (ModelStep(responder="x"), "invalid_responder", "must use a callable responder"),  # type: ignore[arg-type]
        (ModelStep(stream_events="x"), "invalid_stream_events", "sequence or callable"),  # type: ignore[arg-type]
        (
            ModelStep(error=ValueError(), responder=lambda c: []),
            "conflicting_outcomes",
            "cannot combine error, responder, and stream_events outcomes",
        ),
    ],
)
def test_invalid_steps_are_rejected_up_front(step: Any, reason: str, message: str) -> None:
    with pytest.raises(InvalidModelStep, match=re.escape(message)) as caught:
        ScriptedModel([[assistant_message("fine")], step])
    assert caught.value.reason == reason
    assert caught.value.input_index == 1
    assert str(caught.value).startswith("Scripted model step #2 ")


def test_enqueue_validates_too() -> None:
    model = ScriptedModel()
    with pytest.raises(InvalidModelStep) as caught:
        model.enqueue({"outputs": []})  # type: ignore[arg-type]
    assert caught.value.input_index == 0


async def test_invalid_responder_result_is_rejected_when_called() -> None:
    model = ScriptedModel([ModelStep.respond(lambda call: {"nope": 1})])  # type: ignore[arg-type,return-value]
    with pytest.raises(InvalidModelStep, match="unsupported"):
        await model.get_response(**_args())


def test_steps_are_detached_from_the_objects_given() -> None:
    output = [assistant_message("before")]
    model = ScriptedModel([output])
    output.append(assistant_message("added later"))
    assert model.remaining_steps == 1
    step = model._steps[0]
    assert len(step.output) == 1


async def test_automatic_streaming_rejects_unsupported_items() -> None:
    search = ResponseFunctionWebSearch.model_validate(
        {"id": "ws_1", "status": "completed", "type": "web_search_call", "action": None}
    )
    model = ScriptedModel([[search], [search]])
    assert (await model.get_response(**_args())).output == [search]
    with pytest.raises(ModelBehaviorError, match="ResponseFunctionWebSearch"):
        await _stream(model)


async def test_apply_patch_dicts_become_typed_calls() -> None:
    operation = {"type": "delete_file", "path": "old.txt"}
    patch = {"type": "apply_patch_call", "call_id": "ap_1", "operation": operation}
    model = ScriptedModel([[patch], [patch], [{"type": "apply_patch_call", "call_id": ""}]])  # type: ignore[list-item]
    response = await model.get_response(**_args())
    item = response.output[0]
    assert isinstance(item, ResponseApplyPatchToolCall)
    assert (item.id, item.call_id, item.status) == ("ap_1", "ap_1", "completed")
    assert item.operation.path == "old.txt"  # type: ignore[union-attr]
    events = await _stream(model)
    assert [e.type for e in events] == [
        "response.created",
        "response.in_progress",
        "response.output_item.added",
        "response.output_item.done",
        "response.completed",
    ]
    assert events[2].item.status == "in_progress"  # type: ignore[union-attr]
    with pytest.raises(ModelBehaviorError, match="non-empty string call ID"):
        await model.get_response(**_args())


async def test_stream_closed_early_stops_cleanly() -> None:
    model = ScriptedModel([[assistant_message("hello")]])
    stream = model.stream_response(**_args())
    await stream.__anext__()
    await stream.aclose()  # type: ignore[attr-defined]
    model.assert_complete()


# Tracing


class _Collector:
    """A tracing processor that keeps finished spans."""

    def __init__(self) -> None:
        self.spans: list[Any] = []

    def on_trace_start(self, trace: Any) -> None:
        pass

    def on_trace_end(self, trace: Any) -> None:
        pass

    def on_span_start(self, span: Any) -> None:
        pass

    def on_span_end(self, span: Any) -> None:
        self.spans.append(span)

    def shutdown(self) -> None:
        pass

    def force_flush(self) -> None:
        pass


@pytest.fixture
def collector() -> Any:
    from agentkit.tracing import TracingProcessor, get_trace_provider, set_trace_processors

    class Collector(_Collector, TracingProcessor):
        pass

    processor = Collector()
    set_trace_processors([processor])
    get_trace_provider().set_disabled(False)
    yield processor
    set_trace_processors([])


async def test_emit_traces_records_generation_spans_with_errors(collector: Any) -> None:
    from agentkit.tracing import get_current_span, trace

    model = ScriptedModel(
        [[assistant_message("a")], [assistant_message("b")], RuntimeError("secret detail")],
        emit_traces=True,
    )
    with trace("test"):
        await model.get_response(**_args())
        async for _event in model.stream_response(**_args()):
            # The consumer's own spans must not nest under the streaming model call.
            assert get_current_span() is None
        with pytest.raises(RuntimeError):
            await model.get_response(**_args(tracing=ModelTracing.ENABLED_WITHOUT_DATA))
    spans = [span for span in collector.spans if span.span_data.type == "generation"]
    assert len(spans) == 3
    assert [span.error for span in spans[:2]] == [None, None]
    assert spans[2].error == {
        "message": "Error",
        "data": {"name": "RuntimeError", "message": "Error details are redacted."},
    }


async def test_no_spans_without_emit_traces(collector: Any) -> None:
    from agentkit.tracing import trace

    with trace("test"):
        await ScriptedModel([[assistant_message("a")]]).get_response(**_args())
    assert [s for s in collector.spans if s.span_data.type == "generation"] == []
