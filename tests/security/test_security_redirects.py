"""Redirects to another origin never carry credentials or the request body.

What agentkit does: it follows redirects itself when the HTTP client is set to (the shared pool is;
an injected httpx client keeps its own setting, httpx's default being not to follow, and an
unfollowed redirect raises `APIStatusError` like openai's client). A hop to another origin (scheme,
host and port) keeps only `Accept` and `User-Agent`: `Authorization`, `api-key`,
`OpenAI-Organization`, `OpenAI-Project` and every custom header are dropped. A 307/308 that would
re-send the body to another origin is not followed (`RedirectError`), and
`allow_cross_origin_redirects=False` refuses every cross-origin redirect. Same-origin redirects
keep everything. The traces exporter does not follow redirects.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from agentkit._http._client import close_shared_http_client
from agentkit.client import APIStatusError, AsyncOpenAI, RedirectError
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


def _redirect(to: str, times: int | None = 1) -> JSONReply:
    return JSONReply(status=307, headers={"location": to}, body={}, times=times)


async def _get(model: OpenAIResponsesModel) -> object:
    return await model.get_response(
        None, "hi", ModelSettings(), [], None, [], ModelTracing.DISABLED
    )


CREDENTIAL_HEADERS = {
    "api-key": "azure-key-SENTINEL",
    "x-custom-auth": "custom-SENTINEL",
}


def _credentialed_client(base_url: str, **options: object) -> AsyncOpenAI:
    return AsyncOpenAI(
        api_key=KEY,
        base_url=base_url,
        organization="org-SENTINEL",
        project="proj-SENTINEL",
        default_headers=CREDENTIAL_HEADERS,
        max_retries=0,
        **options,  # type: ignore[arg-type]
    )


async def test_cross_origin_307_with_a_body_is_not_followed(
    openai_server: OpenAIServer, other_server: OpenAIServer
) -> None:
    """Before: httpx re-sent the POST body (the whole prompt) and every header but Authorization
    (api-key, OpenAI-Organization, OpenAI-Project, custom headers) to the other origin."""
    openai_server.queue(_redirect(f"{other_server.base_url}/responses"), path="/responses")
    client = _credentialed_client(openai_server.base_url)
    try:
        with pytest.raises(RedirectError, match="re-send the request body") as info:
            await _get(OpenAIResponsesModel("gpt-4.1", client))
    finally:
        await close_shared_http_client()
    assert other_server.requests == []
    assert info.value.location == f"{other_server.base_url}/responses"
    assert KEY not in repr(info.value.request.headers)


async def test_cross_origin_redirect_without_a_body_drops_every_credential(
    openai_server: OpenAIServer, other_server: OpenAIServer
) -> None:
    openai_server.queue(_redirect(f"{other_server.base_url}/moved"), path="/thing")
    other_server.queue_json({"ok": True}, path="/moved")
    client = _credentialed_client(openai_server.base_url)
    try:
        assert await client.get("/thing") == {"ok": True}
    finally:
        await close_shared_http_client()
    first = openai_server.last_request.headers
    assert first["authorization"] == f"Bearer {KEY}"
    assert first["api-key"] == "azure-key-SENTINEL"
    (forwarded,) = other_server.requests
    names = {name.lower() for name, _ in forwarded.headers.items}
    for name in ("authorization", "api-key", "x-custom-auth", "openai-organization"):
        assert name not in names
    assert "openai-project" not in names
    assert "SENTINEL" not in repr(forwarded.headers.items)


async def test_a_303_after_post_goes_to_the_other_origin_as_a_bare_get(
    openai_server: OpenAIServer, other_server: OpenAIServer
) -> None:
    openai_server.queue(
        JSONReply(status=303, headers={"location": f"{other_server.base_url}/result"}, body={}),
        path="/submit",
    )
    other_server.queue_json({"done": True}, path="/result")
    client = _credentialed_client(openai_server.base_url)
    try:
        assert await client.post("/submit", body={"secret": "prompt-SENTINEL"}) == {"done": True}
    finally:
        await close_shared_http_client()
    (forwarded,) = other_server.requests
    assert forwarded.method == "GET"
    assert forwarded.body == b""
    assert "SENTINEL" not in repr(forwarded.headers.items)


async def test_cross_origin_redirects_can_be_refused(
    openai_server: OpenAIServer, other_server: OpenAIServer
) -> None:
    openai_server.queue(_redirect(f"{other_server.base_url}/moved"), path="/thing")
    client = _credentialed_client(openai_server.base_url, allow_cross_origin_redirects=False)
    try:
        with pytest.raises(RedirectError, match="refuses cross-origin redirects"):
            await client.get("/thing")
    finally:
        await close_shared_http_client()
    assert other_server.requests == []
    # Same-origin redirects are still followed with this option.
    openai_server.queue(_redirect(f"{openai_server.base_url}/moved"), path="/thing")
    openai_server.queue_json({"here": 1}, path="/moved")
    try:
        assert await client.get("/thing") == {"here": 1}
    finally:
        await close_shared_http_client()
    assert openai_server.last_request.headers["api-key"] == "azure-key-SENTINEL"


async def test_redirect_loops_end_with_a_typed_error(openai_server: OpenAIServer) -> None:
    openai_server.queue(_redirect(f"{openai_server.base_url}/loop", times=None), path="/loop")
    client = _credentialed_client(openai_server.base_url)
    try:
        with pytest.raises(RedirectError, match="Too many redirects"):
            await client.get("/loop")
    finally:
        await close_shared_http_client()
    assert len(openai_server.requests) == 21


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
