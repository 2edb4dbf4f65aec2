"""Redirects to another origin never carry the Authorization header.

What agentkit does: the shared pool (used when no `http_client` is injected) follows redirects,
and httpx drops `Authorization` when a redirect leaves the origin (scheme, host and port); an
injected httpx client keeps its own setting (httpx's default: redirects not followed), and an
unfollowed redirect raises `APIStatusError` like openai's client. The traces exporter does not
follow redirects.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from agentkit._http._client import close_shared_http_client
from agentkit.client import APIStatusError, AsyncOpenAI
from agentkit.model_settings import ModelSettings
from agentkit.models.interface import ModelTracing
from agentkit.models.openai_responses import OpenAIResponsesModel
from agentkit.tracing import trace
from agentkit.tracing.processors import BackendSpanExporter
from tests.openai_server import JSONReply, OpenAIServer
from tests.openai_server import builders as b

KEY = "sk-REDIRECT-SENTINEL-0042"


@pytest.fixture
def other_server() -> Iterator[OpenAIServer]:
    """A second loopback server on another port: another origin."""
    server = OpenAIServer().start()
    try:
        yield server
    finally:
        server.stop()


def _redirect(to: str) -> JSONReply:
    return JSONReply(status=307, headers={"location": to}, body={})


async def _get(model: OpenAIResponsesModel) -> object:
    return await model.get_response(
        None, "hi", ModelSettings(), [], None, [], ModelTracing.DISABLED
    )


async def test_shared_pool_follows_cross_origin_redirect_without_authorization(
    openai_server: OpenAIServer, other_server: OpenAIServer
) -> None:
    openai_server.queue(_redirect(f"{other_server.base_url}/responses"), path="/responses")
    other_server.queue(b.response_text("from elsewhere"), path="/responses")
    client = AsyncOpenAI(api_key=KEY, base_url=openai_server.base_url)
    try:
        response = await _get(OpenAIResponsesModel("gpt-4.1", client))
    finally:
        await close_shared_http_client()
    assert openai_server.last_request.headers["authorization"] == f"Bearer {KEY}"
    (forwarded,) = other_server.requests
    assert "authorization" not in forwarded.headers
    assert KEY not in repr(forwarded.headers) + repr(forwarded.body)
    assert response is not None


async def test_same_origin_redirect_keeps_authorization(openai_server: OpenAIServer) -> None:
    """The control: httpx strips the header only when the origin changes."""
    openai_server.queue(_redirect(f"{openai_server.base_url}/responses?moved=1"), path="/responses")
    openai_server.queue(b.response_text("moved"), path="/responses")
    client = AsyncOpenAI(api_key=KEY, base_url=openai_server.base_url)
    try:
        await _get(OpenAIResponsesModel("gpt-4.1", client))
    finally:
        await close_shared_http_client()
    assert [r.headers["authorization"] for r in openai_server.requests] == [f"Bearer {KEY}"] * 2


async def test_injected_client_does_not_follow_redirects(
    openai_server: OpenAIServer, other_server: OpenAIServer
) -> None:
    """An unfollowed redirect is a typed status error (as openai's `raise_for_status` makes it);
    before the fix its empty body was parsed as a response and raised a ValidationError."""
    openai_server.queue(_redirect(f"{other_server.base_url}/responses"), path="/responses")
    async with httpx.AsyncClient() as http:
        client = AsyncOpenAI(api_key=KEY, base_url=openai_server.base_url, http_client=http)
        with pytest.raises(APIStatusError) as info:
            await _get(OpenAIResponsesModel("gpt-4.1", client))
    assert info.value.status_code == 307
    assert KEY not in repr(info.value) + repr(info.value.request.headers)
    assert len(openai_server.requests) == 1  # a redirect is not retried
    assert other_server.requests == []


def test_trace_exporter_does_not_follow_redirects(
    openai_server: OpenAIServer, other_server: OpenAIServer
) -> None:
    openai_server.queue(_redirect(f"{other_server.base_url}/traces/ingest"), path="/traces/ingest")
    exporter = BackendSpanExporter(
        api_key=KEY, endpoint=f"{openai_server.base_url}/traces/ingest", max_retries=1
    )
    with trace("redirected") as t:
        pass
    exporter.export([t])
    exporter.close()
    assert other_server.requests == []
