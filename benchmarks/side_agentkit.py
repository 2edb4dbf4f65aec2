"""The agentkit side: every name the scenarios use, resolved lazily from agentkit's public modules.

Lazy so that a scenario pays only for what it touches, exactly as a program importing those names.
"""

from __future__ import annotations

import importlib
from typing import Any

# public name -> the module a program imports it from ("module:" = the module itself)
_NAMES: dict[str, str] = {
    "Agent": "agentkit",
    "Runner": "agentkit",
    "function_tool": "agentkit",
    "Model": "agentkit",
    "ModelResponse": "agentkit",
    "Usage": "agentkit",
    "set_tracing_disabled": "agentkit",
    "set_trace_processors": "agentkit",
    "TracingProcessor": "agentkit",
    "SQLiteSession": "agentkit",
    "OpenAIResponsesModel": "agentkit",
    "OpenAIChatCompletionsModel": "agentkit",
    "AsyncOpenAI": "agentkit.client",
    "response_types": "module:agentkit.types.responses",
}


def __getattr__(name: str) -> Any:
    module = _NAMES.get(name)
    if module is None:
        raise AttributeError(name)
    if module.startswith("module:"):
        value = importlib.import_module(module.removeprefix("module:"))
    else:
        value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
