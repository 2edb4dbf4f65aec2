"""Context management guide, "Local context": a tool reads the run's context object through
`RunContextWrapper[UserInfo]`; the context itself is never sent to the model.

Source: https://openai.github.io/openai-agents-python/context/ (Local context).
Ported by changing `from agents import` to `from agentkit import` and choosing the model: the real
model when OPENAI_API_KEY is set (AGENTKIT_EXAMPLE_MODEL, default gpt-4.1; OPENAI_BASE_URL is
honoured), otherwise agentkit.testing's FunctionModel, which calls the tool and then answers from
its output.
"""

from __future__ import annotations

import asyncio
import os
import sys
from dataclasses import dataclass

from agentkit import Agent, Model, RunContextWrapper, Runner, function_tool


def offline_model() -> Model:
    from agentkit.testing import FunctionModel, ModelCall, function_call

    def respond(call: ModelCall) -> object:
        outputs = [i["output"] for i in call.input if i.get("type") == "function_call_output"]
        if not outputs:
            return [function_call("fetch_user_age", {}, call_id="call_age_1")]
        fact = outputs[-1]  # "User John is 47 years old"
        return f"The {fact[0].lower()}{fact[1:]}."

    return FunctionModel(respond)  # type: ignore[arg-type]


def choose_model() -> str | Model:
    """The real model when OPENAI_API_KEY is set, else an offline test model."""
    if os.environ.get("OPENAI_API_KEY"):
        return os.environ.get("AGENTKIT_EXAMPLE_MODEL", "gpt-4.1")
    print("OPENAI_API_KEY is not set: running offline on agentkit.testing.", file=sys.stderr)
    return offline_model()


MODEL = choose_model()


@dataclass
class UserInfo:
    name: str
    uid: int


@function_tool
async def fetch_user_age(wrapper: RunContextWrapper[UserInfo]) -> str:
    return f"User {wrapper.context.name} is 47 years old"


async def main():
    user_info = UserInfo(name="John", uid=123)

    agent = Agent[UserInfo](
        name="Assistant",
        tools=[fetch_user_age],
        model=MODEL,
    )

    result = await Runner.run(
        starting_agent=agent,
        input="What is the age of the user?",
        context=user_info,
    )

    print(result.final_output)
    # The user John is 47 years old.


if __name__ == "__main__":
    asyncio.run(main())
