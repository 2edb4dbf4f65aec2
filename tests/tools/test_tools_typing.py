"""Static typing: `function_tool` turns functions into `FunctionTool` for mypy."""

from __future__ import annotations

import pathlib

import pytest

CASES = pathlib.Path(__file__).parent / "typing_cases"


def test_function_tool_types_under_mypy(tmp_path: pathlib.Path) -> None:
    api = pytest.importorskip("mypy.api")
    bad = tmp_path / "misuse.py"
    bad.write_text(
        "from agentkit.tool import function_tool\n"
        "@function_tool(strict_mode='yes')\n"
        "def f(a: int) -> int:\n"
        "    return a\n"
    )
    stdout, stderr, status = api.run(
        [
            "--strict",
            "--follow-imports=silent",
            "--cache-dir",
            str(tmp_path / "mypy_cache"),
            str(CASES / "function_tool_types.py"),
            str(bad),
        ]
    )
    errors = [line for line in stdout.splitlines() if ": error:" in line]
    # The good cases (assert_type on decorated functions) are clean ...
    assert not [e for e in errors if "function_tool_types.py" in e], stdout + stderr
    # ... and a wrong argument type is caught.
    assert status == 1
    assert errors and all("misuse.py:2:" in e for e in errors), stdout
    assert any("No overload variant" in e for e in errors), stdout
