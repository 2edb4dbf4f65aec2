"""The small upstream modules agentkit adds for import parity: version, decorators,
models.openai_client_utils and the extensions.memory submodules of the session extras."""

from __future__ import annotations

import pytest

import agentkit


def test_version_module() -> None:
    from agentkit.version import __version__

    assert __version__ == agentkit.__version__


def test_decorators_module() -> None:
    from agentkit import decorators

    assert decorators.tool is agentkit.function_tool is decorators.function_tool
    assert decorators.input_guardrail is agentkit.input_guardrail
    assert decorators.output_guardrail is agentkit.output_guardrail
    assert decorators.tool_input_guardrail is agentkit.tool_input_guardrail
    assert decorators.tool_output_guardrail is agentkit.tool_output_guardrail

    @decorators.tool
    def add(a: int, b: int) -> int:
        """Add two numbers."""
        return a + b

    assert add.name == "add" and add.params_json_schema["required"] == ["a", "b"]


@pytest.mark.parametrize(
    ("url", "websocket", "official"),
    [
        ("https://api.openai.com/v1", False, True),
        ("https://api.openai.com/v1/", False, True),
        ("https://api.openai.com:443/v1", False, True),
        ("http://api.openai.com/v1", False, False),
        ("https://api.openai.com.evil.example/v1", False, False),
        ("https://evil.example/api.openai.com", False, False),
        ("wss://api.openai.com/v1", True, True),
        ("https://api.openai.com/v1", True, False),
        ("http://127.0.0.1:8000/v1", False, False),
        ("https://[::1", False, False),
    ],
)
def test_official_base_url(url: str, websocket: bool, official: bool) -> None:
    from agentkit.models.openai_client_utils import is_official_openai_base_url

    assert is_official_openai_base_url(url, websocket=websocket) is official


def test_official_client() -> None:
    from agentkit.client import AsyncOpenAI
    from agentkit.models.openai_client_utils import is_official_openai_client

    assert is_official_openai_client(AsyncOpenAI(api_key="k"))
    assert not is_official_openai_client(AsyncOpenAI(api_key="k", base_url="http://127.0.0.1:1/v1"))
    assert not is_official_openai_client(object())


@pytest.mark.parametrize(
    ("module", "extra", "names"),
    [
        ("sqlalchemy_session", "sqlalchemy", ["SQLAlchemySession"]),
        ("redis_session", "redis", ["RedisSession"]),
        ("encrypt_session", "encrypt", ["EncryptedEnvelope", "EncryptedSession"]),
        (
            "dapr_session",
            "dapr",
            [
                "ConsistencyLevel",
                "DAPR_CONSISTENCY_EVENTUAL",
                "DAPR_CONSISTENCY_STRONG",
                "DaprSession",
            ],
        ),
    ],
)
def test_extension_memory_submodules_are_the_extras(
    module: str, extra: str, names: list[str]
) -> None:
    import importlib

    ours = importlib.import_module(f"agentkit.extensions.memory.{module}")
    source = importlib.import_module(f"agentkit.{extra}")
    assert sorted(ours.__all__) == sorted(names)
    for name in names:
        assert getattr(ours, name) is getattr(source, name)
