"""The MCP server the `mcp_*.py` examples talk to, written with the `mcp` package's server API.

It plays the servers of the MCP guide: filesystem tools over one directory (instead of
`npx @modelcontextprotocol/server-filesystem`, which needs the network to install), the SSE and
Streamable HTTP examples' tools (`add`, `get_current_weather`, `get_secret_word`) and the prompt
server's `generate_code_review_instructions` prompt.

    python examples/mcp_example_server.py stdio [DIRECTORY]
    python examples/mcp_example_server.py sse|streamable-http PORT [DIRECTORY]   # on 127.0.0.1
"""

from __future__ import annotations

import random
import sys
from pathlib import Path
from typing import Any

try:
    from mcp.server.mcpserver import MCPServer as Server
except ImportError:  # mcp 1.x
    from mcp.server.fastmcp import FastMCP as Server  # type: ignore[no-redef]

ROOT = Path(__file__).resolve().parent / "sample_files"
server: Any = Server("Example Server")


def _inside(path: str) -> Path:
    target = (ROOT / path).resolve()
    if target != ROOT.resolve() and ROOT.resolve() not in target.parents:
        raise ValueError(f"{path} is outside the allowed directory")
    return target


@server.tool()
def list_directory(path: str = ".") -> str:
    """List the files in a directory (relative to the allowed directory)."""
    return "\n".join(sorted(p.name for p in _inside(path).iterdir()))


@server.tool()
def read_file(path: str) -> str:
    """Read a text file (relative to the allowed directory)."""
    return _inside(path).read_text()


@server.tool()
def write_file(path: str, content: str) -> str:
    """Write a text file (relative to the allowed directory)."""
    _inside(path).write_text(content)
    return f"wrote {len(content)} characters to {path}"


@server.tool()
def delete_file(path: str) -> str:
    """Delete a file (relative to the allowed directory)."""
    _inside(path).unlink()
    return f"deleted {path}"


@server.tool()
def add(a: int, b: int) -> int:
    """Add two numbers."""
    return a + b


@server.tool()
def get_secret_word() -> str:
    """The secret word of the day."""
    return random.choice(["apple", "banana", "cherry"])


@server.tool()
def get_current_weather(city: str) -> str:
    """The current weather in a city."""
    return f"The weather in {city} is sunny, 22 degrees Celsius."


@server.prompt()
def generate_code_review_instructions(
    focus: str = "general code quality", language: str = "python"
) -> str:
    """Generate agent instructions for code review tasks."""
    return (
        f"You are a senior {language} code review specialist. Your focus is {focus}. "
        "Analyze the code, name concrete issues, and give numbered, actionable feedback."
    )


def main() -> None:
    global ROOT
    args = sys.argv[1:]
    transport = args[0] if args and args[0] in ("stdio", "sse", "streamable-http") else "stdio"
    rest = args[1:] if args and args[0] == transport else []
    port = int(rest.pop(0)) if transport != "stdio" else 0
    if rest:
        ROOT = Path(rest[0])
    if transport == "stdio":
        server.run("stdio")
    elif hasattr(server, "settings") and hasattr(server.settings, "host"):  # mcp 1.x
        server.settings.host, server.settings.port = "127.0.0.1", port
        server.run(transport)
    else:
        server.run(transport, host="127.0.0.1", port=port)


if __name__ == "__main__":
    main()
