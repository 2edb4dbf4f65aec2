"""Human-in-the-loop guide: a tool that needs approval pauses the run; a person approves or
rejects each call; the run resumes from the same state (here via a JSON snapshot, as a web app
would store it).

Source: https://openai.github.io/openai-agents-python/human_in_the_loop/
Ported by changing `from agents import` to `from agentkit import` and choosing the model: the real
model when OPENAI_API_KEY is set (AGENTKIT_EXAMPLE_MODEL, default gpt-4.1), otherwise
agentkit.testing's FunctionModel. Decisions are read from stdin when it is a terminal, else
every call is approved.
"""

from __future__ import annotations

import asyncio
import os
import sys

from agentkit import Agent, Model, Runner, RunState, function_tool


def offline_model() -> Model:
    from agentkit.testing import FunctionModel, ModelCall, function_call

    def respond(call: ModelCall) -> object:
        outputs = [i["output"] for i in call.input if i.get("type") == "function_call_output"]
        if not outputs:
            return [
                function_call("get_weather", {"city": "Oslo"}, call_id="call_weather"),
                function_call("cancel_order", {"order_id": 42}, call_id="call_cancel"),
            ]
        return "Done: " + "; ".join(outputs)

    return FunctionModel(respond)  # type: ignore[arg-type]


def choose_model() -> str | Model:
    if os.environ.get("OPENAI_API_KEY"):
        return os.environ.get("AGENTKIT_EXAMPLE_MODEL", "gpt-4.1")
    print("OPENAI_API_KEY is not set: running offline on agentkit.testing.", file=sys.stderr)
    return offline_model()


@function_tool
def get_weather(city: str) -> str:
    """Get the weather for a city."""
    return f"It is sunny in {city}."


@function_tool(needs_approval=True)
def cancel_order(order_id: int) -> str:
    """Cancel an order."""
    return f"Order {order_id} cancelled."


def ask(question: str) -> bool:
    if not sys.stdin.isatty():
        print(f"{question} [auto-approved]")
        return True
    return input(f"{question} [y/N] ").strip().lower() == "y"


async def main() -> None:
    agent = Agent(
        name="Support",
        instructions="Check the weather in Oslo and cancel order 42.",
        tools=[get_weather, cancel_order],
        model=choose_model(),
    )
    result = await Runner.run(agent, "Check the weather in Oslo and cancel order 42.")
    while result.interruptions:
        saved = result.to_state().to_string()  # store this anywhere; the run is parked
        state = await RunState.from_string(agent, saved)
        for item in state.get_interruptions():
            if ask(f"Approve {item.tool_name}({item.arguments})?"):
                state.approve(item)
            else:
                state.reject(item)
        result = await Runner.run(agent, state)
    print(result.final_output)


if __name__ == "__main__":
    asyncio.run(main())
