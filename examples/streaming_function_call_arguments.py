"""Streaming guide, "Function call argument streaming": watch a function call's arguments arrive
as `ResponseFunctionCallArgumentsDeltaEvent`s before the tool runs.

Source: https://openai.github.io/openai-agents-python/streaming/ (Function call argument
streaming).
Ported by changing `from agents import` to `from agentkit import`, `openai.types.responses` to
`agentkit.types.responses`, and choosing the model: the real model when OPENAI_API_KEY is set
(AGENTKIT_EXAMPLE_MODEL, default gpt-4.1; OPENAI_BASE_URL is honoured), otherwise
agentkit.testing's FunctionModel, which streams the `write_file` call with its arguments in the
three pieces the guide shows, then streams a short confirmation.
"""

from __future__ import annotations

import asyncio
import os
import sys

from agentkit import Agent, Model, Runner, function_tool
from agentkit.types.responses import ResponseFunctionCallArgumentsDeltaEvent

ARGUMENT_PIECES = ['{"filename": "', 'hello.py", "content": "', "print('Hello, World!')\"}"]


def offline_model() -> Model:
    from agentkit.testing import FunctionModel, ModelCall
    from agentkit.types import responses as r

    async def stream(call: ModelCall):
        if any(item.get("type") == "function_call_output" for item in call.input):
            yield "Created hello.py, which prints 'Hello, World!'."
            return
        arguments = "".join(ARGUMENT_PIECES)
        call_item = r.ResponseFunctionToolCall(
            type="function_call",
            id="fc_1",
            call_id="call_write_1",
            name="write_file",
            arguments="",
            status="in_progress",
        )
        done_item = call_item.model_copy(update={"arguments": arguments, "status": "completed"})
        response = r.Response(
            id="resp_1",
            object="response",
            created_at=0,
            model="offline",
            output=[],
            parallel_tool_calls=True,
            tool_choice="auto",
            tools=[],
            status="in_progress",
        )
        yield r.ResponseCreatedEvent(type="response.created", response=response, sequence_number=0)
        yield r.ResponseOutputItemAddedEvent(
            type="response.output_item.added", item=call_item, output_index=0, sequence_number=1
        )
        for number, piece in enumerate(ARGUMENT_PIECES, start=2):
            yield r.ResponseFunctionCallArgumentsDeltaEvent(
                type="response.function_call_arguments.delta",
                item_id="fc_1",
                output_index=0,
                delta=piece,
                sequence_number=number,
            )
        yield r.ResponseFunctionCallArgumentsDoneEvent(
            type="response.function_call_arguments.done",
            item_id="fc_1",
            output_index=0,
            arguments=arguments,
            name="write_file",
            sequence_number=5,
        )
        yield r.ResponseOutputItemDoneEvent(
            type="response.output_item.done", item=done_item, output_index=0, sequence_number=6
        )
        completed = response.model_copy(update={"output": [done_item], "status": "completed"})
        yield r.ResponseCompletedEvent(
            type="response.completed", response=completed, sequence_number=7
        )

    return FunctionModel(stream_function=stream)


def choose_model() -> str | Model:
    """The real model when OPENAI_API_KEY is set, else an offline test model."""
    if os.environ.get("OPENAI_API_KEY"):
        return os.environ.get("AGENTKIT_EXAMPLE_MODEL", "gpt-4.1")
    print("OPENAI_API_KEY is not set: running offline on agentkit.testing.", file=sys.stderr)
    return offline_model()


MODEL = choose_model()


@function_tool
def write_file(filename: str, content: str) -> str:
    """Write content to a file."""
    return f"File {filename} written successfully"


async def main():
    agent = Agent(
        name="CodeGenerator",
        instructions="You are a helpful coding assistant. When asked to create files, use the write_file tool.",
        tools=[write_file],
        model=MODEL,
    )

    result = Runner.run_streamed(
        agent,
        input="Create a Python script that prints 'Hello, World!' and saves it as hello.py",
    )

    function_name = None
    current_arguments = ""

    async for event in result.stream_events():
        if event.type == "raw_response_event":
            # Function call started
            if event.data.type == "response.output_item.added":
                if getattr(event.data.item, "type", None) == "function_call":
                    function_name = getattr(event.data.item, "name", "unknown")
                    print(f"📞 Function call streaming started: {function_name}()")
                    print("📝 Arguments building...")

            # Real-time argument streaming
            elif isinstance(event.data, ResponseFunctionCallArgumentsDeltaEvent):
                current_arguments += event.data.delta
                print(f"   + {event.data.delta}", end="", flush=True)

            # Function call completed
            elif event.data.type == "response.output_item.done":  # noqa: SIM102 (as in the guide)
                if hasattr(event.data.item, "name"):
                    print(f"\n✅ Function call streaming completed: {function_name}")
                    print(f"🔧 Final arguments: {current_arguments}")

    print(f"\n🎉 Result: {result.final_output}")


if __name__ == "__main__":
    asyncio.run(main())
