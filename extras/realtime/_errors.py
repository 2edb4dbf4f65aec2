"""Errors of the realtime extra."""

from __future__ import annotations

from ..exceptions import AgentsException


class RealtimeConnectionClosedError(AgentsException):
    """Something was sent on a realtime session or model whose connection is closed."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
