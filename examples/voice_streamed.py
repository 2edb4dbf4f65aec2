"""Streamed voice: audio arrives chunk by chunk (as from a microphone), the transcription session
detects each turn, and a custom workflow answers it.

Source: the OpenAI Agents SDK's streamed voice example (examples/voice/streamed: `MyWorkflow`, a
workflow with a secret word, run on a `StreamedAudioInput`). Ported by changing the `agents`
imports to `agentkit` and choosing the models; the microphone and speaker of the original
(`sounddevice` in a Textual app) are replaced by a WAV file fed in 100 ms chunks and a summary.

- with OPENAI_API_KEY set: OpenAI models, transcription over the realtime websocket
  (OPENAI_BASE_URL and OPENAI_WEBSOCKET_BASE_URL are honoured);
- otherwise, offline: scripted speech to text (one turn per utterance) and text to speech from
  agentkit.voice.testing, and agentkit.testing's FunctionModel for the agent.

The spoken input is VOICE_QUESTION_WAV (24 kHz mono 16-bit), by default the test fixture
tests/voice/fixtures/question.wav.
"""

from __future__ import annotations

import asyncio
import os
import random
import sys
import wave
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import numpy as np
from agentkit.voice import (
    StreamedAudioInput,
    VoicePipeline,
    VoicePipelineConfig,
    VoiceWorkflowBase,
    VoiceWorkflowHelper,
)

from agentkit import Agent, Model, Runner, TResponseInputItem, function_tool
from agentkit.extensions.handoff_prompt import prompt_with_handoff_instructions

ONLINE = bool(os.environ.get("OPENAI_API_KEY"))
QUESTION = Path(
    os.environ.get("VOICE_QUESTION_WAV")
    or Path(__file__).resolve().parent.parent / "tests" / "voice" / "fixtures" / "question.wav"
)


def offline_model() -> Model:
    from agentkit.testing import FunctionModel, ModelCall, function_call

    def respond(call: ModelCall) -> object:
        outputs = [i["output"] for i in call.input if i.get("type") == "function_call_output"]
        if not outputs:
            return [function_call("get_weather", {"city": "Tokyo"}, call_id="call_weather_1")]
        return f"{outputs[-1]} Have a nice day."

    return FunctionModel(respond)  # type: ignore[arg-type]


def pipeline_config() -> VoicePipelineConfig:
    if ONLINE:
        return VoicePipelineConfig()
    print("OPENAI_API_KEY is not set: running offline on agentkit.testing.", file=sys.stderr)
    from agentkit.voice import STTModel, TTSModel, VoiceModelProvider
    from agentkit.voice.testing import ScriptedSTTModel, ScriptedTTSModel, pcm16_samples

    beep = pcm16_samples([4000, -4000] * 1200)

    class OfflineVoice(VoiceModelProvider):
        def get_stt_model(self, model_name: str | None) -> STTModel:
            return ScriptedSTTModel(sessions=[["What's the weather in Tokyo?"]])

        def get_tts_model(self, model_name: str | None) -> TTSModel:
            return ScriptedTTSModel([[beep]] * 8)

    return VoicePipelineConfig(model_provider=OfflineVoice())


@function_tool
def get_weather(city: str) -> str:
    """Get the weather for a given city."""
    print(f"[debug] get_weather called with city: {city}")
    choices = ["sunny", "cloudy", "rainy", "snowy"]
    return f"The weather in {city} is {random.choice(choices)}."


spanish_agent = Agent(
    name="Spanish",
    handoff_description="A spanish speaking agent.",
    instructions=prompt_with_handoff_instructions(
        "You're speaking to a human, so be polite and concise. Speak in Spanish.",
    ),
    model=os.environ.get("AGENTKIT_EXAMPLE_MODEL", "gpt-4.1") if ONLINE else offline_model(),
)

agent = Agent(
    name="Assistant",
    instructions=prompt_with_handoff_instructions(
        "You're speaking to a human, so be polite and concise. If the user speaks in Spanish, "
        "handoff to the spanish agent.",
    ),
    model=os.environ.get("AGENTKIT_EXAMPLE_MODEL", "gpt-4.1") if ONLINE else offline_model(),
    handoffs=[spanish_agent],
    tools=[get_weather],
)


class MyWorkflow(VoiceWorkflowBase):
    def __init__(self, secret_word: str, on_start: Callable[[str], None]):
        """
        Args:
            secret_word: The secret word to guess.
            on_start: A callback that is called when the workflow starts. The transcription
                is passed in as an argument.
        """
        self._input_history: list[TResponseInputItem] = []
        self._current_agent = agent
        self._secret_word = secret_word.lower()
        self._on_start = on_start

    async def run(self, transcription: str) -> AsyncIterator[str]:
        self._on_start(transcription)

        # Add the transcription to the input history
        self._input_history.append({"role": "user", "content": transcription})

        # If the user guessed the secret word, do alternate logic
        if self._secret_word in transcription.lower():
            yield "You guessed the secret word!"
            self._input_history.append(
                {"role": "assistant", "content": "You guessed the secret word!"}
            )
            return

        # Otherwise, run the agent
        result = Runner.run_streamed(self._current_agent, self._input_history)

        async for chunk in VoiceWorkflowHelper.stream_text_from(result):
            yield chunk

        # Update the input history and current agent
        self._input_history = result.to_input_list()
        self._current_agent = result.last_agent


def microphone() -> np.ndarray:
    """The "recording": the question, then a second of silence so the turn is detected."""
    if QUESTION.is_file():
        with wave.open(str(QUESTION), "rb") as wav:
            speech = np.frombuffer(wav.readframes(wav.getnframes()), dtype="<i2")
    else:
        speech = np.zeros(24000, dtype=np.int16)
    return np.concatenate([speech, np.zeros(24000, dtype=np.int16)])


async def main():
    pipeline = VoicePipeline(
        workflow=MyWorkflow(secret_word="dog", on_start=lambda t: print(f"Transcription: {t}")),
        config=pipeline_config(),
    )
    audio_input = StreamedAudioInput()
    result = await pipeline.run(audio_input)

    async def record() -> None:
        recording = microphone()
        for start in range(0, len(recording), 2400):  # 100 ms chunks, as a microphone sends
            await audio_input.add_audio(recording[start : start + 2400])
        await audio_input.add_audio(None)  # the user stopped the session

    recorder = asyncio.create_task(record())
    samples = 0
    async for event in result.stream():
        if event.type == "voice_stream_event_audio":
            samples += len(event.data)
        elif event.type == "voice_stream_event_lifecycle":
            print(f"[{event.event}]")
    await recorder
    print(f"Said: {result.total_output_text}")
    print(f"Played {samples / 24000:.2f} s of audio")


if __name__ == "__main__":
    asyncio.run(main())
