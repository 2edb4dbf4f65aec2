"""Guardrails guide, tool guardrails: an input guardrail rejects tool calls carrying secrets and
an output guardrail rejects tool results that contain them; the model gets the rejection message
instead and the run continues.

Source: https://openai.github.io/openai-agents-python/guardrails/ (Tool guardrails).
Ported by changing `from agents import` to `from agentkit import` and choosing the model: the real
model when OPENAI_API_KEY is set (AGENTKIT_EXAMPLE_MODEL, default gpt-4.1; OPENAI_BASE_URL is
honoured), otherwise agentkit.testing's FunctionModel, which calls `classify_text` with the user's
text and then answers from the tool's result. The module-level run is moved into `main()`.
"""

from __future__ import annotations

import json
import os
import sys

from agentkit import (
    Agent,
    Model,
    Runner,
    ToolGuardrailFunctionOutput,
    function_tool,
    tool_input_guardrail,
    tool_output_guardrail,
)


def offline_model() -> Model:
    from agentkit.testing import FunctionModel, ModelCall, function_call

    def respond(call: ModelCall) -> object:
        outputs = [i["output"] for i in call.input if i.get("type") == "function_call_output"]
        if not outputs:
            text = str(call.input[0]["content"])
            return [function_call("classify_text", {"text": text}, call_id="call_classify_1")]
        return f"The classifier said: {outputs[-1]}"

    return FunctionModel(respond)  # type: ignore[arg-type]


def choose_model() -> str | Model:
    """The real model when OPENAI_API_KEY is set, else an offline test model."""
    if os.environ.get("OPENAI_API_KEY"):
        return os.environ.get("AGENTKIT_EXAMPLE_MODEL", "gpt-4.1")
    print("OPENAI_API_KEY is not set: running offline on agentkit.testing.", file=sys.stderr)
    return offline_model()


@tool_input_guardrail
def block_secrets(data):
    args = json.loads(data.context.tool_arguments or "{}")
    if "sk-" in json.dumps(args):
        return ToolGuardrailFunctionOutput.reject_content(
            "Remove secrets before calling this tool."
        )
    return ToolGuardrailFunctionOutput.allow()


@tool_output_guardrail
def redact_output(data):
    text = str(data.output or "")
    if "sk-" in text:
        return ToolGuardrailFunctionOutput.reject_content("Output contained sensitive data.")
    return ToolGuardrailFunctionOutput.allow()


@function_tool(
    tool_input_guardrails=[block_secrets],
    tool_output_guardrails=[redact_output],
)
def classify_text(text: str) -> str:
    """Classify text for internal routing."""
    return f"length:{len(text)}"


agent = Agent(name="Classifier", tools=[classify_text], model=choose_model())


def main():
    result = Runner.run_sync(agent, "hello world")
    print(result.final_output)


if __name__ == "__main__":
    main()
