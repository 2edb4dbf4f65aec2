"""MCP guide, "Tool filtering": a static allow/block list, and a filter function that decides per
agent.

Source: https://openai.github.io/openai-agents-python/mcp/ (Tool filtering). Ported by changing
`from agents` to `from agentkit`; the server is `mcp_example_server.py` over stdio (filesystem
tools: list_directory, read_file, write_file, delete_file). `main()` prints the tools each agent
is offered, then runs the reviewer.
"""

from __future__ import annotations

import asyncio
import os
import sys

from agentkit.mcp import MCPServerStdio, ToolFilterContext, create_static_tool_filter

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # mcp_common.py, beside this file
from mcp_common import SAMPLES, SERVER, choose_model

from agentkit import Agent, RunContextWrapper, Runner

MODEL = choose_model([("read_file", {"path": "favorite_books.txt"})])
PARAMS = {"command": sys.executable, "args": [str(SERVER), "stdio", str(SAMPLES)]}

filesystem_server = MCPServerStdio(
    name="static filter",
    params=PARAMS,  # type: ignore[arg-type]
    tool_filter=create_static_tool_filter(
        allowed_tool_names=["read_file", "write_file", "delete_file", "list_directory"],
        blocked_tool_names=["delete_file"],
    ),
)


async def context_aware_filter(context: ToolFilterContext, tool) -> bool:  # type: ignore[no-untyped-def]
    if context.agent.name == "Code Reviewer" and tool.name.startswith("write"):  # noqa: SIM103
        return False
    return True


dynamic_server = MCPServerStdio(
    name="dynamic filter",
    params=PARAMS,  # type: ignore[arg-type]
    tool_filter=context_aware_filter,
)


async def main() -> None:
    async with filesystem_server, dynamic_server:
        context = RunContextWrapper(context=None)
        for server in (filesystem_server, dynamic_server):
            for name in ("Code Reviewer", "Writer"):
                agent = Agent(name=name, mcp_servers=[server])
                tools = await server.list_tools(context, agent)
                print(f"{server.name} / {name}: {sorted(t.name for t in tools)}")
        reviewer = Agent(name="Code Reviewer", mcp_servers=[dynamic_server], model=MODEL)
        result = await Runner.run(reviewer, "What is my favorite book?")
        print(result.final_output)


if __name__ == "__main__":
    asyncio.run(main())
