"""Any model LiteLLM supports, as an agentkit `Model` (``pip install "agentkit[litellm]"``).

`LitellmModel("anthropic/claude-3-5-sonnet-20240620")` calls `litellm.acompletion`;
`LitellmProvider` resolves model names to it, and `MultiProvider` routes `litellm/<provider>/<model>`
names to a `LitellmProvider`. Also importable as `agentkit.extensions.models.litellm_model` and
`agentkit.extensions.models.litellm_provider`, upstream's module names.
"""

from __future__ import annotations

from .._optional import import_extra

import_extra("litellm", "litellm")

from .litellm_model import LitellmConverter, LitellmModel  # noqa: E402
from .litellm_provider import LitellmProvider  # noqa: E402

__all__ = ["LitellmConverter", "LitellmModel", "LitellmProvider"]
