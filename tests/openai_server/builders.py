"""Canned Responses and Chat Completions answers, shaped like the live API (and spec-valid)."""

from __future__ import annotations

import copy
import itertools
import json
import re
import secrets
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .replies import CallbackReply, JSONReply, Reply, SSEReply

_CREATED_AT = 1767225700
_counter = itertools.count(1)


def _id(prefix: str) -> str:
    return f"{prefix}_{secrets.token_hex(24)}"


_REPLY_OPTIONS = ("status", "headers", "first_byte_delay", "times")
_SSE_OPTIONS = (
    *_REPLY_OPTIONS,
    "event_lines",
    "done",
    "cut_in_event",
    "reset",
    "hang_after",
    "chunk_size",
    "event_delay",
)


def _split_options(fields: dict[str, Any], names: Sequence[str]) -> dict[str, Any]:
    """Move the reply options (status, delay, faults...) out of the body fields."""
    return {name: fields.pop(name) for name in names if name in fields}


def _obfuscation() -> str:
    return secrets.token_urlsafe(9)[: 6 + next(_counter) % 9]


def split_text(text: str, deltas: int | Sequence[str] | None = None) -> list[str]:
    """Split ``text`` into stream deltas: words with their leading space by default, ``n`` even
    pieces for an int, or the given pieces (which must join to ``text``)."""
    if deltas is None:
        pieces = re.findall(r"\s*\S+|\s+$", text)
        return pieces or [text]
    if isinstance(deltas, int):
        if deltas < 1:
            raise ValueError("deltas must be >= 1")
        size = max(1, -(-len(text) // deltas))
        pieces = [text[i : i + size] for i in range(0, len(text), size)]
        return pieces or [""]
    pieces = list(deltas)
    if "".join(pieces) != text:
        raise ValueError("the deltas do not join to the text")
    return pieces


# --------------------------------------------------------------------------- Responses


def usage(
    input_tokens: int = 10, output_tokens: int = 5, reasoning_tokens: int = 0
) -> dict[str, Any]:
    """A ``ResponseUsage``."""
    return {
        "input_tokens": input_tokens,
        "input_tokens_details": {"cached_tokens": 0, "cache_write_tokens": 0},
        "output_tokens": output_tokens,
        "output_tokens_details": {"reasoning_tokens": reasoning_tokens},
        "total_tokens": input_tokens + output_tokens,
    }


def message_item(text: str, *, id: str | None = None, status: str = "completed") -> dict[str, Any]:
    """An assistant ``OutputMessage`` with one ``output_text`` part."""
    return {
        "id": id or _id("msg"),
        "type": "message",
        "status": status,
        "content": [{"type": "output_text", "annotations": [], "logprobs": [], "text": text}],
        "role": "assistant",
    }


def function_call_item(
    name: str,
    arguments: str | Mapping[str, Any] = "{}",
    *,
    call_id: str | None = None,
    id: str | None = None,
    status: str = "completed",
) -> dict[str, Any]:
    """A ``FunctionToolCall`` output item (``arguments`` may be a dict, sent as JSON text)."""
    if not isinstance(arguments, str):
        arguments = json.dumps(arguments, separators=(",", ":"))
    return {
        "id": id or _id("fc"),
        "type": "function_call",
        "status": status,
        "arguments": arguments,
        "call_id": call_id or f"call_{secrets.token_urlsafe(18)[:24]}",
        "name": name,
    }


def reasoning_item(
    summary: Sequence[str] = (),
    *,
    encrypted_content: str | None = None,
    id: str | None = None,
) -> dict[str, Any]:
    """A ``ReasoningItem`` with summary texts."""
    item: dict[str, Any] = {"id": id or _id("rs"), "type": "reasoning"}
    if encrypted_content is not None:
        item["encrypted_content"] = encrypted_content
    item["summary"] = [{"type": "summary_text", "text": s} for s in summary]
    return item


def response_object(
    output: Sequence[Mapping[str, Any]] = (),
    *,
    id: str | None = None,
    model: str = "gpt-4.1-2025-04-14",
    status: str = "completed",
    usage: Mapping[str, Any] | None = None,
    instructions: str | None = None,
    previous_response_id: str | None = None,
    incomplete_reason: str | None = None,
    error: Mapping[str, Any] | None = None,
    tools: Sequence[Mapping[str, Any]] = (),
    **fields: Any,
) -> dict[str, Any]:
    """A complete ``Response`` object. ``usage`` defaults to a small one when completed; extra
    keyword arguments override or add top-level fields."""
    done = status in ("completed", "incomplete", "failed")
    response: dict[str, Any] = {
        "id": id or _id("resp"),
        "object": "response",
        "created_at": _CREATED_AT,
        "status": status,
        "background": False,
        "completed_at": _CREATED_AT + 1 if status == "completed" else None,
        "error": dict(error) if error else None,
        "incomplete_details": {"reason": incomplete_reason} if incomplete_reason else None,
        "instructions": instructions,
        "max_output_tokens": None,
        "max_tool_calls": None,
        "model": model,
        "output": [copy.deepcopy(dict(i)) for i in output],
        "parallel_tool_calls": True,
        "previous_response_id": previous_response_id,
        "prompt_cache_key": None,
        "prompt_cache_retention": None,
        "reasoning": {"effort": None, "summary": None},
        "safety_identifier": None,
        "service_tier": "default",
        "store": True,
        "temperature": 1.0,
        "text": {"format": {"type": "text"}, "verbosity": "medium"},
        "tool_choice": "auto",
        "tools": [dict(t) for t in tools],
        "top_logprobs": 0,
        "top_p": 1.0,
        "truncation": "disabled",
        "metadata": {},
    }
    if done:
        response["usage"] = dict(usage) if usage is not None else _usage_for(output)
    response.update(fields)
    return response


def _usage_for(output: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    return usage(10, max(1, len(list(output))) * 5)


def response_reply(output: Sequence[Mapping[str, Any]], **fields: Any) -> JSONReply:
    """A non-streamed ``Response`` with the given output items.

    Reply options (``status``, ``headers``, ``first_byte_delay``, ``times``) are accepted here and
    by every other reply helper; the other keyword arguments go to :func:`response_object`.
    """
    options = _split_options(fields, _REPLY_OPTIONS)
    return JSONReply(body=response_object(output, **fields), **options)


def compaction_reply(
    output: Sequence[Mapping[str, Any]] | None = None,
    *,
    id: str = "cmp_resp_1",
    usage: Mapping[str, Any] | None = None,
    created_at: int = 1_700_000_000,
    **options: Any,
) -> JSONReply:
    """A ``POST /responses/compact`` answer (``CompactResource``); by default one compaction
    item. Queue it with ``path="/responses/compact"``."""
    items = (
        list(output)
        if output is not None
        else [{"type": "compaction", "id": "cmp_1", "encrypted_content": "gAAAAcompacted"}]
    )
    body = {
        "id": id,
        "object": "response.compaction",
        "output": items,
        "created_at": created_at,
        "usage": dict(usage) if usage is not None else _usage_for(items),
    }
    return JSONReply(body=body, **options)


def response_text(text: str, **fields: Any) -> JSONReply:
    """A non-streamed ``Response`` whose output is one assistant message."""
    return response_reply([message_item(text)], **fields)


def response_function_call(
    name: str,
    arguments: str | Mapping[str, Any] = "{}",
    *,
    call_id: str | None = None,
    **fields: Any,
) -> JSONReply:
    """A non-streamed ``Response`` whose output is one function call."""
    return response_reply([function_call_item(name, arguments, call_id=call_id)], **fields)


def response_stream_events(
    output: Sequence[Mapping[str, Any]],
    *,
    deltas: int | Sequence[str] | None = None,
    obfuscation: bool = True,
    terminal: str = "completed",
    **fields: Any,
) -> list[dict[str, Any]]:
    """The events of a streamed ``Response`` producing ``output``, in the live API's order.

    ``deltas`` splits each text/arguments/summary into pieces (see :func:`split_text`);
    ``terminal`` is ``completed``, ``incomplete``, ``failed`` or ``none`` (stream just ends).
    """
    response_id = fields.pop("id", None) or _id("resp")
    events: list[dict[str, Any]] = []

    def emit(event_type: str, **data: Any) -> None:
        events.append({"type": event_type, "sequence_number": len(events), **data})

    def delta_fields() -> dict[str, Any]:
        return {"obfuscation": _obfuscation()} if obfuscation else {}

    start = response_object([], id=response_id, status="in_progress", **fields)
    emit("response.created", response=start)
    emit("response.in_progress", response=copy.deepcopy(start))
    for index, raw_item in enumerate(output):
        item = copy.deepcopy(dict(raw_item))
        item_id = item.get("id")
        kind = item.get("type")
        if kind == "message":
            emit(
                "response.output_item.added",
                output_index=index,
                item={**item, "status": "in_progress", "content": []},
            )
            for part_index, part in enumerate(item.get("content", [])):
                loc = {"item_id": item_id, "output_index": index, "content_index": part_index}
                if part.get("type") == "output_text":
                    empty = {**part, "text": ""}
                    emit("response.content_part.added", **loc, part=empty)
                    for piece in split_text(part["text"], deltas):
                        emit(
                            "response.output_text.delta",
                            **loc,
                            delta=piece,
                            logprobs=[],
                            **delta_fields(),
                        )
                    emit("response.output_text.done", **loc, text=part["text"], logprobs=[])
                else:  # refusal
                    emit("response.content_part.added", **loc, part={**part, "refusal": ""})
                    for piece in split_text(part["refusal"], deltas):
                        emit("response.refusal.delta", **loc, delta=piece)
                    emit("response.refusal.done", **loc, refusal=part["refusal"])
                emit("response.content_part.done", **loc, part=part)
        elif kind == "function_call":
            emit(
                "response.output_item.added",
                output_index=index,
                item={**item, "status": "in_progress", "arguments": ""},
            )
            for piece in split_text(item["arguments"], deltas if deltas is not None else 4):
                emit(
                    "response.function_call_arguments.delta",
                    item_id=item_id,
                    output_index=index,
                    delta=piece,
                    **delta_fields(),
                )
            emit(
                "response.function_call_arguments.done",
                item_id=item_id,
                name=item["name"],
                output_index=index,
                arguments=item["arguments"],
            )
        elif kind == "reasoning":
            added = {k: v for k, v in item.items() if k != "encrypted_content"}
            emit("response.output_item.added", output_index=index, item={**added, "summary": []})
            for summary_index, summary in enumerate(item.get("summary", [])):
                loc = {"item_id": item_id, "output_index": index, "summary_index": summary_index}
                emit(
                    "response.reasoning_summary_part.added",
                    **loc,
                    part={"type": "summary_text", "text": ""},
                )
                for piece in split_text(summary["text"], deltas):
                    emit(
                        "response.reasoning_summary_text.delta",
                        **loc,
                        delta=piece,
                        **delta_fields(),
                    )
                emit("response.reasoning_summary_text.done", **loc, text=summary["text"])
                emit("response.reasoning_summary_part.done", **loc, part=summary)
        else:
            emit("response.output_item.added", output_index=index, item=item)
        emit("response.output_item.done", output_index=index, item=item)
    if terminal != "none":
        final = response_object(output, id=response_id, status=terminal, **fields)
        emit(f"response.{terminal}", response=final)
    return events


def response_error_event(
    message: str = "The server had an error while processing your request.",
    *,
    code: str | None = "server_error",
    param: str | None = None,
    sequence_number: int = 0,
) -> dict[str, Any]:
    """A mid-stream Responses ``error`` event (``ResponseErrorEvent``)."""
    return {
        "type": "error",
        "code": code,
        "message": message,
        "param": param,
        "sequence_number": sequence_number,
    }


def stream_response(output: Sequence[Mapping[str, Any]], **options: Any) -> SSEReply:
    """A streamed ``Response`` (see :func:`response_stream_events`; :class:`SSEReply` options such
    as ``cut_in_event`` or ``first_byte_delay`` are accepted too)."""
    reply_options = _split_options(options, _SSE_OPTIONS)
    return SSEReply(events=response_stream_events(output, **options), **reply_options)


def stream_response_text(
    text: str, *, deltas: int | Sequence[str] | None = None, **options: Any
) -> SSEReply:
    """A streamed text answer: created, in_progress, item/part added, N deltas, the done events
    and ``response.completed`` with usage."""
    return stream_response([message_item(text)], deltas=deltas, **options)


def stream_response_function_call(
    name: str,
    arguments: str | Mapping[str, Any] = "{}",
    *,
    call_id: str | None = None,
    deltas: int | Sequence[str] | None = None,
    **options: Any,
) -> SSEReply:
    """A streamed single function call."""
    item = function_call_item(name, arguments, call_id=call_id)
    return stream_response([item], deltas=deltas, **options)


def response_auto(
    output: str | Sequence[Mapping[str, Any]], *, times: int | None = 1, **fields: Any
) -> CallbackReply:
    """A Responses answer that streams when the request has ``stream: true`` and is plain JSON
    otherwise, echoing the request's ``model``. ``output`` is a text or a list of items."""
    items = [message_item(output)] if isinstance(output, str) else list(output)

    def render(request: Any) -> Reply:
        body = request.json if isinstance(request.json, dict) else {}
        options = dict(fields)
        options.setdefault("model", body.get("model") or "gpt-4.1")
        if body.get("stream"):
            return stream_response(items, **options)
        return response_reply(items, **options)

    return CallbackReply(handler=render, times=times)


# --------------------------------------------------------------------------- Chat Completions


def chat_usage(prompt_tokens: int = 10, completion_tokens: int = 5) -> dict[str, Any]:
    """A ``CompletionUsage`` with the detail objects the live API sends."""
    return {
        "prompt_tokens": prompt_tokens,
        "completion_tokens": completion_tokens,
        "total_tokens": prompt_tokens + completion_tokens,
        "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
        "completion_tokens_details": {
            "reasoning_tokens": 0,
            "audio_tokens": 0,
            "accepted_prediction_tokens": 0,
            "rejected_prediction_tokens": 0,
        },
    }


def chat_tool_call(
    name: str, arguments: str | Mapping[str, Any] = "{}", *, id: str | None = None
) -> dict[str, Any]:
    """A ``ChatCompletionMessageToolCall``."""
    if not isinstance(arguments, str):
        arguments = json.dumps(arguments, separators=(",", ":"))
    return {
        "id": id or f"call_{secrets.token_urlsafe(18)[:24]}",
        "type": "function",
        "function": {"name": name, "arguments": arguments},
    }


def chat_completion(
    content: str | None = None,
    *,
    tool_calls: Sequence[Mapping[str, Any]] = (),
    refusal: str | None = None,
    finish_reason: str | None = None,
    model: str = "gpt-4.1-2025-04-14",
    usage: Mapping[str, Any] | None = None,
    id: str | None = None,
    **fields: Any,
) -> dict[str, Any]:
    """A ``CreateChatCompletionResponse`` with one choice."""
    message: dict[str, Any] = {
        "role": "assistant",
        "content": content,
        "refusal": refusal,
        "annotations": [],
    }
    if tool_calls:
        message["tool_calls"] = [dict(t) for t in tool_calls]
    body: dict[str, Any] = {
        "id": id or f"chatcmpl-{secrets.token_urlsafe(21)[:29]}",
        "object": "chat.completion",
        "created": _CREATED_AT,
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": message,
                "logprobs": None,
                "finish_reason": finish_reason or ("tool_calls" if tool_calls else "stop"),
            }
        ],
        "usage": dict(usage) if usage is not None else chat_usage(),
        "service_tier": "default",
        "system_fingerprint": "fp_test",
    }
    body.update(fields)
    return body


def chat_text(text: str, **fields: Any) -> JSONReply:
    """A non-streamed chat completion answering ``text``."""
    options = _split_options(fields, _REPLY_OPTIONS)
    return JSONReply(body=chat_completion(text, **fields), **options)


def chat_tool_calls(*calls: Mapping[str, Any], **fields: Any) -> JSONReply:
    """A non-streamed chat completion with the given tool calls (see :func:`chat_tool_call`)."""
    options = _split_options(fields, _REPLY_OPTIONS)
    return JSONReply(body=chat_completion(None, tool_calls=calls, **fields), **options)


def chat_stream_chunks(
    content: str | None = None,
    *,
    tool_calls: Sequence[Mapping[str, Any]] = (),
    deltas: int | Sequence[str] | None = None,
    include_usage: bool = True,
    finish_reason: str | None = None,
    model: str = "gpt-4.1-2025-04-14",
    usage: Mapping[str, Any] | None = None,
    obfuscation: bool = False,
    id: str | None = None,
) -> list[dict[str, Any]]:
    """The chunks of a streamed chat completion, as the live API sends them (no ``[DONE]``;
    :class:`SSEReply` adds it on the chat endpoint)."""
    chunk_id = id or f"chatcmpl-{secrets.token_urlsafe(21)[:29]}"
    chunks: list[dict[str, Any]] = []

    def emit(delta: dict[str, Any], finish: str | None = None) -> None:
        chunk: dict[str, Any] = {
            "id": chunk_id,
            "object": "chat.completion.chunk",
            "created": _CREATED_AT,
            "model": model,
            "service_tier": "default",
            "system_fingerprint": "fp_test",
            "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}],
        }
        if include_usage:
            chunk["usage"] = None
        if obfuscation:
            chunk["obfuscation"] = _obfuscation()
        chunks.append(chunk)

    if tool_calls:
        first = True
        for index, call in enumerate(tool_calls):
            head = {
                "index": index,
                "id": call["id"],
                "type": "function",
                "function": {"name": call["function"]["name"], "arguments": ""},
            }
            if first:
                emit({"role": "assistant", "content": None, "tool_calls": [head], "refusal": None})
                first = False
            else:
                emit({"tool_calls": [head]})
            for piece in split_text(
                call["function"]["arguments"], deltas if deltas is not None else 4
            ):
                emit({"tool_calls": [{"index": index, "function": {"arguments": piece}}]})
    else:
        emit({"role": "assistant", "content": "", "refusal": None})
        for piece in split_text(content or "", deltas):
            emit({"content": piece})
    emit({}, finish_reason or ("tool_calls" if tool_calls else "stop"))
    if include_usage:
        final: dict[str, Any] = {
            "id": chunk_id,
            "object": "chat.completion.chunk",
            "created": _CREATED_AT,
            "model": model,
            "service_tier": "default",
            "system_fingerprint": "fp_test",
            "choices": [],
            "usage": dict(usage) if usage is not None else chat_usage(),
        }
        if obfuscation:
            final["obfuscation"] = _obfuscation()
        chunks.append(final)
    return chunks


def chat_error_chunk(
    message: str = "The server had an error while processing your request.",
    *,
    type: str = "server_error",
    code: str | None = None,
) -> dict[str, Any]:
    """A mid-stream Chat failure: a data line whose JSON is an error object, not a chunk."""
    return {"error": {"message": message, "type": type, "param": None, "code": code}}


def stream_chat_text(
    text: str, *, deltas: int | Sequence[str] | None = None, **options: Any
) -> SSEReply:
    """A streamed chat text answer ending with ``data: [DONE]``."""
    reply_options = _split_options(options, _SSE_OPTIONS)
    return SSEReply(events=chat_stream_chunks(text, deltas=deltas, **options), **reply_options)


def stream_chat_tool_calls(*calls: Mapping[str, Any], **options: Any) -> SSEReply:
    """A streamed chat answer with the given tool calls (see :func:`chat_tool_call`)."""
    reply_options = _split_options(options, _SSE_OPTIONS)
    return SSEReply(events=chat_stream_chunks(None, tool_calls=calls, **options), **reply_options)


def chat_auto(
    content: str | None = None,
    *,
    tool_calls: Sequence[Mapping[str, Any]] = (),
    times: int | None = 1,
    **fields: Any,
) -> CallbackReply:
    """A chat answer that streams when the request has ``stream: true`` (with the usage chunk
    only when ``stream_options.include_usage`` is set), echoing the request's ``model``."""

    def render(request: Any) -> Reply:
        body = request.json if isinstance(request.json, dict) else {}
        options = dict(fields)
        options.setdefault("model", body.get("model") or "gpt-4.1")
        if body.get("stream"):
            include_usage = bool((body.get("stream_options") or {}).get("include_usage"))
            reply_options = _split_options(options, _SSE_OPTIONS)
            chunks = chat_stream_chunks(
                content, tool_calls=tool_calls, include_usage=include_usage, **options
            )
            return SSEReply(events=chunks, **reply_options)
        reply_options = _split_options(options, _REPLY_OPTIONS)
        body_out = chat_completion(content, tool_calls=tool_calls, **options)
        return JSONReply(body=body_out, **reply_options)

    return CallbackReply(handler=render, times=times)
