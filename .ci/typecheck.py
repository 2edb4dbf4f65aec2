"""Runs `mypy --strict` on agentkit as it is installed: the core plus each extra at its package.

mypy cannot follow setup.py's package mapping in the source tree, so this lays the installed tree
out as symlinks (.typecheck/agentkit/..., built by setup.py's `build_view`, the same layout an
editable install gives type checkers) and checks that, with the type-level tests in tests/typing.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent


def load_setup() -> ModuleType:
    """setup.py as a module (its `setup()` call runs only as a script)."""
    spec = importlib.util.spec_from_file_location("agentkit_setup", ROOT / "setup.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> int:
    view = load_setup().build_view(ROOT / ".typecheck")
    command = [sys.executable, "-m", "mypy", "--strict", str(view / "agentkit"), "tests/typing"]
    return subprocess.run(command, cwd=ROOT, env=None).returncode


if __name__ == "__main__":
    raise SystemExit(main())
