"""Our chat stream handler emits the same events as openai-agents 0.24's, event for event
(types, order, item ids, output/content indexes, sequence numbers, final output and usage)."""

from __future__ import annotations

import json
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from chat_stream_cases import CASES, MODEL

UPSTREAM: dict[str, Any] = json.loads(
    (Path(__file__).parent / "data" / "upstream_chat_stream_events.json").read_text()
)


def _comparable(event: Any) -> dict[str, Any]:
    dumped: dict[str, Any] = event.model_dump(mode="json", exclude_none=True)
    response = dumped.get("response")
    if isinstance(response, dict):
        dumped["response"] = {k: response.get(k) for k in ("output", "usage")}
    return dumped


async def _chunks(chunks: list[dict[str, Any]]) -> AsyncIterator[dict[str, Any]]:
    for chunk in chunks:
        yield json.loads(json.dumps(chunk))


def test_every_case_was_recorded() -> None:
    assert sorted(UPSTREAM) == sorted(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
async def test_events_match_upstream(name: str) -> None:
    from agentkit.models.chatcmpl_stream_handler import ChatCmplStreamHandler
    from agentkit.models.fake_id import FAKE_RESPONSES_ID
    from agentkit.types.responses import Response

    response = Response(
        id=FAKE_RESPONSES_ID,
        created_at=0,
        model=MODEL,
        output=[],
        tool_choice="auto",
        tools=[],
        parallel_tool_calls=False,
    )
    events = []
    error = None
    try:
        async for event in ChatCmplStreamHandler.handle_stream(
            response, _chunks(CASES[name]), model=MODEL, raise_on_length_truncation=True
        ):
            events.append(_comparable(event))
    except Exception as e:
        error = type(e).__name__
    expected = UPSTREAM[name]
    assert error == expected["error"]
    assert [e["type"] for e in events] == [e["type"] for e in expected["events"]]
    assert events == expected["events"]


def _call(index: int, arguments: str, **fields: Any) -> dict[str, Any]:
    return {"index": index, "function": {"arguments": arguments}, **fields}


_HEAD = {"index": 0, "id": "call_a", "type": "function", "function": {"name": "f", "arguments": ""}}
# Tool-call-only deltas in every state the translator's shortcut for them must match.
_TOOL_CALL_STREAMS: dict[str, list[dict[str, Any]]] = {
    "pieces": [{"tool_calls": [_HEAD]}, {"tool_calls": [_call(0, '{"a"')]}, {"tool_calls": []}],
    "parallel": [
        {"tool_calls": [_HEAD, {**_HEAD, "index": 1, "id": "call_b"}]},
        {"tool_calls": [_call(1, "{}"), _call(0, "{")]},
        {"tool_calls": [_call(0, "}"), "not a call"]},
    ],
    "thought_signature": [
        {"tool_calls": [_HEAD]},
        {"tool_calls": [_call(0, "{}", extra_content={"google": {"thought_signature": "sig"}})]},
        {"tool_calls": [_call(0, "", provider_specific_fields={"thought_signature": "s2"})]},
    ],
    "after_reasoning_summary": [
        {"reasoning_content": "Thinking"},
        {"tool_calls": [_HEAD]},
        {"tool_calls": [_call(0, "{}")]},
    ],
    "after_text": [{"content": "Hi"}, {"tool_calls": [_HEAD]}, {"tool_calls": [_call(0, "{}")]}],
}


@pytest.mark.parametrize("name", sorted(_TOOL_CALL_STREAMS))
@pytest.mark.parametrize("model", [MODEL, "gemini-2.5-pro"])
def test_tool_call_chunks_translate_as_the_general_path_does(name: str, model: str) -> None:
    """A delta of only `tool_calls` takes a shortcut; with a second (empty) field it takes the
    general path: the events are the same."""
    from agentkit.models._chat_translator import ChatChunkTranslator
    from agentkit.models.fake_id import FAKE_RESPONSES_ID
    from agentkit.types.responses import Response

    def translate(extra: dict[str, Any]) -> list[dict[str, Any]]:
        response = Response(
            id=FAKE_RESPONSES_ID,
            created_at=0,
            model=model,
            output=[],
            tool_choice="auto",
            tools=[],
            parallel_tool_calls=True,
        )
        translator = ChatChunkTranslator(response, model=model)
        events = []
        for delta in _TOOL_CALL_STREAMS[name]:
            chunk = {"id": "c", "choices": [{"index": 0, "delta": {**delta, **extra}}]}
            events += translator.chunk(chunk)
        chunk = {"id": "c", "choices": [{"index": 0, "delta": {}, "finish_reason": "tool_calls"}]}
        events += translator.chunk(chunk)
        events += translator.finish()
        return [e.model_dump(mode="json") for e in events]

    fast = translate({})
    assert fast == translate({"refusal": None})
    assert any(e["type"] == "response.function_call_arguments.delta" for e in fast)
    assert [e["sequence_number"] for e in fast] == list(range(len(fast)))


def test_streamed_thought_signatures_are_kept() -> None:
    from agentkit.models._chat_translator import ChatChunkTranslator
    from agentkit.models.fake_id import FAKE_RESPONSES_ID
    from agentkit.types.responses import Response

    response = Response(id=FAKE_RESPONSES_ID, created_at=0, model="m", output=[], tools=[])
    translator = ChatChunkTranslator(response, model="gemini-2.5-pro")
    for delta in _TOOL_CALL_STREAMS["thought_signature"]:
        translator.chunk({"choices": [{"index": 0, "delta": delta}]})
    translator.chunk({"choices": [{"index": 0, "delta": {}, "finish_reason": "tool_calls"}]})
    (call,) = translator.finish()[-1].response.output
    assert call.provider_data["thought_signature"] == "s2"
