"""The SDK's logger (`openai.agents`, like upstream, so existing logging config keeps working)."""

from __future__ import annotations

import logging
import sys

logger = logging.getLogger("openai.agents")


def enable_verbose_stdout_logging() -> None:
    """Send every SDK log record, DEBUG and up, to stdout (calling it again adds nothing)."""
    logger.setLevel(logging.DEBUG)
    if not any(getattr(h, "_agentkit_verbose", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stdout)
        handler._agentkit_verbose = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
