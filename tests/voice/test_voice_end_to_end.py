"""A spoken question in, spoken answer chunks out: real speech audio, the loopback OpenAI server
(transcription, a Responses agent that calls a tool, streamed speech) and, for streamed input,
the loopback transcription websocket."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from agentkit.voice import (
    AudioInput,
    OpenAIVoiceModelProvider,
    SingleAgentVoiceWorkflow,
    StreamedAudioInput,
    VoicePipeline,
    VoicePipelineConfig,
    VoiceStreamEventAudio,
)

from agentkit import Agent, function_tool
from agentkit.client import AsyncOpenAI
from agentkit.models import _openai_shared
from tests.openai_server import OpenAIServer, RawReply
from tests.openai_server import builders as b
from tests.voice.voice_support import (
    SpanRecorder,
    TranscriptionServer,
    answer_pcm,
    collect,
    describe,
    load_wav,
    speaking,
)

QUESTION = "What is the weather in Tokyo?"
ANSWER = "The weather in Tokyo is sunny. Enjoy your day!"


@pytest.fixture
def agent(client: AsyncOpenAI, monkeypatch: pytest.MonkeyPatch) -> Agent[Any]:
    monkeypatch.setattr(_openai_shared, "_default_openai_client", client)
    calls: list[str] = []

    @function_tool
    def get_weather(city: str) -> str:
        """Get the weather for a given city."""
        calls.append(city)
        return f"The weather in {city} is sunny."

    agent = Agent(
        name="Assistant", instructions="Be concise.", model="gpt-4.1", tools=[get_weather]
    )
    agent.tool_calls = calls  # type: ignore[attr-defined]
    return agent


def _queue_agent_and_speech(server: OpenAIServer) -> bytes:
    pcm = answer_pcm()
    server.queue(
        b.stream_response_function_call("get_weather", {"city": "Tokyo"}, call_id="call_1"),
        path="/responses",
    )
    server.queue(b.stream_response_text(ANSWER, deltas=7), path="/responses")
    server.queue(
        RawReply(body=pcm, chunked=True, chunk_size=2048),
        path="/audio/speech",
        when=speaking("The weather in Tokyo is sunny."),
    )
    server.queue(
        RawReply(body=pcm[:9600], chunked=True, chunk_size=2048),
        path="/audio/speech",
        when=speaking("Enjoy your day!"),
    )
    return pcm + pcm[:9600]


def _check_agent_requests(server: OpenAIServer) -> None:
    first, second = server.requests_to("/responses")
    assert first.json["input"] == [{"role": "user", "content": QUESTION}]
    assert first.json["stream"] is True
    assert [t["name"] for t in first.json["tools"]] == ["get_weather"]
    outputs = [i for i in second.json["input"] if i.get("type") == "function_call_output"]
    assert outputs == [
        {
            "call_id": "call_1",
            "output": "The weather in Tokyo is sunny.",
            "type": "function_call_output",
        }
    ]
    speech = server.requests_to("/audio/speech")
    # Sent concurrently, one per sentence: either may arrive first.
    assert sorted(r.json["input"] for r in speech) == [
        "Enjoy your day!",
        "The weather in Tokyo is sunny.",
    ]
    assert all(r.validation_error is None for r in server.requests)


async def test_wav_question_to_spoken_answer(
    openai_server: OpenAIServer, client: AsyncOpenAI, agent: Agent[Any], spans: SpanRecorder
) -> None:
    samples, rate = load_wav()
    openai_server.queue_json({"text": QUESTION}, path="/audio/transcriptions")
    expected_audio = _queue_agent_and_speech(openai_server)
    pipeline = VoicePipeline(
        workflow=SingleAgentVoiceWorkflow(agent),
        config=VoicePipelineConfig(model_provider=OpenAIVoiceModelProvider(openai_client=client)),
    )

    events, error = await collect(await pipeline.run(AudioInput(samples, frame_rate=rate)))

    assert error is None
    lifecycle = [describe(e) for e in events if not isinstance(e, VoiceStreamEventAudio)]
    assert lifecycle == ["turn_started", "turn_ended", "session_ended"]
    audio = b"".join(e.data.tobytes() for e in events if isinstance(e, VoiceStreamEventAudio))
    assert audio == expected_audio
    assert agent.tool_calls == ["Tokyo"]  # type: ignore[attr-defined]
    upload = openai_server.requests_to("/audio/transcriptions")[0]
    assert upload.validation_error is None and upload.form["model"] == ["gpt-transcribe"]
    _check_agent_requests(openai_server)
    # One trace holding the transcription, the agent run and the speech.
    (trace,) = [t for t in spans.traces if t.name == "Voice Agent"]
    kinds = {s.span_data.type for s in spans.spans if s.trace_id == trace.trace_id}
    assert {"transcription", "agent", "function", "speech_group", "speech"} <= kinds


async def test_streamed_question_to_spoken_answer(
    openai_server: OpenAIServer,
    client: AsyncOpenAI,
    agent: Agent[Any],
    ws_server: Callable[..., TranscriptionServer],
) -> None:
    ws = ws_server([QUESTION])
    client = client.with_options(websocket_base_url=ws.url)
    expected_audio = _queue_agent_and_speech(openai_server)
    pipeline = VoicePipeline(
        workflow=SingleAgentVoiceWorkflow(agent),
        config=VoicePipelineConfig(model_provider=OpenAIVoiceModelProvider(openai_client=client)),
    )
    samples, _ = load_wav()
    microphone = np.concatenate([samples, np.zeros(24000, dtype=np.int16)])
    streamed = StreamedAudioInput()

    result = await pipeline.run(streamed)
    for start in range(0, len(microphone), 2400):  # 100 ms chunks
        await streamed.add_audio(microphone[start : start + 2400])
    await streamed.add_audio(None)
    events, error = await collect(result)

    assert error is None
    lifecycle = [describe(e) for e in events if not isinstance(e, VoiceStreamEventAudio)]
    assert lifecycle == ["turn_started", "turn_ended", "session_ended"]
    audio = b"".join(e.data.tobytes() for e in events if isinstance(e, VoiceStreamEventAudio))
    assert audio == expected_audio
    assert agent.tool_calls == ["Tokyo"]  # type: ignore[attr-defined]
    _check_agent_requests(openai_server)
    (connection,) = ws.connections
    heard = connection.turn_audio[0]
    assert np.array_equal(heard[: len(samples)], samples)  # the spoken question, intact
    assert connection.closed.wait(5)
