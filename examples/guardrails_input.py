"""Guardrails guide, "Implementing a guardrail" (input): a guardrail agent with a structured
output checks the user's input; math homework trips the wire and the run raises
`InputGuardrailTripwireTriggered`.

Source: https://openai.github.io/openai-agents-python/guardrails/ (Implementing a guardrail).
Ported by changing `from agents import` to `from agentkit import` and choosing the model: the real
model when OPENAI_API_KEY is set (AGENTKIT_EXAMPLE_MODEL, default gpt-4.1; OPENAI_BASE_URL is
honoured), otherwise agentkit.testing's FunctionModel: as the guardrail agent it classifies the
input (JSON for `MathHomeworkOutput`), as the support agent it answers. The `asyncio.run(main())`
entry point is added.
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
    InputGuardrailTripwireTriggered,
    Model,
    RunContextWrapper,
    Runner,
    TResponseInputItem,
    input_guardrail,
)


def offline_model() -> Model:
    from agentkit.testing import FunctionModel, ModelCall

    def respond(call: ModelCall) -> str:
        text = json.dumps(call.input)
        if call.output_schema is not None:  # the guardrail agent
            is_math = any(sign in text for sign in ("solve", "=", "+"))
            reasoning = "The user asks to solve an equation." if is_math else "Not math."
            return json.dumps({"is_math_homework": is_math, "reasoning": reasoning})
        return "Happy to help with your account questions!"

    return FunctionModel(respond)


def choose_model() -> str | Model:
    """The real model when OPENAI_API_KEY is set, else an offline test model."""
    if os.environ.get("OPENAI_API_KEY"):
        return os.environ.get("AGENTKIT_EXAMPLE_MODEL", "gpt-4.1")
    print("OPENAI_API_KEY is not set: running offline on agentkit.testing.", file=sys.stderr)
    return offline_model()


MODEL = choose_model()


class MathHomeworkOutput(BaseModel):
    is_math_homework: bool
    reasoning: str


guardrail_agent = Agent(  # We'll use this agent in our guardrail function.
    name="Guardrail check",
    instructions="Check if the user is asking you to do their math homework.",
    output_type=MathHomeworkOutput,
    model=MODEL,
)


@input_guardrail
async def math_guardrail(
    ctx: RunContextWrapper[None], agent: Agent, input: str | list[TResponseInputItem]
) -> GuardrailFunctionOutput:
    result = await Runner.run(guardrail_agent, input, context=ctx.context)

    return GuardrailFunctionOutput(
        output_info=result.final_output,  # extra information in the guardrail result
        tripwire_triggered=result.final_output.is_math_homework,
    )


agent = Agent(  # This is the actual agent that defines the workflow.
    name="Customer support agent",
    instructions="You are a customer support agent. You help customers with their questions.",
    input_guardrails=[math_guardrail],
    model=MODEL,
)


async def main():
    # This should trip the guardrail
    try:
        await Runner.run(agent, "Hello, can you help me solve for x: 2x + 3 = 11?")
        print("Guardrail didn't trip - this is unexpected")

    except InputGuardrailTripwireTriggered:
        print("Math homework guardrail tripped")


if __name__ == "__main__":
    asyncio.run(main())
