from __future__ import annotations

from typing import Any

import mcp.types as mt
import pytest
from runtime_helpers import assistant_message, function_call

from agentkit.agent import Agent
from agentkit.exceptions import UserError
from agentkit.run import Runner
from agentkit.run_context import RunContextWrapper
from agentkit.testing import ScriptedModel


class InProcessServer:
    """A duck-typed MCP server: the agent only needs name, list_tools and call_tool."""

    def __init__(
        self, name: str, tools: list[mt.Tool], use_structured_content: bool = False
    ) -> None:
        self.name = name
        self.tools = tools
        self.use_structured_content = use_structured_content
        self.list_calls: list[tuple[Any, Any]] = []
        self.calls: list[tuple[str, dict[str, Any]]] = []

    async def list_tools(self, run_context: Any, agent: Any) -> list[mt.Tool]:
        self.list_calls.append((run_context, agent))
        return self.tools

    async def call_tool(self, name: str, arguments: dict[str, Any]) -> mt.CallToolResult:
        self.calls.append((name, arguments))
        if name == "fail":
            raise RuntimeError("server exploded")
        return mt.CallToolResult(
            content=[mt.TextContent(type="text", text=f"{name}:{arguments}")],
            structuredContent={"ok": True},
        )


def tool(name: str) -> mt.Tool:
    return mt.Tool(
        name=name,
        description=f"{name} tool",
        inputSchema={"type": "object", "properties": {"q": {"type": "string"}}, "required": ["q"]},
    )


async def test_mcp_tools_listed_every_run_and_called() -> None:
    server = InProcessServer("srv", [tool("search")])
    model = ScriptedModel(
        [[function_call("search", {"q": "x"}, call_id="m1")], [assistant_message("ok")]]
    )
    agent = Agent(name="a", model=model, mcp_servers=[server])
    result = await Runner.run(agent, "x")
    assert [t.name for t in model.calls[0].tools] == ["search"]
    assert model.calls[0].tools[0].params_json_schema["required"] == ["q"]
    assert model.calls[0].tools[0].description == "search tool"
    assert server.calls == [("search", {"q": "x"})]
    assert model.calls[1].input[-1]["output"] == [
        {"type": "input_text", "text": "search:{'q': 'x'}"}
    ]
    assert result.final_output == "ok"
    assert server.list_calls[0][1] is agent and len(server.list_calls) == 2


async def test_mcp_structured_content_strict_schema_and_errors() -> None:
    server = InProcessServer("srv", [tool("search"), tool("fail")], use_structured_content=True)
    model = ScriptedModel(
        [
            [
                function_call("search", {"q": "x"}, call_id="m1"),
                function_call("fail", {"q": "y"}, call_id="m2"),
            ],
            [assistant_message("ok")],
        ]
    )
    agent = Agent(
        name="a", model=model, mcp_servers=[server], mcp_config={"convert_schemas_to_strict": True}
    )
    await Runner.run(agent, "x")
    assert model.calls[0].tools[0].params_json_schema["additionalProperties"] is False
    outputs = [i for i in model.calls[1].input if i.get("type") == "function_call_output"]
    assert outputs[0]["output"] == '{"ok": true}'
    assert "error" in outputs[1]["output"].lower()


async def test_duplicate_mcp_tool_names_rejected() -> None:
    agent = Agent(
        name="a",
        model=ScriptedModel([]),
        mcp_servers=[
            InProcessServer("one", [tool("same")]),
            InProcessServer("two", [tool("same")]),
        ],
    )
    with pytest.raises(UserError, match="Duplicate tool names"):
        await agent.get_all_tools(RunContextWrapper(None))
