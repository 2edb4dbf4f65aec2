"""Tools guide, "Conditional tool enabling": agent tools whose `is_enabled` depends on the run's
context; disabled tools are hidden from the model.

Source: https://openai.github.io/openai-agents-python/tools/ (Agents as tools, Conditional tool
enabling).
Ported by changing `from agents import` to `from agentkit import` and choosing the model: the real
model when OPENAI_API_KEY is set (AGENTKIT_EXAMPLE_MODEL, default gpt-4.1; OPENAI_BASE_URL is
honoured), otherwise agentkit.testing's FunctionModel: as the orchestrator it calls every tool it
was offered (as its instructions demand) and then joins their answers; as a language agent it
answers in its language. The module-level `asyncio.run(main())` is moved under `__main__`.
"""

from __future__ import annotations

import asyncio
import os
import sys

from pydantic import BaseModel

from agentkit import Agent, AgentBase, Model, RunContextWrapper, Runner

ANSWERS = {"Spanish": "¡Estoy muy bien, gracias!", "French": "Je vais très bien, merci !"}


def offline_model() -> Model:
    from agentkit.testing import FunctionModel, ModelCall, function_call

    def respond(call: ModelCall) -> object:
        instructions = call.system_instructions or ""
        for language, answer in ANSWERS.items():
            if instructions.startswith(f"You respond in {language}"):
                return answer
        outputs = [i["output"] for i in call.input if i.get("type") == "function_call_output"]
        if not outputs:  # call ALL available tools, in one turn
            question = str(call.input[0]["content"])
            return [
                function_call(tool.name, {"input": question}, call_id=f"call_{tool.name}")
                for tool in call.tools
            ]
        return " / ".join(outputs)

    return FunctionModel(respond)  # type: ignore[arg-type]


def choose_model() -> str | Model:
    """The real model when OPENAI_API_KEY is set, else an offline test model."""
    if os.environ.get("OPENAI_API_KEY"):
        return os.environ.get("AGENTKIT_EXAMPLE_MODEL", "gpt-4.1")
    print("OPENAI_API_KEY is not set: running offline on agentkit.testing.", file=sys.stderr)
    return offline_model()


MODEL = choose_model()


class LanguageContext(BaseModel):
    language_preference: str = "french_spanish"


def french_enabled(ctx: RunContextWrapper[LanguageContext], agent: AgentBase) -> bool:
    """Enable French for French+Spanish preference."""
    return ctx.context.language_preference == "french_spanish"


# Create specialized agents
spanish_agent = Agent(
    name="spanish_agent",
    instructions="You respond in Spanish. Always reply to the user's question in Spanish.",
    model=MODEL,
)

french_agent = Agent(
    name="french_agent",
    instructions="You respond in French. Always reply to the user's question in French.",
    model=MODEL,
)

# Create orchestrator with conditional tools
orchestrator = Agent(
    name="orchestrator",
    instructions=(
        "You are a multilingual assistant. You use the tools given to you to respond to users. "
        "You must call ALL available tools to provide responses in different languages. "
        "You never respond in languages yourself, you always use the provided tools."
    ),
    tools=[
        spanish_agent.as_tool(
            tool_name="respond_spanish",
            tool_description="Respond to the user's question in Spanish",
            is_enabled=True,  # Always enabled
        ),
        french_agent.as_tool(
            tool_name="respond_french",
            tool_description="Respond to the user's question in French",
            is_enabled=french_enabled,
        ),
    ],
    model=MODEL,
)


async def main():
    context = RunContextWrapper(LanguageContext(language_preference="french_spanish"))
    result = await Runner.run(orchestrator, "How are you?", context=context.context)
    print(result.final_output)


if __name__ == "__main__":
    asyncio.run(main())
