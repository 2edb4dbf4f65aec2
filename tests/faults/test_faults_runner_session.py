"""The same faults through Runner with a SQLiteSession: the session is never half-written."""

from __future__ import annotations

from typing import Any

import pytest
from _faults_support import (
    PATHS,
    Api,
    Method,
    assert_no_new_tasks,
    assert_pool_free,
    closed_port,
    fast_retries,
    make_client,
    make_model,
    other_tasks,
)
from test_faults_matrix import CELLS, NOT_APPLICABLE, OVERRIDES

from agentkit import Agent, Runner
from agentkit.memory import SQLiteSession
from agentkit.run_config import RunConfig
from tests.openai_server import OpenAIServer

# Every fault but the 5 MB answer (covered by test_faults_matrix; storing it adds nothing here).
FAULTS = [fault for fault in CELLS if fault != "enormous_event"]


def _consistent(items: list[Any], succeeded: bool) -> None:
    """Nothing, the input alone (the run failed after saving it, as upstream), or a whole turn."""
    user = {"role": "user", "content": "hi"}
    if succeeded:
        # The user's message, then the answer (a reasoning item may come before the message).
        assert len(items) >= 2 and items[0] == user, items
        assert items[-1]["type"] == "message" and items[-1]["role"] == "assistant", items
        assert all(item["type"] == "reasoning" for item in items[1:-1]), items
    else:
        assert items in ([], [user]), items


async def _run(agent: Agent[Any], method: Method, session: SQLiteSession) -> Any:
    config = RunConfig(tracing_disabled=True)
    if method == "get":
        return await Runner.run(agent, "hi", session=session, run_config=config)
    result = Runner.run_streamed(agent, "hi", session=session, run_config=config)
    async for _ in result.stream_events():
        pass
    return result


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("method", ["get", "stream"])
@pytest.mark.parametrize("api", ["responses", "chat"])
async def test_fault_through_runner_leaves_session_consistent(
    openai_server: OpenAIServer, api: Api, method: Method, fault: str
) -> None:
    if (method, fault) in NOT_APPLICABLE:
        pytest.skip(NOT_APPLICABLE[(method, fault)])
    cell = CELLS[fault]
    spec = {**cell.__dict__, **OVERRIDES.get((api, method, fault), {})}
    base_url = (
        f"http://127.0.0.1:{closed_port()}/v1"
        if fault == "connection_refused"
        else openai_server.base_url
    )
    client, http = make_client(
        base_url, timeout=spec["timeout"], max_retries=spec["max_retries"], **spec["options"]
    )
    agent = Agent(name="a", instructions="Be brief.", model=make_model(api, client))
    session = SQLiteSession("faults")
    cell.queue(openai_server, api, method)
    before = other_tasks()
    error: BaseException | None = None
    with fast_retries():
        try:
            await _run(agent, method, session)
        except Exception as exc:
            error = exc
    expect = spec["expect"]
    if expect is None:
        assert error is None, repr(error)
    else:
        assert isinstance(error, expect), repr(error)
    _consistent(await session.get_items(), error is None)
    await assert_no_new_tasks(before)
    if fault != "connection_refused":
        await assert_pool_free(openai_server, make_model(api, client), api)
    session.close()
    await http.aclose()
    assert PATHS[api]
