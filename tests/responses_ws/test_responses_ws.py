"""Responses over WebSocket (the responses_ws extra) against a spec-checking server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from agentkit.responses_ws import OpenAIResponsesWSModel, ResponsesWebSocketError

from agentkit import (
    Agent,
    OpenAIProvider,
    RunConfig,
    Runner,
    function_tool,
    responses_websocket_session,
    set_default_openai_responses_transport,
)
from agentkit.models import _openai_shared
from tests.openai_server import OpenAIServer
from tests.openai_server import builders as b
from tests.responses_ws.ws_server import ResponsesWebSocketServer

ROOT = Path(__file__).resolve().parents[2]


@function_tool
def get_weather(city: str) -> str:
    """Weather in a city.

    Args:
        city: The city.
    """
    return f"Sunny in {city}."


def tool_agent(model: str = "gpt-4.1") -> Agent[Any]:
    return Agent(name="a", instructions="Be brief.", tools=[get_weather], model=model)


async def wait_for(condition: Any, timeout: float = 5.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        assert asyncio.get_running_loop().time() < deadline, "condition not met in time"
        await asyncio.sleep(0.01)


CALL = {"id": "fc_1", "call_id": "call_1"}


def queue_tool_turns(server: Any) -> None:
    server.queue([b.function_call_item("get_weather", {"city": "Paris"}, **CALL)])
    server.queue([b.message_item("It is sunny in Paris.")])


def ws_config(server: ResponsesWebSocketServer) -> RunConfig:
    provider = OpenAIProvider(
        api_key="sk-test", base_url=server.base_url, use_responses_websocket=True
    )
    return RunConfig(model_provider=provider, tracing_disabled=True)


async def test_a_two_turn_run_uses_one_connection_and_valid_frames() -> None:
    async with ResponsesWebSocketServer() as server:
        queue_tool_turns(server)
        result = await Runner.run(tool_agent(), "Weather in Paris?", run_config=ws_config(server))
        assert result.final_output == "It is sunny in Paris."
        assert server.errors == []
        assert server.connections == 1 and len(server.frames) == 2
        path, headers = server.handshakes[0]
        assert path == "/v1/responses"
        assert headers["authorization"] == "Bearer sk-test"
        assert all(f["type"] == "response.create" and f["stream"] is True for f in server.frames)
        assert server.frames[1]["input"][-1] == {
            "call_id": "call_1",
            "output": "Sunny in Paris.",
            "type": "function_call_output",
        }


async def test_frames_carry_the_http_request_bodies(openai_server: OpenAIServer) -> None:
    openai_server.queue(
        b.response_auto([b.function_call_item("get_weather", {"city": "Paris"}, **CALL)]),
        path="/responses",
    )
    openai_server.queue(b.response_auto("It is sunny in Paris."), path="/responses")
    http_provider = OpenAIProvider(api_key="sk-test", base_url=openai_server.base_url)
    config = RunConfig(model_provider=http_provider, tracing_disabled=True)
    await Runner.run(tool_agent(), "Weather in Paris?", run_config=config)
    bodies = [r.json for r in openai_server.requests]
    async with ResponsesWebSocketServer() as server:
        queue_tool_turns(server)
        await Runner.run(tool_agent(), "Weather in Paris?", run_config=ws_config(server))
    for body, frame in zip(bodies, server.frames, strict=True):
        assert {k: v for k, v in frame.items() if k not in ("type", "stream")} == body


async def test_streamed_run() -> None:
    async with ResponsesWebSocketServer() as server:
        server.queue_text("Hello there, friend.")
        result = Runner.run_streamed(tool_agent(), "Hi", run_config=ws_config(server))
        kinds = [event.type async for event in result.stream_events()]
        assert result.final_output == "Hello there, friend."
        assert "raw_response_event" in kinds and server.errors == []


async def test_an_abandoned_stream_drops_the_connection_and_the_next_request_reconnects() -> None:
    async with ResponsesWebSocketServer() as server:
        server.queue([b.message_item("An answer never finished.")], hang_after=3)
        server.queue_text("Second.")
        config = ws_config(server)
        result = Runner.run_streamed(tool_agent(), "Hi", run_config=config)
        async for event in result.stream_events():
            if event.type == "raw_response_event":
                break
        result.cancel()
        second = await Runner.run(tool_agent(), "Again", run_config=config)
        assert second.final_output == "Second."
        assert server.connections == 2 and len(server.frames) == 2
        await wait_for(lambda: server.closed_connections == 1)


async def test_an_error_frame_raises_with_its_details() -> None:
    async with ResponsesWebSocketServer() as server:
        server.queue(
            {
                "type": "error",
                "status": 400,
                "error": {"type": "invalid_request_error", "code": "bad", "message": "Nope."},
            }
        )
        with pytest.raises(ResponsesWebSocketError, match=r"status 400.*message=Nope"):
            await Runner.run(tool_agent(), "Hi", run_config=ws_config(server))


async def test_default_transport_and_session_helper(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_openai_shared, "_responses_transport", "http")
    set_default_openai_responses_transport("websocket")
    model = OpenAIProvider(api_key="k", base_url="http://127.0.0.1:9/v1").get_model("gpt-4.1")
    assert isinstance(model, OpenAIResponsesWSModel)
    with pytest.raises(ValueError, match="'http' or 'websocket'"):
        set_default_openai_responses_transport("sse")  # type: ignore[arg-type]
    async with ResponsesWebSocketServer() as server:
        server.queue_text("One.")
        server.queue_text("Two.")
        async with responses_websocket_session(api_key="sk-s", base_url=server.base_url) as session:
            first = await session.run(tool_agent(), "1")
            second = await session.run(tool_agent(), "2")
            with pytest.raises(ValueError, match="run_config"):
                await session.run(tool_agent(), "3", run_config=RunConfig())
        assert (first.final_output, second.final_output) == ("One.", "Two.")
        assert server.connections == 1
        await wait_for(lambda: server.closed_connections == 1)  # closed when the session ended


def test_without_websockets_the_option_names_the_extra() -> None:
    code = (
        "import sys; sys.modules['websockets'] = None\n"
        "from agentkit import OpenAIProvider\n"
        "p = OpenAIProvider(api_key='k', use_responses_websocket=True)\n"
        "try:\n    p.get_model('gpt-4.1')\nexcept ImportError as e:\n    print(e)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert 'pip install "agentkit[responses_ws]"' in out.stdout


def test_the_core_never_imports_websockets() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "agentkit").rglob("*.py")
        if "import websockets" in path.read_text() or "from websockets" in path.read_text()
    ]
    assert offenders == []


def test_frame_validation_catches_a_bad_frame() -> None:
    from tests.responses_ws.ws_server import frame_errors

    assert frame_errors({"type": "response.create", "model": "gpt-4.1", "input": "hi"}) == []
    assert frame_errors({"type": "response.cancel"})
    assert frame_errors({"type": "response.create", "stream_id": "no spaces allowed"})
    assert frame_errors({"type": "response.create", "input": 5})
    assert json.dumps(frame_errors([])) != "[]"


UPSTREAM_FRAMES = json.loads((Path(__file__).parent / "data" / "upstream_frames.json").read_text())


async def test_frames_equal_upstreams() -> None:
    # Recorded from openai-agents 0.24 by data/record_upstream_frames.py (same scenario).
    async with ResponsesWebSocketServer() as server:
        queue_tool_turns(server)
        await Runner.run(tool_agent(), "Weather in Paris?", run_config=ws_config(server))
    assert server.handshakes[0][0] == UPSTREAM_FRAMES["path"]
    assert server.frames == UPSTREAM_FRAMES["frames"]
    assert UPSTREAM_FRAMES["errors"] == [] and server.errors == []
