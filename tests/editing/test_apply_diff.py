"""`agentkit.apply_diff` gives what openai-agents 0.24's gives (results and error messages) for
a recorded corpus of V4A diffs (tests/editing/data/record_apply_diff.py), and `agentkit.editor`'s
protocol accepts editors as upstream's does."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from agentkit.apply_diff import apply_diff
from agentkit.editor import ApplyPatchEditor, ApplyPatchOperation, ApplyPatchResult

CASES: list[dict[str, Any]] = json.loads(
    (Path(__file__).resolve().parent / "data" / "apply_diff_cases.json").read_text()
)


@pytest.mark.parametrize("case", CASES, ids=[str(i) for i in range(len(CASES))])
def test_matches_upstream(case: dict[str, Any]) -> None:
    if "error" in case:
        with pytest.raises(ValueError) as raised:
            apply_diff(case["input"], case["diff"], case["mode"])
        assert str(raised.value) == case["error"]
    else:
        assert apply_diff(case["input"], case["diff"], case["mode"]) == case["result"]


def test_the_corpus_exercises_results_and_errors() -> None:
    assert sum("error" in c for c in CASES) > 50 and sum("result" in c for c in CASES) > 200


def test_examples() -> None:
    assert apply_diff("", "+a\n+b\n", "create") == "a\nb"
    assert apply_diff("a\r\nb\r\n", " a\n-b\n+c\n") == "a\r\nc\r\n"
    source = "class A:\n    def m(self):\n        return 1\nclass B:\n    def m(self):\n        return 1\n"
    patched = apply_diff(
        source, "@@ class B:\n@@     def m(self):\n-        return 1\n+        return 2\n"
    )
    assert patched.endswith("class B:\n    def m(self):\n        return 2\n")
    assert patched.startswith("class A:\n    def m(self):\n        return 1\n")
    with pytest.raises(ValueError, match="Invalid Context 0"):
        apply_diff("a\n", " missing\n-a\n")


async def test_editor_protocol() -> None:
    class Editor:
        def __init__(self) -> None:
            self.files: dict[str, str] = {"a.txt": "one\n"}

        def create_file(self, operation: ApplyPatchOperation) -> str:
            self.files[operation.path] = apply_diff("", operation.diff or "", "create")
            return "created"

        async def update_file(self, operation: ApplyPatchOperation) -> ApplyPatchResult:
            self.files[operation.path] = apply_diff(
                self.files[operation.path], operation.diff or ""
            )
            return ApplyPatchResult(status="completed")

        def delete_file(self, operation: ApplyPatchOperation) -> None:
            del self.files[operation.path]

    editor = Editor()
    assert isinstance(editor, ApplyPatchEditor)
    assert not isinstance(object(), ApplyPatchEditor)
    assert editor.create_file(ApplyPatchOperation("create_file", "b.txt", "+two\n")) == "created"
    result = await editor.update_file(ApplyPatchOperation("update_file", "a.txt", "-one\n+uno\n"))
    assert result.status == "completed" and editor.files == {"a.txt": "uno\n", "b.txt": "two"}
