"""Beyond upstream: the session survives an abnormal close; a lost connection ends it cleanly."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest
from agentkit.realtime import (
    OpenAIRealtimeWebSocketModel,
    RealtimeAgent,
    RealtimeConnectionClosedError,
    RealtimeRunner,
)
from rt_server import Rule, Script
from scenarios import (
    ASSISTANT_ID,
    USER_ID,
    assistant_audio_turn,
    pcm_tone,
    session_created,
    user_text_item,
)
from test_realtime_session_ws import collect, kinds

from agentkit.exceptions import UserError
from agentkit.tool import WebSearchTool

pytestmark = pytest.mark.asyncio

FAST = {"initial_delay": 0.01, "max_delay": 0.02}


def first_connection(drop: dict[str, Any]) -> Script:
    answer = assistant_audio_turn(["Hello"], [pcm_tone(240)])
    return Script(
        on_connect=[session_created()],
        rules=[
            Rule("conversation.item.create", user_text_item("Hi")),
            Rule("response.create", [*answer, drop]),
        ],
    )


def second_connection() -> Script:
    return Script(
        on_connect=[session_created()],
        rules=[
            Rule("conversation.item.create", [{"$close": 1000}], where={"item.id": ASSISTANT_ID})
        ],
    )


@pytest.mark.parametrize(
    "drop", [{"$close": 1011, "reason": "server error"}, {"$drop": True}], ids=["1011", "tcp-drop"]
)
async def test_abnormal_close_reconnects_and_restores_config_and_history(
    rt_server: Any, drop: dict[str, Any]
) -> None:
    agent = RealtimeAgent(name="Assistant", instructions="Be brief.")
    async with rt_server([first_connection(drop), second_connection()]) as server:
        session = await RealtimeRunner(agent).run(
            model_config={"api_key": "k", "url": server.url, "reconnect": FAST}
        )
        async with session:
            await session.send_message("Hi")
            events = await collect(session)
    names = kinds(events)
    assert names.index("agent_end") < names.index("reconnecting") < names.index("reconnected")
    reconnecting = next(e for e in events if e.type == "reconnecting")
    assert reconnecting.attempt == 1
    if "$close" in drop:
        assert reconnecting.reason == "close code 1011: server error"
    assert len(server.connections) == 2
    first, second = server.connections
    config = first.received[0]
    assert second.received[0] == config
    restored = [e["item"] for e in second.received if e["type"] == "conversation.item.create"]
    assert restored == [
        {
            "id": USER_ID,
            "type": "message",
            "role": "user",
            "content": [{"type": "input_text", "text": "Hi"}],
        },
        {
            "id": ASSISTANT_ID,
            "type": "message",
            "role": "assistant",
            "content": [{"type": "output_text", "text": "Hello"}],
        },
    ]
    assert [i.item_id for i in session.history] == [USER_ID, ASSISTANT_ID]


async def test_sends_during_reconnection_wait_for_the_new_connection(rt_server: Any) -> None:
    first = Script(
        on_connect=[session_created()], rules=[Rule("input_audio_buffer.append", [{"$drop": True}])]
    )
    second = Script(
        on_connect=[session_created()],
        rules=[Rule("input_audio_buffer.append", [{"$close": 1000}])],
    )
    async with rt_server([first, second]) as server:
        session = await RealtimeRunner(RealtimeAgent(name="A")).run(
            model_config={"api_key": "k", "url": server.url, "reconnect": {"initial_delay": 0.2}}
        )
        async with session:
            await session.send_audio(pcm_tone(10))
            for _ in range(200):
                if session.model._ready.is_set() is False:  # type: ignore[attr-defined]
                    break
                await asyncio.sleep(0.005)
            await session.send_audio(pcm_tone(20))
            await collect(session)
    second_audio = [
        e for e in server.connections[1].received if e["type"] == "input_audio_buffer.append"
    ]
    assert len(second_audio) == 1


async def test_unrecoverable_drop_reports_error_and_ends_cleanly(rt_server: Any) -> None:
    script = Script(
        on_connect=[session_created()], rules=[Rule("conversation.item.create", [{"$drop": True}])]
    )
    async with rt_server(script) as server:
        server.reject_connections = {1, 2, 3}
        model = OpenAIRealtimeWebSocketModel()
        session = await RealtimeRunner(RealtimeAgent(name="A"), model=model).run(
            model_config={
                "api_key": "k",
                "url": server.url,
                "reconnect": {**FAST, "max_attempts": 3},
            }
        )
        async with session:
            await session.send_message("Hi")
            events = await collect(session)
            assert [e.attempt for e in events if e.type == "reconnecting"] == [1, 2, 3]
            error = next(e for e in events if e.type == "error")
            assert error.error["type"] == "connection_lost"
            assert "3 reconnection attempt(s) failed" in error.error["message"]
            listener = model._websocket_task
            assert listener is not None and listener.done()
            with pytest.raises(RealtimeConnectionClosedError):
                await session.send_audio(b"\x00\x00")
        assert server.rejected_handshakes == 3
    assert model._websocket is None and model._websocket_task is None
    with pytest.raises(RealtimeConnectionClosedError, match="session is closed"):
        await session.send_message("again")


async def test_without_reconnection_an_abnormal_close_raises_like_upstream(rt_server: Any) -> None:
    script = Script(
        on_connect=[session_created()], rules=[Rule("conversation.item.create", [{"$close": 1011}])]
    )
    async with rt_server(script) as server:
        session = await RealtimeRunner(RealtimeAgent(name="A")).run(
            model_config={"api_key": "k", "url": server.url, "reconnect": False}
        )
        async with session:
            await session.send_message("Hi")
            from websockets.exceptions import ConnectionClosedError

            with pytest.raises(ConnectionClosedError):
                await collect(session)


async def test_connection_is_replaced_before_the_session_expires(rt_server: Any) -> None:
    created = session_created()
    created["session"]["expires_at"] = int(time.time()) + 2
    first = Script(on_connect=[created])
    second = Script(
        on_connect=[session_created()],
        rules=[Rule("session.update", [{"$close": 1000}], where={"session.tracing": "auto"})],
    )
    async with rt_server([first, second]) as server:
        session = await RealtimeRunner(RealtimeAgent(name="A")).run(
            model_config={
                "api_key": "k",
                "url": server.url,
                "reconnect": {**FAST, "refresh_before_expiry": 1.9},
            }
        )
        async with session:
            events = await collect(session)
    reconnecting = next(e for e in events if e.type == "reconnecting")
    assert reconnecting.reason == "the server session is about to expire"
    assert len(server.connections) == 2


async def test_failed_initial_configuration_releases_socket_and_listener(rt_server: Any) -> None:
    agent = RealtimeAgent(name="A", tools=[WebSearchTool()])
    script = Script(on_connect=[session_created()])
    async with rt_server(script) as server:
        model = OpenAIRealtimeWebSocketModel()
        session = await RealtimeRunner(agent, model=model).run(
            model_config={"api_key": "k", "url": server.url}
        )
        with pytest.raises(UserError, match="Must be a function tool"):
            async with session:
                pass
        assert model._websocket is None and model._websocket_task is None
        assert model._listeners == []
        assert len(server.connections) == 1
        for _ in range(100):
            if not server._server.connections:
                break
            await asyncio.sleep(0.01)
        assert not server._server.connections
        leftovers = [
            t
            for t in asyncio.all_tasks()
            if getattr(t.get_coro(), "__qualname__", "").startswith("OpenAIRealtimeWebSocketModel")
        ]
        assert leftovers == []
