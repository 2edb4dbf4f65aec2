"""A run cancelled after N event-loop steps, for every N until it completes on its own.

The model is scripted and yields to the loop between steps, so the cancellation lands at every
await point of the run loop in turn: model calls, tool calls, hooks, session reads and writes.
Whatever N, the session must hold a consistent history and every resource must be released.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

import pytest
from _faults_support import assert_no_new_tasks, other_tasks

from agentkit import Agent, Runner, function_tool
from agentkit.items import ModelResponse
from agentkit.memory import SQLiteSession
from agentkit.run_config import RunConfig
from agentkit.testing import ScriptedModel, assistant_message, function_call

CONFIG = RunConfig(tracing_disabled=True)
MAX_STEPS = 2000  # normally ~125; session writes on worker threads add steps under load


class _YieldingModel(ScriptedModel):
    """A scripted model that gives the loop a few turns before answering."""

    async def get_response(self, *args: Any, **kwargs: Any) -> ModelResponse:
        for _ in range(3):
            await asyncio.sleep(0)
        return await super().get_response(*args, **kwargs)

    async def stream_response(self, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        for _ in range(3):
            await asyncio.sleep(0)
        async for event in super().stream_response(*args, **kwargs):
            await asyncio.sleep(0)
            yield event


@function_tool
async def lookup(city: str) -> str:
    await asyncio.sleep(0)
    return f"sunny in {city}"


def _agent() -> Agent[Any]:
    model = _YieldingModel(
        [
            [function_call("lookup", {"city": "Paris"}, call_id="call_1")],
            [assistant_message("It is sunny.")],
        ]
    )
    return Agent(name="a", model=model, tools=[lookup])


def _check_consistent(items: list[Any]) -> None:
    """Nothing, the input, the input plus the whole tool turn, or the whole run: never a call
    without its output, and never an output without its call."""
    kinds = [i.get("type", i.get("role")) for i in items]
    assert kinds in (
        [],
        ["user"],
        ["user", "function_call", "function_call_output"],
        ["user", "function_call", "function_call_output", "message"],
    ), kinds


async def _run(streamed: bool, session: SQLiteSession) -> None:
    if not streamed:
        await Runner.run(_agent(), "weather?", session=session, run_config=CONFIG)
        return
    result = Runner.run_streamed(_agent(), "weather?", session=session, run_config=CONFIG)
    async for _ in result.stream_events():
        pass


@pytest.mark.parametrize("streamed", [False, True], ids=["run", "run_streamed"])
async def test_cancel_at_every_step_leaves_session_consistent(streamed: bool) -> None:
    completed_at = None
    outcomes: set[str] = set()
    for steps in range(1, MAX_STEPS):
        session = SQLiteSession(f"cancel-{steps}")
        before = other_tasks()
        task = asyncio.ensure_future(_run(streamed, session))
        for _ in range(steps):
            await asyncio.sleep(0)
        if task.done():
            task.result()
            completed_at = steps
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait_for(asyncio.shield(task), 5)
        items = await asyncio.wait_for(session.get_items(), 5)
        _check_consistent(items)
        outcomes.add(str(len(items)))
        await assert_no_new_tasks(before)
        # The session still takes writes: no lock or ordering slot was left held.
        await asyncio.wait_for(session.add_items([{"role": "user", "content": "next"}]), 5)
        session.close()
        if completed_at is not None:
            break
    assert completed_at is not None, f"the run did not finish within {MAX_STEPS} loop steps"
    # The sweep really cut the run at different stages.
    assert {"0", "1"} <= outcomes or {"1", "3"} <= outcomes, outcomes
