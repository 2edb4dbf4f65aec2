"""The openai-agents side: the same names as side_agentkit, from `agents` (and `openai` for the wire
types and client, which is what a program written for openai-agents uses)."""

from __future__ import annotations

import importlib
from typing import Any

# public name -> the module a program imports it from ("module:" = the module itself)
_NAMES: dict[str, str] = {
    "Agent": "agents",
    "Runner": "agents",
    "function_tool": "agents",
    "Model": "agents",
    "ModelResponse": "agents",
    "Usage": "agents",
    "set_tracing_disabled": "agents",
    "set_trace_processors": "agents",
    "TracingProcessor": "agents",
    "SQLiteSession": "agents",
    "OpenAIResponsesModel": "agents",
    "OpenAIChatCompletionsModel": "agents",
    "AsyncOpenAI": "openai",
    "response_types": "module:openai.types.responses",
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
