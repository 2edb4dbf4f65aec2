"""Runs that share one WebSocket-backed OpenAI provider, so connections stay warm across runs."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from types import ModuleType
from typing import TYPE_CHECKING, Any

from .models.multi_provider import (
    MultiProvider,
    MultiProviderOpenAIPrefixMode,
    MultiProviderUnknownPrefixMode,
)
from .models.openai_provider import OpenAIProvider
from .run_config import RunConfig
from .util._dataclass import dataclass

if TYPE_CHECKING:
    from .agent import Agent
    from .result import RunResult, RunResultStreaming

__all__ = ["ResponsesWebSocketSession", "responses_websocket_session"]


@dataclass(frozen=True)
class ResponsesWebSocketSession:
    """Runs `Runner.run` / `run_streamed` with one shared `RunConfig` whose provider keeps its
    WebSocket connections open; `aclose()` closes them."""

    provider: OpenAIProvider
    run_config: RunConfig

    def __post_init__(self) -> None:
        if isinstance(self.run_config, Mapping):
            object.__setattr__(self, "run_config", RunConfig(**self.run_config))
        self._multi_provider()

    def _multi_provider(self) -> MultiProvider:
        model_provider = self.run_config.model_provider
        if not isinstance(model_provider, MultiProvider):
            raise TypeError(
                "ResponsesWebSocketSession.run_config.model_provider must be a MultiProvider."
            )
        if model_provider.openai_provider is not self.provider:
            raise ValueError(
                "ResponsesWebSocketSession provider and run_config.model_provider are not aligned."
            )
        return model_provider

    async def aclose(self) -> None:
        """Close the provider's WebSocket connections."""
        await self._multi_provider().aclose()

    def _runner_kwargs(self, method: str, kwargs: Mapping[str, Any]) -> dict[str, Any]:
        self._multi_provider()
        if "run_config" in kwargs:
            raise ValueError(f"Do not pass `run_config` to ResponsesWebSocketSession.{method}().")
        return {**kwargs, "run_config": self.run_config}

    async def run(self, starting_agent: Agent[Any], input: Any, **kwargs: Any) -> RunResult:
        """`Runner.run` with the session's `RunConfig`."""
        from .run import Runner

        return await Runner.run(starting_agent, input, **self._runner_kwargs("run", kwargs))

    def run_streamed(
        self, starting_agent: Agent[Any], input: Any, **kwargs: Any
    ) -> RunResultStreaming:
        """`Runner.run_streamed` with the session's `RunConfig`."""
        from .run import Runner

        options = self._runner_kwargs("run_streamed", kwargs)
        return Runner.run_streamed(starting_agent, input, **options)


@asynccontextmanager
async def responses_websocket_session(
    *,
    api_key: str | None = None,
    base_url: str | None = None,
    websocket_base_url: str | None = None,
    organization: str | None = None,
    project: str | None = None,
    openai_prefix_mode: MultiProviderOpenAIPrefixMode = "alias",
    unknown_prefix_mode: MultiProviderUnknownPrefixMode = "error",
    responses_websocket_options: Mapping[str, Any] | None = None,
) -> AsyncIterator[ResponsesWebSocketSession]:
    """A session whose runs send Responses requests over shared WebSockets (the ``responses_ws``
    extra); the connections close when the block exits. Finish or close streamed runs first."""
    model_provider = MultiProvider(
        openai_api_key=api_key,
        openai_base_url=base_url,
        openai_websocket_base_url=websocket_base_url,
        openai_organization=organization,
        openai_project=project,
        openai_use_responses=True,
        openai_use_responses_websocket=True,
        openai_prefix_mode=openai_prefix_mode,
        unknown_prefix_mode=unknown_prefix_mode,
        openai_responses_websocket_options=responses_websocket_options,
    )
    session = ResponsesWebSocketSession(
        provider=model_provider.openai_provider,
        run_config=RunConfig(model_provider=model_provider),
    )
    try:
        yield session
    finally:
        await session.aclose()


class _CallableModule(ModuleType):
    """Once ``agentkit.responses_websocket_session`` (this module) has been imported, the package
    attribute of that name is the module, not the function upstream exports there; calling the
    module calls the function, so ``from agentkit import responses_websocket_session`` works in
    either order."""

    def __call__(self, **kwargs: Any) -> Any:
        return responses_websocket_session(**kwargs)


sys.modules[__name__].__class__ = _CallableModule
