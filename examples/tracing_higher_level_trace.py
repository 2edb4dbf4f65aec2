"""Tracing guide, "Higher level traces": two runs inside one `trace()` become one workflow trace.

Source: https://openai.github.io/openai-agents-python/tracing/ (Higher level traces).
Ported by changing `from agents import` to `from agentkit import` and choosing the model: the real
model when OPENAI_API_KEY is set (AGENTKIT_EXAMPLE_MODEL, default gpt-4.1; OPENAI_BASE_URL is
honoured), otherwise agentkit.testing's FunctionModel, which tells a joke and then rates it.
Offline, traces are exported only if OPENAI_API_KEY is set, so nothing leaves the machine. The
`asyncio.run(main())` entry point is added.
"""

from __future__ import annotations

import asyncio
import os
import sys

from agentkit import Agent, Model, Runner, trace


def offline_model() -> Model:
    from agentkit.testing import FunctionModel, ModelCall

    def respond(call: ModelCall) -> str:
        if str(call.input[-1]["content"]).startswith("Rate this joke"):
            return "8/10: short, and the pun lands."
        return "Why do Python devs wear glasses? Because they can't C."

    return FunctionModel(respond)


def choose_model() -> str | Model:
    """The real model when OPENAI_API_KEY is set, else an offline test model."""
    if os.environ.get("OPENAI_API_KEY"):
        return os.environ.get("AGENTKIT_EXAMPLE_MODEL", "gpt-4.1")
    print("OPENAI_API_KEY is not set: running offline on agentkit.testing.", file=sys.stderr)
    return offline_model()


MODEL = choose_model()


async def main():
    agent = Agent(name="Joke generator", instructions="Tell funny jokes.", model=MODEL)

    with trace("Joke workflow"):
        first_result = await Runner.run(agent, "Tell me a joke")
        second_result = await Runner.run(agent, f"Rate this joke: {first_result.final_output}")
        print(f"Joke: {first_result.final_output}")
        print(f"Rating: {second_result.final_output}")


if __name__ == "__main__":
    asyncio.run(main())
