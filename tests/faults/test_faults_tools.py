"""Tools that raise, hang past their timeout, return non-strings, or are cancelled."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from _faults_support import assert_no_new_tasks, other_tasks

from agentkit import Agent, Runner, function_tool
from agentkit.exceptions import ToolTimeoutError, UserError
from agentkit.memory import SQLiteSession
from agentkit.run_config import RunConfig
from agentkit.testing import ScriptedModel, assistant_message, function_call

CONFIG = RunConfig(tracing_disabled=True)


async def _run_tool(
    tool: Any, *, session: SQLiteSession | None = None
) -> tuple[Any, ScriptedModel]:
    """One turn calling `tool`, then a final answer; returns the result and the model."""
    model = ScriptedModel(
        [[function_call(tool.name, {}, call_id="call_1")], [assistant_message("done")]]
    )
    agent = Agent(name="a", model=model, tools=[tool])
    result = await Runner.run(agent, "go", session=session, run_config=CONFIG)
    return result, model


def _tool_output(model: ScriptedModel) -> Any:
    """What the model was sent as the tool's output on its second call."""
    second = model.calls[1].input
    assert isinstance(second, list)
    outputs = [i for i in second if isinstance(i, dict) and i.get("type") == "function_call_output"]
    assert len(outputs) == 1
    return outputs[0]["output"]


async def test_tool_that_raises_reports_an_error_to_the_model() -> None:
    @function_tool
    def explode() -> str:
        raise RuntimeError("kaboom")

    session = SQLiteSession("tools")
    result, model = await _run_tool(explode, session=session)
    assert result.final_output == "done"
    assert "error" in str(_tool_output(model)).lower()
    # The default error message does not leak the exception text to the model.
    assert "kaboom" not in str(_tool_output(model))
    kinds = [i.get("type", i.get("role")) for i in await session.get_items()]
    assert kinds == ["user", "function_call", "function_call_output", "message"]


async def test_tool_that_raises_without_error_function_fails_the_run_typed() -> None:
    @function_tool(failure_error_function=None)
    def explode() -> str:
        raise RuntimeError("kaboom")

    session = SQLiteSession("tools")
    before = other_tasks()
    with pytest.raises(UserError, match="kaboom") as info:
        await _run_tool(explode, session=session)
    assert isinstance(info.value.__cause__, RuntimeError)
    # The turn's call never got an output, so it was not stored (no dangling function_call).
    assert [i.get("role") for i in await session.get_items()] == ["user"]
    await assert_no_new_tasks(before)


async def test_tool_that_hangs_times_out_as_a_message() -> None:
    cancelled = asyncio.Event()

    @function_tool(timeout=0.05)
    async def hang() -> str:
        try:
            await asyncio.sleep(3600)
        finally:
            cancelled.set()
        return "never"

    before = other_tasks()
    result, model = await asyncio.wait_for(_run_tool(hang), 5)
    assert result.final_output == "done"
    assert "timed out" in str(_tool_output(model))
    assert cancelled.is_set(), "the hung tool was not cancelled"
    await assert_no_new_tasks(before)


async def test_tool_that_hangs_can_raise_tool_timeout_error() -> None:
    @function_tool(timeout=0.05, timeout_behavior="raise_exception")
    async def hang() -> str:
        await asyncio.sleep(3600)
        return "never"

    before = other_tasks()
    with pytest.raises(ToolTimeoutError):
        await asyncio.wait_for(_run_tool(hang), 5)
    await assert_no_new_tasks(before)


class _Opaque:
    def __str__(self) -> str:
        return "opaque-object"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (42, "42"),
        ({"a": 1}, "{'a': 1}"),
        ([1, "x"], "[1, 'x']"),
        (None, "None"),
        (_Opaque(), "opaque-object"),
    ],
)
async def test_tool_returning_non_strings_is_stringified(value: Any, expected: str) -> None:
    @function_tool
    def give() -> Any:
        return value

    result, model = await _run_tool(give)
    assert result.final_output == "done"
    assert _tool_output(model) == expected


async def test_tool_whose_inner_await_is_cancelled() -> None:
    """A tool that fails with CancelledError from its own work (not the run's cancellation)."""

    @function_tool
    async def inner_cancel() -> str:
        task = asyncio.ensure_future(asyncio.sleep(3600))
        task.cancel()
        await task
        return "never"

    before = other_tasks()
    # CancelledError is not an Exception, so no error function turns it into a message: it ends
    # the run as a cancellation (as upstream). It must not hang or leave tasks behind.
    with pytest.raises(asyncio.CancelledError):
        await asyncio.wait_for(_run_tool(inner_cancel), 5)
    await assert_no_new_tasks(before)


async def test_run_cancelled_while_tool_runs_cancels_the_tool() -> None:
    started, stopped = asyncio.Event(), asyncio.Event()

    @function_tool
    async def slow() -> str:
        started.set()
        try:
            await asyncio.sleep(3600)
        finally:
            stopped.set()
        return "never"

    session = SQLiteSession("tools")
    before = other_tasks()
    run = asyncio.ensure_future(_run_tool(slow, session=session))
    await asyncio.wait_for(started.wait(), 5)
    run.cancel()
    with pytest.raises(asyncio.CancelledError):
        await run
    assert stopped.is_set()
    await assert_no_new_tasks(before)
    assert [i.get("role") for i in await asyncio.wait_for(session.get_items(), 2)] == ["user"]
