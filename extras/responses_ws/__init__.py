"""Responses over a WebSocket kept open across turns (extra: ``pip install "agentkit[responses_ws]"``).

Used through ``OpenAIProvider(use_responses_websocket=True)``,
``set_default_openai_responses_transport("websocket")`` or ``responses_websocket_session()``; the
core loads this package only then.
"""

from __future__ import annotations

from .._optional import import_extra

import_extra("websockets", "responses_ws")

from ._model import OpenAIResponsesWSModel, ResponsesWebSocketError  # noqa: E402

__all__ = ["OpenAIResponsesWSModel", "ResponsesWebSocketError"]
