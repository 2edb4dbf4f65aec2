"""Guardrails guide, output guardrails: a guardrail agent checks the agent's structured output;
an answer containing math trips the wire and the run raises `OutputGuardrailTripwireTriggered`.

Source: https://openai.github.io/openai-agents-python/guardrails/ (Implementing a guardrail,
"Output guardrails are similar").
Ported by changing `from agents import` to `from agentkit import` and choosing the model: the real
model when OPENAI_API_KEY is set (AGENTKIT_EXAMPLE_MODEL, default gpt-4.1; OPENAI_BASE_URL is
honoured), otherwise agentkit.testing's FunctionModel answering with JSON for whichever output type
the calling agent has (`MessageOutput` for the support agent, `MathOutput` for the guardrail
agent). The `asyncio.run(main())` entry point is added.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys

from pydantic import BaseModel

from agentkit import (
    Agent,
    GuardrailFunctionOutput,
    Model,
    OutputGuardrailTripwireTriggered,
    RunContextWrapper,
    Runner,
    output_guardrail,
)


def offline_model() -> Model:
    from agentkit.testing import FunctionModel, ModelCall

    def respond(call: ModelCall) -> str:
        assert call.output_schema is not None
        if call.output_schema.name() == "MessageOutput":  # the support agent
            return json.dumps({"response": "Subtract 3 from both sides: 2x = 8, so x = 4."})
        text = json.dumps(call.input)
        is_math = any(sign in text for sign in ("=", "+", "x"))
        return json.dumps({"reasoning": "The answer solves an equation.", "is_math": is_math})

    return FunctionModel(respond)


def choose_model() -> str | Model:
    """The real model when OPENAI_API_KEY is set, else an offline test model."""
    if os.environ.get("OPENAI_API_KEY"):
        return os.environ.get("AGENTKIT_EXAMPLE_MODEL", "gpt-4.1")
    print("OPENAI_API_KEY is not set: running offline on agentkit.testing.", file=sys.stderr)
    return offline_model()


MODEL = choose_model()


class MessageOutput(BaseModel):  # This is the actual agent's output type.
    response: str


class MathOutput(BaseModel):  # This is the guardrail's output type.
    reasoning: str
    is_math: bool


guardrail_agent = Agent(
    name="Guardrail check",
    instructions="Check if the output includes any math.",
    output_type=MathOutput,
    model=MODEL,
)


@output_guardrail
async def math_guardrail(
    ctx: RunContextWrapper, agent: Agent, output: MessageOutput
) -> GuardrailFunctionOutput:
    result = await Runner.run(guardrail_agent, output.response, context=ctx.context)

    return GuardrailFunctionOutput(
        output_info=result.final_output,
        tripwire_triggered=result.final_output.is_math,
    )


agent = Agent(  # This is the actual agent that defines the workflow.
    name="Customer support agent",
    instructions="You are a customer support agent. You help customers with their questions.",
    output_guardrails=[math_guardrail],
    output_type=MessageOutput,
    model=MODEL,
)


async def main():
    # This should trip the guardrail
    try:
        await Runner.run(agent, "Hello, can you help me solve for x: 2x + 3 = 11?")
        print("Guardrail didn't trip - this is unexpected")

    except OutputGuardrailTripwireTriggered:
        print("Math output guardrail tripped")


if __name__ == "__main__":
    asyncio.run(main())
