"""`LitellmModel` under upstream's module name; the code is the `litellm` extra's (`agentkit.litellm`).

Importing this without LiteLLM installed raises ImportError naming `pip install "agentkit[litellm]"`.
"""

from __future__ import annotations

from ...litellm.litellm_model import LitellmConverter, LitellmModel

__all__ = ["LitellmConverter", "LitellmModel"]
