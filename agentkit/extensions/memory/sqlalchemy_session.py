"""``agents.extensions.memory.sqlalchemy_session``'s names, from the ``agentkit[sqlalchemy]`` extra.

Importing this module without the extra installed raises ImportError naming
``pip install "agentkit[sqlalchemy]"``.
"""

from __future__ import annotations

from ...sqlalchemy import SQLAlchemySession

__all__ = ["SQLAlchemySession"]
