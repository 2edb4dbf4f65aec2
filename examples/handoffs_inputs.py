"""Handoffs guide, "Handoff inputs": the model provides typed data (`EscalationData`) when it calls
the handoff, and `on_handoff` receives it validated.

Source: https://openai.github.io/openai-agents-python/handoffs/ (Handoff inputs).
Ported by changing `from agents import` to `from agentkit import` and choosing the model: the real
model when OPENAI_API_KEY is set (AGENTKIT_EXAMPLE_MODEL, default gpt-4.1; OPENAI_BASE_URL is
honoured), otherwise agentkit.testing's FunctionModel, which calls the handoff tool with a reason
and then answers as the escalation agent. The guide only builds `handoff_obj`; a triage agent and
`main()` use it.
"""

from __future__ import annotations

import asyncio
import os
import sys

from pydantic import BaseModel

from agentkit import Agent, Model, RunContextWrapper, Runner, handoff


def offline_model() -> Model:
    from agentkit.testing import FunctionModel, ModelCall, function_call

    def respond(call: ModelCall) -> object:
        if call.handoffs:
            arguments = {"reason": "Customer was double charged and asked for a manager."}
            return [function_call(call.handoffs[0].tool_name, arguments, call_id="call_esc_1")]
        return "I'm the escalation agent; I'll sort out the double charge today."

    return FunctionModel(respond)  # type: ignore[arg-type]


def choose_model() -> str | Model:
    """The real model when OPENAI_API_KEY is set, else an offline test model."""
    if os.environ.get("OPENAI_API_KEY"):
        return os.environ.get("AGENTKIT_EXAMPLE_MODEL", "gpt-4.1")
    print("OPENAI_API_KEY is not set: running offline on agentkit.testing.", file=sys.stderr)
    return offline_model()


MODEL = choose_model()


class EscalationData(BaseModel):
    reason: str


async def on_handoff(ctx: RunContextWrapper[None], input_data: EscalationData):
    print(f"Escalation agent called with reason: {input_data.reason}")


agent = Agent(name="Escalation agent", model=MODEL)

handoff_obj = handoff(
    agent=agent,
    on_handoff=on_handoff,
    input_type=EscalationData,
)

triage_agent = Agent(
    name="Support agent",
    instructions="Escalate when the customer asks for a manager; give the reason.",
    handoffs=[handoff_obj],
    model=MODEL,
)


async def main():
    result = await Runner.run(triage_agent, "I was charged twice. Get me a manager!")
    print(result.final_output)


if __name__ == "__main__":
    asyncio.run(main())
