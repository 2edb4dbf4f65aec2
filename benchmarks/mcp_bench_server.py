"""The stdio MCP server of `mcp_bench.py`: one `echo` tool (mcp package server API)."""

from __future__ import annotations

from typing import Any

try:
    from mcp.server.mcpserver import MCPServer as Server
except ImportError:  # mcp 1.x
    from mcp.server.fastmcp import FastMCP as Server  # type: ignore[no-redef]

server: Any = Server("bench")


@server.tool()
def echo(text: str) -> str:
    """Echo the text back."""
    return text


if __name__ == "__main__":
    server.run("stdio")
