"""Agent runs that call MCP tools end to end, over each transport, plain and streamed: with the
test models of `agentkit.testing`, and with the OpenAI Responses model over the loopback server."""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest
from agentkit.mcp import MCPServerStdio, MCPServerStreamableHttp
from conftest import PEER, HttpPeer, ServerFactory, TraceRecorder, free_port, stop

from agentkit import Agent, Runner, RunResult, RunResultStreaming
from agentkit.exceptions import UserError
from agentkit.items import ToolCallOutputItem
from agentkit.testing import FunctionModel, ModelCall, function_call
from agentkit.tool import FunctionTool
from tests.openai_server import OpenAIServer
from tests.openai_server import builders as b

DEFAULT_ERROR = "An error occurred while running the tool. Please try again."
_ids = itertools.count()


def calling(tool: str, arguments: dict[str, Any]) -> FunctionModel:
    """A model that calls `tool` once, then answers with the outputs it got back."""

    def respond(call: ModelCall) -> Any:
        outputs = [i["output"] for i in call.input if i.get("type") == "function_call_output"]
        if not outputs:
            return [function_call(tool, arguments, call_id=f"call_{next(_ids)}")]
        return f"tool said: {json.dumps(outputs[-1])}"

    return FunctionModel(respond)


async def run(
    agent: Agent[Any], streamed: bool, text: str = "go"
) -> RunResult | RunResultStreaming:
    if not streamed:
        return await Runner.run(agent, text)
    result = Runner.run_streamed(agent, text)
    async for _ in result.stream_events():
        pass
    return result


def tool_outputs(result: RunResult | RunResultStreaming) -> list[Any]:
    return [item.output for item in result.new_items if isinstance(item, ToolCallOutputItem)]


@pytest.mark.parametrize("streamed", [False, True], ids=["plain", "streamed"])
async def test_run_calls_an_mcp_tool(
    make_server: ServerFactory, streamed: bool, traces: TraceRecorder
) -> None:
    model = calling("add", {"a": 2, "b": 3})
    async with make_server() as server:
        agent = Agent(name="adder", model=model, mcp_servers=[server])
        result = await run(agent, streamed)
    assert tool_outputs(result) == [{"type": "text", "text": "5"}]
    assert result.final_output == 'tool said: [{"type": "input_text", "text": "5"}]'
    offered = {tool.name: tool for tool in model.calls[0].tools}
    add = offered["add"]
    assert isinstance(add, FunctionTool)
    assert add.params_json_schema["required"] == ["a", "b"]
    assert add.strict_json_schema is False  # mcp_config's default
    (listing, *_) = traces.of_type("mcp_tools")
    assert listing.span_data.server == server.name
    assert "add" in listing.span_data.result
    (function,) = traces.of_type("function")
    assert function.span_data.name == "add"
    assert function.span_data.mcp_data == {"server": server.name}
    assert function.span_data.output == {"type": "text", "text": "5"}


async def test_strict_schemas_on_request(make_server: ServerFactory) -> None:
    model = calling("add", {"a": 1, "b": 1})
    async with make_server() as server:
        agent = Agent(
            name="strict",
            model=model,
            mcp_servers=[server],
            mcp_config={"convert_schemas_to_strict": True},
        )
        await Runner.run(agent, "go")
    add = next(t for t in model.calls[0].tools if t.name == "add")
    assert isinstance(add, FunctionTool)
    assert add.strict_json_schema is True
    assert add.params_json_schema["additionalProperties"] is False


@pytest.mark.parametrize("streamed", [False, True], ids=["plain", "streamed"])
async def test_timeout_becomes_a_tool_error_and_the_run_goes_on(
    make_server: ServerFactory, streamed: bool
) -> None:
    model = calling("slow", {"seconds": 30, "tag": f"run{next(_ids)}"})
    async with make_server(client_session_timeout_seconds=0.5) as server:
        agent = Agent(name="patient", model=model, mcp_servers=[server])
        result = await run(agent, streamed)
    assert tool_outputs(result) == [DEFAULT_ERROR]
    assert result.final_output == f"tool said: {json.dumps(DEFAULT_ERROR)}"


async def test_failure_error_function_from_mcp_config_and_from_server(
    make_server: ServerFactory,
) -> None:
    seen: list[Exception] = []

    def agent_level(ctx: Any, error: Exception) -> str:
        seen.append(error)
        return f"agent-level: {error}"

    async with make_server(client_session_timeout_seconds=0.5) as server:
        agent = Agent(
            name="a",
            model=calling("slow", {"seconds": 30, "tag": f"fef{next(_ids)}"}),
            mcp_servers=[server],
            mcp_config={"failure_error_function": agent_level},
        )
        result = await Runner.run(agent, "go")
    (output,) = tool_outputs(result)
    assert output.startswith("agent-level: Failed to call tool 'slow' on MCP server")
    assert "within 0.5 seconds" in output
    assert isinstance(seen[0], UserError)

    async with make_server(
        client_session_timeout_seconds=0.5, failure_error_function=lambda c, e: "server-level"
    ) as server:
        agent = Agent(
            name="b",
            model=calling("slow", {"seconds": 30, "tag": f"fef{next(_ids)}"}),
            mcp_servers=[server],
            mcp_config={"failure_error_function": agent_level},
        )
        result = await Runner.run(agent, "go")
    assert tool_outputs(result) == ["server-level"]


async def test_failure_error_function_none_raises(make_server: ServerFactory) -> None:
    async with make_server(client_session_timeout_seconds=0.5) as server:
        agent = Agent(
            name="strict-errors",
            model=calling("slow", {"seconds": 30, "tag": f"none{next(_ids)}"}),
            mcp_servers=[server],
            mcp_config={"failure_error_function": None},
        )
        with pytest.raises(UserError, match=r"within 0\.5 seconds"):
            await Runner.run(agent, "go")


async def test_tool_error_result_reaches_the_model(make_server: ServerFactory) -> None:
    async with make_server() as server:
        agent = Agent(name="f", model=calling("fail", {"message": "boom"}), mcp_servers=[server])
        result = await Runner.run(agent, "go")
    assert tool_outputs(result) == [{"type": "text", "text": "Error executing tool fail"}]


@pytest.mark.parametrize(
    ("tool", "structured", "expected"),
    [
        ("image", False, {"type": "image", "image_url": "data:image/png;base64,"}),
        ("get_weather", True, '{"city": "Oslo", "temperature_c": 21.5, "conditions": "sunny"}'),
        ("get_weather", False, {"type": "text", "text": None}),
        ("embedded", False, {"type": "text", "text": '{"type":"resource"'}),
        ("mixed", False, [{"type": "text", "text": "first"}, {"type": "image", "image_url": None}]),
    ],
)
async def test_results_become_tool_outputs(
    make_server: ServerFactory, tool: str, structured: bool, expected: Any
) -> None:
    arguments = {"city": "Oslo"} if tool == "get_weather" else {}
    async with make_server(use_structured_content=structured) as server:
        agent = Agent(name="r", model=calling(tool, arguments), mcp_servers=[server])
        result = await Runner.run(agent, "go")
    (output,) = tool_outputs(result)
    if isinstance(expected, str):
        assert output == expected
    elif isinstance(expected, list):
        assert [o["type"] for o in output] == ["text", "image"]
        assert output[0] == expected[0]
        assert output[1]["image_url"].startswith("data:image/png;base64,iVBOR")
    elif expected["type"] == "image":
        assert output["type"] == "image"
        assert output["image_url"].startswith(expected["image_url"] + "iVBOR")
    elif expected["text"] is None:  # unstructured: the server's JSON text block
        assert json.loads(output["text"])["city"] == "Oslo"
    else:
        assert output["text"].startswith(expected["text"])
        assert json.loads(output["text"])["resource"]["text"] == "hello"


async def test_duplicate_names_across_servers_and_prefixing(make_server: ServerFactory) -> None:
    async with make_server(name="one") as first, make_server(name="two") as second:
        agent = Agent(name="d", model=calling("add", {"a": 1, "b": 2}), mcp_servers=[first, second])
        with pytest.raises(UserError, match="Duplicate tool names found across MCP servers"):
            await Runner.run(agent, "go")
        model = calling("mcp_two__add", {"a": 1, "b": 2})
        agent = Agent(
            name="p",
            model=model,
            mcp_servers=[first, second],
            mcp_config={"include_server_in_tool_names": True},
        )
        result = await Runner.run(agent, "go")
    names = [t.name for t in model.calls[0].tools]
    assert "mcp_one__add" in names and "mcp_two__add" in names
    assert tool_outputs(result) == [{"type": "text", "text": "3"}]


async def test_cancelling_a_streamed_run_cancels_the_mcp_call(
    make_server: ServerFactory, marker_dir: Path
) -> None:
    tag = f"cancel{next(_ids)}"
    async with make_server(client_session_timeout_seconds=None) as server:
        agent = Agent(
            name="c", model=calling("slow", {"seconds": 30, "tag": tag}), mcp_servers=[server]
        )
        result = Runner.run_streamed(agent, "go")
        started = marker_dir / f"slow-{tag}.started"

        async def consume() -> None:
            async for _ in result.stream_events():
                pass

        consumer = asyncio.create_task(consume())
        for _ in range(500):
            if started.exists():
                break
            await asyncio.sleep(0.02)
        assert started.exists()
        result.cancel()
        await consumer
        for _ in range(500):
            if (marker_dir / f"slow-{tag}.cancelled").exists():
                break
            await asyncio.sleep(0.02)
        assert (marker_dir / f"slow-{tag}.cancelled").exists()
        # The session is still good for the next run.
        assert (await server.call_tool("add", {"a": 2, "b": 2})).content[0].text == "4"
    await asyncio.sleep(0)
    assert [t for t in asyncio.all_tasks() if t is not asyncio.current_task()] == []


async def test_stdio_server_dying_mid_run_is_a_tool_error() -> None:
    params: Any = {"command": sys.executable, "args": [str(PEER)]}
    async with MCPServerStdio(params, client_session_timeout_seconds=20) as server:
        agent = Agent(name="k", model=calling("crash", {}), mcp_servers=[server])
        seen: list[Exception] = []
        agent.mcp_config = {"failure_error_function": lambda c, e: seen.append(e) or "gone"}
        result = await Runner.run(agent, "go")
        assert tool_outputs(result) == ["gone"]
        assert "connection is closed" in str(seen[0])
        await server.connect()
        again = await Runner.run(
            Agent(name="k2", model=calling("add", {"a": 1, "b": 1}), mcp_servers=[server]), "go"
        )
        assert tool_outputs(again) == [{"type": "text", "text": "2"}]


# --- the OpenAI Responses model over the loopback server --------------------------------------


@pytest.mark.parametrize("streamed", [False, True], ids=["plain", "streamed"])
async def test_openai_model_over_loopback(
    make_server: ServerFactory, openai_server: OpenAIServer, streamed: bool
) -> None:
    from agentkit import OpenAIResponsesModel
    from agentkit.client import AsyncOpenAI

    client = AsyncOpenAI(api_key="sk-test", base_url=openai_server.base_url)
    model = OpenAIResponsesModel(model="gpt-4.1", openai_client=client)
    if streamed:
        openai_server.queue(b.stream_response_function_call("add", '{"a":20,"b":22}', call_id="c1"))
        openai_server.queue(b.stream_response_text("It is 42."))
    else:
        openai_server.queue(b.response_function_call("add", {"a": 20, "b": 22}, call_id="c1"))
        openai_server.queue(b.response_text("It is 42."))
    async with make_server(tool_filter={"allowed_tool_names": ["add", "echo"]}) as server:
        agent = Agent(
            name="calc",
            model=model,
            mcp_servers=[server],
            mcp_config={"convert_schemas_to_strict": True},
        )
        result = await run(agent, streamed, "What is 20 + 22?")
    assert result.final_output == "It is 42."
    first, second = openai_server.requests_to("/responses")
    tools = {tool["name"]: tool for tool in first.json["tools"]}
    assert sorted(tools) == ["add", "echo"]
    assert tools["add"]["type"] == "function"
    assert tools["add"]["strict"] is True
    assert tools["add"]["description"] == "Add two numbers."
    assert tools["add"]["parameters"]["properties"]["a"]["type"] == "integer"
    assert tools["add"]["parameters"]["additionalProperties"] is False
    outputs = [i for i in second.json["input"] if i.get("type") == "function_call_output"]
    assert outputs == [
        {
            "call_id": "c1",
            "output": [{"type": "input_text", "text": "42"}],
            "type": "function_call_output",
        }
    ]


async def test_http_server_gone_mid_session_is_a_tool_error() -> None:
    port = free_port()
    peer = HttpPeer([sys.executable, str(PEER), "http", str(port)], port, "/mcp", dict(os.environ))
    try:
        server = MCPServerStreamableHttp({"url": peer.url}, cache_tools_list=True)
        async with server:
            await server.list_tools()  # cached: the run will not need the server to list
            stop(peer.process)  # the server goes away; the session does not know yet
            seen: list[Exception] = []
            agent = Agent(
                name="gone",
                model=calling("add", {"a": 1, "b": 2}),
                mcp_servers=[server],
                mcp_config={"failure_error_function": lambda c, e: seen.append(e) or "failed"},
            )
            result = await Runner.run(agent, "go")
            assert tool_outputs(result) == ["failed"]
            assert result.final_output == 'tool said: "failed"'
            assert "add" in str(seen[0]) or "MCP" in type(seen[0]).__name__
            # Without the cache, the dead connection still offers the last list: the run goes on.
            server.invalidate_tools_cache()
            again = await Runner.run(agent, "go")
            assert tool_outputs(again) == ["failed"]
            assert "connection is closed" in str(seen[-1]) and "connect()" in str(seen[-1])
    finally:
        stop(peer.process)


async def test_concurrent_calls_share_one_session(make_server: ServerFactory) -> None:
    async with make_server() as server:
        results = await asyncio.gather(
            *(server.call_tool("echo", {"text": f"m{i}"}) for i in range(6))
        )
    assert [r.content[0].text for r in results] == [f"m{i}" for i in range(6)]
