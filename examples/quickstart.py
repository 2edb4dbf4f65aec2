"""Quickstart: one agent with one function tool.

With OPENAI_API_KEY set (and optionally OPENAI_BASE_URL, AGENTKIT_EXAMPLE_MODEL), it calls the real
model. Without it, it says so and runs offline on agentkit.testing's scripted model, which calls the
tool and then answers from the tool's output, exactly as a real model would be driven by the runner.
"""

from __future__ import annotations

import json
import os
import sys

from agentkit import Agent, Model, Runner, function_tool


@function_tool
def get_weather(city: str) -> str:
    """Return the current weather in a city.

    Args:
        city: The city to look up.
    """
    return f"It is 21°C and sunny in {city}."


def offline_model() -> Model:
    from agentkit.testing import (
        ModelCall,
        ModelStep,
        ScriptedModel,
        assistant_message,
        function_call,
    )

    def answer_from_tool_output(call: ModelCall) -> list[object]:
        assert isinstance(call.input, list)
        outputs = [item for item in call.input if item.get("type") == "function_call_output"]
        return [assistant_message(f"Here is what I found: {outputs[-1]['output']}")]

    return ScriptedModel(
        [
            [function_call("get_weather", json.dumps({"city": "Paris"}), call_id="call_weather_1")],
            ModelStep.respond(answer_from_tool_output),  # type: ignore[arg-type]
        ]
    )


def main() -> None:
    if os.environ.get("OPENAI_API_KEY"):
        model: str | Model = os.environ.get("AGENTKIT_EXAMPLE_MODEL", "gpt-4.1")
    else:
        print(
            "OPENAI_API_KEY is not set: running offline with agentkit.testing.ScriptedModel.",
            file=sys.stderr,
        )
        model = offline_model()

    agent = Agent(
        name="Assistant",
        instructions="You are a helpful assistant. Use tools when they help.",
        tools=[get_weather],
        model=model,
    )
    result = Runner.run_sync(agent, "What's the weather in Paris?")
    print(result.final_output)


if __name__ == "__main__":
    main()
