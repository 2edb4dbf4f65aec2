"""Agents run end to end by the Runner on the test models (no HTTP anywhere)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from pydantic import BaseModel, Field

from agentkit.agent import Agent
from agentkit.handoffs import handoff
from agentkit.items import HandoffOutputItem, MessageOutputItem, ToolCallItem, ToolCallOutputItem
from agentkit.run import Runner
from agentkit.stream_events import RawResponsesStreamEvent, RunItemStreamEvent
from agentkit.testing import (
    FunctionModel,
    ModelCall,
    ScriptedModel,
    TestModel,
    UnexpectedModelCall,
    assistant_message,
    block_model_requests,
    function_call,
)
from agentkit.tool import function_tool
from agentkit.usage import Usage


@function_tool
def add(a: int, b: int) -> int:
    """Add two integers."""
    return a + b


@function_tool
def shout(text: str) -> str:
    """Upper-case a text."""
    return text.upper()


class Verdict(BaseModel):
    label: str
    confidence: float = Field(ge=0, le=1)


def _outputs(call: ModelCall) -> dict[str, Any]:
    """Tool outputs in a call's input, by call id."""
    return {
        item["call_id"]: item["output"]
        for item in call.input
        if isinstance(item, dict) and item.get("type") == "function_call_output"
    }


async def test_scripted_tool_call_then_answer() -> None:
    model = ScriptedModel(
        [
            [function_call("add", {"a": 2, "b": 3}, call_id="call_add")],
            [assistant_message("The sum is 5.")],
        ]
    )
    agent = Agent(name="Calculator", instructions="Add numbers.", model=model, tools=[add])
    result = await Runner.run(agent, "What is 2 + 3?")
    assert result.final_output == "The sum is 5."
    assert [type(item) for item in result.new_items] == [
        ToolCallItem,
        ToolCallOutputItem,
        MessageOutputItem,
    ]
    model.assert_complete()
    first, second = model.calls
    assert first.system_instructions == "Add numbers."
    assert [tool.name for tool in first.tools] == ["add"]
    assert _outputs(second) == {"call_add": "5"}
    assert result.context_wrapper.usage.requests == 2


async def test_scripted_streamed_run_yields_events_in_order() -> None:
    model = ScriptedModel(
        [
            [function_call("shout", {"text": "hi"}, call_id="c1")],
            [assistant_message("HI")],
        ]
    )
    agent = Agent(name="Echo", model=model, tools=[shout])
    result = Runner.run_streamed(agent, "shout hi")
    names: list[str] = []
    raw_types: list[str] = []
    async for event in result.stream_events():
        if isinstance(event, RunItemStreamEvent):
            names.append(event.name)
        elif isinstance(event, RawResponsesStreamEvent):
            raw_types.append(event.data.type)
    assert names == ["tool_called", "tool_output", "message_output_created"]
    assert raw_types.count("response.completed") == 2
    assert "response.function_call_arguments.delta" in raw_types
    assert "response.output_text.delta" in raw_types
    assert result.final_output == "HI"
    assert [call.streamed for call in model.calls] == [True, True]


async def test_script_running_out_surfaces_from_the_runner() -> None:
    model = ScriptedModel([[function_call("add", {"a": 1, "b": 1}, call_id="c1")]])
    agent = Agent(name="A", model=model, tools=[add])
    with pytest.raises(UnexpectedModelCall) as caught:
        await Runner.run(agent, "go")
    assert caught.value.call_index == 1
    streamed = Runner.run_streamed(Agent(name="A", model=ScriptedModel([]), tools=[add]), "go")
    with pytest.raises(UnexpectedModelCall):
        async for _event in streamed.stream_events():
            pass


async def test_model_errors_propagate() -> None:
    agent = Agent(name="A", model=ScriptedModel([ConnectionError("provider down")]))
    with pytest.raises(ConnectionError, match="provider down"):
        await Runner.run(agent, "hi")


async def test_scripted_handoff() -> None:
    billing_model = ScriptedModel([[assistant_message("Billing here.")]])
    billing = Agent(name="Billing", model=billing_model)
    triage_model = ScriptedModel([[function_call("transfer_to_billing", {}, call_id="h1")]])
    triage = Agent(name="Triage", model=triage_model, handoffs=[billing])
    result = await Runner.run(triage, "I was charged twice")
    assert result.final_output == "Billing here."
    assert result.last_agent is billing
    assert any(isinstance(item, HandoffOutputItem) for item in result.new_items)
    assert [h.tool_name for h in triage_model.calls[0].handoffs] == ["transfer_to_billing"]


async def test_usage_adds_up_over_turns() -> None:
    usage = Usage(requests=1, input_tokens=10, output_tokens=4, total_tokens=14)
    model = ScriptedModel(
        [[function_call("add", {"a": 1, "b": 2}, call_id="c1")], [assistant_message("3")]],
        default_usage=usage,
    )
    result = await Runner.run(Agent(name="A", model=model, tools=[add]), "1+2")
    total = result.context_wrapper.usage
    assert (total.requests, total.input_tokens, total.total_tokens) == (2, 20, 28)
    model.extend([[function_call("add", {"a": 1, "b": 2}, call_id="c2")], [assistant_message("3")]])
    streamed = Runner.run_streamed(Agent(name="A", model=model, tools=[add]), "1+2")
    async for _event in streamed.stream_events():
        pass
    total = streamed.context_wrapper.usage
    assert (total.requests, total.input_tokens, total.total_tokens) == (2, 20, 28)


async def test_function_model_reads_tool_results() -> None:
    def answer(call: ModelCall) -> Any:
        outputs = _outputs(call)
        if not outputs:
            return [
                function_call("add", {"a": 20, "b": 22}, call_id="c1"),
                function_call("shout", {"text": "done"}, call_id="c2"),
            ]
        return f"{outputs['c1']} and {outputs['c2']}"

    agent = Agent(name="A", model=FunctionModel(answer), tools=[add, shout])
    result = await Runner.run(agent, "go")
    assert result.final_output == "42 and DONE"


async def test_function_model_stream_function_in_a_streamed_run() -> None:
    async def stream(call: ModelCall) -> AsyncIterator[str]:
        for word in ["Hello", ", ", "world"]:
            yield word

    model = FunctionModel(stream_function=stream)
    result = Runner.run_streamed(Agent(name="A", model=model), "hi")
    deltas = [
        event.data.delta  # type: ignore[union-attr]
        async for event in result.stream_events()
        if isinstance(event, RawResponsesStreamEvent)
        and event.data.type == "response.output_text.delta"
    ]
    assert deltas == ["Hello", ", ", "world"]
    assert result.final_output == "Hello, world"
    # The same model also serves non-streamed runs.
    assert (await Runner.run(Agent(name="A", model=model), "hi")).final_output == "Hello, world"


async def test_test_model_calls_every_tool_then_summarises() -> None:
    model = TestModel()
    result = await Runner.run(Agent(name="A", model=model, tools=[add, shout]), "go")
    summary = json.loads(result.final_output)
    assert set(summary) == {"add", "shout"}
    calls = [item for item in result.new_items if isinstance(item, ToolCallItem)]
    for item in calls:
        arguments = json.loads(item.raw_item.arguments)
        if item.raw_item.name == "add":
            assert summary["add"] == str(arguments["a"] + arguments["b"])
        else:
            assert summary["shout"] == arguments["text"].upper()
    assert len(model.calls) == 2


async def test_test_model_structured_output() -> None:
    model = TestModel()
    agent = Agent(name="Judge", model=model, tools=[add], output_type=Verdict)
    result = await Runner.run(agent, "judge")
    assert isinstance(result.final_output, Verdict)
    assert 0 <= result.final_output.confidence <= 1
    assert len(model.calls) == 2  # one round of tool calls, then the output
    fixed = TestModel(custom_output_args=Verdict(label="ok", confidence=0.9))
    result = await Runner.run(Agent(name="J", model=fixed, output_type=Verdict), "judge")
    assert result.final_output == Verdict(label="ok", confidence=0.9)
    listed = await Runner.run(
        Agent(name="L", model=TestModel(custom_output_args=[1, 2]), output_type=list[int]), "x"
    )
    assert listed.final_output == [1, 2]


async def test_test_model_streamed_run() -> None:
    result = Runner.run_streamed(Agent(name="A", model=TestModel(), tools=[shout]), "go")
    names = [
        event.name
        async for event in result.stream_events()
        if isinstance(event, RunItemStreamEvent)
    ]
    assert names == ["tool_called", "tool_output", "message_output_created"]
    assert json.loads(result.final_output) == {"shout": "A"}


async def test_test_model_with_stop_on_first_tool() -> None:
    agent = Agent(
        name="A", model=TestModel(), tools=[shout], tool_use_behavior="stop_on_first_tool"
    )
    result = await Runner.run(agent, "go")
    assert result.final_output == "A"


async def test_test_model_drives_a_handoff() -> None:
    billing = Agent(name="Billing", model=TestModel(custom_output_text="Billing done."))
    model = TestModel(call_tools=["transfer_to_billing"])
    triage = Agent(name="Triage", model=model, handoffs=[handoff(billing)])
    result = await Runner.run(triage, "help")
    assert result.last_agent is billing
    assert result.final_output == "Billing done."


async def test_blocking_real_requests_leaves_test_models_working() -> None:
    with block_model_requests():
        result = await Runner.run(
            Agent(name="A", model=ScriptedModel([[assistant_message("fine")]])), "hi"
        )
    assert result.final_output == "fine"


async def test_model_given_through_run_config_and_agent_released_after_run() -> None:
    import gc
    import weakref

    from agentkit.run_config import RunConfig

    model = ScriptedModel([[assistant_message("Paris")]])
    agent = Agent(name="Geo", instructions="Answer questions.")
    agent_ref = weakref.ref(agent)
    result = await Runner.run(
        agent, "Capital of France?", run_config=RunConfig(model=model, tracing_disabled=True)
    )
    assert result.final_output == "Paris"
    del agent, result
    gc.collect()
    # The recorded calls must not keep the agent alive.
    assert agent_ref() is None
    assert model.calls[0].system_instructions == "Answer questions."


async def test_subclass_can_wrap_both_call_kinds() -> None:
    seen: list[str] = []

    class Wrapped(ScriptedModel):
        async def get_response(self, *args: Any, **kwargs: Any) -> Any:
            seen.append("get")
            return await super().get_response(*args, **kwargs)

        async def stream_response(self, *args: Any, **kwargs: Any) -> Any:
            seen.append("stream")
            async for event in super().stream_response(*args, **kwargs):
                yield event

    model = Wrapped([[assistant_message("a")], [assistant_message("b")]])
    assert (await Runner.run(Agent(name="A", model=model), "x")).final_output == "a"
    streamed = Runner.run_streamed(Agent(name="A", model=model), "x")
    async for _event in streamed.stream_events():
        pass
    assert streamed.final_output == "b"
    assert seen == ["get", "stream"]
