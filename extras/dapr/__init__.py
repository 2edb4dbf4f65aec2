"""Conversation history in a Dapr state store (``pip install "agentkit[dapr]"``)."""

from __future__ import annotations

from .._optional import import_extra

import_extra("dapr.aio.clients", "dapr")

from .dapr_session import (  # noqa: E402
    DAPR_CONSISTENCY_EVENTUAL,
    DAPR_CONSISTENCY_STRONG,
    ConsistencyLevel,
    DaprSession,
)

__all__ = [
    "DAPR_CONSISTENCY_EVENTUAL",
    "DAPR_CONSISTENCY_STRONG",
    "ConsistencyLevel",
    "DaprSession",
]
