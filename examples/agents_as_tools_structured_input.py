"""Tools guide, "Structured input for tool-agents": `as_tool(parameters=...)` exposes a pydantic
schema instead of a single `input` string, and `include_input_schema=True` passes that schema on
to the nested agent with the arguments.

Source: https://openai.github.io/openai-agents-python/tools/ (Agents as tools, Structured input
for tool-agents).
Ported by changing `from agents import` to `from agentkit import` and choosing the model: the real
model when OPENAI_API_KEY is set (AGENTKIT_EXAMPLE_MODEL, default gpt-4.1; OPENAI_BASE_URL is
honoured), otherwise agentkit.testing's FunctionModel: the orchestrator calls `translate_text` with
schema-shaped arguments, the translator answers from the JSON it receives. The guide only builds
the tool; the translator and orchestrator agents and `main()` are added.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import sys

from pydantic import BaseModel, Field

from agentkit import Agent, Model, Runner

GREETINGS = {("English", "French"): "Bonjour tout le monde"}


def offline_model() -> Model:
    from agentkit.testing import FunctionModel, ModelCall, function_call

    def respond(call: ModelCall) -> object:
        if not call.tools:  # the translator: read the arguments out of its input
            text = str(call.input[-1]["content"])
            args = json.loads(re.search(r"\{[^{}]*\"text\"[^{}]*\}", text).group(0))  # type: ignore[union-attr]
            return GREETINGS.get((args["source"], args["target"]), args["text"])
        outputs = [i["output"] for i in call.input if i.get("type") == "function_call_output"]
        if not outputs:
            arguments = {"text": "Hello world", "source": "English", "target": "French"}
            return [function_call("translate_text", arguments, call_id="call_tr_1")]
        return f"In French: {outputs[-1]}"

    return FunctionModel(respond)  # type: ignore[arg-type]


def choose_model() -> str | Model:
    """The real model when OPENAI_API_KEY is set, else an offline test model."""
    if os.environ.get("OPENAI_API_KEY"):
        return os.environ.get("AGENTKIT_EXAMPLE_MODEL", "gpt-4.1")
    print("OPENAI_API_KEY is not set: running offline on agentkit.testing.", file=sys.stderr)
    return offline_model()


MODEL = choose_model()

translator_agent = Agent(
    name="Translator",
    instructions="Translate the given text from the source language to the target language.",
    model=MODEL,
)


class TranslationInput(BaseModel):
    text: str = Field(description="Text to translate.")
    source: str = Field(description="Source language.")
    target: str = Field(description="Target language.")


translator_tool = translator_agent.as_tool(
    tool_name="translate_text",
    tool_description="Translate text between languages.",
    parameters=TranslationInput,
    include_input_schema=True,
)

orchestrator = Agent(
    name="Orchestrator",
    instructions="Use translate_text for every translation request.",
    tools=[translator_tool],
    model=MODEL,
)


async def main():
    result = await Runner.run(orchestrator, "Translate 'Hello world' from English to French.")
    print(result.final_output)


if __name__ == "__main__":
    asyncio.run(main())
