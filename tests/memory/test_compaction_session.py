"""`OpenAIResponsesCompactionSession` against the loopback server's `POST /responses/compact`
(request bodies validated against the OpenAPI spec by the server), in-process and side by side
with upstream `agents` 0.24 (`compaction_program.py`, skipped without /opt/ref/bin/python)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from agentkit import Agent, RunConfig, Runner, SessionSettings, SQLiteSession
from agentkit.client import AsyncOpenAI, InternalServerError
from agentkit.memory import OpenAIConversationsSession, OpenAIResponsesCompactionSession
from agentkit.memory.openai_responses_compaction_session import (
    is_openai_model_name,
    select_compaction_candidate_items,
)
from agentkit.models.openai_provider import OpenAIProvider
from tests._reference import HAVE_REFERENCE, NO_REFERENCE_REASON, REF_PYTHON
from tests.openai_server import OpenAIServer, error_reply
from tests.openai_server import builders as b

PROGRAM = Path(__file__).with_name("compaction_program.py")
REPO = Path(__file__).resolve().parents[2]
COMPACT = "/responses/compact"
HISTORY = [
    {"role": "user", "content": "earlier"},
    b.message_item("a", id="msg_h"),
]


def _client(server: OpenAIServer) -> AsyncOpenAI:
    return AsyncOpenAI(base_url=server.base_url, api_key="sk-test", max_retries=0)


def test_constructor_checks() -> None:
    store = SQLiteSession("x")
    with pytest.raises(ValueError, match="cannot wrap OpenAIConversationsSession"):
        OpenAIResponsesCompactionSession(
            "x", OpenAIConversationsSession(openai_client=AsyncOpenAI(api_key="sk-test"))
        )
    with pytest.raises(ValueError, match="Unsupported model"):
        OpenAIResponsesCompactionSession("x", store, model="claude-3")
    with pytest.raises(ValueError, match="max_rollback_items"):
        OpenAIResponsesCompactionSession("x", store, max_rollback_items=0)
    assert [is_openai_model_name(m) for m in ("gpt-4.1", "o3", "ft:gpt-4.1:o:p:s", "omni")] == [
        True,
        True,
        True,
        False,
    ]
    items: list[Any] = [*HISTORY, {"type": "compaction", "encrypted_content": "x"}]
    assert select_compaction_candidate_items(items) == [HISTORY[1]]


async def test_manual_input_compaction_replaces_history(openai_server: OpenAIServer) -> None:
    compacted = [
        {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "earlier"}]},
        {"type": "compaction", "id": "cmp_1", "encrypted_content": "gAAAA"},
    ]
    openai_server.queue(b.compaction_reply(compacted), path=COMPACT)
    session = OpenAIResponsesCompactionSession(
        "s", SQLiteSession("s"), client=_client(openai_server)
    )
    await session.add_items(list(HISTORY))
    await session.run_compaction({"force": True, "compaction_mode": "input"})
    request = openai_server.last_request
    assert request.path == "/v1/responses/compact"
    assert request.json == {"model": "gpt-4.1", "input": HISTORY}
    assert request.validation_error is None
    assert await session.get_items() == compacted


async def test_hook_declines_without_a_request(openai_server: OpenAIServer) -> None:
    seen: list[dict[str, Any]] = []

    def hook(context: dict[str, Any]) -> bool:
        seen.append(context)
        return False

    session = OpenAIResponsesCompactionSession(
        "s", SQLiteSession("s"), client=_client(openai_server), should_trigger_compaction=hook
    )
    await session.add_items(list(HISTORY))
    await session.run_compaction({"response_id": "resp_1"})
    assert openai_server.requests == []
    assert seen[0]["compaction_mode"] == "previous_response_id"
    assert seen[0]["compaction_candidate_items"] == [HISTORY[1]]
    with pytest.raises(ValueError, match="requires a response_id"):
        await OpenAIResponsesCompactionSession("t", SQLiteSession("t")).run_compaction(
            {"compaction_mode": "previous_response_id"}
        )


async def test_failed_compaction_keeps_the_history(openai_server: OpenAIServer) -> None:
    openai_server.queue(error_reply(500), path=COMPACT)
    session = OpenAIResponsesCompactionSession(
        "s", SQLiteSession("s"), client=_client(openai_server)
    )
    await session.add_items(list(HISTORY))
    with pytest.raises(InternalServerError):
        await session.run_compaction({"force": True, "response_id": "resp_1"})
    assert await session.get_items() == HISTORY


async def test_runner_compacts_after_the_turn_and_counts_its_usage(
    openai_server: OpenAIServer,
) -> None:
    openai_server.queue(b.response_text("hello", id="resp_1"))
    openai_server.queue(b.compaction_reply(), path=COMPACT)
    session = OpenAIResponsesCompactionSession(
        "s",
        SQLiteSession("s"),
        client=_client(openai_server),
        should_trigger_compaction=lambda context: True,
    )
    provider = OpenAIProvider(openai_client=_client(openai_server), use_responses=True)
    agent = Agent(name="A", model="gpt-4.1")
    result = await Runner.run(
        agent,
        "hi",
        session=session,
        run_config=RunConfig(model_provider=provider, tracing_disabled=True),
    )
    assert result.final_output == "hello"
    compact = openai_server.requests_to(COMPACT)[0]
    assert compact.json == {"model": "gpt-4.1", "previous_response_id": "resp_1"}
    assert result.context_wrapper.usage.requests == 2  # the model call and the compaction
    assert await session.get_items() == [
        {"type": "compaction", "id": "cmp_1", "encrypted_content": "gAAAAcompacted"}
    ]


# --- side by side with upstream -----------------------------------------------------------------


def _run(lib: str, server: OpenAIServer, spec: dict[str, Any]) -> dict[str, Any]:
    python = REF_PYTHON if lib == "agents" else sys.executable
    done = subprocess.run(
        [python, str(PROGRAM), json.dumps({**spec, "lib": lib, "base_url": server.base_url})],
        capture_output=True,
        text=True,
        timeout=120,
        cwd="/tmp" if lib == "agents" else REPO,
        env={**os.environ, "OPENAI_API_KEY": "sk-test"},
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    result["sent"] = [(r.path, r.json) for r in server.requests]
    result["invalid"] = [r.validation_error for r in server.requests if r.validation_error]
    return result


def _text(text: str, response_id: str) -> Any:
    return b.response_reply([b.message_item(text, id=f"msg_{response_id}")], id=response_id)


def _tool_turns(server: OpenAIServer) -> None:
    call = b.function_call_item("lookup", {"city": "Oslo"}, call_id="c1", id="fc_1")
    server.queue(b.response_reply([call], id="resp_1"))
    server.queue(_text("Oslo found", "resp_2"))
    server.queue(b.compaction_reply(), path=COMPACT)


def _one_turn(server: OpenAIServer) -> None:
    server.queue(_text("hello", "resp_1"))
    server.queue(b.compaction_reply(), path=COMPACT)


def _turn_only(server: OpenAIServer) -> None:
    server.queue(_text("hello", "resp_1"))


def _one_turn_manual(server: OpenAIServer) -> None:
    server.queue(_text("hello", "resp_1"))
    server.queue(b.compaction_reply(times=2), path=COMPACT)


LONG_HISTORY = [
    {"role": "user", "content": "one"},
    b.message_item("a1", id="msg_a1"),
    {"role": "user", "content": "two"},
    b.message_item("a2", id="msg_a2"),
]

CASES: dict[str, tuple[Any, dict[str, Any]]] = {
    "session limit: only the seen suffix, input mode": (
        _one_turn,
        {"history": LONG_HISTORY, "limit": 2},
    ),
    "session limit mid-group: suffix starts at a user message": (
        _one_turn,
        {"history": LONG_HISTORY, "limit": 3},
    ),
    "session limit, store=False": (
        _one_turn,
        {"history": LONG_HISTORY, "limit": 2, "store": False},
    ),
    "session limit, previous_response_id mode: skipped": (
        _turn_only,
        {"history": LONG_HISTORY, "limit": 2, "mode": "previous_response_id"},
    ),
    "session limit, store without suffix replacement: skipped": (
        _turn_only,
        {"history": LONG_HISTORY, "limit": 2, "subclass": True},
    ),
    "store without suffix replacement, whole history seen": (
        _one_turn,
        {"history": LONG_HISTORY, "subclass": True, "store": False},
    ),
    "tool turns with a session limit": (_tool_turns, {"history": LONG_HISTORY, "limit": 2}),
    "manual with a session limit: the limited view sent, all replaced": (
        _one_turn,
        {
            "history": LONG_HISTORY,
            "limit": 2,
            "threshold": 50,
            "manual": {"force": True, "compaction_mode": "input"},
        },
    ),
    "auto: previous_response_id": (_one_turn, {"history": HISTORY}),
    "store=False: input items": (_one_turn, {"history": HISTORY, "store": False}),
    "mode=input": (_one_turn, {"mode": "input"}),
    "tool outputs defer, next turn forced": (_tool_turns, {"threshold": 1}),
    "below the threshold: no compaction": (
        lambda s: s.queue(_text("hello", "resp_1")),
        {"threshold": 50},
    ),
    "manual after the run": (
        _one_turn_manual,
        {"manual": {"force": True, "compaction_mode": "input"}},
    ),
}


@pytest.mark.skipif(not HAVE_REFERENCE, reason=NO_REFERENCE_REASON)
@pytest.mark.parametrize(("queue", "spec"), list(CASES.values()), ids=list(CASES))
def test_compaction_matches_upstream(
    openai_server: OpenAIServer, queue: Any, spec: dict[str, Any]
) -> None:
    sides = {}
    for lib in ("agents", "agentkit"):
        openai_server.clear()
        queue(openai_server)
        sides[lib] = _run(lib, openai_server, spec)
    assert sides["agentkit"] == sides["agents"]
    assert sides["agentkit"]["invalid"] == []
    assert "error" not in sides["agentkit"]


# --- suffix-only automatic compaction on the SQLite store ---------------------------------------


async def _run_limited(server: OpenAIServer, store: Any) -> list[Any]:
    """One run through a compaction session over `store` (holding LONG_HISTORY, with a session
    limit of 2); returns the store's whole history afterwards."""
    session = OpenAIResponsesCompactionSession(
        "s", store, client=_client(server), should_trigger_compaction=lambda context: True
    )
    await store.add_items(list(LONG_HISTORY))
    provider = OpenAIProvider(openai_client=_client(server), use_responses=True)
    await Runner.run(
        Agent(name="A", model="gpt-4.1"),
        "hi",
        session=session,
        run_config=RunConfig(model_provider=provider, tracing_disabled=True),
    )
    return list(await store.get_items(limit=1000))


async def test_runner_compacts_only_the_suffix_the_model_saw(openai_server: OpenAIServer) -> None:
    openai_server.queue(_text("hello", "resp_1"))
    openai_server.queue(b.compaction_reply(), path=COMPACT)
    store = SQLiteSession("s", session_settings=SessionSettings(limit=2))
    items = await _run_limited(openai_server, store)
    compact = openai_server.requests_to(COMPACT)[0]
    reply = b.message_item("hello", id="msg_resp_1")
    assert compact.json == {
        "model": "gpt-4.1",
        "input": [LONG_HISTORY[2], LONG_HISTORY[3], {"content": "hi", "role": "user"}, reply],
    }
    assert compact.validation_error is None
    assert items == [
        *LONG_HISTORY[:2],
        {"type": "compaction", "id": "cmp_1", "encrypted_content": "gAAAAcompacted"},
    ]


async def test_a_failed_suffix_replacement_rolls_back(
    openai_server: OpenAIServer, tmp_path: Path
) -> None:
    path = tmp_path / "h.db"
    store = SQLiteSession("s", str(path), session_settings=SessionSettings(limit=2))
    await store.add_items([])  # creates the tables
    await store.get_items()
    # closing(): a connection's own `with` commits but does not close it.
    with contextlib.closing(sqlite3.connect(path)) as conn, conn:
        conn.execute(
            "CREATE TRIGGER no_boom BEFORE INSERT ON agent_messages"
            " WHEN NEW.message_data LIKE '%boom%' BEGIN SELECT RAISE(ABORT, 'boom refused'); END"
        )
    openai_server.queue(_text("hello", "resp_1"))
    boom = [
        {"type": "compaction", "id": "cmp_1", "encrypted_content": "ok"},
        {"type": "compaction", "id": "cmp_2", "encrypted_content": "boom"},
    ]
    openai_server.queue(b.compaction_reply(boom), path=COMPACT)
    with pytest.raises(sqlite3.IntegrityError, match="boom refused"):
        await _run_limited(openai_server, store)
    # The delete of the suffix and the first insert were rolled back with the failing insert.
    assert await store.get_items(limit=1000) == [
        *LONG_HISTORY,
        {"content": "hi", "role": "user"},
        b.message_item("hello", id="msg_resp_1"),
    ]


async def test_a_changed_tail_is_not_replaced() -> None:
    store = SQLiteSession("s")
    await store.add_items(list(LONG_HISTORY))
    snapshot = await store._get_compaction_snapshot(3)
    assert snapshot is not None
    assert (snapshot.items, snapshot.complete) == (LONG_HISTORY[1:], False)
    assert (await store._get_compaction_snapshot(4)).complete  # type: ignore[union-attr]
    await store.add_items([{"role": "user", "content": "late"}])
    assert await snapshot.replace_suffix(1, [{"role": "user", "content": "x"}]) is False
    assert len(await store.get_items()) == 5
    fresh = await store._get_compaction_snapshot(2)
    assert fresh is not None
    assert await fresh.replace_suffix(1, [{"role": "user", "content": "x"}]) is True
    assert await store.get_items() == [*LONG_HISTORY, {"role": "user", "content": "x"}]


def test_subclasses_get_no_snapshot() -> None:
    class Mine(SQLiteSession):
        pass

    assert asyncio.run(Mine("s")._get_compaction_snapshot(3)) is None


def test_a_suffix_that_splits_a_tool_group_is_not_compacted() -> None:
    from agentkit.memory.openai_responses_compaction_session import _groups_complete

    call = {"type": "function_call", "call_id": "c1", "name": "f", "arguments": "{}"}
    output = {"type": "function_call_output", "call_id": "c1", "output": "x"}
    approval = {"type": "mcp_approval_request", "id": "r1", "name": "t", "arguments": "{}"}
    answer = {"type": "mcp_approval_response", "approval_request_id": "r1", "approve": True}
    assert _groups_complete([call, output, approval, answer])  # type: ignore[list-item]
    assert not _groups_complete([call])  # type: ignore[list-item]  # a pending call
    assert not _groups_complete([output])  # type: ignore[list-item]
    assert not _groups_complete([approval])  # type: ignore[list-item]


async def test_streamed_runs_compact_the_seen_suffix_too(openai_server: OpenAIServer) -> None:
    openai_server.queue(b.stream_response([b.message_item("hello", id="msg_1")], id="resp_1"))
    openai_server.queue(b.compaction_reply(), path=COMPACT)
    store = SQLiteSession("s", session_settings=SessionSettings(limit=2))
    await store.add_items(list(LONG_HISTORY))
    session = OpenAIResponsesCompactionSession(
        "s", store, client=_client(openai_server), should_trigger_compaction=lambda context: True
    )
    provider = OpenAIProvider(openai_client=_client(openai_server), use_responses=True)
    result = Runner.run_streamed(
        Agent(name="A", model="gpt-4.1"),
        "hi",
        session=session,
        run_config=RunConfig(model_provider=provider, tracing_disabled=True),
    )
    async for _ in result.stream_events():
        pass
    compact = openai_server.requests_to(COMPACT)[0]
    assert compact.json["input"][:2] == LONG_HISTORY[2:]
    assert len(compact.json["input"]) == 4
    assert (await store.get_items(limit=100))[:2] == LONG_HISTORY[:2]
    assert len(await store.get_items(limit=100)) == 3
