"""Issue 17, `Runner.run_sync` nested in runs and mixed with `await Runner.run`.

The nested cases run in a subprocess: before the fix they deadlocked the process-wide run_sync
loop thread, which would have hung every later test of the session.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

NESTED = """
import asyncio, sys
from agentkit import Agent, Runner, function_tool
from agentkit.exceptions import AgentNestingLimitExceeded
from agentkit.run_config import set_max_agent_nesting
from agentkit.testing import ScriptedModel, assistant_message, function_call

DEPTH = int(sys.argv[1])
ASYNC_TOOL = sys.argv[2] == "async"


def make_agent(level: int) -> Agent:
    if level == DEPTH:
        return Agent(name=f"a{level}", model=ScriptedModel([[assistant_message(f"leaf {level}")]]))
    inner = make_agent(level + 1)

    def body() -> str:
        return str(Runner.run_sync(inner, "go").final_output)

    if ASYNC_TOOL:
        async def nested() -> str:
            return body()
    else:
        def nested() -> str:
            return body()
    tool = function_tool(nested, name_override="nested", failure_error_function=None)
    model = ScriptedModel([
        [function_call("nested", {}, call_id=f"c{level}")],
        [assistant_message(f"level {level} done")],
    ])
    return Agent(name=f"a{level}", tools=[tool], model=model)


async def main() -> None:
    result = Runner.run_sync(make_agent(0), "x")
    print("RESULT", result.final_output, result.new_items[1].output)


if sys.argv[3] == "inside":
    asyncio.run(main())
elif sys.argv[3] == "outside":
    result = Runner.run_sync(make_agent(0), "x")
    print("RESULT", result.final_output, result.new_items[1].output)
else:
    set_max_agent_nesting(int(sys.argv[3]))
    try:
        asyncio.run(main())
    except AgentNestingLimitExceeded as exc:
        print("LIMIT", exc.depth, exc.limit)
"""


def run_script(*args: str, timeout: float = 60) -> str:
    proc = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(NESTED), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


@pytest.mark.parametrize("kind", ["async", "sync"])
@pytest.mark.parametrize("where", ["inside", "outside"])
def test_nested_run_sync_completes(kind: str, where: str) -> None:
    # Before the fix: the inner run_sync was scheduled on the loop thread it blocked (hang).
    out = run_script("1", kind, where)
    assert "RESULT level 0 done leaf 1" in out


def test_run_sync_nested_three_deep() -> None:
    out = run_script("3", "async", "inside")
    assert "RESULT level 0 done level 1 done" in out


def test_run_sync_nesting_past_the_limit_raises_at_once() -> None:
    # 6 nested run_sync levels with a limit of 3: the typed error, not a hang or thread pile-up.
    out = run_script("6", "async", "3", timeout=30)
    assert "LIMIT 4 3" in out
