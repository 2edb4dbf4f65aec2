"""Realtime CLI demo: speak a WAV file to a realtime agent and save its spoken reply as a WAV.

    python examples/realtime_wav_cli.py question.wav reply.wav [--url ws://...] [--realtime]

The input must be 24 kHz, mono, 16-bit PCM (convert with
`sox in.wav -r 24000 -c 1 -b 16 question.wav`). The audio is sent in 100 ms chunks followed by a
second of silence, so the server's voice activity detection ends the turn; the agent's audio is
written to the output file when its answer ends. `--realtime` paces the chunks as a microphone
would.

It connects to the OpenAI Realtime API with OPENAI_API_KEY, or to `--url` / OPENAI_BASE_URL
(any server speaking the GA Realtime protocol, like the loopback server of the tests).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import wave
from pathlib import Path

from agentkit.realtime import RealtimeAgent, RealtimeModelConfig, RealtimeRunner

RATE = 24_000
CHUNK = RATE * 2 // 10  # 100 ms of PCM16


def read_pcm16(path: Path) -> bytes:
    """The frames of a 24 kHz mono 16-bit WAV file (ValueError saying how to convert otherwise)."""
    with wave.open(str(path), "rb") as wav:
        shape = (wav.getframerate(), wav.getnchannels(), wav.getsampwidth())
        if shape != (RATE, 1, 2):
            raise ValueError(
                f"{path} is {shape[0]} Hz, {shape[1]} channel(s), {8 * shape[2]}-bit; the Realtime "
                f"API takes 24 kHz mono 16-bit PCM: sox {path} -r 24000 -c 1 -b 16 converted.wav"
            )
        return wav.readframes(wav.getnframes())


def write_pcm16(path: Path, audio: bytes) -> None:
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(RATE)
        wav.writeframes(audio)


async def converse(audio: bytes, config: RealtimeModelConfig, realtime: bool) -> tuple[bytes, str]:
    """Send `audio` (plus a second of silence) and return the reply audio and its transcript."""
    agent = RealtimeAgent(
        name="Assistant", instructions="You are a helpful voice assistant. Answer briefly."
    )
    runner = RealtimeRunner(
        agent,
        config={"model_settings": {"turn_detection": {"type": "server_vad"}}},
    )
    reply = bytearray()
    transcript = ""
    async with await runner.run(model_config=config) as session:

        async def speak() -> None:
            for start in range(0, len(audio), CHUNK):
                await session.send_audio(audio[start : start + CHUNK])
                await asyncio.sleep(0.1 if realtime else 0)
            for _ in range(10):
                await session.send_audio(bytes(CHUNK))
                await asyncio.sleep(0.1 if realtime else 0)

        speaker = asyncio.create_task(speak())
        try:
            async for event in session:
                if event.type == "audio":
                    reply += event.audio.data
                elif event.type == "history_updated" and event.history:
                    last = event.history[-1]
                    parts = getattr(last, "content", [])
                    if last.type == "message" and last.role == "assistant" and parts:
                        transcript = getattr(parts[0], "transcript", None) or transcript
                elif event.type == "error":
                    print(f"error: {event.error}", file=sys.stderr)
                elif event.type == "agent_end" and reply:
                    break
        finally:
            speaker.cancel()
            await asyncio.gather(speaker, return_exceptions=True)
    return bytes(reply), transcript


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not (
        "--url" in argv or os.environ.get("OPENAI_API_KEY") or os.environ.get("OPENAI_BASE_URL")
    ):
        print(
            "Set OPENAI_API_KEY (or pass --url / set OPENAI_BASE_URL) to talk to a Realtime server."
        )
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input", type=Path)
    parser.add_argument("output", type=Path)
    parser.add_argument("--url", help="websocket URL of a Realtime server")
    parser.add_argument("--realtime", action="store_true", help="pace the audio as it plays")
    args = parser.parse_args(argv)
    try:
        audio = read_pcm16(args.input)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 2
    config: RealtimeModelConfig = {}
    if args.url:
        config["url"] = args.url
    config["api_key"] = os.environ.get("OPENAI_API_KEY", "local")
    reply, transcript = asyncio.run(converse(audio, config, args.realtime))
    write_pcm16(args.output, reply)
    print(f"Assistant: {transcript}")
    print(f"Wrote {len(reply) / (2 * RATE):.2f} s of audio to {args.output}")
    return 0


if __name__ == "__main__":
    status = main()
    if status:
        raise SystemExit(status)
