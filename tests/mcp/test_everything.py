"""A server nobody here wrote: `@modelcontextprotocol/server-everything` from npm (installed in
tests/mcp/node by `.ci/run`), over stdio and over Streamable HTTP on 127.0.0.1."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest
from agentkit.mcp import MCPServerStdio, MCPServerStreamableHttp
from conftest import EVERYTHING_JS, HttpPeer, free_port, require_node_package, stop

from agentkit import Agent, Runner
from agentkit.items import ToolCallOutputItem
from agentkit.testing import FunctionModel, ModelCall, function_call


@pytest.fixture(scope="module")
def everything_http() -> Iterator[HttpPeer]:
    require_node_package(EVERYTHING_JS)
    port = free_port()
    env = {**os.environ, "PORT": str(port)}
    node = shutil.which("node") or "node"
    peer = HttpPeer([node, str(EVERYTHING_JS), "streamableHttp"], port, "/mcp", env)
    try:
        yield peer
    finally:
        stop(peer.process)


@pytest.fixture(params=["stdio", "http"])
def everything(request: pytest.FixtureRequest) -> Any:
    require_node_package(EVERYTHING_JS)
    if request.param == "stdio":
        return MCPServerStdio(
            {"command": shutil.which("node") or "node", "args": [str(EVERYTHING_JS), "stdio"]},
            client_session_timeout_seconds=30,
        )
    peer = request.getfixturevalue("everything_http")
    return MCPServerStreamableHttp({"url": peer.url}, client_session_timeout_seconds=30)


def caller(tool: str, arguments: dict[str, Any]) -> FunctionModel:
    def respond(call: ModelCall) -> Any:
        outputs = [i["output"] for i in call.input if i.get("type") == "function_call_output"]
        if not outputs:
            return [function_call(tool, arguments, call_id="call_ev")]
        return json.dumps(outputs[-1])

    return FunctionModel(respond)


async def test_lists_and_calls_tools(everything: Any) -> None:
    async with everything as server:
        names = {tool.name for tool in await server.list_tools()}
        assert {"echo", "get-sum", "get-tiny-image", "get-structured-content"} <= names
        echoed = await server.call_tool("echo", {"message": "hello"})
        assert echoed.content[0].text == "Echo: hello"
        prompts = await server.list_prompts()
        assert prompts.prompts, "server-everything offers prompts"
        resources = await server.list_resources()
        assert resources.resources


@pytest.mark.parametrize("streamed", [False, True], ids=["plain", "streamed"])
async def test_agent_run_end_to_end(everything: Any, streamed: bool) -> None:
    model = caller("get-sum", {"a": 19, "b": 23})
    async with everything as server:
        agent = Agent(
            name="sum",
            model=model,
            mcp_servers=[server],
            mcp_config={"convert_schemas_to_strict": True},
        )
        if streamed:
            result: Any = Runner.run_streamed(agent, "add")
            async for _ in result.stream_events():
                pass
        else:
            result = await Runner.run(agent, "add")
    outputs = [i.output for i in result.new_items if isinstance(i, ToolCallOutputItem)]
    assert outputs == [{"type": "text", "text": "The sum of 19 and 23 is 42."}]
    tool = next(t for t in model.calls[0].tools if t.name == "get-sum")
    assert getattr(tool, "strict_json_schema", None) is True


async def test_image_and_structured_content(everything: Any) -> None:
    async with everything as server:
        server.use_structured_content = True
        agent = Agent(name="img", model=caller("get-tiny-image", {}), mcp_servers=[server])
        result = await Runner.run(agent, "image")
        (output,) = [i.output for i in result.new_items if isinstance(i, ToolCallOutputItem)]
        kinds = [part["type"] for part in output] if isinstance(output, list) else [output["type"]]
        assert "image" in kinds
        image = next(p for p in output if p["type"] == "image")
        assert image["image_url"].startswith("data:image/png;base64,")

        agent = Agent(
            name="weather",
            model=caller("get-structured-content", {"location": "Chicago"}),
            mcp_servers=[server],
        )
        result = await Runner.run(agent, "weather")
        (output,) = [i.output for i in result.new_items if isinstance(i, ToolCallOutputItem)]
        assert isinstance(output, str) and "temperature" in json.loads(output)


async def test_stdio_environment_is_clean(monkeypatch: pytest.MonkeyPatch) -> None:
    require_node_package(EVERYTHING_JS)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-parent-secret")
    node = shutil.which("node") or "node"
    params: Any = {"command": node, "args": [str(EVERYTHING_JS), "stdio"]}
    async with MCPServerStdio(params, client_session_timeout_seconds=30) as server:
        shown = json.loads((await server.call_tool("get-env", {})).content[0].text)
    assert "OPENAI_API_KEY" not in shown
    assert "PATH" in shown
