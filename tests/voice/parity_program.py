"""One voice program, run unchanged against `agents` (openai-agents 0.24) or `agentkit`.

`python parity_program.py agents|agentkit HTTP_BASE_URL WS_BASE_URL` prints one JSON line per
pipeline event; the requests it makes are what `wire_parity.py` compares.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import sys
import wave
from pathlib import Path

import numpy as np

LIB, HTTP_URL, WS_URL = sys.argv[1], sys.argv[2], sys.argv[3]
sdk = importlib.import_module(LIB)
voice = importlib.import_module(f"{LIB}.voice")
if LIB == "agents":
    from openai import AsyncOpenAI  # type: ignore[import-not-found]
else:
    from agentkit.client import AsyncOpenAI

FIXTURES = Path(__file__).parent / "fixtures"


def question() -> np.ndarray:
    with wave.open(str(FIXTURES / "question.wav"), "rb") as wav:
        return np.frombuffer(wav.readframes(wav.getnframes()), dtype="<i2")


@sdk.function_tool
def get_weather(city: str) -> str:
    """Get the weather for a given city."""
    return f"The weather in {city} is sunny."


def describe(event: object) -> dict[str, object]:
    if event.type == "voice_stream_event_audio":  # type: ignore[attr-defined]
        data = event.data  # type: ignore[attr-defined]
        return {"audio": [str(data.dtype), list(data.shape), int(np.asarray(data).sum())]}
    if event.type == "voice_stream_event_lifecycle":  # type: ignore[attr-defined]
        return {"lifecycle": event.event}  # type: ignore[attr-defined]
    return {"error": repr(event.error)}  # type: ignore[attr-defined]


async def play(pipeline: object, audio_input: object, feed: object = None) -> None:
    result = await pipeline.run(audio_input)  # type: ignore[attr-defined]
    if feed is not None:
        await feed
    try:
        async for event in result.stream():
            print(json.dumps(describe(event)))
    except Exception as exc:  # the error a failing turn raises is part of the behaviour
        print(json.dumps({"raised": type(exc).__name__}))


async def feed_streamed(audio_input: object, samples: np.ndarray) -> None:
    for start in range(0, len(samples), 4800):
        await audio_input.add_audio(samples[start : start + 4800])  # type: ignore[attr-defined]
    await audio_input.add_audio(np.zeros(24000, dtype=np.int16))  # type: ignore[attr-defined]
    await audio_input.add_audio(None)  # type: ignore[attr-defined]


async def main() -> None:
    sdk.set_tracing_disabled(True)
    client = AsyncOpenAI(api_key="sk-parity", base_url=HTTP_URL, websocket_base_url=WS_URL)
    sdk.set_default_openai_client(client)
    agent = sdk.Agent(
        name="Assistant",
        instructions="You're speaking to a human, so be polite and concise.",
        model="gpt-4.1",
        tools=[get_weather],
    )
    samples = question()
    # 1. One recorded question: transcription, an agent turn that calls a tool, speech.
    config = voice.VoicePipelineConfig(stt_settings=voice.STTModelSettings(language="en"))
    pipeline = voice.VoicePipeline(workflow=voice.SingleAgentVoiceWorkflow(agent), config=config)
    await play(pipeline, voice.AudioInput(buffer=samples))
    # 2. Custom settings on both models.
    config = voice.VoicePipelineConfig(
        stt_settings=voice.STTModelSettings(prompt="Weather talk", language="en", temperature=0.2),
        tts_settings=voice.TTSModelSettings(voice="coral", speed=1.25, instructions="Cheerful."),
    )
    pipeline = voice.VoicePipeline(
        workflow=voice.SingleAgentVoiceWorkflow(agent),
        stt_model="whisper-1",
        tts_model="tts-1",
        config=config,
    )
    await play(pipeline, voice.AudioInput(buffer=samples.astype(np.float32) / 32768.0))
    # 3. Streamed input over the transcription websocket, with a greeting-less workflow.
    streamed = voice.StreamedAudioInput()
    config = voice.VoicePipelineConfig(
        stt_settings=voice.STTModelSettings(prompt="Weather", languages=["en"], keywords=["Tokyo"])
    )
    pipeline = voice.VoicePipeline(workflow=voice.SingleAgentVoiceWorkflow(agent), config=config)
    await play(pipeline, streamed, feed_streamed(streamed, samples))


asyncio.run(main())
