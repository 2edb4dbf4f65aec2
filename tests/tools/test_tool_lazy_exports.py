"""`agentkit.tool` loads the other tool kinds on first use; the names behave as before."""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
import textwrap
import typing
from pathlib import Path
from typing import Any

import pytest

import agentkit
import agentkit.tool as tool_module
from agentkit import Agent, UserError, function_tool

_THIS_TREE = f"import sys; sys.path.insert(0, {str(Path(__file__).resolve().parents[2])!r})\n"

LAZY_MODULES = [
    "agentkit._shell_tool",
    "agentkit._apply_patch_tool",
    "agentkit._custom_tool",
    "agentkit._custom_data",
    "agentkit._tool_search",
    "agentkit._computer_lifecycle",
    "agentkit.tool_guardrails",
]


def _run(code: str) -> Any:
    out = subprocess.run(
        [sys.executable, "-I", "-B", "-c", _THIS_TREE + textwrap.dedent(code)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out)


def test_function_tool_agent_does_not_load_the_other_tool_kinds() -> None:
    loaded = _run(
        f"""
        import json, sys
        from agentkit import Agent, function_tool

        @function_tool
        def add(a: int, b: int) -> int:
            return a + b

        Agent(name="a", tools=[add])
        print(json.dumps([m for m in {LAZY_MODULES!r} if m in sys.modules]))
        """
    )
    assert loaded == []


@pytest.mark.parametrize("name", sorted(tool_module._LAZY_EXPORTS))
def test_lazy_name_is_the_defining_modules_object(name: str) -> None:
    value = getattr(tool_module, name)
    module = sys.modules[f"agentkit{tool_module._LAZY_EXPORTS[name]}"]
    assert value is getattr(module, name)
    assert vars(tool_module)[name] is value  # cached: later lookups skip __getattr__


def test_lazy_names_resolve_in_a_fresh_process_with_their_module() -> None:
    result = _run(
        """
        import json, pickle
        from agentkit.tool import ShellTool, ToolInputGuardrail, CustomTool, resolve_computer
        from agentkit import ApplyPatchTool, ToolSearchTool

        print(json.dumps([
            ShellTool.__module__, ToolInputGuardrail.__module__, CustomTool.__module__,
            resolve_computer.__module__, ApplyPatchTool.__module__, ToolSearchTool.__module__,
            pickle.loads(pickle.dumps(ToolSearchTool)) is ToolSearchTool,
        ]))
        """
    )
    assert result == [
        "agentkit._shell_tool",
        "agentkit.tool_guardrails",
        "agentkit._custom_tool",
        "agentkit._computer_lifecycle",
        "agentkit._apply_patch_tool",
        "agentkit._tool_search",
        True,
    ]


def test_lazy_tool_kind_instances_pickle() -> None:
    tool = tool_module.ToolSearchTool()
    assert pickle.loads(pickle.dumps(tool)) == tool


def test_tool_union_lists_every_tool_kind() -> None:
    from agentkit._apply_patch_tool import ApplyPatchTool
    from agentkit._custom_tool import CustomTool
    from agentkit._shell_tool import ShellTool
    from agentkit._tool_search import ProgrammaticToolCallingTool, ToolSearchTool

    t = tool_module
    assert typing.get_args(t.Tool) == (
        t.FunctionTool,
        t.FileSearchTool,
        t.WebSearchTool,
        t.ComputerTool[Any],
        t.HostedMCPTool,
        t.LocalShellTool,
        ShellTool,
        ApplyPatchTool,
        t.ImageGenerationTool,
        t.CodeInterpreterTool,
        CustomTool,
        ToolSearchTool,
        ProgrammaticToolCallingTool,
    )
    assert agentkit.Tool is t.Tool


def test_unknown_name_still_raises_attribute_error() -> None:
    with pytest.raises(AttributeError, match="has no attribute 'NoSuchTool'"):
        _ = tool_module.NoSuchTool  # type: ignore[attr-defined]


def test_agent_accepts_lazily_loaded_kinds_and_rejects_non_tools() -> None:
    @function_tool
    def ping() -> str:
        return "pong"

    Agent(name="a", tools=[ping, tool_module.ToolSearchTool()])
    with pytest.raises(UserError, match=r"Agent tools\[1\] must be a tool"):
        Agent(name="a", tools=[ping, object()])  # type: ignore[list-item]


async def test_custom_data_without_an_extractor_keeps_the_invocations_data_and_copies_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import copy

    from agentkit import _custom_data
    from agentkit.tool_context import ToolContext

    @function_tool
    def ping() -> str:
        return "pong"

    context = ToolContext(
        context=None,
        tool_name="ping",
        tool_call_id="call_1",
        tool_arguments="{}",
    )
    item = {"type": "function_call_output", "call_id": "call_1", "output": "pong"}
    copies: list[Any] = []
    monkeypatch.setattr(copy, "deepcopy", lambda value, *a: copies.append(value) or value)
    assert await _custom_data.function_tool_custom_data(ping, context, "pong", item) is None
    context._custom_data = {"server": "a"}  # type: ignore[attr-defined]
    assert await _custom_data.function_tool_custom_data(ping, context, "pong", item) == {
        "server": "a"
    }
    assert copies == [{"server": "a"}]  # only the context's data, never the item
