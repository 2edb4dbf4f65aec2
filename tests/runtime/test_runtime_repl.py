from __future__ import annotations

import io

import pytest
from runtime_helpers import assistant_message, function_call

from agentkit import __main__ as cli
from agentkit.agent import Agent
from agentkit.repl import run_demo_loop
from agentkit.testing import ScriptedModel
from agentkit.tool import function_tool


def feed(monkeypatch: pytest.MonkeyPatch, lines: list[str]) -> None:
    it = iter(lines)

    def fake_input(prompt: str = "") -> str:
        try:
            return next(it)
        except StopIteration:
            raise EOFError from None

    monkeypatch.setattr("builtins.input", fake_input)


@function_tool
def now() -> str:
    """Time."""
    return "noon"


async def test_demo_loop_streams_and_keeps_history(monkeypatch: pytest.MonkeyPatch) -> None:
    model = ScriptedModel(
        [
            [function_call("now", "{}", call_id="c")],
            [assistant_message("It is noon")],
            [assistant_message("Bye")],
        ]
    )
    feed(monkeypatch, ["what time?", "", "thanks", "exit", "never read"])
    out = io.StringIO()
    await run_demo_loop(Agent(name="a", model=model, tools=[now]), output=out)
    text = out.getvalue()
    assert "[Agent updated: a]" in text and "[tool called]" in text
    assert "[tool output: noon]" in text and "It is noon" in text and "Bye" in text
    last_input = model.calls[-1].input
    assert last_input[0] == {"role": "user", "content": "what time?"}
    assert last_input[-1] == {"role": "user", "content": "thanks"}


async def test_demo_loop_without_streaming(monkeypatch: pytest.MonkeyPatch) -> None:
    model = ScriptedModel([[assistant_message("plain answer")]])
    feed(monkeypatch, ["hi"])
    out = io.StringIO()
    await run_demo_loop(Agent(name="a", model=model), stream=False, output=out)
    assert "plain answer" in out.getvalue()


def test_cli_runs_loop_until_exit(monkeypatch: pytest.MonkeyPatch) -> None:
    feed(monkeypatch, ["exit"])
    assert (
        cli.main(["--model", "gpt-test", "--name", "Bot", "--no-stream", "--max-turns", "3"]) == 0
    )
    with pytest.raises(SystemExit):
        cli.main(["--max-turns", "0"])


@pytest.mark.parametrize("stream", [True, False], ids=["streamed", "plain"])
async def test_demo_loop_survives_a_model_error_and_keeps_the_conversation(
    monkeypatch: pytest.MonkeyPatch, stream: bool
) -> None:
    """Before: the server's error ended the loop with a traceback (issue 17)."""
    from agentkit.client import AsyncOpenAI
    from agentkit.models.openai_responses import OpenAIResponsesModel
    from tests.openai_server import OpenAIServer
    from tests.openai_server import builders as b

    with OpenAIServer() as server:
        server.allow_failures = True
        reply = b.stream_response_text if stream else b.response_text
        server.queue(reply("first answer"), path="/responses")
        # A response the types cannot parse (output is not a list): a validation error.
        broken = b.response_stream_events([b.message_item("x")]) if stream else None
        if stream:
            assert broken is not None
            broken[0]["response"]["output"] = "not a list"
            server.queue_sse(broken, path="/responses")
        else:
            server.queue_json(
                {"id": "r", "object": "response", "output": "nope"}, path="/responses"
            )
        server.queue_error(500, path="/responses")
        server.queue(reply("third answer"), path="/responses")
        client = AsyncOpenAI(api_key="sk-test", base_url=server.base_url, max_retries=0)
        agent = Agent(name="a", model=OpenAIResponsesModel("m", client))
        feed(monkeypatch, ["one", "two", "three", "four", "exit"])
        out = io.StringIO()
        await run_demo_loop(agent, stream=stream, output=out)
        bodies = [request.json for request in server.requests_to("/responses")]
    text = out.getvalue()
    errors = [line for line in text.splitlines() if line.startswith("[error]")]
    assert len(errors) == 2
    assert all("Traceback" not in line and len(line) < 500 for line in errors)
    assert "InternalServerError" in errors[1]
    assert "first answer" in text and "third answer" in text
    # The failed turns left no trace; the conversation before them went with the next message.
    last = bodies[-1]["input"]
    assert [item.get("content") for item in last if item.get("role") == "user"] == ["one", "four"]
    assert "first answer" in str(last)


async def test_demo_loop_survives_a_call_of_an_unknown_tool(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    model = ScriptedModel(
        [[function_call("missing_tool", "{}", call_id="c")], [assistant_message("recovered")]]
    )
    feed(monkeypatch, ["use a tool", "again", "exit"])
    out = io.StringIO()
    await run_demo_loop(Agent(name="a", model=model, tools=[now]), output=out)
    text = out.getvalue()
    (error,) = [line for line in text.splitlines() if line.startswith("[error]")]
    assert error.startswith("[error] ModelBehaviorError: ") and "missing_tool" in error
    assert "recovered" in text
    assert model.calls[-1].input == [{"role": "user", "content": "again"}]
