"""Running agents guide, "Call model input filter" and "Error handlers": trim the model input right
before each call, and turn `MaxTurnsExceeded` into a controlled final output.

Source: https://openai.github.io/openai-agents-python/running_agents/ (Hooks and customization,
Call model input filter; Errors and recovery, Error handlers).
Ported by changing `from agents import` to `from agentkit import` (and `agents.run` to
`agentkit.run`) and choosing the model: the real model when OPENAI_API_KEY is set
(AGENTKIT_EXAMPLE_MODEL, default gpt-4.1; OPENAI_BASE_URL is honoured), otherwise
agentkit.testing's FunctionModel: it answers with how many input items it saw, and for the error
handler program it keeps calling a tool so the turn limit is reached. The error-handler agent gets
that tool; both programs are wrapped in functions called by `main()`.
"""

from __future__ import annotations

import os
import sys

from agentkit import (
    Agent,
    Model,
    RunConfig,
    RunErrorHandlerInput,
    RunErrorHandlerResult,
    Runner,
    function_tool,
)
from agentkit.run import CallModelData, ModelInputData


def offline_model() -> Model:
    from agentkit.testing import FunctionModel, ModelCall, function_call

    def respond(call: ModelCall) -> object:
        if call.tools:  # the transcript analyst: one more page, every turn
            return [function_call("read_next_page", {}, call_id=f"call_page_{len(model.calls)}")]
        return f"Quines are programs that print their own source. (I saw {len(call.input)} items)"

    model = FunctionModel(respond)  # type: ignore[arg-type]
    return model


def choose_model() -> str | Model:
    """The real model when OPENAI_API_KEY is set, else an offline test model."""
    if os.environ.get("OPENAI_API_KEY"):
        return os.environ.get("AGENTKIT_EXAMPLE_MODEL", "gpt-4.1")
    print("OPENAI_API_KEY is not set: running offline on agentkit.testing.", file=sys.stderr)
    return offline_model()


MODEL = choose_model()


def drop_old_messages(data: CallModelData[None]) -> ModelInputData:
    # Keep only the last 5 items and preserve existing instructions.
    trimmed = data.model_data.input[-5:]
    return ModelInputData(input=trimmed, instructions=data.model_data.instructions)


def call_model_input_filter_program():
    agent = Agent(name="Assistant", instructions="Answer concisely.", model=MODEL)
    history = [{"role": "user", "content": f"Earlier message {n}"} for n in range(8)]
    result = Runner.run_sync(
        agent,
        [*history, {"role": "user", "content": "Explain quines"}],
        run_config=RunConfig(call_model_input_filter=drop_old_messages),
    )
    print(result.final_output)


@function_tool
def read_next_page() -> str:
    """Read the next page of the transcript."""
    return "...more transcript..."


def on_max_turns(_data: RunErrorHandlerInput[None]) -> RunErrorHandlerResult:
    return RunErrorHandlerResult(
        final_output="I couldn't finish within the turn limit. Please narrow the request.",
        include_in_history=False,
    )


def error_handler_program():
    agent = Agent(name="Assistant", instructions="Be concise.", tools=[read_next_page], model=MODEL)

    result = Runner.run_sync(
        agent,
        "Analyze this long transcript",
        max_turns=3,
        error_handlers={"max_turns": on_max_turns},
    )
    print(result.final_output)


def main():
    call_model_input_filter_program()
    error_handler_program()


if __name__ == "__main__":
    main()
