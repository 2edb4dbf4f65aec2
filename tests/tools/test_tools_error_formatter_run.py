"""RunConfig.tool_error_formatter rewords a failing function tool's message in a real run."""

from __future__ import annotations

from typing import Any

import pytest

from agentkit.agent import Agent
from agentkit.run import Runner
from agentkit.run_config import RunConfig, ToolErrorFormatterArgs
from agentkit.testing import ScriptedModel, assistant_message, function_call
from agentkit.tool import default_tool_error_function, function_tool


def _boom(city: str) -> str:
    raise ValueError(f"secret detail for {city}")


def _tool_output(model: ScriptedModel) -> Any:
    second = model.calls[1].input
    outputs = [i for i in second if isinstance(i, dict) and i.get("type") == "function_call_output"]
    assert len(outputs) == 1
    return outputs[0]["output"]


@pytest.mark.parametrize("stream", [False, True], ids=["run", "streamed"])
async def test_formatter_rewords_tool_exception(stream: bool) -> None:
    seen: list[ToolErrorFormatterArgs[Any]] = []

    def formatter(args: ToolErrorFormatterArgs[Any]) -> str:
        seen.append(args)
        return f"{args.tool_name} failed ({type(args.error).__name__})"

    model = ScriptedModel(
        [
            [function_call("boom", {"city": "Paris"}, call_id="call_1")],
            [assistant_message("sorry")],
        ]
    )
    agent = Agent(name="a", model=model, tools=[function_tool(_boom, name_override="boom")])
    config = RunConfig(tool_error_formatter=formatter)
    if stream:
        result = Runner.run_streamed(agent, "go", run_config=config)
        async for _ in result.stream_events():
            pass
    else:
        result = await Runner.run(agent, "go", run_config=config)
    assert result.final_output == "sorry"
    assert _tool_output(model) == "boom failed (ValueError)"
    [args] = seen
    assert (args.kind, args.tool_type, args.tool_name, args.call_id) == (
        "tool_exception",
        "function",
        "boom",
        "call_1",
    )
    assert args.default_message == default_tool_error_function(args.run_context, ValueError())
    assert isinstance(args.error, ValueError)


async def test_formatter_failure_or_none_keeps_default_message() -> None:
    calls: list[str] = []

    def formatter(args: ToolErrorFormatterArgs[Any]) -> str | None:
        calls.append(args.call_id)
        if args.call_id == "call_1":
            raise RuntimeError("formatter broke")
        return None

    model = ScriptedModel(
        [
            [function_call("boom", {"city": "Paris"}, call_id="call_1")],
            [function_call("boom", {"city": "Rome"}, call_id="call_2")],
            [assistant_message("sorry")],
        ]
    )
    agent = Agent(name="a", model=model, tools=[function_tool(_boom, name_override="boom")])
    await Runner.run(agent, "go", run_config=RunConfig(tool_error_formatter=formatter))
    default = default_tool_error_function(None, ValueError())  # type: ignore[arg-type]
    for index in (1, 2):
        outputs = [
            i["output"]
            for i in model.calls[index].input
            if isinstance(i, dict) and i.get("type") == "function_call_output"
        ]
        assert outputs[-1] == default
    assert calls == ["call_1", "call_2"]


async def test_own_failure_error_function_is_not_reworded() -> None:
    model = ScriptedModel(
        [
            [function_call("boom", {"city": "Paris"}, call_id="call_1")],
            [assistant_message("sorry")],
        ]
    )
    tool = function_tool(
        _boom, name_override="boom", failure_error_function=lambda ctx, e: "my message"
    )
    agent = Agent(name="a", model=model, tools=[tool])
    config = RunConfig(tool_error_formatter=lambda args: "formatted")
    await Runner.run(agent, "go", run_config=config)
    assert _tool_output(model) == "my message"
