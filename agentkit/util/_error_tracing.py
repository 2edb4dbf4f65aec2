"""Recording errors on the current tracing span."""

from __future__ import annotations

from ..logger import logger
from ..tracing.scope import Scope
from ..tracing.spans import SpanError


def attach_error_to_current_span(error: SpanError) -> None:
    """Set `error` on the active span; log at debug level when no span is active."""
    span = Scope.get_current_span()
    if span is not None:
        span.set_error(error)
    else:
        logger.debug("No active span to attach error %r to", error["message"])
