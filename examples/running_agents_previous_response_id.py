"""Running agents guide, "Using previous_response_id": each turn links to the previous response,
so the server keeps the history and only the new user message is sent.

Source: https://openai.github.io/openai-agents-python/running_agents/ (Server-managed
conversations, Using `previous_response_id`).
Ported by changing `from agents import` to `from agentkit import` and choosing the model: the real
model when OPENAI_API_KEY is set (AGENTKIT_EXAMPLE_MODEL, default gpt-4.1; OPENAI_BASE_URL is
honoured), otherwise agentkit.testing's FunctionModel, which says which response it was chained to.
The chat loop reads `input()` until end of input (Ctrl-D), which ends the program quietly.
"""

from __future__ import annotations

import asyncio
import os
import sys

from agentkit import Agent, Model, Runner


def offline_model() -> Model:
    from agentkit.testing import FunctionModel, ModelCall, ModelStep, assistant_message

    def respond(call: ModelCall) -> ModelStep:
        text = f"(chained to {call.previous_response_id}) You said: {call.input[-1]['content']}"
        return ModelStep(output=[assistant_message(text)], response_id=f"resp_{len(model.calls)}")

    model = FunctionModel(respond)
    return model


def choose_model() -> str | Model:
    """The real model when OPENAI_API_KEY is set, else an offline test model."""
    if os.environ.get("OPENAI_API_KEY"):
        return os.environ.get("AGENTKIT_EXAMPLE_MODEL", "gpt-4.1")
    print("OPENAI_API_KEY is not set: running offline on agentkit.testing.", file=sys.stderr)
    return offline_model()


MODEL = choose_model()


async def main():
    agent = Agent(name="Assistant", instructions="Reply very concisely.", model=MODEL)

    previous_response_id = None

    while True:
        try:
            user_input = input("You: ")
        except EOFError:
            return

        # Setting auto_previous_response_id=True enables response chaining automatically
        # for the first turn, even when there's no actual previous response ID yet.
        result = await Runner.run(
            agent,
            user_input,
            previous_response_id=previous_response_id,
            auto_previous_response_id=True,
        )
        previous_response_id = result.last_response_id
        print(f"Assistant: {result.final_output}")


if __name__ == "__main__":
    asyncio.run(main())
