from __future__ import annotations

import asyncio
from typing import Any

import pytest
from runtime_helpers import MemorySession, StreamProbeModel, assistant_message, function_call, usage

from agentkit.agent import Agent
from agentkit.exceptions import (
    InputGuardrailTripwireTriggered,
    MaxTurnsExceeded,
    ModelBehaviorError,
    OutputGuardrailTripwireTriggered,
)
from agentkit.guardrail import GuardrailFunctionOutput, input_guardrail, output_guardrail
from agentkit.run import Runner
from agentkit.stream_events import (
    AgentUpdatedStreamEvent,
    RawResponsesStreamEvent,
    RunItemStreamEvent,
)
from agentkit.testing import ModelStep, ScriptedModel
from agentkit.tool import function_tool

order: list[str] = []


@function_tool
def record() -> str:
    """Records that it ran."""
    order.append("tool ran")
    return "recorded"


async def collect(result: Any) -> list[Any]:
    return [e async for e in result.stream_events()]


async def test_streamed_run_events_and_completion() -> None:
    model = ScriptedModel(
        [
            {"output": [function_call("record", "{}", call_id="c1")], "usage": usage(10, 2)},
            {"output": [assistant_message("all done")], "usage": usage(20, 3)},
        ]
    )
    result = Runner.run_streamed(Agent(name="a", model=model, tools=[record]), "go")
    assert result.final_output is None and result.is_complete is False
    events = await collect(result)
    assert result.is_complete and result.final_output == "all done"
    assert isinstance(events[0], AgentUpdatedStreamEvent)
    assert any(isinstance(e, RawResponsesStreamEvent) for e in events)
    names = [e.name for e in events if isinstance(e, RunItemStreamEvent)]
    assert names == ["tool_called", "tool_output", "message_output_created"]
    assert result.context_wrapper.usage.requests == 2
    assert result.context_wrapper.usage.input_tokens == 30
    assert len(result.new_items) == 3 and len(result.raw_responses) == 2
    assert result.current_turn == 2
    assert result.last_response_id == "resp-789"
    assert "RunResultStreaming" in str(result)


async def test_tool_called_event_before_tool_runs() -> None:
    order.clear()
    model = ScriptedModel([[function_call("record", "{}", call_id="c1")], [assistant_message("x")]])
    result = Runner.run_streamed(Agent(name="a", model=model, tools=[record]), "go")
    async for event in result.stream_events():
        if isinstance(event, RunItemStreamEvent):
            order.append(event.name)
    assert order.index("tool_called") < order.index("tool ran") < order.index("tool_output")


async def test_text_deltas_arrive_in_real_time() -> None:
    model = ScriptedModel([[assistant_message("hello world")]])
    result = Runner.run_streamed(Agent(name="a", model=model), "x")
    types = [
        e.data.type async for e in result.stream_events() if isinstance(e, RawResponsesStreamEvent)
    ]
    assert "response.output_text.delta" in types
    assert types.index("response.output_text.delta") < types.index("response.completed")


async def test_handoff_events() -> None:
    b = Agent(name="b", model=ScriptedModel([[assistant_message("done")]]))
    a = Agent(
        name="a",
        model=ScriptedModel([[function_call("transfer_to_b", "{}", call_id="h")]]),
        handoffs=[b],
    )
    result = Runner.run_streamed(a, "x")
    events = await collect(result)
    agents = [e.new_agent.name for e in events if isinstance(e, AgentUpdatedStreamEvent)]
    assert agents == ["a", "b"]
    names = [e.name for e in events if isinstance(e, RunItemStreamEvent)]
    assert names == ["handoff_requested", "handoff_occured", "message_output_created"]
    assert result.current_agent is b and result.last_agent is b


async def test_max_turns_surfaces_from_stream() -> None:
    model = ScriptedModel([[function_call("record", "{}", call_id=f"c{i}")] for i in range(3)])
    result = Runner.run_streamed(Agent(name="a", model=model, tools=[record]), "x", max_turns=1)
    with pytest.raises(MaxTurnsExceeded):
        await collect(result)
    assert result.is_complete


async def test_guardrail_tripwires_surface_from_stream() -> None:
    @input_guardrail
    def block(ctx: Any, agent: Any, inp: Any) -> GuardrailFunctionOutput:
        return GuardrailFunctionOutput(output_info=None, tripwire_triggered=True)

    result = Runner.run_streamed(
        Agent(name="a", model=ScriptedModel([[assistant_message("x")]]), input_guardrails=[block]),
        "x",
    )
    with pytest.raises(InputGuardrailTripwireTriggered):
        await collect(result)

    @output_guardrail
    def out_block(ctx: Any, agent: Any, output: Any) -> GuardrailFunctionOutput:
        return GuardrailFunctionOutput(output_info=None, tripwire_triggered=True)

    result = Runner.run_streamed(
        Agent(
            name="a", model=ScriptedModel([[assistant_message("x")]]), output_guardrails=[out_block]
        ),
        "x",
    )
    with pytest.raises(OutputGuardrailTripwireTriggered):
        await collect(result)


async def test_model_error_surfaces_not_hangs() -> None:
    model = ScriptedModel([ModelStep.raise_error(RuntimeError("network down"))])
    result = Runner.run_streamed(Agent(name="a", model=model), "x")
    with pytest.raises(RuntimeError, match="network down"):
        await asyncio.wait_for(collect(result), 2)

    class NoCompletion(StreamProbeModel):
        async def stream_response(self, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
            if False:
                yield None

    result = Runner.run_streamed(Agent(name="a", model=NoCompletion([])), "x")
    with pytest.raises(ModelBehaviorError, match="did not produce a final response"):
        await asyncio.wait_for(collect(result), 2)


async def test_cancel_immediate_stops_and_closes_model_stream() -> None:
    model = StreamProbeModel([])
    result = Runner.run_streamed(Agent(name="a", model=model), "x")
    seen: list[Any] = []

    async def consume() -> None:
        async for event in result.stream_events():
            seen.append(event)
            if isinstance(event, AgentUpdatedStreamEvent):
                while not model.started:
                    await asyncio.sleep(0.01)
                result.cancel()

    await asyncio.wait_for(consume(), 2)
    assert result.is_complete
    await asyncio.sleep(0.05)
    assert model.closed
    assert result.run_loop_task is not None and result.run_loop_task.done()


async def test_wait_for_timeout_closes_model_stream() -> None:
    model = StreamProbeModel([])
    result = Runner.run_streamed(Agent(name="a", model=model), "x")
    with pytest.raises(asyncio.TimeoutError):
        await asyncio.wait_for(collect(result), 0.2)
    await asyncio.sleep(0.05)
    assert model.closed
    assert result.run_loop_task is not None and result.run_loop_task.done()


async def test_breaking_out_of_stream_stops_run() -> None:
    model = StreamProbeModel([])
    result = Runner.run_streamed(Agent(name="a", model=model), "x")
    events = result.stream_events()
    async for _ in events:
        break
    await events.aclose()
    await asyncio.sleep(0.05)
    assert result.run_loop_task is not None and result.run_loop_task.done()


async def test_cancel_after_turn_finishes_turn_and_saves_session() -> None:
    session = MemorySession()
    model = ScriptedModel(
        [[function_call("record", "{}", call_id="c1")], [assistant_message("never reached")]]
    )
    result = Runner.run_streamed(Agent(name="a", model=model, tools=[record]), "x", session=session)
    names: list[str] = []
    async for event in result.stream_events():
        if isinstance(event, RunItemStreamEvent):
            names.append(event.name)
            if event.name == "tool_called":
                result.cancel(mode="after_turn")
    assert names == ["tool_called", "tool_output"]
    assert len(model.calls) == 1
    assert [i.get("type", "message") for i in session.items] == [
        "message",
        "function_call",
        "function_call_output",
    ]
    assert result.is_complete


def test_cancel_mode_validated() -> None:
    from agentkit.result import RunResultStreaming
    from agentkit.run_context import RunContextWrapper

    r = RunResultStreaming(
        input="x",
        new_items=[],
        raw_responses=[],
        final_output=None,
        input_guardrail_results=[],
        output_guardrail_results=[],
        tool_input_guardrail_results=[],
        tool_output_guardrail_results=[],
        context_wrapper=RunContextWrapper(None),
        current_agent=Agent(name="a"),
        current_turn=0,
        max_turns=1,
        _current_agent_output_schema=None,
        trace=None,
    )
    with pytest.raises(ValueError):
        r.cancel(mode="later")  # type: ignore[arg-type]


async def test_stream_events_after_completion_returns_immediately() -> None:
    result = Runner.run_streamed(
        Agent(name="a", model=ScriptedModel([[assistant_message("x")]])), "x"
    )
    first = await collect(result)
    assert first
    assert await asyncio.wait_for(collect(result), 1) == []


async def test_event_queue_hands_items_to_waiting_getters_in_order() -> None:
    from agentkit.result import _EventQueue

    queue: _EventQueue[int] = _EventQueue()
    assert queue.empty() and queue.qsize() == 0
    with pytest.raises(asyncio.QueueEmpty):
        queue.get_nowait()
    first = asyncio.ensure_future(queue.get())
    second = asyncio.ensure_future(queue.get())
    await asyncio.sleep(0)
    queue.put_nowait(1)
    queue.put_nowait(2)
    queue.put_nowait(3)
    assert await first == 1 and await second == 2
    assert queue.qsize() == 1 and queue.get_nowait() == 3 and queue.empty()


async def test_event_queue_getter_cancelled_after_its_wakeup_passes_the_item_on() -> None:
    from agentkit.result import _EventQueue

    queue: _EventQueue[str] = _EventQueue()
    first = asyncio.ensure_future(queue.get())
    second = asyncio.ensure_future(queue.get())
    await asyncio.sleep(0)
    queue.put_nowait("item")  # wakes `first`...
    first.cancel()  # ...which is cancelled before it runs: `second` must get the item
    assert await asyncio.wait_for(second, 1) == "item"
    with pytest.raises(asyncio.CancelledError):
        await first
    assert queue.empty()
