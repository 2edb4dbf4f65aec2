"""Tool guardrails and the function-tool execution pipeline the run loop uses."""

from __future__ import annotations

import json
from typing import Any

import pytest

from agentkit.exceptions import (
    ToolGuardrailTripwireTriggered,
    ToolInputGuardrailTripwireTriggered,
    ToolOutputGuardrailTripwireTriggered,
    UserError,
)
from agentkit.tool import FunctionTool, _execute_function_tool, function_tool
from agentkit.tool_context import ToolContext
from agentkit.tool_guardrails import (
    ToolGuardrailFunctionOutput,
    ToolInputGuardrail,
    ToolInputGuardrailData,
    ToolInputGuardrailResult,
    ToolOutputGuardrail,
    ToolOutputGuardrailData,
    ToolOutputGuardrailResult,
    tool_input_guardrail,
    tool_output_guardrail,
)

AGENT: Any = object()  # guardrails receive the agent; these tests only pass it through


def test_function_output_defaults_to_allow() -> None:
    assert ToolGuardrailFunctionOutput().behavior == {"type": "allow"}
    assert ToolGuardrailFunctionOutput(output_info=1).behavior == {"type": "allow"}
    assert ToolGuardrailFunctionOutput.allow("info").behavior == {"type": "allow"}
    rejected = ToolGuardrailFunctionOutput.reject_content("nope", output_info={"k": 1})
    assert rejected.behavior == {"type": "reject_content", "message": "nope"}
    assert rejected.output_info == {"k": 1}
    assert ToolGuardrailFunctionOutput.raise_exception().behavior == {"type": "raise_exception"}


async def test_decorators_with_and_without_parentheses_sync_and_async() -> None:
    @tool_input_guardrail
    def plain(data: ToolInputGuardrailData) -> ToolGuardrailFunctionOutput:
        return ToolGuardrailFunctionOutput.allow(data.context.tool_arguments)

    @tool_input_guardrail(name="custom")
    async def named(data: ToolInputGuardrailData) -> ToolGuardrailFunctionOutput:
        return ToolGuardrailFunctionOutput.reject_content("no")

    @tool_output_guardrail
    async def out(data: ToolOutputGuardrailData) -> ToolGuardrailFunctionOutput:
        return ToolGuardrailFunctionOutput.allow(data.output)

    assert isinstance(plain, ToolInputGuardrail) and plain.get_name() == "plain"
    assert named.get_name() == "custom"
    assert isinstance(out, ToolOutputGuardrail) and out.get_name() == "out"
    ctx = ToolContext(context=None, tool_name="t", tool_call_id="c", tool_arguments='{"a": 1}')
    assert (
        await plain.run(ToolInputGuardrailData(context=ctx, agent=AGENT))
    ).output_info == '{"a": 1}'
    assert (await named.run(ToolInputGuardrailData(context=ctx, agent=AGENT))).behavior[
        "type"
    ] == "reject_content"
    result = await out.run(ToolOutputGuardrailData(context=ctx, agent=AGENT, output=7))
    assert result.output_info == 7


async def test_guardrail_returning_wrong_type_is_a_user_error() -> None:
    guardrail = ToolInputGuardrail(guardrail_function=lambda data: "yes")  # type: ignore[arg-type,return-value]
    ctx = ToolContext(context=None, tool_name="t", tool_call_id="c", tool_arguments="{}")
    with pytest.raises(UserError, match="ToolGuardrailFunctionOutput"):
        await guardrail.run(ToolInputGuardrailData(context=ctx, agent=AGENT))


def _counting_tool(calls: list[dict[str, Any]], **kwargs: Any) -> FunctionTool:
    def record(a: int) -> str:
        calls.append({"a": a})
        return f"result {a}"

    return function_tool(record, **kwargs)


async def _execute(
    tool: FunctionTool, args: dict[str, Any], **extra: Any
) -> tuple[Any, list[Any], list[Any]]:
    raw = json.dumps(args)
    ins: list[ToolInputGuardrailResult] = []
    outs: list[ToolOutputGuardrailResult] = []
    ctx = ToolContext(context=None, tool_name=tool.name, tool_call_id="call_9", tool_arguments=raw)
    outcome = await _execute_function_tool(
        function_tool=tool,
        context=ctx,
        agent=AGENT,
        arguments=raw,
        input_guardrail_results=ins,
        output_guardrail_results=outs,
        **extra,
    )
    return outcome, ins, outs


async def test_pipeline_without_guardrails_invokes_tool() -> None:
    calls: list[dict[str, Any]] = []
    started: list[str] = []

    async def before() -> None:
        started.append("hook")

    outcome, ins, outs = await _execute(_counting_tool(calls), {"a": 1}, before_invoke=before)
    assert (outcome.output, outcome.invoked, outcome.rejected_by) == ("result 1", True, None)
    assert calls == [{"a": 1}] and started == ["hook"]
    assert ins == [] and outs == []


async def test_input_guardrail_reject_skips_tool_and_returns_message() -> None:
    calls: list[dict[str, Any]] = []
    started: list[str] = []

    @tool_input_guardrail
    def block_big(data: ToolInputGuardrailData) -> ToolGuardrailFunctionOutput:
        if json.loads(data.context.tool_arguments)["a"] > 10:
            return ToolGuardrailFunctionOutput.reject_content("a is too big", output_info="big")
        return ToolGuardrailFunctionOutput.allow()

    @tool_output_guardrail
    def never(data: ToolOutputGuardrailData) -> ToolGuardrailFunctionOutput:
        raise AssertionError("output guardrail must not run for a rejected call")

    async def before() -> None:
        started.append("hook")

    tool = _counting_tool(calls, tool_input_guardrails=[block_big], tool_output_guardrails=[never])
    outcome, ins, outs = await _execute(tool, {"a": 11}, before_invoke=before)
    assert outcome.output == "a is too big"
    assert (outcome.invoked, outcome.rejected_by) == (False, "input_guardrail")
    assert calls == [] and started == [] and outs == []
    assert len(ins) == 1 and ins[0].guardrail is block_big and ins[0].output.output_info == "big"


async def test_input_guardrail_raise_exception() -> None:
    calls: list[dict[str, Any]] = []

    @tool_input_guardrail
    def halt(data: ToolInputGuardrailData) -> ToolGuardrailFunctionOutput:
        return ToolGuardrailFunctionOutput.raise_exception(output_info="stop")

    with pytest.raises(ToolInputGuardrailTripwireTriggered) as info:
        await _execute(_counting_tool(calls, tool_input_guardrails=[halt]), {"a": 1})
    assert isinstance(info.value, ToolGuardrailTripwireTriggered)
    assert info.value.guardrail is halt
    assert info.value.output.output_info == "stop"
    assert calls == []


async def test_input_guardrails_run_in_order_until_one_rejects() -> None:
    order: list[str] = []

    def make(name: str, output: ToolGuardrailFunctionOutput) -> ToolInputGuardrail[Any]:
        def check(data: ToolInputGuardrailData) -> ToolGuardrailFunctionOutput:
            order.append(name)
            return output

        return ToolInputGuardrail(guardrail_function=check, name=name)

    guards = [
        make("first", ToolGuardrailFunctionOutput.allow()),
        make("second", ToolGuardrailFunctionOutput.reject_content("second says no")),
        make("third", ToolGuardrailFunctionOutput.allow()),
    ]
    outcome, ins, _ = await _execute(_counting_tool([], tool_input_guardrails=guards), {"a": 1})
    assert order == ["first", "second"]
    assert outcome.output == "second says no"
    assert [r.guardrail.get_name() for r in ins] == ["first", "second"]


async def test_output_guardrail_sees_output_and_can_replace_it() -> None:
    seen: list[Any] = []

    @tool_output_guardrail
    async def redact(data: ToolOutputGuardrailData) -> ToolGuardrailFunctionOutput:
        seen.append((data.output, data.context.tool_call_id, data.agent))
        return ToolGuardrailFunctionOutput.reject_content("[redacted]")

    calls: list[dict[str, Any]] = []
    outcome, ins, outs = await _execute(
        _counting_tool(calls, tool_output_guardrails=[redact]), {"a": 5}
    )
    assert calls == [{"a": 5}]
    assert seen == [("result 5", "call_9", AGENT)]
    assert (outcome.output, outcome.invoked, outcome.rejected_by) == (
        "[redacted]",
        True,
        "output_guardrail",
    )
    assert ins == [] and len(outs) == 1 and outs[0].guardrail is redact


async def test_output_guardrail_raise_exception() -> None:
    @tool_output_guardrail
    def halt(data: ToolOutputGuardrailData) -> ToolGuardrailFunctionOutput:
        return ToolGuardrailFunctionOutput.raise_exception()

    calls: list[dict[str, Any]] = []
    with pytest.raises(ToolOutputGuardrailTripwireTriggered) as info:
        await _execute(_counting_tool(calls, tool_output_guardrails=[halt]), {"a": 1})
    assert info.value.guardrail is halt
    assert calls == [{"a": 1}]


async def test_output_guardrail_allow_keeps_output() -> None:
    @tool_output_guardrail
    def ok(data: ToolOutputGuardrailData) -> ToolGuardrailFunctionOutput:
        return ToolGuardrailFunctionOutput.allow()

    outcome, _, outs = await _execute(_counting_tool([], tool_output_guardrails=[ok]), {"a": 2})
    assert outcome.output == "result 2" and len(outs) == 1


async def test_pipeline_returns_failure_message_when_tool_raises() -> None:
    def broken(a: int) -> str:
        raise RuntimeError("kaput")

    outcome, _, _ = await _execute(function_tool(broken), {"a": 1})
    assert outcome.output == "An error occurred while running the tool. Please try again."
    assert outcome.invoked is True
    with pytest.raises(RuntimeError, match="kaput"):
        await _execute(function_tool(broken, failure_error_function=None), {"a": 1})
