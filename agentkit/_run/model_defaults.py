"""The model settings an agent starts with: the default model's, or its own model's defaults."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model_settings import ModelSettings

if TYPE_CHECKING:
    from ..models.interface import Model


def default_model_settings(model: str | None = None) -> ModelSettings:
    """The default settings for `model` (or for the default model when None)."""
    try:
        from ..models import default_models
    except ImportError:  # a vendored copy without the bundled models
        return ModelSettings()
    return default_models.get_default_model_settings(model)


def initial_model_settings_for_model(model: str | Model | None) -> ModelSettings:
    """The settings an agent gets when none are given: a model object gets plain settings."""
    if model is None:
        return default_model_settings()
    if isinstance(model, str):
        return default_model_settings(model)
    return ModelSettings()
