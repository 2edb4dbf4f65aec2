"""Session stores beyond the core ones; each is imported on first use."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ...dapr import DAPR_CONSISTENCY_EVENTUAL, DAPR_CONSISTENCY_STRONG, DaprSession
    from ...encrypt import EncryptedSession
    from ...redis import RedisSession
    from ...sqlalchemy import SQLAlchemySession
    from .advanced_sqlite_session import AdvancedSQLiteSession

__all__ = [
    "DAPR_CONSISTENCY_EVENTUAL",
    "DAPR_CONSISTENCY_STRONG",
    "AdvancedSQLiteSession",
    "DaprSession",
    "EncryptedSession",
    "RedisSession",
    "SQLAlchemySession",
]

# The stores with third-party dependencies live in extras (agentkit.<extra>); importing one
# without its dependency raises ImportError naming `pip install "agentkit[<extra>]"`.
_LAZY = {
    "AdvancedSQLiteSession": ".advanced_sqlite_session",
    "SQLAlchemySession": "...sqlalchemy",
    "RedisSession": "...redis",
    "EncryptedSession": "...encrypt",
    "DaprSession": "...dapr",
    "DAPR_CONSISTENCY_EVENTUAL": "...dapr",
    "DAPR_CONSISTENCY_STRONG": "...dapr",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(module, __name__), name)
    globals()[name] = value
    return value
