"""The client the MCP conformance suite drives: `python conformance_client.py <server-url>`.

The suite starts a scenario's server, runs this with its URL (and MCP_CONFORMANCE_SCENARIO set),
and checks what the server saw. It connects with agentkit.mcp's Streamable HTTP server class,
lists the tools and calls each one through an agent run, as an application would.
"""

from __future__ import annotations

import asyncio
import json
import sys
from typing import Any

from agentkit.mcp import MCPServerStreamableHttp

from agentkit import Agent, Runner
from agentkit.testing import FunctionModel, ModelCall, function_call

ARGUMENTS: dict[str, dict[str, Any]] = {"add_numbers": {"a": 2, "b": 3}}


def model_calling(tools: list[str]) -> FunctionModel:
    def respond(call: ModelCall) -> Any:
        done = sum(1 for i in call.input if i.get("type") == "function_call_output")
        if done < len(tools):
            name = tools[done]
            return [function_call(name, ARGUMENTS.get(name, {}), call_id=f"call_{done}")]
        return "finished"

    return FunctionModel(respond)


async def main(url: str) -> None:
    async with MCPServerStreamableHttp({"url": url}, client_session_timeout_seconds=20) as server:
        tools = [tool.name for tool in await server.list_tools()]
        agent = Agent(name="conformance", model=model_calling(tools), mcp_servers=[server])
        result = await Runner.run(agent, "call every tool")
        print(json.dumps({"tools": tools, "final_output": result.final_output}))


if __name__ == "__main__":
    asyncio.run(main(sys.argv[-1]))
