"""Every example runs as a script, unchanged, in a fresh interpreter with no OPENAI_API_KEY."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from examples_support import EXAMPLES

_DRIVER = """
import runpy, sys
for path in sys.argv[1:]:
    runpy.run_path(path, run_name="__main__")
    print("\\n=== ran " + path, flush=True)
"""


def test_every_example_runs_offline_as_a_script(tmp_path: Path) -> None:
    scripts = sorted(str(path) for path in EXAMPLES.glob("*.py"))
    assert len(scripts) >= 20
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "AGENTKIT_EXAMPLE_MODEL")
    }
    completed = subprocess.run(
        [sys.executable, "-c", _DRIVER, *scripts],
        cwd=tmp_path,  # nothing an example writes lands in the repository
        env=env,
        stdin=subprocess.DEVNULL,  # the chat-loop example ends at end of input
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert completed.returncode == 0, completed.stderr
    ran = [line for line in completed.stdout.splitlines() if line.startswith("=== ran ")]
    assert ran == [f"=== ran {script}" for script in scripts]
    assert "Traceback" not in completed.stderr
    assert list(tmp_path.iterdir()) == []
