"""Agents, handoffs, playback tracking, audio formats and payload building."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from agentkit.realtime import (
    DEFAULT_MODEL_SETTINGS,
    OpenAIRealtimeSIPModel,
    RealtimeAgent,
    RealtimePlaybackTracker,
    realtime_handoff,
)
from agentkit.realtime._payload import build_session_config
from agentkit.realtime._util import calculate_audio_length_ms
from agentkit.realtime.audio_formats import to_realtime_audio_format

from agentkit import RunContextWrapper, function_tool
from agentkit.exceptions import UserError
from tests._reference import HAVE_REFERENCE
from tests._reference import REF_PYTHON as _REF_PYTHON

HERE = Path(__file__).resolve().parent

REF_PYTHON = Path(_REF_PYTHON)


async def test_instructions_static_dynamic_and_invalid(caplog: pytest.LogCaptureFixture) -> None:
    ctx: RunContextWrapper[str] = RunContextWrapper("Ann")
    assert await RealtimeAgent(name="a", instructions="hi").get_system_prompt(ctx) == "hi"

    async def dynamic(context: RunContextWrapper[str], agent: RealtimeAgent[str]) -> str:
        return f"{agent.name} helps {context.context}"

    assert (
        await RealtimeAgent(name="b", instructions=dynamic).get_system_prompt(ctx) == "b helps Ann"
    )
    agent = RealtimeAgent(name="c")
    agent.instructions = 42  # type: ignore[assignment]
    with caplog.at_level(logging.ERROR, logger="openai.agents"):
        assert await agent.get_system_prompt(ctx) is None
    assert "Instructions must be a string or a function" in caplog.text
    assert "42" not in caplog.text  # model data is not logged by default


def test_agent_validation_and_clone() -> None:
    with pytest.raises(TypeError, match="instructions must be a string, callable, or None"):
        RealtimeAgent(name="a", instructions=3)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="tools must be a list"):
        RealtimeAgent(name="a", tools=())  # type: ignore[arg-type]
    original = RealtimeAgent(name="a", instructions="x")
    copy = original.clone(instructions="y")
    assert (copy.name, copy.instructions, original.instructions) == ("a", "y", "x")
    assert copy.tools is original.tools


async def test_realtime_handoff_validates_and_invokes() -> None:
    target = RealtimeAgent(name="Billing agent", handoff_description="Invoices")
    seen: list[Any] = []
    item = realtime_handoff(target, on_handoff=lambda ctx: seen.append(ctx.context))
    assert item.tool_name == "transfer_to_billing_agent"
    assert "Invoices" in item.tool_description and item.input_filter is None
    assert await item.on_invoke_handoff(RunContextWrapper("ctx"), "") is target
    assert seen == ["ctx"]
    with pytest.raises(UserError, match="on_handoff"):
        realtime_handoff(target, input_type=int)


def test_playback_tracker_accumulates_per_item_and_resets() -> None:
    tracker = RealtimePlaybackTracker()
    assert tracker.get_state() == {
        "current_item_id": None,
        "current_item_content_index": None,
        "elapsed_ms": None,
    }
    tracker.on_play_bytes("i1", 0, b"\x00" * 4800)  # 2400 PCM16 samples at 24 kHz
    tracker.on_play_ms("i1", 0, 50)
    assert tracker.get_state()["elapsed_ms"] == pytest.approx(150)
    tracker.on_play_ms("i1", 1, 10)
    assert tracker.get_state() == {
        "current_item_id": "i1",
        "current_item_content_index": 1,
        "elapsed_ms": 10,
    }
    tracker.set_audio_format("g711_ulaw")
    tracker.on_play_bytes("i2", 0, b"\x00" * 800)
    assert tracker.get_state()["elapsed_ms"] == pytest.approx(100)
    tracker.on_interrupted()
    assert tracker.get_state()["current_item_id"] is None


def test_audio_lengths_and_formats() -> None:
    assert calculate_audio_length_ms("pcm16", b"\x00" * 48000) == pytest.approx(1000)
    assert calculate_audio_length_ms({"type": "audio/pcma"}, b"\x00" * 8000) == pytest.approx(1000)
    assert calculate_audio_length_ms(None, b"") == 0
    assert to_realtime_audio_format("pcm16") == {"type": "audio/pcm", "rate": 24000}
    assert to_realtime_audio_format("g711_ulaw") == {"type": "audio/pcmu"}
    assert to_realtime_audio_format("audio/pcma") == {"type": "audio/pcma"}
    assert to_realtime_audio_format("mp3") is None


def test_session_payload_defaults_match_the_ga_fixture_shape() -> None:
    session = build_session_config({"instructions": "x"}, model="gpt-realtime")
    assert session == {
        "type": "realtime",
        "model": "gpt-realtime",
        "output_modalities": ["audio"],
        "instructions": "x",
        "tools": [],
        "audio": {
            "input": {
                "format": {"type": "audio/pcm", "rate": 24000},
                "transcription": {"model": "gpt-4o-mini-transcribe"},
                "turn_detection": {"type": "semantic_vad", "interrupt_response": True},
            },
            "output": {"voice": "ash", "format": {"type": "audio/pcm", "rate": 24000}},
        },
    }
    assert DEFAULT_MODEL_SETTINGS["voice"] == "ash"


def test_duplicate_and_unsupported_tools_are_user_errors() -> None:
    @function_tool
    def transfer_to_billing_agent() -> str:
        """Clash."""
        return ""

    item = realtime_handoff(RealtimeAgent(name="Billing agent"))
    with pytest.raises(
        UserError, match="Duplicate Realtime tool name found: 'transfer_to_billing_agent'"
    ):
        build_session_config({"tools": [transfer_to_billing_agent], "handoffs": [item]}, model="m")


async def test_sip_initial_payload_merges_agent_and_configs() -> None:
    agent = RealtimeAgent(name="a", instructions="Answer calls.")
    payload = await OpenAIRealtimeSIPModel.build_initial_session_payload(
        agent,
        model_config={"initial_model_settings": {"voice": "marin"}},
        run_config={"model_settings": {"voice": "alloy", "speed": 1.1}, "tracing_disabled": True},
        overrides={"output_modalities": ["text"]},
    )
    assert payload["instructions"] == "Answer calls."
    assert payload["audio"]["output"] == {
        "voice": "marin",
        "format": {"type": "audio/pcm", "rate": 24000},
        "speed": 1.1,
    }
    assert payload["output_modalities"] == ["text"]
    assert payload.model_dump(exclude_unset=True) == dict(payload)  # upstream returns a model


@pytest.mark.skipif(not HAVE_REFERENCE, reason="openai-agents 0.24 reference venv not installed")
def test_session_payloads_equal_openai_agents() -> None:
    """For a table of settings, `session.update` payloads equal what openai-agents 0.24 builds."""
    program = str(HERE / "payload_program.py")
    ours = subprocess.run(
        [sys.executable, program, "agentkit"], capture_output=True, text=True, check=True
    )
    ref = subprocess.run(
        [str(REF_PYTHON), program, "agents"], capture_output=True, text=True, check=True
    )
    expected, actual = json.loads(ref.stdout), json.loads(ours.stdout)
    assert set(actual) == set(expected)
    # Deliberate difference: unset tracing fields are left out rather than sent as null (the
    # OpenAPI schema rejects a null `metadata`).
    expected["tracing"] = [
        {k: v for k, v in case.items() if v is not None} if isinstance(case, dict) else case
        for case in expected["tracing"]
    ]
    for case in expected:
        assert actual[case] == expected[case], case


@pytest.mark.skipif(not HAVE_REFERENCE, reason="openai-agents 0.24 reference venv not installed")
def test_sessions_behave_like_openai_agents() -> None:
    """The parity harness: same client events and session events for every scenario."""
    done = subprocess.run(
        [sys.executable, str(HERE / "parity.py"), "--ref", str(REF_PYTHON)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_restored_history_items_are_valid_client_events() -> None:
    from agentkit.realtime import (
        AssistantMessageItem,
        InputAudio,
        RealtimeToolCallItem,
        SystemMessageItem,
        UserMessageItem,
    )
    from agentkit.realtime._history import restore_items
    from agentkit.realtime.items import AssistantAudio, InputText
    from schema import client_event_errors

    history = [
        SystemMessageItem(item_id="s1", content=[InputText(text="Be kind.")]),
        UserMessageItem(item_id="u1", content=[InputAudio(transcript="What's the weather?")]),
        UserMessageItem(
            item_id="u2", content=[InputAudio()]
        ),  # never transcribed: nothing to replay
        RealtimeToolCallItem(
            item_id="c1",
            call_id="call_1",
            status="completed",
            arguments="{}",
            name="weather",
            output="sunny",
        ),
        AssistantMessageItem(item_id="a1", content=[AssistantAudio(transcript="It is sunny.")]),
    ]
    items = restore_items(history)
    assert [i.get("id") for i in items] == ["s1", "u1", "c1", None, "a1"]
    assert items[1]["content"] == [{"type": "input_text", "text": "What's the weather?"}]
    assert items[3] == {"type": "function_call_output", "call_id": "call_1", "output": "sunny"}
    for item in items:
        assert client_event_errors({"type": "conversation.item.create", "item": item}) == []


@pytest.mark.skipif(not HAVE_REFERENCE, reason="openai-agents 0.24 reference venv not installed")
def test_scripted_model_tests_port_by_changing_the_import() -> None:
    """A test written with `agents.realtime.testing` gives the same events and sends with ours."""
    program = str(HERE / "testing_program.py")
    ours = subprocess.run(
        [sys.executable, program, "agentkit"], capture_output=True, text=True, check=True
    )
    ref = subprocess.run(
        [str(REF_PYTHON), program, "agents"], capture_output=True, text=True, check=True
    )
    expected, actual = json.loads(ref.stdout), json.loads(ours.stdout)
    assert actual == expected
    assert "tool_end:add" in actual["events"] and actual["handoff_instructions"] == "Help."
