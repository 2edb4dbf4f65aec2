"""Sessions guide, "Quick start" and "Using pop_item for corrections": a `SQLiteSession` keeps the
conversation across `Runner.run` and `Runner.run_sync` calls, and `pop_item` undoes the last turn.

Source: https://openai.github.io/openai-agents-python/sessions/ (Quick start; Memory operations,
Using pop_item for corrections).
Ported by changing `from agents import` to `from agentkit import` and choosing the model: the real
model when OPENAI_API_KEY is set (AGENTKIT_EXAMPLE_MODEL, default gpt-4.1; OPENAI_BASE_URL is
honoured), otherwise agentkit.testing's FunctionModel, which answers from the conversation it is
given. The guide's top-level awaits are wrapped in async functions; the synchronous turn runs
outside them, last.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys

from agentkit import Agent, Model, Runner, SQLiteSession


def offline_model() -> Model:
    from agentkit.testing import FunctionModel, ModelCall

    def respond(call: ModelCall) -> str:
        history = json.dumps(call.input)
        question = str(call.input[-1]["content"])
        knows_city = "San Francisco" in history
        if question == "What's the population?":
            return "Approximately 39 million" if knows_city else "Of where?"
        if question == "What state is it in?":
            return "California" if knows_city else "Which city do you mean?"
        if question.startswith("What's 2 + "):
            return str(2 + int(question.removeprefix("What's 2 + ").rstrip("?")))
        return "San Francisco"

    return FunctionModel(respond)


def choose_model() -> str | Model:
    """The real model when OPENAI_API_KEY is set, else an offline test model."""
    if os.environ.get("OPENAI_API_KEY"):
        return os.environ.get("AGENTKIT_EXAMPLE_MODEL", "gpt-4.1")
    print("OPENAI_API_KEY is not set: running offline on agentkit.testing.", file=sys.stderr)
    return offline_model()


MODEL = choose_model()

# Create agent
agent = Agent(
    name="Assistant",
    instructions="Reply very concisely.",
    model=MODEL,
)

# Create a session instance with a session ID
session = SQLiteSession("conversation_123")


async def quick_start():
    # First turn
    result = await Runner.run(agent, "What city is the Golden Gate Bridge in?", session=session)
    print(result.final_output)  # "San Francisco"

    # Second turn - agent automatically remembers previous context
    result = await Runner.run(agent, "What state is it in?", session=session)
    print(result.final_output)  # "California"


def quick_start_sync():
    # Also works with synchronous runner
    result = Runner.run_sync(agent, "What's the population?", session=session)
    print(result.final_output)  # "Approximately 39 million"


async def corrections():
    agent = Agent(name="Assistant", model=MODEL)
    session = SQLiteSession("correction_example")

    # Initial conversation
    result = await Runner.run(agent, "What's 2 + 2?", session=session)
    print(f"Agent: {result.final_output}")

    # User wants to correct their question
    assistant_item = await session.pop_item()  # Remove agent's response
    user_item = await session.pop_item()  # Remove user's question
    print(f"Removed: {user_item['content']!r} and its answer")
    assert assistant_item is not None

    # Ask a corrected question
    result = await Runner.run(agent, "What's 2 + 3?", session=session)
    print(f"Agent: {result.final_output}")
    print(f"Session now holds {len(await session.get_items())} items")
    session.close()


def main():
    asyncio.run(quick_start())
    asyncio.run(corrections())
    # Last: `run_sync` keeps its event loop for later calls, which a later asyncio.run() would drop.
    quick_start_sync()
    # The module-level `session` stays open for inspection; it closes its connection when it is
    # collected or at exit (call `session.close()` to release it sooner).


if __name__ == "__main__":
    main()
