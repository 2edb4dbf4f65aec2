"""Errors specific to voice pipelines."""

from __future__ import annotations

from ..exceptions import AgentsException


class STTWebsocketConnectionError(AgentsException):
    """The streamed transcription websocket failed: it could not connect, timed out, or closed
    before the final transcript arrived."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
