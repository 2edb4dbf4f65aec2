"""`OpenAIProvider`: resolves model names to OpenAI Responses or Chat Completions models."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..exceptions import UserError
from . import _openai_shared
from .default_models import get_default_model
from .interface import Model, ModelProvider

if TYPE_CHECKING:
    import httpx

    from ..client import AsyncOpenAI

# Kept for code that imports it; `get_default_model()` is the source of truth.
DEFAULT_MODEL: str = "gpt-4o"


def shared_http_client() -> httpx.AsyncClient:
    """The pooled httpx client OpenAI clients share when none is injected (one per event loop)."""
    from .._http._client import shared_http_client as _shared

    return _shared()


class OpenAIProvider(ModelProvider):
    """Model provider for OpenAI (or an OpenAI-compatible endpoint via `base_url`).

    The client is created on first use, so constructing the provider needs no API key. Without
    explicit settings it uses `set_default_openai_client`'s client, else a new client with the
    default key (`set_default_openai_key`, then `OPENAI_API_KEY`).
    """

    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        websocket_base_url: str | None = None,
        openai_client: Any = None,
        organization: str | None = None,
        project: str | None = None,
        use_responses: bool | None = None,
        use_responses_websocket: bool | None = None,
        responses_websocket_options: Mapping[str, Any] | None = None,
    ) -> None:
        """`openai_client` may be an agentkit `AsyncOpenAI` or an `openai.AsyncOpenAI` (its key,
        base URL, headers and httpx client are reused); it excludes the other connection arguments.

        `use_responses_websocket=True` sends Responses requests over a WebSocket kept open across
        turns (the ``responses_ws`` extra; default: `set_default_openai_responses_transport`);
        `responses_websocket_options` may set ``ping_interval``, ``ping_timeout``, ``max_size``."""
        if openai_client is not None and any(
            value is not None
            for value in (api_key, base_url, websocket_base_url, organization, project)
        ):
            raise UserError(
                "Don't provide api_key, base_url, websocket_base_url, organization, or project "
                "if you provide openai_client"
            )
        self._client: AsyncOpenAI | None = None
        self._given_client = openai_client
        self._stored_api_key = api_key
        self._stored_base_url = base_url
        self._stored_websocket_base_url = websocket_base_url
        self._stored_organization = organization
        self._stored_project = project
        self._use_responses = (
            use_responses
            if use_responses is not None
            else _openai_shared.get_use_responses_by_default()
        )
        if use_responses_websocket is None:
            transport = _openai_shared.get_default_openai_responses_transport()
            use_responses_websocket = transport == "websocket"
        self._use_responses_websocket = use_responses_websocket
        self._responses_websocket_options = dict(responses_websocket_options or {})
        # WebSocket models are kept per event loop and name, so their connection stays warm.
        self._ws_models: dict[tuple[int, str, bool], Model] = {}

    def _get_client(self) -> AsyncOpenAI:
        if self._client is not None:
            return self._client
        from ..client import AsyncOpenAI, coerce_client

        if self._given_client is not None:
            self._client = coerce_client(self._given_client)
            return self._client
        explicit = any(
            value is not None
            for value in (
                self._stored_api_key,
                self._stored_base_url,
                self._stored_websocket_base_url,
                self._stored_organization,
                self._stored_project,
            )
        )
        default_client = None if explicit else _openai_shared.get_default_openai_client()
        if default_client is not None:
            self._client = coerce_client(default_client)
            return self._client
        api_key = self._stored_api_key or _openai_shared.get_default_openai_key()
        self._client = AsyncOpenAI(
            api_key=api_key,
            base_url=self._stored_base_url or os.getenv("OPENAI_BASE_URL"),
            websocket_base_url=self._stored_websocket_base_url,
            organization=self._stored_organization,
            project=self._stored_project,
        )
        return self._client

    def get_model(self, model_name: str | None) -> Model:
        """A Responses model (or Chat Completions with `use_responses=False`) for `model_name`."""
        model_is_explicit = model_name is not None
        name = model_name if model_name is not None else get_default_model()
        client = self._get_client()
        if not self._use_responses:
            from .openai_chatcompletions import OpenAIChatCompletionsModel

            return OpenAIChatCompletionsModel(model=name, openai_client=client)
        if self._use_responses_websocket:
            return self._websocket_model(name, client, model_is_explicit)
        from .openai_responses import OpenAIResponsesModel

        return OpenAIResponsesModel(
            model=name, openai_client=client, model_is_explicit=model_is_explicit
        )

    def _websocket_model(self, name: str, client: AsyncOpenAI, model_is_explicit: bool) -> Model:
        import asyncio

        from .._optional import import_extra

        try:
            loop_id = id(asyncio.get_running_loop())
        except RuntimeError:
            loop_id = 0
        key = (loop_id, name, model_is_explicit)
        cached = self._ws_models.get(key)
        if cached is not None:
            return cached
        # The extra is reached lazily and relative to this package, so a vendored copy finds its own.
        extra = import_extra(__name__.rsplit(".", 2)[0] + ".responses_ws", "responses_ws")
        model: Model = extra.OpenAIResponsesWSModel(
            model=name,
            openai_client=client,
            model_is_explicit=model_is_explicit,
            websocket_options=self._responses_websocket_options,
        )
        self._ws_models[key] = model
        return model

    async def aclose(self) -> None:
        """Close the WebSocket connections of the models this provider made (not the client)."""
        models, self._ws_models = list(self._ws_models.values()), {}
        for model in models:
            close = getattr(model, "close", None)
            if close is not None:
                await close()
