"""Span trees the runner produces, seen through a recording processor (scripted models, no HTTP).

The expected trees are those openai-agents 0.24.0 produces for the same scripts.
"""

from __future__ import annotations

from typing import Any

from tracing_support import Recorder

from agentkit.agent import Agent
from agentkit.guardrail import GuardrailFunctionOutput, input_guardrail
from agentkit.run import Runner
from agentkit.run_config import RunConfig
from agentkit.run_context import RunContextWrapper
from agentkit.testing import ScriptedModel, assistant_message, function_call
from agentkit.tool import function_tool
from agentkit.tracing import Span, get_current_trace, trace


@function_tool
def get_weather(city: str) -> str:
    """The weather in a city."""
    return f"sunny in {city}"


def tree(recorder: Recorder) -> list[tuple[str, str, str | None]]:
    """(type, name, parent name) per finished span, in finish order."""
    spans = recorder.ended_spans()
    names = {s.span_id: _name(s) for s in spans}
    return [(s.span_data.type, _name(s), names.get(s.parent_id or "")) for s in spans]


def _name(span: Span[Any]) -> str:
    data = span.span_data
    return str(getattr(data, "name", None) or data.type)


def traces(recorder: Recorder) -> list[Any]:
    return [item for event, item in recorder.events if event == "trace_start"]


async def test_single_run_with_parallel_tools(recorder: Recorder) -> None:
    model = ScriptedModel(
        [
            [
                function_call("get_weather", {"city": "Paris"}, call_id="c1"),
                function_call("get_weather", {"city": "Rome"}, call_id="c2"),
            ],
            [assistant_message("done")],
        ],
        emit_traces=True,
    )
    agent = Agent(name="A", model=model, tools=[get_weather])
    result = await Runner.run(
        agent, "hi", run_config=RunConfig(group_id="g1", trace_metadata={"m": 1})
    )
    assert result.final_output == "done"
    [run_trace] = traces(recorder)
    assert run_trace.name == "Agent workflow"
    assert run_trace.export()["group_id"] == "g1" and run_trace.export()["metadata"] == {"m": 1}
    assert sorted(tree(recorder)) == sorted(
        [
            ("generation", "generation", "turn"),
            ("function", "get_weather", "turn"),
            ("function", "get_weather", "turn"),
            ("turn", "turn", "A"),
            ("generation", "generation", "turn"),
            ("turn", "turn", "A"),
            ("agent", "A", "Agent workflow"),
            ("task", "Agent workflow", None),
        ]
    )
    functions = [s for s in recorder.ended_spans() if s.span_data.type == "function"]
    assert {s.span_data.input for s in functions} == {'{"city":"Paris"}', '{"city":"Rome"}'}
    assert {s.span_data.output for s in functions} == {"sunny in Paris", "sunny in Rome"}
    assert recorder.events[-1][0] == "trace_end" and get_current_trace() is None


async def test_sensitive_data_off_keeps_spans_without_data(recorder: Recorder) -> None:
    model = ScriptedModel(
        [[function_call("get_weather", {"city": "Paris"}, call_id="c1")], [assistant_message("ok")]]
    )
    agent = Agent(name="A", model=model, tools=[get_weather])
    await Runner.run(agent, "hi", run_config=RunConfig(trace_include_sensitive_data=False))
    [fn] = [s for s in recorder.ended_spans() if s.span_data.type == "function"]
    assert fn.span_data.input is None and fn.span_data.output is None


async def test_handoff_span_and_second_agent(recorder: Recorder) -> None:
    specialist = Agent(name="Specialist", model=ScriptedModel([[assistant_message("handled")]]))
    triage = Agent(
        name="Triage",
        model=ScriptedModel([[function_call("transfer_to_specialist", {}, call_id="h1")]]),
        handoffs=[specialist],
    )
    result = await Runner.run(triage, "help")
    assert result.final_output == "handled"
    assert tree(recorder) == [
        ("handoff", "handoff", "turn"),
        ("turn", "turn", "Triage"),
        ("agent", "Triage", "Agent workflow"),
        ("turn", "turn", "Specialist"),
        ("agent", "Specialist", "Agent workflow"),
        ("task", "Agent workflow", None),
    ]
    [handoff] = [s for s in recorder.ended_spans() if s.span_data.type == "handoff"]
    assert handoff.span_data.export() == {
        "type": "handoff",
        "from_agent": "Triage",
        "to_agent": "Specialist",
    }
    [triage_span] = [s for s in recorder.ended_spans() if _name(s) == "Triage"]
    assert triage_span.span_data.export()["handoffs"] == ["Specialist"]


async def test_guardrail_span(recorder: Recorder) -> None:
    @input_guardrail
    def no_secrets(
        ctx: RunContextWrapper[Any], agent: Agent[Any], data: Any
    ) -> GuardrailFunctionOutput:
        return GuardrailFunctionOutput(output_info=None, tripwire_triggered=False)

    agent = Agent(
        name="A", model=ScriptedModel([[assistant_message("ok")]]), input_guardrails=[no_secrets]
    )
    await Runner.run(agent, "hi")
    [guard] = [s for s in recorder.ended_spans() if s.span_data.type == "guardrail"]
    assert guard.span_data.export() == {
        "type": "guardrail",
        "name": "no_secrets",
        "triggered": False,
    }
    assert tree(recorder) == [
        ("guardrail", "no_secrets", "turn"),
        ("turn", "turn", "A"),
        ("agent", "A", "Agent workflow"),
        ("task", "Agent workflow", None),
    ]


async def test_agent_as_tool_nests_under_the_function_span(recorder: Recorder) -> None:
    inner = Agent(name="Inner", model=ScriptedModel([[assistant_message("inner answer")]]))
    outer = Agent(
        name="Outer",
        model=ScriptedModel(
            [[function_call("ask_inner", {"input": "q"}, call_id="c1")], [assistant_message("ok")]]
        ),
        tools=[inner.as_tool(tool_name="ask_inner", tool_description="Ask the inner agent")],
    )
    await Runner.run(outer, "hi")
    assert len(traces(recorder)) == 1  # the nested run joins the outer trace
    assert tree(recorder) == [
        ("turn", "turn", "Inner"),
        ("agent", "Inner", "Agent workflow"),
        ("task", "Agent workflow", "ask_inner"),
        ("function", "ask_inner", "turn"),
        ("turn", "turn", "Outer"),
        ("turn", "turn", "Outer"),
        ("agent", "Outer", "Agent workflow"),
        ("task", "Agent workflow", None),
    ]


async def test_streamed_run_has_the_same_tree(recorder: Recorder) -> None:
    model = ScriptedModel(
        [[function_call("get_weather", {"city": "Oslo"}, call_id="c1")], [assistant_message("ok")]],
        emit_traces=True,
    )
    agent = Agent(name="A", model=model, tools=[get_weather])
    streamed = Runner.run_streamed(agent, "hi")
    async for _ in streamed.stream_events():
        pass
    assert streamed.final_output == "ok"
    assert tree(recorder) == [
        ("generation", "generation", "turn"),
        ("function", "get_weather", "turn"),
        ("turn", "turn", "A"),
        ("generation", "generation", "turn"),
        ("turn", "turn", "A"),
        ("agent", "A", "Agent workflow"),
        ("task", "Agent workflow", None),
    ]
    assert [e for e, _ in recorder.events][-1] == "trace_end"


async def test_user_trace_wraps_several_runs(recorder: Recorder) -> None:
    agent = Agent(
        name="A", model=ScriptedModel([[assistant_message("1")], [assistant_message("2")]])
    )
    with trace("Two runs") as outer:
        await Runner.run(agent, "a")
        await Runner.run(agent, "b")
        assert get_current_trace() is outer
    assert [t.name for t in traces(recorder)] == ["Two runs"]
    assert {s.trace_id for s in recorder.ended_spans()} == {outer.trace_id}
    assert [s.span_data.type for s in recorder.ended_spans()].count("task") == 2


async def test_disabled_runs_record_nothing(recorder: Recorder) -> None:
    agent = Agent(
        name="A", model=ScriptedModel([[assistant_message("x")], [assistant_message("y")]])
    )
    await Runner.run(agent, "a", run_config=RunConfig(tracing_disabled=True))
    with trace("outer"):
        await Runner.run(agent, "b", run_config=RunConfig(tracing_disabled=True))
    assert [e for e, _ in recorder.events] == ["trace_start", "trace_end"]


async def test_per_run_tracing_key_reaches_every_span(recorder: Recorder) -> None:
    agent = Agent(name="A", model=ScriptedModel([[assistant_message("x")]], emit_traces=True))
    config = RunConfig(tracing={"api_key": "sk-run"}, trace_id="trace_" + "b" * 32)
    await Runner.run(agent, "a", run_config=config)
    [run_trace] = traces(recorder)
    assert run_trace.trace_id == "trace_" + "b" * 32 and run_trace.tracing_api_key == "sk-run"
    assert {s.tracing_api_key for s in recorder.ended_spans()} == {"sk-run"}


async def test_any_string_run_trace_id_is_used_as_upstream(recorder: Recorder) -> None:
    agent = Agent(name="A", model=ScriptedModel([[assistant_message("x")]]))
    await Runner.run(agent, "a", run_config=RunConfig(trace_id="my-trace"))
    [run_trace] = traces(recorder)
    assert run_trace.trace_id == "my-trace"
