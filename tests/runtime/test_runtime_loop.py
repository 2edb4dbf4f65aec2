from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from typing import Any

import pytest
from runtime_helpers import assistant_message, function_call

from agentkit.agent import Agent, StopAtTools, ToolsToFinalOutputResult
from agentkit.exceptions import MaxTurnsExceeded, ModelBehaviorError, ModelRefusalError, UserError
from agentkit.items import (
    MessageOutputItem,
    ModelResponse,
    ToolCallItem,
    ToolCallOutputItem,
)
from agentkit.model_settings import ModelSettings
from agentkit.models.interface import Model, ModelProvider
from agentkit.run import Runner
from agentkit.run_config import CallModelData, ModelInputData, RunConfig
from agentkit.run_context import RunContextWrapper
from agentkit.run_error_handlers import RunErrorHandlerInput, RunErrorHandlerResult
from agentkit.testing import ScriptedModel
from agentkit.tool import FunctionToolResult, function_tool
from agentkit.tool_context import ToolContext
from agentkit.types.responses import ResponseOutputMessage, ResponseOutputRefusal
from agentkit.usage import Usage


@dataclass
class Ctx:
    name: str
    calls: int = 0


calls: list[Any] = []


@function_tool
def add(a: int, b: int) -> int:
    """Add two numbers."""
    calls.append((a, b))
    return a + b


@function_tool
def other(x: str) -> str:
    """Echo."""
    return f"other:{x}"


def tool_loop_model(*steps: Any) -> ScriptedModel:
    return ScriptedModel(list(steps))


async def test_plain_message_run() -> None:
    model = ScriptedModel([[assistant_message("hi there")]])
    result = await Runner.run(Agent(name="a", model=model), "hello")
    assert result.final_output == "hi there"
    assert len(result.raw_responses) == 1
    assert [type(i) for i in result.new_items] == [MessageOutputItem]
    assert model.first_call is not None
    assert model.first_call.input == [{"content": "hello", "role": "user"}]


async def test_tool_loop_items_in_order() -> None:
    calls.clear()
    model = tool_loop_model(
        [function_call("add", {"a": 2, "b": 3}, call_id="c1")],
        [assistant_message("5")],
    )
    result = await Runner.run(Agent(name="a", model=model, tools=[add]), "add")
    assert calls == [(2, 3)]
    assert [type(i) for i in result.new_items] == [
        ToolCallItem,
        ToolCallOutputItem,
        MessageOutputItem,
    ]
    second_input = model.calls[1].input
    assert second_input[-1] == {"call_id": "c1", "output": "5", "type": "function_call_output"}
    assert result.final_output == "5"


async def test_stop_on_first_tool() -> None:
    model = tool_loop_model(
        [
            function_call("other", {"x": "first"}, call_id="c1"),
            function_call("add", {"a": 1, "b": 1}, call_id="c2"),
        ]
    )
    agent = Agent(name="a", model=model, tools=[other, add], tool_use_behavior="stop_on_first_tool")
    result = await Runner.run(agent, "x")
    assert result.final_output == "other:first"
    assert len(model.calls) == 1


async def test_stop_at_tools() -> None:
    model = tool_loop_model(
        [function_call("add", {"a": 1, "b": 1}, call_id="c1")],
        [function_call("other", {"x": "stop"}, call_id="c2")],
    )
    agent = Agent(
        name="a",
        model=model,
        tools=[other, add],
        tool_use_behavior=StopAtTools(stop_at_tool_names=["other"]),
    )
    result = await Runner.run(agent, "x")
    assert result.final_output == "other:stop"
    assert len(model.calls) == 2


async def test_custom_tool_use_behavior() -> None:
    seen: list[list[FunctionToolResult]] = []

    async def decide(
        ctx: RunContextWrapper[Any], results: list[FunctionToolResult]
    ) -> ToolsToFinalOutputResult:
        seen.append(results)
        return ToolsToFinalOutputResult(
            is_final_output=True, final_output=f"custom {results[0].output}"
        )

    model = tool_loop_model([function_call("add", {"a": 4, "b": 4}, call_id="c1")])
    agent = Agent(name="a", model=model, tools=[add], tool_use_behavior=decide)
    result = await Runner.run(agent, "x")
    assert result.final_output == "custom 8"
    assert seen[0][0].tool is add and isinstance(seen[0][0].run_item, ToolCallOutputItem)


async def test_custom_behavior_must_return_result() -> None:
    model = tool_loop_model([function_call("add", {"a": 4, "b": 4}, call_id="c1")])
    agent = Agent(name="a", model=model, tools=[add], tool_use_behavior=lambda c, r: "nope")  # type: ignore[arg-type,return-value]
    with pytest.raises(UserError, match="ToolsToFinalOutputResult"):
        await Runner.run(agent, "x")


async def test_max_turns_exceeded() -> None:
    model = ScriptedModel(
        [[function_call("add", {"a": 1, "b": 1}, call_id=f"c{i}")] for i in range(5)]
    )
    with pytest.raises(MaxTurnsExceeded, match=r"Max turns \(2\) exceeded") as info:
        await Runner.run(Agent(name="a", model=model, tools=[add]), "x", max_turns=2)
    assert len(model.calls) == 2
    assert info.value.run_data is not None
    assert len(info.value.run_data.new_items) == 4
    assert info.value.run_data.last_agent.name == "a"


async def test_max_turns_error_handler() -> None:
    model = ScriptedModel(
        [[function_call("add", {"a": 1, "b": 1}, call_id=f"c{i}")] for i in range(3)]
    )
    seen: list[RunErrorHandlerInput[Any]] = []

    def handler(data: RunErrorHandlerInput[Any]) -> RunErrorHandlerResult:
        seen.append(data)
        return RunErrorHandlerResult(final_output="gave up")

    result = await Runner.run(
        Agent(name="a", model=model, tools=[add]),
        "x",
        max_turns=1,
        error_handlers={"max_turns": handler},
    )
    assert result.final_output == "gave up"
    assert isinstance(seen[0].error, MaxTurnsExceeded)
    assert seen[0].run_data.history[0] == {"content": "x", "role": "user"}
    assert isinstance(result.new_items[-1], MessageOutputItem)


async def test_refusal_raises_model_refusal_error() -> None:
    refusal = ResponseOutputMessage(
        id="m",
        type="message",
        role="assistant",
        status="completed",
        content=[ResponseOutputRefusal(type="refusal", refusal="no way")],
    )
    with pytest.raises(ModelRefusalError, match="no way"):
        await Runner.run(Agent(name="a", model=ScriptedModel([[refusal]])), "x")


class RecordingProvider(ModelProvider):
    def __init__(self, model: Model) -> None:
        self.model = model
        self.names: list[str | None] = []

    def get_model(self, model_name: str | None) -> Model:
        self.names.append(model_name)
        return self.model


async def test_run_config_model_override_and_settings_merge() -> None:
    agent_model = ScriptedModel([[assistant_message("agent")]])
    run_model = ScriptedModel([[assistant_message("run")]])
    agent = Agent(
        name="a",
        model=agent_model,
        model_settings=ModelSettings(temperature=0.1, top_p=0.2, extra_args={"a": 1}),
    )
    result = await Runner.run(
        agent,
        "x",
        run_config=RunConfig(
            model=run_model, model_settings=ModelSettings(temperature=0.9, extra_args={"b": 2})
        ),
    )
    assert result.final_output == "run"
    assert not agent_model.calls
    settings = run_model.calls[0].model_settings
    assert settings.temperature == 0.9 and settings.top_p == 0.2
    assert settings.extra_args == {"a": 1, "b": 2}


async def test_model_names_resolved_by_provider() -> None:
    provider = RecordingProvider(
        ScriptedModel([[assistant_message("x")], [assistant_message("y")]])
    )
    await Runner.run(
        Agent(name="a", model="my-model"), "x", run_config=RunConfig(model_provider=provider)
    )
    await Runner.run(
        Agent(name="a", model="my-model"),
        "x",
        run_config=RunConfig(model="forced", model_provider=provider),
    )
    assert provider.names == ["my-model", "forced"]


async def test_reset_tool_choice() -> None:
    model = tool_loop_model(
        [function_call("add", {"a": 1, "b": 1}, call_id="c1")], [assistant_message("done")]
    )
    agent = Agent(
        name="a", model=model, tools=[add], model_settings=ModelSettings(tool_choice="required")
    )
    await Runner.run(agent, "x")
    assert model.calls[0].model_settings.tool_choice == "required"
    assert model.calls[1].model_settings.tool_choice is None

    model2 = tool_loop_model(
        [function_call("add", {"a": 1, "b": 1}, call_id="c1")], [assistant_message("done")]
    )
    await Runner.run(agent.clone(model=model2, reset_tool_choice=False), "x")
    assert model2.calls[1].model_settings.tool_choice == "required"


async def test_unknown_tool_raises_or_returns_error() -> None:
    model = tool_loop_model([function_call("missing", "{}", call_id="c1")])
    with pytest.raises(ModelBehaviorError, match="Tool missing not found in agent a"):
        await Runner.run(Agent(name="a", model=model, tools=[add]), "x")

    model = tool_loop_model(
        [function_call("missing", "{}", call_id="c1")], [assistant_message("ok")]
    )
    result = await Runner.run(
        Agent(name="a", model=model, tools=[add]),
        "x",
        run_config=RunConfig(tool_not_found_behavior="return_error_to_model"),
    )
    assert result.final_output == "ok"
    assert model.calls[1].input[-1]["output"] == "Tool 'missing' not found."


async def test_disabled_tool_hidden_and_call_rejected() -> None:
    seen: list[Any] = []

    def enabled(ctx: RunContextWrapper[Any], agent: Agent[Any]) -> bool:
        seen.append((ctx.context, agent.name))
        return False

    @function_tool(is_enabled=enabled)
    def secret() -> str:
        """Secret."""
        return "s"

    model = tool_loop_model([function_call("secret", "{}", call_id="c1")])
    with pytest.raises(ModelBehaviorError):
        await Runner.run(Agent(name="a", model=model, tools=[secret, add]), "x", context="ctx")
    assert [t.name for t in model.calls[0].tools] == ["add"]
    assert seen == [("ctx", "a")]


async def test_tool_error_default_message_and_none_raises() -> None:
    @function_tool
    def boom() -> str:
        """Fails."""
        raise RuntimeError("kaput")

    model = tool_loop_model([function_call("boom", "{}", call_id="c1")], [assistant_message("ok")])
    result = await Runner.run(Agent(name="a", model=model, tools=[boom]), "x")
    assert result.final_output == "ok"
    assert "error" in model.calls[1].input[-1]["output"].lower()

    @function_tool(failure_error_function=None)
    def boom2() -> str:
        """Fails."""
        raise RuntimeError("kaput")

    model = tool_loop_model([function_call("boom2", "{}", call_id="c1")])
    with pytest.raises(UserError, match="kaput"):
        await Runner.run(Agent(name="a", model=model, tools=[boom2]), "x")


async def test_parallel_tool_calls_run_concurrently() -> None:
    started: list[str] = []
    both = asyncio.Event()

    @function_tool
    async def wait_for_peer(tag: str) -> str:
        """Waits."""
        started.append(tag)
        if len(started) == 2:
            both.set()
        await asyncio.wait_for(both.wait(), 2)
        return tag

    model = tool_loop_model(
        [
            function_call("wait_for_peer", {"tag": "a"}, call_id="c1"),
            function_call("wait_for_peer", {"tag": "b"}, call_id="c2"),
        ],
        [assistant_message("done")],
    )
    result = await Runner.run(Agent(name="a", model=model, tools=[wait_for_peer]), "x")
    assert result.final_output == "done"
    outputs = [i.output for i in result.new_items if isinstance(i, ToolCallOutputItem)]
    assert outputs == ["a", "b"]  # call order, not completion order


async def test_context_reaches_tools_and_is_not_sent() -> None:
    ctx = Ctx(name="secret-context-value")
    seen: list[ToolContext[Ctx]] = []

    @function_tool
    def uses_ctx(wrapper: ToolContext[Ctx], n: int) -> str:
        """Uses context."""
        seen.append(wrapper)
        wrapper.context.calls += 1
        return "ok"

    model = tool_loop_model(
        [function_call("uses_ctx", {"n": 1}, call_id="call-9")], [assistant_message("done")]
    )
    result = await Runner.run(Agent(name="a", model=model, tools=[uses_ctx]), "x", context=ctx)
    assert result.context_wrapper.context is ctx and ctx.calls == 1
    assert seen[0].context is ctx
    assert seen[0].tool_name == "uses_ctx"
    assert seen[0].tool_call_id == "call-9"
    assert json.loads(seen[0].tool_arguments) == {"n": 1}
    assert "secret-context-value" not in json.dumps([c.input for c in model.calls], default=str)


async def test_call_model_input_filter() -> None:
    seen: list[CallModelData[Any]] = []

    def filt(data: CallModelData[Any]) -> ModelInputData:
        seen.append(data)
        return ModelInputData(input=data.model_data.input[-1:], instructions="replaced")

    model = ScriptedModel([[assistant_message("ok")]])
    await Runner.run(
        Agent(name="a", model=model, instructions="orig"),
        [{"role": "user", "content": "a"}, {"role": "user", "content": "b"}],
        context="C",
        run_config=RunConfig(call_model_input_filter=filt),
    )
    assert seen[0].context == "C" and seen[0].agent.name == "a"
    assert seen[0].model_data.instructions == "orig"
    assert model.calls[0].system_instructions == "replaced"
    assert model.calls[0].input == [{"role": "user", "content": "b"}]

    with pytest.raises(UserError, match="ModelInputData"):
        await Runner.run(
            Agent(name="a", model=ScriptedModel([[assistant_message("ok")]])),
            "x",
            run_config=RunConfig(call_model_input_filter=lambda d: "bad"),  # type: ignore[arg-type,return-value]
        )


async def test_input_items_list_and_string() -> None:
    model = ScriptedModel([[assistant_message("ok")]])
    items: list[Any] = [
        {"role": "system", "content": "sys"},
        {"role": "user", "content": [{"type": "input_text", "text": "hi"}]},
    ]
    result = await Runner.run(Agent(name="a", model=model), items)
    assert model.calls[0].input == items
    assert result.input == items
    assert result.to_input_list()[:2] == items


async def test_previous_response_id_and_auto() -> None:
    model = tool_loop_model(
        [function_call("add", {"a": 1, "b": 1}, call_id="c1")], [assistant_message("ok")]
    )
    await Runner.run(Agent(name="a", model=model, tools=[add]), "x", previous_response_id="resp_0")
    assert model.calls[0].previous_response_id == "resp_0"
    assert model.calls[1].previous_response_id == "resp-789"
    # Only the new tool output is sent on the second call.
    assert model.calls[1].input == [
        {"call_id": "c1", "output": "2", "type": "function_call_output"}
    ]

    model = tool_loop_model(
        [function_call("add", {"a": 1, "b": 1}, call_id="c1")], [assistant_message("ok")]
    )
    await Runner.run(Agent(name="a", model=model, tools=[add]), "x", conversation_id="conv_1")
    assert [c.conversation_id for c in model.calls] == ["conv_1", "conv_1"]
    assert [c.previous_response_id for c in model.calls] == [None, None]


async def test_structured_output_without_text_runs_again() -> None:
    model = ScriptedModel([[], [assistant_message('{"response": [1, 2]}')]])
    result = await Runner.run(Agent(name="a", model=model, output_type=list[int]), "x")
    assert result.final_output == [1, 2]
    assert len(model.calls) == 2


async def test_empty_response_plain_text_is_empty_output() -> None:
    model = ScriptedModel([ModelResponse(output=[], usage=Usage(), response_id=None)])
    result = await Runner.run(Agent(name="a", model=model), "x")
    assert result.final_output == ""


async def test_max_function_tool_concurrency() -> None:
    running = 0
    peak = 0

    @function_tool
    async def slowish(i: int) -> int:
        """Slow."""
        nonlocal running, peak
        running += 1
        peak = max(peak, running)
        await asyncio.sleep(0.01)
        running -= 1
        return i

    model = tool_loop_model(
        [function_call("slowish", {"i": i}, call_id=f"c{i}") for i in range(4)],
        [assistant_message("done")],
    )
    from agentkit.run_config import ToolExecutionConfig

    await Runner.run(
        Agent(name="a", model=model, tools=[slowish]),
        "x",
        run_config=RunConfig(tool_execution=ToolExecutionConfig(max_function_tool_concurrency=2)),
    )
    assert peak == 2


async def test_model_timeout() -> None:
    from agentkit.exceptions import ModelTimeoutError
    from agentkit.testing import ModelStep

    async def slow(call: Any) -> Any:
        await asyncio.sleep(1)
        return [assistant_message("late")]

    model = ScriptedModel([ModelStep.respond(slow)])
    with pytest.raises(ModelTimeoutError):
        await Runner.run(
            Agent(name="a", model=model, model_settings=ModelSettings(timeout=0.05)), "x"
        )


@pytest.mark.parametrize("with_session", [False, True])
async def test_session_compaction_reads_the_model_settings_only_with_a_session(
    monkeypatch: pytest.MonkeyPatch, with_session: bool
) -> None:
    from runtime_helpers import MemorySession

    from agentkit._run import loop

    resolved: list[ModelSettings] = []
    real = loop.get_model_settings

    def counting(agent: Any, run_config: Any) -> ModelSettings:
        resolved.append(real(agent, run_config))
        return resolved[-1]

    monkeypatch.setattr(loop, "get_model_settings", counting)
    agent = Agent(name="a", model=ScriptedModel([[assistant_message("done")]]))
    session = MemorySession() if with_session else None
    result = await Runner.run(agent, "x", session=session)
    assert result.final_output == "done"
    assert len(resolved) == (1 if with_session else 0)
