"""`RunConfig(model_call_deadline=...)`: the typed home of a run's overall per-call deadline
(issue 17). Before it, the only way was `ModelSettings(extra_args={"deadline": ...})`, which works
with agentkit's client only (an `openai.AsyncOpenAI` client rejects the unknown argument)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from agentkit import Agent, ModelCallDeadlineExceeded, ModelTimeoutError, Runner
from agentkit.client import APIDeadlineExceededError, AsyncOpenAI
from agentkit.exceptions import UserError
from agentkit.models.interface import Model
from agentkit.models.openai_chatcompletions import OpenAIChatCompletionsModel
from agentkit.models.openai_responses import OpenAIResponsesModel
from agentkit.run_config import RunConfig
from tests.openai_server import OpenAIServer, SSEReply
from tests.openai_server import builders as b

KEY = "sk-RUN-DEADLINE-SENTINEL"


def _keepalive_forever() -> SSEReply:
    """A stream that sends a comment every 20 ms for minutes and never an event."""
    return SSEReply(events=[b": ping\n\n"] * 20_000, event_delay=0.02)


def _config(seconds: float) -> RunConfig:
    return RunConfig(tracing_disabled=True, model_call_deadline=seconds)


@pytest.mark.parametrize("api", ["responses", "chat"])
async def test_a_keepalive_stream_ends_at_the_run_deadline(
    openai_server: OpenAIServer, api: str
) -> None:
    """A stream of keep-alive comments resets the read timeout and never ends; the run's
    deadline ends it, and the connection is given back."""
    path = "/responses" if api == "responses" else "/chat/completions"
    openai_server.queue(_keepalive_forever(), path=path)
    http = httpx.AsyncClient(limits=httpx.Limits(max_connections=1, max_keepalive_connections=1))
    client = AsyncOpenAI(
        api_key=KEY, base_url=openai_server.base_url, http_client=http, max_retries=0
    )
    model: Any = (
        OpenAIResponsesModel("m", client)
        if api == "responses"
        else OpenAIChatCompletionsModel("m", client)
    )
    agent = Agent(name="a", model=model)
    result = Runner.run_streamed(agent, "hi", run_config=_config(3))
    with pytest.raises(ModelCallDeadlineExceeded) as info:
        async for _ in result.stream_events():
            pass
    error = info.value
    assert (error.deadline, error.seconds, error.timeout_seconds) == ("run", 3, 3)
    assert "model call deadline of 3 s" in str(error)
    assert "RunConfig(model_call_deadline=...)" in str(error)
    assert isinstance(error, ModelTimeoutError)
    assert KEY not in repr(error) and KEY not in str(error)
    # Nothing of the deadline went to the server.
    assert "deadline" not in openai_server.requests[0].json
    # The one pooled connection was released: the next call gets it (5 s: a hang guard only).
    openai_server.queue(
        b.response_text("next") if api == "responses" else b.chat_text("next"), path=path
    )
    answer = await asyncio.wait_for(Runner.run(agent, "again", run_config=_config(30)), 5)
    assert answer.final_output == "next"
    await http.aclose()


async def test_a_non_streamed_run_waiting_for_headers(openai_server: OpenAIServer) -> None:
    openai_server.queue(b.response_text("slow", first_byte_delay=30), path="/responses")
    openai_server.allow_pending = True
    client = AsyncOpenAI(api_key=KEY, base_url=openai_server.base_url, max_retries=0)
    agent = Agent(name="a", model=OpenAIResponsesModel("m", client))
    with pytest.raises(ModelCallDeadlineExceeded) as info:
        await Runner.run(agent, "hi", run_config=_config(3))
    assert info.value.deadline == "run"
    assert "deadline" not in openai_server.requests[0].json


class NeverAnswers(Model):
    """A user's own model (any client, or none): the deadline does not depend on agentkit's."""

    def __init__(self) -> None:
        self.cancelled = 0

    async def get_response(self, *args: Any, **kwargs: Any) -> Any:
        try:
            await asyncio.sleep(3600)
        except asyncio.CancelledError:
            self.cancelled += 1
            raise

    async def stream_response(self, *args: Any, **kwargs: Any) -> AsyncIterator[Any]:
        try:
            await asyncio.sleep(3600)
        except asyncio.CancelledError:
            self.cancelled += 1
            raise
        yield None


@pytest.mark.parametrize("streamed", [False, True])
async def test_the_deadline_covers_any_model(streamed: bool) -> None:
    model = NeverAnswers()
    agent = Agent(name="a", model=model)
    with pytest.raises(ModelCallDeadlineExceeded):
        if streamed:
            result = Runner.run_streamed(agent, "hi", run_config=_config(0.2))
            async for _ in result.stream_events():
                pass
        else:
            await Runner.run(agent, "hi", run_config=_config(0.2))
    assert model.cancelled == 1
    # The run's task is usable afterwards: the deadline took back its own cancel request.
    await asyncio.sleep(0)


async def test_the_earlier_client_deadline_still_names_itself(openai_server: OpenAIServer) -> None:
    openai_server.queue(_keepalive_forever(), path="/responses")
    client = AsyncOpenAI(api_key=KEY, base_url=openai_server.base_url, max_retries=0, deadline=2)
    agent = Agent(name="a", model=OpenAIResponsesModel("m", client))
    result = Runner.run_streamed(agent, "hi", run_config=_config(60))
    with pytest.raises(APIDeadlineExceededError) as info:
        async for _ in result.stream_events():
            pass
    assert info.value.deadline == "client"


async def test_a_call_within_the_deadline_is_unaffected(openai_server: OpenAIServer) -> None:
    openai_server.queue(b.stream_response_text("on time", deltas=3), path="/responses")
    client = AsyncOpenAI(api_key=KEY, base_url=openai_server.base_url, max_retries=0)
    agent = Agent(name="a", model=OpenAIResponsesModel("m", client))
    result = Runner.run_streamed(agent, "hi", run_config=_config(30))
    async for _ in result.stream_events():
        pass
    assert result.final_output == "on time"
    assert "deadline" not in openai_server.requests[0].json


@pytest.mark.parametrize("value", [0, -1, float("inf"), float("nan"), "5", True])
def test_a_bad_deadline_is_a_user_error(value: Any) -> None:
    with pytest.raises(UserError, match="model_call_deadline must be a positive number"):
        RunConfig(model_call_deadline=value)
