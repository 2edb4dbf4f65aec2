"""Fault rows for the runtime (issue 17): nested `run_sync`, one injected client on several event
loops, tool calls sharing a `call_id`, cancelling deeply nested agents as tools, the run's
model-call deadline, Chat tool calls without ids.

Each row runs whole agent runs over the loopback server with the matrix's client (the sentinel
API key, a pool of ONE connection) and asserts the documented outcome, that the pool was
released (a next run is served promptly), that no task was left running, and that no exception
text carries the key.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
from typing import Any

import pytest
from _faults_support import (
    SENTINEL_KEY,
    assert_no_new_tasks,
    exception_texts,
    make_client,
    other_tasks,
)

from agentkit.agent import Agent
from agentkit.exceptions import (
    AgentNestingLimitExceeded,
    ModelBehaviorError,
    ModelCallDeadlineExceeded,
)
from agentkit.models.openai_provider import OpenAIProvider
from agentkit.run import Runner
from agentkit.run_config import RunConfig
from agentkit.tool import function_tool
from tests.openai_server import OpenAIServer
from tests.openai_server import builders as b

API = ["responses", "chat"]


def run_config(server: OpenAIServer, api: str) -> tuple[RunConfig, Any]:
    client, http = make_client(server.base_url, timeout=5.0, max_retries=0)
    provider = OpenAIProvider(openai_client=client, use_responses=api == "responses")
    return RunConfig(model_provider=provider, tracing_disabled=True), http


def text_reply(api: str, text: str) -> Any:
    return b.response_auto(text) if api == "responses" else b.chat_auto(text)


async def run(agent: Agent[Any], config: RunConfig, stream: bool) -> Any:
    if not stream:
        return await Runner.run(agent, "go", run_config=config)
    result = Runner.run_streamed(agent, "go", run_config=config)
    async for _ in result.stream_events():
        pass
    return result


def tool_call_reply(api: str, name: str, call_id: str, args: Any = None) -> Any:
    args = {"input": "x"} if args is None else args
    if api == "responses":
        return b.response_auto([b.function_call_item(name, args, call_id=call_id)])
    return b.chat_auto(None, tool_calls=[b.chat_tool_call(name, args, id=call_id)])


async def assert_pool_free(server: OpenAIServer, api: str, config: RunConfig) -> None:
    server.queue(text_reply(api, "after"))
    result = await asyncio.wait_for(
        Runner.run(Agent(name="n", model="gpt-4.1"), "x", run_config=config), 3
    )
    assert result.final_output == "after"


@pytest.mark.parametrize("api", API)
async def test_row_nested_run_sync(openai_server: OpenAIServer, api: str) -> None:
    """run_sync inside a loop, from a tool of a run_sync run: completes (was: deadlock)."""
    config, http = run_config(openai_server, api)
    inner = Agent(name="inner", model="gpt-4.1")

    @function_tool
    async def nested() -> str:
        """Run the inner agent synchronously."""
        return str(Runner.run_sync(inner, "go", run_config=config).final_output)

    outer = Agent(name="outer", tools=[nested], model="gpt-4.1")
    # The injected client's own pool serves this loop; the run_sync loops get copies.
    await assert_pool_free(openai_server, api, config)
    openai_server.queue(tool_call_reply(api, "nested", "c1", {}))
    openai_server.queue(text_reply(api, "inner ok"))
    openai_server.queue(text_reply(api, "outer ok"))
    before = other_tasks()
    result = Runner.run_sync(outer, "go", run_config=config)
    assert result.final_output == "outer ok"
    assert result.new_items[1].output == "inner ok"
    await assert_no_new_tasks(before)
    await http.aclose()


@pytest.mark.parametrize("api", API)
async def test_row_injected_client_on_two_loops(openai_server: OpenAIServer, api: str) -> None:
    """await Runner.run and run_sync share one injected httpx client (was: bound to a different
    event loop); the client's own pool is free afterwards."""
    config, http = run_config(openai_server, api)
    agent = Agent(name="a", model="gpt-4.1")
    for text in ("one", "two", "three"):
        openai_server.queue(text_reply(api, text))
    assert (await Runner.run(agent, "x", run_config=config)).final_output == "one"
    assert Runner.run_sync(agent, "x", run_config=config).final_output == "two"
    assert (await Runner.run(agent, "x", run_config=config)).final_output == "three"
    await assert_pool_free(openai_server, api, config)
    await http.aclose()


@pytest.mark.parametrize("stream", [False, True])
@pytest.mark.parametrize("api", API)
async def test_row_shared_call_id(openai_server: OpenAIServer, api: str, stream: bool) -> None:
    """Two different calls under one call_id: ModelBehaviorError before any tool runs."""
    config, http = run_config(openai_server, api)
    ran: list[int] = []

    @function_tool
    def record(x: int) -> str:
        """Record x."""
        ran.append(x)
        return "ok"

    if api == "responses":
        items = [b.function_call_item("record", {"x": i}, call_id="same") for i in range(2)]
        openai_server.queue(b.response_auto(items))
    else:
        calls = [b.chat_tool_call("record", {"x": i}, id="same") for i in range(2)]
        openai_server.queue(b.chat_auto(None, tool_calls=calls))
    before = other_tasks()
    with pytest.raises(ModelBehaviorError, match="reused a tool call ID") as info:
        await run(Agent(name="a", tools=[record], model="gpt-4.1"), config, stream)
    assert ran == []
    assert not any(SENTINEL_KEY in text for text in exception_texts(info.value))
    await assert_no_new_tasks(before)
    await assert_pool_free(openai_server, api, config)
    await http.aclose()


@pytest.mark.parametrize("api", API)
async def test_row_cancel_nested_agent_tools(openai_server: OpenAIServer, api: str) -> None:
    """Cancelling a run 30 agents-as-tools deep while the innermost model call hangs: the run is
    cancelled, every nested task ends, and the hung connection is released."""
    from tests.openai_server import HangReply

    depth = 30  # within the default nesting limit
    config, http = run_config(openai_server, api)
    agent = Agent(name="leaf", model="gpt-4.1")
    for level in range(depth):
        tool = agent.as_tool(tool_name=f"t{level}", tool_description="inner")
        agent = Agent(name=f"a{level}", model="gpt-4.1", tools=[tool])
    for level in reversed(range(depth)):  # the outermost agent calls first
        openai_server.queue(tool_call_reply(api, f"t{level}", f"c{level}"))
    openai_server.queue(HangReply())
    before = other_tasks()
    task = asyncio.create_task(Runner.run(agent, "go", run_config=config))
    for _ in range(600):
        if len(openai_server.requests) > depth:
            break
        await asyncio.sleep(0.05)
    assert len(openai_server.requests) == depth + 1  # the leaf's call is hanging
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    await assert_no_new_tasks(before)
    await assert_pool_free(openai_server, api, config)
    await http.aclose()


async def test_row_runaway_recursion_stops_at_the_limit(openai_server: OpenAIServer) -> None:
    """An agent calling itself forever: AgentNestingLimitExceeded after limit + 1 model calls."""
    from agentkit.run_config import get_max_agent_nesting

    config, http = run_config(openai_server, "responses")
    agent = Agent(name="loop", model="gpt-4.1")
    agent.tools.append(agent.as_tool(tool_name="me", tool_description="recurse"))
    limit = get_max_agent_nesting()
    assert limit is not None
    for level in range(limit + 1):
        openai_server.queue(tool_call_reply("responses", "me", f"c{level}"))
    before = other_tasks()
    with pytest.raises(AgentNestingLimitExceeded):
        await asyncio.wait_for(Runner.run(agent, "go", run_config=config), 25)
    assert len(openai_server.requests) == limit + 1
    await assert_no_new_tasks(before)
    await assert_pool_free(openai_server, "responses", config)
    await http.aclose()


@pytest.mark.parametrize("stream", [False, True])
@pytest.mark.parametrize("api", API)
async def test_row_run_deadline(openai_server: OpenAIServer, api: str, stream: bool) -> None:
    """A model call that never answers (a hang, or keep-alive comments for ever) ends at
    `RunConfig(model_call_deadline=...)` with `ModelCallDeadlineExceeded`; the connection is
    released and nothing of the deadline reaches the server."""
    from tests.openai_server import HangReply, SSEReply

    config, http = run_config(openai_server, api)
    config = dataclasses.replace(config, model_call_deadline=2)
    if stream:
        openai_server.queue(SSEReply(events=[b": keep-alive\n\n"] * 20_000, event_delay=0.02))
    else:
        openai_server.queue(HangReply())
    before = other_tasks()
    with pytest.raises(ModelCallDeadlineExceeded) as info:
        await run(Agent(name="a", model="gpt-4.1"), config, stream)
    assert info.value.deadline == "run"
    assert not any(SENTINEL_KEY in text for text in exception_texts(info.value))
    assert "deadline" not in openai_server.requests[0].json
    await assert_no_new_tasks(before)
    await assert_pool_free(openai_server, api, config)
    await http.aclose()


@pytest.mark.parametrize("stream", [False, True])
async def test_row_chat_tool_calls_without_ids(openai_server: OpenAIServer, stream: bool) -> None:
    """Chat tool calls with no id and with id "": each gets its own generated call id, and each
    output goes back under the id of its call (upstream sends "" or fails)."""
    config, http = run_config(openai_server, "chat")
    ran: list[int] = []

    @function_tool
    def record(x: int) -> str:
        """Record x."""
        ran.append(x)
        return f"got {x}"

    calls = [b.chat_tool_call("record", {"x": i}, id="call_tmp") for i in range(2)]
    del calls[0]["id"]
    calls[1]["id"] = ""
    if stream:
        from tests.openai_server import SSEReply

        def chunk(delta: dict[str, Any], finish: str | None = None) -> bytes:
            choice = {"index": 0, "delta": delta, "finish_reason": finish}
            body = {"id": "c", "object": "chat.completion.chunk", "created": 1, "model": "m"}
            return f"data: {json.dumps({**body, 'choices': [choice]})}\n\n".encode()

        events = [chunk({"tool_calls": [{"index": i, **call}]}) for i, call in enumerate(calls)]
        openai_server.queue(SSEReply(events=[*events, chunk({}, "tool_calls")]))
    else:
        openai_server.queue(b.chat_auto(None, tool_calls=calls))
    openai_server.queue(text_reply("chat", "done"))
    before = other_tasks()
    result = await run(Agent(name="a", tools=[record], model="gpt-4.1"), config, stream)
    assert result.final_output == "done" and sorted(ran) == [0, 1]
    follow_up = openai_server.requests[-1].json["messages"]
    sent = [c["id"] for m in follow_up if m.get("tool_calls") for c in m["tool_calls"]]
    answered = {m["tool_call_id"]: m["content"] for m in follow_up if m["role"] == "tool"}
    assert len(set(sent)) == 2 and all(sent)
    assert answered == {sent[0]: "got 0", sent[1]: "got 1"}
    await assert_no_new_tasks(before)
    await assert_pool_free(openai_server, "chat", config)
    await http.aclose()
