"""agentkit's own OpenAI wire types, named as in ``openai.types``.

Import the submodule you need: ``from agentkit.types.responses import Response``,
``from agentkit.types.chat import ChatCompletion``, ``from agentkit.types.shared import Reasoning``.
This package itself imports nothing, so ``import agentkit.types`` stays free.
"""

from __future__ import annotations

__all__ = ["chat", "responses", "shared"]
