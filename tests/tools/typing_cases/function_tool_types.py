"""Checked by mypy in test_tools_typing.py: what type checkers see for decorated tools."""

from __future__ import annotations

from typing import Any

from typing_extensions import assert_type

from agentkit.run_context import RunContextWrapper
from agentkit.tool import FunctionTool, function_tool
from agentkit.tool_context import ToolContext
from agentkit.tool_guardrails import (
    ToolGuardrailFunctionOutput,
    ToolInputGuardrail,
    ToolInputGuardrailData,
    tool_input_guardrail,
)


@function_tool
def bare(a: int) -> str:
    return str(a)


@function_tool(name_override="named", strict_mode=False)
async def with_args(ctx: RunContextWrapper[dict[str, int]], b: str) -> str:
    return b


@function_tool
def with_tool_ctx(ctx: ToolContext[Any], q: str) -> str:
    return ctx.tool_name + q


@tool_input_guardrail
def guard(data: ToolInputGuardrailData) -> ToolGuardrailFunctionOutput:
    return ToolGuardrailFunctionOutput.allow()


assert_type(bare, FunctionTool)
assert_type(with_args, FunctionTool)
assert_type(with_tool_ctx, FunctionTool)
assert_type(guard, ToolInputGuardrail[Any])
assert_type(function_tool(lambda: None), FunctionTool)
