"""Running agents guide, "Automatic conversation management with sessions": a `SQLiteSession`
carries the history, so the second turn needs only the new question.

Source: https://openai.github.io/openai-agents-python/running_agents/ (Automatic conversation
management with sessions).
Ported by changing `from agents import` to `from agentkit import` and choosing the model: the real
model when OPENAI_API_KEY is set (AGENTKIT_EXAMPLE_MODEL, default gpt-4.1; OPENAI_BASE_URL is
honoured), otherwise agentkit.testing's FunctionModel, which answers from the conversation it is
given (so "California" proves the session supplied the first turn). The `trace` import and the
`asyncio.run(main())` entry point are added.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys

from agentkit import Agent, Model, Runner, SQLiteSession, trace


def offline_model() -> Model:
    from agentkit.testing import FunctionModel, ModelCall

    def respond(call: ModelCall) -> str:
        history = json.dumps(call.input)
        if "What state is it in?" in history:
            return "California" if "San Francisco" in history else "Which city do you mean?"
        return "San Francisco"

    return FunctionModel(respond)


def choose_model() -> str | Model:
    """The real model when OPENAI_API_KEY is set, else an offline test model."""
    if os.environ.get("OPENAI_API_KEY"):
        return os.environ.get("AGENTKIT_EXAMPLE_MODEL", "gpt-4.1")
    print("OPENAI_API_KEY is not set: running offline on agentkit.testing.", file=sys.stderr)
    return offline_model()


MODEL = choose_model()


async def main():
    agent = Agent(name="Assistant", instructions="Reply very concisely.", model=MODEL)

    # Create session instance
    session = SQLiteSession("conversation_123")

    thread_id = "thread_123"  # Example thread ID
    with trace(workflow_name="Conversation", group_id=thread_id):
        # First turn
        result = await Runner.run(agent, "What city is the Golden Gate Bridge in?", session=session)
        print(result.final_output)
        # San Francisco

        # Second turn - agent automatically remembers previous context
        result = await Runner.run(agent, "What state is it in?", session=session)
        print(result.final_output)
        # California

    # Release the database connection (a session dropped without this closes it when collected).
    session.close()


if __name__ == "__main__":
    asyncio.run(main())
