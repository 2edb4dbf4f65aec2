"""The tools guide's and the agents guide's tool programs run offline as documented."""

from __future__ import annotations

import asyncio
import json

import pytest
from examples_support import LoadExample, run_main

from agentkit import Runner

# What openai-agents 0.24 prints for the guide's two tools (strict schemas: the TypedDict is
# inlined and every property is required).
LOCATION = {
    "properties": {
        "lat": {"title": "Lat", "type": "number"},
        "long": {"title": "Long", "type": "number"},
    },
    "required": ["lat", "long"],
    "title": "Location",
    "type": "object",
    "additionalProperties": False,
}
FETCH_WEATHER_SCHEMA = {
    "$defs": {"Location": LOCATION},
    "properties": {
        "location": {"description": "The location to fetch the weather for.", **LOCATION}
    },
    "required": ["location"],
    "title": "fetch_weather_args",
    "type": "object",
    "additionalProperties": False,
}
FETCH_DATA_SCHEMA = {
    "properties": {
        "path": {"description": "The path to the file to read.", "title": "Path", "type": "string"},
        "directory": {
            "anyOf": [{"type": "string"}, {"type": "null"}],
            "description": "The directory to read the file from.",
            "title": "Directory",
        },
    },
    "required": ["path", "directory"],
    "title": "fetch_data_args",
    "type": "object",
    "additionalProperties": False,
}


def test_function_tool_schemas_come_from_signature_and_docstring(
    load_example: LoadExample, capsys: pytest.CaptureFixture[str]
) -> None:
    example = load_example("tools_function_tools")
    example.main()

    blocks = capsys.readouterr().out.split("\n\n")
    weather_name, weather_description, weather_schema = blocks[0].split("\n", 2)
    data_name, data_description, data_schema = blocks[1].split("\n", 2)
    assert (weather_name, weather_description) == (
        "fetch_weather",
        "Fetch the weather for a given location.",
    )
    assert json.loads(weather_schema) == FETCH_WEATHER_SCHEMA
    assert (data_name, data_description) == ("fetch_data", "Read the contents of a file.")
    assert json.loads(data_schema) == FETCH_DATA_SCHEMA


def test_function_tools_run_with_schema_valid_arguments(
    load_example: LoadExample, capsys: pytest.CaptureFixture[str]
) -> None:
    example = load_example("tools_function_tools")
    example.run()

    assert json.loads(capsys.readouterr().out) == {
        "fetch_weather": "sunny",
        "fetch_data": "<file contents>",
    }


def test_custom_function_tool(
    load_example: LoadExample, capsys: pytest.CaptureFixture[str]
) -> None:
    example = load_example("tools_custom_function_tool")
    run_main(example)

    assert capsys.readouterr().out.splitlines() == [
        "Processed the user: done",
        "do_some_work got: 'ada is 36 years old'",
    ]
    (tool,) = example.agent.model.calls[0].tools
    assert tool.name == "process_user"
    # A hand-built FunctionTool gets the same strict-schema treatment as a decorated one.
    assert tool.params_json_schema["additionalProperties"] is False
    assert tool.strict_json_schema is True


def test_failure_error_function_reports_the_crash_to_the_model(
    load_example: LoadExample, capsys: pytest.CaptureFixture[str]
) -> None:
    example = load_example("tools_error_handling")
    run_main(example)

    assert capsys.readouterr().out.splitlines() == [
        "Tool said: User profile for user_123 successfully retrieved.",
        "A tool call failed with the following error: Could not retrieve profile for "
        "user_id: user_999. API returned an error.",
        "Tool said: An internal server error occurred. Please try again later.",
    ]


def test_tool_use_behaviors(load_example: LoadExample, capsys: pytest.CaptureFixture[str]) -> None:
    example = load_example("agents_tool_use_behavior")
    run_main(example)

    assert capsys.readouterr().out.splitlines() == [
        "tool_choice='get_weather': LLM summary: The weather in Tokyo is sunny",
        "stop_on_first_tool: The weather in Tokyo is sunny",
        "StopAtTools, get_weather: The weather in Tokyo is sunny",
        "StopAtTools, sum_numbers: LLM summary: 5",
        "custom_tool_handler: Final weather: The weather in Tokyo is sunny",
    ]
    forced, after_tool = example.MODEL.calls[:2]
    assert forced.model_settings.tool_choice == "get_weather"
    # reset_tool_choice: the follow-up call is not forced again (no infinite tool loop).
    assert after_tool.model_settings.tool_choice != "get_weather"


def test_stop_on_first_tool_makes_one_model_call(load_example: LoadExample) -> None:
    example = load_example("agents_tool_use_behavior")
    result = asyncio.run(Runner.run(example.stop_first_agent, "Weather in Tokyo?"))

    assert result.final_output == "The weather in Tokyo is sunny"
    assert len(example.MODEL.calls) == 1


def test_basic_configuration_and_clone(
    load_example: LoadExample, capsys: pytest.CaptureFixture[str]
) -> None:
    example = load_example("agents_basic_configuration")
    run_main(example)

    assert capsys.readouterr().out.splitlines() == [
        "Kyoto sun is bright,",
        "no cloud over the temple,",
        "warm stones, quiet day.",
        "Pirate: Arr, the seas be calm today, matey!",
        "Robot: BEEP. THE SEAS ARE CALM. BOOP.",
    ]
    assert example.robot_agent.model is example.pirate_agent.model
    assert example.pirate_agent.instructions == "Write like a pirate"
    haiku_call = example.MODEL.calls[0]
    assert haiku_call.model_settings.temperature == 0.2
    assert [tool.description for tool in haiku_call.tools] == [
        "returns weather info for the specified city."
    ]


def test_chat_completions_switch_offline(
    load_example: LoadExample, capsys: pytest.CaptureFixture[str]
) -> None:
    from agentkit import set_default_openai_api

    example = load_example("config_chat_completions")
    try:
        run_main(example)
    finally:
        set_default_openai_api("responses")

    assert capsys.readouterr().out == "Oslo: The weather in Oslo is snowy\n"


def test_verbose_stdout_logging(
    load_example: LoadExample, capsys: pytest.CaptureFixture[str]
) -> None:
    import logging

    logger = logging.getLogger("openai.agents")
    handlers, level = list(logger.handlers), logger.level
    example = load_example("config_debug_logging")
    try:
        run_main(example)
    finally:  # the example configures the process-wide logger; put it back
        logger.handlers[:] = handlers
        logger.setLevel(level)

    lines = capsys.readouterr().out.splitlines()
    assert lines[-1] == "You rolled a 4."
    verbose = lines[: lines.index("You rolled a 4.")]
    # DEBUG records reach stdout during the first run only (the second raised the level).
    assert "Running agent Dice agent (turn 1)" in verbose
    assert "Invoking tool roll_die" in verbose
    assert lines.count("You rolled a 4.") == 2
    assert lines[-2] == "You rolled a 4."


def test_tool_timeouts(load_example: LoadExample, capsys: pytest.CaptureFixture[str]) -> None:
    example = load_example("tools_timeouts")
    run_main(example)

    assert capsys.readouterr().out.splitlines() == [
        "The tool reported: Tool 'slow_lookup' timed out after 0.2 seconds.",
        "slow_tool timed out in 0.15 seconds",
    ]


def test_field_constraints_reach_the_schema_and_are_enforced(
    load_example: LoadExample, capsys: pytest.CaptureFixture[str]
) -> None:
    example = load_example("tools_field_constraints")
    run_main(example)

    schema_line, first_try, then = capsys.readouterr().out.splitlines()
    expected = {
        "description": "Score from 0 to 100",
        "maximum": 100,
        "minimum": 0,
        "title": "Score",
        "type": "integer",
    }
    assert json.loads(schema_line) == expected
    assert example.score_b.params_json_schema["properties"]["score"] == expected
    # 120 broke `le=100`: the tool did not run and the model was told to try again.
    assert first_try == "First try: An error occurred while running the tool. Please try again."
    assert then == "Then: Score recorded: 100"


def test_structured_input_for_tool_agents(
    load_example: LoadExample, capsys: pytest.CaptureFixture[str]
) -> None:
    example = load_example("agents_as_tools_structured_input")
    run_main(example)

    assert capsys.readouterr().out == "In French: Bonjour tout le monde\n"
    outer, nested, _ = example.MODEL.calls
    (tool,) = outer.tools
    assert tool.params_json_schema["required"] == ["text", "source", "target"]
    prompt = nested.input[-1]["content"]
    # The nested agent gets the arguments and, with include_input_schema, the schema too.
    assert '"target": "French"' in prompt
    assert '"description": "Text to translate."' in prompt
