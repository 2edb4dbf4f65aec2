"""Model Context Protocol servers as agent tools (extra: ``pip install "agentkit[mcp]"``).

Built on the official `mcp` package (2.x; 1.x works too). Importing this package checks that
`mcp` is installed but does not import it: the server classes load it when first used.
"""

from __future__ import annotations

import importlib
import importlib.util
from typing import TYPE_CHECKING, Any


def _mcp_installed() -> bool:
    try:
        return importlib.util.find_spec("mcp") is not None
    except (ImportError, ValueError):
        return False


if not _mcp_installed():
    from .._optional import import_extra

    import_extra("mcp", "mcp")  # raises ImportError naming `pip install "agentkit[mcp]"`

from .util import (  # noqa: E402
    MCPToolCustomDataContext,
    MCPToolCustomDataExtractor,
    MCPToolMetaContext,
    MCPToolMetaResolver,
    MCPUtil,
    ToolFilter,
    ToolFilterCallable,
    ToolFilterContext,
    ToolFilterStatic,
    create_static_tool_filter,
)

if TYPE_CHECKING:
    from .manager import MCPServerManager
    from .server import (
        LocalMCPApprovalCallable,
        MCPServer,
        MCPServerSse,
        MCPServerSseParams,
        MCPServerStdio,
        MCPServerStdioParams,
        MCPServerStreamableHttp,
        MCPServerStreamableHttpParams,
    )

_LAZY = {
    "LocalMCPApprovalCallable": ".server",
    "MCPServer": ".server",
    "MCPServerManager": ".manager",
    "MCPServerSse": ".server",
    "MCPServerSseParams": ".server",
    "MCPServerStdio": ".server",
    "MCPServerStdioParams": ".server",
    "MCPServerStreamableHttp": ".server",
    "MCPServerStreamableHttpParams": ".server",
}

__all__ = [
    "LocalMCPApprovalCallable",
    "MCPServer",
    "MCPServerManager",
    "MCPServerSse",
    "MCPServerSseParams",
    "MCPServerStdio",
    "MCPServerStdioParams",
    "MCPServerStreamableHttp",
    "MCPServerStreamableHttpParams",
    "MCPToolCustomDataContext",
    "MCPToolCustomDataExtractor",
    "MCPToolMetaContext",
    "MCPToolMetaResolver",
    "MCPUtil",
    "ToolFilter",
    "ToolFilterCallable",
    "ToolFilterContext",
    "ToolFilterStatic",
    "create_static_tool_filter",
]


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_LAZY[name], __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
