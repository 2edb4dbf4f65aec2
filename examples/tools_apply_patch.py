"""Tools guide, apply-patch tool: the model edits files with V4A diffs; your editor applies each
operation (here to a scratch workspace, with `apply_diff`). A patch that does not apply goes back
to the model as a failed output, and the run continues.

Source: https://openai.github.io/openai-agents-python/tools/ (ApplyPatchTool)
Ported by changing `from agents import` to `from agentkit import` and choosing the model: the real
model when OPENAI_API_KEY is set (AGENTKIT_EXAMPLE_MODEL, default gpt-5.1), otherwise
agentkit.testing's FunctionModel.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

from agentkit import Agent, ApplyPatchTool, Model, Runner
from agentkit.apply_diff import apply_diff
from agentkit.editor import ApplyPatchOperation, ApplyPatchResult


def offline_model() -> Model:
    from agentkit.testing import FunctionModel, ModelCall
    from agentkit.types.responses import ResponseApplyPatchToolCall

    def patch(call_id: str, operation: dict[str, str]) -> ResponseApplyPatchToolCall:
        return ResponseApplyPatchToolCall.model_validate(
            {"id": f"ap_{call_id}", "call_id": call_id, "operation": operation}
        )

    def respond(call: ModelCall) -> object:
        outputs = [i for i in call.input if i.get("type") == "apply_patch_call_output"]
        if not outputs:
            return [
                patch(
                    "create",
                    {"type": "create_file", "path": "todo.md", "diff": "+# Todo\n+- write\n"},
                ),
                patch(
                    "stale",
                    {"type": "update_file", "path": "todo.md", "diff": "@@\n-- nothing\n+- x\n"},
                ),
            ]
        if len(outputs) == 2:
            return [
                patch(
                    "fix",
                    {
                        "type": "update_file",
                        "path": "todo.md",
                        "diff": "@@\n # Todo\n-- write\n+- write\n+- test\n",
                    },
                )
            ]
        return "; ".join(f"{o['status']}: {o.get('output', '')}" for o in outputs)

    return FunctionModel(respond)  # type: ignore[arg-type]


def choose_model() -> str | Model:
    if os.environ.get("OPENAI_API_KEY"):
        return os.environ.get("AGENTKIT_EXAMPLE_MODEL", "gpt-5.1")
    print("OPENAI_API_KEY is not set: running offline on agentkit.testing.", file=sys.stderr)
    return offline_model()


class WorkspaceEditor:
    """Creates, patches and deletes files under `root`; refuses paths that leave it."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()

    def _path(self, operation: ApplyPatchOperation) -> Path:
        path = (self.root / operation.path).resolve()
        if not path.is_relative_to(self.root):
            raise ValueError(f"{operation.path} is outside the workspace")
        return path

    def create_file(self, operation: ApplyPatchOperation) -> ApplyPatchResult:
        path = self._path(operation)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(apply_diff("", operation.diff or "", mode="create"))
        return ApplyPatchResult(output=f"Created {operation.path}")

    def update_file(self, operation: ApplyPatchOperation) -> ApplyPatchResult:
        path = self._path(operation)
        path.write_text(apply_diff(path.read_text(), operation.diff or ""))
        return ApplyPatchResult(output=f"Updated {operation.path}")

    def delete_file(self, operation: ApplyPatchOperation) -> ApplyPatchResult:
        self._path(operation).unlink()
        return ApplyPatchResult(output=f"Deleted {operation.path}")


async def main() -> None:
    with tempfile.TemporaryDirectory() as workspace:
        agent = Agent(
            name="Editor",
            instructions="Edit files with the apply_patch tool.",
            tools=[ApplyPatchTool(editor=WorkspaceEditor(Path(workspace)))],
            model=choose_model(),
        )
        result = await Runner.run(agent, "Create todo.md with a short todo list.")
        print(result.final_output)
        print((Path(workspace) / "todo.md").read_text())


if __name__ == "__main__":
    asyncio.run(main())
