"""Imports of optional dependencies, failing with the install command that provides them."""

from __future__ import annotations

import importlib
from types import ModuleType


def import_extra(module: str, extra: str) -> ModuleType:
    """Import `module`, or raise ImportError naming `pip install "agentkit[<extra>]"`."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise ImportError(
            f"{module!r} is not installed; it is needed by agentkit's {extra!r} extra. "
            f'Install it with: pip install "agentkit[{extra}]"'
        ) from exc
