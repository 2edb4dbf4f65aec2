"""Realtime voice agents over the OpenAI Realtime API (extra: ``pip install "agentkit[realtime]"``)."""

from __future__ import annotations

from .._optional import import_extra

import_extra("websockets", "realtime")

__all__: list[str] = []
