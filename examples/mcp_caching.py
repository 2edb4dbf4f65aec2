"""MCP guide, "Caching": `cache_tools_list=True` fetches the tool list once for every run;
`invalidate_tools_cache()` makes the next run fetch it again.

Source: https://openai.github.io/openai-agents-python/mcp/ (Caching). Ported by changing
`from agents` to `from agentkit`; the server is `mcp_example_server.py` over stdio. `main()` runs
the agent, clears the cache, and runs it again.
"""

from __future__ import annotations

import asyncio
import os
import sys

from agentkit.mcp import MCPServerStdio

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # mcp_common.py, beside this file
from mcp_common import SAMPLES, SERVER, choose_model

from agentkit import Agent, Runner

MODEL = choose_model([("add", {"a": 2, "b": 3})])


async def main() -> None:
    async with MCPServerStdio(
        params={"command": sys.executable, "args": [str(SERVER), "stdio", str(SAMPLES)]},
        cache_tools_list=True,
    ) as server:
        agent = Agent(name="Assistant", mcp_servers=[server], model=MODEL)
        result = await Runner.run(agent, "What is 2 + 3?")
        print(result.final_output)
        print(f"cached tools: {len(server.cached_tools or [])}")
        # Runs reuse the cached list; after a change on the server, clear it:
        server.invalidate_tools_cache()
        result = await Runner.run(agent, "What is 2 + 3?")
        print(result.final_output)


if __name__ == "__main__":
    asyncio.run(main())
