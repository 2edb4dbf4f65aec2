"""Human-in-the-loop guide, custom rejection messages: `RunConfig.tool_error_formatter` rewords
every rejection; a `rejection_message` given with one decision wins over it.

Source: https://openai.github.io/openai-agents-python/human_in_the_loop/ (Rejection messages)
Ported by changing `from agents import` to `from agentkit import`; offline (FunctionModel) unless
OPENAI_API_KEY is set.
"""

from __future__ import annotations

import asyncio
import os
import sys

from agentkit import Agent, Model, RunConfig, Runner, ToolErrorFormatterArgs, function_tool


def offline_model() -> Model:
    from agentkit.testing import FunctionModel, ModelCall, function_call

    def respond(call: ModelCall) -> object:
        outputs = [i["output"] for i in call.input if i.get("type") == "function_call_output"]
        if not outputs:
            return [
                function_call("delete_account", {"user": "alice"}, call_id="call_a"),
                function_call("delete_account", {"user": "bob"}, call_id="call_b"),
            ]
        return " | ".join(outputs)

    return FunctionModel(respond)  # type: ignore[arg-type]


def choose_model() -> str | Model:
    if os.environ.get("OPENAI_API_KEY"):
        return os.environ.get("AGENTKIT_EXAMPLE_MODEL", "gpt-4.1")
    print("OPENAI_API_KEY is not set: running offline on agentkit.testing.", file=sys.stderr)
    return offline_model()


@function_tool(needs_approval=True)
def delete_account(user: str) -> str:
    """Delete a user's account."""
    return f"Deleted {user}."


def formatter(args: ToolErrorFormatterArgs[None]) -> str | None:
    if args.kind == "approval_rejected":
        return f"An operator declined {args.tool_name}; tell the user it needs a ticket."
    return None


async def main() -> None:
    agent = Agent(name="Admin", tools=[delete_account], model=choose_model())
    config = RunConfig(tool_error_formatter=formatter)
    result = await Runner.run(agent, "Delete alice and bob.", run_config=config)
    state = result.to_state()
    first, second = state.get_interruptions()
    state.reject(first)  # worded by the formatter
    state.reject(second, rejection_message="Bob's account is protected.")  # this exact text
    result = await Runner.run(agent, state, run_config=config)
    print(result.final_output)


if __name__ == "__main__":
    asyncio.run(main())
