"""Voice pipelines: speech to text, an agent workflow, text to speech (extra: ``pip install "agentkit[voice]"``)."""

from __future__ import annotations

from .._optional import import_extra

import_extra("numpy", "voice")

__all__: list[str] = []
