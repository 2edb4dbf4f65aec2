"""Small helpers shared by the runtime's modules."""

from __future__ import annotations

import inspect
from collections.abc import Awaitable
from typing import Any, TypeVar

from ..tracing.spans import Span, SpanError
from ..util import _error_tracing

T = TypeVar("T")


async def maybe_await(value: T | Awaitable[T]) -> T:
    if inspect.isawaitable(value):
        return await value
    return value


def attach_error_to_current_span(message: str, data: dict[str, Any] | None = None) -> None:
    """Record an error built from `message` and `data` on the current tracing span, if any."""
    _error_tracing.attach_error_to_current_span(SpanError(message=message, data=data))


def attach_error_to_span(
    span: Span[Any] | None, message: str, data: dict[str, Any] | None = None
) -> None:
    if span is None:
        return
    span.set_error(SpanError(message=message, data=data))
