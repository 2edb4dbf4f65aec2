"""Tools guide, shell tool: the model asks for shell commands, which run here through your
executor (in a scratch directory); a command that deletes anything needs a person's approval.

Source: https://openai.github.io/openai-agents-python/tools/ (ShellTool)
Ported by changing `from agents import` to `from agentkit import` and choosing the model: the real
model when OPENAI_API_KEY is set (AGENTKIT_EXAMPLE_MODEL, default gpt-5.1), otherwise
agentkit.testing's FunctionModel. Approvals are read from stdin when it is a terminal, else
every call is approved.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import tempfile
from typing import Any

from agentkit import (
    Agent,
    Model,
    RunContextWrapper,
    Runner,
    ShellActionRequest,
    ShellCallOutcome,
    ShellCommandOutput,
    ShellCommandRequest,
    ShellResult,
    ShellTool,
)


def offline_model() -> Model:
    from agentkit.testing import FunctionModel, ModelCall
    from agentkit.types.responses import ResponseFunctionShellToolCall

    def respond(call: ModelCall) -> object:
        outputs = [i for i in call.input if i.get("type") == "shell_call_output"]
        if not outputs:
            commands = ["echo 'draft' > notes.txt", "ls", "rm notes.txt && ls"]
            return [
                ResponseFunctionShellToolCall.model_validate(
                    {"id": "sh_1", "call_id": "call_shell", "action": {"commands": commands}}
                )
            ]
        return "Done: " + " | ".join(
            entry["stdout"].strip() for entry in outputs[-1]["output"] if entry["stdout"].strip()
        )

    return FunctionModel(respond)  # type: ignore[arg-type]


def choose_model() -> str | Model:
    if os.environ.get("OPENAI_API_KEY"):
        return os.environ.get("AGENTKIT_EXAMPLE_MODEL", "gpt-5.1")
    print("OPENAI_API_KEY is not set: running offline on agentkit.testing.", file=sys.stderr)
    return offline_model()


def make_executor(workdir: str) -> Any:
    def run(request: ShellCommandRequest) -> ShellResult:
        timeout = (request.data.action.timeout_ms or 30_000) / 1000
        outputs = []
        for command in request.data.action.commands:
            try:
                done = subprocess.run(
                    command,
                    shell=True,
                    cwd=workdir,
                    capture_output=True,
                    text=True,
                    timeout=timeout,
                )
            except subprocess.TimeoutExpired:
                outputs.append(
                    ShellCommandOutput(command=command, outcome=ShellCallOutcome("timeout"))
                )
                continue
            outputs.append(
                ShellCommandOutput(
                    stdout=done.stdout,
                    stderr=done.stderr,
                    outcome=ShellCallOutcome(type="exit", exit_code=done.returncode),
                    command=command,
                )
            )
        return ShellResult(output=outputs)

    return run


def deletes_files(ctx: RunContextWrapper[Any], action: ShellActionRequest, call_id: str) -> bool:
    return any("rm " in command for command in action.commands)


def ask(question: str) -> bool:
    if not sys.stdin.isatty():
        print(f"{question} [auto-approved]")
        return True
    return input(f"{question} [y/N] ").strip().lower() == "y"


async def main() -> None:
    with tempfile.TemporaryDirectory() as workdir:
        agent = Agent(
            name="Shell assistant",
            instructions="Use the shell to answer. Work in the current directory.",
            tools=[ShellTool(executor=make_executor(workdir), needs_approval=deletes_files)],
            model=choose_model(),
        )
        result = await Runner.run(agent, "Write a notes file, list the files, then clean up.")
        while result.interruptions:
            state = result.to_state()
            for item in state.get_interruptions():
                commands = item.raw_item["action"]["commands"]
                if ask(f"Run {commands}?"):
                    state.approve(item)
                else:
                    state.reject(item)
            result = await Runner.run(agent, state)
        print(result.final_output)


if __name__ == "__main__":
    asyncio.run(main())
