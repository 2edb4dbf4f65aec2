"""The GA `session.update` payload built from session settings, as openai-agents builds it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any, cast

from ..exceptions import UserError
from ..handoffs import Handoff
from ..tool import FunctionTool, Tool
from .audio_formats import to_realtime_audio_format
from .config import RealtimeModelTracingConfig, RealtimeSessionModelSettings

DEFAULT_REALTIME_MODEL = "gpt-realtime-2.1"

DEFAULT_MODEL_SETTINGS: RealtimeSessionModelSettings = {
    "voice": "ash",
    "modalities": ["audio"],
    "input_audio_format": "pcm16",
    "output_audio_format": "pcm16",
    "input_audio_transcription": {"model": "gpt-4o-mini-transcribe"},
    "turn_detection": {"type": "semantic_vad", "interrupt_response": True},
}

_CAMEL_TURN_DETECTION = {
    "createResponse": "create_response",
    "interruptResponse": "interrupt_response",
    "prefixPaddingMs": "prefix_padding_ms",
    "silenceDurationMs": "silence_duration_ms",
    "idleTimeoutMs": "idle_timeout_ms",
    "modelVersion": "model_version",
}


def normalize_turn_detection(config: object) -> object:
    """camelCase turn detection keys to the API's snake_case."""
    if not isinstance(config, Mapping):
        return config
    out = dict(config)
    for camel, snake in _CAMEL_TURN_DETECTION.items():
        if camel in out:
            value = out.pop(camel)
            out.setdefault(snake, value)
    return out


def validate_realtime_tool_names(
    tools: Iterable[Tool], handoffs: Iterable[Handoff[Any, Any]]
) -> None:
    """Raise UserError when two function tools or handoffs share a name."""
    sources: dict[str, list[str]] = {}
    for tool in tools:
        if isinstance(tool, FunctionTool):
            sources.setdefault(tool.name, []).append("function tool")
    for item in handoffs:
        sources.setdefault(item.tool_name, []).append("handoff")
    clashes = [
        f"{name!r} ({_describe(found)})"
        for name, found in sorted(sources.items())
        if len(found) > 1
    ]
    if not clashes:
        return
    noun = "name" if len(clashes) == 1 else "names"
    raise UserError(
        f"Duplicate Realtime tool {noun} found: {', '.join(clashes)}. Realtime function tool "
        "and handoff names must be unique. Rename one of them before starting the session."
    )


def _describe(found: list[str]) -> str:
    parts = [kind if n == 1 else f"{n} {kind}s" for kind, n in Counter(found).items()]
    if len(parts) == 1:
        return parts[0]
    return f"{parts[0]} and {parts[1]}"


def session_tools(tools: list[Tool], handoffs: list[Handoff[Any, Any]]) -> list[dict[str, Any]]:
    """Function tools then handoffs as GA `RealtimeFunctionTool`s (statically disabled ones left out)."""
    enabled_tools = [
        t for t in tools if not (isinstance(t, FunctionTool) and t.is_enabled is False)
    ]
    enabled_handoffs = [h for h in handoffs if h.is_enabled is not False]
    out: list[dict[str, Any]] = []
    for tool in enabled_tools:
        if not isinstance(tool, FunctionTool):
            raise UserError(f"Tool {tool.name} is unsupported. Must be a function tool.")
        out.append(_function(tool.name, tool.description, tool.params_json_schema))
    validate_realtime_tool_names(enabled_tools, enabled_handoffs)
    for item in enabled_handoffs:
        out.append(_function(item.tool_name, item.tool_description, item.input_json_schema))
    return out


def _function(name: str, description: str, parameters: dict[str, Any]) -> dict[str, Any]:
    return {"type": "function", "name": name, "description": description, "parameters": parameters}


def _section(settings: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    audio = settings.get("audio")
    if not isinstance(audio, Mapping):
        return {}
    value = audio.get(key)
    return value if isinstance(value, Mapping) else {}


def _audio_format(
    section: Mapping[str, Any], settings: Mapping[str, Any], legacy_key: str, attached: bool
) -> dict[str, Any] | None:
    source = section.get("format")
    if source is None:
        default = None if attached else DEFAULT_MODEL_SETTINGS.get(legacy_key)
        source = settings.get(legacy_key, default)
    return to_realtime_audio_format(source)


def _audio_input(settings: Mapping[str, Any], attached: bool) -> dict[str, Any]:
    section = _section(settings, "input")
    out: dict[str, Any] = {}
    fmt = _audio_format(section, settings, "input_audio_format", attached)
    if fmt is not None:
        out["format"] = fmt
    if "noise_reduction" in section:
        out["noise_reduction"] = section.get("noise_reduction")
    elif "input_audio_noise_reduction" in settings:
        out["noise_reduction"] = settings.get("input_audio_noise_reduction")
    if "transcription" in section:
        out["transcription"] = section.get("transcription")
    elif "input_audio_transcription" in settings:
        out["transcription"] = settings.get("input_audio_transcription")
    else:
        out["transcription"] = DEFAULT_MODEL_SETTINGS.get("input_audio_transcription")
    if "turn_detection" in section:
        out["turn_detection"] = normalize_turn_detection(section.get("turn_detection"))
    elif "turn_detection" in settings:
        out["turn_detection"] = normalize_turn_detection(settings.get("turn_detection"))
    else:
        out["turn_detection"] = DEFAULT_MODEL_SETTINGS.get("turn_detection")
    return cast(dict[str, Any], _plain(out))


def _audio_output(settings: Mapping[str, Any], attached: bool) -> dict[str, Any]:
    section = _section(settings, "output")
    out: dict[str, Any] = {}
    out["voice"] = section.get("voice") or settings.get("voice", DEFAULT_MODEL_SETTINGS["voice"])
    fmt = _audio_format(section, settings, "output_audio_format", attached)
    if fmt is not None:
        out["format"] = fmt
    if "speed" in section:
        out["speed"] = section.get("speed")
    elif "speed" in settings:
        out["speed"] = settings.get("speed")
    return cast(dict[str, Any], _plain(out))


def _plain(value: Any) -> Any:
    """A JSON-ready deep copy (mappings to dicts, tuples to lists)."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def build_session_config(
    settings: RealtimeSessionModelSettings, *, model: str, attached: bool = False
) -> dict[str, Any]:
    """The `session` of a GA `session.update` for `settings`.

    `model` is the connection's model (used when `settings` names none); `attached` is True
    when attaching to an existing call, where audio formats have no default.
    """
    raw = cast(Mapping[str, Any], settings)
    modalities = raw.get("output_modalities") or raw.get("modalities") or ["audio"]
    session: dict[str, Any] = {
        "type": "realtime",
        "model": raw.get("model_name") or model or DEFAULT_REALTIME_MODEL,
        "output_modalities": list(modalities),
        "audio": {"input": _audio_input(raw, attached), "output": _audio_output(raw, attached)},
        "tools": session_tools(list(raw.get("tools") or []), list(raw.get("handoffs") or [])),
    }
    if raw.get("parallel_tool_calls") is not None:
        session["parallel_tool_calls"] = raw["parallel_tool_calls"]
    if raw.get("reasoning") is not None:
        session["reasoning"] = _plain(raw["reasoning"])
    if "instructions" in raw:
        session["instructions"] = raw.get("instructions")
    if "prompt" in raw:
        prompt = raw["prompt"]
        session["prompt"] = {
            "id": prompt["id"],
            "variables": _plain(prompt.get("variables")),
            "version": prompt.get("version"),
        }
    if "max_output_tokens" in raw:
        session["max_output_tokens"] = raw.get("max_output_tokens")
    if "tool_choice" in raw:
        session["tool_choice"] = _tool_choice(raw.get("tool_choice"))
    return session


def _tool_choice(choice: object) -> object:
    if choice is None or isinstance(choice, str):
        return choice
    name = getattr(choice, "name", None)
    server = getattr(choice, "server_label", None)
    if isinstance(server, str):
        return {"type": "mcp", "server_label": server, "name": name}
    raise UserError(f"tool_choice {choice!r} is not supported by Realtime models")


class RealtimeSessionPayload(dict):  # type: ignore[type-arg]
    """A GA session payload (a dict), with `model_dump` / `model_dump_json` as on the pydantic
    object openai-agents returns, so code calling them ports unchanged."""

    def model_dump(self, **_options: Any) -> dict[str, Any]:
        return cast(dict[str, Any], _plain(self))

    def model_dump_json(self, **_options: Any) -> str:
        import json

        return json.dumps(self)


def tracing_payload(
    tracing: RealtimeModelTracingConfig | str | None,
) -> dict[str, Any] | str | None:
    """The session's `tracing` value: "auto", None, or the fields that are set.

    Deliberate difference: openai-agents sends unset fields as null, which the OpenAPI
    `RealtimeTracingConfig` rejects (`metadata` must be an object); they are left out here.
    """
    if tracing is None or isinstance(tracing, str):
        return tracing
    fields = {
        "group_id": tracing.get("group_id"),
        "metadata": _plain(tracing.get("metadata")),
        "workflow_name": tracing.get("workflow_name"),
    }
    return {key: value for key, value in fields.items() if value is not None}
