"""A non-streamed Responses answer is validated only as far as a run reads it (`_Answer`).

For every answer it reads the same as `Response.model_validate` (same classes, values, fields set
and errors); the whole `Response` is validated only when asked for; a fresh process parsing its
first answer builds the validators of the item types it meets and no others.
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from agentkit.models.interface import ModelTracing
from agentkit.models.openai_responses import _Answer
from agentkit.types.responses import Response, ResponseOutputMessage
from tests.models.test_models_responses import _get, _model, _Spans, spans  # noqa: F401
from tests.openai_server import JSONReply, OpenAIServer
from tests.openai_server import builders as b
from tests.types.test_types_dispatch import OUTPUT_ITEMS

_ITEMS = [data for _, data in OUTPUT_ITEMS.values()]
_USAGE = {
    "input_tokens": 3,
    "input_tokens_details": {"cached_tokens": 1},
    "output_tokens": 2,
    "output_tokens_details": {"reasoning_tokens": 0},
    "total_tokens": 5,
}
# Values that are wrong somewhere (or right somewhere else): what a broken server might send.
_ODD = st.sampled_from([None, 0, 1.5, True, "x", "", [], {}, [1], {"a": 1}, {"type": "message"}])
_READ_FIELDS = ("id", "status", "error", "incomplete_details", "usage", "output")


def _corrupt(value: Any, path: list[Any], replacement: Any) -> Any:
    """`value` with the member at `path` (its keys/indexes, wrapped around) set to `replacement`."""
    if not path or not isinstance(value, (dict, list)) or not value:
        return replacement
    keys = list(value) if isinstance(value, dict) else list(range(len(value)))
    key = keys[path[0] % len(keys)] if isinstance(path[0], int) else path[0]
    if isinstance(value, dict) and key not in value:
        return {**value, key: replacement}
    copied = copy.copy(value)
    copied[key] = _corrupt(value[key], path[1:], replacement)
    return copied


@st.composite
def _answers(draw: st.DrawFn) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": draw(st.sampled_from(["resp_1", "", "resp_\u00e9"])),
        "object": "response",
        "created_at": 1,
        "model": "m",
        "status": draw(st.sampled_from(["completed", "in_progress", "brand_new", None])),
        "output": copy.deepcopy(draw(st.lists(st.sampled_from(_ITEMS), max_size=4))),
        "tools": [],
        "tool_choice": "auto",
        "parallel_tool_calls": True,
    }
    if draw(st.booleans()):
        data["usage"] = copy.deepcopy(_USAGE)
    if draw(st.booleans()):
        data["error"] = {"code": "server_error", "message": "boom"}
    if draw(st.booleans()):
        data["incomplete_details"] = {"reason": "max_output_tokens"}
    for _ in range(draw(st.integers(0, 2))):  # break what a run reads
        path = [draw(st.sampled_from(_READ_FIELDS)), *draw(st.lists(st.integers(0, 9), max_size=3))]
        data = _corrupt(data, path, draw(_ODD))
    return data


def _same(ours: Any, theirs: Any) -> None:
    assert type(ours) is type(theirs)
    assert ours == theirs
    if hasattr(theirs, "model_fields_set"):
        assert ours.model_fields_set == theirs.model_fields_set
        assert ours.model_dump(exclude_unset=True) == theirs.model_dump(exclude_unset=True)


@settings(max_examples=300, deadline=None)
@given(data=_answers())
def test_an_answer_reads_as_the_validated_response(data: dict[str, Any]) -> None:
    try:
        expected = Response.model_validate(copy.deepcopy(data))
    except ValidationError as error:
        with pytest.raises(ValidationError) as raised:
            _Answer(copy.deepcopy(data), "req_1")
        assert raised.value.errors() == error.errors()  # the same errors, at the same places
        return
    answer = _Answer(copy.deepcopy(data), "req_1")
    for name in _READ_FIELDS:
        ours, theirs = getattr(answer, name), getattr(expected, name)
        if isinstance(theirs, list):
            assert len(ours) == len(theirs)
            for one, other in zip(ours, theirs, strict=True):
                _same(one, other)
        else:
            _same(ours, theirs)
    whole = answer.response()
    assert whole is answer.response()  # validated once
    _same(whole, expected)
    assert whole._request_id == "req_1"


def test_fields_a_run_does_not_read_are_validated_only_when_asked_for() -> None:
    data = b.response_object([b.message_item("Hi")])
    data.update(tools=5, created_at="yesterday", text={"format": 7})
    answer = _Answer(data, None)
    assert isinstance(answer.output[0], ResponseOutputMessage)
    assert answer.output[0].content[0].text == "Hi"
    with pytest.raises(ValidationError) as raised:
        answer.response()
    assert {error["loc"][0] for error in raised.value.errors()} == {"created_at", "tools", "text"}


async def test_a_run_ignores_garbage_it_does_not_read(openai_server: OpenAIServer) -> None:
    data = b.response_object([b.message_item("Still fine.")])
    data["tools"] = [{"type": "function"}]  # no name: not a valid FunctionTool
    openai_server.queue(JSONReply(body=data))
    response = await _get(_model(openai_server))
    assert response.output[0].content[0].text == "Still fine."


async def test_the_span_validates_the_response_only_when_read(
    openai_server: OpenAIServer,
    spans: _Spans,  # noqa: F811
) -> None:
    from agentkit.tracing import trace

    openai_server.queue(b.response_text("traced", id="resp_span"))
    with trace("models"):
        await _get(_model(openai_server), tracing=ModelTracing.ENABLED)
    [span] = [s for s in spans.ended if s.span_data.type == "response"]
    data = span.span_data
    assert data.export()["response_id"] == "resp_span"
    assert data._load_response is not None  # exporting did not need the whole response
    assert isinstance(data.response, Response)
    assert data._load_response is None
    assert data.response.id == "resp_span"
    assert data.response.output_text == "traced"


_FRESH = """
import json, sys
from agentkit.models.openai_responses import _Answer
from agentkit.types import responses as r
answer = _Answer(json.loads(sys.argv[1]), None)
print(json.dumps({
    "text": answer.output[0].content[0].text,
    "built": sorted(
        name for name in r._models.__all__
        if getattr(getattr(r, name), "__pydantic_complete__", False)
    ),
    "envelope": r._ResponseAnswer.__pydantic_complete__,
    "rest": "agentkit.types.responses._models_rest" in sys.modules,
}))
"""


def test_a_first_answer_builds_only_the_validators_it_meets() -> None:
    data = b.response_object([b.message_item("Hi")], usage=_USAGE)
    done = subprocess.run(
        [sys.executable, "-c", _FRESH, json.dumps(data)],
        capture_output=True,
        text=True,
        check=True,
    )
    report = json.loads(done.stdout)
    assert report["text"] == "Hi"
    assert report["envelope"] is True
    # The message's own validator; not any other item type's, and the classes of the other item
    # types, the tools and `Response` are not even created.
    assert report["built"] == ["ResponseOutputMessage"]
    assert report["rest"] is False


def test_an_item_of_another_type_parses_as_its_own_model() -> None:
    data = b.response_object([b.message_item("Hi"), OUTPUT_ITEMS["web_search_call"][1]])
    answer = _Answer(data, None)
    assert [type(item).__name__ for item in answer.output] == [
        "ResponseOutputMessage",
        "ResponseFunctionWebSearch",
    ]


_RUN_OVER_HTTP = """
import json, sys
from agentkit import Agent, OpenAIResponsesModel, Runner, function_tool, set_tracing_disabled
from agentkit.client import AsyncOpenAI

@function_tool
def get_weather(city: str) -> str:
    '''Return the weather in a city.'''
    return f"sunny in {city}"

set_tracing_disabled(True)
client = AsyncOpenAI(base_url=sys.argv[1], api_key="sk-test")
model = OpenAIResponsesModel(model="gpt-4.1", openai_client=client)
agent = Agent(name="a", instructions="Be brief.", model=model, tools=[get_weather])
output = Runner.run_sync(agent, "Weather in Paris?").final_output
print(json.dumps([output, sorted(m for m in sys.modules if m.startswith("agentkit.types"))]))
"""


def test_a_tool_run_over_http_loads_only_the_models_of_plain_runs(
    openai_server: OpenAIServer,
) -> None:
    openai_server.queue(
        b.response_function_call("get_weather", {"city": "Paris"}),
        b.response_text("Sunny."),
    )
    done = subprocess.run(
        [sys.executable, "-c", _RUN_OVER_HTTP, openai_server.base_url],
        capture_output=True,
        text=True,
        check=True,
    )
    output, modules = json.loads(done.stdout)
    assert output == "Sunny."
    assert openai_server.last_request.json["input"][-1]["output"] == "sunny in Paris"
    # Not the other models, the request shapes or the stream events. (`agentkit.types.shared`
    # holds the reasoning settings a GPT-5 default model gets; it depends on the environment.)
    assert [m for m in modules if m != "agentkit.types.shared"] == [
        "agentkit.types",
        "agentkit.types._base",
        "agentkit.types.responses",
        "agentkit.types.responses._models",
    ]
