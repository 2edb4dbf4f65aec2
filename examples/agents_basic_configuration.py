"""Agents guide, "Basic configuration" and "Cloning/copying agents": an agent with instructions, a
model and a tool, and `clone()` to derive a variant.

Source: https://openai.github.io/openai-agents-python/agents/ (Basic configuration,
Cloning/copying agents).
Ported by changing `from agents import` to `from agentkit import` and the model (the guide's
"o3-mini"): the real model when OPENAI_API_KEY is set (AGENTKIT_EXAMPLE_MODEL, default gpt-4.1;
OPENAI_BASE_URL is honoured), otherwise agentkit.testing's FunctionModel, which uses the weather
tool and answers in the style its instructions ask for. The guide only builds the agents; `main()`
runs them.
"""

from __future__ import annotations

import asyncio
import os
import sys

from agentkit import Agent, Model, ModelSettings, Runner, function_tool


def offline_model() -> Model:
    from agentkit.testing import FunctionModel, ModelCall, function_call

    def respond(call: ModelCall) -> object:
        instructions = call.system_instructions or ""
        if call.tools and not any(i.get("type") == "function_call_output" for i in call.input):
            return [function_call("get_weather", {"city": "Kyoto"}, call_id="call_w1")]
        if "haiku" in instructions:
            return "Kyoto sun is bright,\nno cloud over the temple,\nwarm stones, quiet day."
        if "pirate" in instructions:
            return "Arr, the seas be calm today, matey!"
        return "BEEP. THE SEAS ARE CALM. BOOP."

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
    """returns weather info for the specified city."""
    return f"The weather in {city} is sunny"


agent = Agent(
    name="Haiku agent",
    instructions="Always respond in haiku form",
    model=MODEL,
    tools=[get_weather],
    model_settings=ModelSettings(temperature=0.2),
)

pirate_agent = Agent(
    name="Pirate",
    instructions="Write like a pirate",
    model=MODEL,
)

robot_agent = pirate_agent.clone(
    name="Robot",
    instructions="Write like a robot",
)


async def main():
    result = await Runner.run(agent, "What's the weather in Kyoto?")
    print(result.final_output)
    for styled in (pirate_agent, robot_agent):
        result = await Runner.run(styled, "How are the seas?")
        print(f"{styled.name}: {result.final_output}")


if __name__ == "__main__":
    asyncio.run(main())
