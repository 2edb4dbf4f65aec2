"""The agents-as-tools programs run offline and behave as the tools guide says."""

from __future__ import annotations

import asyncio

import pytest
from examples_support import LoadExample, run_main

from agentkit import Runner
from agentkit.items import MessageOutputItem, ToolCallItem, ToolCallOutputItem


def test_orchestrator_calls_the_translator_and_keeps_control(
    load_example: LoadExample, capsys: pytest.CaptureFixture[str]
) -> None:
    example = load_example("agents_as_tools_translation")
    run_main(example)

    assert capsys.readouterr().out == "In Spanish: Hola, ¿cómo estás?\n"
    first, nested, last = example.MODEL.calls
    assert [tool.name for tool in first.tools] == ["translate_to_spanish", "translate_to_french"]
    assert first.tools[0].description == "Translate the user's message to Spanish"
    assert first.tools[0].params_json_schema["required"] == ["input"]
    # The sub-agent gets only the generated input, not the conversation.
    assert nested.system_instructions == "You translate the user's message to Spanish"
    assert nested.input == [{"role": "user", "content": "Hello, how are you?"}]
    # The orchestrator, not the translator, produces the final answer.
    assert last.system_instructions.startswith("You are a translation agent.")


def test_orchestrator_run_items(load_example: LoadExample) -> None:
    example = load_example("agents_as_tools_translation")
    result = asyncio.run(Runner.run(example.orchestrator_agent, "Spanish please"))

    assert [type(item) for item in result.new_items] == [
        ToolCallItem,
        ToolCallOutputItem,
        MessageOutputItem,
    ]
    assert result.new_items[1].output == "Hola, ¿cómo estás?"
    assert result.last_agent is example.orchestrator_agent


def test_conditional_tools_follow_the_context(
    load_example: LoadExample, capsys: pytest.CaptureFixture[str]
) -> None:
    example = load_example("agents_as_tools_conditional")
    run_main(example)

    assert capsys.readouterr().out == "¡Estoy muy bien, gracias! / Je vais très bien, merci !\n"
    offered = [tool.name for tool in example.MODEL.calls[0].tools]
    assert offered == ["respond_spanish", "respond_french"]


def test_disabled_tool_is_hidden_from_the_model(load_example: LoadExample) -> None:
    example = load_example("agents_as_tools_conditional")
    context = example.LanguageContext(language_preference="spanish_only")
    result = asyncio.run(Runner.run(example.orchestrator, "How are you?", context=context))

    assert result.final_output == "¡Estoy muy bien, gracias!"
    assert [tool.name for tool in example.MODEL.calls[0].tools] == ["respond_spanish"]


def test_custom_output_extractor_returns_the_json_payload(
    load_example: LoadExample, capsys: pytest.CaptureFixture[str]
) -> None:
    example = load_example("agents_as_tools_output_extractor")
    run_main(example)

    assert capsys.readouterr().out == "Order A-17 has status shipped.\n"
    manager_last = example.MODEL.calls[-1]
    outputs = [i["output"] for i in manager_last.input if i.get("type") == "function_call_output"]
    # The manager got the data agent's tool JSON, not its prose answer.
    assert outputs == ['{"id": "A-17", "status": "shipped", "items": 2}']


def test_nested_stream_events_reach_on_stream_in_order(
    load_example: LoadExample, capsys: pytest.CaptureFixture[str]
) -> None:
    example = load_example("agents_as_tools_streaming")
    run_main(example)

    lines = capsys.readouterr().out.splitlines()
    assert lines[-1] == "Billing says: Your next invoice is due on the 1st: $20."
    kinds = [line.removeprefix("[stream] Billing agent :: ") for line in lines[:-1]]
    # The same events, in the same order, as openai-agents 0.24 delivers for a one-message run.
    assert kinds == [
        "agent_updated_stream_event",
        *["raw_response_event"] * 9,
        "run_item_stream_event",
    ]
    support_call, billing_call, _ = example.MODEL.calls
    assert billing_call.streamed is True  # on_stream runs the nested agent streamed
    assert support_call.streamed is False
