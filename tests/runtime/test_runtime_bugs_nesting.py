"""Issue 17: agents as tools nested hundreds deep are cancelled cleanly, and runaway
self-recursion stops at the nesting limit with a typed error (not a RecursionError)."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Iterator
from typing import Any

import pytest

from agentkit.agent import Agent
from agentkit.exceptions import AgentNestingLimitExceeded, UserError
from agentkit.run import Runner
from agentkit.run_config import (
    DEFAULT_MAX_AGENT_NESTING,
    get_max_agent_nesting,
    set_max_agent_nesting,
)
from agentkit.testing import (
    FunctionModel,
    ModelCall,
    ScriptedModel,
    assistant_message,
    function_call,
)


@pytest.fixture(autouse=True)
def restore_limit() -> Iterator[None]:
    yield
    set_max_agent_nesting(DEFAULT_MAX_AGENT_NESTING)


def build_chain(depth: int, leaf_model: Any, *, streamed: bool = False) -> Agent[Any]:
    """`depth` agents, each calling the next as a tool; the last one uses `leaf_model`."""
    agent: Agent[Any] = Agent(name="leaf", model=leaf_model)
    for level in range(depth):

        async def on_stream(event: Any) -> None:
            pass

        tool = agent.as_tool(
            tool_name="inner", tool_description="inner", on_stream=on_stream if streamed else None
        )
        model = ScriptedModel(
            [
                [function_call("inner", {"input": "x"}, call_id=f"c{level}")],
                [assistant_message(f"a{level} done")],
            ]
        )
        agent = Agent(name=f"a{level}", tools=[tool], model=model)
    return agent


@pytest.mark.parametrize("streamed", [False, True])
async def test_cancel_at_250_levels(streamed: bool) -> None:
    set_max_agent_nesting(None)
    reached = asyncio.Event()
    leaf_finally: list[bool] = []

    async def hang(call: ModelCall) -> str:
        reached.set()
        try:
            await asyncio.Event().wait()
        finally:
            leaf_finally.append(True)
        return "never"

    top = build_chain(250, FunctionModel(hang), streamed=streamed)
    task = asyncio.create_task(Runner.run(top, "x", max_turns=3))
    await asyncio.wait_for(reached.wait(), 60)
    # Before the fix: RecursionError from cancel() and ~250 tasks destroyed while pending.
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert leaf_finally == [True]  # the innermost run saw the cancellation and cleaned up
    gc.collect()
    assert [t for t in asyncio.all_tasks() if t is not asyncio.current_task()] == []


async def test_runaway_self_recursion_stops_at_the_limit() -> None:
    calls = 0

    def always_recurse(call: ModelCall) -> Any:
        nonlocal calls
        calls += 1
        return [function_call("myself", {"input": "again"}, call_id=f"c{calls}")]

    agent: Agent[Any] = Agent(name="loop", model=FunctionModel(always_recurse))
    agent.tools.append(agent.as_tool(tool_name="myself", tool_description="recurse"))
    # Before the fix: RecursionError (or a hang) instead of a TimeoutError or a typed error.
    with pytest.raises(AgentNestingLimitExceeded) as info:
        await asyncio.wait_for(Runner.run(agent, "go"), 25)
    assert info.value.limit == DEFAULT_MAX_AGENT_NESTING
    assert info.value.depth == DEFAULT_MAX_AGENT_NESTING + 1
    assert calls == DEFAULT_MAX_AGENT_NESTING + 1  # one model call per level, no retries
    assert "set_max_agent_nesting" in str(info.value)


async def test_configured_limit_allows_exactly_that_depth() -> None:
    set_max_agent_nesting(3)
    assert get_max_agent_nesting() == 3
    ok = build_chain(3, ScriptedModel([[assistant_message("deep answer")]]))
    result = await Runner.run(ok, "x")
    assert result.final_output == "a2 done"
    too_deep = build_chain(4, ScriptedModel([[assistant_message("deep answer")]]))
    with pytest.raises(AgentNestingLimitExceeded):
        await Runner.run(too_deep, "x")


@pytest.mark.parametrize("bad", [0, -1, 1.5, True, "3"])
def test_limit_must_be_positive_int(bad: Any) -> None:
    with pytest.raises(UserError, match="positive int or None"):
        set_max_agent_nesting(bad)
