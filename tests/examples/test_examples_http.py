"""The guide programs, unchanged, over real HTTP: OPENAI_API_KEY set (a dummy) and OPENAI_BASE_URL
pointing at the loopback OpenAI server, whose fixture fails the test on any request that breaks the
OpenAPI schema or any queued answer left unused."""

from __future__ import annotations

import json
from typing import Any

import pytest
from examples_support import LoadExample, run_main

from tests.openai_server import CallbackReply, OpenAIServer
from tests.openai_server import builders as b


def _tool_outputs(request: Any) -> list[Any]:
    return [i for i in request.json["input"] if i.get("type") == "function_call_output"]


def test_quickstart_first_run(
    load_example_online: LoadExample,
    openai_server: OpenAIServer,
    capsys: pytest.CaptureFixture[str],
) -> None:
    openai_server.queue(b.response_text("The Western Roman Empire fell in 476 AD."))
    run_main(load_example_online("quickstart_first_run"))

    out, err = capsys.readouterr()
    assert out == "The Western Roman Empire fell in 476 AD.\n"
    assert "OPENAI_API_KEY is not set" not in err
    request = openai_server.last_request
    assert request.path == "/v1/responses"
    assert request.headers["authorization"] == "Bearer sk-example-dummy"
    assert request.json["model"] == "gpt-4.1"
    assert request.json["instructions"] == "You answer history questions clearly and concisely."
    assert request.json["input"] == [{"role": "user", "content": "When did the Roman Empire fall?"}]


def test_quickstart_tools(
    load_example_online: LoadExample,
    openai_server: OpenAIServer,
    capsys: pytest.CaptureFixture[str],
) -> None:
    openai_server.queue(b.response_function_call("history_fun_fact", {}, call_id="call_f1"))
    openai_server.queue(b.response_text("Sharks are older than trees!"))
    run_main(load_example_online("quickstart_tools"))

    assert capsys.readouterr().out == "Sharks are older than trees!\n"
    first, second = openai_server.requests_to("/responses")
    (tool,) = first.json["tools"]
    assert tool["type"] == "function"
    assert tool["name"] == "history_fun_fact"
    assert tool["description"] == "Return a short history fact."
    assert tool["strict"] is True
    assert _tool_outputs(second) == [
        {
            "call_id": "call_f1",
            "output": "Sharks are older than trees.",
            "type": "function_call_output",
        }
    ]


def test_quickstart_handoffs(
    load_example_online: LoadExample,
    openai_server: OpenAIServer,
    capsys: pytest.CaptureFixture[str],
) -> None:
    openai_server.queue(b.response_function_call("transfer_to_history_tutor", call_id="call_h1"))
    openai_server.queue(b.response_text("George Washington."))
    run_main(load_example_online("quickstart_handoffs"))

    assert capsys.readouterr().out.splitlines() == [
        "George Washington.",
        "Answered by: History Tutor",
    ]
    triage, tutor = openai_server.requests_to("/responses")
    assert [t["name"] for t in triage.json["tools"]] == [
        "transfer_to_history_tutor",
        "transfer_to_math_tutor",
    ]
    assert tutor.json["instructions"] == "You answer history questions clearly and concisely."
    assert "tools" not in tutor.json or tutor.json["tools"] == []
    assert _tool_outputs(tutor)[0]["output"] == json.dumps({"assistant": "History Tutor"})


def test_handoff_inputs(
    load_example_online: LoadExample,
    openai_server: OpenAIServer,
    capsys: pytest.CaptureFixture[str],
) -> None:
    openai_server.queue(
        b.response_function_call(
            "transfer_to_escalation_agent", {"reason": "Double charge"}, call_id="call_e1"
        )
    )
    openai_server.queue(b.response_text("Escalated."))
    run_main(load_example_online("handoffs_inputs"))

    assert capsys.readouterr().out.splitlines() == [
        "Escalation agent called with reason: Double charge",
        "Escalated.",
    ]
    (tool,) = openai_server.requests_to("/responses")[0].json["tools"]
    assert tool["parameters"]["properties"]["reason"]["type"] == "string"


def test_structured_output(
    load_example_online: LoadExample,
    openai_server: OpenAIServer,
    capsys: pytest.CaptureFixture[str],
) -> None:
    event = {"name": "Science fair", "date": "Friday", "participants": ["Alice", "Bob"]}
    openai_server.queue(b.response_text(json.dumps(event)))
    run_main(load_example_online("structured_output_calendar_event"))

    assert capsys.readouterr().out == (
        "name='Science fair' date='Friday' participants=['Alice', 'Bob']\n"
    )
    text_format = openai_server.last_request.json["text"]["format"]
    assert text_format["type"] == "json_schema"
    assert text_format["strict"] is True
    assert text_format["schema"]["additionalProperties"] is False


def test_dynamic_instructions_and_context(
    load_example_online: LoadExample,
    openai_server: OpenAIServer,
    capsys: pytest.CaptureFixture[str],
) -> None:
    openai_server.queue(b.response_text("Hi Alice!"))
    run_main(load_example_online("dynamic_instructions"))
    assert capsys.readouterr().out == "Hi Alice!\n"
    assert openai_server.last_request.json["instructions"] == (
        "The user's name is Alice. Help them with their questions."
    )

    openai_server.queue(b.response_function_call("fetch_user_age", call_id="call_a1"))
    openai_server.queue(b.response_text("The user John is 47 years old."))
    run_main(load_example_online("context_local"))
    assert capsys.readouterr().out == "The user John is 47 years old.\n"
    assert _tool_outputs(openai_server.last_request)[0]["output"] == "User John is 47 years old"


def test_input_guardrail(
    load_example_online: LoadExample,
    openai_server: OpenAIServer,
    capsys: pytest.CaptureFixture[str],
) -> None:
    def answer(request: Any) -> Any:
        if "text" in request.json:  # the guardrail agent's structured output request
            verdict = {"is_math_homework": True, "reasoning": "An equation to solve."}
            return b.response_text(json.dumps(verdict))
        return b.response_text("Happy to help!")

    # The support agent's call runs in parallel with the guardrail and may be cancelled early.
    openai_server.queue(CallbackReply(handler=answer, times=None))
    run_main(load_example_online("guardrails_input"))

    assert capsys.readouterr().out == "Math homework guardrail tripped\n"


def test_tool_guardrails(
    load_example_online: LoadExample,
    openai_server: OpenAIServer,
    capsys: pytest.CaptureFixture[str],
) -> None:
    openai_server.queue(
        b.response_function_call("classify_text", {"text": "sk-secret"}, call_id="call_c1")
    )
    openai_server.queue(b.response_text("I can't classify secrets."))
    run_main(load_example_online("guardrails_tool"))

    assert capsys.readouterr().out == "I can't classify secrets.\n"
    assert _tool_outputs(openai_server.last_request)[0]["output"] == (
        "Remove secrets before calling this tool."
    )


def test_agents_as_tools(
    load_example_online: LoadExample,
    openai_server: OpenAIServer,
    capsys: pytest.CaptureFixture[str],
) -> None:
    openai_server.queue(
        b.response_function_call(
            "translate_to_spanish", {"input": "Hello, how are you?"}, call_id="call_t1"
        )
    )
    openai_server.queue(b.response_text("Hola, ¿cómo estás?"))
    openai_server.queue(b.response_text("In Spanish: Hola, ¿cómo estás?"))
    run_main(load_example_online("agents_as_tools_translation"))

    assert capsys.readouterr().out == "In Spanish: Hola, ¿cómo estás?\n"
    outer, nested, last = openai_server.requests_to("/responses")
    assert [t["name"] for t in outer.json["tools"]] == [
        "translate_to_spanish",
        "translate_to_french",
    ]
    assert nested.json["instructions"] == "You translate the user's message to Spanish"
    assert nested.json["input"] == [{"role": "user", "content": "Hello, how are you?"}]
    assert _tool_outputs(last)[0]["output"] == "Hola, ¿cómo estás?"


def test_streaming_text_deltas(
    load_example_online: LoadExample,
    openai_server: OpenAIServer,
    capsys: pytest.CaptureFixture[str],
) -> None:
    jokes = "1. Knock knock.\n2. Who's there?\n3. Interrupting cow.\n4. Interrupting c-\n5. MOO!"
    openai_server.queue(b.stream_response_text(jokes, deltas=12))
    run_main(load_example_online("streaming_text_deltas"))

    assert capsys.readouterr().out == jokes
    assert openai_server.last_request.json["stream"] is True


def test_streaming_function_call_arguments(
    load_example_online: LoadExample,
    openai_server: OpenAIServer,
    capsys: pytest.CaptureFixture[str],
) -> None:
    arguments = '{"filename": "hello.py", "content": "print(\'Hello, World!\')"}'
    pieces = ['{"filename": "', 'hello.py", "content": "', "print('Hello, World!')\"}"]
    openai_server.queue(
        b.stream_response_function_call("write_file", arguments, call_id="call_w1", deltas=pieces)
    )
    openai_server.queue(b.stream_response_text("Done: hello.py"))
    run_main(load_example_online("streaming_function_call_arguments"))

    assert capsys.readouterr().out.splitlines() == [
        "📞 Function call streaming started: write_file()",
        "📝 Arguments building...",
        '   + {"filename": "   + hello.py", "content": "   + print(\'Hello, World!\')"}',
        "✅ Function call streaming completed: write_file",
        f"🔧 Final arguments: {arguments}",
        "",
        "🎉 Result: Done: hello.py",
    ]
    assert _tool_outputs(openai_server.last_request)[0]["output"] == (
        "File hello.py written successfully"
    )


def test_streaming_run_item_events(
    load_example_online: LoadExample,
    openai_server: OpenAIServer,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    openai_server.queue(b.stream_response_function_call("how_many_jokes", call_id="call_j1"))
    openai_server.queue(b.stream_response_text("Joke one.\nJoke two."))
    example = load_example_online("streaming_run_item_events")
    monkeypatch.setattr(example.random, "randint", lambda low, high: 2)
    run_main(example)

    assert capsys.readouterr().out.splitlines() == [
        "=== Run starting ===",
        "Agent updated: Joker",
        "-- Tool was called",
        "-- Tool output: 2",
        "-- Message output:",
        " Joke one.",
        "Joke two.",
        "=== Run complete ===",
    ]


def test_chat_completions_switch(
    load_example_online: LoadExample,
    openai_server: OpenAIServer,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from agentkit import set_default_openai_api

    openai_server.queue(
        b.chat_tool_calls(b.chat_tool_call("get_weather", {"city": "Oslo"}, id="call_c1"))
    )
    openai_server.queue(b.chat_text("Snowy in Oslo."))
    try:
        run_main(load_example_online("config_chat_completions"))
    finally:
        set_default_openai_api("responses")

    assert capsys.readouterr().out == "Snowy in Oslo.\n"
    first, second = openai_server.requests_to("/chat/completions")
    assert first.json["messages"][0] == {
        "role": "system",
        "content": "Use get_weather for weather questions.",
    }
    assert first.json["tools"][0]["function"]["name"] == "get_weather"
    assert second.json["messages"][-1] == {
        "role": "tool",
        "tool_call_id": "call_c1",
        "content": "The weather in Oslo is snowy",
    }
    assert openai_server.requests_to("/responses") == []


def test_previous_response_id(
    load_example_online: LoadExample,
    openai_server: OpenAIServer,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lines = iter(["Hello", "And again"])

    def fake_input(prompt: str = "") -> str:
        try:
            return next(lines)
        except StopIteration:
            raise EOFError from None

    monkeypatch.setattr("builtins.input", fake_input)
    openai_server.queue(b.response_text("Hi!", id="resp_first"))
    openai_server.queue(b.response_text("Hi again!", id="resp_second"))
    run_main(load_example_online("running_agents_previous_response_id"))

    assert capsys.readouterr().out.splitlines() == ["Assistant: Hi!", "Assistant: Hi again!"]
    first, second = openai_server.requests_to("/responses")
    assert "previous_response_id" not in first.json
    assert second.json["previous_response_id"] == "resp_first"
    assert second.json["input"] == [{"role": "user", "content": "And again"}]


def test_sessions(
    load_example_online: LoadExample,
    openai_server: OpenAIServer,
    capsys: pytest.CaptureFixture[str],
) -> None:
    openai_server.queue(b.response_text("San Francisco"))
    openai_server.queue(b.response_text("California"))
    run_main(load_example_online("running_agents_sessions"))

    assert capsys.readouterr().out.splitlines() == ["San Francisco", "California"]
    second = openai_server.last_request
    assert [item.get("role") for item in second.json["input"]] == ["user", "assistant", "user"]


def test_usage_from_the_api(
    load_example_online: LoadExample,
    openai_server: OpenAIServer,
    capsys: pytest.CaptureFixture[str],
) -> None:
    openai_server.queue(
        b.response_function_call(
            "get_weather", {"city": "Tokyo"}, call_id="call_u1", usage=b.usage(40, 8)
        )
    )
    openai_server.queue(b.response_text("Sunny in Tokyo.", usage=b.usage(60, 12)))
    run_main(load_example_online("usage_tracking"))

    assert capsys.readouterr().out.splitlines() == [
        "Weather Agent → 2 requests, 120 total tokens",
        "Requests: 2",
        "Input tokens: 100",
        "Output tokens: 20",
        "Total tokens: 120",
        "Request 1: 40 in, 8 out",
        "Request 2: 60 in, 12 out",
    ]


def test_forced_tool_choice_on_the_wire(
    load_example_online: LoadExample,
    openai_server: OpenAIServer,
) -> None:
    import asyncio

    from agentkit import Runner

    openai_server.queue(b.response_function_call("get_weather", {"city": "Tokyo"}))
    openai_server.queue(b.response_text("Sunny."))
    example = load_example_online("agents_tool_use_behavior")
    result = asyncio.run(Runner.run(example.forced_agent, "Weather in Tokyo?"))

    assert result.final_output == "Sunny."
    first, second = openai_server.requests_to("/responses")
    assert first.json["tool_choice"] == {"type": "function", "name": "get_weather"}
    assert second.json.get("tool_choice") in (None, "auto")


def test_output_guardrail(
    load_example_online: LoadExample,
    openai_server: OpenAIServer,
    capsys: pytest.CaptureFixture[str],
) -> None:
    openai_server.queue(b.response_text(json.dumps({"response": "x = 4"})))
    openai_server.queue(
        b.response_text(json.dumps({"reasoning": "Solves for x.", "is_math": True}))
    )
    run_main(load_example_online("guardrails_output"))

    assert capsys.readouterr().out == "Math output guardrail tripped\n"
    support, guardrail = openai_server.requests_to("/responses")
    assert support.json["text"]["format"]["name"] == "final_output"
    assert guardrail.json["input"] == [{"role": "user", "content": "x = 4"}]


def test_nested_agent_streams_over_sse(
    load_example_online: LoadExample,
    openai_server: OpenAIServer,
    capsys: pytest.CaptureFixture[str],
) -> None:
    openai_server.queue(
        b.response_function_call(
            "billing_helper", {"input": "When is my invoice due?"}, call_id="call_b1"
        )
    )
    openai_server.queue(b.stream_response_text("Due on the 1st.", deltas=3))
    openai_server.queue(b.response_text("Billing says: due on the 1st."))
    run_main(load_example_online("agents_as_tools_streaming"))

    lines = capsys.readouterr().out.splitlines()
    assert lines[-1] == "Billing says: due on the 1st."
    assert lines[0] == "[stream] Billing agent :: agent_updated_stream_event"
    assert lines[-2] == "[stream] Billing agent :: run_item_stream_event"
    assert lines.count("[stream] Billing agent :: raw_response_event") >= 3
    outer, nested, _ = openai_server.requests_to("/responses")
    assert nested.json["stream"] is True
    assert outer.json.get("stream") in (None, False)
