"""The installed agentkit version, as ``agents.version.__version__`` gives openai-agents'."""

from __future__ import annotations

from . import __version__ as __version__

__all__ = ["__version__"]
