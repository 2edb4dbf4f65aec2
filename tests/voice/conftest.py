"""Fixtures of the voice tests: transcription websocket servers, clients, a span recorder."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

pytest.importorskip("numpy")
pytest.importorskip("websockets")

from agentkit.client import AsyncOpenAI
from agentkit.tracing import setup as tracing_setup
from agentkit.tracing.provider import DefaultTraceProvider
from tests.openai_server import OpenAIServer
from tests.voice.voice_support import SpanRecorder, TranscriptionServer


@pytest.fixture
def ws_server() -> Iterator[Callable[..., TranscriptionServer]]:
    """Starts transcription websocket servers (`ws_server(transcripts, **faults)`); all are
    stopped after the test."""
    started: list[TranscriptionServer] = []

    def start(transcripts: list[str] | None = None, **options: Any) -> TranscriptionServer:
        server = TranscriptionServer(transcripts, **options).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def client(openai_server: OpenAIServer) -> AsyncOpenAI:
    """A client of the loopback OpenAI server, with no retries so fault tests stay quick."""
    return AsyncOpenAI(api_key="sk-voice-test", base_url=openai_server.base_url, max_retries=0)


@pytest.fixture
def spans(monkeypatch: pytest.MonkeyPatch) -> SpanRecorder:
    """A fresh global trace provider recording into memory for this test."""
    for name in ("AGENTKIT_DISABLE_TRACING", "OPENAI_AGENTS_DISABLE_TRACING"):
        monkeypatch.delenv(name, raising=False)
    provider = DefaultTraceProvider()
    monkeypatch.setattr(tracing_setup, "GLOBAL_TRACE_PROVIDER", provider)
    recorder = SpanRecorder()
    provider.set_processors([recorder])  # type: ignore[list-item]
    return recorder
