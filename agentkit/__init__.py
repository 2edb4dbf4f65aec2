"""agentkit: LLM agents with the OpenAI Agents SDK's API on a small, typed core.

Public names are resolved lazily (PEP 562): ``import agentkit`` loads no third-party module, and
``agentkit.Agent`` imports only what an agent needs.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0.dev0"

# name -> submodule (relative to this package) that defines it.
_EXPORTS: dict[str, str] = {
    "Model": ".models.interface",
    "ModelProvider": ".models.interface",
    "ModelTracing": ".models.interface",
}

__all__ = [
    "Model",
    "ModelProvider",
    "ModelTracing",
]

if TYPE_CHECKING:
    from .models.interface import Model, ModelProvider, ModelTracing


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value  # later lookups skip __getattr__
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
