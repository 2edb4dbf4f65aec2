"""Chat Completions chunk streams fed to the stream handler, ours and openai-agents 0.24's.

Runs under both interpreters (plain data, standard library only). The upstream events for these
streams are recorded in data/upstream_chat_stream_events.json by data/record_upstream_events.py.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
MODEL = "gpt-4.1"


def sse_chunks(name: str) -> list[dict[str, Any]]:
    """The chunks of an SSE fixture (the `[DONE]` sentinel left out)."""
    chunks = []
    for block in (FIXTURES / name).read_text().split("\n\n"):
        for line in block.splitlines():
            if line.startswith("data: ") and line[6:].strip() != "[DONE]":
                chunks.append(json.loads(line[6:]))
    return chunks


def chunk(
    delta: dict[str, Any] | None = None, finish: str | None = None, **extra: Any
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": "chatcmpl-1",
        "object": "chat.completion.chunk",
        "created": 1,
        "model": MODEL,
        "choices": [{"index": 0, "delta": delta or {}, "finish_reason": finish, "logprobs": None}],
    }
    data.update(extra)
    return data


def usage_chunk(
    prompt: int = 11, completion: int = 7, cached: int = 3, reasoning: int = 2
) -> dict[str, Any]:
    return {
        "id": "chatcmpl-1",
        "object": "chat.completion.chunk",
        "created": 1,
        "model": MODEL,
        "choices": [],
        "usage": {
            "prompt_tokens": prompt,
            "completion_tokens": completion,
            "total_tokens": prompt + completion,
            "prompt_tokens_details": {"cached_tokens": cached},
            "completion_tokens_details": {"reasoning_tokens": reasoning},
        },
    }


def call_start(index: int, call_id: str, name: str) -> dict[str, Any]:
    return {
        "index": index,
        "id": call_id,
        "type": "function",
        "function": {"name": name, "arguments": ""},
    }


def call_args(index: int, text: str) -> dict[str, Any]:
    return {"index": index, "function": {"arguments": text}}


def _one_char_args() -> list[dict[str, Any]]:
    arguments = '{"city": "Paris", "days": [1, 2, 3]}'
    chunks = [
        chunk(
            {
                "role": "assistant",
                "content": None,
                "tool_calls": [call_start(0, "call_x", "forecast")],
            }
        )
    ]
    chunks += [chunk({"tool_calls": [call_args(0, ch)]}) for ch in arguments]
    return [*chunks, chunk({}, "tool_calls"), usage_chunk()]


def _unknown_fields(chunks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    def add(value: Any) -> Any:
        if isinstance(value, dict):
            out = {k: add(v) for k, v in value.items()}
            out["x_vendor_field"] = {"nested": [1, "two"]}
            return out
        if isinstance(value, list):
            return [add(v) for v in value]
        return value

    return [add(c) for c in chunks]


TEXT = [
    chunk({"role": "assistant", "content": "", "refusal": None}),
    chunk({"content": "Hel"}),
    chunk({"content": "lo "}),
    chunk({"content": "there"}),
    chunk({}, "stop"),
    usage_chunk(),
]

CASES: dict[str, list[dict[str, Any]]] = {
    "text": TEXT,
    "text_without_usage": TEXT[:-1],
    "text_null_usage": [{**c, "usage": None} for c in TEXT[:-1]],
    "fixture_tool_call": sse_chunks("chat_stream_tool_call.sse"),
    "fixture_parallel_tool_calls_usage": sse_chunks("chat_stream_parallel_tool_calls_usage.sse"),
    "one_char_arguments": _one_char_args(),
    "refusal": [
        chunk({"role": "assistant", "content": None, "refusal": ""}),
        chunk({"refusal": "I can't "}),
        chunk({"refusal": "help with that."}),
        chunk({}, "stop"),
        usage_chunk(),
    ],
    "text_then_refusal": [
        chunk({"role": "assistant", "content": "Sure, "}),
        chunk({"refusal": "actually no."}),
        chunk({}, "stop"),
    ],
    "reasoning_content_then_text": [
        chunk({"role": "assistant", "reasoning_content": "Think"}),
        chunk({"reasoning_content": "ing..."}),
        chunk({"content": "Answer."}),
        chunk({}, "stop"),
        usage_chunk(),
    ],
    "reasoning_field_then_tool_call": [
        chunk({"role": "assistant", "reasoning": "Need "}),
        chunk({"reasoning": "a tool."}),
        chunk({"tool_calls": [call_start(0, "call_r", "lookup")]}),
        chunk({"tool_calls": [call_args(0, '{"q":"x"}')]}),
        chunk({}, "tool_calls"),
    ],
    "text_then_tool_call": [
        chunk({"role": "assistant", "content": "Let me check."}),
        chunk({"tool_calls": [call_start(0, "call_a", "lookup")]}),
        chunk({"tool_calls": [call_args(0, "{}")]}),
        chunk({}, "tool_calls"),
        usage_chunk(),
    ],
    "tool_call_then_text": [
        chunk({"role": "assistant", "tool_calls": [call_start(0, "call_b", "lookup")]}),
        chunk({"tool_calls": [call_args(0, '{"q":1}')]}),
        chunk({"content": "Done."}),
        chunk({}, "stop"),
    ],
    "interleaved_parallel_calls": [
        chunk(
            {
                "role": "assistant",
                "tool_calls": [call_start(0, "call_1", "a"), call_start(1, "call_2", "b")],
            }
        ),
        chunk({"tool_calls": [call_args(1, '{"y"'), call_args(0, '{"x"')]}),
        chunk({"tool_calls": [call_args(0, ":1}"), call_args(1, ":2}")]}),
        chunk({}, "tool_calls"),
        usage_chunk(),
    ],
    "content_filter_empty": [
        chunk({"role": "assistant", "content": ""}),
        chunk({}, "content_filter"),
    ],
    "url_citation": [
        chunk({"role": "assistant", "content": "See example."}),
        chunk(
            {
                "annotations": [
                    {
                        "type": "url_citation",
                        "url_citation": {
                            "url": "https://example.com",
                            "title": "Example",
                            "start_index": 4,
                            "end_index": 11,
                        },
                    }
                ]
            }
        ),
        chunk({}, "stop"),
    ],
    "logprobs": [
        {
            **chunk({"role": "assistant", "content": "Hi"}),
            "choices": [
                {
                    "index": 0,
                    "delta": {"content": "Hi"},
                    "finish_reason": None,
                    "logprobs": {
                        "content": [
                            {
                                "token": "Hi",
                                "logprob": -0.1,
                                "bytes": [72, 105],
                                "top_logprobs": [
                                    {"token": "Hi", "logprob": -0.1, "bytes": [72, 105]}
                                ],
                            }
                        ]
                    },
                }
            ],
        },
        chunk({}, "stop"),
    ],
    "unknown_fields_everywhere": _unknown_fields(
        [*_one_char_args()[:6], chunk({"content": "ok"}), chunk({}, "tool_calls"), usage_chunk()]
    ),
}
