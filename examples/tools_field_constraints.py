"""Tools guide, "Constraining and describing arguments with Pydantic Field": `Field` constraints and
descriptions, given as a default or inside `Annotated`, land in the tool's JSON schema and are
enforced when the model calls the tool.

Source: https://openai.github.io/openai-agents-python/tools/ (Constraining and describing
arguments with Pydantic Field).
Ported by changing `from agents import` to `from agentkit import` and choosing the model: the real
model when OPENAI_API_KEY is set (AGENTKIT_EXAMPLE_MODEL, default gpt-4.1; OPENAI_BASE_URL is
honoured), otherwise agentkit.testing's FunctionModel, which first sends an out-of-range score,
reads the error the tool returns, and then sends a valid one. The guide only defines the tools;
`main()` prints a schema and runs an agent.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from typing import Annotated

from pydantic import Field

from agentkit import Agent, Model, Runner, function_tool


def offline_model() -> Model:
    from agentkit.testing import FunctionModel, ModelCall, function_call

    def respond(call: ModelCall) -> object:
        outputs = [i["output"] for i in call.input if i.get("type") == "function_call_output"]
        if not outputs:  # overshoot first: 120 is not in 0..100
            return [function_call("score_b", {"score": 120}, call_id="call_s1")]
        if len(outputs) == 1:
            return [function_call("score_b", {"score": 100}, call_id="call_s2")]
        return f"First try: {outputs[0]}\nThen: {outputs[1]}"

    return FunctionModel(respond)  # type: ignore[arg-type]


def choose_model() -> str | Model:
    """The real model when OPENAI_API_KEY is set, else an offline test model."""
    if os.environ.get("OPENAI_API_KEY"):
        return os.environ.get("AGENTKIT_EXAMPLE_MODEL", "gpt-4.1")
    print("OPENAI_API_KEY is not set: running offline on agentkit.testing.", file=sys.stderr)
    return offline_model()


# Default-based form
@function_tool
def score_a(score: int = Field(..., ge=0, le=100, description="Score from 0 to 100")) -> str:
    return f"Score recorded: {score}"


# Annotated form
@function_tool
def score_b(
    score: Annotated[int, Field(..., ge=0, le=100, description="Score from 0 to 100")],
) -> str:
    return f"Score recorded: {score}"


agent = Agent(
    name="Scorer",
    instructions="Record the score the user gives, capped to the allowed range.",
    tools=[score_b],
    model=choose_model(),
)


async def main():
    print(json.dumps(score_a.params_json_schema["properties"]["score"]))
    result = await Runner.run(agent, "Record a score of 120, or the highest allowed.")
    print(result.final_output)


if __name__ == "__main__":
    asyncio.run(main())
