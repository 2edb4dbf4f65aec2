"""`LitellmProvider` under upstream's module name; the code is the `litellm` extra's
(`agentkit.litellm`).

Importing this without LiteLLM installed raises ImportError naming `pip install "agentkit[litellm]"`.
"""

from __future__ import annotations

from ...litellm.litellm_provider import DEFAULT_MODEL, LitellmProvider

__all__ = ["DEFAULT_MODEL", "LitellmProvider"]
