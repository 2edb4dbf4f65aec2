"""``agents.extensions.memory.redis_session``'s names, from the ``agentkit[redis]`` extra.

Importing this module without the extra installed raises ImportError naming
``pip install "agentkit[redis]"``.
"""

from __future__ import annotations

from ...redis import RedisSession

__all__ = ["RedisSession"]
