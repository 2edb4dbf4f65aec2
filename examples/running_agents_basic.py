"""Running agents guide, the opening program: `Runner.run` returns a `RunResult` whose
`final_output` is the answer.

Source: https://openai.github.io/openai-agents-python/running_agents/ (Running agents).
Ported by changing `from agents import` to `from agentkit import` and choosing the model: the real
model when OPENAI_API_KEY is set (AGENTKIT_EXAMPLE_MODEL, default gpt-4.1; OPENAI_BASE_URL is
honoured), otherwise agentkit.testing's FunctionModel answering with the guide's haiku. The
`asyncio.run(main())` entry point is added.
"""

from __future__ import annotations

import asyncio
import os
import sys

from agentkit import Agent, Model, Runner

HAIKU = "Code within the code,\nFunctions calling themselves,\nInfinite loop's dance"


def offline_model() -> Model:
    from agentkit.testing import FunctionModel

    return FunctionModel(lambda call: HAIKU)


def choose_model() -> str | Model:
    """The real model when OPENAI_API_KEY is set, else an offline test model."""
    if os.environ.get("OPENAI_API_KEY"):
        return os.environ.get("AGENTKIT_EXAMPLE_MODEL", "gpt-4.1")
    print("OPENAI_API_KEY is not set: running offline on agentkit.testing.", file=sys.stderr)
    return offline_model()


MODEL = choose_model()


async def main():
    agent = Agent(name="Assistant", instructions="You are a helpful assistant", model=MODEL)

    result = await Runner.run(agent, "Write a haiku about recursion in programming.")
    print(result.final_output)
    # Code within the code,
    # Functions calling themselves,
    # Infinite loop's dance


if __name__ == "__main__":
    asyncio.run(main())
