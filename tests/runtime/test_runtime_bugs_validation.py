"""Issue 17: a non-tool in `Agent(tools=...)` is a `UserError` naming the entry, at construction
(before the fix: an AttributeError from deep inside the first run)."""

from __future__ import annotations

from typing import Any

import pytest

from agentkit.agent import Agent
from agentkit.exceptions import UserError
from agentkit.tool import WebSearchTool, function_tool


@function_tool
def ok_tool() -> str:
    """A tool."""
    return "ok"


def plain_function() -> str:
    return "x"


@pytest.mark.parametrize(
    ("entry", "hint"),
    [
        (object(), "got object"),
        ("web_search", "got str: 'web_search'"),
        (plain_function, "@function_tool"),
        (Agent(name="helper"), "agent.as_tool()"),
    ],
)
def test_non_tool_entry_is_a_user_error_naming_it(entry: Any, hint: str) -> None:
    with pytest.raises(UserError, match=r"Agent tools\[1\] must be a tool") as info:
        Agent(name="a", tools=[ok_tool, entry])
    assert hint in str(info.value)


def test_real_tools_are_accepted() -> None:
    helper = Agent(name="helper")
    agent = Agent(name="a", tools=[ok_tool, WebSearchTool(), helper.as_tool("h", "help")])
    assert len(agent.tools) == 3
