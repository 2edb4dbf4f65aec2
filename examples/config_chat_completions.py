"""Configuring the SDK guide, "API keys and clients": `set_default_openai_api("chat_completions")`
makes model names resolve to the Chat Completions API instead of the Responses API.

Source: https://openai.github.io/openai-agents-python/config/ (API keys and clients).
Ported by changing `from agents import` to `from agentkit import` and choosing the model: the real
model when OPENAI_API_KEY is set (AGENTKIT_EXAMPLE_MODEL, default gpt-4.1; OPENAI_BASE_URL is
honoured), then requests go to /v1/chat/completions; offline, agentkit.testing's FunctionModel
stands in and the API switch has nothing to change. The guide's one-liner gets an agent with a tool
and `main()` so the switch can be seen working.
"""

from __future__ import annotations

import asyncio
import os
import sys

from agentkit import Agent, Model, Runner, function_tool, set_default_openai_api


def offline_model() -> Model:
    from agentkit.testing import FunctionModel, ModelCall, function_call

    def respond(call: ModelCall) -> object:
        outputs = [i["output"] for i in call.input if i.get("type") == "function_call_output"]
        if not outputs:
            return [function_call("get_weather", {"city": "Oslo"}, call_id="call_w1")]
        return f"Oslo: {outputs[-1]}"

    return FunctionModel(respond)  # type: ignore[arg-type]


def choose_model() -> str | Model:
    """The real model when OPENAI_API_KEY is set, else an offline test model."""
    if os.environ.get("OPENAI_API_KEY"):
        return os.environ.get("AGENTKIT_EXAMPLE_MODEL", "gpt-4.1")
    print("OPENAI_API_KEY is not set: running offline on agentkit.testing.", file=sys.stderr)
    return offline_model()


@function_tool
def get_weather(city: str) -> str:
    """Returns weather info for the specified city."""
    return f"The weather in {city} is snowy"


async def main():
    set_default_openai_api("chat_completions")

    agent = Agent(
        name="Assistant",
        instructions="Use get_weather for weather questions.",
        tools=[get_weather],
        model=choose_model(),
    )
    result = await Runner.run(agent, "What's the weather in Oslo?")
    print(result.final_output)


if __name__ == "__main__":
    asyncio.run(main())
