"""A size habit: no function in agentkit/ or extras/ is longer than 80 lines.

A function's length runs from its first decorator (or `def`) to its last line, docstring and
comments included; nested functions count inside their parent and on their own. (Complexity has
its own limit: ruff's C90 at 15, configured in pyproject.toml.)
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MAX_LINES = 80
CHECKED = ["agentkit", "extras"]
# Pending elsewhere, each with the change that removes it:
PENDING = {
    # The session conformance catalogue, owned by the memory work.
    "agentkit/memory/_conformance.py",
}


def long_functions(root: Path, paths: list[str], limit: int = MAX_LINES) -> list[str]:
    """Every function over `limit` lines under `paths`, as 'path:line name (N lines)'."""
    found = []
    for top in paths:
        for path in sorted((root / top).rglob("*.py")):
            relative = path.relative_to(root).as_posix()
            if any(relative == p or relative.startswith(p + "/") for p in PENDING):
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            for node in ast.walk(tree):
                if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    continue
                start = min([node.lineno, *(d.lineno for d in node.decorator_list)])
                assert node.end_lineno is not None
                length = node.end_lineno - start + 1
                if length > limit:
                    found.append(f"{relative}:{node.lineno} {node.name} ({length} lines)")
    return found


def test_no_function_is_longer_than_80_lines() -> None:
    assert long_functions(ROOT, CHECKED) == []


def test_pending_paths_exist() -> None:
    # A stale entry would silently exempt whatever later appears at that path.
    assert all((ROOT / p).exists() for p in PENDING)


@pytest.mark.parametrize(("body_lines", "flagged"), [(77, False), (78, False), (79, True)])
def test_checker_flags_functions_over_the_limit(
    tmp_path: Path, body_lines: int, flagged: bool
) -> None:
    # The def line, the docstring line, then the body.
    source = 'def f():\n    """Doc."""\n' + "    x = 1\n" * body_lines
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "mod.py").write_text(source)
    expected = [f"pkg/mod.py:1 f ({body_lines + 2} lines)"] if flagged else []
    assert long_functions(tmp_path, ["pkg"]) == expected


def test_checker_counts_decorators_and_nested_functions(tmp_path: Path) -> None:
    inner = "    def inner():\n" + "        y = 2\n" * 81
    source = "@decorator\n@other\ndef outer():\n" + "    x = 1\n" * 76 + inner
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "mod.py").write_text(source)
    assert long_functions(tmp_path, ["pkg"]) == [
        "pkg/mod.py:3 outer (161 lines)",
        "pkg/mod.py:80 inner (82 lines)",
    ]
