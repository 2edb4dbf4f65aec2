"""``agents.extensions.memory.dapr_session``'s names, from the ``agentkit[dapr]`` extra.

Importing this module without the extra installed raises ImportError naming
``pip install "agentkit[dapr]"``.
"""

from __future__ import annotations

from ...dapr import (
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
