"""The running agents, sessions, tracing and usage programs run offline as documented."""

from __future__ import annotations

import asyncio
import builtins
from collections.abc import Iterator

import pytest
from examples_support import LoadExample, TraceRecorder, run_main


def test_basic_run_prints_the_haiku(
    load_example: LoadExample, capsys: pytest.CaptureFixture[str]
) -> None:
    example = load_example("running_agents_basic")
    run_main(example)

    assert capsys.readouterr().out == example.HAIKU + "\n"


def test_manual_conversation_sends_the_first_turn_back(
    load_example: LoadExample, capsys: pytest.CaptureFixture[str], traces: TraceRecorder
) -> None:
    example = load_example("running_agents_manual_conversation")
    run_main(example)

    assert capsys.readouterr().out.splitlines() == ["San Francisco", "California"]
    _, second = example.MODEL.calls
    assert [item.get("role") for item in second.input] == ["user", "assistant", "user"]
    assert second.input[0] == {"role": "user", "content": "What city is the Golden Gate Bridge in?"}
    assert second.input[-1] == {"role": "user", "content": "What state is it in?"}
    # Both runs joined the one "Conversation" trace instead of opening their own.
    (conversation,) = traces.traces
    assert conversation.name == "Conversation"
    assert conversation.export()["group_id"] == "thread_123"
    agent_spans = [s for s in traces.spans if s.span_data.type == "agent"]
    assert len(agent_spans) == 2
    assert {s.trace_id for s in agent_spans} == {conversation.trace_id}


def test_session_supplies_the_history(
    load_example: LoadExample, capsys: pytest.CaptureFixture[str], traces: TraceRecorder
) -> None:
    example = load_example("running_agents_sessions")
    run_main(example)

    assert capsys.readouterr().out.splitlines() == ["San Francisco", "California"]
    _, second = example.MODEL.calls
    assert [item.get("role") for item in second.input] == ["user", "assistant", "user"]
    assert [trace.name for trace in traces.traces] == ["Conversation"]


def test_previous_response_id_chains_each_turn(
    load_example: LoadExample,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lines: Iterator[str] = iter(["Hello", "How are you?"])

    def fake_input(prompt: str = "") -> str:
        print(prompt, end="")
        try:
            return next(lines)
        except StopIteration:
            raise EOFError from None

    monkeypatch.setattr(builtins, "input", fake_input)
    example = load_example("running_agents_previous_response_id")
    run_main(example)

    assert capsys.readouterr().out.splitlines() == [
        "You: Assistant: (chained to None) You said: Hello",
        "You: Assistant: (chained to resp_1) You said: How are you?",
        "You: ",
    ]
    first, second = example.MODEL.calls
    # Only the new user turn is sent; the server holds the rest.
    assert first.input == [{"role": "user", "content": "Hello"}]
    assert second.input == [{"role": "user", "content": "How are you?"}]
    assert second.previous_response_id == "resp_1"


def test_call_model_input_filter_and_max_turns_handler(
    load_example: LoadExample, capsys: pytest.CaptureFixture[str]
) -> None:
    example = load_example("running_agents_hooks_and_errors")
    run_main(example)

    assert capsys.readouterr().out.splitlines() == [
        "Quines are programs that print their own source. (I saw 5 items)",
        "I couldn't finish within the turn limit. Please narrow the request.",
    ]
    filtered, *analyst_calls = example.MODEL.calls
    assert filtered.input[-1] == {"role": "user", "content": "Explain quines"}
    assert filtered.system_instructions == "Answer concisely."
    assert len(analyst_calls) == 3  # max_turns=3, then the handler's output


def test_sessions_quickstart_and_pop_item(
    load_example: LoadExample, capsys: pytest.CaptureFixture[str]
) -> None:
    example = load_example("sessions_quickstart")
    run_main(example)

    assert capsys.readouterr().out.splitlines() == [
        "San Francisco",
        "California",
        "Agent: 4",
        'Removed: "What\'s 2 + 2?" and its answer',
        "Agent: 5",
        "Session now holds 2 items",
        "Approximately 39 million",
    ]
    # A loop of our own: asyncio.run() would drop the loop run_sync keeps on this thread.
    loop = asyncio.new_event_loop()
    try:
        items = loop.run_until_complete(example.session.get_items())
    finally:
        loop.close()
    assert [item.get("role") for item in items] == ["user", "assistant"] * 3
    corrected = example.MODEL.calls[-2]
    # The popped turn is gone from the history the model sees.
    assert corrected.input == [{"role": "user", "content": "What's 2 + 3?"}]


def test_higher_level_trace_groups_both_runs(
    load_example: LoadExample, capsys: pytest.CaptureFixture[str], traces: TraceRecorder
) -> None:
    example = load_example("tracing_higher_level_trace")
    run_main(example)

    assert capsys.readouterr().out.splitlines() == [
        "Joke: Why do Python devs wear glasses? Because they can't C.",
        "Rating: 8/10: short, and the pun lands.",
    ]
    (workflow,) = traces.traces
    assert workflow.name == "Joke workflow"
    agent_spans = [s for s in traces.spans if s.span_data.type == "agent"]
    assert [s.span_data.name for s in agent_spans] == ["Joke generator", "Joke generator"]
    assert all(s.trace_id == workflow.trace_id for s in traces.spans)


def test_usage_totals_per_request_and_in_hooks(
    load_example: LoadExample, capsys: pytest.CaptureFixture[str]
) -> None:
    example = load_example("usage_tracking")
    run_main(example)

    assert capsys.readouterr().out.splitlines() == [
        "Weather Agent → 2 requests, 160 total tokens",
        "Requests: 2",
        "Input tokens: 130",
        "Output tokens: 30",
        "Total tokens: 160",
        "Request 1: 50 in, 10 out",
        "Request 2: 80 in, 20 out",
    ]


def test_repl_demo_loop_streams_and_remembers(
    load_example: LoadExample,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lines = iter(["hello", "how are you", "quit"])
    monkeypatch.setattr(builtins, "input", lambda prompt="": next(lines))
    example = load_example("repl_demo_loop")
    run_main(example)

    assert capsys.readouterr().out.splitlines() == [
        "",
        "[Agent updated: Assistant]",
        "You said 'hello'; I remember 0 earlier messages. ",
        "",
        "[Agent updated: Assistant]",
        "You said 'how are you'; I remember 2 earlier messages. ",
    ]
    first, second = example.MODEL.calls
    assert first.streamed and second.streamed
    assert [item.get("role") for item in second.input] == ["user", "assistant", "user"]
