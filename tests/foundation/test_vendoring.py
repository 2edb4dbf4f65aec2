"""The core can be vendored under another package name and still runs an agent end to end."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

CORE = Path(__file__).resolve().parents[2] / "agentkit"

PROGRAM = textwrap.dedent(
    """
    import asyncio, json, sys

    sys.path.insert(0, sys.argv[1])
    from vendored_pkg._vendor.agentkit import Agent, Runner, function_tool
    from vendored_pkg._vendor.agentkit.testing import ScriptedModel, assistant_message, function_call

    @function_tool
    def add(a: int, b: int) -> int:
        \"\"\"Add two numbers.\"\"\"
        return a + b

    model = ScriptedModel([
        [function_call("add", {"a": 2, "b": 3}, call_id="call_1")],
        [assistant_message("the sum is 5")],
    ])
    agent = Agent(name="calc", instructions="Add numbers.", tools=[add], model=model)
    result = asyncio.run(Runner.run(agent, "2+3?"))
    tool_outputs = [item.output for item in result.new_items if item.type == "tool_call_output_item"]
    print(json.dumps({
        "final_output": result.final_output,
        "tool_outputs": tool_outputs,
        "agentkit_modules": sorted(m for m in sys.modules if m.split(".")[0] == "agentkit"),
        "vendored_module": type(agent).__module__,
    }))
    """
)


def test_vendored_copy_runs_an_agent_without_the_installed_package(tmp_path: Path) -> None:
    vendor = tmp_path / "vendored_pkg" / "_vendor"
    vendor.mkdir(parents=True)
    (tmp_path / "vendored_pkg" / "__init__.py").write_text("")
    (vendor / "__init__.py").write_text("")
    shutil.copytree(CORE, vendor / "agentkit", ignore=shutil.ignore_patterns("__pycache__"))

    completed = subprocess.run(
        # The installed agentkit stays importable from site-packages: the module check below proves
        # the vendored copy never falls back to it.
        [sys.executable, "-I", "-c", PROGRAM, str(tmp_path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert completed.returncode == 0, completed.stderr
    result = json.loads(completed.stdout)
    assert result["final_output"] == "the sum is 5"
    assert result["tool_outputs"] == [5]
    assert result["agentkit_modules"] == []
    assert result["vendored_module"] == "vendored_pkg._vendor.agentkit.agent"
