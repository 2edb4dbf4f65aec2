"""Approval decisions as openai-agents 0.24 keeps them: function-tool decisions belong to the
agent owning the tool, each call id is bound to one invocation fingerprint, and both survive a
snapshot written by either library."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from agentkit import Agent, Runner, RunState, ToolApprovalItem
from agentkit.exceptions import ModelBehaviorError
from agentkit.run_state import RunStateError
from tests._reference import HAVE_REFERENCE, NO_REFERENCE_REASON, REF_PYTHON

FIXTURES = Path(__file__).parent / "fixtures"
sys.path.insert(0, str(FIXTURES))
import upstream_agents as shared  # noqa: E402


def _upstream_context() -> dict[str, Any]:
    context: dict[str, Any] = json.loads((FIXTURES / "upstream_always_approved.json").read_text())[
        "context"
    ]
    return context


async def test_decision_records_are_written_as_upstream_writes_them() -> None:
    ops, _ = shared.agent("agentkit", [shared.FIRST_TURN])
    result = await Runner.run(ops, "clean up")
    state = result.to_state()
    state.approve(state.get_interruptions()[0], always_approve=True)
    ours = state.to_json()["context"]
    theirs = _upstream_context()
    assert ours["tool_invocations"] == theirs["tool_invocations"]
    assert ours["function_tool_approvals"] == theirs["function_tool_approvals"]
    assert ours["approvals"] == theirs["approvals"] == {}
    assert theirs["function_tool_approvals"][0]["agent"] == {"name": "ops"}


async def test_an_upstream_sticky_approval_applies_to_later_calls() -> None:
    ops, parts = shared.agent("agentkit", [shared.SECOND_DELETE, shared.FINAL])
    state = await RunState.from_string(
        ops, (FIXTURES / "upstream_always_approved.json").read_text()
    )
    result = await Runner.run(ops, state)
    assert result.interruptions == []
    assert result.final_output == "all done"
    assert parts["log"] == ["delete a.txt", "delete b.txt"]


@pytest.mark.skipif(not HAVE_REFERENCE, reason=NO_REFERENCE_REASON)
async def test_upstream_applies_our_sticky_approval(tmp_path: Path) -> None:
    ops, _ = shared.agent("agentkit", [shared.FIRST_TURN])
    result = await Runner.run(ops, "clean up")
    state = result.to_state()
    state.approve(state.get_interruptions()[0], always_approve=True)
    snapshot = tmp_path / "ours.json"
    snapshot.write_text(state.to_string())
    proc = subprocess.run(
        [REF_PYTHON, str(FIXTURES / "upstream_agents.py"), "resume-sticky", str(snapshot)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "OPENAI_AGENTS_DISABLE_TRACING": "1"},
    )
    assert proc.returncode == 0, proc.stderr
    summary = json.loads(proc.stdout.strip().splitlines()[-1])
    assert summary["interruptions"] == 0
    assert summary["final_output"] == "all done"
    assert summary["log"] == ["delete a.txt", "delete b.txt"]


def _two_agents(steps: list[list[dict[str, Any]]]) -> tuple[Agent[Any], Agent[Any], Any, Any]:
    mine, theirs = shared.build("agentkit"), shared.build("agentkit")
    model = shared.scripted_model("agentkit", steps)
    admin = Agent(name="admin", tools=theirs["tools"], model=model)
    triage = Agent(name="triage", tools=mine["tools"], handoffs=[admin], model=model)
    return triage, admin, mine, theirs


async def test_a_sticky_decision_belongs_to_the_agent_that_owns_the_tool() -> None:
    triage, admin, mine, theirs = _two_agents(
        [
            [shared.call("delete_file", '{"path":"a"}', "c1")],
            [shared.call("delete_file", '{"path":"b"}', "c2")],
            [shared.call("transfer_to_admin", "{}", "h1")],
            [shared.call("delete_file", '{"path":"c"}', "c3")],
        ]
    )
    result = await Runner.run(triage, "x")
    state = result.to_state()
    state.approve(state.get_interruptions()[0], always_approve=True)
    resumed = await Runner.run(triage, state)
    # The triage agent's second delete ran on the sticky approval; the admin's did not.
    assert mine["log"] == ["delete a", "delete b"]
    assert theirs["log"] == []
    [pending] = resumed.interruptions
    assert (pending.agent, pending.call_id) == (admin, "c3")
    ctx = resumed.context_wrapper
    assert ctx.is_tool_approved("delete_file", "c9") is True  # one owner: name-only answers
    ctx.reject_tool(pending)
    # Two agents now hold decisions for delete_file: a name-only query cannot pick one ...
    assert ctx.is_tool_approved("delete_file", "c9") is None
    # ... except for an exact call decision.
    assert ctx.is_tool_approved("delete_file", "c3") is False


async def test_a_reused_call_id_is_not_covered_by_the_earlier_decision() -> None:
    ops, parts = shared.agent(
        "agentkit",
        [
            [shared.call("delete_file", '{"path":"a"}', "c1")],
            [shared.call("delete_file", '{"path":"other"}', "c1")],
        ],
    )
    result = await Runner.run(ops, "x")
    state = result.to_state()
    state.approve(state.get_interruptions()[0])
    with pytest.raises(ModelBehaviorError, match="reused a completed tool call ID"):
        await Runner.run(ops, state)
    assert parts["log"] == ["delete a"]


async def test_a_decision_for_another_invocation_with_the_same_id_is_refused() -> None:
    ops, _ = shared.agent("agentkit", [shared.FIRST_TURN])
    result = await Runner.run(ops, "x")
    state = result.to_state()
    [item] = state.get_interruptions()
    forged = ToolApprovalItem(
        agent=ops,
        raw_item=_call_item(shared.call("delete_file", '{"path":"/etc"}', "call_1")),
        tool_name="delete_file",
    )
    with pytest.raises(ModelBehaviorError, match="reused a tool call ID"):
        state.approve(forged)
    state.approve(item)


def _call_item(data: dict[str, Any]) -> Any:
    from agentkit.types.responses import ResponseFunctionToolCall

    return ResponseFunctionToolCall.model_validate(data)


@pytest.mark.parametrize(
    ("mutate", "match"),
    [
        (lambda c: c.update(tool_invocations=[]), "tool_invocations must be a mapping"),
        (lambda c: c["tool_invocations"].update({"": {}}), "invalid call ID"),
        (lambda c: c["tool_invocations"].update(call_9="x"), "tool invocation must be a mapping"),
        (
            lambda c: c["tool_invocations"]["call_1"].update(fingerprint="zz"),
            "invalid lifecycle data",
        ),
        (
            lambda c: c["tool_invocations"]["call_1"].update(type="shell"),
            "invalid lifecycle data",
        ),
        (lambda c: c.update(function_tool_approvals={}), "must be a list"),
        (lambda c: c.update(function_tool_approvals=[{"tool_key": 1}]), "Invalid agent-owned"),
        (
            lambda c: c["function_tool_approvals"][0].update(agent={"name": "ghost"}),
            "owner is absent",
        ),
    ],
)
async def test_malformed_decision_records_get_typed_errors(mutate: Any, match: str) -> None:
    data = json.loads((FIXTURES / "upstream_always_approved.json").read_text())
    mutate(data["context"])
    ops, _ = shared.agent("agentkit", [])
    with pytest.raises(RunStateError, match=match):
        await RunState.from_json(ops, data)


def test_hosted_mcp_decisions_need_a_request_id_and_for_always_a_label() -> None:
    from agentkit import RunContextWrapper
    from agentkit.exceptions import UserError

    ops, _ = shared.agent("agentkit", [])
    ctx: RunContextWrapper[Any] = RunContextWrapper(context=None)

    def item(**fields: str) -> ToolApprovalItem:
        raw = {"type": "mcp_approval_request", "id": "r1", "name": "search", "arguments": "{}"}
        return ToolApprovalItem(agent=ops, raw_item={**raw, "server_label": "docs", **fields})

    with pytest.raises(UserError, match="require a non-empty request id"):
        ctx.approve_tool(item(id=""))
    with pytest.raises(UserError, match="require a non-empty server_label and tool name"):
        ctx.approve_tool(item(server_label=""), always_approve=True)
    ctx.approve_tool(item(server_label=""))  # a per-call decision needs no label
    assert ctx.is_tool_approved("search", "r1") is True
    ctx.reject_tool(item(id="r2"), always_reject=True, rejection_message="no")
    assert ctx.is_tool_approved("search", "r2") is False
    assert ctx.get_rejection_message("search", "r2") == "no"


@pytest.mark.parametrize("tool", ["list_files", "delete_file"])
async def test_a_nested_run_binds_call_ids_in_its_own_ledger(tool: str) -> None:
    parts = shared.build("agentkit")
    args = "{}" if tool == "list_files" else '{"path":"n"}'
    inner_model = shared.scripted_model(
        "agentkit", [[shared.call(tool, args, "x1")], [shared.message("inner done")]]
    )
    inner = Agent(name="inner", tools=parts["tools"], model=inner_model)
    model = shared.scripted_model(
        "agentkit", [[shared.call("janitor", '{"input":"c"}', "x1")], shared.FINAL]
    )
    outer = Agent(name="outer", tools=[inner.as_tool("janitor", "Cleans")], model=model)
    result = await Runner.run(outer, "x")
    if tool == "delete_file":
        state = await RunState.from_string(outer, result.to_state().to_string())
        # The outer call "x1" and the nested call "x1" are different runs' invocations.
        state.approve(state.get_interruptions()[0])
        result = await Runner.run(outer, state)
    assert result.final_output == "all done"
    assert parts["log"] == (["list"] if tool == "list_files" else ["delete n"])
