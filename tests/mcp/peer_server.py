"""An MCP server written with the `mcp` package's own server API, for the tests to talk to.

Usage: ``python peer_server.py stdio`` or ``python peer_server.py sse|http PORT`` (127.0.0.1).
Works with mcp 2.x (`mcp.server.mcpserver.MCPServer`) and 1.x (`mcp.server.fastmcp.FastMCP`).
Set PEER_MARKER_DIR to have the slow tool write ``<dir>/slow-<tag>.{started,finished,cancelled}``.
"""

from __future__ import annotations

import asyncio
import base64
import os
import sys
from pathlib import Path
from typing import Any

from mcp import types
from pydantic import BaseModel

V1 = False
try:
    from mcp.server.mcpserver import Context, Image
    from mcp.server.mcpserver import MCPServer as _Server
except ImportError:  # mcp 1.x
    V1 = True
    from mcp.server.fastmcp import Context, Image  # type: ignore[no-redef]
    from mcp.server.fastmcp import FastMCP as _Server


# The smallest valid PNG (1x1, transparent).
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)

server: Any = _Server("peer")


class Weather(BaseModel):
    city: str
    temperature_c: float
    conditions: str


@server.tool()
def add(a: int, b: int) -> int:
    """Add two numbers."""
    return a + b


@server.tool()
def echo(text: str) -> str:
    """Echo the text back."""
    return text


@server.tool()
def get_weather(city: str) -> Weather:
    """Structured weather for a city."""
    return Weather(city=city, temperature_c=21.5, conditions="sunny")


@server.tool()
def fail(message: str) -> str:
    """Always fails with the given message."""
    raise ValueError(message)


@server.tool()
def image() -> Image:
    """A tiny PNG image."""
    return Image(data=PNG, format="png")


@server.tool()
def embedded() -> list[types.EmbeddedResource]:
    """Returns an embedded text resource."""
    uri: Any = "docs://readme"
    return [
        types.EmbeddedResource(
            type="resource",
            resource=types.TextResourceContents(uri=uri, mimeType="text/plain", text="hello"),
        )
    ]


@server.tool()
def mixed() -> list[types.TextContent | types.ImageContent]:
    """A text block and an image block."""
    image: Any = {"type": "image", "data": base64.b64encode(PNG).decode(), "mimeType": "image/png"}
    return [types.TextContent(type="text", text="first"), types.ImageContent.model_validate(image)]


@server.tool()
async def slow(seconds: float, tag: str = "slow") -> str:
    """Sleep, then answer; records start, finish and cancellation when PEER_MARKER_DIR is set."""
    marker = os.environ.get("PEER_MARKER_DIR")
    base = Path(marker) / f"slow-{tag}" if marker else None
    if base is not None:
        with base.with_suffix(".started").open("a") as started:
            started.write(f"{os.getpid()}\n")
    try:
        await asyncio.sleep(seconds)
    except asyncio.CancelledError:
        if base is not None:
            base.with_suffix(".cancelled").write_text("cancelled")
        raise
    if base is not None:
        base.with_suffix(".finished").write_text("finished")
    return f"slept {seconds}"


@server.tool()
def env(name: str) -> str:
    """The value of an environment variable in the server process, or '<unset>'."""
    return os.environ.get(name, "<unset>")


@server.tool()
def pid() -> int:
    """The server's process id."""
    return os.getpid()


@server.tool()
def crash() -> str:
    """Ends the server process at once (exit code 3)."""
    sys.stdout.flush()
    os._exit(3)


@server.tool()
async def add_tool(name: str, ctx: Context) -> str:
    """Registers a new tool called `name` and tells the client the tool list changed."""

    def extra() -> str:
        return f"I am {name}"

    server.add_tool(extra, name=name, description=f"Added at run time: {name}")
    session: Any = ctx.session
    await session.send_tool_list_changed()
    return f"added {name}"


@server.prompt()
def generate_code_review_instructions(
    focus: str = "general code quality", language: str = "python"
) -> str:
    """Generate agent instructions for code review tasks."""
    return (
        f"You are a senior {language} code review specialist. Focus on {focus}. "
        "Give numbered, actionable feedback."
    )


@server.resource("docs://readme")
def readme() -> str:
    """The readme."""
    return "The peer server's readme."


def main() -> None:
    transport = sys.argv[1] if len(sys.argv) > 1 else "stdio"
    if transport == "stdio":
        server.run("stdio")
        return
    port = int(sys.argv[2])
    if V1:  # mcp 1.x: host/port live on the settings
        server.settings.host, server.settings.port = "127.0.0.1", port
        server.run("sse" if transport == "sse" else "streamable-http")
        return
    if transport == "sse":
        server.run("sse", host="127.0.0.1", port=port)
    else:
        server.run("streamable-http", host="127.0.0.1", port=port)


if __name__ == "__main__":
    main()
