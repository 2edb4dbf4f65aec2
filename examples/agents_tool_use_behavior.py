"""Agents guide, "Forcing tool use" and "Tool use behavior": `ModelSettings.tool_choice`, and
`tool_use_behavior` set to "stop_on_first_tool", `StopAtTools([...])` or a custom function that
decides whether a tool result is the final output.

Source: https://openai.github.io/openai-agents-python/agents/ (Forcing tool use, Tool Use
Behavior).
Ported by changing `from agents import` to `from agentkit import` (and `agents.agent` to
`agentkit.agent`) and choosing the model: the real model when OPENAI_API_KEY is set
(AGENTKIT_EXAMPLE_MODEL, default gpt-4.1; OPENAI_BASE_URL is honoured), otherwise
agentkit.testing's FunctionModel, which calls the tool the question asks for and otherwise answers
from the tool output. The guide only builds the agents; `main()` runs each one.
"""

from __future__ import annotations

import asyncio
import os
import sys
from typing import Any, List  # noqa: UP035 (as in the guide)

from agentkit import (
    Agent,
    FunctionToolResult,
    Model,
    ModelSettings,
    RunContextWrapper,
    Runner,
    function_tool,
)
from agentkit.agent import StopAtTools, ToolsToFinalOutputResult


def offline_model() -> Model:
    from agentkit.testing import FunctionModel, ModelCall, function_call

    def respond(call: ModelCall) -> object:
        outputs = [i["output"] for i in call.input if i.get("type") == "function_call_output"]
        if outputs:
            return f"LLM summary: {outputs[-1]}"
        question = str(call.input[0]["content"])
        if "sum" in question:
            return [function_call("sum_numbers", {"a": 2, "b": 3}, call_id="call_sum")]
        return [function_call("get_weather", {"city": "Tokyo"}, call_id="call_weather")]

    return FunctionModel(respond)  # type: ignore[arg-type]


def choose_model() -> str | Model:
    """The real model when OPENAI_API_KEY is set, else an offline test model."""
    if os.environ.get("OPENAI_API_KEY"):
        return os.environ.get("AGENTKIT_EXAMPLE_MODEL", "gpt-4.1")
    print("OPENAI_API_KEY is not set: running offline on agentkit.testing.", file=sys.stderr)
    return offline_model()


MODEL = choose_model()


@function_tool
def get_weather(city: str) -> str:
    """Returns weather info for the specified city."""
    return f"The weather in {city} is sunny"


@function_tool
def sum_numbers(a: int, b: int) -> int:
    """Adds two numbers."""
    return a + b


# Forcing tool use
forced_agent = Agent(
    name="Weather Agent",
    instructions="Retrieve weather details.",
    tools=[get_weather],
    model_settings=ModelSettings(tool_choice="get_weather"),
    model=MODEL,
)

# "stop_on_first_tool": the first tool's output is the final output
stop_first_agent = Agent(
    name="Weather Agent",
    instructions="Retrieve weather details.",
    tools=[get_weather],
    tool_use_behavior="stop_on_first_tool",
    model=MODEL,
)

# StopAtTools: stop only when one of the named tools was called
stop_at_agent = Agent(
    name="Stop At Stock Agent",
    instructions="Get weather or sum numbers.",
    tools=[get_weather, sum_numbers],
    tool_use_behavior=StopAtTools(stop_at_tool_names=["get_weather"]),
    model=MODEL,
)


# A custom function decides
def custom_tool_handler(
    context: RunContextWrapper[Any],
    tool_results: List[FunctionToolResult],  # noqa: UP006
) -> ToolsToFinalOutputResult:
    """Processes tool results to decide final output."""
    for result in tool_results:
        if result.output and "sunny" in result.output:
            return ToolsToFinalOutputResult(
                is_final_output=True, final_output=f"Final weather: {result.output}"
            )
    return ToolsToFinalOutputResult(is_final_output=False, final_output=None)


custom_agent = Agent(
    name="Weather Agent",
    instructions="Retrieve weather details.",
    tools=[get_weather],
    tool_use_behavior=custom_tool_handler,
    model=MODEL,
)


async def main():
    runs = [
        ("tool_choice='get_weather'", forced_agent, "Weather in Tokyo?"),
        ("stop_on_first_tool", stop_first_agent, "Weather in Tokyo?"),
        ("StopAtTools, get_weather", stop_at_agent, "Weather in Tokyo?"),
        ("StopAtTools, sum_numbers", stop_at_agent, "What is the sum of 2 and 3?"),
        ("custom_tool_handler", custom_agent, "Weather in Tokyo?"),
    ]
    for label, agent, question in runs:
        result = await Runner.run(agent, question)
        print(f"{label}: {result.final_output}")


if __name__ == "__main__":
    asyncio.run(main())
