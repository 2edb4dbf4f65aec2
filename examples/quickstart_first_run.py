"""Quickstart guide, "Run your first agent": one agent answers one history question.

Source: https://openai.github.io/openai-agents-python/quickstart/ (Run your first agent).
Ported by changing `from agents import` to `from agentkit import` and choosing the model: the real
model when OPENAI_API_KEY is set (AGENTKIT_EXAMPLE_MODEL, default gpt-4.1; OPENAI_BASE_URL is
honoured), otherwise agentkit.testing's FunctionModel answering the question offline.
"""

from __future__ import annotations

import asyncio
import os
import sys

from agentkit import Agent, Model, Runner

OFFLINE_ANSWER = (
    "The Western Roman Empire fell in 476 AD, when Odoacer deposed Romulus Augustulus; "
    "the Eastern Roman Empire lasted until 1453."
)


def offline_model() -> Model:
    from agentkit.testing import FunctionModel

    return FunctionModel(lambda call: OFFLINE_ANSWER)


def choose_model() -> str | Model:
    """The real model when OPENAI_API_KEY is set, else an offline test model."""
    if os.environ.get("OPENAI_API_KEY"):
        return os.environ.get("AGENTKIT_EXAMPLE_MODEL", "gpt-4.1")
    print("OPENAI_API_KEY is not set: running offline on agentkit.testing.", file=sys.stderr)
    return offline_model()


agent = Agent(
    name="History Tutor",
    instructions="You answer history questions clearly and concisely.",
    model=choose_model(),
)


async def main():
    result = await Runner.run(agent, "When did the Roman Empire fall?")
    print(result.final_output)


if __name__ == "__main__":
    asyncio.run(main())
