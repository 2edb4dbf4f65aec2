"""The core imports only the standard library, httpx, pydantic and typing_extensions, relatively."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

CORE = Path(__file__).resolve().parents[2] / "agentkit"
ALLOWED_THIRD_PARTY = {"httpx", "pydantic", "pydantic_core", "typing_extensions"}


def import_violations(package_dir: Path, package_name: str) -> list[str]:
    """Every import under `package_dir` that breaks the core's rules, as 'file:line: why'."""
    allowed = ALLOWED_THIRD_PARTY | set(sys.stdlib_module_names)
    found = []
    for path in sorted(package_dir.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                where = f"{path.relative_to(package_dir.parent)}:{node.lineno}"
                if top == package_name:
                    found.append(f"{where}: absolute import of {name} (use a relative import)")
                elif top not in allowed:
                    found.append(f"{where}: imports {name}, outside the core's dependencies")
    return found


def test_core_imports_only_allowed_modules_and_itself_relatively() -> None:
    assert CORE.is_dir()
    assert import_violations(CORE, "agentkit") == []


@pytest.mark.parametrize(
    ("source", "why"),
    [
        ("import numpy\n", "imports numpy"),
        ("from openai.types import Foo\n", "imports openai.types"),
        ("from agentkit.agent import Agent\n", "absolute import of agentkit.agent"),
        ("def f():\n    import websockets\n", "imports websockets"),
        ("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import mcp\n", "imports mcp"),
    ],
)
def test_checker_catches_violations(tmp_path: Path, source: str, why: str) -> None:
    pkg = tmp_path / "agentkit"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("import json\nimport httpx\nfrom . import sub\n")
    (pkg / "sub" / "mod.py").write_text(source)
    [violation] = import_violations(pkg, "agentkit")
    assert violation.startswith("agentkit/sub/mod.py:")
    assert why in violation
