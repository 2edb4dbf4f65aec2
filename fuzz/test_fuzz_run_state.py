"""Hostile RunState snapshots: any JSON, mutated real snapshots and any text either restore or
raise a typed `RunStateError` (never another exception), signed or not."""

from __future__ import annotations

import contextlib
import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from agentkit import Agent, Runner, RunState, function_tool
from agentkit.run_state import RunStateError
from agentkit.testing import ScriptedModel, assistant_message, function_call

from ._support import json_values, run, scaled

KEY = b"fuzzing-key-0123456789abcdef!!!!"


@function_tool(needs_approval=True)
def delete_file(path: str) -> str:
    """Delete a file."""
    return f"deleted {path}"


def _agent() -> Agent[Any]:
    return Agent(name="ops", tools=[delete_file], model=ScriptedModel([[assistant_message("x")]]))


async def _real_snapshot() -> dict[str, Any]:
    model = ScriptedModel(
        [[function_call("delete_file", {"path": "a"}, call_id="c1")], [assistant_message("ok")]]
    )
    agent = Agent(name="ops", tools=[delete_file], model=model)
    result = await Runner.run(agent, "go")
    return result.to_state().to_json()


REAL = run(_real_snapshot())


async def _restore(text: str, **kwargs: Any) -> None:
    with contextlib.suppress(RunStateError):
        await RunState.from_string(_agent(), text, **kwargs)


def _mutate(data: Any, path: list[int], value: Any) -> Any:
    """Replace one value somewhere in `data` (the path picks keys/indexes modulo their count)."""
    if not path or not isinstance(data, (dict, list)) or not data:
        return value
    if isinstance(data, dict):
        key = sorted(data)[path[0] % len(data)]
        return {**data, key: _mutate(data[key], path[1:], value)}
    index = path[0] % len(data)
    return [*data[:index], _mutate(data[index], path[1:], value), *data[index + 1 :]]


@scaled(0.5)
@given(json_values(12))
def test_fuzz_run_state_any_json(value: Any) -> None:
    run(_restore(json.dumps(value)))


@scaled(1.0)
@given(st.lists(st.integers(0, 50), max_size=6), json_values(4))
def test_fuzz_run_state_mutated_snapshot(path: list[int], value: Any) -> None:
    run(_restore(json.dumps(_mutate(REAL, path, value))))


@scaled(0.5)
@given(st.text(max_size=200))
def test_fuzz_run_state_signed_garbage(text: str) -> None:
    run(_restore(text, signing_key=KEY, max_age_seconds=60))
