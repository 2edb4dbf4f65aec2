"""MCP guide, "HTTP with SSE MCP servers": a remote server over the SSE transport.

Source: https://openai.github.io/openai-agents-python/mcp/ (3. HTTP with SSE MCP servers) and the
SDK's examples/mcp/sse_example. Ported by changing `from agents` to `from agentkit`; `main()`
starts the example server (`mcp_example_server.py`) over SSE on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import os
import sys

from agentkit.mcp import MCPServer, MCPServerSse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # mcp_common.py, beside this file
from mcp_common import choose_model, running_server

from agentkit import Agent, ModelSettings, Runner, gen_trace_id, trace

MODEL = choose_model(
    [
        ("add", {"a": 7, "b": 22}, "add"),
        ("get_current_weather", {"city": "Tokyo"}, "weather"),
        ("get_secret_word", {}, "secret"),
    ]
)


async def run(mcp_server: MCPServer) -> None:
    agent = Agent(
        name="Assistant",
        instructions="Use the tools to answer the questions.",
        mcp_servers=[mcp_server],
        model_settings=ModelSettings(tool_choice="required"),
        model=MODEL,
    )
    for message in (
        "Add these numbers: 7 and 22.",
        "What's the weather in Tokyo?",
        "What's the secret word?",
    ):
        print(f"Running: {message}")
        result = await Runner.run(starting_agent=agent, input=message)
        print(result.final_output)


async def main() -> None:
    workspace_id = "demo-workspace"
    with running_server("sse") as url:
        async with MCPServerSse(
            name="SSE Python Server",
            params={"url": url, "headers": {"X-Workspace": workspace_id}},
            cache_tools_list=True,
        ) as server:
            trace_id = gen_trace_id()
            with trace(workflow_name="SSE Example", trace_id=trace_id):
                print(f"View trace: https://platform.openai.com/traces/trace?trace_id={trace_id}\n")
                await run(server)


if __name__ == "__main__":
    asyncio.run(main())
