"""Tools guide, "Function tool timeouts": a slow async tool is cut off after `timeout` seconds; by
default the model is told it timed out, with `timeout_behavior="raise_exception"` the run fails
with `ToolTimeoutError`.

Source: https://openai.github.io/openai-agents-python/tools/ (Function tool timeouts).
Ported by changing `from agents import` to `from agentkit import` and choosing the model: the real
model when OPENAI_API_KEY is set (AGENTKIT_EXAMPLE_MODEL, default gpt-4.1; OPENAI_BASE_URL is
honoured), otherwise agentkit.testing's FunctionModel, which calls the agent's tool and then
answers from its output. The guide's times are divided by ten (2 s -> 0.2 s, 1.5 s -> 0.15 s, the
sleeps likewise) so the example finishes in well under a second; the top-level `try` moves into
`main()`.
"""

from __future__ import annotations

import asyncio
import os
import sys

from agentkit import Agent, Model, Runner, ToolTimeoutError, function_tool


def offline_model() -> Model:
    from agentkit.testing import FunctionModel, ModelCall, function_call

    def respond(call: ModelCall) -> object:
        outputs = [i["output"] for i in call.input if i.get("type") == "function_call_output"]
        if not outputs:
            (tool,) = call.tools
            arguments = {"query": "weather"} if tool.name == "slow_lookup" else {}
            return [function_call(tool.name, arguments, call_id="call_slow_1")]
        return f"The tool reported: {outputs[-1]}"

    return FunctionModel(respond)  # type: ignore[arg-type]


def choose_model() -> str | Model:
    """The real model when OPENAI_API_KEY is set, else an offline test model."""
    if os.environ.get("OPENAI_API_KEY"):
        return os.environ.get("AGENTKIT_EXAMPLE_MODEL", "gpt-4.1")
    print("OPENAI_API_KEY is not set: running offline on agentkit.testing.", file=sys.stderr)
    return offline_model()


MODEL = choose_model()


@function_tool(timeout=0.2)
async def slow_lookup(query: str) -> str:
    await asyncio.sleep(1)
    return f"Result for {query}"


agent = Agent(
    name="Timeout demo",
    instructions="Use tools when helpful.",
    tools=[slow_lookup],
    model=MODEL,
)


@function_tool(timeout=0.15, timeout_behavior="raise_exception")
async def slow_tool() -> str:
    await asyncio.sleep(0.5)
    return "done"


hard_fail_agent = Agent(name="Timeout hard-fail", tools=[slow_tool], model=MODEL)


async def main():
    result = await Runner.run(agent, "Look up the weather")
    print(result.final_output)

    try:
        await Runner.run(hard_fail_agent, "Run the tool")
    except ToolTimeoutError as e:
        print(f"{e.tool_name} timed out in {e.timeout_seconds} seconds")


if __name__ == "__main__":
    asyncio.run(main())
