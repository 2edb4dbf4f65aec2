"""Agents guide, "Output types": an agent whose output is a pydantic `CalendarEvent`.

Source: https://openai.github.io/openai-agents-python/agents/ (Output types).
Ported by changing `from agents import` to `from agentkit import` and choosing the model: the real
model when OPENAI_API_KEY is set (AGENTKIT_EXAMPLE_MODEL, default gpt-4.1; OPENAI_BASE_URL is
honoured), otherwise agentkit.testing's FunctionModel answering with JSON for the output schema.
The guide only defines the agent; `main()` runs it on a sentence and prints the parsed event.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys

from pydantic import BaseModel

from agentkit import Agent, Model, Runner


def offline_model() -> Model:
    from agentkit.testing import FunctionModel, ModelCall

    def respond(call: ModelCall) -> str:
        # Structured outputs: the model answers with one JSON document matching the schema.
        assert call.output_schema is not None and not call.output_schema.is_plain_text()
        event = {"name": "Science fair", "date": "Friday", "participants": ["Alice", "Bob"]}
        return json.dumps(event)

    return FunctionModel(respond)


def choose_model() -> str | Model:
    """The real model when OPENAI_API_KEY is set, else an offline test model."""
    if os.environ.get("OPENAI_API_KEY"):
        return os.environ.get("AGENTKIT_EXAMPLE_MODEL", "gpt-4.1")
    print("OPENAI_API_KEY is not set: running offline on agentkit.testing.", file=sys.stderr)
    return offline_model()


class CalendarEvent(BaseModel):
    name: str
    date: str
    participants: list[str]


agent = Agent(
    name="Calendar extractor",
    instructions="Extract calendar events from text",
    output_type=CalendarEvent,
    model=choose_model(),
)


async def main():
    result = await Runner.run(agent, "Alice and Bob are going to a science fair on Friday.")
    event = result.final_output_as(CalendarEvent)
    print(event)


if __name__ == "__main__":
    asyncio.run(main())
