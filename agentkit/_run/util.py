"""Small helpers shared by the run loop, handoffs and agents."""

from __future__ import annotations

import inspect
import re
from collections.abc import Awaitable
from typing import Any, TypeVar

from ..logger import logger

T = TypeVar("T")


async def maybe_await(value: T | Awaitable[T]) -> T:
    if inspect.isawaitable(value):
        return await value
    return value


def transform_string_function_style(name: str, *, warn_on_whitespace: bool = True) -> str:
    """Make `name` a valid function name: whitespace and other characters become `_`, lowercased."""
    whitespace_normalized = re.sub(r"\s", "_", name)
    transformed = re.sub(r"[^a-zA-Z0-9_]", "_", whitespace_normalized)
    final = transformed.lower()
    if transformed != name and (warn_on_whitespace or transformed != whitespace_normalized):
        logger.warning(
            "Tool name %r contains invalid characters for function calling and has been "
            "transformed to %r. Please use only letters, digits, and underscores to avoid "
            "potential naming conflicts.",
            name,
            final,
        )
    return final


def attach_error_to_current_span(message: str, data: dict[str, Any] | None = None) -> None:
    """Record an error on the current tracing span, if tracing is available and a span is open."""
    try:
        from ..tracing import SpanError, get_current_span
    except ImportError:
        return
    span = get_current_span()
    if span is not None:
        span.set_error(SpanError(message=message, data=data))


def attach_error_to_span(span: Any, message: str, data: dict[str, Any] | None = None) -> None:
    if span is None:
        return
    from ..tracing import SpanError

    span.set_error(SpanError(message=message, data=data))
