"""Canned OpenAI wire bodies (Responses and Chat Completions, plain JSON and SSE) for the benchmarks.

Built once, as bytes, before any timing starts; the loopback server only copies them to sockets.
Standard library only: the server and the harness run without agentkit or openai-agents.
"""

from __future__ import annotations

import itertools
import json
from typing import Any

CREATED_AT = 1767225700
MODEL = "gpt-bench"
RESPONSE_ID = "resp_bench0001"
MESSAGE_ID = "msg_bench0001"
CALL_ITEM_ID = "fc_bench0001"
CALL_ID = "call_bench0001"
CHAT_ID = "chatcmpl-bench0001"

TEXT_DELTAS = 20_000
ARG_CHUNKS = 2_000

# The short answer of the cold-start and concurrency scenarios.
HELLO_TEXT = "Hello from the loopback server."
# The tool every HTTP scenario defines, and the one the argument-stream scenario calls.
TOOL_NAME = "record_note"


def text_pieces(count: int) -> list[str]:
    """`count` deltas of a long, deterministic answer (words with their leading space)."""
    return [f" w{i % 997}" for i in range(count)]


def argument_pieces(count: int) -> list[str]:
    """`count` chunks that join to the JSON arguments `{"note": "..."}` of the tool call."""
    note = "".join(f"n{i % 89:02d}-" for i in range(count * 4))
    arguments = json.dumps({"note": note}, separators=(",", ":"))
    cuts = [len(arguments) * i // count for i in range(count + 1)]
    return [arguments[a:b] for a, b in itertools.pairwise(cuts)]


def _dumps(obj: Any) -> str:
    return json.dumps(obj, separators=(",", ":"))


# --------------------------------------------------------------------------- Responses


def _usage() -> dict[str, Any]:
    return {
        "input_tokens": 12,
        "input_tokens_details": {"cached_tokens": 0, "cache_write_tokens": 0},
        "output_tokens": 7,
        "output_tokens_details": {"reasoning_tokens": 0},
        "total_tokens": 19,
    }


def message_item(text: str, status: str = "completed") -> dict[str, Any]:
    content = [{"type": "output_text", "annotations": [], "logprobs": [], "text": text}]
    return {
        "id": MESSAGE_ID,
        "type": "message",
        "status": status,
        "role": "assistant",
        "content": content if text or status == "completed" else [],
    }


def function_call_item(arguments: str, status: str = "completed") -> dict[str, Any]:
    return {
        "id": CALL_ITEM_ID,
        "type": "function_call",
        "status": status,
        "call_id": CALL_ID,
        "name": TOOL_NAME,
        "arguments": arguments,
    }


def response_object(output: list[dict[str, Any]], status: str = "completed") -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": RESPONSE_ID,
        "object": "response",
        "created_at": CREATED_AT,
        "status": status,
        "error": None,
        "incomplete_details": None,
        "instructions": None,
        "max_output_tokens": None,
        "model": MODEL,
        "output": output,
        "parallel_tool_calls": True,
        "previous_response_id": None,
        "reasoning": {"effort": None, "summary": None},
        "store": True,
        "temperature": 1.0,
        "text": {"format": {"type": "text"}},
        "tool_choice": "auto",
        "tools": [],
        "top_p": 1.0,
        "truncation": "disabled",
        "metadata": {},
    }
    if status == "completed":
        body["usage"] = _usage()
    return body


def responses_text_events(pieces: list[str]) -> list[dict[str, Any]]:
    """The events of a streamed text answer made of `pieces`, in the live API's order."""
    text = "".join(pieces)
    loc = {"item_id": MESSAGE_ID, "output_index": 0, "content_index": 0}
    events: list[dict[str, Any]] = [
        {"type": "response.created", "response": response_object([], "in_progress")},
        {"type": "response.in_progress", "response": response_object([], "in_progress")},
        {
            "type": "response.output_item.added",
            "output_index": 0,
            "item": message_item("", "in_progress"),
        },
        {
            "type": "response.content_part.added",
            **loc,
            "part": {"type": "output_text", "annotations": [], "logprobs": [], "text": ""},
        },
    ]
    events += [
        {"type": "response.output_text.delta", **loc, "delta": p, "logprobs": []} for p in pieces
    ]
    part = {"type": "output_text", "annotations": [], "logprobs": [], "text": text}
    events += [
        {"type": "response.output_text.done", **loc, "text": text, "logprobs": []},
        {"type": "response.content_part.done", **loc, "part": part},
        {"type": "response.output_item.done", "output_index": 0, "item": message_item(text)},
        {"type": "response.completed", "response": response_object([message_item(text)])},
    ]
    return _numbered(events)


def responses_call_events(pieces: list[str]) -> list[dict[str, Any]]:
    """The events of a streamed function call whose arguments arrive as `pieces`."""
    arguments = "".join(pieces)
    events: list[dict[str, Any]] = [
        {"type": "response.created", "response": response_object([], "in_progress")},
        {"type": "response.in_progress", "response": response_object([], "in_progress")},
        {
            "type": "response.output_item.added",
            "output_index": 0,
            "item": function_call_item("", "in_progress"),
        },
    ]
    events += [
        {
            "type": "response.function_call_arguments.delta",
            "item_id": CALL_ITEM_ID,
            "output_index": 0,
            "delta": p,
        }
        for p in pieces
    ]
    item = function_call_item(arguments)
    events += [
        {
            "type": "response.function_call_arguments.done",
            "item_id": CALL_ITEM_ID,
            "output_index": 0,
            "name": TOOL_NAME,
            "arguments": arguments,
        },
        {"type": "response.output_item.done", "output_index": 0, "item": item},
        {"type": "response.completed", "response": response_object([item])},
    ]
    return _numbered(events)


def _numbered(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**event, "sequence_number": n} for n, event in enumerate(events)]


def responses_sse(events: list[dict[str, Any]]) -> bytes:
    return "".join(f"event: {e['type']}\ndata: {_dumps(e)}\n\n" for e in events).encode()


# --------------------------------------------------------------------------- Chat Completions


def _chat_usage() -> dict[str, Any]:
    return {"prompt_tokens": 12, "completion_tokens": 7, "total_tokens": 19}


def chat_completion(text: str) -> dict[str, Any]:
    message: dict[str, Any] = {
        "role": "assistant",
        "content": text,
        "refusal": None,
        "annotations": [],
    }
    return {
        "id": CHAT_ID,
        "object": "chat.completion",
        "created": CREATED_AT,
        "model": MODEL,
        "choices": [{"index": 0, "message": message, "logprobs": None, "finish_reason": "stop"}],
        "usage": _chat_usage(),
    }


def _chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
    return {
        "id": CHAT_ID,
        "object": "chat.completion.chunk",
        "created": CREATED_AT,
        "model": MODEL,
        "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}],
    }


def _usage_chunk() -> dict[str, Any]:
    return {
        "id": CHAT_ID,
        "object": "chat.completion.chunk",
        "created": CREATED_AT,
        "model": MODEL,
        "choices": [],
        "usage": _chat_usage(),
    }


def chat_text_chunks(pieces: list[str]) -> list[dict[str, Any]]:
    chunks = [_chunk({"role": "assistant", "content": "", "refusal": None})]
    chunks += [_chunk({"content": p}) for p in pieces]
    return [*chunks, _chunk({}, "stop"), _usage_chunk()]


def chat_call_chunks(pieces: list[str]) -> list[dict[str, Any]]:
    head = {
        "index": 0,
        "id": CALL_ID,
        "type": "function",
        "function": {"name": TOOL_NAME, "arguments": ""},
    }
    chunks = [_chunk({"role": "assistant", "content": None, "tool_calls": [head]})]
    chunks += [_chunk({"tool_calls": [{"index": 0, "function": {"arguments": p}}]}) for p in pieces]
    return [*chunks, _chunk({}, "tool_calls"), _usage_chunk()]


def chat_sse(chunks: list[dict[str, Any]]) -> bytes:
    body = "".join(f"data: {_dumps(c)}\n\n" for c in chunks) + "data: [DONE]\n\n"
    return body.encode()


# --------------------------------------------------------------------------- replies


def http_reply(body: bytes, content_type: str, status: str = "200 OK") -> bytes:
    head = (
        f"HTTP/1.1 {status}\r\n"
        f"content-type: {content_type}\r\n"
        f"content-length: {len(body)}\r\n"
        "x-request-id: req_bench\r\n"
        "\r\n"
    )
    return head.encode() + body


def replies() -> dict[tuple[str, str, bool], bytes]:
    """Whole HTTP responses keyed by (endpoint, requested model name, stream)."""
    text = text_pieces(TEXT_DELTAS)
    args = argument_pieces(ARG_CHUNKS)
    hello = [HELLO_TEXT]
    sse = "text/event-stream"
    js = "application/json"
    return {
        ("responses", "hello", False): http_reply(
            _dumps(response_object([message_item(HELLO_TEXT)])).encode(), js
        ),
        ("responses", "hello", True): http_reply(responses_sse(responses_text_events(hello)), sse),
        ("responses", "text20k", True): http_reply(responses_sse(responses_text_events(text)), sse),
        ("responses", "args2k", True): http_reply(responses_sse(responses_call_events(args)), sse),
        ("chat", "hello", False): http_reply(_dumps(chat_completion(HELLO_TEXT)).encode(), js),
        ("chat", "hello", True): http_reply(chat_sse(chat_text_chunks(hello)), sse),
        ("chat", "text20k", True): http_reply(chat_sse(chat_text_chunks(text)), sse),
        ("chat", "args2k", True): http_reply(chat_sse(chat_call_chunks(args)), sse),
    }
