"""Voice quickstart: a voice assistant that answers a spoken question, with a weather tool and a
Spanish agent to hand off to.

Source: https://openai.github.io/openai-agents-python/voice/quickstart/ (Put it all together).
Ported by changing `from agents import` / `from agents.voice import` / `from agents.extensions`
to `agentkit`, and choosing the models:

- with OPENAI_API_KEY set: the OpenAI models the guide uses (OPENAI_BASE_URL and
  OPENAI_WEBSOCKET_BASE_URL are honoured);
- otherwise, offline: agentkit.testing's FunctionModel calls `get_weather` and answers from it,
  and agentkit.voice.testing's scripted models stand in for speech to text and text to speech.

The guide plays the answer with `sounddevice`; without it installed, this prints what would have
been played.
"""

from __future__ import annotations

import asyncio
import os
import random
import sys

import numpy as np
from agentkit.voice import (
    AudioInput,
    SingleAgentVoiceWorkflow,
    VoicePipeline,
    VoicePipelineConfig,
)

from agentkit import Agent, Model, function_tool
from agentkit.extensions.handoff_prompt import prompt_with_handoff_instructions

ONLINE = bool(os.environ.get("OPENAI_API_KEY"))


def offline_model() -> Model:
    from agentkit.testing import FunctionModel, ModelCall, function_call

    def respond(call: ModelCall) -> object:
        outputs = [i["output"] for i in call.input if i.get("type") == "function_call_output"]
        if not outputs:
            return [function_call("get_weather", {"city": "Tokyo"}, call_id="call_weather_1")]
        return f"{outputs[-1]} Anything else?"

    return FunctionModel(respond)  # type: ignore[arg-type]


def choose_model() -> str | Model:
    if ONLINE:
        return os.environ.get("AGENTKIT_EXAMPLE_MODEL", "gpt-4.1")
    return offline_model()


def pipeline_config() -> VoicePipelineConfig:
    """The default (OpenAI) voice models online; scripted ones offline."""
    if ONLINE:
        return VoicePipelineConfig()
    print("OPENAI_API_KEY is not set: running offline on agentkit.testing.", file=sys.stderr)
    from agentkit.voice import STTModel, TTSModel, VoiceModelProvider
    from agentkit.voice.testing import ScriptedSTTModel, ScriptedTTSModel, pcm16_samples

    tone = pcm16_samples((8000 * np.sin(np.arange(2400) * 0.1)).astype(int).tolist())

    class OfflineVoice(VoiceModelProvider):
        def get_stt_model(self, model_name: str | None) -> STTModel:
            return ScriptedSTTModel("What's the weather in Tokyo?")

        def get_tts_model(self, model_name: str | None) -> TTSModel:
            return ScriptedTTSModel([[tone]] * 8)

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
    model=choose_model(),
)

agent = Agent(
    name="Assistant",
    instructions=prompt_with_handoff_instructions(
        "You're speaking to a human, so be polite and concise. If the user speaks in Spanish, "
        "handoff to the spanish agent.",
    ),
    model=choose_model(),
    handoffs=[spanish_agent],
    tools=[get_weather],
)


async def main():
    pipeline = VoicePipeline(workflow=SingleAgentVoiceWorkflow(agent), config=pipeline_config())
    buffer = np.zeros(24000 * 3, dtype=np.int16)
    audio_input = AudioInput(buffer=buffer)

    result = await pipeline.run(audio_input)

    try:  # Create an audio player using `sounddevice`
        import sounddevice as sd  # type: ignore[import-not-found]

        player = sd.OutputStream(samplerate=24000, channels=1, dtype=np.int16)
        player.start()
    except (ImportError, OSError):
        player = None

    samples = 0
    # Play the audio stream as it comes in
    async for event in result.stream():
        if event.type == "voice_stream_event_audio":
            samples += len(event.data)
            if player is not None:
                player.write(event.data)
        else:
            print(f"[{event.event}]")
    print(f"Said: {result.total_output_text}")
    print(f"Played {samples / 24000:.2f} s of audio")


if __name__ == "__main__":
    asyncio.run(main())
