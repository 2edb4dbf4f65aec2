"""The handoffs guide's programs run offline and behave as the guide says."""

from __future__ import annotations

import asyncio

import pytest
from examples_support import LoadExample, TraceRecorder, run_main

from agentkit import ModelBehaviorError, Runner
from agentkit.extensions.handoff_prompt import RECOMMENDED_PROMPT_PREFIX
from agentkit.items import (
    HandoffCallItem,
    HandoffOutputItem,
    MessageOutputItem,
    ToolCallItem,
    ToolCallOutputItem,
)


def test_basic_handoff_reaches_the_refund_agent(
    load_example: LoadExample, capsys: pytest.CaptureFixture[str], traces: TraceRecorder
) -> None:
    example = load_example("handoffs_basic")
    run_main(example)

    assert capsys.readouterr().out.splitlines() == [
        "I've started a refund for order #1234; you'll see it in 3-5 business days.",
        "Answered by: Refund agent",
    ]
    triage_call, refund_call = example.MODEL.calls
    # An agent and a handoff() object give the same default tool names.
    assert [h.tool_name for h in triage_call.handoffs] == [
        "transfer_to_billing_agent",
        "transfer_to_refund_agent",
    ]
    assert refund_call.handoffs == []
    assert "handoff" in traces.span_types()


def test_basic_handoff_items(load_example: LoadExample) -> None:
    example = load_example("handoffs_basic")
    result = asyncio.run(Runner.run(example.triage_agent, "A refund, please."))

    call_item, output_item, message = result.new_items
    assert isinstance(call_item, HandoffCallItem)
    assert isinstance(output_item, HandoffOutputItem)
    assert output_item.source_agent is example.triage_agent
    assert output_item.target_agent is example.refund_agent
    assert isinstance(message, MessageOutputItem)
    assert message.agent is example.refund_agent


def test_customized_handoff_runs_its_callback_under_its_own_name(
    load_example: LoadExample, capsys: pytest.CaptureFixture[str]
) -> None:
    example = load_example("handoffs_customized")
    run_main(example)

    assert capsys.readouterr().out.splitlines() == [
        "Handoff called",
        "My agent here: how can I help?",
        "Answered by: My agent",
    ]
    (offered,) = example.MODEL.calls[0].handoffs
    assert offered.tool_name == "custom_handoff_tool"
    assert offered.tool_description == "Custom description"


def test_handoff_input_reaches_on_handoff_validated(
    load_example: LoadExample, capsys: pytest.CaptureFixture[str]
) -> None:
    example = load_example("handoffs_inputs")
    run_main(example)

    assert capsys.readouterr().out.splitlines() == [
        "Escalation agent called with reason: Customer was double charged and asked for a manager.",
        "I'm the escalation agent; I'll sort out the double charge today.",
    ]
    (offered,) = example.MODEL.calls[0].handoffs
    assert offered.tool_name == "transfer_to_escalation_agent"
    assert offered.input_json_schema["required"] == ["reason"]
    assert offered.input_json_schema["additionalProperties"] is False


def test_handoff_input_that_breaks_the_schema_is_a_model_behavior_error(
    load_example: LoadExample,
) -> None:
    from agentkit.testing import FunctionModel, function_call

    example = load_example("handoffs_inputs")
    bad = FunctionModel(
        lambda call: [function_call("transfer_to_escalation_agent", {"why": 1}, call_id="c1")]
    )
    with pytest.raises(ModelBehaviorError):
        asyncio.run(Runner.run(example.triage_agent.clone(model=bad), "Manager, now!"))


def test_input_filter_hides_tool_history_from_the_next_agent(
    load_example: LoadExample, capsys: pytest.CaptureFixture[str]
) -> None:
    example = load_example("handoffs_input_filter")
    run_main(example)

    assert capsys.readouterr().out == ("FAQ: our opening hours are 9-5. (I was given: message)\n")
    _, handoff_call, faq_call = example.MODEL.calls
    # The triage agent saw its tool round trip; the FAQ agent sees only the user's question.
    assert [item.get("type") for item in handoff_call.input] == [
        None,
        "function_call",
        "function_call_output",
    ]
    assert faq_call.input == [{"role": "user", "content": "What are your opening hours?"}]


def test_input_filter_run_items_match_upstream(load_example: LoadExample) -> None:
    example = load_example("handoffs_input_filter")
    result = asyncio.run(Runner.run(example.triage_agent, "Opening hours?"))

    # As in openai-agents 0.24: the filter's `new_items` (handoff items stripped) become the
    # run's items, while the pre-handoff tool round trip is kept.
    assert [type(item) for item in result.new_items] == [
        ToolCallItem,
        ToolCallOutputItem,
        MessageOutputItem,
    ]
    assert result.last_agent is example.agent


def test_recommended_prompt_prefix_reaches_the_model(
    load_example: LoadExample, capsys: pytest.CaptureFixture[str]
) -> None:
    example = load_example("handoffs_recommended_prompt")
    run_main(example)

    assert capsys.readouterr().out == (
        "Your invoice is attached. (handoff preamble received: True)\n"
    )
    (call,) = example.billing_agent.model.calls
    assert call.system_instructions.startswith(RECOMMENDED_PROMPT_PREFIX)
    assert call.system_instructions.endswith(
        "You answer billing questions for a small online shop."
    )
