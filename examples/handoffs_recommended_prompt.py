"""Handoffs guide, "Recommended prompts": an agent whose instructions start with
`RECOMMENDED_PROMPT_PREFIX`.

Source: https://openai.github.io/openai-agents-python/handoffs/ (Recommended prompts).
Ported by changing `from agents import` to `from agentkit import` and choosing the model: the real
model when OPENAI_API_KEY is set (AGENTKIT_EXAMPLE_MODEL, default gpt-4.1; OPENAI_BASE_URL is
honoured), otherwise agentkit.testing's FunctionModel, which answers and says whether its system
prompt carried the handoff preamble. The guide's placeholder prompt is filled in; `main()` runs it.
"""

from __future__ import annotations

import asyncio
import os
import sys

from agentkit import Agent, Model, Runner
from agentkit.extensions.handoff_prompt import RECOMMENDED_PROMPT_PREFIX


def offline_model() -> Model:
    from agentkit.testing import FunctionModel, ModelCall

    def respond(call: ModelCall) -> str:
        briefed = (call.system_instructions or "").startswith("# System context")
        return f"Your invoice is attached. (handoff preamble received: {briefed})"

    return FunctionModel(respond)


def choose_model() -> str | Model:
    """The real model when OPENAI_API_KEY is set, else an offline test model."""
    if os.environ.get("OPENAI_API_KEY"):
        return os.environ.get("AGENTKIT_EXAMPLE_MODEL", "gpt-4.1")
    print("OPENAI_API_KEY is not set: running offline on agentkit.testing.", file=sys.stderr)
    return offline_model()


billing_agent = Agent(
    name="Billing agent",
    instructions=f"""{RECOMMENDED_PROMPT_PREFIX}
    You answer billing questions for a small online shop.""",
    model=choose_model(),
)


async def main():
    result = await Runner.run(billing_agent, "Can I get a copy of my invoice?")
    print(result.final_output)


if __name__ == "__main__":
    asyncio.run(main())
