"""Handoffs guide, "Input filters": `handoff_filters.remove_all_tools` strips tool calls and their
outputs from the history the next agent sees.

Source: https://openai.github.io/openai-agents-python/handoffs/ (Input filters).
Ported by changing `from agents import` to `from agentkit import` and choosing the model: the real
model when OPENAI_API_KEY is set (AGENTKIT_EXAMPLE_MODEL, default gpt-4.1; OPENAI_BASE_URL is
honoured), otherwise agentkit.testing's FunctionModel: the triage agent calls its tool, then hands
off; the FAQ agent answers and says how many history items it was given. The guide only builds
`handoff_obj`; a triage agent with a tool and `main()` exercise the filter.
"""

from __future__ import annotations

import asyncio
import os
import sys

from agentkit import Agent, Model, Runner, function_tool, handoff
from agentkit.extensions import handoff_filters


def offline_model() -> Model:
    from agentkit.testing import FunctionModel, ModelCall, function_call

    def respond(call: ModelCall) -> object:
        if call.handoffs:  # the triage agent: look the account up, then hand off
            if not any(i.get("type") == "function_call_output" for i in call.input):
                return [function_call("lookup_account", {}, call_id="call_lookup_1")]
            return [function_call(call.handoffs[0].tool_name, {}, call_id="call_handoff_1")]
        kinds = sorted({str(i.get("type", "message")) for i in call.input})
        return f"FAQ: our opening hours are 9-5. (I was given: {', '.join(kinds)})"

    return FunctionModel(respond)  # type: ignore[arg-type]


def choose_model() -> str | Model:
    """The real model when OPENAI_API_KEY is set, else an offline test model."""
    if os.environ.get("OPENAI_API_KEY"):
        return os.environ.get("AGENTKIT_EXAMPLE_MODEL", "gpt-4.1")
    print("OPENAI_API_KEY is not set: running offline on agentkit.testing.", file=sys.stderr)
    return offline_model()


MODEL = choose_model()

agent = Agent(name="FAQ agent", model=MODEL)

handoff_obj = handoff(
    agent=agent,
    input_filter=handoff_filters.remove_all_tools,  # removes all tools from the history
)


@function_tool
def lookup_account() -> str:
    """Look up the caller's account."""
    return "account 42: active"


triage_agent = Agent(
    name="Triage agent",
    instructions="Look up the account first, then hand FAQ questions to the FAQ agent.",
    tools=[lookup_account],
    handoffs=[handoff_obj],
    model=MODEL,
)


async def main():
    result = await Runner.run(triage_agent, "What are your opening hours?")
    print(result.final_output)


if __name__ == "__main__":
    asyncio.run(main())
