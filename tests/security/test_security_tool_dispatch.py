"""Tool calls from the model are validated before dispatch: unknown, disabled or ill-typed calls
never reach a tool function."""

from __future__ import annotations

from typing import Any

import pytest

from agentkit import Agent, Runner, function_tool
from agentkit.exceptions import ModelBehaviorError
from agentkit.memory import SQLiteSession
from agentkit.run_config import RunConfig
from agentkit.testing import ScriptedModel, assistant_message, function_call

CONFIG = RunConfig(tracing_disabled=True)
calls: list[Any] = []


@function_tool
def transfer(amount: int, to: str) -> str:
    calls.append((amount, to))
    return "sent"


@function_tool(is_enabled=False)
def admin_reset() -> str:
    calls.append("reset")
    return "reset"


@function_tool(is_enabled=lambda ctx, agent: False)
def hidden() -> str:
    calls.append("hidden")
    return "hidden"


@pytest.fixture(autouse=True)
def _clear_calls() -> None:
    calls.clear()


def _agent(*steps: Any) -> tuple[Agent[Any], ScriptedModel]:
    model = ScriptedModel(list(steps))
    return Agent(name="bank", model=model, tools=[transfer, admin_reset, hidden]), model


@pytest.mark.parametrize("name", ["rm_rf", "admin_reset", "hidden", "transfer ", "TRANSFER", ""])
async def test_unknown_or_disabled_tool_is_a_model_behavior_error(name: str) -> None:
    """Upstream's documented outcome: ModelBehaviorError naming the tool; nothing is called."""
    agent, _ = _agent([function_call(name, {}, call_id="call_1")])
    session = SQLiteSession("dispatch")
    with pytest.raises(ModelBehaviorError, match="not found"):
        await Runner.run(agent, "go", session=session, run_config=CONFIG)
    assert calls == []
    # No half-turn in the session: no function_call without an output.
    kinds = [i.get("type", i.get("role")) for i in await session.get_items()]
    assert "function_call" not in kinds


@pytest.mark.parametrize(
    "arguments",
    [
        '{"amount": "ten", "to": "bob"}',
        '{"amount": 10}',
        '{"amount": 1.5, "to": "bob"}',
        '{"amount": [], "to": {}}',
        "not json",
        "[1, 2]",
        '{"amount": 10, "to": "bob"',
        "[" * 5_000,
    ],
)
async def test_arguments_failing_the_schema_go_back_to_the_model(arguments: str) -> None:
    agent, model = _agent(
        [function_call("transfer", arguments, call_id="call_1")],
        [assistant_message("sorry")],
    )
    result = await Runner.run(agent, "go", run_config=CONFIG)
    assert calls == []
    assert result.final_output == "sorry"
    second = model.calls[1].input
    assert isinstance(second, list)
    outputs = [i for i in second if isinstance(i, dict) and i.get("type") == "function_call_output"]
    assert len(outputs) == 1 and outputs[0]["call_id"] == "call_1"
    assert "error" in str(outputs[0]["output"]).lower()


async def test_undeclared_arguments_are_dropped_not_passed() -> None:
    """As upstream: the parameters model ignores unknown keys, so the function only ever gets its
    declared parameters (strict schemas already forbid extras on the model side)."""
    agent, _ = _agent(
        [function_call("transfer", '{"amount": 10, "to": "bob", "__class__": 1}', call_id="c")],
        [assistant_message("done")],
    )
    await Runner.run(agent, "go", run_config=CONFIG)
    assert calls == [(10, "bob")]


async def test_valid_arguments_do_reach_the_tool() -> None:
    """The control for the cases above."""
    agent, _ = _agent(
        [function_call("transfer", {"amount": 10, "to": "bob"}, call_id="call_1")],
        [assistant_message("done")],
    )
    await Runner.run(agent, "go", run_config=CONFIG)
    assert calls == [(10, "bob")]
