"""Tools guide, "Agents as tools": an orchestrator calls translator agents as tools and keeps
control of the conversation.

Source: https://openai.github.io/openai-agents-python/tools/ (Agents as tools).
Ported by changing `from agents import` to `from agentkit import` and choosing the model: the real
model when OPENAI_API_KEY is set (AGENTKIT_EXAMPLE_MODEL, default gpt-4.1; OPENAI_BASE_URL is
honoured), otherwise agentkit.testing's FunctionModel: as the orchestrator it calls
`translate_to_spanish` and then answers from its output, as the Spanish agent it translates. The
`asyncio.run(main())` entry point is added.
"""

from __future__ import annotations

import asyncio
import os
import sys

from agentkit import Agent, Model, Runner

TRANSLATIONS = {"Spanish": "Hola, ¿cómo estás?", "French": "Bonjour, comment allez-vous ?"}


def offline_model() -> Model:
    from agentkit.testing import FunctionModel, ModelCall, function_call

    def respond(call: ModelCall) -> object:
        instructions = call.system_instructions or ""
        for language, translation in TRANSLATIONS.items():
            if instructions.endswith(f"to {language}"):  # a translator agent, run as a tool
                return translation
        outputs = [i["output"] for i in call.input if i.get("type") == "function_call_output"]
        if not outputs:  # the orchestrator's first turn: delegate
            arguments = {"input": "Hello, how are you?"}
            return [function_call("translate_to_spanish", arguments, call_id="call_es_1")]
        return f"In Spanish: {outputs[-1]}"

    return FunctionModel(respond)  # type: ignore[arg-type]


def choose_model() -> str | Model:
    """The real model when OPENAI_API_KEY is set, else an offline test model."""
    if os.environ.get("OPENAI_API_KEY"):
        return os.environ.get("AGENTKIT_EXAMPLE_MODEL", "gpt-4.1")
    print("OPENAI_API_KEY is not set: running offline on agentkit.testing.", file=sys.stderr)
    return offline_model()


MODEL = choose_model()

spanish_agent = Agent(
    name="Spanish agent",
    instructions="You translate the user's message to Spanish",
    model=MODEL,
)

french_agent = Agent(
    name="French agent",
    instructions="You translate the user's message to French",
    model=MODEL,
)

orchestrator_agent = Agent(
    name="orchestrator_agent",
    instructions=(
        "You are a translation agent. You use the tools given to you to translate. "
        "If asked for multiple translations, you call the relevant tools."
    ),
    tools=[
        spanish_agent.as_tool(
            tool_name="translate_to_spanish",
            tool_description="Translate the user's message to Spanish",
        ),
        french_agent.as_tool(
            tool_name="translate_to_french",
            tool_description="Translate the user's message to French",
        ),
    ],
    model=MODEL,
)


async def main():
    result = await Runner.run(orchestrator_agent, input="Say 'Hello, how are you?' in Spanish.")
    print(result.final_output)


if __name__ == "__main__":
    asyncio.run(main())
