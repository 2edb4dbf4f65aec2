"""The guardrails guide's programs run offline and behave as the guide says."""

from __future__ import annotations

import asyncio

import pytest
from examples_support import LoadExample, TraceRecorder, run_main

from agentkit import (
    InputGuardrailTripwireTriggered,
    OutputGuardrailTripwireTriggered,
    Runner,
)


def test_input_guardrail_trips_on_math_homework(
    load_example: LoadExample, capsys: pytest.CaptureFixture[str], traces: TraceRecorder
) -> None:
    example = load_example("guardrails_input")
    run_main(example)

    assert capsys.readouterr().out == "Math homework guardrail tripped\n"
    guardrail_calls = [call for call in example.MODEL.calls if call.output_schema is not None]
    assert len(guardrail_calls) == 1
    assert guardrail_calls[0].system_instructions == (
        "Check if the user is asking you to do their math homework."
    )
    assert "guardrail" in traces.span_types()


def test_input_guardrail_exception_carries_the_guardrail_result(
    load_example: LoadExample,
) -> None:
    example = load_example("guardrails_input")
    with pytest.raises(InputGuardrailTripwireTriggered) as caught:
        asyncio.run(Runner.run(example.agent, "Solve 2x + 3 = 11 for me"))

    result = caught.value.guardrail_result
    assert result.guardrail is example.math_guardrail
    assert result.output.tripwire_triggered is True
    info = result.output.output_info
    assert isinstance(info, example.MathHomeworkOutput)
    assert info.is_math_homework is True


def test_input_guardrail_lets_other_questions_through(load_example: LoadExample) -> None:
    example = load_example("guardrails_input")
    result = asyncio.run(Runner.run(example.agent, "Where is my parcel?"))

    assert result.final_output == "Happy to help with your account questions!"
    (guardrail_result,) = result.input_guardrail_results
    assert guardrail_result.output.tripwire_triggered is False
    assert guardrail_result.output.output_info.reasoning == "Not math."


def test_output_guardrail_trips_on_math_in_the_answer(
    load_example: LoadExample, capsys: pytest.CaptureFixture[str]
) -> None:
    example = load_example("guardrails_output")
    run_main(example)

    assert capsys.readouterr().out == "Math output guardrail tripped\n"
    support_call, guardrail_call = example.MODEL.calls
    assert support_call.output_schema.name() == "MessageOutput"
    # The guardrail agent checks the support agent's structured answer.
    assert guardrail_call.input == [
        {"role": "user", "content": "Subtract 3 from both sides: 2x = 8, so x = 4."}
    ]


def test_output_guardrail_exception_carries_the_agent_output(load_example: LoadExample) -> None:
    example = load_example("guardrails_output")
    with pytest.raises(OutputGuardrailTripwireTriggered) as caught:
        asyncio.run(Runner.run(example.agent, "Solve 2x + 3 = 11"))

    result = caught.value.guardrail_result
    assert result.agent is example.agent
    assert isinstance(result.agent_output, example.MessageOutput)
    assert result.output.output_info.is_math is True


def test_tool_guardrails_allow_a_clean_call(
    load_example: LoadExample, capsys: pytest.CaptureFixture[str]
) -> None:
    example = load_example("guardrails_tool")
    run_main(example)

    assert capsys.readouterr().out == "The classifier said: length:11\n"
    tool = example.classify_text
    assert [g.get_name() for g in tool.tool_input_guardrails] == ["block_secrets"]
    assert [g.get_name() for g in tool.tool_output_guardrails] == ["redact_output"]


def test_tool_input_guardrail_rejects_secrets_and_the_run_continues(
    load_example: LoadExample,
) -> None:
    example = load_example("guardrails_tool")
    result = Runner.run_sync(example.agent, "my key is sk-12345")

    # The tool never ran: the model got the rejection message as the tool's output.
    assert result.final_output == "The classifier said: Remove secrets before calling this tool."
    (guardrail_result,) = result.tool_input_guardrail_results
    assert guardrail_result.output.behavior["type"] == "reject_content"


def test_tool_output_guardrail_rejects_a_secret_in_the_result(load_example: LoadExample) -> None:
    from agentkit import function_tool

    example = load_example("guardrails_tool")

    @function_tool(tool_output_guardrails=[example.redact_output])
    def classify_text(text: str) -> str:
        """Classify text for internal routing."""
        return f"routing key sk-{len(text)}"

    agent = example.agent.clone(tools=[classify_text])
    result = Runner.run_sync(agent, "hello world")

    assert result.final_output == "The classifier said: Output contained sensitive data."
