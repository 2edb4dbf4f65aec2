"""The shell and apply-patch tool examples run offline (no API key, stdin not a terminal): real
commands in a scratch directory, real patches on a scratch workspace."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

EXPECTED = {
    "tools_shell": [
        "Run [\"echo 'draft' > notes.txt\", 'ls', 'rm notes.txt && ls']? [auto-approved]",
        "Done: notes.txt",
    ],
    "tools_apply_patch": [
        "completed: Created todo.md; failed: Invalid Context 0:",
        "- nothing; completed: Updated todo.md",
        "# Todo",
        "- write",
        "- test",
    ],
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_runs_offline(name: str, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "OPENAI_API_KEY"}
    proc = subprocess.run(
        [sys.executable, str(EXAMPLES / f"{name}.py")],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().splitlines() == EXPECTED[name]
    assert "running offline" in proc.stderr
    assert list(tmp_path.iterdir()) == []  # the examples work in their own scratch directory
