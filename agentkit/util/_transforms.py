"""Name normalisation for tool names."""

from __future__ import annotations

import re

from ..logger import logger


def transform_string_function_style(name: str, *, warn_on_whitespace: bool = True) -> str:
    """Turn `name` into a valid function name: whitespace and other characters outside
    `[a-zA-Z0-9_]` become `_`, and the result is lower-cased.

    Logs a warning when characters had to be replaced (whitespace only when `warn_on_whitespace`).
    """
    spaced = re.sub(r"\s", "_", name)
    cleaned = re.sub(r"[^a-zA-Z0-9_]", "_", spaced)
    result = cleaned.lower()
    if cleaned != name and (warn_on_whitespace or cleaned != spaced):
        logger.warning(
            "Tool name %r contains invalid characters for function calling and has been "
            "transformed to %r. Please use only letters, digits, and underscores to avoid "
            "potential naming conflicts.",
            name,
            result,
        )
    return result
