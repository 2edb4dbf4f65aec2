"""Model Context Protocol servers as agent tools (extra: ``pip install "agentkit[mcp]"``)."""

from __future__ import annotations

from .._optional import import_extra

import_extra("mcp", "mcp")

__all__: list[str] = []
