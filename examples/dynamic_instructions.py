"""Agents guide, "Context" and "Dynamic instructions": the system prompt is computed from the run's
context by a function of (context, agent).

Source: https://openai.github.io/openai-agents-python/agents/ (Context, Dynamic instructions).
Ported by changing `from agents import` to `from agentkit import` and choosing the model: the real
model when OPENAI_API_KEY is set (AGENTKIT_EXAMPLE_MODEL, default gpt-4.1; OPENAI_BASE_URL is
honoured), otherwise agentkit.testing's FunctionModel, which greets the user named in the system
prompt it received. The guide's `UserContext` sketch gets a `Purchase` type and a `self` so it
runs; `main()` runs the agent with a context and prints the answer.
"""

from __future__ import annotations

import asyncio
import os
import re
import sys
from dataclasses import dataclass

from agentkit import Agent, Model, RunContextWrapper, Runner


def offline_model() -> Model:
    from agentkit.testing import FunctionModel, ModelCall

    def respond(call: ModelCall) -> str:
        match = re.search(r"The user's name is (\w+)", call.system_instructions or "")
        name = match.group(1) if match else "there"
        return f"Hi {name}! Your last order shipped yesterday."

    return FunctionModel(respond)


def choose_model() -> str | Model:
    """The real model when OPENAI_API_KEY is set, else an offline test model."""
    if os.environ.get("OPENAI_API_KEY"):
        return os.environ.get("AGENTKIT_EXAMPLE_MODEL", "gpt-4.1")
    print("OPENAI_API_KEY is not set: running offline on agentkit.testing.", file=sys.stderr)
    return offline_model()


@dataclass
class Purchase:
    item: str
    price: float


@dataclass
class UserContext:
    name: str
    uid: str
    is_pro_user: bool

    async def fetch_purchases(self) -> list[Purchase]:
        return [Purchase(item="Headphones", price=59.0)]


def dynamic_instructions(context: RunContextWrapper[UserContext], agent: Agent[UserContext]) -> str:
    return f"The user's name is {context.context.name}. Help them with their questions."


agent = Agent[UserContext](
    name="Triage agent",
    instructions=dynamic_instructions,
    model=choose_model(),
)


async def main():
    context = UserContext(name="Alice", uid="u_123", is_pro_user=True)
    result = await Runner.run(agent, "Where is my order?", context=context)
    print(result.final_output)


if __name__ == "__main__":
    asyncio.run(main())
