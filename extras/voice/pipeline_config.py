"""`VoicePipelineConfig`: the provider, tracing and model settings of a `VoicePipeline`."""

from __future__ import annotations

import dataclasses
from dataclasses import field
from typing import Any, TypeVar

from ..tracing import TracingConfig
from ..tracing.util import gen_group_id
from ..util._dataclass import dataclass
from .model import STTModelSettings, TTSModelSettings, VoiceModelProvider
from .models.openai_model_provider import OpenAIVoiceModelProvider

_ConfigT = TypeVar("_ConfigT")
_UNSET: Any = object()


def _coerce_config(value: Any, config_type: type[_ConfigT], name: str) -> _ConfigT:
    """`value` itself when it is a `config_type`; a dict of its fields becomes one."""
    if isinstance(value, config_type):
        return value
    if not isinstance(value, dict):
        raise TypeError(
            f"{name} must be a {config_type.__name__} instance or a dict, got {type(value).__name__}"
        )
    known = {f.name for f in dataclasses.fields(config_type) if f.init}  # type: ignore[arg-type]
    unknown = sorted(str(key) for key in value if key not in known)
    if unknown:
        raise TypeError(
            f"Unknown {name} settings: {', '.join(unknown)} "
            f"(valid ones: {', '.join(sorted(known))})"
        )
    return config_type(**value)


@dataclass(init=False)
class VoicePipelineConfig:
    """Configuration for a `VoicePipeline`."""

    model_provider: VoiceModelProvider = field(default_factory=OpenAIVoiceModelProvider)
    """Where models given by name (or not given) come from; OpenAI by default."""

    tracing_disabled: bool = False
    """Record nothing for this pipeline, even inside a caller's trace."""

    tracing: TracingConfig | None = None
    """Tracing settings (e.g. the export API key) for this pipeline's traces."""

    trace_include_sensitive_data: bool = True
    """Put transcripts and spoken text in traces (not what happens inside the workflow)."""

    trace_include_sensitive_audio_data: bool = True
    """Put the audio itself (base64 PCM) in traces."""

    workflow_name: str = "Voice Agent"
    group_id: str = field(default_factory=gen_group_id)
    """Links the traces of one conversation; a new random id when not given."""

    trace_metadata: dict[str, Any] | None = None
    stt_settings: STTModelSettings = field(default_factory=STTModelSettings)
    tts_settings: TTSModelSettings = field(default_factory=TTSModelSettings)

    def __init__(
        self,
        model_provider: VoiceModelProvider | None = None,
        tracing_disabled: bool = False,
        tracing: TracingConfig | None = None,
        trace_include_sensitive_data: bool = _UNSET,
        trace_include_sensitive_audio_data: bool = _UNSET,
        workflow_name: str = _UNSET,
        group_id: str | None = _UNSET,
        trace_metadata: dict[str, Any] | None = _UNSET,
        stt_settings: STTModelSettings | dict[str, Any] | None = _UNSET,
        tts_settings: TTSModelSettings | dict[str, Any] | None = _UNSET,
    ) -> None:
        values: list[Any] = [
            trace_include_sensitive_data,
            trace_include_sensitive_audio_data,
            workflow_name,
            group_id,
            trace_metadata,
            stt_settings,
            tts_settings,
        ]
        if isinstance(tracing, bool):
            # Before the `tracing` field existed the third positional argument was
            # `trace_include_sensitive_data`: move the positional values back into place.
            if values[-1] is not _UNSET:
                raise TypeError("VoicePipelineConfig got too many positional arguments")
            values = [tracing, *values[:-1]]
            tracing = None
        defaults: list[Any] = [True, True, "Voice Agent", None, None, None, None]
        resolved = [d if v is _UNSET else v for v, d in zip(values, defaults, strict=False)]
        self.model_provider = (
            model_provider if model_provider is not None else OpenAIVoiceModelProvider()
        )
        self.tracing_disabled = tracing_disabled
        self.tracing = tracing
        self.trace_include_sensitive_data = resolved[0]
        self.trace_include_sensitive_audio_data = resolved[1]
        self.workflow_name = resolved[2]
        self.group_id = resolved[3] if resolved[3] is not None else gen_group_id()
        self.trace_metadata = resolved[4]
        self.stt_settings = _coerce_config(
            resolved[5] if resolved[5] is not None else STTModelSettings(),
            STTModelSettings,
            "voice.stt",
        )
        self.tts_settings = _coerce_config(
            resolved[6] if resolved[6] is not None else TTSModelSettings(),
            TTSModelSettings,
            "voice.tts",
        )
