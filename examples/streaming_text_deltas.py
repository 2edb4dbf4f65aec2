"""Streaming guide, "Raw response events": print the model's text token by token from
`ResponseTextDeltaEvent`s.

Source: https://openai.github.io/openai-agents-python/streaming/ (Raw response events).
Ported by changing `from agents import` to `from agentkit import`, `openai.types.responses` to
`agentkit.types.responses`, and choosing the model: the real model when OPENAI_API_KEY is set
(AGENTKIT_EXAMPLE_MODEL, default gpt-4.1; OPENAI_BASE_URL is honoured), otherwise
agentkit.testing's FunctionModel, which streams five jokes a few words at a time.
"""

from __future__ import annotations

import asyncio
import os
import sys

from agentkit import Agent, Model, Runner
from agentkit.types.responses import ResponseTextDeltaEvent

JOKES = (
    "1. I told my computer a joke about UDP. It didn't get it.\n"
    "2. Why do programmers prefer dark mode? Because light attracts bugs.\n"
    "3. I would tell you a joke about recursion, but first I'd have to tell you a joke about "
    "recursion.\n"
    "4. There are 10 kinds of people: those who understand binary and those who don't.\n"
    "5. A SQL query walks into a bar, sees two tables and asks: may I join you?"
)


def offline_model() -> Model:
    from agentkit.testing import FunctionModel, ModelCall

    async def stream_jokes(call: ModelCall):
        words = JOKES.split(" ")
        for index in range(0, len(words), 4):  # a few words per delta, like tokens
            yield " ".join(words[index : index + 4]) + (" " if index + 4 < len(words) else "")

    return FunctionModel(stream_function=stream_jokes)


def choose_model() -> str | Model:
    """The real model when OPENAI_API_KEY is set, else an offline test model."""
    if os.environ.get("OPENAI_API_KEY"):
        return os.environ.get("AGENTKIT_EXAMPLE_MODEL", "gpt-4.1")
    print("OPENAI_API_KEY is not set: running offline on agentkit.testing.", file=sys.stderr)
    return offline_model()


MODEL = choose_model()


async def main():
    agent = Agent(
        name="Joker",
        instructions="You are a helpful assistant.",
        model=MODEL,
    )

    result = Runner.run_streamed(agent, input="Please tell me 5 jokes.")
    async for event in result.stream_events():
        if event.type == "raw_response_event" and isinstance(event.data, ResponseTextDeltaEvent):
            print(event.data.delta, end="", flush=True)


if __name__ == "__main__":
    asyncio.run(main())
