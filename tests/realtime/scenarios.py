"""Scripted GA server conversations shared by the tests, the parity harness and the benchmark.

Only the standard library and `rt_server` are used, so openai-agents' venv can import it.
"""

from __future__ import annotations

import base64
import json
import struct
from pathlib import Path
from typing import Any

from rt_server import Rule, Script, fixture_events

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
AUDIO = Path(__file__).resolve().parent / "audio"

RESPONSE_ID = "resp_1"
ASSISTANT_ID = "item_assistant_1"
USER_ID = "item_user_1"


def session_object(**audio_input: Any) -> dict[str, Any]:
    turn_detection = audio_input.pop(
        "turn_detection", {"type": "semantic_vad", "eagerness": "auto", "interrupt_response": True}
    )
    return {
        "type": "realtime",
        "object": "realtime.session",
        "id": "sess_1",
        "model": "gpt-realtime",
        "output_modalities": ["audio"],
        "instructions": "",
        "tools": [],
        "tool_choice": "auto",
        "max_output_tokens": "inf",
        "tracing": None,
        "prompt": None,
        "expires_at": 0,
        "audio": {
            "input": {
                "format": {"type": "audio/pcm", "rate": 24000},
                "transcription": {"model": "gpt-4o-mini-transcribe"},
                "noise_reduction": None,
                "turn_detection": turn_detection,
            },
            "output": {
                "format": {"type": "audio/pcm", "rate": 24000},
                "voice": "ash",
                "speed": 1.0,
            },
        },
        "include": None,
    }


def session_created(**audio_input: Any) -> dict[str, Any]:
    return {
        "type": "session.created",
        "event_id": "ev_s1",
        "session": session_object(**audio_input),
    }


def session_updated(**audio_input: Any) -> dict[str, Any]:
    return {
        "type": "session.updated",
        "event_id": "ev_s2",
        "session": session_object(**audio_input),
    }


def pcm_tone(samples: int, value: int = 1000) -> bytes:
    return struct.pack(f"<{samples}h", *([value] * samples))


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def user_text_item(text: str, item_id: str = USER_ID) -> list[dict[str, Any]]:
    item = {
        "id": item_id,
        "object": "realtime.item",
        "type": "message",
        "status": "completed",
        "role": "user",
        "content": [{"type": "input_text", "text": text}],
    }
    return [
        {
            "type": "conversation.item.added",
            "event_id": "ev_ua",
            "previous_item_id": None,
            "item": item,
        },
        {
            "type": "conversation.item.done",
            "event_id": "ev_ud",
            "previous_item_id": None,
            "item": item,
        },
    ]


def _response(status: str, output: list[dict[str, Any]], response_id: str) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": response_id,
        "object": "realtime.response",
        "status": status,
        "output": output,
        "conversation_id": "conv_1",
        "output_modalities": ["audio"],
        "max_output_tokens": "inf",
        "audio": {"output": {"format": {"type": "audio/pcm", "rate": 24000}, "voice": "ash"}},
        "metadata": None,
    }
    if status != "in_progress":
        body["usage"] = {
            "total_tokens": 30,
            "input_tokens": 20,
            "output_tokens": 10,
            "input_token_details": {
                "text_tokens": 20,
                "audio_tokens": 0,
                "image_tokens": 0,
                "cached_tokens": 4,
                "cached_tokens_details": {"text_tokens": 4, "audio_tokens": 0, "image_tokens": 0},
            },
            "output_token_details": {"text_tokens": 4, "audio_tokens": 6},
        }
    return body


def assistant_audio_turn(
    transcript_parts: list[str],
    audio_chunks: list[bytes],
    *,
    response_id: str = RESPONSE_ID,
    item_id: str = ASSISTANT_ID,
    previous_item_id: str | None = USER_ID,
    done: bool = True,
) -> list[dict[str, Any]]:
    """`response.created` ... `response.done` of an assistant answer in audio with transcript."""
    transcript = "".join(transcript_parts)
    base = {"response_id": response_id, "item_id": item_id, "output_index": 0, "content_index": 0}
    item_open = {
        "id": item_id,
        "object": "realtime.item",
        "type": "message",
        "status": "in_progress",
        "role": "assistant",
        "content": [],
    }
    item_done = {
        **item_open,
        "status": "completed",
        "content": [{"type": "output_audio", "transcript": transcript}],
    }
    events: list[dict[str, Any]] = [
        {
            "type": "response.created",
            "event_id": "ev_rc",
            "response": _response("in_progress", [], response_id),
        },
        {
            "type": "response.output_item.added",
            "event_id": "ev_oa",
            "response_id": response_id,
            "output_index": 0,
            "item": item_open,
        },
        {
            "type": "conversation.item.added",
            "event_id": "ev_ca",
            "previous_item_id": previous_item_id,
            "item": item_open,
        },
        {
            "type": "response.content_part.added",
            "event_id": "ev_cpa",
            **base,
            "part": {"type": "audio", "transcript": ""},
        },
    ]
    for index in range(max(len(transcript_parts), len(audio_chunks))):
        if index < len(audio_chunks):
            events.append(
                {
                    "type": "response.output_audio.delta",
                    "event_id": f"ev_ad{index}",
                    **base,
                    "delta": b64(audio_chunks[index]),
                }
            )
        if index < len(transcript_parts):
            events.append(
                {
                    "type": "response.output_audio_transcript.delta",
                    "event_id": f"ev_td{index}",
                    **base,
                    "delta": transcript_parts[index],
                }
            )
    if not done:
        return events
    events += [
        {"type": "response.output_audio.done", "event_id": "ev_aud", **base},
        {
            "type": "response.output_audio_transcript.done",
            "event_id": "ev_trd",
            **base,
            "transcript": transcript,
        },
        {
            "type": "response.content_part.done",
            "event_id": "ev_cpd",
            **base,
            "part": {"type": "audio", "transcript": transcript},
        },
        {
            "type": "response.output_item.done",
            "event_id": "ev_od",
            "response_id": response_id,
            "output_index": 0,
            "item": item_done,
        },
        {
            "type": "conversation.item.done",
            "event_id": "ev_cd",
            "previous_item_id": previous_item_id,
            "item": item_done,
        },
        {
            "type": "response.done",
            "event_id": "ev_rd",
            "response": _response("completed", [item_done], response_id),
        },
    ]
    return events


def text_turn(close: bool = True) -> Script:
    """The user types; the assistant answers in audio (two chunks) with a transcript."""
    answer = assistant_audio_turn(["Hello", " there!"], [pcm_tone(2400), pcm_tone(2400, -1000)])
    end = [{"$close": 1000}] if close else []
    return Script(
        on_connect=[session_created()],
        rules=[
            Rule("session.update", [session_updated()], where={"session.tools": []}),
            Rule("conversation.item.create", user_text_item("Hi")),
            Rule("response.create", answer + end),
        ],
    )


def fixture_tool_turn() -> Script:
    """The fixture function-call turn (server VAD), then the answer after the tool output."""
    events = fixture_events(str(FIXTURES / "realtime_server_events_ga.jsonl"))
    split = next(
        i
        for i, e in enumerate(events)
        if e["type"] == "conversation.item.input_audio_transcription.completed"
    )
    first, output_item, answer = (
        events[: split + 1],
        events[split + 1 : split + 3],
        events[split + 3 : -1],
    )
    return Script(
        on_connect=[
            session_created(
                turn_detection={
                    "type": "server_vad",
                    "threshold": 0.5,
                    "prefix_padding_ms": 300,
                    "silence_duration_ms": 500,
                    "create_response": True,
                    "interrupt_response": True,
                }
            )
        ],
        rules=[
            Rule("input_audio_buffer.append", first),
            Rule(
                "conversation.item.create",
                output_item[:2],
                where={"item.type": "function_call_output"},
            ),
            Rule("response.create", [*answer, {"$close": 1000}]),
        ],
    )


def handoff_turn() -> Script:
    """The model calls `transfer_to_weather_agent`; the new agent answers."""
    call_id = "call_handoff_1"
    call_item = {
        "id": "item_call_1",
        "object": "realtime.item",
        "type": "function_call",
        "status": "completed",
        "name": "transfer_to_weather_agent",
        "call_id": call_id,
        "arguments": "{}",
    }
    first = [
        {
            "type": "response.created",
            "event_id": "ev_h1",
            "response": _response("in_progress", [], "resp_h1"),
        },
        {
            "type": "response.output_item.added",
            "event_id": "ev_h2",
            "response_id": "resp_h1",
            "output_index": 0,
            "item": {**call_item, "status": "in_progress", "arguments": ""},
        },
        {
            "type": "response.function_call_arguments.done",
            "event_id": "ev_h3",
            "response_id": "resp_h1",
            "item_id": "item_call_1",
            "output_index": 0,
            "call_id": call_id,
            "name": "transfer_to_weather_agent",
            "arguments": "{}",
        },
        {
            "type": "response.output_item.done",
            "event_id": "ev_h4",
            "response_id": "resp_h1",
            "output_index": 0,
            "item": call_item,
        },
        {
            "type": "response.done",
            "event_id": "ev_h5",
            "response": _response("completed", [call_item], "resp_h1"),
        },
    ]
    answer = assistant_audio_turn(
        ["Sunny", " today."],
        [pcm_tone(1200)],
        response_id="resp_h2",
        item_id="item_assistant_2",
        previous_item_id="item_call_1",
    )
    return Script(
        on_connect=[session_created()],
        rules=[
            Rule(
                "conversation.item.create",
                user_text_item("Weather?"),
                where={"item.type": "message"},
            ),
            Rule("response.create", first),
            Rule("response.create", [*answer, {"$close": 1000}]),
        ],
    )


def interruption_turn() -> Script:
    """Audio starts playing, then the user barges in (speech_started); the response is cancelled."""
    partial = assistant_audio_turn(
        ["Let me tell you", " a long story"], [pcm_tone(24000), pcm_tone(24000)], done=False
    )
    barge_in = [
        {
            "type": "input_audio_buffer.speech_started",
            "event_id": "ev_ss",
            "audio_start_ms": 1200,
            "item_id": "item_user_2",
        },
    ]
    truncated = [
        {
            "type": "conversation.item.truncated",
            "event_id": "ev_tr",
            "item_id": ASSISTANT_ID,
            "content_index": 0,
            "audio_end_ms": 500,
        },
    ]
    retrieved = [
        {
            "type": "conversation.item.retrieved",
            "event_id": "ev_rt",
            "item": {
                "id": ASSISTANT_ID,
                "object": "realtime.item",
                "type": "message",
                "status": "incomplete",
                "role": "assistant",
                "content": [{"type": "output_audio", "transcript": "Let me tell you"}],
            },
        },
    ]
    cancelled = [
        {
            "type": "response.done",
            "event_id": "ev_rdc",
            "response": {
                **_response("cancelled", [], RESPONSE_ID),
                "status_details": {"type": "cancelled", "reason": "turn_detected"},
            },
        },
    ]
    return Script(
        on_connect=[
            session_created(turn_detection={"type": "server_vad", "interrupt_response": False})
        ],
        rules=[
            Rule("conversation.item.create", user_text_item("Story please")),
            Rule("response.create", partial + barge_in),
            Rule("conversation.item.truncate", truncated),
            Rule("conversation.item.retrieve", [*retrieved, {"$close": 1000}]),
            Rule("response.cancel", cancelled),
        ],
    )


def error_turn() -> Script:
    """A server error (recoverable), an unknown event type, then a normal close."""
    return Script(
        on_connect=[session_created()],
        rules=[
            Rule(
                "conversation.item.create",
                [
                    {
                        "type": "error",
                        "event_id": "ev_e1",
                        "error": {
                            "type": "invalid_request_error",
                            "code": "invalid_value",
                            "message": "Bad item",
                            "param": None,
                            "event_id": None,
                        },
                    },
                    {"type": "totally.unknown.event", "event_id": "ev_u1"},
                    {"$close": 1000},
                ],
            ),
        ],
    )


SCENARIOS = {
    "text_turn": text_turn,
    "tool_turn": fixture_tool_turn,
    "handoff_turn": handoff_turn,
    "interruption_turn": interruption_turn,
    "error_turn": error_turn,
}


def dumps(obj: Any) -> str:
    return json.dumps(obj, sort_keys=True)


class EnergyVad:
    """A server-side voice activity detector over the appended PCM16 audio (24 kHz): speech is
    a 20 ms frame whose RMS exceeds `threshold`; `silence_ms` of quiet ends the turn. At the end
    of a turn it commits the audio, reports the transcript and answers with `reply` audio."""

    def __init__(
        self, reply: bytes, transcript: str, threshold: float = 500.0, silence_ms: int = 500
    ) -> None:
        self.reply = reply
        self.transcript = transcript
        self.threshold = threshold
        self.silence_ms = silence_ms
        self.buffer = bytearray()
        self.speech_start_ms: int | None = None
        self.last_voice_ms = 0
        self.analysed = 0
        self.turns = 0
        self.heard_at_ms: int | None = None

    def __call__(self, event: dict[str, Any], conn: Any) -> list[dict[str, Any]]:
        self.buffer += base64.b64decode(event["audio"])
        out: list[dict[str, Any]] = []
        frame = 960  # 20 ms of PCM16 at 24 kHz
        while self.analysed + frame <= len(self.buffer):
            chunk = bytes(self.buffer[self.analysed : self.analysed + frame])
            self.analysed += frame
            at_ms = self.analysed // 48
            samples = struct.unpack(f"<{frame // 2}h", chunk)
            rms = (sum(x * x for x in samples) / len(samples)) ** 0.5
            if rms > self.threshold:
                if self.speech_start_ms is None:
                    self.speech_start_ms = at_ms - 20
                    self.heard_at_ms = self.speech_start_ms
                    out.append(
                        {
                            "type": "input_audio_buffer.speech_started",
                            "event_id": "ev_vad1",
                            "audio_start_ms": self.speech_start_ms,
                            "item_id": "item_heard_1",
                        }
                    )
                self.last_voice_ms = at_ms
            elif self.speech_start_ms is not None and at_ms - self.last_voice_ms >= self.silence_ms:
                out += self._end_turn(at_ms)
        return out

    def _end_turn(self, at_ms: int) -> list[dict[str, Any]]:
        self.turns += 1
        self.speech_start_ms = None
        heard = {
            "id": "item_heard_1",
            "object": "realtime.item",
            "type": "message",
            "status": "completed",
            "role": "user",
            "content": [{"type": "input_audio", "transcript": None}],
        }
        chunks = [self.reply[i : i + 4800] for i in range(0, len(self.reply), 4800)]
        words = self.transcript.split(" ")
        parts = [w + (" " if i < len(words) - 1 else "") for i, w in enumerate(words)]
        return [
            {
                "type": "input_audio_buffer.speech_stopped",
                "event_id": "ev_vad2",
                "audio_end_ms": at_ms,
                "item_id": "item_heard_1",
            },
            {
                "type": "input_audio_buffer.committed",
                "event_id": "ev_vad3",
                "previous_item_id": None,
                "item_id": "item_heard_1",
            },
            {
                "type": "conversation.item.added",
                "event_id": "ev_vad4",
                "previous_item_id": None,
                "item": heard,
            },
            {
                "type": "conversation.item.input_audio_transcription.completed",
                "event_id": "ev_vad5",
                "item_id": "item_heard_1",
                "content_index": 0,
                "transcript": "What's the weather in Boston?",
                "usage": {"type": "duration", "seconds": 2},
            },
            *assistant_audio_turn(
                parts,
                chunks,
                response_id="resp_vad",
                item_id="item_reply_1",
                previous_item_id="item_heard_1",
            ),
            {"$close": 1000},
        ]


def read_wav_pcm(path: Path) -> bytes:
    import wave

    with wave.open(str(path), "rb") as wav:
        assert (wav.getframerate(), wav.getnchannels(), wav.getsampwidth()) == (24000, 1, 2)
        return wav.readframes(wav.getnframes())


def speech_script(
    reply_text: str = "It is sunny and seventy two degrees in Boston.",
) -> tuple[Script, EnergyVad]:
    vad = EnergyVad(read_wav_pcm(AUDIO / "reply.wav"), reply_text)
    script = Script(
        on_connect=[
            session_created(turn_detection={"type": "server_vad", "interrupt_response": True})
        ],
        rules=[Rule("input_audio_buffer.append", vad, repeat=True)],
    )
    return script, vad
