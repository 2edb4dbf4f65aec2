"""Switches that forbid or allow real model requests, for test suites."""

from __future__ import annotations

from types import TracebackType

from ..models._request_guard import (
    ModelRequestsBlockedError,
    _set_model_requests_allowed,
    model_requests_allowed,
)


class _RequestSwitch:
    """Already applied when created; as a context manager it restores the previous setting."""

    def __init__(self, allowed: bool) -> None:
        self._previous = _set_model_requests_allowed(allowed)

    def __enter__(self) -> None:
        return None

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        _set_model_requests_allowed(self._previous)


def block_model_requests() -> _RequestSwitch:
    """Make real model requests raise `ModelRequestsBlockedError`.

    Called plainly (e.g. in a conftest.py) it lasts for the process; used as
    `with block_model_requests():` it lasts for the block.
    """
    return _RequestSwitch(False)


def allow_model_requests() -> _RequestSwitch:
    """Let real model requests through again (for the process, or for a `with` block)."""
    return _RequestSwitch(True)


__all__ = [
    "ModelRequestsBlockedError",
    "allow_model_requests",
    "block_model_requests",
    "model_requests_allowed",
]
