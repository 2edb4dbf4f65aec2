"""Minimal inputs of crashes the fuzz targets found, kept as plain regression tests."""

from __future__ import annotations

import asyncio
import contextlib
from contextlib import closing
from pathlib import Path

import pytest
from pydantic import ValidationError

from agentkit.client import APIStreamError
from agentkit.exceptions import ModelBehaviorError
from agentkit.types.responses import Response, parse_stream_event

from .test_fuzz_sse import _read_stream
from .test_fuzz_tool_arguments import TOOLS, _invoke

DEEP = "[" * 100_000


def test_nested_union_with_unhashable_type_tag_is_a_validation_error() -> None:
    # Found by test_fuzz_types_parse_stream_event: `"type": []` inside an item raised TypeError.
    with pytest.raises(ValidationError):
        parse_stream_event(
            {
                "type": "response.output_item.added",
                "output_index": 0,
                "sequence_number": 0,
                "item": {"type": []},
            }
        )
    with pytest.raises(ValidationError):
        Response.model_validate({"output": [{"type": {}}]})


@pytest.mark.parametrize("terminated", [True, False])
def test_sse_event_with_deeply_nested_json_is_a_stream_error(terminated: bool) -> None:
    # Found by test_fuzz_sse_stream_garbage_raises_only_typed_errors: json.loads raised
    # RecursionError, which escaped the stream instead of APIStreamError.
    body = b"data: " + DEEP.encode() + (b"\n\n" if terminated else b"")
    events, error = asyncio.run(_read_stream([body]))
    assert events == []
    assert isinstance(error, APIStreamError), repr(error)


@pytest.mark.parametrize("arguments", [DEEP, '{"a":' * 100_000])
def test_tool_arguments_with_deeply_nested_json_are_a_model_behavior_error(arguments: str) -> None:
    # Found by test_fuzz_tool_arguments: json.loads raised RecursionError, which escaped
    # on_invoke_tool when failure_error_function=None instead of ModelBehaviorError.
    handled, raw = TOOLS[0]
    with pytest.raises(ModelBehaviorError):
        asyncio.run(_invoke(raw, arguments))
    assert isinstance(asyncio.run(_invoke(handled, arguments)), str)


def test_advanced_session_stores_an_item_whose_type_is_not_a_string() -> None:
    # Found by test_fuzz_session_stores_match_a_list: `{"type": []}` raised TypeError (unhashable)
    # while computing the item's tool name.
    from agentkit.extensions.memory import AdvancedSQLiteSession

    async def scenario() -> list[object]:
        session = AdvancedSQLiteSession(session_id="s", create_tables=True)
        try:
            await session.add_items([{"type": []}])
            return list(await session.get_items())
        finally:
            session.close()

    assert asyncio.run(scenario()) == [{"type": []}]


def _chat_body(**changes: object) -> bytes:
    import json

    from tests.openai_server import builders as b

    body = b.chat_completion("hi")
    for path, value in changes.items():
        target = body
        keys = path.split("__")
        for key in keys[:-1]:
            target = target[int(key)] if isinstance(target, list) else target[key]
        target[keys[-1]] = value
    return json.dumps(body).encode()


@pytest.mark.parametrize(
    "changes",
    [
        {"choices": True},
        {"choices": {"a": 1}},
        {"usage__prompt_tokens_details__cached_tokens": "x"},
        {"usage__completion_tokens_details__reasoning_tokens": [1]},
        {"choices__0__message__tool_calls": True},
    ],
    ids=[
        "choices-bool",
        "choices-object",
        "cached-tokens-str",
        "reasoning-tokens-list",
        "tool-calls-bool",
    ],
)
def test_chat_get_response_on_malformed_completion_is_typed(changes: dict[str, object]) -> None:
    # Found by test_fuzz_get_response_on_garbage_bodies: TypeError/KeyError/ValueError escaped.
    from .test_fuzz_model_bodies import _call
    from .test_fuzz_stream_assembly import TYPED

    error = asyncio.run(_call("chat", _chat_body(**changes)))
    assert error is None or isinstance(error, TYPED), repr(error)


@pytest.mark.parametrize(
    "chunk",
    [
        {"choices": True},
        {"choices": 1.5},
        {"choices": [{"index": 0, "delta": {"tool_calls": True}}]},
    ],
    ids=["choices-bool", "choices-float", "tool-calls-bool"],
)
def test_chat_stream_chunk_with_non_list_fields_is_typed(chunk: dict[str, object]) -> None:
    # Found by test_fuzz_chat_stream_corrupted: iterating a non-list raised TypeError.
    from .test_fuzz_stream_assembly import TYPED, _handle

    _, error = asyncio.run(_handle([{"id": "c", "object": "chat.completion.chunk", **chunk}]))
    assert error is None or isinstance(error, TYPED), repr(error)


def test_chat_message_with_non_list_tool_calls_is_typed() -> None:
    # Found by test_fuzz_message_to_output_items_on_garbage.
    from agentkit.exceptions import AgentsException
    from agentkit.models.chatcmpl_converter import Converter

    with contextlib.suppress(AgentsException, ValidationError):
        Converter.message_to_output_items({"role": "assistant", "tool_calls": True})


@pytest.mark.parametrize("api", ["responses", "chat"])
def test_get_response_on_deeply_nested_json_body_is_typed(api: str) -> None:
    # Found by test_fuzz_get_response_on_garbage_bodies: `response.json()` raised RecursionError,
    # which the models' `except ValueError` let through.
    from .test_fuzz_model_bodies import _call
    from .test_fuzz_stream_assembly import TYPED

    error = asyncio.run(_call(api, b'{"a":' * 100_000))
    assert isinstance(error, TYPED), repr(error)


def test_error_body_with_deeply_nested_json_is_a_status_error() -> None:
    # Found by test_fuzz_error_bodies: json.loads in make_status_error raised RecursionError.
    import httpx

    from agentkit._http._errors import InternalServerError, make_status_error

    text = '{"error": ' * 100_000
    request = httpx.Request("POST", "http://127.0.0.1:9/v1/responses")
    error = make_status_error(httpx.Response(500, text=text, request=request), text)
    assert isinstance(error, InternalServerError)
    assert len(str(error)) < 300


def test_session_skips_a_stored_row_of_deeply_nested_json(tmp_path: Path) -> None:
    # Found while auditing json.loads calls after the RecursionError findings: a row nested
    # deeper than the recursion limit made get_items raise instead of being skipped as corrupt.
    import sqlite3

    from agentkit.memory import SQLiteSession

    db = tmp_path / "s.db"

    async def scenario() -> tuple[list[object], object, list[object]]:
        session = SQLiteSession("s", db)
        await session.add_items([{"role": "user", "content": "ok"}])
        with closing(sqlite3.connect(db)) as conn, conn:
            conn.execute(
                "INSERT INTO agent_messages (session_id, message_data) VALUES (?, ?)",
                ("s", DEEP),
            )
        try:
            return await session.get_items(), await session.pop_item(), await session.get_items()
        finally:
            session.close()

    items, popped, after = asyncio.run(scenario())
    assert items == [{"role": "user", "content": "ok"}]
    assert popped == {"role": "user", "content": "ok"}
    assert after == []


def test_client_generic_call_on_deeply_nested_json_is_an_api_error() -> None:
    # Same RecursionError class as above, in AsyncOpenAI's JSON-or-text decoding.
    import httpx

    from agentkit.client import APIError, AsyncOpenAI

    body = ("[" * 100_000).encode()

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=body, headers={"content-type": "application/json"})

    async def scenario() -> None:
        async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as http:
            client = AsyncOpenAI(api_key="sk-x", base_url="http://t.invalid/v1", http_client=http)
            await client.get("/conversations/c1")

    with pytest.raises(APIError, match="not valid JSON"):
        asyncio.run(scenario())


def test_agent_as_tool_with_deeply_nested_arguments_is_a_model_behavior_error() -> None:
    # The RecursionError class again, in Agent.as_tool's argument parsing (model-provided JSON):
    # with failure_error_function=None it escaped instead of ModelBehaviorError.
    from agentkit import Agent
    from agentkit.testing import ScriptedModel
    from agentkit.tool_context import ToolContext

    inner = Agent(name="inner", model=ScriptedModel([]))
    tool = inner.as_tool(tool_name="inner", tool_description="d", failure_error_function=None)
    ctx = ToolContext(context=None, tool_name="inner", tool_call_id="c", tool_arguments=DEEP)
    with pytest.raises(ModelBehaviorError):
        asyncio.run(tool.on_invoke_tool(ctx, DEEP))


def test_mcp_tool_with_deeply_nested_arguments_is_a_model_behavior_error() -> None:
    # Same class in the MCP tool bridge: the server must never be called with such input.
    from agentkit._run.mcp_tools import _invoke

    class Server:
        called = False

        async def call_tool(self, name: str, arguments: object) -> object:
            Server.called = True
            return {}

    with pytest.raises(ModelBehaviorError):
        asyncio.run(_invoke(Server(), "t", DEEP))
    assert not Server.called
