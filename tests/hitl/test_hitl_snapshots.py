"""RunState snapshots: round trips, openai-agents 0.24 compatibility both ways, signed
envelopes, hostile input, and resuming in a fresh interpreter."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from agentkit import Runner, RunState, ToolCallOutputItem
from agentkit.exceptions import UserError
from agentkit.run_state import (
    SUPPORTED_SCHEMA_VERSIONS,
    RunStateError,
    SnapshotExpiredError,
    SnapshotSignatureError,
)
from tests._reference import HAVE_REFERENCE
from tests._reference import REF_PYTHON as _REF_PYTHON

FIXTURES = Path(__file__).parent / "fixtures"
sys.path.insert(0, str(FIXTURES))
import upstream_agents as shared  # noqa: E402

REF_PYTHON = Path(_REF_PYTHON)
KEY = b"0123456789abcdef0123456789abcdef"


async def _paused(**run_kwargs: Any) -> tuple[Any, Any, Any]:
    ops, parts = shared.agent("agentkit", [shared.FIRST_TURN, shared.FINAL])
    result = await Runner.run(ops, "clean up", **run_kwargs)
    return ops, parts, result


def _outputs(result: Any) -> dict[str, Any]:
    return {
        i.raw_item["call_id"]: i.raw_item["output"]
        for i in result.new_items
        if isinstance(i, ToolCallOutputItem)
    }


def test_schema_versions_match_upstream() -> None:
    assert sorted(SUPPORTED_SCHEMA_VERSIONS, key=lambda v: int(v.split(".")[1]))[-1] == "1.21"
    assert {"1.0", "1.9", "1.21"} <= SUPPORTED_SCHEMA_VERSIONS
    assert len(SUPPORTED_SCHEMA_VERSIONS) == 22


async def test_round_trip_keeps_usage_turn_items_ids_and_resumes() -> None:
    ops, _parts, result = await _paused(context={"user": "u1"}, previous_response_id="resp_0")
    text = result.to_state().to_string()
    data = json.loads(text)
    assert data["$schemaVersion"] == "1.21"
    last_id = result.raw_responses[-1].response_id
    assert data["previous_response_id"] == last_id
    restored = await RunState.from_string(ops, text)
    assert restored._current_turn == 1
    assert restored._context is not None
    assert restored._context.context == {"user": "u1"}
    assert restored._context.usage.requests == 1
    assert restored._context.usage.input_tokens == 10
    assert [type(i).__name__ for i in restored._session_items] == [
        type(i).__name__ for i in result.new_items
    ]
    assert restored._previous_response_id == last_id
    [item] = restored.get_interruptions()
    assert item.agent is ops
    restored.approve(item)
    # A new model that only has the final answer: the resumed turn makes no other call.
    fresh, parts2 = shared.agent("agentkit", [shared.FINAL])
    resumed = await Runner.run(fresh, await RunState.from_json(fresh, restored.to_json()))
    assert resumed.final_output == "all done"
    assert parts2["log"] == ["delete a.txt"]
    assert resumed.context_wrapper.usage.requests == 2
    assert fresh.model.calls[0].previous_response_id == last_id
    # Only what the server has not seen is sent with previous_response_id.
    assert [i["type"] for i in fresh.model.calls[0].input] == ["function_call_output"]


async def test_decisions_survive_serialisation() -> None:
    ops, _, result = await _paused()
    state = result.to_state()
    state.reject(state.get_interruptions()[0], rejection_message="no deleting")
    restored = await RunState.from_string(ops, state.to_string())
    fresh, parts = shared.agent("agentkit", [shared.FINAL])
    resumed = await Runner.run(fresh, await RunState.from_string(fresh, restored.to_string()))
    assert parts["log"] == []
    assert _outputs(resumed)["call_1"] == "no deleting"


async def test_reading_an_upstream_snapshot() -> None:
    text = (FIXTURES / "upstream_paused.json").read_text()
    ops, parts = shared.agent("agentkit", [shared.FINAL])
    state = await RunState.from_string(ops, text)
    [item] = state.get_interruptions()
    assert (item.tool_name, item.call_id, item.arguments) == (
        "delete_file",
        "call_1",
        '{"path":"a.txt"}',
    )
    assert state._context is not None and state._context.context == {"user": "u1"}
    state.approve(item)
    result = await Runner.run(ops, state)
    assert result.final_output == "all done"
    assert parts["log"] == ["delete a.txt"]
    assert _outputs(result) == {"call_2": "a.txt b.txt", "call_1": "deleted a.txt"}
    assert result.context_wrapper.usage.requests == 2
    sent = ops.model.calls[0].input
    assert [i.get("type") for i in sent] == [
        None,
        "function_call",
        "function_call",
        "function_call_output",
        "function_call_output",
    ]


@pytest.mark.skipif(not HAVE_REFERENCE, reason="openai-agents 0.24 reference venv absent")
async def test_upstream_reads_and_resumes_our_snapshot(tmp_path: Path) -> None:
    _, _, result = await _paused(context={"user": "u1"})
    snapshot = tmp_path / "ours.json"
    snapshot.write_text(result.to_state().to_string())
    proc = subprocess.run(
        [str(REF_PYTHON), str(FIXTURES / "upstream_agents.py"), "resume", str(snapshot)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "OPENAI_AGENTS_DISABLE_TRACING": "1"},
    )
    assert proc.returncode == 0, proc.stderr
    summary = json.loads(proc.stdout.strip().splitlines()[-1])
    assert summary["final_output"] == "all done"
    assert summary["log"] == ["delete a.txt"]
    assert summary["items"] == [
        "ToolCallItem",
        "ToolCallItem",
        "ToolApprovalItem",
        "ToolCallOutputItem",
        "ToolCallOutputItem",
        "MessageOutputItem",
    ]
    assert summary["usage_requests"] == 2


async def test_resume_in_a_fresh_interpreter(tmp_path: Path) -> None:
    _, _, result = await _paused()
    state = result.to_state()
    state.approve(state.get_interruptions()[0])
    snapshot = tmp_path / "state.txt"
    snapshot.write_text(state.to_string(signing_key=KEY))
    script = textwrap.dedent(
        f"""
        import asyncio, json, sys
        sys.path.insert(0, {str(FIXTURES)!r})
        import upstream_agents as shared
        from agentkit import Runner, RunState

        async def main():
            ops, parts = shared.agent("agentkit", [shared.FINAL])
            text = open({str(snapshot)!r}).read()
            state = await RunState.from_string(ops, text, signing_key={KEY!r})
            result = await Runner.run(ops, state)
            print(json.dumps([result.final_output, parts["log"]]))

        asyncio.run(main())
        """
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == ["all done", ["delete a.txt"]]


async def test_signed_snapshots_reject_tampering_wrong_keys_truncation_and_age() -> None:
    ops, _, result = await _paused()
    state = result.to_state()
    signed = state.to_string(signing_key=KEY, key_id="k1")
    assert (await RunState.from_string(ops, signed, signing_key={"k1": KEY})).get_interruptions()
    envelope = json.loads(signed)
    envelope["payload"] = envelope["payload"][:-8] + "AAAAAAAA"
    with pytest.raises(SnapshotSignatureError):
        await RunState.from_string(ops, json.dumps(envelope), signing_key=KEY)
    with pytest.raises(SnapshotSignatureError):
        await RunState.from_string(ops, signed, signing_key=b"another-key-of-32-bytes-long!!!!")
    with pytest.raises(SnapshotSignatureError, match="unknown key"):
        await RunState.from_string(ops, signed, signing_key={"k2": KEY})
    with pytest.raises(SnapshotSignatureError):
        await RunState.from_string(ops, signed[: len(signed) // 2], signing_key=KEY)
    with pytest.raises(SnapshotSignatureError, match="not a signed"):
        await RunState.from_string(ops, state.to_string(), signing_key=KEY)
    old = json.loads(signed)
    old["iat"] -= 3600
    with pytest.raises(SnapshotSignatureError):  # the time is covered by the MAC
        await RunState.from_string(ops, json.dumps(old), signing_key=KEY, max_age_seconds=60)
    with pytest.raises(SnapshotExpiredError):
        await RunState.from_string(ops, signed, signing_key=KEY, max_age_seconds=-1)
    with pytest.raises(UserError, match="16 bytes"):
        state.to_string(signing_key=b"short")


@pytest.mark.parametrize(
    ("mutate", "match"),
    [
        (lambda d: d.update({"$schemaVersion": "9.9"}), "not supported"),
        (lambda d: d.pop("$schemaVersion"), "missing schema version"),
        (lambda d: d.update({"$schemaVersion": 2}), "invalid type"),
        (lambda d: d.update({"current_agent": {"name": "ghost"}}), "ghost"),
        (lambda d: d.update({"original_input": 5}), "original_input"),
        (lambda d: d.update({"generated_items": [{"type": "bogus"}]}), "bogus|agent"),
        (lambda d: d.update({"current_turn": "1"}), "current_turn"),
        (
            lambda d: d["last_processed_response"]["functions"][0]["tool"].update(
                {"name": "rm_rf"}
            ),
            "rm_rf",
        ),
    ],
)
async def test_hostile_snapshots_get_typed_errors(mutate: Any, match: str) -> None:
    ops, _, result = await _paused()
    data = result.to_state().to_json()
    mutate(data)
    with pytest.raises(RunStateError, match=match):
        await RunState.from_json(ops, data)


@pytest.mark.parametrize("text", ["", "{", "[]", "null", '"x"', "[" * 100000])
async def test_malformed_strings_get_typed_errors(text: str) -> None:
    ops, _ = shared.agent("agentkit", [])
    with pytest.raises(RunStateError):
        await RunState.from_string(ops, text)


async def test_context_options() -> None:
    class Account:
        def __init__(self, user: str) -> None:
            self.user = user

    ops, _, result = await _paused(context=Account("u7"))
    state = result.to_state()
    with pytest.raises(UserError, match="context_serializer"):
        state.to_json(strict_context=True)
    data = state.to_json(context_serializer=lambda a: {"user": a.user})
    assert data["context"]["context"] == {"user": "u7"}
    restored = await RunState.from_json(
        ops, data, context_deserializer=lambda d: Account(d["user"])
    )
    assert restored._context is not None and restored._context.context.user == "u7"
    with pytest.raises(UserError, match="context_deserializer"):
        await RunState.from_json(ops, data, strict_context=True)
    override = await RunState.from_json(ops, data, context_override=Account("other"))
    assert override._context is not None and override._context.context.user == "other"
    # Without a serializer an arbitrary object is left out, not pickled or str()-ed.
    assert state.to_json()["context"]["context"] == {}


async def test_tracing_api_key_only_with_opt_in() -> None:
    _ops, _, result = await _paused()
    state = result.to_state()
    state._trace = {"object": "trace", "id": "trace_1", "tracing_api_key": "sk-secret"}
    assert "sk-secret" not in state.to_string()
    assert state.to_json(include_tracing_api_key=True)["trace"]["tracing_api_key"] == "sk-secret"


async def test_nested_agent_tool_pause_survives_serialisation() -> None:
    from agentkit import Agent
    from agentkit.testing import ScriptedModel, assistant_message, function_call

    def build(first: bool = True) -> tuple[Any, Any, list[str]]:
        parts = shared.build("agentkit")
        inner_steps: list[Any] = [[assistant_message("inner deleted")]]
        outer_steps: list[Any] = [[assistant_message("ok")]]
        if first:
            inner_steps.insert(0, [function_call("delete_file", {"path": "n"}, call_id="inner1")])
            outer_steps.insert(0, [function_call("janitor", {"input": "c"}, call_id="outer1")])
        inner_model = ScriptedModel(inner_steps)
        inner = Agent(name="inner", tools=parts["tools"], model=inner_model)
        model = ScriptedModel(outer_steps)
        outer = Agent(name="outer", tools=[inner.as_tool("janitor", "Cleans")], model=model)
        return outer, inner_model, parts["log"]

    outer, _, _ = build()
    text = (await Runner.run(outer, "x")).to_state().to_string()
    # A new process: fresh agents, and only the first (already answered) steps consumed.
    outer2, inner_model2, log2 = build(first=False)
    state = await RunState.from_string(outer2, text)
    [item] = state.get_interruptions()
    assert (item.agent.name, item.call_id) == ("inner", "inner1")
    state.approve(item)
    resumed = await Runner.run(outer2, state)
    assert resumed.final_output == "ok"
    assert log2 == ["delete n"]
    assert len(inner_model2.calls) == 1


async def test_trace_metadata_survives_and_the_resume_continues_the_trace() -> None:
    from agentkit import RunConfig

    config = RunConfig(workflow_name="approvals", group_id="thread-9", trace_metadata={"k": "v"})
    _ops, _, result = await _paused(run_config=config)
    data = result.to_state().to_json()
    trace = data["trace"]
    assert trace["workflow_name"] == "approvals"
    assert trace["group_id"] == "thread-9"
    assert trace["metadata"] == {"k": "v"}
    assert trace["id"].startswith("trace_")
    fresh, _ = shared.agent("agentkit", [shared.FINAL])
    state = await RunState.from_json(fresh, data)
    assert state._trace == trace
    state.approve(state.get_interruptions()[0])
    resumed = await Runner.run(fresh, state)
    assert resumed.to_state().to_json()["trace"]["id"] == trace["id"]


@pytest.mark.skipif(not HAVE_REFERENCE, reason="openai-agents 0.24 reference venv absent")
def test_handoff_nested_and_session_programs_match_upstream(tmp_path: Path) -> None:
    def run_side(python: str, lib: str) -> Any:
        proc = subprocess.run(
            [python, str(FIXTURES / "parity_programs.py"), lib],
            capture_output=True,
            text=True,
            timeout=180,
            cwd=tmp_path,
            env={"PATH": "/usr/bin:/bin", "OPENAI_AGENTS_DISABLE_TRACING": "1"},
        )
        assert proc.returncode == 0, proc.stderr
        return json.loads(proc.stdout.strip().splitlines()[-1])

    ours = run_side(sys.executable, "agentkit")
    theirs = run_side(str(REF_PYTHON), "agents")
    assert ours == theirs


async def test_a_paused_nested_run_is_stored_as_upstream_stores_it() -> None:
    outer, _, _ = shared.nested_agents("agentkit")
    data = (await Runner.run(outer, "clean up")).to_state().to_json()
    assert "agentkit_nested_runs" not in data
    [function] = data["last_processed_response"]["functions"]
    theirs = json.loads((FIXTURES / "upstream_nested_paused.json").read_text())
    [their_function] = theirs["last_processed_response"]["functions"]
    assert function["tool_call"]["call_id"] == their_function["tool_call"]["call_id"] == "o1"
    nested, their_nested = function["agent_run_state"], their_function["agent_run_state"]
    assert nested["current_agent"] == their_nested["current_agent"] == {"name": "inner"}
    assert nested["original_input"] == their_nested["original_input"] == "c"
    [pending] = nested["last_processed_response"]["functions"]
    [their_pending] = their_nested["last_processed_response"]["functions"]
    assert pending["tool_call"] == their_pending["tool_call"]
    assert pending["tool"]["name"] == their_pending["tool"]["name"] == "delete_file"


async def test_reading_an_upstream_nested_snapshot() -> None:
    outer, parts, inner_model = shared.nested_agents("agentkit", first=False)
    text = (FIXTURES / "upstream_nested_paused.json").read_text()
    state = await RunState.from_string(outer, text)
    [item] = state.get_interruptions()
    assert (item.agent.name, item.tool_name, item.call_id) == ("inner", "delete_file", "i1")
    state.approve(item)
    result = await Runner.run(outer, state)
    assert result.final_output == "all done"
    assert parts["log"] == ["delete n"]
    assert len(inner_model.calls) == 1
    assert [type(i).__name__ for i in result.new_items][-2:] == [
        "ToolCallOutputItem",
        "MessageOutputItem",
    ]


@pytest.mark.skipif(not HAVE_REFERENCE, reason="openai-agents 0.24 reference venv absent")
async def test_upstream_resumes_our_nested_snapshot(tmp_path: Path) -> None:
    outer, _, _ = shared.nested_agents("agentkit")
    snapshot = tmp_path / "nested.json"
    snapshot.write_text((await Runner.run(outer, "clean up")).to_state().to_string())
    proc = subprocess.run(
        [str(REF_PYTHON), str(FIXTURES / "upstream_agents.py"), "resume-nested", str(snapshot)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "OPENAI_AGENTS_DISABLE_TRACING": "1"},
    )
    assert proc.returncode == 0, proc.stderr
    summary = json.loads(proc.stdout.strip().splitlines()[-1])
    assert summary["interruptions"] == [["inner", "delete_file", "i1"]]
    assert summary["final_output"] == "all done"
    assert summary["log"] == ["delete n"]
    assert summary["inner_calls"] == 1


async def test_a_nested_run_for_a_tool_that_is_not_an_agent_tool_is_refused() -> None:
    data = json.loads((FIXTURES / "upstream_nested_paused.json").read_text())
    data["last_processed_response"]["functions"][0]["tool"]["name"] = "list_files"
    ops, _ = shared.agent("agentkit", [])
    data["current_agent"] = {"name": "ops"}
    for key in ("generated_items", "session_items"):
        data[key] = []
    data["current_step"] = None
    with pytest.raises(RunStateError, match="not an agent tool of agent 'ops'"):
        await RunState.from_json(ops, data)
