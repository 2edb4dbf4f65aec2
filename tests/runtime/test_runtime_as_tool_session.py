from __future__ import annotations

import asyncio
from typing import Any

import pytest
from runtime_helpers import MemorySession, assistant_message, function_call, usage

from agentkit.agent import Agent, AgentToolStreamEvent
from agentkit.exceptions import UserError
from agentkit.result import RunResult, RunResultStreaming
from agentkit.run import Runner
from agentkit.run_config import RunConfig
from agentkit.stream_events import RawResponsesStreamEvent, RunItemStreamEvent
from agentkit.testing import ModelStep, ScriptedModel
from agentkit.tool import FunctionTool


def orchestrator(
    sub_steps: list[Any], main_steps: list[Any], **as_tool: Any
) -> tuple[Agent[Any], ScriptedModel, ScriptedModel]:
    sub_model, main_model = ScriptedModel(sub_steps), ScriptedModel(main_steps)
    sub = Agent(name="Translator Agent", instructions="Translate.", model=sub_model)
    tool = sub.as_tool(
        tool_name=as_tool.pop("tool_name", None), tool_description="Translates", **as_tool
    )
    return Agent(name="main", model=main_model, tools=[tool]), sub_model, main_model


async def test_as_tool_gets_only_generated_input_and_parent_keeps_control() -> None:
    main, sub_model, main_model = orchestrator(
        [{"output": [assistant_message("hello")], "usage": usage(3, 1)}],
        [
            {
                "output": [function_call("translator_agent", {"input": "bonjour"}, call_id="t1")],
                "usage": usage(5, 1),
            },
            {"output": [assistant_message("It means hello")], "usage": usage(7, 1)},
        ],
    )
    result = await Runner.run(main, [{"role": "user", "content": "secret parent history"}])
    tool = main.tools[0]
    assert isinstance(tool, FunctionTool) and tool.name == "translator_agent"
    assert tool.params_json_schema["required"] == ["input"]
    assert sub_model.calls[0].input == [{"content": "bonjour", "role": "user"}]
    assert sub_model.calls[0].system_instructions == "Translate."
    assert main_model.calls[1].input[-1]["output"] == "hello"
    assert result.last_agent is main and result.final_output == "It means hello"
    # Usage of the nested run counts towards the parent run.
    assert result.context_wrapper.usage.requests == 3
    assert result.context_wrapper.usage.input_tokens == 15


async def test_custom_output_extractor() -> None:
    invocations: list[Any] = []

    async def extract(result: RunResult | RunResultStreaming) -> str:
        invocations.append(result.agent_tool_invocation)
        return f"extracted:{result.final_output}"

    main, _, main_model = orchestrator(
        [[assistant_message("raw")]],
        [[function_call("tr", {"input": "x"}, call_id="t1")], [assistant_message("ok")]],
        tool_name="tr",
        custom_output_extractor=extract,
    )
    top = await Runner.run(main, "x")
    assert main_model.calls[1].input[-1]["output"] == "extracted:raw"
    assert invocations[0].tool_name == "tr" and invocations[0].tool_call_id == "t1"
    assert invocations[0].tool_arguments == '{"input":"x"}'
    assert top.agent_tool_invocation is None


async def test_as_tool_disabled() -> None:
    main, _, main_model = orchestrator([], [[assistant_message("ok")]], is_enabled=False)
    await Runner.run(main, "x")
    assert main_model.calls[0].tools == []


async def test_as_tool_failure_error_function() -> None:
    main, _, main_model = orchestrator(
        [ModelStep.raise_error(RuntimeError("sub failed"))],
        [
            [function_call("translator_agent", {"input": "x"}, call_id="t1")],
            [assistant_message("ok")],
        ],
    )
    result = await Runner.run(main, "x")
    assert result.final_output == "ok"
    assert "error" in main_model.calls[1].input[-1]["output"].lower()

    main, _, _ = orchestrator(
        [ModelStep.raise_error(RuntimeError("sub failed"))],
        [[function_call("translator_agent", {"input": "x"}, call_id="t1")]],
        failure_error_function=None,
    )
    with pytest.raises(Exception, match="sub failed"):
        await Runner.run(main, "x")


@pytest.mark.parametrize("use_async", [False, True])
async def test_as_tool_on_stream(use_async: bool) -> None:
    received: list[AgentToolStreamEvent] = []

    if use_async:

        async def on_stream(event: AgentToolStreamEvent) -> None:
            await asyncio.sleep(0)
            received.append(event)

        callback: Any = on_stream
    else:
        callback = received.append

    main, sub_model, _ = orchestrator(
        [[assistant_message("streamed hello")]],
        [
            [function_call("translator_agent", {"input": "x"}, call_id="t1")],
            [assistant_message("ok")],
        ],
        on_stream=callback,
    )
    result = await Runner.run(main, "x")
    assert result.final_output == "ok"
    assert sub_model.calls[0].streamed
    assert received[0]["event"].type == "agent_updated_stream_event"
    assert all(e["agent"].name == "Translator Agent" for e in received)
    assert received[0]["tool_call"] is not None and received[0]["tool_call"].call_id == "t1"
    kinds = [type(e["event"]) for e in received]
    assert RawResponsesStreamEvent in kinds and kinds[-1] is RunItemStreamEvent


def test_on_stream_must_be_callable() -> None:
    with pytest.raises(UserError):
        Agent(name="a").as_tool("t", "d", None, True, "not callable")  # type: ignore[arg-type]


async def test_session_history_round_trip() -> None:
    session = MemorySession()
    m1 = ScriptedModel([[assistant_message("first answer")]])
    await Runner.run(Agent(name="a", model=m1), "first question", session=session)
    assert session.items[0] == {"content": "first question", "role": "user"}
    assert len(session.items) == 2
    m2 = ScriptedModel([{"output": [assistant_message("second answer")], "usage": usage(1, 1)}])
    result = await Runner.run(Agent(name="a", model=m2), "second question", session=session)
    sent = m2.calls[0].input
    assert sent[0] == {"content": "first question", "role": "user"}
    assert sent[1]["role"] == "assistant"
    assert sent[2] == {"content": "second question", "role": "user"}
    assert len(session.items) == 4
    assert result.context_wrapper.usage.requests == 1  # this run's usage only


async def test_session_input_callback() -> None:
    session = MemorySession()
    session.items = [
        {"role": "user", "content": "old"},
        {"role": "assistant", "content": "older reply"},
    ]
    got: list[Any] = []

    def keep_last(history: list[Any], new: list[Any]) -> list[Any]:
        got.append((list(history), list(new)))
        return history[-1:] + new

    model = ScriptedModel([[assistant_message("ok")]])
    await Runner.run(
        Agent(name="a", model=model),
        "new",
        session=session,
        run_config=RunConfig(session_input_callback=keep_last),
    )
    assert got[0][1] == [{"content": "new", "role": "user"}]
    assert model.calls[0].input == [
        {"role": "assistant", "content": "older reply"},
        {"content": "new", "role": "user"},
    ]
    # Only the new input and new items are stored, not the history again.
    assert session.items[2] == {"content": "new", "role": "user"}
    assert len(session.items) == 4


async def test_guardrail_trip_still_saves_input_to_session() -> None:
    from agentkit.exceptions import InputGuardrailTripwireTriggered
    from agentkit.guardrail import GuardrailFunctionOutput, input_guardrail

    @input_guardrail(run_in_parallel=False)
    def block(ctx: Any, agent: Any, inp: Any) -> GuardrailFunctionOutput:
        return GuardrailFunctionOutput(output_info=None, tripwire_triggered=True)

    session = MemorySession()
    with pytest.raises(InputGuardrailTripwireTriggered):
        await Runner.run(
            Agent(name="a", model=ScriptedModel([]), input_guardrails=[block]),
            "hi",
            session=session,
        )
    assert session.items == [{"content": "hi", "role": "user"}]


async def test_as_tool_structured_parameters() -> None:
    from pydantic import BaseModel, Field

    from agentkit.agent_tool_input import STRUCTURED_INPUT_PREAMBLE

    class TranslateArgs(BaseModel):
        text: str = Field(description="Text to translate")
        target: str = Field(description="Target language")

    sub_model = ScriptedModel([[assistant_message("hola")], [assistant_message("ciao")]])
    sub = Agent(name="Translator", model=sub_model)
    tool = sub.as_tool("translate", "Translate", parameters=TranslateArgs)
    assert tool.params_json_schema["required"] == ["text", "target"]
    main_model = ScriptedModel(
        [
            [function_call("translate", {"text": "hello", "target": "es"}, call_id="t1")],
            [assistant_message("done")],
        ]
    )
    await Runner.run(Agent(name="main", model=main_model, tools=[tool]), "x")
    sent = sub_model.calls[0].input[0]["content"]
    assert sent.startswith(STRUCTURED_INPUT_PREAMBLE + "\n## Structured Input Data:\n\n```\n")
    assert '"target": "es"' in sent
    assert "## Input Schema Summary:\n- text (string, required) - Text to translate" in sent

    def builder(options: Any) -> str:
        return f"translate {options['params']['text']} to {options['params']['target']}"

    tool2 = sub.as_tool("translate", "Translate", parameters=TranslateArgs, input_builder=builder)
    main_model = ScriptedModel(
        [
            [function_call("translate", {"text": "hi", "target": "it"}, call_id="t2")],
            [assistant_message("done")],
        ]
    )
    await Runner.run(Agent(name="main", model=main_model, tools=[tool2]), "x")
    assert sub_model.calls[1].input == [{"content": "translate hi to it", "role": "user"}]

    with pytest.raises(TypeError, match="dataclass or Pydantic"):
        sub.as_tool("t", "d", parameters=int)
