"""`require_approval` on MCP servers pauses runs like `needs_approval` on function tools."""

from __future__ import annotations

from typing import Any

import pytest

pytest.importorskip("mcp")

from agentkit.mcp import MCPServer
from mcp import types

from agentkit import Agent, Runner, RunState
from agentkit.testing import ScriptedModel, assistant_message, function_call


class Doubler(MCPServer):
    """A user-written in-process server with one tool."""

    def __init__(self, require_approval: Any) -> None:
        super().__init__(require_approval=require_approval)
        self.calls: list[Any] = []

    async def connect(self) -> None:
        return None

    @property
    def name(self) -> str:
        return "doubler"

    async def cleanup(self) -> None:
        return None

    async def list_tools(self, run_context: Any = None, agent: Any = None) -> list[Any]:
        schema = {"type": "object", "properties": {"n": {"type": "integer"}}}
        return [types.Tool(name="double", description="Double n.", input_schema=schema)]

    async def call_tool(self, tool_name: str, arguments: Any, meta: Any = None) -> Any:
        self.calls.append(arguments)
        return types.CallToolResult(
            content=[types.TextContent(type="text", text=str(2 * arguments["n"]))]
        )

    async def list_prompts(self) -> Any:
        return types.ListPromptsResult(prompts=[])

    async def get_prompt(self, name: str, arguments: Any = None) -> Any:
        raise NotImplementedError


@pytest.mark.parametrize("setting", ["always", {"always": {"tool_names": ["double"]}}])
async def test_require_approval_pauses_and_resumes(setting: Any) -> None:
    server = Doubler(setting)
    model = ScriptedModel(
        [[function_call("double", {"n": 21}, call_id="c1")], [assistant_message("42")]]
    )
    agent = Agent(name="a", mcp_servers=[server], model=model)
    result = await Runner.run(agent, "double 21")
    assert [i.tool_name for i in result.interruptions] == ["double"]
    assert server.calls == []
    state = await RunState.from_string(agent, result.to_state().to_string())
    state.approve(state.get_interruptions()[0])
    done = await Runner.run(agent, state)
    assert done.final_output == "42"
    assert server.calls == [{"n": 21}]


async def test_require_approval_never_runs_at_once() -> None:
    server = Doubler("never")
    model = ScriptedModel(
        [[function_call("double", {"n": 2}, call_id="c1")], [assistant_message("4")]]
    )
    result = await Runner.run(Agent(name="a", mcp_servers=[server], model=model), "x")
    assert result.interruptions == []
    assert server.calls == [{"n": 2}]
