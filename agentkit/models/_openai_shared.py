"""Process-wide OpenAI defaults: the API key, the client, and which API string model names use."""

from __future__ import annotations

from typing import Any, Literal

_default_openai_key: str | None = None
_default_openai_client: Any = None
_use_responses_by_default: bool = True


def _use_key_for_tracing(key: str) -> None:
    # Imported on use: tracing is optional for the models layer and loads its own dependencies.
    # Not an explicit tracing key: traces of models served elsewhere stay home (README).
    from ..tracing.processors import default_exporter

    default_exporter().set_api_key(key, explicit=False)


def set_default_openai_key(key: str, use_for_tracing: bool = True) -> None:
    """Use `key` for OpenAI requests when no key or client is given (instead of `OPENAI_API_KEY`).

    With `use_for_tracing`, the trace exporter uses it too.
    """
    global _default_openai_key
    _default_openai_key = key
    if use_for_tracing:
        _use_key_for_tracing(key)


def get_default_openai_key() -> str | None:
    return _default_openai_key


def set_default_openai_client(client: Any, use_for_tracing: bool = True) -> None:
    """Use `client` (an agentkit or openai `AsyncOpenAI`) for OpenAI requests by default.

    With `use_for_tracing`, the trace exporter uses the client's API key.
    """
    global _default_openai_client
    _default_openai_client = client
    if use_for_tracing:
        key = getattr(client, "api_key", None)
        if isinstance(key, str) and key:
            _use_key_for_tracing(key)


def get_default_openai_client() -> Any:
    """The client set with `set_default_openai_client`, or `None`."""
    return _default_openai_client


def set_use_responses_by_default(use_responses: bool) -> None:
    global _use_responses_by_default
    _use_responses_by_default = use_responses


def get_use_responses_by_default() -> bool:
    return _use_responses_by_default


def set_default_openai_api(api: Literal["chat_completions", "responses"]) -> None:
    """Choose the API string model names resolve to: Responses (the default) or Chat Completions."""
    if api not in ("chat_completions", "responses"):
        raise ValueError(f"api must be 'responses' or 'chat_completions', got {api!r}")
    set_use_responses_by_default(api == "responses")


_responses_transport: Literal["http", "websocket"] = "http"


def set_default_openai_responses_transport(transport: Literal["http", "websocket"]) -> None:
    """Choose how Responses requests travel by default: HTTP (the default) or a WebSocket.

    The WebSocket transport needs the ``responses_ws`` extra (``websockets``); it is loaded when
    a model is first made, and its absence raises ImportError naming the extra then.
    """
    global _responses_transport
    if transport not in ("http", "websocket"):
        raise ValueError(f"transport must be 'http' or 'websocket', got {transport!r}")
    _responses_transport = transport


def get_default_openai_responses_transport() -> Literal["http", "websocket"]:
    return _responses_transport
