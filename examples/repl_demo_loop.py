"""REPL utility guide: `run_demo_loop` chats with an agent in the terminal, streaming each answer
and keeping the conversation between turns; `quit`, `exit` or Ctrl-D ends it.

Source: https://openai.github.io/openai-agents-python/repl/ (REPL utility).
Ported by changing `from agents import` to `from agentkit import` and choosing the model: the real
model when OPENAI_API_KEY is set (AGENTKIT_EXAMPLE_MODEL, default gpt-4.1; OPENAI_BASE_URL is
honoured), otherwise agentkit.testing's FunctionModel, which streams a reply a word at a time and
says how many earlier messages it was given.
"""

from __future__ import annotations

import asyncio
import os
import sys

from agentkit import Agent, Model, run_demo_loop


def offline_model() -> Model:
    from agentkit.testing import FunctionModel, ModelCall

    async def stream_reply(call: ModelCall):
        earlier = len(call.input) - 1
        reply = f"You said {call.input[-1]['content']!r}; I remember {earlier} earlier messages."
        for word in reply.split(" "):
            yield word + " "

    return FunctionModel(stream_function=stream_reply)


def choose_model() -> str | Model:
    """The real model when OPENAI_API_KEY is set, else an offline test model."""
    if os.environ.get("OPENAI_API_KEY"):
        return os.environ.get("AGENTKIT_EXAMPLE_MODEL", "gpt-4.1")
    print("OPENAI_API_KEY is not set: running offline on agentkit.testing.", file=sys.stderr)
    return offline_model()


MODEL = choose_model()


async def main() -> None:
    agent = Agent(name="Assistant", instructions="You are a helpful assistant.", model=MODEL)
    await run_demo_loop(agent)


if __name__ == "__main__":
    asyncio.run(main())
