"""The voice examples as scripts: offline by default, and unchanged against the loopback OpenAI
server and transcription websocket with OPENAI_API_KEY / OPENAI_BASE_URL /
OPENAI_WEBSOCKET_BASE_URL set."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import wave
from collections.abc import Callable
from pathlib import Path

import numpy as np

from tests.openai_server import OpenAIServer, RawReply
from tests.openai_server import builders as b
from tests.voice.voice_support import TranscriptionServer, answer_pcm, load_wav

ROOT = Path(__file__).resolve().parents[2]
_ENV_NAMES = (
    "OPENAI_API_KEY",
    "OPENAI_BASE_URL",
    "OPENAI_WEBSOCKET_BASE_URL",
    "AGENTKIT_EXAMPLE_MODEL",
)


def _run(example: str, tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in _ENV_NAMES}
    return subprocess.run(
        [sys.executable, str(ROOT / "examples" / f"{example}.py"), *args],
        cwd=tmp_path,
        env={**base, "OPENAI_AGENTS_DISABLE_TRACING": "1", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def _online(server: OpenAIServer, ws: TranscriptionServer | None = None) -> dict[str, str]:
    env = {"OPENAI_API_KEY": "sk-example-dummy", "OPENAI_BASE_URL": server.base_url}
    if ws is not None:
        env["OPENAI_WEBSOCKET_BASE_URL"] = ws.url
    return env


def _queue_tool_turn(server: OpenAIServer, answer: str) -> None:
    server.queue(
        b.stream_response_function_call("get_weather", {"city": "Tokyo"}, call_id="call_1"),
        path="/responses",
    )
    server.queue(b.stream_response_text(answer, deltas=4), path="/responses")


def test_examples_run_offline(tmp_path: Path) -> None:
    for example in ("voice_quickstart", "voice_streamed"):
        run = _run(example, tmp_path)
        assert run.returncode == 0, run.stderr
        assert "running offline" in run.stderr
        assert "get_weather called with city: Tokyo" in run.stdout
        assert "[turn_started]\n[turn_ended]\n[session_ended]" in run.stdout
    answer = tmp_path.parent / "offline_answer.wav"
    run = _run("voice_wav_answer", tmp_path, "--answer", str(answer))
    assert run.returncode == 0, run.stderr
    assert "Answer: The weather in Tokyo is sunny and 24 degrees. Enjoy your day." in run.stdout
    with wave.open(str(answer)) as wav:
        assert (wav.getframerate(), wav.getnchannels()) == (24000, 1)
        assert wav.getnframes() > 24000  # over a second of speech
    assert list(tmp_path.iterdir()) == []


def test_quickstart_against_local_servers(openai_server: OpenAIServer, tmp_path: Path) -> None:
    openai_server.queue_json({"text": "What's the weather in Tokyo?"}, path="/audio/transcriptions")
    _queue_tool_turn(openai_server, "It is sunny in Tokyo.")
    openai_server.queue(RawReply(body=answer_pcm(), chunked=True), path="/audio/speech")

    run = _run("voice_quickstart", tmp_path, **_online(openai_server))

    assert run.returncode == 0, run.stderr
    assert "running offline" not in run.stderr
    seconds = len(answer_pcm()) / 2 / 24000
    assert f"Played {seconds:.2f} s of audio" in run.stdout
    upload = openai_server.requests_to("/audio/transcriptions")[0]
    assert upload.validation_error is None
    with wave.open(io.BytesIO(upload.files["file"].content)) as wav:
        assert wav.getnframes() == 24000 * 3  # the guide's three seconds of silence
    second = openai_server.requests_to("/responses")[1]
    assert [i["type"] for i in second.json["input"] if "type" in i][-1] == "function_call_output"
    assert [t["name"] for t in second.json["tools"]] == ["get_weather", "transfer_to_spanish"]
    assert openai_server.last_request.json["input"] == "It is sunny in Tokyo."


def test_streamed_example_against_local_servers(
    openai_server: OpenAIServer, ws_server: Callable[..., TranscriptionServer], tmp_path: Path
) -> None:
    ws = ws_server(["What's the weather in Tokyo?"])
    _queue_tool_turn(openai_server, "It is sunny in Tokyo.")
    openai_server.queue(RawReply(body=answer_pcm(), chunked=True), path="/audio/speech")

    run = _run("voice_streamed", tmp_path, **_online(openai_server, ws))

    assert run.returncode == 0, run.stderr
    assert "Transcription: What's the weather in Tokyo?" in run.stdout
    assert "Said: It is sunny in Tokyo." in run.stdout
    (connection,) = ws.connections
    assert connection.headers["authorization"] == "Bearer sk-example-dummy"
    samples, _ = load_wav()
    assert np.array_equal(connection.turn_audio[0][: len(samples)], samples)


def test_wav_answer_against_local_servers(openai_server: OpenAIServer, tmp_path: Path) -> None:
    openai_server.queue_json(
        {"text": "What is the weather in Tokyo?"}, path="/audio/transcriptions"
    )
    _queue_tool_turn(openai_server, "It is sunny in Tokyo today.")
    openai_server.queue(
        RawReply(body=answer_pcm(), chunked=True, chunk_size=1500), path="/audio/speech"
    )
    answer = tmp_path.parent / "answer.wav"

    run = _run("voice_wav_answer", tmp_path, "--answer", str(answer), **_online(openai_server))

    assert run.returncode == 0, run.stderr
    with wave.open(str(answer)) as wav:
        assert wav.readframes(wav.getnframes()) == answer_pcm()  # the synthesized speech, intact
    upload = openai_server.requests_to("/audio/transcriptions")[0].files["file"].content
    samples, _ = load_wav()
    with wave.open(io.BytesIO(upload)) as wav:
        assert np.array_equal(np.frombuffer(wav.readframes(wav.getnframes()), "<i2"), samples)
