"""Configuring the SDK guide, "Debug logging": `enable_verbose_stdout_logging()` sends the SDK's
log records to stdout; the `openai.agents` logger can also be configured with the logging module.

Source: https://openai.github.io/openai-agents-python/config/ (Debug logging).
Ported by changing `from agents import` to `from agentkit import` (agentkit logs under the same
`openai.agents` name) and choosing the model: the real model when OPENAI_API_KEY is set
(AGENTKIT_EXAMPLE_MODEL, default gpt-4.1; OPENAI_BASE_URL is honoured), otherwise
agentkit.testing's FunctionModel, which calls a tool and then answers. The guide's two snippets
get an agent and `main()` so there is something to log.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys

from agentkit import Agent, Model, Runner, enable_verbose_stdout_logging, function_tool


def offline_model() -> Model:
    from agentkit.testing import FunctionModel, ModelCall, function_call

    def respond(call: ModelCall) -> object:
        outputs = [i["output"] for i in call.input if i.get("type") == "function_call_output"]
        if not outputs:
            return [function_call("roll_die", {}, call_id="call_die_1")]
        return f"You rolled a {outputs[-1]}."

    return FunctionModel(respond)  # type: ignore[arg-type]


def choose_model() -> str | Model:
    """The real model when OPENAI_API_KEY is set, else an offline test model."""
    if os.environ.get("OPENAI_API_KEY"):
        return os.environ.get("AGENTKIT_EXAMPLE_MODEL", "gpt-4.1")
    print("OPENAI_API_KEY is not set: running offline on agentkit.testing.", file=sys.stderr)
    return offline_model()


@function_tool
def roll_die() -> int:
    """Roll a six-sided die."""
    return 4  # chosen by fair dice roll


agent = Agent(
    name="Dice agent", instructions="Roll the die.", tools=[roll_die], model=choose_model()
)


async def main():
    enable_verbose_stdout_logging()
    result = await Runner.run(agent, "Roll for me")
    print(result.final_output)

    # For more control, configure the logger yourself.
    logger = logging.getLogger("openai.agents")  # or openai.agents.tracing for the Tracing logger
    # To make warning and above show up
    logger.setLevel(logging.WARNING)
    result = await Runner.run(agent, "Roll again, quietly")
    print(result.final_output)


if __name__ == "__main__":
    asyncio.run(main())
