"""Conversation memory: the `Session` contract and the stores that implement it."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from .session import (
    OpenAIResponsesCompactionArgs,
    OpenAIResponsesCompactionAwareSession,
    Session,
    SessionABC,
    is_openai_responses_compaction_aware_session,
)
from .session_settings import SessionSettings
from .util import SessionInputCallback

if TYPE_CHECKING:
    from ..extensions.memory.advanced_sqlite_session import AdvancedSQLiteSession
    from .openai_conversations_session import OpenAIConversationsSession
    from .openai_responses_compaction_session import OpenAIResponsesCompactionSession
    from .sqlite_session import SQLiteSession

__all__ = [
    "AdvancedSQLiteSession",
    "OpenAIConversationsSession",
    "OpenAIResponsesCompactionArgs",
    "OpenAIResponsesCompactionAwareSession",
    "OpenAIResponsesCompactionSession",
    "SQLiteSession",
    "Session",
    "SessionABC",
    "SessionInputCallback",
    "SessionSettings",
    "is_openai_responses_compaction_aware_session",
]

# Stores are imported on first use, so importing the contract stays cheap.
_LAZY = {
    "SQLiteSession": ".sqlite_session",
    "OpenAIConversationsSession": ".openai_conversations_session",
    "OpenAIResponsesCompactionSession": ".openai_responses_compaction_session",
    "AdvancedSQLiteSession": "..extensions.memory.advanced_sqlite_session",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(module, __name__), name)
    globals()[name] = value
    return value
