"""Runs `mypy --strict` on agentkit as it is installed: the core plus each extras/<name> as agentkit.<name>.

mypy cannot follow setup.py's package mapping, so this builds a view of the installed tree out of
symlinks (.typecheck/agentkit/...) and checks that, with the type-level tests in tests/typing.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def build_view() -> Path:
    view = ROOT / ".typecheck"
    shutil.rmtree(view, ignore_errors=True)
    package = view / "agentkit"
    package.mkdir(parents=True)
    for entry in (ROOT / "agentkit").iterdir():
        if entry.name != "__pycache__":
            (package / entry.name).symlink_to(entry)
    for extra in (ROOT / "extras").iterdir():
        if (extra / "__init__.py").is_file():
            (package / extra.name).symlink_to(extra)
    return view


def main() -> int:
    view = build_view()
    command = [sys.executable, "-m", "mypy", "--strict", str(view / "agentkit"), "tests/typing"]
    return subprocess.run(command, cwd=ROOT, env=None).returncode


if __name__ == "__main__":
    raise SystemExit(main())
