"""The `prompt_cache_key` a run sends to models that opt in."""

from __future__ import annotations

import dataclasses
import hashlib
import uuid
from typing import TYPE_CHECKING

from ..model_settings import ModelSettings

if TYPE_CHECKING:
    from ..memory import Session
    from ..models.interface import Model

_PROMPT_CACHE_KEY = "prompt_cache_key"


class PromptCacheKeyResolver:
    """One generated `prompt_cache_key` per run, for models that opt in."""

    def __init__(self) -> None:
        self._key: str | None = None

    def apply(
        self,
        settings: ModelSettings,
        model: Model,
        conversation_id: str | None,
        session: Session | None,
        group_id: str | None,
    ) -> ModelSettings:
        for extra in (settings.extra_args, settings.extra_body):
            if isinstance(extra, dict) and _PROMPT_CACHE_KEY in extra:
                return settings
        supports = getattr(model, "_supports_default_prompt_cache_key", None)
        if not (callable(supports) and supports()):
            return settings
        if self._key is None:
            self._key = self._make_key(conversation_id, session, group_id)
        extra_args = dict(settings.extra_args or {})
        extra_args[_PROMPT_CACHE_KEY] = self._key
        return dataclasses.replace(settings, extra_args=extra_args)

    @staticmethod
    def _make_key(
        conversation_id: str | None, session: Session | None, group_id: str | None
    ) -> str:
        def hashed(kind: str, value: str) -> str:
            return f"agents-sdk:{kind}:{hashlib.sha256(value.encode()).hexdigest()[:32]}"

        if conversation_id and conversation_id.strip():
            return hashed("conversation", conversation_id.strip())
        session_id = getattr(session, "session_id", None) if session is not None else None
        if isinstance(session_id, str) and session_id.strip():
            return hashed("session", session_id.strip())
        if group_id and group_id.strip():
            return hashed("group", group_id.strip())
        return f"agents-sdk:run:{uuid.uuid4().hex}"
