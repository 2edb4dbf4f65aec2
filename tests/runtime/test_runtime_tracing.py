from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from runtime_helpers import assistant_message, function_call

from agentkit.agent import Agent
from agentkit.run import Runner
from agentkit.run_config import RunConfig
from agentkit.testing import ScriptedModel
from agentkit.tool import function_tool
from agentkit.tracing import (
    TracingProcessor,
    get_current_trace,
    set_trace_processors,
    set_tracing_disabled,
    trace,
)
from agentkit.tracing import setup as tracing_setup
from agentkit.tracing.provider import DefaultTraceProvider


class Collector(TracingProcessor):
    def __init__(self) -> None:
        self.traces: list[Any] = []
        self.spans: list[Any] = []

    def on_trace_start(self, trace: Any) -> None:
        self.traces.append(trace)

    def on_trace_end(self, trace: Any) -> None:
        pass

    def on_span_start(self, span: Any) -> None:
        pass

    def on_span_end(self, span: Any) -> None:
        self.spans.append(span)

    def shutdown(self) -> None:
        pass

    def force_flush(self) -> None:
        pass

    def of_type(self, kind: str) -> list[Any]:
        return [s for s in self.spans if s.span_data.type == kind]


@pytest.fixture
def collector(monkeypatch: pytest.MonkeyPatch) -> Iterator[Collector]:
    # A fresh global provider for the test, so neither its processors nor its disabled flag
    # outlive it (and no default exporter is started).
    for name in ("AGENTKIT_DISABLE_TRACING", "OPENAI_AGENTS_DISABLE_TRACING"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(tracing_setup, "GLOBAL_TRACE_PROVIDER", DefaultTraceProvider())
    c = Collector()
    set_trace_processors([c])
    yield c


@function_tool
def lookup(q: str) -> str:
    """Look up."""
    return "answer"


def tool_agent(**kwargs: Any) -> Agent[Any]:
    model = ScriptedModel(
        [[function_call("lookup", {"q": "x"}, call_id="c1")], [assistant_message("done")]]
    )
    return Agent(name="Researcher", model=model, tools=[lookup], **kwargs)


async def test_default_run_trace_and_span_tree(collector: Collector) -> None:
    await Runner.run(tool_agent(), "go")
    assert [t.name for t in collector.traces] == ["Agent workflow"]
    by_id = {s.span_id: s for s in collector.spans}
    agent_span = collector.of_type("agent")[0]
    assert agent_span.span_data.name == "Researcher"
    assert agent_span.span_data.tools == ["lookup"]
    assert agent_span.span_data.output_type == "str"
    task = collector.of_type("task")[0]
    assert agent_span.parent_id == task.span_id
    function = collector.of_type("function")[0]
    turn = by_id[function.parent_id]
    assert turn.span_data.type == "turn" and turn.parent_id == agent_span.span_id
    assert function.span_data.input == '{"q":"x"}' and function.span_data.output == "answer"
    assert all(s.trace_id == collector.traces[0].trace_id for s in collector.spans)


async def test_run_config_trace_fields(collector: Collector) -> None:
    await Runner.run(
        tool_agent(),
        "go",
        run_config=RunConfig(
            workflow_name="wf",
            group_id="thread-1",
            trace_metadata={"k": "v"},
            trace_id="trace_" + "a" * 32,
        ),
    )
    t = collector.traces[0]
    assert (t.name, t.group_id, t.metadata, t.trace_id) == (
        "wf",
        "thread-1",
        {"k": "v"},
        "trace_" + "a" * 32,
    )


async def test_sensitive_data_left_out(collector: Collector) -> None:
    await Runner.run(tool_agent(), "go", run_config=RunConfig(trace_include_sensitive_data=False))
    function = collector.of_type("function")[0]
    assert function.span_data.input is None and function.span_data.output is None


async def test_tracing_disabled(collector: Collector) -> None:
    await Runner.run(tool_agent(), "go", run_config=RunConfig(tracing_disabled=True))
    assert collector.traces == [] and collector.spans == []
    set_tracing_disabled(True)
    await Runner.run(tool_agent(), "go")
    assert collector.traces == [] and collector.spans == []


async def test_runs_nest_in_user_trace(collector: Collector) -> None:
    with trace("Outer") as outer:
        assert get_current_trace() is outer
        await Runner.run(tool_agent(), "one")
        await Runner.run(tool_agent(), "two")
    assert get_current_trace() is None
    assert [t.name for t in collector.traces] == ["Outer"]
    assert len(collector.of_type("agent")) == 2
    assert {s.trace_id for s in collector.spans} == {outer.trace_id}


async def test_task_and_turn_spans_can_be_turned_off(collector: Collector) -> None:
    await Runner.run(
        tool_agent(), "go", run_config=RunConfig(tracing={"include_task_and_turn_spans": False})
    )
    assert collector.of_type("task") == [] and collector.of_type("turn") == []
    assert collector.of_type("agent")[0].parent_id is None


async def test_errors_recorded_on_spans(collector: Collector) -> None:
    from agentkit.exceptions import MaxTurnsExceeded

    model = ScriptedModel(
        [[function_call("lookup", {"q": "x"}, call_id=f"c{i}")] for i in range(2)]
    )
    with pytest.raises(MaxTurnsExceeded):
        await Runner.run(Agent(name="a", model=model, tools=[lookup]), "x", max_turns=1)
    agent_span = collector.of_type("agent")[0]
    assert agent_span.error["message"] == "Max turns exceeded"
    assert agent_span.error["data"] == {"max_turns": 1}


async def test_handoff_span(collector: Collector) -> None:
    b = Agent(name="B", model=ScriptedModel([[assistant_message("x")]]))
    a = Agent(
        name="A",
        model=ScriptedModel([[function_call("transfer_to_b", "{}", call_id="h")]]),
        handoffs=[b],
    )
    await Runner.run(a, "x")
    handoff = collector.of_type("handoff")[0]
    assert (handoff.span_data.from_agent, handoff.span_data.to_agent) == ("A", "B")
    assert [s.span_data.name for s in collector.of_type("agent")] == ["A", "B"]
    assert collector.of_type("agent")[0].span_data.handoffs == ["B"]
