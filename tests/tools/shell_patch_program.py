"""Shell and apply-patch runs written against the `agents` API, so the same program runs on
upstream `agents` 0.24 (under /opt/ref/bin/python) and on agentkit (only the imports differ).
Runs one scenario against the loopback server and prints what the run produced as JSON: the new
items as model input, the final output, the stream event names, the interruptions.

    python tests/tools/shell_patch_program.py '{"lib": "agentkit", "base_url": "...",
        "scenario": "shell_local", "workdir": "/tmp/x", "stream": false}'
"""

from __future__ import annotations

import asyncio
import importlib
import json
import os
import subprocess
import sys
from typing import Any


def _client(lib: str, base_url: str) -> Any:
    if lib == "agents":
        from openai import AsyncOpenAI
    else:
        from agentkit.client import AsyncOpenAI
    return AsyncOpenAI(base_url=base_url, api_key="sk-test", max_retries=0)


def _shell_executor(A: Any, workdir: str, structured: bool) -> Any:
    def run(request: Any) -> Any:
        outputs = []
        for command in request.data.action.commands:
            done = subprocess.run(
                command, shell=True, cwd=workdir, capture_output=True, text=True, timeout=30
            )
            outputs.append(
                A.ShellCommandOutput(
                    stdout=done.stdout,
                    stderr=done.stderr,
                    outcome=A.ShellCallOutcome(type="exit", exit_code=done.returncode),
                    command=command,
                )
            )
        if structured:
            return A.ShellResult(output=outputs)
        return "\n".join(o.stdout for o in outputs)

    return run


class _Editor:
    """Applies operations to files under `root` with the library's `apply_diff`."""

    def __init__(self, apply_diff: Any, root: str) -> None:
        self.apply_diff = apply_diff
        self.root = root

    def _path(self, operation: Any) -> str:
        return os.path.join(self.root, operation.path)

    def create_file(self, operation: Any) -> Any:
        with open(self._path(operation), "w") as f:
            f.write(self.apply_diff("", operation.diff, mode="create"))
        return f"Created {operation.path}"

    def update_file(self, operation: Any) -> Any:
        with open(self._path(operation)) as f:
            text = f.read()
        with open(self._path(operation), "w") as f:
            f.write(self.apply_diff(text, operation.diff))
        return f"Updated {operation.path}"

    def delete_file(self, operation: Any) -> Any:
        os.remove(self._path(operation))
        return {"status": "completed", "output": f"Deleted {operation.path}"}


def _tools(A: Any, lib: str, spec: dict[str, Any]) -> list[Any]:
    scenario = spec["scenario"]
    workdir = spec["workdir"]
    approval = spec.get("approval", False)
    if scenario == "local_shell":

        def run_local(request: Any) -> str:
            command = request.data.action.command
            return subprocess.run(command, cwd=workdir, capture_output=True, text=True).stdout

        return [A.LocalShellTool(executor=run_local)]
    if scenario.startswith("shell_hosted"):
        return [A.ShellTool(environment={"type": "container_auto", "file_ids": ["file_1"]})]
    if scenario.startswith("shell"):
        return [
            A.ShellTool(
                executor=_shell_executor(A, workdir, scenario != "shell_text"),
                needs_approval=approval,
            )
        ]
    apply_diff = importlib.import_module(f"{lib}.apply_diff").apply_diff
    return [A.ApplyPatchTool(editor=_Editor(apply_diff, workdir), needs_approval=approval)]


def _input_view(item: Any) -> Any:
    try:
        data = item.to_input_item()
    except Exception as exc:
        return {"not_input": type(item).__name__, "error": type(exc).__name__}
    if hasattr(data, "model_dump"):
        data = data.model_dump(exclude_unset=True)
    return json.loads(json.dumps(data, default=str))


async def _run_once(A: Any, agent: Any, given: Any, config: Any, stream: bool) -> Any:
    if not stream:
        return await A.Runner.run(agent, given, run_config=config), []
    result = A.Runner.run_streamed(agent, given, run_config=config)
    events = []
    async for event in result.stream_events():
        if event.type == "run_item_stream_event":
            events.append(event.name)
    return result, events


def _decide(A: Any, state: Any, decision: str) -> None:
    for item in state.get_interruptions():
        if decision == "approve":
            state.approve(item)
        else:
            state.reject(item, rejection_message=decision.removeprefix("reject:") or None)


async def run(spec: dict[str, Any]) -> dict[str, Any]:
    lib = spec["lib"]
    A = importlib.import_module(lib)
    provider = A.OpenAIProvider(openai_client=_client(lib, spec["base_url"]), use_responses=True)
    config = A.RunConfig(model_provider=provider, tracing_disabled=True)
    agent = A.Agent(
        name="coder",
        instructions="Use the tools.",
        model="gpt-4.1",
        tools=_tools(A, lib, spec),
        model_settings=A.ModelSettings(tool_choice=spec.get("tool_choice")),
    )
    result, events = await _run_once(A, agent, "go", config, spec.get("stream", False))
    out: dict[str, Any] = {
        "events": events,
        "items": [_input_view(i) for i in result.new_items],
        "interruptions": [
            {"tool_name": i.tool_name, "call_id": i.call_id} for i in result.interruptions
        ],
        "final_output": result.final_output,
    }
    if result.interruptions and spec.get("decision"):
        state_json = json.dumps(result.to_state().to_json())
        state = await A.RunState.from_json(agent, json.loads(state_json))
        _decide(A, state, spec["decision"])
        resumed, resumed_events = await _run_once(
            A, agent, state, config, spec.get("stream", False)
        )
        out["resumed"] = {
            "events": resumed_events,
            "items": [_input_view(i) for i in resumed.new_items],
            "final_output": resumed.final_output,
        }
    return out


if __name__ == "__main__":
    print(json.dumps(asyncio.run(run(json.loads(sys.argv[1]))), sort_keys=True))
