"""TestModel at the Model seam: calls every tool with schema-valid arguments, then answers."""

from __future__ import annotations

import dataclasses
import json
from typing import Any, Literal

import jsonschema
import pytest
from pydantic import BaseModel, Field

from agentkit.agent_output import AgentOutputSchema
from agentkit.items import ModelResponse
from agentkit.model_settings import ModelSettings
from agentkit.models.interface import ModelTracing
from agentkit.testing import ModelScriptError, TestModel
from agentkit.tool import FunctionTool, function_tool
from agentkit.types.responses import ResponseFunctionToolCall, ResponseOutputMessage


class Address(BaseModel):
    street: str
    zip_code: str = Field(pattern=r"^\d{5}$")


@function_tool
def get_weather(city: str, unit: Literal["c", "f"] = "c") -> str:
    """Weather for a city."""
    return f"sunny in {city}"


@function_tool
def ship(address: Address, count: int = Field(ge=1, le=3)) -> str:
    """Ship to an address."""
    return "shipped"


def _args(**overrides: Any) -> dict[str, Any]:
    args: dict[str, Any] = {
        "system_instructions": None,
        "input": "go",
        "model_settings": ModelSettings(),
        "tools": [get_weather, ship],
        "output_schema": None,
        "handoffs": [],
        "tracing": ModelTracing.DISABLED,
        "previous_response_id": None,
        "conversation_id": None,
        "prompt": None,
    }
    args.update(overrides)
    return args


def _calls(response: ModelResponse) -> list[ResponseFunctionToolCall]:
    assert all(isinstance(item, ResponseFunctionToolCall) for item in response.output)
    return list(response.output)  # type: ignore[arg-type]


def _text(response: ModelResponse) -> str:
    (message,) = response.output
    assert isinstance(message, ResponseOutputMessage)
    return message.content[0].text  # type: ignore[union-attr]


def _history(response: ModelResponse, outputs: dict[str, str]) -> list[Any]:
    """The next turn's input: the user message, the calls, and one output per call."""
    items: list[Any] = [{"role": "user", "content": "go"}]
    items += response.to_input_items()
    items += [
        {"type": "function_call_output", "call_id": call.call_id, "output": outputs[call.name]}
        for call in _calls(response)
    ]
    return items


async def test_first_call_calls_every_tool_with_valid_arguments() -> None:
    model = TestModel()
    response = await model.get_response(**_args())
    calls = _calls(response)
    assert [call.name for call in calls] == ["get_weather", "ship"]
    assert len({call.call_id for call in calls}) == 2
    for call, tool in zip(calls, [get_weather, ship], strict=False):
        jsonschema.validate(json.loads(call.arguments), tool.params_json_schema)
    ship_args = json.loads(calls[1].arguments)
    assert 1 <= ship_args["count"] <= 3


async def test_generated_arguments_run_the_real_tools() -> None:
    from agentkit.run_context import RunContextWrapper
    from agentkit.tool_context import ToolContext

    response = await TestModel().get_response(**_args())
    for call, tool in zip(_calls(response), [get_weather, ship], strict=False):
        context = ToolContext(
            context=None,
            usage=RunContextWrapper(context=None).usage,
            tool_name=call.name,
            tool_call_id=call.call_id,
            tool_arguments=call.arguments,
        )
        output = await tool.on_invoke_tool(context, call.arguments)
        assert isinstance(output, str) and "error" not in output.lower(), output


async def test_after_tool_outputs_it_summarises_them() -> None:
    model = TestModel()
    first = await model.get_response(**_args())
    second = await model.get_response(
        **_args(input=_history(first, {"get_weather": "sunny", "ship": "shipped"}))
    )
    assert json.loads(_text(second)) == {"get_weather": "sunny", "ship": "shipped"}


async def test_without_tools_it_answers_at_once() -> None:
    response = await TestModel().get_response(**_args(tools=[]))
    assert _text(response) == "success (no tool calls)"
    custom = await TestModel(custom_output_text="Done.").get_response(**_args(tools=[]))
    assert _text(custom) == "Done."


async def test_a_new_user_message_starts_a_new_round_of_calls() -> None:
    model = TestModel()
    first = await model.get_response(**_args())
    history = _history(first, {"get_weather": "w", "ship": "s"})
    history += [{"role": "assistant", "content": "..."}, {"role": "user", "content": "again"}]
    again = await model.get_response(**_args(input=history))
    assert [call.name for call in _calls(again)] == ["get_weather", "ship"]


async def test_server_side_history_is_handled_by_call_id() -> None:
    model = TestModel()
    first = await model.get_response(**_args())
    # With previous_response_id only the outputs are sent, not the calls.
    outputs = [
        {"type": "function_call_output", "call_id": call.call_id, "output": "ok"}
        for call in _calls(first)
    ]
    second = await model.get_response(**_args(input=outputs, previous_response_id="resp-1"))
    assert json.loads(_text(second)) == {"get_weather": "ok", "ship": "ok"}


async def test_call_tools_selects_tools_and_may_name_handoffs() -> None:
    from agentkit.agent import Agent
    from agentkit.handoffs import handoff

    billing = handoff(Agent(name="Billing"))
    model = TestModel(call_tools=["ship", billing.tool_name, "not_here"])
    response = await model.get_response(**_args(handoffs=[billing]))
    assert [call.name for call in _calls(response)] == ["ship", "transfer_to_billing"]
    only_weather = await TestModel(call_tools=["get_weather"]).get_response(**_args())
    assert [call.name for call in _calls(only_weather)] == ["get_weather"]
    all_tools = await TestModel().get_response(**_args(handoffs=[billing]))
    assert "transfer_to_billing" not in [call.name for call in _calls(all_tools)]


class Report(BaseModel):
    title: str
    score: int = Field(ge=0, le=10)
    tags: list[Literal["a", "b"]]


@dataclasses.dataclass
class Point:
    x: int
    y: int


@pytest.mark.parametrize("output_type", [Report, int, list[str], Point, dict[str, int]])
async def test_final_output_is_valid_for_the_output_schema(output_type: Any) -> None:
    schema = AgentOutputSchema(output_type, strict_json_schema=output_type != dict[str, int])
    response = await TestModel().get_response(**_args(tools=[], output_schema=schema))
    value = schema.validate_json(_text(response))
    jsonschema.validate(json.loads(_text(response)), schema.json_schema())
    assert value is not None


async def test_custom_output_args_is_the_final_output() -> None:
    report = Report(title="t", score=3, tags=["a"])
    schema = AgentOutputSchema(Report)
    response = await TestModel(custom_output_args=report).get_response(
        **_args(tools=[], output_schema=schema)
    )
    assert schema.validate_json(_text(response)) == report
    wrapped = AgentOutputSchema(list[int])
    response = await TestModel(custom_output_args=[1, 2]).get_response(
        **_args(tools=[], output_schema=wrapped)
    )
    assert wrapped.validate_json(_text(response)) == [1, 2]
    point_schema = AgentOutputSchema(Point)
    point = await TestModel(custom_output_args=Point(1, 2)).get_response(
        **_args(tools=[], output_schema=point_schema)
    )
    assert point_schema.validate_json(_text(point)) == Point(1, 2)


async def test_custom_output_text_overrides_structured_output() -> None:
    # Lets a test check how the agent handles JSON the model got wrong.
    response = await TestModel(custom_output_text="not json").get_response(
        **_args(tools=[], output_schema=AgentOutputSchema(Report))
    )
    assert _text(response) == "not json"


async def test_seed_varies_arguments_deterministically() -> None:
    a = await TestModel(seed=1).get_response(**_args())
    b = await TestModel(seed=1).get_response(**_args())
    c = await TestModel(seed=7).get_response(**_args())
    assert [x.arguments for x in _calls(a)] == [x.arguments for x in _calls(b)]
    assert [x.arguments for x in _calls(a)] != [x.arguments for x in _calls(c)]


async def test_unsupported_tool_schema_gives_a_clear_error() -> None:
    async def invoke(context: Any, arguments: str) -> str:
        return ""

    odd = FunctionTool(
        name="odd",
        description="",
        params_json_schema={"type": "object", "properties": {"x": {"not": {}}}, "required": ["x"]},
        on_invoke_tool=invoke,
        strict_json_schema=False,
    )
    with pytest.raises(ModelScriptError, match="cannot generate arguments for tool 'odd'"):
        await TestModel().get_response(**_args(tools=[odd]))


async def test_streaming_is_derived_from_the_answer() -> None:
    events = [event async for event in TestModel().stream_response(**_args(tools=[get_weather]))]
    assert [e.type for e in events] == [
        "response.created",
        "response.in_progress",
        "response.output_item.added",
        "response.function_call_arguments.delta",
        "response.function_call_arguments.done",
        "response.output_item.done",
        "response.completed",
    ]


def test_constructor_validation() -> None:
    with pytest.raises(ValueError, match="at most one"):
        TestModel(custom_output_text="a", custom_output_args={"a": 1})
    with pytest.raises(ValueError, match='"all" or a list'):
        TestModel(call_tools="some")
