"""An `openai.AsyncOpenAI`-shaped object is accepted and used as upstream uses it.

Test doubles (`AsyncMock`, dummies with `responses.create` / `chat.completions.create`) are called
with the request's parameters, never bypassed by agentkit's own HTTP. The kwargs a dummy receives
match what openai-agents 0.24 passes (tests/models/data/upstream_duck_client_calls.json, recorded
with `/opt/ref/bin/python tests/models/duck_client_scenarios.py agents` and
OPENAI_AGENTS_DISABLE_TRACING=1).
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from unittest.mock import AsyncMock

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from duck_client_scenarios import COMPLETION, RESPONSE, main

from agentkit import (
    Agent,
    OpenAIChatCompletionsModel,
    OpenAIResponsesModel,
    RunConfig,
    Runner,
    set_default_openai_client,
)
from agentkit.client import AsyncOpenAI, coerce_client
from agentkit.models import _openai_shared
from agentkit.types.responses import Response

UPSTREAM = json.loads(
    (Path(__file__).resolve().parent / "data" / "upstream_duck_client_calls.json").read_text()
)
NO_TRACING = RunConfig(tracing_disabled=True)


async def test_a_dummy_receives_what_upstream_passes_and_its_answers_are_used() -> None:
    assert await main("agentkit") == UPSTREAM


async def test_async_mock_responses_client() -> None:
    client = AsyncMock()
    client.responses.create.return_value = Response.model_validate(RESPONSE)
    agent = Agent(name="a", instructions="Be brief.", model=OpenAIResponsesModel("gpt-4o", client))
    result = await Runner.run(agent, "Hi", run_config=NO_TRACING)
    assert result.final_output == "Hi from the dummy."
    client.responses.create.assert_awaited_once()
    kwargs = client.responses.create.await_args.kwargs
    assert kwargs["model"] == "gpt-4o" and kwargs["instructions"] == "Be brief."
    assert kwargs["input"] == [{"content": "Hi", "role": "user"}]
    client.chat.completions.create.assert_not_awaited()


async def test_async_mock_chat_client_answering_a_dict() -> None:
    client = AsyncMock()
    client.chat.completions.create.return_value = COMPLETION
    model = OpenAIChatCompletionsModel("gpt-4o", client)
    result = await Runner.run(Agent(name="a", model=model), "Hi", run_config=NO_TRACING)
    assert result.final_output == "Hi from the dummy."
    assert client.chat.completions.create.await_args.kwargs["messages"] == [
        {"role": "user", "content": "Hi"}
    ]


async def test_default_client_dummy_without_key_or_base_url(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(_openai_shared, "_default_openai_client", None)
    seen: list[dict[str, Any]] = []

    async def create(**kwargs: Any) -> dict[str, Any]:
        seen.append(kwargs)
        return RESPONSE

    set_default_openai_client(SimpleNamespace(responses=SimpleNamespace(create=create)))
    result = await Runner.run(Agent(name="a", model="gpt-4o"), "Hi", run_config=NO_TRACING)
    assert result.final_output == "Hi from the dummy."
    assert [call["model"] for call in seen] == ["gpt-4o"]


async def test_a_streamed_dummy_is_closed_when_the_consumer_stops_early() -> None:
    closed: list[bool] = []

    class Events:
        def __init__(self) -> None:
            self.events = iter(
                [
                    {"type": "response.created", "response": {**RESPONSE, "output": []}},
                    {"type": "response.completed", "response": RESPONSE},
                ]
            )

        def __aiter__(self) -> Events:
            return self

        async def __anext__(self) -> dict[str, Any]:
            try:
                return next(self.events)
            except StopIteration:
                raise StopAsyncIteration from None

        async def close(self) -> None:
            closed.append(True)

    async def create(**kwargs: Any) -> Events:
        assert kwargs["stream"] is True
        return Events()

    model = OpenAIResponsesModel(
        "gpt-4o", SimpleNamespace(responses=SimpleNamespace(create=create))
    )
    result = Runner.run_streamed(Agent(name="a", model=model), "Hi", run_config=NO_TRACING)
    async for _ in result.stream_events():
        pass
    assert result.final_output == "Hi from the dummy."
    assert closed == [True]


async def test_an_answer_that_is_not_a_response_is_a_clear_error() -> None:
    async def create(**kwargs: Any) -> object:
        return object()

    model = OpenAIResponsesModel(
        "gpt-4o", SimpleNamespace(responses=SimpleNamespace(create=create))
    )
    with pytest.raises(TypeError, match=r"responses\.create returned object; expected a dict"):
        await Runner.run(Agent(name="a", model=model), "Hi", run_config=NO_TRACING)


def test_an_openai_shaped_client_with_the_sdk_methods_is_converted_not_delegated() -> None:
    # An object whose `create` is openai's own (simulated by the module name) is read for its
    # configuration and agentkit sends the requests itself.
    async def create(**kwargs: Any) -> None:
        raise AssertionError("not called")

    create.__module__ = "openai.resources.responses.responses"
    fake = SimpleNamespace(
        api_key="sk-x", base_url="http://127.0.0.1:9/v1/", responses=SimpleNamespace(create=create)
    )
    client = coerce_client(fake)
    assert type(client) is AsyncOpenAI and client.base_url == "http://127.0.0.1:9/v1/"
    assert type(coerce_client(SimpleNamespace(api_key="k", base_url="http://h/v1"))) is AsyncOpenAI


def test_the_delegating_client_does_not_send_other_requests() -> None:
    client = coerce_client(AsyncMock())
    assert "delegating to AsyncMock" in repr(client)
    with pytest.raises(
        TypeError, match=r"only its responses\.create and chat\.completions\.create"
    ):
        asyncio.run(client.request("GET", "/models"))
