"""OpenAI voice models over loopback: /audio/transcriptions (multipart, checked against the
OpenAPI spec), /audio/speech (streamed PCM) and the realtime transcription websocket."""

from __future__ import annotations

import asyncio
import base64
import io
import logging
import socket
import wave
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from agentkit.voice import (
    AudioInput,
    OpenAISTTModel,
    OpenAITTSModel,
    OpenAIVoiceModelProvider,
    StreamedAudioInput,
    STTModelSettings,
    STTWebsocketConnectionError,
    TTSModelSettings,
    VoicePipeline,
    VoicePipelineConfig,
    VoiceStreamEventAudio,
)
from agentkit.voice.models import openai_stt
from agentkit.voice.testing import ScriptedVoiceWorkflow

from agentkit.client import AsyncOpenAI
from agentkit.exceptions import UserError
from agentkit.models import _openai_shared
from agentkit.tracing import trace
from tests.openai_server import OpenAIServer, RawReply, error_reply
from tests.voice.voice_support import (
    SpanRecorder,
    TranscriptionServer,
    answer_pcm,
    collect,
    describe,
    load_wav,
)

WsServer = Callable[..., TranscriptionServer]


def _pipeline(client: AsyncOpenAI, workflow: Any, **config: Any) -> VoicePipeline:
    provider = OpenAIVoiceModelProvider(openai_client=client)
    return VoicePipeline(workflow=workflow, config=VoicePipelineConfig(provider, **config))


def _audio(events: list[Any]) -> bytes:
    return b"".join(e.data.tobytes() for e in events if isinstance(e, VoiceStreamEventAudio))


async def _feed(streamed: StreamedAudioInput, samples: np.ndarray, chunk: int = 4800) -> None:
    for start in range(0, len(samples), chunk):
        await streamed.add_audio(samples[start : start + chunk])
    await streamed.add_audio(None)


def _two_questions() -> np.ndarray:
    speech, _ = load_wav()
    pause = np.zeros(24000, dtype=np.int16)
    return np.concatenate([speech, pause, speech, pause])


# -- POST /audio/transcriptions --------------------------------------------------------------


async def test_transcribe_uploads_the_wav_as_the_spec_describes(
    openai_server: OpenAIServer, client: AsyncOpenAI, spans: SpanRecorder
) -> None:
    samples, rate = load_wav()
    openai_server.queue_json(
        {"text": "What is the weather in Tokyo?"}, path="/audio/transcriptions"
    )
    model = OpenAISTTModel("whisper-1", client)
    settings = STTModelSettings(prompt="Weather", language="en", temperature=0.1)

    with trace("transcribe"):  # spans need a trace to be recorded
        text = await model.transcribe(AudioInput(samples, frame_rate=rate), settings, True, True)

    assert text == "What is the weather in Tokyo?"
    request = openai_server.last_request
    assert request.validation_error is None
    assert request.headers["authorization"] == "Bearer sk-voice-test"
    assert request.form == {
        "model": ["whisper-1"],
        "prompt": ["Weather"],
        "temperature": ["0.1"],
        "language": ["en"],
    }
    upload = request.files["file"]
    assert (upload.filename, upload.content_type) == ("audio.wav", "audio/wav")
    with wave.open(io.BytesIO(upload.content)) as wav:
        assert wav.getframerate() == 24000
        assert np.array_equal(np.frombuffer(wav.readframes(wav.getnframes()), "<i2"), samples)
    (span,) = spans.of_type("transcription")
    assert span.span_data.output == "What is the weather in Tokyo?"
    assert span.span_data.model == "whisper-1"
    assert span.span_data.model_config == {
        "temperature": 0.1,
        "language": "en",
        "prompt": "Weather",
    }
    assert base64.b64decode(span.span_data.input) == samples.tobytes()


async def test_gpt_transcribe_sends_the_language_as_languages(
    openai_server: OpenAIServer, client: AsyncOpenAI
) -> None:
    openai_server.queue_json({"text": "hola"}, path="/audio/transcriptions")
    model = OpenAISTTModel("gpt-transcribe", client)
    await model.transcribe(
        AudioInput(np.zeros(10, np.int16)), STTModelSettings(language="es"), False, False
    )
    request = openai_server.last_request
    assert request.form == {"model": ["gpt-transcribe"], "languages[]": ["es"]}


async def test_transcription_failure_is_raised_and_recorded_redacted(
    openai_server: OpenAIServer, client: AsyncOpenAI, spans: SpanRecorder
) -> None:
    openai_server.queue(
        error_reply(500, message="engine melted", should_retry=False), path="/audio/transcriptions"
    )
    result = await _pipeline(
        client, ScriptedVoiceWorkflow(), trace_include_sensitive_data=False
    ).run(AudioInput(np.zeros(100, np.int16)))
    events, error = await collect(result)
    assert events == [] and error is not None and "500" in str(error)
    (span,) = spans.of_type("transcription")
    assert span.error == {"message": "Error details are redacted.", "data": {}}
    assert span.span_data.output == ""


# -- POST /audio/speech -------------------------------------------------------------------------


async def test_speech_streams_pcm_into_audio_events(
    openai_server: OpenAIServer, client: AsyncOpenAI
) -> None:
    pcm = answer_pcm()
    openai_server.queue(RawReply(body=pcm, chunked=True, chunk_size=1001), path="/audio/speech")
    model = OpenAITTSModel("gpt-4o-mini-tts", client)

    chunks = [
        c async for c in model.run("It is sunny.", TTSModelSettings(voice="coral", speed=1.5))
    ]

    assert b"".join(chunks) == pcm and len(chunks) > 10
    request = openai_server.last_request
    assert request.validation_error is None
    assert request.json == {
        "model": "gpt-4o-mini-tts",
        "input": "It is sunny.",
        "voice": "coral",
        "response_format": "pcm",
        "speed": 1.5,
        "instructions": TTSModelSettings().instructions,
    }


async def test_pipeline_plays_back_exactly_the_synthesized_pcm(
    openai_server: OpenAIServer, client: AsyncOpenAI
) -> None:
    pcm = answer_pcm()
    openai_server.queue_json({"text": "hi"}, path="/audio/transcriptions")
    openai_server.queue(RawReply(body=pcm, chunked=True, chunk_size=777), path="/audio/speech")
    result = await _pipeline(client, ScriptedVoiceWorkflow([["It is sunny in Tokyo today."]])).run(
        AudioInput(np.zeros(100, np.int16))
    )
    events, error = await collect(result)
    assert error is None
    assert describe(events[0]) == "turn_started" and describe(events[-1]) == "session_ended"
    assert _audio(events) == pcm
    assert openai_server.last_request.json["voice"] == "ash"  # the default voice
    assert "speed" not in openai_server.last_request.json


async def test_speech_failure_ends_the_session_and_raises(
    openai_server: OpenAIServer, client: AsyncOpenAI
) -> None:
    openai_server.queue_json({"text": "hi"}, path="/audio/transcriptions")
    openai_server.queue(error_reply(400, message="bad voice"), path="/audio/speech")
    result = await _pipeline(client, ScriptedVoiceWorkflow([["Hello."]])).run(
        AudioInput(np.zeros(100, np.int16))
    )
    events, error = await collect(result)
    assert [describe(e) for e in events] == ["turn_started", "session_ended"]
    assert error is not None and "bad voice" in str(error)


# -- the realtime transcription websocket ---------------------------------------------------------


async def test_streamed_transcription_configures_the_session_and_detects_turns(
    openai_server: OpenAIServer, client: AsyncOpenAI, ws_server: WsServer, spans: SpanRecorder
) -> None:
    ws = ws_server(["What is the weather in Tokyo?", "And again?"])
    client = client.with_options(websocket_base_url=ws.url, default_query={"tenant": "t1"})
    for _ in range(2):
        openai_server.queue(RawReply(body=answer_pcm()[:4800], chunked=True), path="/audio/speech")
    workflow = ScriptedVoiceWorkflow([["Sunny."], ["Still sunny."]])
    settings = STTModelSettings(
        prompt="Weather", language="en", keywords=["Tokyo"], turn_detection={"type": "server_vad"}
    )
    streamed = StreamedAudioInput()
    samples = _two_questions()

    result = await _pipeline(client, workflow, stt_settings=settings).run(streamed)
    await _feed(streamed, samples)
    events, error = await collect(result)

    assert error is None
    assert [describe(e) for e in events if not isinstance(e, VoiceStreamEventAudio)] == [
        "turn_started", "turn_ended", "turn_started", "turn_ended", "session_ended",
    ]  # fmt: skip
    assert workflow.transcriptions == ("What is the weather in Tokyo?", "And again?")
    (connection,) = ws.connections
    assert connection.path == "/v1/realtime?tenant=t1&intent=transcription"
    assert connection.headers["authorization"] == "Bearer sk-voice-test"
    assert connection.messages[0] == {
        "type": "session.update",
        "session": {
            "type": "transcription",
            "audio": {
                "input": {
                    "format": {"type": "audio/pcm", "rate": 24000},
                    "transcription": {
                        "model": "gpt-transcribe",
                        "languages": ["en"],
                        "prompt": "Weather",
                        "keywords": ["Tokyo"],
                    },
                    "turn_detection": {"type": "server_vad"},
                }
            },
        },
    }
    assert connection.types()[-2:] == ["input_audio_buffer.commit", "input_audio_buffer.clear"]
    sent = np.concatenate(connection.turn_audio)
    assert np.array_equal(sent, samples[: len(sent)])  # every sample arrived, in order
    assert len(connection.turn_audio) == 2
    transcription = spans.of_type("transcription")
    assert [s.span_data.output for s in transcription] == [
        "What is the weather in Tokyo?",
        "And again?",
        "",
    ]
    assert transcription[0].span_data.model_config["turn_detection"] == {"type": "server_vad"}
    first_turn = np.frombuffer(base64.b64decode(transcription[0].span_data.input), "<i2")
    assert np.array_equal(first_turn, samples[: len(first_turn)])
    assert connection.closed.wait(5)


async def test_the_api_key_stays_out_of_debug_logs(
    openai_server: OpenAIServer,
    client: AsyncOpenAI,
    ws_server: WsServer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    ws = ws_server(["Hello?"])
    client = client.with_options(websocket_base_url=ws.url)
    openai_server.queue_json({"text": "hi"}, path="/audio/transcriptions")
    openai_server.queue(RawReply(body=answer_pcm()[:480], times=2), path="/audio/speech")
    speech, _ = load_wav()
    caplog.set_level(logging.DEBUG)
    result = await _pipeline(client, ScriptedVoiceWorkflow([["Hi."]])).run(AudioInput(speech))
    await collect(result)
    streamed = StreamedAudioInput()
    result = await _pipeline(client, ScriptedVoiceWorkflow([["Hi."]])).run(streamed)
    await _feed(streamed, speech)
    _, error = await collect(result)
    assert error is None and ws.connections[0].headers["authorization"] == "Bearer sk-voice-test"
    # The test server's own handshake log is not ours to judge.
    ours = [r for r in caplog.records if not r.name.startswith("websockets.server")]
    assert ours  # debug logging was on
    assert not [r for r in ours if "sk-voice-test" in r.getMessage()]


async def test_legacy_session_events_and_float_audio_are_accepted(
    openai_server: OpenAIServer, client: AsyncOpenAI, ws_server: WsServer
) -> None:
    ws = ws_server(["Hello?"], created_type="transcription_session.created")
    client = client.with_options(websocket_base_url=ws.url)
    openai_server.queue(RawReply(body=answer_pcm()[:480]), path="/audio/speech")
    speech, _ = load_wav()
    streamed = StreamedAudioInput()
    result = await _pipeline(client, ScriptedVoiceWorkflow([["Hi."]])).run(streamed)
    await _feed(streamed, speech.astype(np.float32) / 32768.0)  # no trailing silence: final commit
    events, error = await collect(result)
    assert error is None and [describe(e) for e in events][-1] == "session_ended"
    (connection,) = ws.connections
    received = connection.turn_audio[0]
    assert np.abs(received.astype(np.int32) - speech).max() <= 1  # float32 -> PCM16


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"fail_update": True}, "Error event"),
        ({"close_after_commit": True}, "Error parsing events"),
        ({"silent": True}, "Timeout waiting for transcription_session.created"),
    ],
)
async def test_websocket_faults_surface_as_connection_errors(
    client: AsyncOpenAI,
    ws_server: WsServer,
    monkeypatch: pytest.MonkeyPatch,
    options: dict[str, Any],
    message: str,
) -> None:
    monkeypatch.setattr(openai_stt, "SESSION_CREATION_TIMEOUT", 0.3)
    ws = ws_server([], **options)
    client = client.with_options(websocket_base_url=ws.url)
    streamed = StreamedAudioInput()
    result = await _pipeline(client, ScriptedVoiceWorkflow()).run(streamed)
    await _feed(streamed, np.zeros(4800, dtype=np.int16))
    events, error = await asyncio.wait_for(collect(result), 10)
    assert events == []
    assert isinstance(error, STTWebsocketConnectionError) and message in str(error)
    (connection,) = ws.connections
    assert connection.closed.wait(5)


@pytest.mark.parametrize(
    ("chunk", "message"),
    [
        (np.zeros(10, dtype=np.float64), "int16 or float32, got float64"),
        (np.zeros((10, 2), dtype=np.int16), "must be mono 24 kHz PCM"),
    ],
)
async def test_bad_streamed_chunks_get_a_clear_error(
    client: AsyncOpenAI, ws_server: WsServer, chunk: np.ndarray, message: str
) -> None:
    ws = ws_server([])
    client = client.with_options(websocket_base_url=ws.url)
    streamed = StreamedAudioInput()
    result = await _pipeline(client, ScriptedVoiceWorkflow()).run(streamed)
    await streamed.add_audio(chunk)
    events, error = await asyncio.wait_for(collect(result), 10)
    assert events == [] and isinstance(error, UserError) and message in str(error)
    assert ws.connections[0].closed.wait(5)


async def test_cancelling_a_streamed_pipeline_closes_its_websocket(
    client: AsyncOpenAI, ws_server: WsServer
) -> None:
    ws = ws_server([])
    client = client.with_options(websocket_base_url=ws.url)
    streamed = StreamedAudioInput()
    result = await _pipeline(client, ScriptedVoiceWorkflow()).run(streamed)

    async def consume() -> None:
        async for _ in result.stream():
            pass

    consumer = asyncio.create_task(consume())
    await streamed.add_audio(np.zeros(4800, dtype=np.int16))
    for _ in range(200):
        if ws.connections and ws.connections[0].types():
            break
        await asyncio.sleep(0.02)
    assert ws.connections[0].types()[0] == "session.update"
    consumer.cancel()
    with pytest.raises(asyncio.CancelledError):
        await consumer
    assert ws.connections[0].closed.wait(5)
    assert [t for t in asyncio.all_tasks() if t is not asyncio.current_task()] == []


# -- the provider -------------------------------------------------------------------------------


def test_provider_rejects_a_client_together_with_credentials(client: AsyncOpenAI) -> None:
    with pytest.raises(UserError, match="Don't provide api_key"):
        OpenAIVoiceModelProvider(openai_client=client, api_key="sk-x")


def test_provider_builds_its_client_lazily_and_hides_the_key(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.setattr(_openai_shared, "_default_openai_client", None)
    monkeypatch.setattr(_openai_shared, "_default_openai_key", None)
    provider = OpenAIVoiceModelProvider(api_key="sk-secret-123", base_url="http://127.0.0.1:9/v1")
    assert "sk-secret" not in repr(provider)
    stt = provider.get_stt_model(None)
    tts = provider.get_tts_model("tts-1")
    assert (stt.model_name, tts.model_name) == ("gpt-transcribe", "tts-1")
    assert "sk-secret" not in repr(stt) + repr(tts)
    OpenAIVoiceModelProvider()  # no key needed until a model is asked for


def test_provider_uses_the_sdk_default_client(
    client: AsyncOpenAI, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_openai_shared, "_default_openai_client", client)
    model = OpenAIVoiceModelProvider().get_tts_model(None)
    assert isinstance(model, OpenAITTSModel) and model._client is client


async def test_an_unreachable_transcription_server_is_raised_without_leaking_tasks(
    client: AsyncOpenAI,
) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client = client.with_options(websocket_base_url=f"ws://127.0.0.1:{port}/v1")
    streamed = StreamedAudioInput()
    result = await _pipeline(client, ScriptedVoiceWorkflow()).run(streamed)
    events, error = await asyncio.wait_for(collect(result), 10)
    assert events == [] and isinstance(error, OSError)
    assert [t for t in asyncio.all_tasks() if t is not asyncio.current_task()] == []
