"""MCP guide, "Streamable HTTP MCP servers": a server you run yourself, over Streamable HTTP, with
headers, a timeout, a cached tool list and retries.

Source: https://openai.github.io/openai-agents-python/mcp/ (2. Streamable HTTP MCP servers) and
the SDK's examples/mcp/streamablehttp_example. Ported by changing `from agents` to
`from agentkit`; `main()` starts the example server on 127.0.0.1, and the token the guide reads
from MCP_SERVER_TOKEN defaults to a placeholder.
"""

from __future__ import annotations

import asyncio
import os
import sys

from agentkit.mcp import MCPServerStreamableHttp

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # mcp_common.py, beside this file
from mcp_common import choose_model, running_server

from agentkit import Agent, ModelSettings, Runner

MODEL = choose_model([("add", {"a": 7, "b": 22})])


async def main() -> None:
    token = os.environ.get("MCP_SERVER_TOKEN", "example-token")
    with running_server("streamable-http") as url:
        async with MCPServerStreamableHttp(
            name="Streamable HTTP Python Server",
            params={
                "url": url,
                "headers": {"Authorization": f"Bearer {token}"},
                "timeout": 10,
            },
            cache_tools_list=True,
            max_retry_attempts=3,
        ) as server:
            agent = Agent(
                name="Assistant",
                instructions="Use the MCP tools to answer the questions.",
                mcp_servers=[server],
                model_settings=ModelSettings(tool_choice="required"),
                model=MODEL,
            )
            result = await Runner.run(agent, "Add 7 and 22.")
            print(result.final_output)


if __name__ == "__main__":
    asyncio.run(main())
