"""Realtime agents guide: function tools, handoffs, output guardrails, sending messages and audio,
and a custom listener on the model (guide: Realtime agents > Guide), ported by changing imports.

The guide shows fragments; `main()` is the smallest program using them all: it asks about the
weather by text, prints the session's events and ends when the server closes the session.
Like the quickstart it needs OPENAI_API_KEY, or OPENAI_BASE_URL for a local Realtime server.
"""

from __future__ import annotations

import asyncio
import os
from typing import Any

from agentkit.realtime import (
    RealtimeAgent,
    RealtimeModelEvent,
    RealtimeModelListener,
    RealtimeRunner,
    realtime_handoff,
)

from agentkit import function_tool
from agentkit.guardrail import GuardrailFunctionOutput, OutputGuardrail


@function_tool
def get_weather(city: str) -> str:
    """Get current weather for a city."""
    return f"The weather in {city} is sunny, 72°F"


@function_tool
def book_appointment(date: str, time: str, service: str) -> str:
    """Book an appointment."""
    return f"Appointment booked for {service} on {date} at {time}"


def sensitive_data_check(context: Any, agent: Any, output: str) -> GuardrailFunctionOutput:
    return GuardrailFunctionOutput(
        tripwire_triggered="password" in output,
        output_info=None,
    )


# Specialized agents
billing_agent = RealtimeAgent(
    name="Billing Support",
    instructions="You specialize in billing and payment issues.",
)

technical_agent = RealtimeAgent(
    name="Technical Support",
    instructions="You handle technical troubleshooting.",
)

# Main agent with handoffs, tools and a guardrail
main_agent = RealtimeAgent(
    name="Customer Service",
    instructions="You can help with weather and appointments. Hand off to specialists when needed.",
    tools=[get_weather, book_appointment],
    handoffs=[
        realtime_handoff(billing_agent, tool_description_override="Transfer to billing support"),
        realtime_handoff(
            technical_agent, tool_description_override="Transfer to technical support"
        ),
    ],
    output_guardrails=[OutputGuardrail(guardrail_function=sensitive_data_check)],
)


class PrintingListener(RealtimeModelListener):
    """Direct model access: a custom listener sees every model event."""

    def __init__(self) -> None:
        self.count = 0

    async def on_event(self, event: RealtimeModelEvent) -> None:
        self.count += 1


async def main() -> None:
    runner = RealtimeRunner(main_agent, config={"model_settings": {"voice": "alloy"}})
    listener = PrintingListener()
    async with await runner.run() as session:
        session.model.add_listener(listener)
        await session.send_message("What's the weather in Paris?")
        async for event in session:
            if event.type == "tool_start":
                print(f"Tool started: {event.tool.name}")
            elif event.type == "tool_end":
                print(f"Tool ended: {event.tool.name}; output: {event.output}")
            elif event.type == "handoff":
                print(f"Handoff from {event.from_agent.name} to {event.to_agent.name}")
            elif event.type == "guardrail_tripped":
                print(f"Guardrail tripped: {event.message}")
            elif event.type == "agent_end":
                print(f"Agent ended: {event.agent.name}")
            elif event.type == "error":
                print(f"Error: {event.error}")
    print(f"The custom listener saw {listener.count} model events.")


if __name__ == "__main__":
    if not (os.environ.get("OPENAI_API_KEY") or os.environ.get("OPENAI_BASE_URL")):
        print("Set OPENAI_API_KEY (or OPENAI_BASE_URL for a local Realtime server).")
    else:
        asyncio.run(main())
