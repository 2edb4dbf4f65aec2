"""Tools guide, "Handling errors in function tools": a tool that raises is reported to the model
through `failure_error_function`, and the run goes on.

Source: https://openai.github.io/openai-agents-python/tools/ (Handling errors in function tools).
Ported by changing `from agents import` to `from agentkit import` and choosing the model: the real
model when OPENAI_API_KEY is set (AGENTKIT_EXAMPLE_MODEL, default gpt-4.1; OPENAI_BASE_URL is
honoured), otherwise agentkit.testing's FunctionModel, which asks for the profile named in the
question and then answers from what the tool returned. The guide only builds the tool; an agent and
`main()` (one good lookup, one failing one) use it.
"""

from __future__ import annotations

import asyncio
import os
import re
import sys
from typing import Any

from agentkit import Agent, Model, RunContextWrapper, Runner, function_tool


def offline_model() -> Model:
    from agentkit.testing import FunctionModel, ModelCall, function_call

    def respond(call: ModelCall) -> object:
        outputs = [i["output"] for i in call.input if i.get("type") == "function_call_output"]
        if not outputs:
            user_id = re.findall(r"user_\w+", str(call.input[0]["content"]))[0]
            return [function_call("get_user_profile", {"user_id": user_id}, call_id="call_p1")]
        return f"Tool said: {outputs[-1]}"

    return FunctionModel(respond)  # type: ignore[arg-type]


def choose_model() -> str | Model:
    """The real model when OPENAI_API_KEY is set, else an offline test model."""
    if os.environ.get("OPENAI_API_KEY"):
        return os.environ.get("AGENTKIT_EXAMPLE_MODEL", "gpt-4.1")
    print("OPENAI_API_KEY is not set: running offline on agentkit.testing.", file=sys.stderr)
    return offline_model()


def my_custom_error_function(context: RunContextWrapper[Any], error: Exception) -> str:
    """A custom function to provide a user-friendly error message."""
    print(f"A tool call failed with the following error: {error}")
    return "An internal server error occurred. Please try again later."


@function_tool(failure_error_function=my_custom_error_function)
def get_user_profile(user_id: str) -> str:
    """Fetches a user profile from a mock API.
    This function demonstrates a 'flaky' or failing API call.
    """
    if user_id == "user_123":
        return "User profile for user_123 successfully retrieved."
    else:
        raise ValueError(
            f"Could not retrieve profile for user_id: {user_id}. API returned an error."
        )


agent = Agent(
    name="Profile assistant",
    instructions="Look user profiles up with get_user_profile.",
    tools=[get_user_profile],
    model=choose_model(),
)


async def main():
    for question in ("Show me user_123's profile.", "Show me user_999's profile."):
        result = await Runner.run(agent, question)
        print(result.final_output)


if __name__ == "__main__":
    asyncio.run(main())
