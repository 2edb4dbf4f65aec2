"""The parts of agentkit.mcp that need no server process: filters, approvals settings, names,
schema and result conversion, the import guard, and a user-written `MCPServer` subclass."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest
from agentkit.mcp import MCPServer, MCPUtil, create_static_tool_filter
from agentkit.mcp._approval import normalize_require_approval
from mcp import types

from agentkit import Agent, Runner
from agentkit._run.mcp_tools import prefixed_tool_names, safe_server_name, tool_output_from_result
from agentkit.exceptions import UserError
from agentkit.items import ToolCallOutputItem
from agentkit.testing import FunctionModel, ModelCall, function_call


def test_create_static_tool_filter() -> None:
    assert create_static_tool_filter() is None
    assert create_static_tool_filter(allowed_tool_names=["a"]) == {"allowed_tool_names": ["a"]}
    assert create_static_tool_filter(blocked_tool_names=["b"]) == {"blocked_tool_names": ["b"]}


def test_require_approval_settings() -> None:
    assert normalize_require_approval(None) is False
    assert normalize_require_approval("always") is True
    assert normalize_require_approval({"a": "always", "b": "never", "c": True}) == {
        "a": True,
        "b": False,
        "c": True,
    }
    lists = {"always": {"tool_names": ["x"]}, "never": {"tool_names": ["y"]}}
    assert normalize_require_approval(lists) == {"x": True, "y": False}  # type: ignore[arg-type]
    with pytest.raises(UserError, match="cannot appear in both"):
        normalize_require_approval(
            {"always": {"tool_names": ["x"]}, "never": {"tool_names": ["x"]}}
        )
    with pytest.raises(UserError, match="unexpected keys"):
        normalize_require_approval({"always": {"tool_names": []}, "sometimes": {}})  # type: ignore[dict-item]

    def decide(ctx: Any, agent: Any, tool: Any) -> bool:
        return True

    assert normalize_require_approval(decide) is decide


def test_safe_server_names() -> None:
    assert safe_server_name("sse: https://u:p@h.example:8443/sse?key=s#f") == (
        "sse: https://h.example:8443/sse"
    )
    assert safe_server_name("streamable_http: http://[::1]:9/mcp") == (
        "streamable_http: http://[::1]:9/mcp"
    )
    assert safe_server_name("stdio: npx") == "stdio: npx"


def test_prefixed_tool_names_are_unique_and_short() -> None:
    tool = types.Tool(name="read file", input_schema={"type": "object"})
    long = types.Tool(name="x" * 80, input_schema={"type": "object"})
    names = prefixed_tool_names([("fs one", [tool, long]), ("fs/one", [tool])], reserved=set())
    assert len(set(names.values())) == 3
    assert all(len(name) <= 64 for name in names.values())
    assert all(name.startswith("mcp_fs_one__") for name in names.values())


def _result(**fields: Any) -> types.CallToolResult:
    return types.CallToolResult.model_validate(fields)


def test_result_conversion() -> None:
    text = _result(content=[{"type": "text", "text": "hi"}])
    assert tool_output_from_result(text, False) == {"type": "text", "text": "hi"}
    image = _result(content=[{"type": "image", "data": "AAAA", "mimeType": "image/gif"}])
    assert tool_output_from_result(image, False) == {
        "type": "image",
        "image_url": "data:image/gif;base64,AAAA",
    }
    structured = _result(content=[{"type": "text", "text": "{}"}], structuredContent={"a": 1})
    assert tool_output_from_result(structured, True) == '{"a": 1}'
    assert tool_output_from_result(structured, False) == {"type": "text", "text": "{}"}
    failed = _result(
        content=[{"type": "text", "text": "bad"}], structuredContent={"a": 1}, isError=True
    )
    assert tool_output_from_result(failed, True) == {"type": "text", "text": "bad"}
    assert tool_output_from_result(_result(content=[]), False) == []
    link = _result(content=[{"type": "resource_link", "uri": "file:///a", "name": "a"}])
    converted = tool_output_from_result(link, False)
    assert converted["type"] == "text" and json.loads(converted["text"])["uri"] == "file:///a"


class InProcessServer(MCPServer):
    """A user-written server: no transport, tools answered in process."""

    def __init__(self) -> None:
        super().__init__(use_structured_content=True)
        self.calls: list[tuple[str, Any]] = []

    async def connect(self) -> None:
        return None

    @property
    def name(self) -> str:
        return "in-process"

    async def cleanup(self) -> None:
        return None

    async def list_tools(self, run_context: Any = None, agent: Any = None) -> list[Any]:
        schema = {"type": "object", "properties": {"n": {"type": "integer"}}}
        return [types.Tool(name="double", description="Double n.", input_schema=schema)]

    async def call_tool(self, tool_name: str, arguments: Any, meta: Any = None) -> Any:
        self.calls.append((tool_name, arguments))
        value = 2 * arguments["n"]
        return _result(
            content=[{"type": "text", "text": str(value)}], structuredContent={"v": value}
        )

    async def list_prompts(self) -> Any:
        return types.ListPromptsResult(prompts=[])

    async def get_prompt(self, name: str, arguments: Any = None) -> Any:
        raise UserError("no prompts")


async def test_user_written_server_in_a_run() -> None:
    def respond(call: ModelCall) -> Any:
        outputs = [i["output"] for i in call.input if i.get("type") == "function_call_output"]
        return outputs[-1] if outputs else [function_call("double", {"n": 21}, call_id="c")]

    server = InProcessServer()
    agent = Agent(name="d", model=FunctionModel(respond), mcp_servers=[server])
    result = await Runner.run(agent, "go")
    assert server.calls == [("double", {"n": 21})]
    assert [i.output for i in result.new_items if isinstance(i, ToolCallOutputItem)] == [
        '{"v": 42}'
    ]
    assert result.final_output == '{"v": 42}'
    with pytest.raises(NotImplementedError, match="in-process"):
        await server.list_resources()
    (tool,) = await MCPUtil.get_function_tools(server, True, None, agent)  # type: ignore[arg-type]
    assert tool.name == "double" and tool.strict_json_schema is True


def test_import_error_names_the_extra() -> None:
    code = (
        "import sys, importlib.abc\n"
        "class Block(importlib.abc.MetaPathFinder):\n"
        "    def find_spec(self, name, path, target=None):\n"
        "        if name == 'mcp' or name.startswith('mcp.'):\n"
        "            raise ModuleNotFoundError(name)\n"
        "sys.meta_path.insert(0, Block())\n"
        "import agentkit.mcp\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode != 0
    assert 'pip install "agentkit[mcp]"' in done.stderr


def test_import_does_not_load_the_mcp_package() -> None:
    code = (
        "import sys\n"
        "import agentkit.mcp\n"
        "from agentkit.mcp import MCPServerStdio, MCPServerSse, MCPServerStreamableHttp\n"
        "MCPServerStdio({'command': 'x'})\n"
        "print(sorted(m for m in sys.modules if m == 'mcp' or m.startswith('mcp.')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
