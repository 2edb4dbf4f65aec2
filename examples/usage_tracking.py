"""Usage guide: read token usage from `result.context_wrapper.usage` (totals and per request), and
from `RunHooks` while the run goes on.

Source: https://openai.github.io/openai-agents-python/usage/ (Accessing usage from a run,
Per-request usage tracking, Using usage in hooks).
Ported by changing `from agents import` to `from agentkit import` and choosing the model: the real
model when OPENAI_API_KEY is set (AGENTKIT_EXAMPLE_MODEL, default gpt-4.1; OPENAI_BASE_URL is
honoured), otherwise agentkit.testing's FunctionModel, which calls a weather tool and then answers,
reporting fixed token counts for each request. The guide's snippets are joined into one program
with an agent and a tool.
"""

from __future__ import annotations

import asyncio
import os
import sys
from typing import Any

from agentkit import Agent, Model, RunContextWrapper, RunHooks, Runner, function_tool


def offline_model() -> Model:
    from agentkit import Usage
    from agentkit.testing import FunctionModel, ModelCall, ModelStep, assistant_message
    from agentkit.testing import function_call as tool_call

    def respond(call: ModelCall) -> ModelStep:
        outputs = [i["output"] for i in call.input if i.get("type") == "function_call_output"]
        if not outputs:
            usage = Usage(requests=1, input_tokens=50, output_tokens=10, total_tokens=60)
            call_item = tool_call("get_weather", {"city": "Tokyo"}, call_id="call_w1")
            return ModelStep(output=[call_item], usage=usage)
        usage = Usage(requests=1, input_tokens=80, output_tokens=20, total_tokens=100)
        return ModelStep(output=[assistant_message(f"In Tokyo: {outputs[-1]}")], usage=usage)

    return FunctionModel(respond)


def choose_model() -> str | Model:
    """The real model when OPENAI_API_KEY is set, else an offline test model."""
    if os.environ.get("OPENAI_API_KEY"):
        return os.environ.get("AGENTKIT_EXAMPLE_MODEL", "gpt-4.1")
    print("OPENAI_API_KEY is not set: running offline on agentkit.testing.", file=sys.stderr)
    return offline_model()


@function_tool
def get_weather(city: str) -> str:
    """Returns weather info for the specified city."""
    return f"The weather in {city} is sunny"


agent = Agent(
    name="Weather Agent",
    instructions="Retrieve weather details.",
    tools=[get_weather],
    model=choose_model(),
)


class MyHooks(RunHooks):
    async def on_agent_end(self, context: RunContextWrapper, agent: Agent, output: Any) -> None:
        u = context.usage
        print(f"{agent.name} → {u.requests} requests, {u.total_tokens} total tokens")


async def main():
    result = await Runner.run(agent, "What's the weather in Tokyo?", hooks=MyHooks())
    usage = result.context_wrapper.usage

    print("Requests:", usage.requests)
    print("Input tokens:", usage.input_tokens)
    print("Output tokens:", usage.output_tokens)
    print("Total tokens:", usage.total_tokens)

    for i, request in enumerate(result.context_wrapper.usage.request_usage_entries):
        print(f"Request {i + 1}: {request.input_tokens} in, {request.output_tokens} out")


if __name__ == "__main__":
    asyncio.run(main())
