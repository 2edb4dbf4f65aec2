"""Handoffs guide, "Customizing handoffs via the handoff() function": a handoff with an
`on_handoff` callback and overridden tool name and description.

Source: https://openai.github.io/openai-agents-python/handoffs/ (Customizing handoffs via the
`handoff()` function).
Ported by changing `from agents import` to `from agentkit import` and choosing the model: the real
model when OPENAI_API_KEY is set (AGENTKIT_EXAMPLE_MODEL, default gpt-4.1; OPENAI_BASE_URL is
honoured), otherwise agentkit.testing's FunctionModel, which calls the handoff tool it was offered
and then answers. The guide only builds `handoff_obj`; a triage agent and `main()` use it.
"""

from __future__ import annotations

import asyncio
import os
import sys

from agentkit import Agent, Model, RunContextWrapper, Runner, handoff


def offline_model() -> Model:
    from agentkit.testing import FunctionModel, ModelCall, function_call

    def respond(call: ModelCall) -> object:
        if call.handoffs:
            return [function_call(call.handoffs[0].tool_name, {}, call_id="call_handoff_1")]
        return "My agent here: how can I help?"

    return FunctionModel(respond)  # type: ignore[arg-type]


def choose_model() -> str | Model:
    """The real model when OPENAI_API_KEY is set, else an offline test model."""
    if os.environ.get("OPENAI_API_KEY"):
        return os.environ.get("AGENTKIT_EXAMPLE_MODEL", "gpt-4.1")
    print("OPENAI_API_KEY is not set: running offline on agentkit.testing.", file=sys.stderr)
    return offline_model()


MODEL = choose_model()


def on_handoff(ctx: RunContextWrapper[None]):
    print("Handoff called")


agent = Agent(name="My agent", model=MODEL)

handoff_obj = handoff(
    agent=agent,
    on_handoff=on_handoff,
    tool_name_override="custom_handoff_tool",
    tool_description_override="Custom description",
)

triage_agent = Agent(name="Triage agent", handoffs=[handoff_obj], model=MODEL)


async def main():
    result = await Runner.run(triage_agent, "Please pass me to my agent.")
    print(result.final_output)
    print(f"Answered by: {result.last_agent.name}")


if __name__ == "__main__":
    asyncio.run(main())
