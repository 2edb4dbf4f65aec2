"""Request shapes that only ``openai.types.responses`` submodules name (not its package).

``openai.types.responses.response_create_params`` defines these and the Agents SDK imports them
from there, so agentkit offers them at ``agentkit.types.responses.response_create_params`` (the
generated module re-exports them from here) and not in ``agentkit.types.responses`` itself.
"""

from typing import Literal

from typing_extensions import Required, TypedDict

__all__ = ["ContextManagement", "PromptCacheOptions"]


class ContextManagement(TypedDict, total=False):
    """One context-management entry of a Responses request (``{"type": "compaction", ...}``)."""

    type: Required[str]
    compact_threshold: int | None
    """Input-token count past which the server compacts the context."""


class PromptCacheOptions(TypedDict, total=False):
    """Prompt-caching options of a Responses request."""

    comparison_response_id: str | None
    """A response whose prompt-cache reuse to diagnose against."""
    mode: Literal["implicit", "explicit"]
    """``explicit`` turns off the implicit cache breakpoint."""
    prewarm: bool
    """Fill the cache without generating output."""
    ttl: Literal["30m", "12h"]
    """Minimum lifetime of the cache breakpoints the request writes."""
