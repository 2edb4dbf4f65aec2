"""Human-in-the-loop guide, streaming: a streamed run finishes its event stream, then exposes
`interruptions`; the resumed run streams too.

Source: https://openai.github.io/openai-agents-python/human_in_the_loop/ (Streaming)
Ported by changing `from agents import` to `from agentkit import`; offline (FunctionModel, every
call approved) unless OPENAI_API_KEY is set.
"""

from __future__ import annotations

import asyncio
import os
import sys

from agentkit import Agent, Model, Runner, function_tool


def offline_model() -> Model:
    from agentkit.testing import FunctionModel, ModelCall, function_call

    def respond(call: ModelCall) -> object:
        outputs = [i["output"] for i in call.input if i.get("type") == "function_call_output"]
        if not outputs:
            return [function_call("send_email", {"to": "bob@example.com"}, call_id="call_mail")]
        return f"Finished: {outputs[-1]}"

    return FunctionModel(respond)  # type: ignore[arg-type]


def choose_model() -> str | Model:
    if os.environ.get("OPENAI_API_KEY"):
        return os.environ.get("AGENTKIT_EXAMPLE_MODEL", "gpt-4.1")
    print("OPENAI_API_KEY is not set: running offline on agentkit.testing.", file=sys.stderr)
    return offline_model()


@function_tool(needs_approval=True)
def send_email(to: str) -> str:
    """Send the report by email."""
    return f"Email sent to {to}."


async def main() -> None:
    agent = Agent(
        name="Mailer",
        instructions="Email the report to bob.",
        tools=[send_email],
        model=choose_model(),
    )
    result = Runner.run_streamed(agent, "Email the report to bob@example.com.")
    while True:
        async for event in result.stream_events():
            if event.type == "run_item_stream_event":
                print(f"event: {event.name}")
        if not result.interruptions:
            break
        state = result.to_state()
        for item in state.get_interruptions():
            print(f"approving {item.tool_name}({item.arguments})")
            state.approve(item)
        result = Runner.run_streamed(agent, state)
    print(result.final_output)


if __name__ == "__main__":
    asyncio.run(main())
