"""Whether model and tool data may appear in logs and error messages.

Both default to "no" (redact), like openai-agents; set `OPENAI_AGENTS_DONT_LOG_MODEL_DATA=0` or
`OPENAI_AGENTS_DONT_LOG_TOOL_DATA=0` to include the data. Read on each call, never at import.
"""

from __future__ import annotations

import os


def _flag(name: str, default: bool) -> bool:
    value = os.getenv(name)
    if value is None:
        return default
    return value == "1" or value.lower() == "true"


def dont_log_model_data() -> bool:
    """True unless OPENAI_AGENTS_DONT_LOG_MODEL_DATA is 0/false."""
    return _flag("OPENAI_AGENTS_DONT_LOG_MODEL_DATA", True)


def dont_log_tool_data() -> bool:
    """True unless OPENAI_AGENTS_DONT_LOG_TOOL_DATA is 0/false."""
    return _flag("OPENAI_AGENTS_DONT_LOG_TOOL_DATA", True)
