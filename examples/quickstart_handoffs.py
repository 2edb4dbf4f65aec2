"""Quickstart guide, "Add a few more agents" to "Run the agent orchestration": a triage agent
hands a homework question off to the right tutor, who answers it.

Source: https://openai.github.io/openai-agents-python/quickstart/ (Add a few more agents, Define
your handoffs, Run the agent orchestration).
Ported by changing `from agents import` to `from agentkit import` and choosing the model: the real
model when OPENAI_API_KEY is set (AGENTKIT_EXAMPLE_MODEL, default gpt-4.1; OPENAI_BASE_URL is
honoured), otherwise agentkit.testing's FunctionModel: as triage it calls the handoff tool of the
tutor whose description fits the question, as a tutor it answers.
"""

from __future__ import annotations

import asyncio
import os
import sys

from agentkit import Agent, Model, Runner


def offline_model() -> Model:
    from agentkit.testing import FunctionModel, ModelCall, function_call

    def respond(call: ModelCall) -> object:
        question = str(call.input[0]["content"]).lower()
        if call.handoffs:  # the triage agent: pick the specialist
            topic = "math" if any(ch.isdigit() for ch in question) else "historical"
            chosen = next(h for h in call.handoffs if topic in h.tool_description)
            return [function_call(chosen.tool_name, {}, call_id="call_handoff_1")]
        if "history" in (call.system_instructions or ""):
            return "George Washington was the first president of the United States (1789-1797)."
        return "Let's work it out step by step."

    return FunctionModel(respond)  # type: ignore[arg-type]


def choose_model() -> str | Model:
    """The real model when OPENAI_API_KEY is set, else an offline test model."""
    if os.environ.get("OPENAI_API_KEY"):
        return os.environ.get("AGENTKIT_EXAMPLE_MODEL", "gpt-4.1")
    print("OPENAI_API_KEY is not set: running offline on agentkit.testing.", file=sys.stderr)
    return offline_model()


MODEL = choose_model()

history_tutor_agent = Agent(
    name="History Tutor",
    handoff_description="Specialist agent for historical questions",
    instructions="You answer history questions clearly and concisely.",
    model=MODEL,
)

math_tutor_agent = Agent(
    name="Math Tutor",
    handoff_description="Specialist agent for math questions",
    instructions="You explain math step by step and include worked examples.",
    model=MODEL,
)

triage_agent = Agent(
    name="Triage Agent",
    instructions="Route each homework question to the right specialist.",
    handoffs=[history_tutor_agent, math_tutor_agent],
    model=MODEL,
)


async def main():
    result = await Runner.run(
        triage_agent,
        "Who was the first president of the United States?",
    )
    print(result.final_output)
    print(f"Answered by: {result.last_agent.name}")


if __name__ == "__main__":
    asyncio.run(main())
