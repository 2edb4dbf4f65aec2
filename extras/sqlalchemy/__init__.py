"""Conversation history in any SQL database SQLAlchemy reaches (``pip install "agentkit[sqlalchemy]"``)."""

from __future__ import annotations

from .._optional import import_extra

import_extra("sqlalchemy", "sqlalchemy")
import_extra("sqlalchemy.ext.asyncio", "sqlalchemy")

from .sqlalchemy_pending_runs import SQLAlchemyPendingRunStore  # noqa: E402
from .sqlalchemy_session import SQLAlchemySession  # noqa: E402

__all__ = ["SQLAlchemyPendingRunStore", "SQLAlchemySession"]
