"""The quickstart guide's programs run offline and behave as the guide says."""

from __future__ import annotations

import asyncio

import pytest
from examples_support import LoadExample, TraceRecorder, run_main

from agentkit import Runner
from agentkit.items import HandoffCallItem, HandoffOutputItem, MessageOutputItem


def test_first_run_prints_the_answer(
    load_example: LoadExample, capsys: pytest.CaptureFixture[str], traces: TraceRecorder
) -> None:
    example = load_example("quickstart_first_run")
    run_main(example)

    out, err = capsys.readouterr()
    assert out == example.OFFLINE_ANSWER + "\n"
    assert "OPENAI_API_KEY is not set" in err
    (call,) = example.agent.model.calls
    assert call.system_instructions == "You answer history questions clearly and concisely."
    assert call.input == [{"role": "user", "content": "When did the Roman Empire fall?"}]
    # The run is traced by default: one "Agent workflow" trace around an agent span.
    assert [trace.name for trace in traces.traces] == ["Agent workflow"]
    assert "agent" in traces.span_types()


def test_tools_program_calls_the_tool_and_answers_from_it(
    load_example: LoadExample, capsys: pytest.CaptureFixture[str]
) -> None:
    example = load_example("quickstart_tools")
    run_main(example)

    assert capsys.readouterr().out == "Here's a surprising one: Sharks are older than trees.\n"
    first, second = example.agent.model.calls
    assert [tool.name for tool in first.tools] == ["history_fun_fact"]
    assert first.tools[0].description == "Return a short history fact."
    outputs = [item for item in second.input if item.get("type") == "function_call_output"]
    assert outputs == [
        {
            "type": "function_call_output",
            "call_id": "call_fact_1",
            "output": "Sharks are older than trees.",
        }
    ]


def test_handoff_program_routes_to_the_history_tutor(
    load_example: LoadExample, capsys: pytest.CaptureFixture[str]
) -> None:
    example = load_example("quickstart_handoffs")
    run_main(example)

    assert capsys.readouterr().out.splitlines() == [
        "George Washington was the first president of the United States (1789-1797).",
        "Answered by: History Tutor",
    ]
    triage_call, tutor_call = example.MODEL.calls
    assert [h.tool_name for h in triage_call.handoffs] == [
        "transfer_to_history_tutor",
        "transfer_to_math_tutor",
    ]
    assert "Specialist agent for historical questions" in triage_call.handoffs[0].tool_description
    assert tutor_call.system_instructions == "You answer history questions clearly and concisely."
    assert tutor_call.handoffs == []


def test_handoff_program_routes_math_to_the_math_tutor(load_example: LoadExample) -> None:
    example = load_example("quickstart_handoffs")
    result = asyncio.run(Runner.run(example.triage_agent, "What is 12 * 3?"))

    assert result.last_agent is example.math_tutor_agent
    assert [type(item) for item in result.new_items] == [
        HandoffCallItem,
        HandoffOutputItem,
        MessageOutputItem,
    ]
    assert result.final_output == "Let's work it out step by step."
