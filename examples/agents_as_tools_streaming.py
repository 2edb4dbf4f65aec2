"""Tools guide, "Streaming nested agent runs": `as_tool(on_stream=...)` runs the sub-agent streamed
and hands each of its stream events to a callback, while the tool still returns the final output.

Source: https://openai.github.io/openai-agents-python/tools/ (Agents as tools, Streaming nested
agent runs).
Ported by changing `from agents import` to `from agentkit import` and choosing the model: the real
model when OPENAI_API_KEY is set (AGENTKIT_EXAMPLE_MODEL, default gpt-4.1; OPENAI_BASE_URL is
honoured), otherwise agentkit.testing's FunctionModel. The guide shows only the callback and the
tool; the billing agent, a support agent that calls the tool and `main()` are added so it runs.
"""

from __future__ import annotations

import asyncio
import os
import sys

from agentkit import Agent, AgentToolStreamEvent, Model, Runner


def offline_model() -> Model:
    from agentkit.testing import FunctionModel, ModelCall, function_call

    def respond(call: ModelCall) -> object:
        if not call.tools:  # the billing agent, streamed as a tool
            return "Your next invoice is due on the 1st: $20."
        outputs = [i["output"] for i in call.input if i.get("type") == "function_call_output"]
        if not outputs:
            arguments = {"input": "When is my next invoice due?"}
            return [function_call("billing_helper", arguments, call_id="call_billing_1")]
        return f"Billing says: {outputs[-1]}"

    return FunctionModel(respond)  # type: ignore[arg-type]


def choose_model() -> str | Model:
    """The real model when OPENAI_API_KEY is set, else an offline test model."""
    if os.environ.get("OPENAI_API_KEY"):
        return os.environ.get("AGENTKIT_EXAMPLE_MODEL", "gpt-4.1")
    print("OPENAI_API_KEY is not set: running offline on agentkit.testing.", file=sys.stderr)
    return offline_model()


MODEL = choose_model()

billing_agent = Agent(
    name="Billing agent",
    instructions="Answer billing questions briefly.",
    model=MODEL,
)


async def handle_stream(event: AgentToolStreamEvent) -> None:
    # Inspect the underlying StreamEvent along with agent metadata.
    print(f"[stream] {event['agent'].name} :: {event['event'].type}")


billing_agent_tool = billing_agent.as_tool(
    tool_name="billing_helper",
    tool_description="Answer billing questions.",
    on_stream=handle_stream,  # Can be sync or async.
)

support_agent = Agent(
    name="Support agent",
    instructions="Use billing_helper for billing questions.",
    tools=[billing_agent_tool],
    model=MODEL,
)


async def main():
    result = await Runner.run(support_agent, "When is my next invoice due?")
    print(result.final_output)


if __name__ == "__main__":
    asyncio.run(main())
