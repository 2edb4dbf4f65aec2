"""Record the events openai-agents 0.24's ChatCmplStreamHandler emits for chat_stream_cases.CASES.

Run with the reference interpreter (it has `agents` and `openai`):

    /opt/ref/bin/python tests/models/data/record_upstream_events.py

It rewrites tests/models/data/upstream_chat_stream_events.json.
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from agents.models.chatcmpl_stream_handler import ChatCmplStreamHandler  # noqa: E402
from agents.models.fake_id import FAKE_RESPONSES_ID  # noqa: E402
from chat_stream_cases import CASES, MODEL  # noqa: E402
from openai.types.chat import ChatCompletionChunk  # noqa: E402
from openai.types.responses import Response  # noqa: E402


def comparable(event_dump: dict) -> dict:
    """The event as compared by the tests: the response reduced to its output and usage."""
    response = event_dump.get("response")
    if isinstance(response, dict):
        event_dump["response"] = {k: response.get(k) for k in ("output", "usage")}
    return event_dump


async def record(chunks: list[dict]) -> dict:
    async def stream():
        for chunk in chunks:
            yield ChatCompletionChunk.model_validate(chunk)

    response = Response(
        id=FAKE_RESPONSES_ID,
        created_at=0,
        model=MODEL,
        object="response",
        output=[],
        tool_choice="auto",
        tools=[],
        parallel_tool_calls=False,
    )
    events = []
    try:
        async for event in ChatCmplStreamHandler.handle_stream(
            response, stream(), model=MODEL, raise_on_length_truncation=True
        ):
            events.append(comparable(event.model_dump(mode="json", exclude_none=True)))
    except Exception as e:
        return {"events": events, "error": type(e).__name__}
    return {"events": events, "error": None}


async def main() -> None:
    recorded = {name: await record(chunks) for name, chunks in CASES.items()}
    (HERE / "upstream_chat_stream_events.json").write_text(
        json.dumps(recorded, indent=1, sort_keys=True) + "\n"
    )
    print(f"recorded {len(recorded)} streams")


if __name__ == "__main__":
    asyncio.run(main())
