"""Human-in-the-loop guide, sessions: a run with a session pauses; resuming it with the same
session appends the resumed turn once.

Source: https://openai.github.io/openai-agents-python/human_in_the_loop/ (Sessions)
Ported by changing `from agents import` to `from agentkit import`; offline (FunctionModel) unless
OPENAI_API_KEY is set.
"""

from __future__ import annotations

import asyncio
import os
import sys

from agentkit import Agent, Model, Runner, SQLiteSession, function_tool


def offline_model() -> Model:
    from agentkit.testing import FunctionModel, ModelCall, function_call

    def respond(call: ModelCall) -> object:
        last = call.input[-1]
        if last.get("type") == "function_call_output":
            return f"Done: {last['output']}"
        return [function_call("book_room", {"room": "Blue"}, call_id=f"call_{len(call.input)}")]

    return FunctionModel(respond)  # type: ignore[arg-type]


def choose_model() -> str | Model:
    if os.environ.get("OPENAI_API_KEY"):
        return os.environ.get("AGENTKIT_EXAMPLE_MODEL", "gpt-4.1")
    print("OPENAI_API_KEY is not set: running offline on agentkit.testing.", file=sys.stderr)
    return offline_model()


@function_tool(needs_approval=True)
def book_room(room: str) -> str:
    """Book a meeting room."""
    return f"{room} room booked."


async def main() -> None:
    agent = Agent(name="Office", tools=[book_room], model=choose_model())
    session = SQLiteSession("office-demo")
    result = await Runner.run(agent, "Book the Blue room.", session=session)
    state = result.to_state()
    state.approve(state.get_interruptions()[0])
    result = await Runner.run(agent, state, session=session)
    print(result.final_output)
    kinds = [item.get("type", "message") for item in await session.get_items()]
    print("session:", ", ".join(kinds))


if __name__ == "__main__":
    asyncio.run(main())
