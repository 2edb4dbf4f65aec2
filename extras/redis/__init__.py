"""Conversation history in Redis (``pip install "agentkit[redis]"``)."""

from __future__ import annotations

from .._optional import import_extra

import_extra("redis.asyncio", "redis")

from .redis_pending_runs import RedisPendingRunStore  # noqa: E402
from .redis_session import RedisSession  # noqa: E402

__all__ = ["RedisPendingRunStore", "RedisSession"]
