"""Tools guide, "Custom function tools": a `FunctionTool` built by hand from a name, a
description, a JSON schema and an `on_invoke_tool` coroutine.

Source: https://openai.github.io/openai-agents-python/tools/ (Custom function tools).
Ported by changing `from agents import` to `from agentkit import` and choosing the model: the real
model when OPENAI_API_KEY is set (AGENTKIT_EXAMPLE_MODEL, default gpt-4.1; OPENAI_BASE_URL is
honoured), otherwise agentkit.testing's FunctionModel, which calls `process_user` with arguments
for its schema and then answers from its output. The guide only builds the tool; an agent and
`main()` use it. `ToolContext` comes from `agentkit.tool_context`: the guide's top-level import
fails on openai-agents 0.24 too.
"""

from __future__ import annotations

import asyncio
import os
import sys
from typing import Any

from pydantic import BaseModel

from agentkit import Agent, FunctionTool, Model, Runner

# The guide imports ToolContext from the top level, which openai-agents 0.24 does not export either.
from agentkit.tool_context import ToolContext


def offline_model() -> Model:
    from agentkit.testing import FunctionModel, ModelCall, function_call

    def respond(call: ModelCall) -> object:
        outputs = [i["output"] for i in call.input if i.get("type") == "function_call_output"]
        if not outputs:
            arguments = {"username": "ada", "age": 36}
            return [function_call("process_user", arguments, call_id="call_user_1")]
        return f"Processed the user: {outputs[-1]}"

    return FunctionModel(respond)  # type: ignore[arg-type]


def choose_model() -> str | Model:
    """The real model when OPENAI_API_KEY is set, else an offline test model."""
    if os.environ.get("OPENAI_API_KEY"):
        return os.environ.get("AGENTKIT_EXAMPLE_MODEL", "gpt-4.1")
    print("OPENAI_API_KEY is not set: running offline on agentkit.testing.", file=sys.stderr)
    return offline_model()


calls: list[str] = []  # what do_some_work received, for the curious (and the tests)


def do_some_work(data: str) -> str:
    calls.append(data)
    return "done"


class FunctionArgs(BaseModel):
    username: str
    age: int


async def run_function(ctx: ToolContext[Any], args: str) -> str:
    parsed = FunctionArgs.model_validate_json(args)
    return do_some_work(data=f"{parsed.username} is {parsed.age} years old")


tool = FunctionTool(
    name="process_user",
    description="Processes extracted user data",
    params_json_schema=FunctionArgs.model_json_schema(),
    on_invoke_tool=run_function,
)

agent = Agent(
    name="User processor",
    instructions="Extract the user's name and age, then call process_user.",
    tools=[tool],
    model=choose_model(),
)


async def main():
    result = await Runner.run(agent, "Ada is 36 and her username is ada.")
    print(result.final_output)
    print(f"do_some_work got: {calls[-1]!r}")


if __name__ == "__main__":
    asyncio.run(main())
