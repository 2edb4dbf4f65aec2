"""The guide's programs (examples/realtime_*.py) run unchanged against the loopback server."""

from __future__ import annotations

import asyncio
import os
import sys
import wave
from pathlib import Path
from typing import Any

import pytest
from rt_server import Rule, Script
from scenarios import (
    AUDIO,
    assistant_audio_turn,
    pcm_tone,
    read_wav_pcm,
    session_created,
    speech_script,
    user_text_item,
)

pytestmark = pytest.mark.asyncio

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


async def run_example(
    name: str, *args: str, env: dict[str, str] | None = None
) -> tuple[int, str, str]:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI_")}
    full_env.update(env or {})
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        str(EXAMPLES / name),
        *args,
        env=full_env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), 120)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


async def test_quickstart_runs_against_the_local_server(rt_server: Any) -> None:
    greeting = assistant_audio_turn(["Hi!"], [pcm_tone(2400)], previous_item_id=None)
    script = Script(
        on_connect=[session_created()],
        rules=[
            Rule(
                "session.update",
                [*greeting, {"$close": 1000}],
                where={"session.model": "gpt-realtime"},
            )
        ],
    )
    async with rt_server(script) as server:
        code, out, err = await run_example(
            "realtime_quickstart.py",
            env={"OPENAI_BASE_URL": server.base_url, "OPENAI_API_KEY": "sk-local"},
        )
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "Session started! The agent will stream audio responses in real-time."
    assert "Agent started: Assistant" in lines and "Audio ended" in lines
    assert (
        lines.index("Agent started: Assistant")
        < lines.index("Audio ended")
        < lines.index("Agent ended: Assistant")
    )
    connection = server.connections[0]
    assert connection.path == "/v1/realtime?model=gpt-realtime"
    config = connection.received[0]["session"]
    assert config["model"] == "gpt-realtime" and config["audio"]["output"]["voice"] == "ash"
    assert config["instructions"].startswith("You are a helpful voice assistant.")


async def test_quickstart_without_credentials_says_what_it_needs() -> None:
    code, out, _ = await run_example("realtime_quickstart.py")
    assert code == 0 and "Set OPENAI_API_KEY" in out


async def test_guide_program_calls_the_tool_and_answers(rt_server: Any) -> None:
    call = {
        "id": "item_c1",
        "object": "realtime.item",
        "type": "function_call",
        "status": "completed",
        "name": "get_weather",
        "call_id": "call_w1",
        "arguments": '{"city":"Paris"}',
    }
    first = [
        {
            "type": "response.created",
            "event_id": "g1",
            "response": {
                "id": "resp_g1",
                "object": "realtime.response",
                "status": "in_progress",
                "output": [],
            },
        },
        {
            "type": "response.output_item.done",
            "event_id": "g2",
            "response_id": "resp_g1",
            "output_index": 0,
            "item": call,
        },
        {
            "type": "response.done",
            "event_id": "g3",
            "response": {
                "id": "resp_g1",
                "object": "realtime.response",
                "status": "completed",
                "output": [call],
            },
        },
    ]
    answer = assistant_audio_turn(
        ["It is sunny in Paris."],
        [pcm_tone(240)],
        response_id="resp_g2",
        item_id="item_a2",
        previous_item_id="item_c1",
    )
    script = Script(
        on_connect=[session_created()],
        rules=[
            Rule(
                "conversation.item.create",
                user_text_item("What's the weather in Paris?"),
                where={"item.type": "message"},
            ),
            Rule("response.create", first),
            Rule("response.create", [*answer, {"$close": 1000}]),
        ],
    )
    async with rt_server(script) as server:
        code, out, err = await run_example(
            "realtime_guide.py",
            env={"OPENAI_BASE_URL": server.base_url, "OPENAI_API_KEY": "sk-local"},
        )
    assert code == 0, err
    assert "Tool started: get_weather" in out
    assert "Tool ended: get_weather; output: The weather in Paris is sunny, 72°F" in out
    assert out.count("Agent ended: Customer Service") == 2
    assert "The custom listener saw" in out
    config = server.connections[0].received[0]["session"]
    assert [t["name"] for t in config["tools"]] == [
        "get_weather",
        "book_appointment",
        "transfer_to_billing_support",
        "transfer_to_technical_support",
    ]
    assert config["tools"][2]["description"] == "Transfer to billing support"
    output = next(
        e for e in server.received if e.get("item", {}).get("type") == "function_call_output"
    )
    assert output["item"]["output"] == "The weather in Paris is sunny, 72°F"


async def test_wav_cli_speaks_real_speech_and_writes_the_reply(
    rt_server: Any, tmp_path: Path
) -> None:
    script, vad = speech_script()
    out_wav = tmp_path / "reply.wav"
    async with rt_server(script) as server:
        code, out, err = await run_example(
            "realtime_wav_cli.py",
            str(AUDIO / "question.wav"),
            str(out_wav),
            "--url",
            server.url,
            env={"OPENAI_API_KEY": "sk-local"},
        )
    assert code == 0, err
    assert "Assistant: It is sunny and seventy two degrees in Boston." in out
    with wave.open(str(out_wav), "rb") as wav:
        assert (wav.getframerate(), wav.getnchannels(), wav.getsampwidth()) == (24000, 1, 2)
        written = wav.readframes(wav.getnframes())
    assert written == read_wav_pcm(AUDIO / "reply.wav")
    sent = b"".join(
        __import__("base64").b64decode(e["audio"])
        for e in server.received
        if e["type"] == "input_audio_buffer.append"
    )
    question = read_wav_pcm(AUDIO / "question.wav")
    # The client streamed the file in order (the server ended the turn before its last chunks).
    assert (question + bytes(48_000))[: len(sent)] == sent and len(sent) > len(question) // 2
    # The server's VAD heard the speech start after the 400 ms of leading silence.
    assert vad.turns == 1 and vad.heard_at_ms is not None and 380 <= vad.heard_at_ms <= 520


async def test_wav_cli_rejects_other_formats(tmp_path: Path) -> None:
    stereo = tmp_path / "stereo.wav"
    with wave.open(str(stereo), "wb") as wav:
        wav.setnchannels(2)
        wav.setsampwidth(2)
        wav.setframerate(44100)
        wav.writeframes(bytes(400))
    code, _, err = await run_example(
        "realtime_wav_cli.py", str(stereo), str(tmp_path / "o.wav"), "--url", "ws://127.0.0.1:9"
    )
    assert code == 2 and "sox" in err and "44100 Hz, 2 channel(s)" in err
