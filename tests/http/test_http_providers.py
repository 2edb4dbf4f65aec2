"""OpenAI defaults, default models, `OpenAIProvider` and `MultiProvider` routing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

import httpx
import pytest
from _http_rawserver import RawServer

from agentkit import client as ak
from agentkit.exceptions import UserError
from agentkit.models import _openai_shared, default_models
from agentkit.models.interface import Model, ModelProvider
from agentkit.models.multi_provider import MultiProvider, MultiProviderMap
from agentkit.models.openai_chatcompletions import OpenAIChatCompletionsModel
from agentkit.models.openai_provider import OpenAIProvider
from agentkit.models.openai_responses import OpenAIResponsesModel

KEY = "sk-provider-test"


@pytest.fixture(autouse=True)
def clean_defaults(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(_openai_shared, "_default_openai_key", None)
    monkeypatch.setattr(_openai_shared, "_default_openai_client", None)
    monkeypatch.setattr(_openai_shared, "_use_responses_by_default", True)
    monkeypatch.delenv("OPENAI_DEFAULT_MODEL", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    from agentkit.tracing.processors import default_exporter

    exporter = default_exporter()
    saved = exporter._api_key
    yield
    exporter._api_key = saved


def test_default_model_and_env(monkeypatch: pytest.MonkeyPatch) -> None:
    # openai-agents 0.24's default: a GPT-5 model, so its default settings carry reasoning.
    assert default_models.get_default_model() == "gpt-5.6-luna"
    assert default_models.is_gpt_5_default()
    luna = default_models.get_default_model_settings()
    assert luna.reasoning is not None and luna.reasoning.effort == "none"
    monkeypatch.setenv("OPENAI_DEFAULT_MODEL", "gpt-4.1")
    assert not default_models.is_gpt_5_default()
    assert default_models.get_default_model_settings().reasoning is None
    monkeypatch.setenv("OPENAI_DEFAULT_MODEL", "GPT-5")
    assert default_models.get_default_model() == "gpt-5"
    assert default_models.is_gpt_5_default()
    settings = default_models.get_default_model_settings()
    assert settings.reasoning is not None and settings.reasoning.effort == "low"
    assert settings.verbosity == "low"
    # Each call gives a fresh object, so callers may mutate it.
    assert default_models.get_default_model_settings() is not settings


@pytest.mark.parametrize(
    ("name", "required", "effort"),
    [
        ("gpt-5-chat-latest", False, None),
        ("gpt-5.1", True, "none"),
        ("gpt-5.2-pro-2025-12-11", True, "medium"),
        ("gpt-5-mini", True, None),
        ("o3", False, None),
    ],
)
def test_gpt_5_settings_per_model(name: str, required: bool, effort: str | None) -> None:
    assert default_models.gpt_5_reasoning_settings_required(name) is required
    settings = default_models.get_default_model_settings(name)
    assert (settings.reasoning.effort if settings.reasoning else None) == effort
    assert settings.verbosity == ("low" if required else None)


def test_default_key_feeds_the_provider_and_tracing() -> None:
    from agentkit.tracing.processors import default_exporter

    _openai_shared.set_default_openai_key("sk-default")
    assert _openai_shared.get_default_openai_key() == "sk-default"
    assert default_exporter().api_key == "sk-default"
    client = OpenAIProvider()._get_client()
    assert client.api_key == "sk-default"
    _openai_shared.set_default_openai_key("sk-llm-only", use_for_tracing=False)
    assert default_exporter().api_key == "sk-default"


def test_default_client_is_used_unless_settings_given() -> None:
    from agentkit.tracing.processors import default_exporter

    mine = ak.AsyncOpenAI(api_key="sk-client", base_url="http://127.0.0.1:1/v1")
    _openai_shared.set_default_openai_client(mine)
    assert _openai_shared.get_default_openai_client() is mine
    assert default_exporter().api_key == "sk-client"
    assert OpenAIProvider()._get_client() is mine
    assert OpenAIProvider(api_key="sk-other")._get_client() is not mine


def test_set_default_openai_api() -> None:
    _openai_shared.set_default_openai_api("chat_completions")
    assert not _openai_shared.get_use_responses_by_default()
    assert isinstance(OpenAIProvider().get_model("gpt-4.1"), OpenAIChatCompletionsModel)
    _openai_shared.set_default_openai_api("responses")
    assert isinstance(OpenAIProvider().get_model("gpt-4.1"), OpenAIResponsesModel)
    with pytest.raises(ValueError, match="chat_completions"):
        _openai_shared.set_default_openai_api("chat")  # type: ignore[arg-type]


def test_provider_models_and_client() -> None:
    provider = OpenAIProvider(api_key=KEY, base_url="http://127.0.0.1:1/v1", organization="o")
    model = provider.get_model(None)
    assert isinstance(model, OpenAIResponsesModel)
    assert model.model == "gpt-5.6-luna"
    chat = OpenAIProvider(api_key=KEY, use_responses=False).get_model("gpt-4o")
    assert isinstance(chat, OpenAIChatCompletionsModel) and chat.model == "gpt-4o"
    client = provider._get_client()
    assert (client.api_key, client.base_url, client.organization) == (
        KEY,
        "http://127.0.0.1:1/v1",
        "o",
    )
    assert provider._get_client() is client  # created once


def test_provider_rejects_client_plus_settings() -> None:
    with pytest.raises(UserError, match="openai_client"):
        OpenAIProvider(openai_client=ak.AsyncOpenAI(api_key=KEY), api_key="x")


def test_provider_without_key_fails_on_use_not_construction(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("OPENAI_API_KEY")
    provider = OpenAIProvider()
    with pytest.raises(ak.OpenAIError, match="OPENAI_API_KEY"):
        provider.get_model("gpt-4.1")


async def test_provider_with_foreign_client_sends_its_key(server: RawServer) -> None:
    http = httpx.AsyncClient()

    class Foreign:
        api_key = "sk-foreign"
        base_url = httpx.URL(server.url + "/")
        organization = None
        project = None
        _custom_headers: ClassVar[dict[str, str]] = {"X-From": "foreign"}
        _custom_query: ClassVar[dict[str, Any]] = {}
        max_retries = 0
        timeout = 30.0
        _client = http

    provider = OpenAIProvider(openai_client=Foreign())
    client = provider._get_client()
    await client.responses.create(model="m", input="x")
    assert server.requests[0].headers["authorization"] == "Bearer sk-foreign"
    assert server.requests[0].headers["x-from"] == "foreign"
    await http.aclose()


class _NamedModel(Model):
    def __init__(self, name: str | None) -> None:
        self.name = name

    async def get_response(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError

    def stream_response(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError


class _Provider(ModelProvider):
    def __init__(self) -> None:
        self.closed = 0

    def get_model(self, model_name: str | None) -> Model:
        return _NamedModel(model_name)

    async def aclose(self) -> None:
        self.closed += 1


def test_multi_provider_routing() -> None:
    mp = MultiProvider(openai_api_key=KEY)
    bare = mp.get_model("gpt-4.1")
    prefixed = mp.get_model("openai/gpt-4.1")
    assert isinstance(bare, OpenAIResponsesModel) and isinstance(prefixed, OpenAIResponsesModel)
    assert bare.model == prefixed.model == "gpt-4.1"
    default = mp.get_model(None)
    assert isinstance(default, OpenAIResponsesModel) and default.model == "gpt-5.6-luna"

    custom = _Provider()
    pmap = MultiProviderMap()
    pmap.add_provider("mine", custom)
    pmap.add_provider("openai", custom)
    assert pmap.has_prefix("mine") and pmap.get_provider("mine") is custom
    mp = MultiProvider(provider_map=pmap, openai_api_key=KEY)
    routed = mp.get_model("mine/some/model")
    assert isinstance(routed, _NamedModel) and routed.name == "some/model"
    # A map entry wins over the built-in `openai/` route.
    assert isinstance(mp.get_model("openai/gpt-4.1"), _NamedModel)
    pmap.remove_provider("openai")
    assert not pmap.has_prefix("openai")
    assert set(pmap.get_mapping()) == {"mine"}
    pmap.set_mapping({})
    assert pmap.get_mapping() == {}


def test_multi_provider_unknown_and_unsupported_prefixes() -> None:
    mp = MultiProvider(openai_api_key=KEY)
    # `litellm/` routes to the litellm extra (tests/extensions/test_litellm_model.py).
    with pytest.raises(UserError, match=r"any-llm.*add_provider\('any-llm'"):
        mp.get_model("any-llm/openrouter/openai/gpt-4.1")
    with pytest.raises(UserError, match=r"Unknown model prefix 'acme'.*add_provider\('acme'"):
        mp.get_model("acme/model-1")
    passthrough = MultiProvider(openai_api_key=KEY, unknown_prefix_mode="model_id")
    model = passthrough.get_model("openrouter/openai/gpt-4o")
    assert isinstance(model, OpenAIResponsesModel) and model.model == "openrouter/openai/gpt-4o"
    keep = MultiProvider(openai_api_key=KEY, openai_prefix_mode="model_id")
    model = keep.get_model("openai/gpt-4.1")
    assert isinstance(model, OpenAIResponsesModel) and model.model == "openai/gpt-4.1"
    with pytest.raises(UserError, match="openai_prefix_mode"):
        MultiProvider(openai_prefix_mode="strip")  # type: ignore[arg-type]


async def test_multi_provider_aclose_closes_each_provider_once() -> None:
    custom = _Provider()
    pmap = MultiProviderMap()
    pmap.add_provider("a", custom)
    pmap.add_provider("b", custom)
    await MultiProvider(provider_map=pmap, openai_api_key=KEY).aclose()
    assert custom.closed == 1


async def test_model_through_provider_reaches_the_wire(server: RawServer) -> None:
    """End to end: provider -> Responses model -> client -> loopback server."""
    from agentkit.model_settings import ModelSettings
    from agentkit.models.interface import ModelTracing

    server.default = _response_ok()
    provider = OpenAIProvider(api_key=KEY, base_url=server.url)
    model = provider.get_model("gpt-4.1")
    settings = ModelSettings(
        extra_headers={"X-Extra": "h"}, extra_query={"eq": "1"}, extra_body={"eb": True}
    )
    await model.get_response(
        None,
        "hello",
        settings,
        [],
        None,
        [],
        ModelTracing.DISABLED,
        previous_response_id=None,
        conversation_id=None,
        prompt=None,
    )
    req = server.requests[0]
    assert req.path == "/v1/responses" and req.query == "eq=1"
    assert req.headers["x-extra"] == "h"
    body = req.json()
    assert body["model"] == "gpt-4.1" and body["eb"] is True
    await ak.AsyncOpenAI(api_key=KEY).close()
    from agentkit._http._client import close_shared_http_client

    await close_shared_http_client()


def _response_ok() -> Any:
    from _http_rawserver import respond

    return respond(
        200,
        {
            "id": "resp_1",
            "object": "response",
            "created_at": 1,
            "status": "completed",
            "model": "gpt-4.1",
            "output": [
                {
                    "type": "message",
                    "id": "msg_1",
                    "role": "assistant",
                    "status": "completed",
                    "content": [{"type": "output_text", "text": "hi", "annotations": []}],
                }
            ],
            "parallel_tool_calls": True,
            "tool_choice": "auto",
            "tools": [],
            "usage": {
                "input_tokens": 1,
                "output_tokens": 1,
                "total_tokens": 2,
                "input_tokens_details": {"cached_tokens": 0},
                "output_tokens_details": {"reasoning_tokens": 0},
            },
        },
    )
