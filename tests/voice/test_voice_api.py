"""The public surface: upstream's names in upstream's module paths, and the install hint."""

from __future__ import annotations

import importlib
import subprocess
import sys
import textwrap

import agentkit.voice
import pytest

UPSTREAM_ALL = {
    "AudioInput", "StreamedAudioInput", "STTModel", "STTModelSettings", "TTSCustomVoice",
    "TTSModel", "TTSModelSettings", "TTSVoice", "VoiceModelProvider", "StreamedAudioResult",
    "SingleAgentVoiceWorkflow", "OpenAIVoiceModelProvider", "OpenAISTTModel", "OpenAITTSModel",
    "VoiceStreamEventAudio", "VoiceStreamEventError", "VoiceStreamEventLifecycle",
    "VoiceStreamEvent", "VoicePipeline", "VoicePipelineConfig", "get_sentence_based_splitter",
    "VoiceWorkflowHelper", "VoiceWorkflowBase", "SingleAgentWorkflowCallbacks",
    "StreamedTranscriptionSession", "OpenAISTTTranscriptionSession", "STTWebsocketConnectionError",
}  # fmt: skip

MODULES = {
    "pipeline": ["VoicePipeline"],
    "pipeline_config": ["VoicePipelineConfig"],
    "input": ["AudioInput", "StreamedAudioInput", "DEFAULT_SAMPLE_RATE"],
    "result": ["StreamedAudioResult"],
    "events": ["VoiceStreamEvent", "VoiceStreamEventAudio", "VoiceStreamEventLifecycle"],
    "model": ["STTModel", "TTSModel", "TTSModelSettings", "DEFAULT_TTS_BUFFER_SIZE"],
    "workflow": ["VoiceWorkflowBase", "SingleAgentVoiceWorkflow", "VoiceWorkflowHelper"],
    "utils": ["get_sentence_based_splitter"],
    "exceptions": ["STTWebsocketConnectionError"],
    "models.openai_stt": [
        "OpenAISTTModel",
        "OpenAISTTTranscriptionSession",
        "DEFAULT_TURN_DETECTION",
    ],
    "models.openai_tts": ["OpenAITTSModel", "DEFAULT_VOICE"],
    "models.openai_model_provider": ["OpenAIVoiceModelProvider", "DEFAULT_STT_MODEL"],
    "testing": ["ScriptedSTTModel", "ScriptedTTSModel", "ScriptedVoiceWorkflow", "pcm16_samples"],
}


def test_top_level_names_match_upstream() -> None:
    assert set(agentkit.voice.__all__) == UPSTREAM_ALL
    for name in UPSTREAM_ALL:
        assert getattr(agentkit.voice, name) is not None


@pytest.mark.parametrize(("module", "names"), sorted(MODULES.items()))
def test_submodules_sit_where_upstream_has_them(module: str, names: list[str]) -> None:
    imported = importlib.import_module(f"agentkit.voice.{module}")
    assert all(hasattr(imported, name) for name in names)


def test_defaults_are_upstreams() -> None:
    from agentkit.voice.models import openai_model_provider, openai_stt, openai_tts

    assert openai_model_provider.DEFAULT_STT_MODEL == "gpt-transcribe"
    assert openai_model_provider.DEFAULT_TTS_MODEL == "gpt-4o-mini-tts"
    assert openai_tts.DEFAULT_VOICE == "ash"
    assert openai_stt.DEFAULT_TURN_DETECTION == {"type": "semantic_vad"}
    settings = agentkit.voice.TTSModelSettings()
    assert settings.instructions == (
        "You will receive partial sentences. Do not complete the sentence just read out the text."
    )
    assert (settings.buffer_size, settings.voice, settings.speed) == (120, None, None)


@pytest.mark.parametrize("dependency", ["numpy", "websockets"])
def test_a_missing_dependency_names_the_voice_extra(dependency: str) -> None:
    code = textwrap.dedent(
        f"""
        import sys
        sys.modules[{dependency!r}] = None
        try:
            import agentkit.voice
        except ImportError as exc:
            print(exc)
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert 'pip install "agentkit[voice]"' in out.stdout and repr(dependency) in out.stdout
