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
