"""Answer a spoken question in a WAV file with a spoken answer in another WAV file.

    python examples/voice_wav_answer.py --question question.wav --answer answer.wav

The question (16-bit PCM WAV, any rate, mono or stereo) is transcribed, an agent with a weather
tool answers it, and the answer is synthesized into a 24 kHz mono WAV.

- with OPENAI_API_KEY set: OpenAI speech to text and text to speech, and gpt-4.1 (or
  AGENTKIT_EXAMPLE_MODEL); OPENAI_BASE_URL is honoured.
- otherwise, offline: the transcription is scripted (the question fixture asks about Tokyo), the
  agent is agentkit.testing's FunctionModel, and the answer is spoken by `espeak-ng` when it is
  installed (a tone otherwise): an example of a custom `TTSModel`.

Defaults: VOICE_QUESTION_WAV or tests/voice/fixtures/question.wav; the answer goes to
VOICE_ANSWER_WAV or a file in the temporary directory.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import os
import shutil
import sys
import tempfile
import wave
from collections.abc import AsyncIterator
from pathlib import Path

import numpy as np
from agentkit.voice import (
    AudioInput,
    SingleAgentVoiceWorkflow,
    STTModel,
    TTSModel,
    TTSModelSettings,
    VoiceModelProvider,
    VoicePipeline,
    VoicePipelineConfig,
)

from agentkit import Agent, Model, function_tool

ONLINE = bool(os.environ.get("OPENAI_API_KEY"))
DEFAULT_QUESTION = Path(__file__).resolve().parent.parent / "tests/voice/fixtures/question.wav"


class EspeakTTSModel(TTSModel):
    """Text to speech with the espeak-ng program, resampled to 24 kHz 16-bit mono PCM."""

    model_name = "espeak-ng"  # type: ignore[assignment]

    async def run(self, text: str, settings: TTSModelSettings) -> AsyncIterator[bytes]:
        espeak = shutil.which("espeak-ng")
        if espeak is None:  # a 440 Hz tone, one second per sentence
            t = np.arange(24000) / 24000
            yield (np.sin(2 * np.pi * 440 * t) * 6000).astype("<i2").tobytes()
            return
        process = await asyncio.create_subprocess_exec(
            espeak, "--stdout", text, stdout=asyncio.subprocess.PIPE
        )
        wav_bytes, _ = await process.communicate()
        with wave.open(io.BytesIO(wav_bytes)) as wav:
            rate = wav.getframerate()
            samples = np.frombuffer(wav.readframes(wav.getnframes()), dtype="<i2")
        positions = np.arange(0, len(samples), rate / 24000)  # linear resampling to 24 kHz
        resampled = np.interp(positions, np.arange(len(samples)), samples).astype("<i2")
        for start in range(0, len(resampled), 4800):
            yield resampled[start : start + 4800].tobytes()


class OfflineVoice(VoiceModelProvider):
    def get_stt_model(self, model_name: str | None) -> STTModel:
        from agentkit.voice.testing import ScriptedSTTModel

        return ScriptedSTTModel("What is the weather in Tokyo?")

    def get_tts_model(self, model_name: str | None) -> TTSModel:
        return EspeakTTSModel()


def offline_model() -> Model:
    from agentkit.testing import FunctionModel, ModelCall, function_call

    def respond(call: ModelCall) -> object:
        outputs = [i["output"] for i in call.input if i.get("type") == "function_call_output"]
        if not outputs:
            return [function_call("get_weather", {"city": "Tokyo"}, call_id="call_weather_1")]
        return f"{outputs[-1]} Enjoy your day."

    return FunctionModel(respond)  # type: ignore[arg-type]


@function_tool
def get_weather(city: str) -> str:
    """Get the weather for a given city."""
    return f"The weather in {city} is sunny and 24 degrees."


agent = Agent(
    name="Assistant",
    instructions="You're speaking to a human, so be polite and concise.",
    model=os.environ.get("AGENTKIT_EXAMPLE_MODEL", "gpt-4.1") if ONLINE else offline_model(),
    tools=[get_weather],
)


def read_question(path: Path) -> AudioInput:
    with wave.open(str(path), "rb") as wav:
        if wav.getsampwidth() != 2:
            raise SystemExit(f"{path}: expected 16-bit PCM, got {8 * wav.getsampwidth()}-bit")
        samples = np.frombuffer(wav.readframes(wav.getnframes()), dtype="<i2")
        return AudioInput(samples, frame_rate=wav.getframerate(), channels=wav.getnchannels())


def write_answer(path: Path, chunks: list[np.ndarray]) -> float:
    pcm = np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.int16)
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(24000)
        wav.writeframes(pcm.astype("<i2").tobytes())
    return len(pcm) / 24000


async def answer(question: Path, answer_path: Path) -> None:
    if not ONLINE:
        print("OPENAI_API_KEY is not set: running offline.", file=sys.stderr)
    config = VoicePipelineConfig() if ONLINE else VoicePipelineConfig(model_provider=OfflineVoice())
    pipeline = VoicePipeline(workflow=SingleAgentVoiceWorkflow(agent), config=config)
    result = await pipeline.run(read_question(question))
    chunks = [
        e.data for e in [e async for e in result.stream()] if e.type == "voice_stream_event_audio"
    ]
    seconds = write_answer(answer_path, chunks)
    print(f"Answer: {result.total_output_text}")
    print(f"Wrote {seconds:.2f} s of speech to {answer_path}")


def main() -> None:
    parser = argparse.ArgumentParser(description="Answer a spoken question with speech.")
    default_answer = Path(tempfile.gettempdir()) / "agentkit_voice_answer.wav"
    parser.add_argument(
        "--question", type=Path, default=os.environ.get("VOICE_QUESTION_WAV") or DEFAULT_QUESTION
    )
    parser.add_argument(
        "--answer", type=Path, default=os.environ.get("VOICE_ANSWER_WAV") or default_answer
    )
    args, _ = parser.parse_known_args()
    asyncio.run(answer(args.question, args.answer))


if __name__ == "__main__":
    main()
