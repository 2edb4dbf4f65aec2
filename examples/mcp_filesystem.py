"""MCP guide, "stdio MCP servers" (the filesystem example): a local server run as a subprocess,
its tools given to the agent.

Source: https://openai.github.io/openai-agents-python/mcp/ (4. stdio MCP servers) and the SDK's
examples/mcp/filesystem_example. Ported by changing `from agents` to `from agentkit`; the server
is `mcp_example_server.py` (filesystem tools over `sample_files/`) instead of
`npx -y @modelcontextprotocol/server-filesystem`, which needs the network to install. The model is
chosen as in every example (see `mcp_common.py`).
"""

from __future__ import annotations

import asyncio
import os
import sys

from agentkit.mcp import MCPServer, MCPServerStdio

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # mcp_common.py, beside this file
from mcp_common import SAMPLES, SERVER, choose_model

from agentkit import Agent, Runner, gen_trace_id, trace

MODEL = choose_model(
    [("list_directory", {"path": "."}), ("read_file", {"path": "favorite_books.txt"})]
)


async def run(mcp_server: MCPServer) -> None:
    agent = Agent(
        name="Assistant",
        instructions="Use the tools to read the filesystem and answer questions based on those files.",
        mcp_servers=[mcp_server],
        model=MODEL,
    )
    message = "Read the files and list them, then tell me my #1 favorite book."
    print(f"Running: {message}")
    result = await Runner.run(starting_agent=agent, input=message)
    print(result.final_output)


async def main() -> None:
    async with MCPServerStdio(
        name="Filesystem Server, via python",
        params={"command": sys.executable, "args": [str(SERVER), "stdio", str(SAMPLES)]},
    ) as server:
        trace_id = gen_trace_id()
        with trace(workflow_name="MCP Filesystem Example", trace_id=trace_id):
            print(f"View trace: https://platform.openai.com/traces/trace?trace_id={trace_id}\n")
            await run(server)


if __name__ == "__main__":
    asyncio.run(main())
