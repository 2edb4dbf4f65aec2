"""Prints the `session.update` session payloads an SDK builds for a table of settings.

    python payload_program.py agentkit        /opt/ref/bin/python payload_program.py agents

Used by `test_payload.py` to check that agentkit builds exactly what openai-agents 0.24 builds.
"""

from __future__ import annotations

import importlib
import json
import sys
from typing import Any

CASES: list[tuple[str, dict[str, Any], bool]] = [
    ("defaults", {}, False),
    (
        "quickstart",
        {
            "model_name": "gpt-realtime",
            "voice": "ash",
            "modalities": ["audio"],
            "input_audio_format": "pcm16",
            "output_audio_format": "pcm16",
            "input_audio_transcription": {"model": "gpt-4o-mini-transcribe"},
            "turn_detection": {"type": "semantic_vad", "interrupt_response": True},
        },
        False,
    ),
    (
        "g711_server_vad",
        {
            "instructions": "Be brief.",
            "input_audio_format": "g711_ulaw",
            "output_audio_format": "g711_alaw",
            "turn_detection": {
                "type": "server_vad",
                "threshold": 0.6,
                "prefix_padding_ms": 300,
                "silence_duration_ms": 700,
                "create_response": True,
                "interrupt_response": False,
                "idle_timeout_ms": 5000,
            },
            "input_audio_noise_reduction": {"type": "near_field"},
            "speed": 1.2,
            "max_output_tokens": 512,
            "tool_choice": "required",
            "parallel_tool_calls": False,
        },
        False,
    ),
    (
        "ga_audio_config",
        {
            "audio": {
                "input": {
                    "format": {"type": "audio/pcma"},
                    "transcription": {"model": "whisper-1", "language": "en", "prompt": "names"},
                    "turn_detection": None,
                    "noise_reduction": None,
                },
                "output": {"format": "g711_ulaw", "voice": "marin", "speed": 0.9},
            },
            "output_modalities": ["text"],
        },
        False,
    ),
    (
        "camel_case_turn_detection",
        {
            "turn_detection": {
                "type": "server_vad",
                "createResponse": False,
                "silenceDurationMs": 800,
            }
        },
        False,
    ),
    (
        "prompt_and_reasoning",
        {
            "prompt": {"id": "pmpt_1", "version": "2", "variables": {"city": "Paris"}},
            "reasoning": {"effort": "low"},
        },
        False,
    ),
    (
        "explicit_nulls",
        {"input_audio_noise_reduction": None, "turn_detection": None, "max_output_tokens": "inf"},
        False,
    ),
    ("attached_call", {"voice": "alloy"}, True),
    ("tools_and_handoffs", {"instructions": "Route calls."}, False),
]

TRACING_CASES: list[Any] = [
    "auto",
    {"workflow_name": "support", "group_id": "g1", "metadata": {"tier": "gold"}},
    {"workflow_name": "only-name"},
]


def main(argv: list[str]) -> int:
    sdk = importlib.import_module(argv[1])
    realtime = importlib.import_module(f"{argv[1]}.realtime")

    @sdk.function_tool
    def lookup(order_id: str) -> str:
        """Look an order up.

        Args:
            order_id: The order.
        """
        return order_id

    target = realtime.RealtimeAgent(name="Billing agent", handoff_description="Invoices")
    handoff = realtime.realtime_handoff(target)
    out: dict[str, Any] = {}
    for name, settings, attached in CASES:
        model = realtime.OpenAIRealtimeWebSocketModel()
        if attached:
            model._call_id = "rtc_123"
        settings = dict(settings)
        if name == "tools_and_handoffs":
            settings["tools"] = [lookup]
            settings["handoffs"] = [handoff]
        payload = model._get_session_config(settings)
        if hasattr(payload, "model_dump"):
            payload = payload.model_dump(mode="json", exclude_unset=True)
        out[name] = payload
    out["tracing"] = [_tracing(argv[1], case) for case in TRACING_CASES]
    json.dump(out, sys.stdout, sort_keys=True)
    return 0


def _tracing(sdk: str, case: Any) -> Any:
    if sdk == "agents":
        from agents.realtime.openai_realtime import _ConversionHelper

        value = _ConversionHelper.convert_tracing_config(case)
        return (
            value.model_dump(mode="json", exclude_unset=True)
            if hasattr(value, "model_dump")
            else value
        )
    from agentkit.realtime._payload import tracing_payload

    return tracing_payload(case)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
