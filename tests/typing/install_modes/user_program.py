"""A small user program that must type-check the same under every install mode of agentkit.

.ci/check_install_typing.py runs `mypy --strict` on it, outside the repository, once against an
editable install (`pip install -e .`) and once against a regular one (`pip install .`); both must
pass with the same output. (mypy also checks it with tests/typing; it is never run.)
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from typing_extensions import assert_type

from agentkit import (
    Agent,
    FunctionTool,
    GuardrailFunctionOutput,
    InputGuardrail,
    RunContextWrapper,
    Runner,
    TResponseInputItem,
    function_tool,
    input_guardrail,
)
from agentkit.testing import ScriptedModel, assistant_message


class Answer(BaseModel):
    text: str


@function_tool
def add(a: int, b: int) -> int:
    """Add two numbers."""
    return a + b


@input_guardrail
def polite(
    ctx: RunContextWrapper[Any], agent: Agent[Any], data: str | list[TResponseInputItem]
) -> GuardrailFunctionOutput:
    return GuardrailFunctionOutput(output_info=None, tripwire_triggered=False)


assert_type(add, FunctionTool)
assert_type(polite, InputGuardrail[Any])


async def main() -> None:
    model = ScriptedModel([[assistant_message('{"text": "hi"}')]])
    agent = Agent(
        name="assistant", model=model, tools=[add], input_guardrails=[polite], output_type=Answer
    )
    result = await Runner.run(agent, "hi")
    assert_type(result.final_output_as(Answer), Answer)
