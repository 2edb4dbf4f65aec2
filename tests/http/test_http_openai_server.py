"""The client against the shared OpenAI-compatible test server (schema-checked request bodies)."""

from __future__ import annotations

import httpx
import pytest

from agentkit import client as ak
from tests.openai_server import (
    DropReply,
    OpenAIServer,
    RawReply,
    ResetReply,
    SSEReply,
    builders,
    error_reply,
    html_error,
)

KEY = "sk-openai-server-test"


@pytest.fixture
async def client(openai_server: OpenAIServer) -> ak.AsyncOpenAI:
    return ak.AsyncOpenAI(
        api_key=KEY, base_url=openai_server.base_url, http_client=httpx.AsyncClient()
    )


async def test_responses_json_and_stream(
    openai_server: OpenAIServer, client: ak.AsyncOpenAI
) -> None:
    openai_server.queue(builders.response_text("Hello"))
    result = await client.responses.create(model="gpt-4.1", input="hi")
    assert result["output"][0]["content"][0]["text"] == "Hello"
    openai_server.queue(builders.stream_response_text("Hi there!", deltas=3))
    stream = await client.responses.create(model="gpt-4.1", input="hi", stream=True)
    types = [event["type"] async for event in stream]
    assert types[0] == "response.created" and types[-1] == "response.completed"
    assert types.count("response.output_text.delta") == 3
    assert openai_server.last_request.validation_error is None
    await client.close()


async def test_chat_stream_and_big_event(
    openai_server: OpenAIServer, client: ak.AsyncOpenAI
) -> None:
    openai_server.queue(builders.stream_chat_text("Hi there"))
    stream = await client.chat.completions.create(
        model="gpt-4.1", messages=[{"role": "user", "content": "x"}], stream=True
    )
    chunks = [chunk async for chunk in stream]
    assert all(chunk["object"] == "chat.completion.chunk" for chunk in chunks)
    big = "x" * 5_000_000
    openai_server.queue(builders.stream_response_text(big, deltas=1))
    stream = await client.responses.create(model="gpt-4.1", input="hi", stream=True)
    deltas = [e["delta"] async for e in stream if e["type"] == "response.output_text.delta"]
    assert deltas == [big]
    await client.close()


async def test_faults(
    openai_server: OpenAIServer, client: ak.AsyncOpenAI, fast_backoff: None
) -> None:
    openai_server.queue(error_reply(429, retry_after_ms=20))
    openai_server.queue(builders.response_text("ok"))
    await client.responses.create(model="gpt-4.1", input="hi")
    openai_server.queue(html_error(502, times=3))
    with pytest.raises(ak.InternalServerError) as info:
        await client.with_options(max_retries=0).responses.create(model="gpt-4.1", input="hi")
    assert isinstance(info.value.body, str) and info.value.request_id is not None
    openai_server.queue(error_reply(503, should_retry=False))
    with pytest.raises(ak.InternalServerError):
        await client.responses.create(model="gpt-4.1", input="hi")
    openai_server.allow_pending = True  # two of the three 502s are never asked for

    events = builders.response_stream_events([builders.message_item("hello world")], deltas=4)
    openai_server.queue(SSEReply(events=events, cut_in_event=3))
    stream = await client.responses.create(model="gpt-4.1", input="hi", stream=True)
    with pytest.raises((ak.APIConnectionError, ak.APIStreamError)):
        async for _ in stream:
            pass
    openai_server.queue(SSEReply(events=[b"data: {not json\n\n"]), path="/responses")
    stream = await client.responses.create(model="gpt-4.1", input="hi", stream=True)
    with pytest.raises(ak.APIStreamError):
        async for _ in stream:
            pass
    openai_server.queue(ResetReply())
    openai_server.queue(DropReply())
    openai_server.queue(builders.response_text("after faults"))
    result = await client.responses.create(model="gpt-4.1", input="hi")
    assert result["output"][0]["content"][0]["text"] == "after faults"
    await client.close()


async def test_conversations_round_trip(
    openai_server: OpenAIServer, client: ak.AsyncOpenAI
) -> None:
    conv = await client.conversations.create(
        items=[{"type": "message", "role": "user", "content": f"m{i}"} for i in range(5)],
        metadata={"k": "v"},
    )
    conv_id = conv["id"]
    assert (await client.conversations.retrieve(conv_id))["id"] == conv_id
    texts = [
        item["content"][0]["text"]
        async for item in client.conversations.items.list(conv_id, limit=2, order="asc")
    ]
    assert texts == [f"m{i}" for i in range(5)]
    page = await client.conversations.items.list(conv_id, limit=2, order="desc")
    assert len(page["data"]) == 2 and page["has_more"] is True
    added = await client.conversations.items.create(
        conv_id, items=[{"type": "message", "role": "user", "content": "later"}]
    )
    item_id = added["data"][0]["id"]
    await client.conversations.items.delete(item_id, conversation_id=conv_id)
    assert len(openai_server.conversations.items(conv_id)) == 5
    deleted = await client.conversations.delete(conv_id)
    assert deleted["deleted"] is True
    assert all(r.validation_error is None for r in openai_server.requests)
    await client.close()


async def test_audio(openai_server: OpenAIServer, client: ak.AsyncOpenAI) -> None:
    openai_server.queue_json({"text": "hello"}, path="/audio/transcriptions")
    result = await client.audio.transcriptions.create(
        file=("a.wav", b"RIFF....WAVE", "audio/wav"),
        model="gpt-4o-transcribe",
        include=["logprobs"],
        chunking_strategy={"type": "server_vad", "threshold": 0.5},
    )
    assert result == {"text": "hello"}
    req = openai_server.last_request
    assert req.validation_error is None
    assert req.form["model"] == ["gpt-4o-transcribe"]
    assert req.form["include[]"] == ["logprobs"]
    assert req.files["file"].content == b"RIFF....WAVE"
    pcm = bytes(range(256)) * 64
    openai_server.queue(RawReply(body=pcm, chunked=True), path="/audio/speech")
    assert await client.audio.speech.create(model="tts-1", input="hi", voice="alloy") == pcm
    assert openai_server.last_request.validation_error is None
    await client.close()
