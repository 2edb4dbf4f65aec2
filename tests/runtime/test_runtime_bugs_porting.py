"""Issue 17 / issue 12 item 8: small runtime differences a ported program meets, compared with
openai-agents 0.24 (`/opt/ref/bin/python`): `max_turns` of 0 or below, and `str(result)`."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel

from agentkit.agent import Agent
from agentkit.exceptions import MaxTurnsExceeded, UserError
from agentkit.run import Runner
from agentkit.testing import ScriptedModel, assistant_message

# What openai-agents 0.24 prints for the same run (captured with /opt/ref/bin/python).
UPSTREAM_STR = """RunResult:
- Last agent: Agent(name="a", ...)
- Final output (str):
    line one
    line two
- 1 new item(s)
- 1 raw response(s)
- 0 input guardrail result(s)
- 0 output guardrail result(s)
(See `RunResult` for more details)"""


@pytest.mark.parametrize("max_turns", [0, -1])
@pytest.mark.parametrize("stream", [False, True])
async def test_max_turns_zero_or_negative_is_max_turns_exceeded(
    max_turns: int, stream: bool
) -> None:
    model = ScriptedModel([])  # any model call would raise UnexpectedModelCall
    agent = Agent(name="a", model=model)
    # Before the fix: UserError at once; upstream raises MaxTurnsExceeded("Max turns (0) exceeded").
    with pytest.raises(MaxTurnsExceeded, match=rf"Max turns \({max_turns}\) exceeded"):
        if stream:
            result = Runner.run_streamed(agent, "x", max_turns=max_turns)
            async for _ in result.stream_events():
                pass
        else:
            await Runner.run(agent, "x", max_turns=max_turns)


async def test_max_turns_zero_goes_to_the_error_handler() -> None:
    agent = Agent(name="a", model=ScriptedModel([]))

    def handler(data: Any) -> str:
        return "handled"

    result = await Runner.run(agent, "x", max_turns=0, error_handlers={"max_turns": handler})
    assert result.final_output == "handled"


@pytest.mark.parametrize("bad", [1.5, "3"])
async def test_non_integer_max_turns_is_a_user_error(bad: Any) -> None:
    with pytest.raises(UserError, match="max_turns must be an integer or None"):
        await Runner.run(Agent(name="a", model=ScriptedModel([])), "x", max_turns=bad)


async def test_str_of_a_result_matches_upstream() -> None:
    agent = Agent(name="a", model=ScriptedModel([[assistant_message("line one\r\nline two")]]))
    result = await Runner.run(agent, "x")
    # Before the fix the output was indented by 2 spaces (upstream: 4).
    assert str(result) == UPSTREAM_STR


async def test_str_escapes_terminal_controls_and_indents_models() -> None:
    class Out(BaseModel):
        text: str

    agent = Agent(
        name="a", output_type=Out, model=ScriptedModel([[assistant_message('{"text": "x"}')]])
    )
    result = await Runner.run(agent, "x")
    assert '- Final output (Out):\n    {\n      "text": "x"\n    }' in str(result)
    evil = Agent(
        name="a", model=ScriptedModel([[assistant_message("red \x1b[31m bell \x07 c1 \x9b")]])
    )
    text = str(await Runner.run(evil, "x"))
    assert "red \\x1b[31m bell \\x07 c1 \\x9b" in text
    assert "\x1b" not in text and "\x07" not in text
