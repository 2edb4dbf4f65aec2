"""Tool-argument parsing of arbitrary strings: a model-facing message or ModelBehaviorError."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from agentkit.exceptions import ModelBehaviorError
from agentkit.run_context import RunContextWrapper
from agentkit.tool import FunctionTool, function_tool
from agentkit.tool_context import ToolContext

from ._support import json_values, run, scaled

calls: list[tuple[str, tuple[Any, ...]]] = []


def _add(a: int, b: int = 0) -> int:
    calls.append(("add", (a, b)))
    assert type(a) is int and type(b) is int
    return a + b


async def _echo(text: str, tags: list[str] | None = None) -> str:
    calls.append(("echo", (text, tags)))
    assert isinstance(text, str)
    assert tags is None or all(isinstance(t, str) for t in tags)
    return text


def _spread(*values: float, scale: float = 1.0) -> float:
    calls.append(("spread", (values, scale)))
    assert all(isinstance(v, float | int) for v in values)
    return sum(values) * scale


def _loose(**options: int) -> int:
    calls.append(("loose", tuple(options.items())))
    assert all(isinstance(v, int) for v in options.values())
    return len(options)


TOOLS: list[tuple[FunctionTool, FunctionTool]] = [
    (
        function_tool(f, strict_mode=strict),
        function_tool(f, strict_mode=strict, failure_error_function=None),
    )
    for f, strict in ((_add, True), (_echo, True), (_spread, True), (_loose, False))
]

_keys = st.sampled_from(["a", "b", "text", "tags", "values", "scale", "options", "x", "__proto__"])
arguments = (
    st.text(max_size=40)
    | json_values().map(json.dumps)
    | st.dictionaries(_keys, json_values(6), max_size=4).map(json.dumps)
    | st.sampled_from(
        [
            "",
            "null",
            "[]",
            '{"a": 1e999}',
            '{"a": NaN}',
            '{"a": 1, "a": "x"}',
            "[" * 5000,
            '{"a":' * 3000,
            '{"text": "\\ud800"}',
            '{"options": {"options": 1}}',
            '{"values": [1, 2], "scale": 2}',
        ]
    )
)


def _context(tool: FunctionTool, args: str) -> ToolContext[Any]:
    return ToolContext(
        context=None, tool_name=tool.name, tool_call_id="call_1", tool_arguments=args
    )


async def _invoke(tool: FunctionTool, args: str) -> Any:
    return await tool.on_invoke_tool(_context(tool, args), args)


@scaled(3)
@given(st.sampled_from(range(len(TOOLS))), arguments)
def test_fuzz_tool_arguments(index: int, args: str) -> None:
    """With the default error function a call never raises; without one, only
    ModelBehaviorError; and the function only ever runs with arguments matching its types."""
    handled, raw = TOOLS[index]
    del calls[:]
    result = run(_invoke(handled, args))
    assert result is not None
    called = len(calls)
    try:
        run(_invoke(raw, args))
    except ModelBehaviorError:
        assert len(calls) == called, "the tool ran although its arguments were rejected"
    # Both wrappers agree on whether the arguments were acceptable.
    assert len(calls) == 2 * called


def test_context_type_is_a_run_context() -> None:
    assert isinstance(_context(TOOLS[0][0], "{}"), RunContextWrapper)
