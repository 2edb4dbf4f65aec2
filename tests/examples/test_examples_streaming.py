"""The streaming guide's programs run offline and stream events as the guide says."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from examples_support import LoadExample, run_main

from agentkit import Runner


def test_text_deltas_print_the_answer_token_by_token(
    load_example: LoadExample, capsys: pytest.CaptureFixture[str]
) -> None:
    example = load_example("streaming_text_deltas")
    run_main(example)

    assert capsys.readouterr().out == example.JOKES
    (call,) = example.MODEL.calls
    assert call.streamed is True
    assert call.input == [{"role": "user", "content": "Please tell me 5 jokes."}]


def test_text_deltas_arrive_as_many_raw_events(load_example: LoadExample) -> None:
    example = load_example("streaming_text_deltas")
    from agentkit import Agent
    from agentkit.types.responses import ResponseTextDeltaEvent

    async def collect() -> list[Any]:
        agent = Agent(
            name="Joker", instructions="You are a helpful assistant.", model=example.MODEL
        )
        result = Runner.run_streamed(agent, input="Please tell me 5 jokes.")
        return [event async for event in result.stream_events()]

    events = asyncio.run(collect())
    deltas = [
        e.data.delta
        for e in events
        if e.type == "raw_response_event" and isinstance(e.data, ResponseTextDeltaEvent)
    ]
    assert len(deltas) > 10
    assert "".join(deltas) == example.JOKES
    assert events[-1].type == "run_item_stream_event"
    assert events[-1].name == "message_output_created"


def test_function_call_arguments_stream_before_the_tool_runs(
    load_example: LoadExample, capsys: pytest.CaptureFixture[str]
) -> None:
    example = load_example("streaming_function_call_arguments")
    run_main(example)

    assert capsys.readouterr().out.splitlines() == [
        "📞 Function call streaming started: write_file()",
        "📝 Arguments building...",
        '   + {"filename": "   + hello.py", "content": "   + print(\'Hello, World!\')"}',
        "✅ Function call streaming completed: write_file",
        '🔧 Final arguments: {"filename": "hello.py", "content": "print(\'Hello, World!\')"}',
        "",
        "🎉 Result: Created hello.py, which prints 'Hello, World!'.",
    ]


def test_run_item_events_report_progress_in_order(
    load_example: LoadExample, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    example = load_example("streaming_run_item_events")
    monkeypatch.setattr(example.random, "randint", lambda low, high: 3)
    run_main(example)

    assert capsys.readouterr().out.splitlines() == [
        "=== Run starting ===",
        "Agent updated: Joker",
        "-- Tool was called",
        "-- Tool output: 3",
        "-- Message output:",
        " Joke 1: why did the tool call cross the road?",
        "Joke 2: why did the tool call cross the road?",
        "Joke 3: why did the tool call cross the road?",
        "=== Run complete ===",
    ]


def test_run_item_event_names(load_example: LoadExample) -> None:
    example = load_example("streaming_run_item_events")
    from agentkit import Agent

    async def collect() -> list[str]:
        agent = Agent(name="Joker", tools=[example.how_many_jokes], model=example.MODEL)
        result = Runner.run_streamed(agent, input="Hello")
        names = [
            getattr(event, "name", event.type)
            async for event in result.stream_events()
            if event.type != "raw_response_event"
        ]
        assert result.is_complete
        return names

    assert asyncio.run(collect()) == [
        "agent_updated_stream_event",
        "tool_called",
        "tool_output",
        "message_output_created",
    ]
