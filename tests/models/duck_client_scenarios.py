"""A dummy `AsyncOpenAI`-shaped client (no HTTP at all) driven through each package's models.

Runs under both interpreters (agentkit's for the tests, /opt/ref/bin/python with `agents` to record
tests/models/data/upstream_duck_client_calls.json):

    python duck_client_scenarios.py <agents|agentkit>

prints, per scenario, the keyword arguments each `create` call received (the package's "omitted"
sentinels dropped, models dumped to JSON, the package's own User-Agent header dropped) and the
run's final output.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import sys
from typing import Any

RESPONSE = {
    "id": "resp_1",
    "object": "response",
    "created_at": 1.0,
    "model": "gpt-4o",
    "status": "completed",
    "output": [
        {
            "id": "msg_1",
            "type": "message",
            "role": "assistant",
            "status": "completed",
            "content": [{"type": "output_text", "text": "Hi from the dummy.", "annotations": []}],
        }
    ],
    "parallel_tool_calls": True,
    "tool_choice": "auto",
    "tools": [],
    "usage": {
        "input_tokens": 3,
        "output_tokens": 4,
        "total_tokens": 7,
        "input_tokens_details": {"cached_tokens": 0, "cache_write_tokens": 0},
        "output_tokens_details": {"reasoning_tokens": 0},
    },
}
COMPLETION = {
    "id": "chatcmpl_1",
    "object": "chat.completion",
    "created": 1,
    "model": "gpt-4o",
    "choices": [
        {
            "index": 0,
            "finish_reason": "stop",
            "message": {"role": "assistant", "content": "Hi from the dummy."},
        }
    ],
    "usage": {"prompt_tokens": 3, "completion_tokens": 4, "total_tokens": 7},
}


def _events() -> list[dict[str, Any]]:
    item = RESPONSE["output"][0]  # type: ignore[index]
    created = {**RESPONSE, "status": "in_progress", "output": [], "usage": None}
    return [
        {"type": "response.created", "response": created, "sequence_number": 0},
        {
            "type": "response.output_item.done",
            "item": item,
            "output_index": 0,
            "sequence_number": 1,
        },
        {"type": "response.completed", "response": RESPONSE, "sequence_number": 2},
    ]


def _chunks() -> list[dict[str, Any]]:
    base = {"id": "chatcmpl_1", "object": "chat.completion.chunk", "created": 1, "model": "gpt-4o"}
    return [
        {**base, "choices": [{"index": 0, "delta": {"role": "assistant", "content": "Hi from "}}]},
        {**base, "choices": [{"index": 0, "delta": {"content": "the dummy."}}]},
        {**base, "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]},
    ]


def _plain(value: Any) -> Any:
    """JSON of a received argument: omitted sentinels are None, models are dumped."""
    if type(value).__name__ in {"Omit", "NotGiven"}:
        return None
    dump = getattr(value, "model_dump", None)
    if callable(dump):
        return dump(mode="json", exclude_none=True)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if _plain(v) is not None}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


class _Create:
    def __init__(self, calls: list[dict[str, Any]], answer: Any, events: list[Any]) -> None:
        self.calls, self.answer, self.events = calls, answer, events

    async def create(self, **kwargs: Any) -> Any:
        received = {k: _plain(v) for k, v in kwargs.items()}
        headers = {
            k: v
            for k, v in (received.get("extra_headers") or {}).items()
            if k.lower() != "user-agent"
        }
        received["extra_headers"] = headers or None
        self.calls.append({k: v for k, v in received.items() if v is not None})
        if kwargs.get("stream") is True:

            async def stream() -> Any:
                for event in self.events:
                    yield self.parse_event(event)

            return stream()
        return self.answer

    parse_event: Any = staticmethod(lambda event: event)


class DummyClient:
    """Exposes only `responses.create` and `chat.completions.create`, and a base URL."""

    def __init__(self, package: str, calls: list[dict[str, Any]]) -> None:
        self.base_url = "http://dummy.invalid/v1/"
        self.api_key = "sk-dummy"
        if package == "agents":
            from openai.types.chat import ChatCompletion, ChatCompletionChunk
            from openai.types.responses import Response
            from pydantic import TypeAdapter

            adapter = TypeAdapter(
                importlib.import_module("openai.types.responses").ResponseStreamEvent
            )
            response, completion = (
                Response.model_validate(RESPONSE),
                ChatCompletion.model_validate(COMPLETION),
            )
            parse_event, parse_chunk = adapter.validate_python, ChatCompletionChunk.model_validate
        else:
            from agentkit.types.chat import ChatCompletion, ChatCompletionChunk
            from agentkit.types.responses import Response, parse_stream_event

            response, completion = (
                Response.model_validate(RESPONSE),
                ChatCompletion.model_validate(COMPLETION),
            )
            parse_event, parse_chunk = parse_stream_event, ChatCompletionChunk.model_validate
        self.responses = _Create(calls, response, _events())
        self.responses.parse_event = parse_event
        completions = _Create(calls, completion, _chunks())
        completions.parse_event = parse_chunk
        self.chat = type("Chat", (), {"completions": completions})()


SCENARIOS = [
    ("responses", False),
    ("responses", True),
    ("chat", False),
    ("chat", True),
]


async def run(package: str, api: str, stream: bool) -> dict[str, Any]:
    top = importlib.import_module(package)
    calls: list[dict[str, Any]] = []
    client = DummyClient(package, calls)
    if api == "responses":
        model = top.OpenAIResponsesModel(model="gpt-4o", openai_client=client)
    else:
        model = top.OpenAIChatCompletionsModel(model="gpt-4o", openai_client=client)
    agent = top.Agent(name="a", instructions="Be brief.", model=model)
    config = top.RunConfig(tracing_disabled=True)
    if stream:
        result = top.Runner.run_streamed(agent, "Hi", run_config=config)
        async for _ in result.stream_events():
            pass
    else:
        result = await top.Runner.run(agent, "Hi", run_config=config)
    return {"calls": calls, "final_output": result.final_output}


async def main(package: str) -> dict[str, Any]:
    return {
        f"{api}{'_streamed' if stream else ''}": await run(package, api, stream)
        for api, stream in SCENARIOS
    }


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main(sys.argv[1])), indent=1, sort_keys=True))
