"""Handoffs guide, "Basic usage": a triage agent with one agent handoff and one `handoff()`.

Source: https://openai.github.io/openai-agents-python/handoffs/ (Creating a handoff, Basic usage).
Ported by changing `from agents import` to `from agentkit import` and choosing the model: the real
model when OPENAI_API_KEY is set (AGENTKIT_EXAMPLE_MODEL, default gpt-4.1; OPENAI_BASE_URL is
honoured), otherwise agentkit.testing's FunctionModel: as triage it calls `transfer_to_refund_agent`
for a refund question, as the refund agent it answers. The guide only builds the agents; `main()`
runs the triage agent and prints who answered.
"""

from __future__ import annotations

import asyncio
import os
import sys

from agentkit import Agent, Model, Runner, handoff


def offline_model() -> Model:
    from agentkit.testing import FunctionModel, ModelCall, function_call

    def respond(call: ModelCall) -> object:
        if call.handoffs:  # the triage agent
            wanted = "refund" if "refund" in str(call.input[0]["content"]) else "billing"
            chosen = next(h for h in call.handoffs if wanted in h.tool_name)
            return [function_call(chosen.tool_name, {}, call_id="call_handoff_1")]
        return "I've started a refund for order #1234; you'll see it in 3-5 business days."

    return FunctionModel(respond)  # type: ignore[arg-type]


def choose_model() -> str | Model:
    """The real model when OPENAI_API_KEY is set, else an offline test model."""
    if os.environ.get("OPENAI_API_KEY"):
        return os.environ.get("AGENTKIT_EXAMPLE_MODEL", "gpt-4.1")
    print("OPENAI_API_KEY is not set: running offline on agentkit.testing.", file=sys.stderr)
    return offline_model()


MODEL = choose_model()

billing_agent = Agent(name="Billing agent", model=MODEL)
refund_agent = Agent(name="Refund agent", model=MODEL)

# You can use the agent directly (as in `billing_agent`), or you can use the `handoff()` function.
triage_agent = Agent(
    name="Triage agent", handoffs=[billing_agent, handoff(refund_agent)], model=MODEL
)


async def main():
    result = await Runner.run(triage_agent, "I'd like a refund for order #1234.")
    print(result.final_output)
    print(f"Answered by: {result.last_agent.name}")


if __name__ == "__main__":
    asyncio.run(main())
