"""agentkit.realtime.testing: the scripted model, as openai-agents' agents.realtime.testing."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from agentkit.realtime import (
    RealtimeAgent,
    RealtimeModelSendSessionUpdate,
    RealtimeModelSendToolOutput,
    RealtimeModelSendUserInput,
    RealtimeModelToolCallEvent,
    RealtimeModelTranscriptDeltaEvent,
    RealtimeModelTurnEndedEvent,
    RealtimeModelTurnStartedEvent,
    RealtimeRunner,
)
from agentkit.realtime.testing import (
    RealtimeScriptError,
    RealtimeStep,
    ScriptedRealtimeModel,
    UnconsumedRealtimeSteps,
    UnexpectedRealtimeSend,
)

from agentkit import function_tool

pytestmark = pytest.mark.asyncio


async def drain(session: Any, until: str, limit: int = 200) -> list[Any]:
    events = []

    async def gather() -> None:
        async for event in session:
            events.append(event)
            if event.type == until:
                break

    await asyncio.wait_for(gather(), 5)
    return events


async def test_script_answers_sends_and_records_connect_calls() -> None:
    model = ScriptedRealtimeModel(
        [
            RealtimeStep(
                expect=RealtimeModelSendUserInput(user_input="Hi"),
                emit=[
                    RealtimeModelTurnStartedEvent(response_id="r1"),
                    RealtimeModelTranscriptDeltaEvent(
                        item_id="a1", delta="Hello", response_id="r1"
                    ),
                    RealtimeModelTurnEndedEvent(response_id="r1"),
                ],
            )
        ]
    )
    session = await RealtimeRunner(RealtimeAgent(name="A", instructions="x"), model=model).run(
        model_config={"api_key": "secret", "url": "wss://user:pw@example.test/v1/realtime?model=m"}
    )
    async with session:
        await session.send_message("Hi")
        events = await drain(session, "agent_end")
    assert [e.type for e in events if e.type != "raw_model_event"] == [
        "history_updated",
        "agent_start",
        "agent_end",
    ]
    model.assert_complete()
    (call,) = model.connect_calls
    assert call["api_key_provided"] and not call["headers_provided"]
    assert call["url"] == "wss://example.test/v1/realtime"
    assert call["initial_model_settings"]["instructions"] == "x"
    assert "secret" not in repr(model.connect_calls)
    assert model.sent_events == (RealtimeModelSendUserInput(user_input="Hi"),)
    assert model.closed and model.close_calls == 1


async def test_unexpected_and_unconsumed_steps_raise() -> None:
    model = ScriptedRealtimeModel([RealtimeStep(expect=RealtimeModelSendSessionUpdate)])
    session = await RealtimeRunner(RealtimeAgent(name="A"), model=model).run()
    async with session:
        with pytest.raises(UnexpectedRealtimeSend) as info:
            await session.send_message("Hi")
        assert info.value.actual == RealtimeModelSendUserInput(user_input="Hi")
        assert info.value.expected is RealtimeModelSendSessionUpdate
    with pytest.raises(UnconsumedRealtimeSteps) as left:
        model.assert_complete()
    assert left.value.remaining_steps == 1
    with pytest.raises(RealtimeScriptError, match="disconnected"):
        await model.emit(RealtimeModelTurnEndedEvent())
    with pytest.raises(ValueError, match="both emit events and an error"):
        RealtimeStep(
            expect=RealtimeModelSendUserInput,
            emit=[RealtimeModelTurnEndedEvent()],
            error=RuntimeError(),
        )


async def test_step_errors_propagate_and_non_strict_scripts_record_everything() -> None:
    model = ScriptedRealtimeModel(
        [
            RealtimeStep(
                expect=lambda e: isinstance(e, RealtimeModelSendUserInput),
                error=RuntimeError("boom"),
            )
        ]
    )
    session = await RealtimeRunner(RealtimeAgent(name="A"), model=model).run()
    async with session:
        with pytest.raises(RuntimeError, match="boom"):
            await session.send_message("x")
    loose = ScriptedRealtimeModel(strict=False)
    session = await RealtimeRunner(RealtimeAgent(name="A"), model=loose).run()
    async with session:
        await session.send_message("anything")
        await session.send_audio(b"\x01\x02")
    assert [type(e).__name__ for e in loose.sent_events] == [
        "RealtimeModelSendUserInput",
        "RealtimeModelSendAudio",
    ]


def _approval_tool(log: list[str]) -> Any:
    @function_tool
    def delete_file(path: str) -> str:
        """Delete a file.

        Args:
            path: The file.
        """
        log.append(path)
        return f"deleted {path}"

    delete_file.needs_approval = True  # type: ignore[attr-defined]
    return delete_file


def _call(call_id: str) -> RealtimeModelToolCallEvent:
    return RealtimeModelToolCallEvent(
        name="delete_file", call_id=call_id, arguments='{"path": "a.txt"}', id=f"item_{call_id}"
    )


async def test_tool_approval_approve_reject_and_always() -> None:
    log: list[str] = []
    tool = _approval_tool(log)
    model = ScriptedRealtimeModel(strict=False)
    session = await RealtimeRunner(RealtimeAgent(name="A", tools=[tool]), model=model).run()
    async with session:
        await model.emit(_call("c1"))
        events = await drain(session, "tool_approval_required")
        request = events[-1]
        assert (request.call_id, request.tool, request.arguments) == (
            "c1",
            tool,
            '{"path": "a.txt"}',
        )
        assert log == []
        await session.approve_tool_call("c1")
        await drain(session, "tool_end")
        assert log == ["a.txt"]

        await model.emit(_call("c2"))
        await drain(session, "tool_approval_required")
        await session.reject_tool_call("c2", rejection_message="Not allowed.", always=True)
        end = (await drain(session, "tool_end"))[-1]
        assert end.output == "Not allowed."
        await model.emit(_call("c3"))
        end = (await drain(session, "tool_end"))[-1]
        assert end.output == "Tool execution was not approved."
    outputs = [
        (e.tool_call.call_id, e.output)
        for e in model.sent_events
        if isinstance(e, RealtimeModelSendToolOutput)
    ]
    assert outputs == [
        ("c1", "deleted a.txt"),
        ("c2", "Not allowed."),
        ("c3", "Tool execution was not approved."),
    ]
    assert log == ["a.txt"]
