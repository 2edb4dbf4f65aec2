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
