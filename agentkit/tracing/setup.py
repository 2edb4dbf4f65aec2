"""The global trace provider, created on first use (never at import)."""

from __future__ import annotations

import atexit
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .provider import TraceProvider

# How long interpreter exit may spend exporting what is still queued.
_EXIT_SHUTDOWN_TIMEOUT = 5.0

GLOBAL_TRACE_PROVIDER: TraceProvider | None = None
_lock = threading.Lock()
_exit_handler_registered = False


def _shutdown_at_exit() -> None:
    provider = GLOBAL_TRACE_PROVIDER
    if provider is None:
        return
    from .provider import DefaultTraceProvider

    if isinstance(provider, DefaultTraceProvider):
        provider.shutdown(timeout=_EXIT_SHUTDOWN_TIMEOUT)
    else:
        provider.shutdown()


def _register_exit_handler() -> None:
    # Called with _lock held.
    global _exit_handler_registered
    if not _exit_handler_registered:
        atexit.register(_shutdown_at_exit)
        _exit_handler_registered = True


def set_trace_provider(provider: TraceProvider) -> None:
    """Replace the global trace provider."""
    global GLOBAL_TRACE_PROVIDER
    with _lock:
        GLOBAL_TRACE_PROVIDER = provider
        _register_exit_handler()


def get_trace_provider() -> TraceProvider:
    """The global trace provider; the first call creates it with the default OpenAI exporter."""
    global GLOBAL_TRACE_PROVIDER
    provider = GLOBAL_TRACE_PROVIDER
    if provider is not None:
        return provider
    with _lock:
        if GLOBAL_TRACE_PROVIDER is None:
            from .processors import default_processor
            from .provider import DefaultTraceProvider

            default = DefaultTraceProvider()
            default.register_processor(default_processor())
            GLOBAL_TRACE_PROVIDER = default
            _register_exit_handler()
        return GLOBAL_TRACE_PROVIDER
