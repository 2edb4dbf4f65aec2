"""The structured output, dynamic instructions and context programs run offline as documented."""

from __future__ import annotations

import asyncio
import json

import pytest
from examples_support import LoadExample, run_main

from agentkit import ModelBehaviorError, Runner


def test_structured_output_is_parsed_into_the_output_type(
    load_example: LoadExample, capsys: pytest.CaptureFixture[str]
) -> None:
    example = load_example("structured_output_calendar_event")
    run_main(example)

    assert capsys.readouterr().out == (
        "name='Science fair' date='Friday' participants=['Alice', 'Bob']\n"
    )
    (call,) = example.agent.model.calls
    schema = call.output_schema.json_schema()
    # Structured outputs: a strict schema of the pydantic model reaches the model.
    assert call.output_schema.is_strict_json_schema()
    assert schema["additionalProperties"] is False
    assert sorted(schema["required"]) == ["date", "name", "participants"]
    assert schema["properties"]["participants"]["type"] == "array"


def test_structured_output_result_is_the_pydantic_object(load_example: LoadExample) -> None:
    example = load_example("structured_output_calendar_event")
    result = asyncio.run(Runner.run(example.agent, "Lunch with Carol on Monday."))

    event = result.final_output_as(example.CalendarEvent, raise_if_incorrect_type=True)
    assert event == example.CalendarEvent(
        name="Science fair", date="Friday", participants=["Alice", "Bob"]
    )


def test_structured_output_rejects_json_that_breaks_the_type(load_example: LoadExample) -> None:
    from agentkit.testing import FunctionModel

    example = load_example("structured_output_calendar_event")
    broken = FunctionModel(lambda call: json.dumps({"name": "Fair", "date": "Friday"}))
    with pytest.raises(ModelBehaviorError):
        asyncio.run(Runner.run(example.agent.clone(model=broken), "Fair on Friday."))


def test_dynamic_instructions_are_computed_from_the_context(
    load_example: LoadExample, capsys: pytest.CaptureFixture[str]
) -> None:
    example = load_example("dynamic_instructions")
    run_main(example)

    assert capsys.readouterr().out == "Hi Alice! Your last order shipped yesterday.\n"
    (call,) = example.agent.model.calls
    assert call.system_instructions == "The user's name is Alice. Help them with their questions."


def test_dynamic_instructions_follow_each_runs_context(load_example: LoadExample) -> None:
    example = load_example("dynamic_instructions")
    context = example.UserContext(name="Bob", uid="u_9", is_pro_user=False)

    result = asyncio.run(Runner.run(example.agent, "Hello", context=context))
    prompt = asyncio.run(example.agent.get_system_prompt(_wrapper(context)))

    assert result.final_output.startswith("Hi Bob!")
    assert prompt == "The user's name is Bob. Help them with their questions."
    assert asyncio.run(context.fetch_purchases())[0].item == "Headphones"


def _wrapper(context: object) -> object:
    from agentkit import RunContextWrapper

    return RunContextWrapper(context)


def test_local_context_reaches_the_tool_but_not_the_model(
    load_example: LoadExample, capsys: pytest.CaptureFixture[str]
) -> None:
    example = load_example("context_local")
    run_main(example)

    assert capsys.readouterr().out == "The user John is 47 years old.\n"
    first, second = example.MODEL.calls
    (tool,) = first.tools
    assert tool.name == "fetch_user_age"
    # The RunContextWrapper parameter is not part of the tool's schema...
    assert tool.params_json_schema["properties"] == {}
    # ...and the context object itself never reaches the model.
    sent = json.dumps([first.input, second.input, first.system_instructions])
    assert "123" not in sent
    outputs = [i["output"] for i in second.input if i.get("type") == "function_call_output"]
    assert outputs == ["User John is 47 years old"]
