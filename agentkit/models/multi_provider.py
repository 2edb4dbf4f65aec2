"""`MultiProvider`: routes `prefix/model` names to the provider registered for the prefix."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any, Literal

from ..exceptions import UserError
from .interface import Model, ModelProvider
from .openai_provider import OpenAIProvider

MultiProviderOpenAIPrefixMode = Literal["alias", "model_id"]
MultiProviderUnknownPrefixMode = Literal["error", "model_id"]

# Prefixes upstream routes to optional third-party providers that agentkit does not ship.
_UNSUPPORTED_PREFIXES = {"any-llm": "any-llm"}


class MultiProviderMap:
    """Model-name prefixes (the part before the first "/") mapped to providers."""

    def __init__(self) -> None:
        self._mapping: dict[str, ModelProvider] = {}

    def has_prefix(self, prefix: str) -> bool:
        return prefix in self._mapping

    def get_mapping(self) -> dict[str, ModelProvider]:
        """A copy of the prefix -> provider mapping."""
        return self._mapping.copy()

    def set_mapping(self, mapping: dict[str, ModelProvider]) -> None:
        self._mapping = mapping

    def get_provider(self, prefix: str) -> ModelProvider | None:
        return self._mapping.get(prefix)

    def add_provider(self, prefix: str, provider: ModelProvider) -> None:
        self._mapping[prefix] = provider

    def remove_provider(self, prefix: str) -> None:
        del self._mapping[prefix]


class MultiProvider(ModelProvider):
    """Resolves model names by prefix.

    `openai/gpt-4.1` and a bare `gpt-4.1` go to the OpenAI provider; a prefix in `provider_map` goes
    to that provider (the map wins over the built-in routes); any other prefix is an error, unless
    `unknown_prefix_mode="model_id"` sends the whole name to the OpenAI provider (for compatible
    endpoints whose model ids contain "/"). `openai_prefix_mode="model_id"` likewise keeps the
    `openai/` part in the name sent. `litellm/<provider>/<model>` goes to a `LitellmProvider`
    (the `litellm` extra), created on first use.
    """

    def __init__(
        self,
        *,
        provider_map: MultiProviderMap | None = None,
        openai_api_key: str | None = None,
        openai_base_url: str | None = None,
        openai_client: Any = None,
        openai_organization: str | None = None,
        openai_project: str | None = None,
        openai_use_responses: bool | None = None,
        openai_websocket_base_url: str | None = None,
        openai_use_responses_websocket: bool | None = None,
        openai_responses_websocket_options: Mapping[str, Any] | None = None,
        openai_prefix_mode: MultiProviderOpenAIPrefixMode = "alias",
        unknown_prefix_mode: MultiProviderUnknownPrefixMode = "error",
    ) -> None:
        if openai_prefix_mode not in ("alias", "model_id"):
            raise UserError("MultiProvider openai_prefix_mode must be one of: 'alias', 'model_id'.")
        if unknown_prefix_mode not in ("error", "model_id"):
            raise UserError(
                "MultiProvider unknown_prefix_mode must be one of: 'error', 'model_id'."
            )
        self.provider_map = provider_map
        self.openai_provider = OpenAIProvider(
            api_key=openai_api_key,
            base_url=openai_base_url,
            websocket_base_url=openai_websocket_base_url,
            openai_client=openai_client,
            organization=openai_organization,
            project=openai_project,
            use_responses=openai_use_responses,
            use_responses_websocket=openai_use_responses_websocket,
            responses_websocket_options=openai_responses_websocket_options,
        )
        self._openai_prefix_mode = openai_prefix_mode
        self._unknown_prefix_mode = unknown_prefix_mode
        self._fallback_providers: dict[str, ModelProvider] = {}

    def _litellm_provider(self) -> ModelProvider:
        """The `litellm/` prefix's provider; ImportError naming the extra without LiteLLM."""
        provider = self._fallback_providers.get("litellm")
        if provider is None:
            from ..extensions.models.litellm_provider import LitellmProvider

            provider = self._fallback_providers["litellm"] = LitellmProvider()
        return provider

    def get_model(self, model_name: str | None) -> Model:
        """The model for `model_name`; `None` means the OpenAI provider's default model."""
        if model_name is None or "/" not in model_name:
            return self.openai_provider.get_model(model_name)
        prefix, rest = model_name.split("/", 1)
        if self.provider_map is not None:
            provider = self.provider_map.get_provider(prefix)
            if provider is not None:
                return provider.get_model(rest)
        if prefix == "litellm":
            return self._litellm_provider().get_model(rest)
        if prefix == "openai":
            name = rest if self._openai_prefix_mode == "alias" else model_name
            return self.openai_provider.get_model(name)
        if prefix in _UNSUPPORTED_PREFIXES:
            raise UserError(
                f"Model {model_name!r}: the {prefix!r} prefix routes to the "
                f"{_UNSUPPORTED_PREFIXES[prefix]} provider, which agentkit core does not include. "
                f"Register a ModelProvider for it: map = MultiProviderMap(); "
                f"map.add_provider({prefix!r}, your_provider); MultiProvider(provider_map=map)."
            )
        if self._unknown_prefix_mode == "model_id":
            return self.openai_provider.get_model(model_name)
        raise UserError(
            f"Unknown model prefix {prefix!r} in {model_name!r}. Register a ModelProvider for it "
            f"(map = MultiProviderMap(); map.add_provider({prefix!r}, your_provider); "
            f"MultiProvider(provider_map=map)), or pass "
            f"unknown_prefix_mode='model_id' to send the full name to the OpenAI provider."
        )

    async def aclose(self) -> None:
        """Close every distinct child provider; the first error is raised after all are tried."""
        providers: list[ModelProvider] = [self.openai_provider]
        providers.extend(self._fallback_providers.values())
        if self.provider_map is not None:
            providers.extend(self.provider_map.get_mapping().values())
        seen: set[int] = set()
        first_error: Exception | None = None
        for provider in providers:
            if provider is self or id(provider) in seen:
                continue
            seen.add(id(provider))
            try:
                await provider.aclose()
            except asyncio.CancelledError:
                raise
            except Exception as error:
                if first_error is None:
                    first_error = error
        if first_error is not None:
            raise first_error
