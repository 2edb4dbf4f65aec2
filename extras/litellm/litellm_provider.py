"""`LitellmProvider`: resolves every model name to a `LitellmModel`."""

from __future__ import annotations

from ..models.default_models import get_default_model
from ..models.interface import Model, ModelProvider
from .litellm_model import LitellmModel

DEFAULT_MODEL: str = "gpt-4.1"
"""Kept for upstream compatibility; `get_default_model()` is what the provider uses."""


class LitellmProvider(ModelProvider):
    """A `ModelProvider` that sends every model through LiteLLM.

    `RunConfig(model_provider=LitellmProvider())`, or a `litellm/<provider>/<model>` name with the
    default `MultiProvider`. Credentials and endpoints come from the environment variables LiteLLM
    reads (`OPENAI_API_KEY`, `ANTHROPIC_API_KEY`, ...); for explicit ones, use
    `LitellmModel(model, base_url=..., api_key=...)`.
    """

    def get_model(self, model_name: str | None) -> Model:
        return LitellmModel(model_name or get_default_model())
