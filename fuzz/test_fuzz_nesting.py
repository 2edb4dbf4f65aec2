"""The nesting limit of agents as tools (issue 17): any chain depth under any limit, plain or
streamed, ends with the innermost answer exactly when the depth is within the limit, else with
`AgentNestingLimitExceeded` naming the first depth past it; a run cancelled while a model hangs
at any depth ends cancelled with every nested task finished; runaway self-recursion stops at the
limit after exactly one model call per level."""

from __future__ import annotations

import asyncio
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from agentkit.agent import Agent
from agentkit.exceptions import AgentNestingLimitExceeded
from agentkit.run import Runner
from agentkit.run_config import get_max_agent_nesting, set_max_agent_nesting
from agentkit.testing import FunctionModel, ModelCall, assistant_message, function_call

from ._support import run, scaled

LIMITS = st.none() | st.integers(min_value=1, max_value=10)


class _Level:
    """The model of one agent of the chain: calls the next agent's tool, then answers; or, at the
    hanging depth, waits for ever (recording that it started and that it was cleaned up)."""

    def __init__(self, depth: int, leaf: bool, hang: bool, log: dict[str, Any]) -> None:
        self.depth, self.leaf, self.hang, self.log = depth, leaf, hang, log
        self.calls = 0

    async def __call__(self, call: ModelCall) -> Any:
        self.calls += 1
        if self.hang:
            self.log["reached"].set()
            try:
                await asyncio.Event().wait()
            finally:
                self.log["cleaned_up"].append(self.depth)
        if self.leaf:
            return [assistant_message("leaf answer")]
        if self.calls == 1:
            return [function_call("inner", {"input": "x"}, call_id=f"c{self.depth}")]
        return [assistant_message(f"depth {self.depth} done")]


def _chain(depth: int, hang_at: int | None, streamed: bool, log: dict[str, Any]) -> Agent[Any]:
    """Agents at nesting depths 0..`depth`, each calling the next one as a tool."""

    async def on_stream(event: Any) -> None:
        log["events"] += 1

    agent: Agent[Any] = Agent(
        name=f"d{depth}", model=FunctionModel(_Level(depth, True, hang_at == depth, log))
    )
    for level in range(depth - 1, -1, -1):
        tool = agent.as_tool(
            tool_name="inner", tool_description="inner", on_stream=on_stream if streamed else None
        )
        model = FunctionModel(_Level(level, False, hang_at == level, log))
        agent = Agent(name=f"d{level}", tools=[tool], model=model)
    return agent


async def _run_chain(
    depth: int, limit: int | None, streamed: bool, hang_at: int | None
) -> tuple[Any, dict[str, Any]]:
    log: dict[str, Any] = {"reached": asyncio.Event(), "cleaned_up": [], "events": 0}
    top = _chain(depth, hang_at, streamed, log)
    task = asyncio.ensure_future(Runner.run(top, "go", max_turns=3))
    if hang_at is not None:
        waiting = asyncio.ensure_future(log["reached"].wait())
        await asyncio.wait((task, waiting), return_when=asyncio.FIRST_COMPLETED)
        waiting.cancel()
        task.cancel()
    try:
        outcome: Any = await task
    except BaseException as error:  # the outcome under test, whatever it is
        outcome = error
    await asyncio.sleep(0)
    others = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
    log["left_over"] = len(others)
    return outcome, log


@scaled(0.3)
@given(
    st.integers(min_value=0, max_value=12),
    LIMITS,
    st.booleans(),
    st.none() | st.integers(min_value=0, max_value=12),
)
def test_fuzz_nesting_limit(
    depth: int, limit: int | None, streamed: bool, hang_at: int | None
) -> None:
    if hang_at is not None and (hang_at > depth or (limit is not None and hang_at > limit)):
        hang_at = None  # no model at that depth ever starts
    previous = get_max_agent_nesting()
    set_max_agent_nesting(limit)
    try:
        outcome, log = run(_run_chain(depth, limit, streamed, hang_at))
    finally:
        set_max_agent_nesting(previous)
    assert log["left_over"] == 0
    if hang_at is not None:
        assert isinstance(outcome, asyncio.CancelledError), outcome
        assert log["cleaned_up"] == [hang_at]  # the hanging model saw the cancellation
    elif limit is not None and depth > limit:
        assert isinstance(outcome, AgentNestingLimitExceeded), outcome
        assert (outcome.depth, outcome.limit) == (limit + 1, limit)
    else:
        expected = "leaf answer" if depth == 0 else "depth 0 done"
        assert outcome.final_output == expected


@scaled(0.2)
@given(st.integers(min_value=1, max_value=12), st.booleans())
def test_fuzz_nesting_self_recursion(limit: int, streamed: bool) -> None:
    calls: list[int] = []

    def recurse(call: ModelCall) -> Any:
        calls.append(1)
        return [function_call("myself", {"input": "again"}, call_id=f"c{len(calls)}")]

    async def on_stream(event: Any) -> None:
        pass

    agent: Agent[Any] = Agent(name="loop", model=FunctionModel(recurse))
    agent.tools.append(
        agent.as_tool(
            tool_name="myself",
            tool_description="recurse",
            on_stream=on_stream if streamed else None,
        )
    )
    previous = get_max_agent_nesting()
    set_max_agent_nesting(limit)
    try:
        outcome: Any
        try:
            outcome = run(Runner.run(agent, "go"))
        except AgentNestingLimitExceeded as error:
            outcome = error
    finally:
        set_max_agent_nesting(previous)
    assert isinstance(outcome, AgentNestingLimitExceeded), outcome
    assert (outcome.depth, outcome.limit) == (limit + 1, limit)
    assert len(calls) == limit + 1  # one model call per level, none past the limit
