"""Robustness: bad server events, closed sessions, backpressure, credentials, connection options."""

from __future__ import annotations

import asyncio
import logging
import random
from typing import Any

import pytest
from agentkit.realtime import (
    OpenAIRealtimeWebSocketModel,
    RealtimeAgent,
    RealtimeConnectionClosedError,
    RealtimeRunner,
)
from rt_server import Rule, Script
from scenarios import b64, session_created
from test_realtime_session_ws import collect

from agentkit.exceptions import UserError

pytestmark = pytest.mark.asyncio

SECRET = "sk-proj-SECRETSECRET-1234567890"


async def test_malformed_and_incomplete_events_are_reported_and_the_loop_continues(
    rt_server: Any,
) -> None:
    bad = [
        {"$raw": "{not json"},
        {"$raw": "[1, 2]"},
        {"type": "response.output_audio.delta", "event_id": "e1", "response_id": "r"},
        {
            "type": "response.output_audio.delta",
            "event_id": "e2",
            "response_id": "r",
            "item_id": "i",
            "content_index": 0,
            "delta": "***",
        },
        {
            "type": "response.created",
            "event_id": "e3",
            "response": {
                "id": "resp_ok",
                "object": "realtime.response",
                "status": "in_progress",
                "output": [],
            },
        },
        {"$close": 1000},
    ]
    script = Script(on_connect=[session_created()], rules=[Rule("conversation.item.create", bad)])
    async with rt_server(script) as server:
        session = await RealtimeRunner(RealtimeAgent(name="A")).run(
            model_config={"api_key": "k", "url": server.url}
        )
        async with session:
            await session.send_message("Hi")
            events = await collect(session)
    errors = [e.error for e in events if e.type == "error"]
    assert [e["type"] for e in errors] == ["invalid_server_event"] * 4
    assert "not valid JSON" in errors[0]["message"]
    assert "not an object" in errors[1]["message"]
    assert "`item_id`" in errors[2]["message"]
    assert "base64" in errors[3]["message"]
    # The loop went on: the next (valid) event was handled.
    assert [e.type for e in events if e.type == "agent_start"] == ["agent_start"]


async def test_sending_after_close_raises_a_clear_error(rt_server: Any) -> None:
    async with rt_server(Script(on_connect=[session_created()])) as server:
        session = await RealtimeRunner(RealtimeAgent(name="A")).run(
            model_config={"api_key": "k", "url": server.url}
        )
        async with session:
            pass
    for call in (
        session.send_message("hi"),
        session.send_audio(b"\x00\x00"),
        session.interrupt(),
        session.update_agent(RealtimeAgent(name="B")),
    ):
        with pytest.raises(RealtimeConnectionClosedError, match="start a new one"):
            await call
    model = session.model
    with pytest.raises(RealtimeConnectionClosedError, match="connection is closed"):
        await model._send_raw_message({"type": "input_audio_buffer.clear"})  # type: ignore[attr-defined]


async def test_send_audio_waits_while_the_server_does_not_read(rt_server: Any) -> None:
    # Noise, not a tone: websockets compresses frames (permessage-deflate), and a tone would
    # shrink to almost nothing. 60 chunks of 320 kB (base64) are far more than the buffers hold.
    chunk = random.Random(0).randbytes(240_000)
    count = 60
    script = Script(
        on_connect=[session_created()], rules=[Rule("session.update", [{"$pause_reading": 3}])]
    )
    async with rt_server(script, max_queue=1, recv_buffer=65536) as server:
        session = await RealtimeRunner(RealtimeAgent(name="A")).run(
            model_config={"api_key": "k", "url": server.url}
        )
        async with session:
            sent = 0

            async def pump() -> None:
                nonlocal sent
                for _ in range(count):
                    await session.send_audio(chunk)
                    sent += 1

            task = asyncio.create_task(pump())
            await asyncio.sleep(0.5)
            assert not server.paused.is_set()
            assert not task.done() and sent < count
            await asyncio.wait_for(task, 30)
            for _ in range(500):
                appended = [e for e in server.received if e["type"] == "input_audio_buffer.append"]
                if len(appended) == count:
                    break
                await asyncio.sleep(0.02)
    assert len(appended) == count and appended[0]["audio"] == b64(chunk)


async def test_api_key_never_in_logs_events_or_errors(
    rt_server: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    for name in ("websockets", "openai.agents", "openai.agents.realtime.websocket"):
        logging.getLogger(name).setLevel(logging.DEBUG)
    script = Script(
        on_connect=[session_created()], rules=[Rule("conversation.item.create", [{"$close": 1011}])]
    )
    async with rt_server([script, Script(rules=[])]) as server:
        server.reject_connections = {1}
        session = await RealtimeRunner(RealtimeAgent(name="A")).run(
            model_config={
                "api_key": SECRET,
                "url": server.url,
                "reconnect": {"max_attempts": 1, "initial_delay": 0},
            }
        )
        async with session:
            await session.send_message("Hi")
            events = await collect(session)
    assert server.connections[0].headers["authorization"] == f"Bearer {SECRET}"
    assert "> Authorization: <redacted>" in caplog.text  # what the client logged
    client_logs = "\n".join(
        r.getMessage() for r in caplog.records if not r.name.startswith("websockets.server")
    )
    assert SECRET not in client_logs
    assert all(SECRET not in repr(e) for e in events)
    assert SECRET not in repr(session.model.__dict__)


async def test_connection_options(rt_server: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    async with rt_server([Script(rules=[]), Script(rules=[]), Script(rules=[])]) as server:
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", "sk-env")
        model = OpenAIRealtimeWebSocketModel()
        await model.connect({"initial_model_settings": {"model_name": "gpt-realtime"}})
        await model.close()
        await model.connect({"api_key": lambda: "ek_ephemeral", "url": server.url})
        await model.close()

        async def key() -> str:
            return "unused"

        await model.connect({"api_key": key, "url": server.url, "headers": {"api-key": "azure"}})
        await model.close()
    first, second, third = server.connections
    assert first.path == "/v1/realtime?model=gpt-realtime"
    assert first.headers["authorization"] == "Bearer sk-env"
    assert first.headers["user-agent"].startswith("agentkit/")
    assert second.headers["authorization"] == "Bearer ek_ephemeral"
    assert third.headers["api-key"] == "azure" and "authorization" not in third.headers


async def test_missing_api_key_and_conflicting_call_id_are_user_errors() -> None:
    model = OpenAIRealtimeWebSocketModel()
    with pytest.raises(UserError, match="OPENAI_API_KEY"):
        await model.connect({"url": "ws://127.0.0.1:9/unused"})
    with pytest.raises(UserError, match="call_id"):
        await model.connect(
            {"api_key": "k", "call_id": "c", "initial_model_settings": {"model_name": "m"}}
        )
    assert model.model == "gpt-realtime-2.1"
