"""The default model name and the settings that suit it."""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from ..model_settings import ModelSettings

OPENAI_DEFAULT_MODEL_ENV_VARIABLE_NAME = "OPENAI_DEFAULT_MODEL"
_FALLBACK_DEFAULT_MODEL = "gpt-5.6-luna"

GPT5DefaultReasoningEffort = Literal["none", "low", "medium"]

# Chat aliases of GPT-5 models reject `reasoning.effort`.
_GPT_5_CHAT_MODELS = re.compile(r"gpt-5(?:\.[123])?-chat-latest")

# Which reasoning effort a GPT-5 family model gets by default; `(-YYYY-MM-DD)?` admits snapshots.
_SNAPSHOT = r"(?:-\d{4}-\d{2}-\d{2})?"
_GPT_5_EFFORT_TABLE: list[tuple[str, GPT5DefaultReasoningEffort]] = [
    (rf"gpt-5{_SNAPSHOT}", "low"),
    (rf"gpt-5\.1{_SNAPSHOT}", "none"),
    (rf"gpt-5\.2{_SNAPSHOT}", "none"),
    (rf"gpt-5\.2-pro{_SNAPSHOT}", "medium"),
    (r"gpt-5\.2-codex", "low"),
    (r"gpt-5\.3-codex", "none"),
    (rf"gpt-5\.4{_SNAPSHOT}", "none"),
    (rf"gpt-5\.4-pro{_SNAPSHOT}", "medium"),
    (rf"gpt-5\.4-mini{_SNAPSHOT}", "none"),
    (rf"gpt-5\.4-nano{_SNAPSHOT}", "none"),
    (rf"gpt-5\.5{_SNAPSHOT}", "none"),
    (rf"gpt-5\.6{_SNAPSHOT}", "none"),
    (rf"gpt-5\.6-(?:sol|terra|luna){_SNAPSHOT}", "none"),
]
_GPT_5_DEFAULT_EFFORTS = [(re.compile(pattern), effort) for pattern, effort in _GPT_5_EFFORT_TABLE]


def gpt_5_reasoning_settings_required(model_name: str) -> bool:
    """True for GPT-5 family models, which need reasoning-aware default settings."""
    if _GPT_5_CHAT_MODELS.fullmatch(model_name):
        return False
    return model_name.startswith("gpt-5")


def get_default_model() -> str:
    """`OPENAI_DEFAULT_MODEL` (lower-cased) if set, else "gpt-5.6-luna" (as openai-agents 0.24)."""
    return os.getenv(OPENAI_DEFAULT_MODEL_ENV_VARIABLE_NAME, _FALLBACK_DEFAULT_MODEL).lower()


def is_gpt_5_default() -> bool:
    """True when the default model is a GPT-5 family model."""
    return gpt_5_reasoning_settings_required(get_default_model())


def _default_effort(model_name: str) -> GPT5DefaultReasoningEffort | None:
    for pattern, effort in _GPT_5_DEFAULT_EFFORTS:
        if pattern.fullmatch(model_name):
            return effort
    return None


def get_default_model_settings(model: str | None = None) -> ModelSettings:
    """Settings for `model` (default: the default model): low verbosity and a fitting reasoning
    effort for GPT-5 models, empty settings for the others. Each call returns a fresh object."""
    from ..model_settings import ModelSettings

    name = model if model is not None else get_default_model()
    if not gpt_5_reasoning_settings_required(name):
        return ModelSettings()
    effort = _default_effort(name)
    if effort is None:
        # Effort values this variant accepts are not known; only set verbosity.
        return ModelSettings(verbosity="low")
    from ..types.shared import Reasoning  # (only here: its module builds the shared wire types)

    return ModelSettings(reasoning=Reasoning(effort=effort), verbosity="low")
