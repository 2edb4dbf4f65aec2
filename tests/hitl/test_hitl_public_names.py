"""The HITL names ported from openai-agents 0.24: the RunState validation error aliases and
messages, `InputItem`, `ToolApprovalRawItem`, `DEFAULT_APPROVAL_REJECTION_MESSAGE`, and the
`agent_tool_state` helpers."""

from __future__ import annotations

import gc
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from agentkit import InputItem, Runner, RunState, ToolCallOutputItem
from agentkit.agent_tool_state import (
    agent_tool_resume_checkpoint_owns_approval,
    consume_agent_tool_run_result,
    drop_agent_tool_run_result,
    get_agent_tool_resume_state,
    get_agent_tool_state_scope,
    peek_agent_tool_run_result,
    record_agent_tool_resume_state,
    record_agent_tool_run_result,
    set_agent_tool_state_scope,
)
from agentkit.exceptions import UserError
from agentkit.items import ToolApprovalItem
from agentkit.run_context import RunContextWrapper
from agentkit.run_state import (
    RunStateError,
    RunStateValidationError,
    RunStateValidationErrorFactory,
    RunStateValidationErrorType,
    TAction,
)
from agentkit.tool import DEFAULT_APPROVAL_REJECTION_MESSAGE
from agentkit.types.responses import ResponseFunctionToolCall

FIXTURES = Path(__file__).parent / "fixtures"
sys.path.insert(0, str(FIXTURES))
import upstream_agents as shared  # noqa: E402


def _upstream() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / "upstream_paused.json").read_text())
    return data


def test_validation_error_aliases_cover_what_restoring_raises() -> None:
    error = RunStateError("bad")
    assert isinstance(error, RunStateValidationError)
    assert isinstance(ValueError("x"), RunStateValidationError)
    assert not isinstance(KeyError("x"), RunStateValidationError)
    factory: RunStateValidationErrorFactory = lambda message, kind: kind(message)  # noqa: E731
    kind: RunStateValidationErrorType = UserError
    assert isinstance(factory("m", kind), UserError)
    assert TAction.__name__ == "TAction"


# The messages openai-agents 0.24 raises for these inputs (agentkit may add a hint after them).
@pytest.mark.parametrize(
    ("text", "upstream_message"),
    [
        ("{nope", "Failed to parse run state JSON"),
        ("[1]", "Run state JSON must be an object"),
        (json.dumps({"current_turn": 0}), "Run state is missing schema version"),
        (json.dumps({"$schemaVersion": 2}), "Run state schema version has an invalid type"),
        (
            json.dumps({"$schemaVersion": "9.9"}),
            "Run state schema version is not supported. Supported versions are: 1.0, 1.1, 1.10,",
        ),
        (
            json.dumps({**_upstream(), "current_agent": {"name": "ghost"}}),
            "Run state agent not found in agent map",
        ),
    ],
)
async def test_bad_snapshots_raise_upstream_messages(text: str, upstream_message: str) -> None:
    ops, _ = shared.agent("agentkit", [])
    with pytest.raises(RunStateError) as info:
        await RunState.from_string(ops, text)
    assert str(info.value).startswith(upstream_message)
    assert isinstance(info.value, RunStateValidationError)


async def test_input_items_round_trip_through_a_snapshot() -> None:
    data = _upstream()
    entry = {
        "type": "input_item",
        "raw_item": {"role": "user", "content": "and b.txt too"},
        "agent": {"name": "ops"},
        "input_id": "in_1",
    }
    data["generated_items"].append(entry)
    ops, _ = shared.agent("agentkit", [])
    state = await RunState.from_json(ops, data)
    item = state._generated_items[-1]
    assert isinstance(item, InputItem)
    assert (item.input_id, item.raw_item, item.to_input_item()) == (
        "in_1",
        {"role": "user", "content": "and b.txt too"},
        {"role": "user", "content": "and b.txt too"},
    )
    assert state.to_json()["generated_items"][-1] == entry
    assert InputItem(agent=ops, raw_item={"role": "user", "content": "x"}).input_id != (
        InputItem(agent=ops, raw_item={"role": "user", "content": "x"}).input_id
    )
    bad = _upstream()
    bad["generated_items"].append({**entry, "raw_item": "text"})
    with pytest.raises(RunStateError, match="input_item's raw_item"):
        await RunState.from_json(ops, bad)


async def test_a_rejection_without_message_tells_the_model_the_default() -> None:
    ops, _ = shared.agent("agentkit", [shared.FIRST_TURN, shared.FINAL])
    state = (await Runner.run(ops, "x")).to_state()
    state.reject(state.get_interruptions()[0])
    result = await Runner.run(ops, state)
    outputs = [i.output for i in result.new_items if isinstance(i, ToolCallOutputItem)]
    assert DEFAULT_APPROVAL_REJECTION_MESSAGE == "Tool execution was not approved."
    assert DEFAULT_APPROVAL_REJECTION_MESSAGE in outputs


def _call(call_id: str = "c1", arguments: str = "{}") -> ResponseFunctionToolCall:
    return ResponseFunctionToolCall(
        type="function_call", name="janitor", arguments=arguments, call_id=call_id
    )


def test_agent_tool_results_are_kept_per_call_object_and_scope() -> None:
    call, twin = _call(), _call()
    record_agent_tool_run_result(call, "result", scope_id="s1")
    assert peek_agent_tool_run_result(call, scope_id="s1") == "result"
    assert peek_agent_tool_run_result(call, scope_id="s2") is None
    # An equal call object finds the result by signature while only one matches.
    assert peek_agent_tool_run_result(twin, scope_id="s1") == "result"
    record_agent_tool_run_result(_call(arguments='{"x":1}'), "other", scope_id="s1")
    assert consume_agent_tool_run_result(twin, scope_id="s1") == "result"
    assert peek_agent_tool_run_result(call, scope_id="s1") is None
    record_agent_tool_run_result(call, "again")
    drop_agent_tool_run_result(call)
    assert peek_agent_tool_run_result(call) is None


def test_agent_tool_results_go_away_with_their_call() -> None:
    call = _call("gone")
    record_agent_tool_run_result(call, "result")
    twin = _call("gone")
    del call
    gc.collect()
    assert peek_agent_tool_run_result(twin) is None


def test_scope_ids_and_resume_checkpoints() -> None:
    context = RunContextWrapper(context=None)
    assert get_agent_tool_state_scope(context) is None
    set_agent_tool_state_scope(context, "scope")
    assert get_agent_tool_state_scope(context) == "scope"
    set_agent_tool_state_scope(context, None)
    assert get_agent_tool_state_scope(context) is None
    set_agent_tool_state_scope(None, "ignored")

    ops, _ = shared.agent("agentkit", [])
    inner_call = ResponseFunctionToolCall(
        type="function_call", name="delete_file", arguments='{"path":"a"}', call_id="i1"
    )
    approval = ToolApprovalItem(agent=ops, raw_item=inner_call, tool_name="delete_file")

    class State:
        def get_interruptions(self) -> list[Any]:
            return [approval]

    state, outer = State(), _call("o1")
    record_agent_tool_resume_state(outer, state)
    checkpoint = consume_agent_tool_run_result(outer)
    assert get_agent_tool_resume_state(checkpoint) is state
    assert get_agent_tool_resume_state("plain result") is None
    assert agent_tool_resume_checkpoint_owns_approval(checkpoint, approval)
    forged = ToolApprovalItem(
        agent=ops,
        raw_item=inner_call.model_copy(update={"arguments": '{"path":"/"}'}),
        tool_name="delete_file",
    )
    assert not agent_tool_resume_checkpoint_owns_approval(checkpoint, forged)
    assert not agent_tool_resume_checkpoint_owns_approval("plain result", approval)
