"""Type-checks a small user program against agentkit installed both ways; the results must match.

A program written against agentkit must see the same types whether agentkit was installed with
`pip install -e .` (the README's test command) or `pip install .`. This runs `mypy --strict` on
tests/typing/install_modes/user_program.py from a directory outside the repository (so only the
installation can provide `agentkit`), first with the editable install of `--editable-python`,
then with a regular install made here in a fresh virtual environment. Both must pass, with the
same output.

    python .ci/check_install_typing.py --editable-python .venv/bin/python
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROGRAM = ROOT / "tests" / "typing" / "install_modes" / "user_program.py"


def mypy(python: Path, workdir: Path) -> tuple[int, str]:
    """mypy --strict on the program, run by `python` inside `workdir`."""
    shutil.copy(PROGRAM, workdir / PROGRAM.name)
    command = [str(python), "-m", "mypy", "--strict", "--no-incremental", PROGRAM.name]
    done = subprocess.run(command, cwd=workdir, capture_output=True, text=True)
    return done.returncode, done.stdout + done.stderr


def regular_install(venv: Path) -> Path:
    """A fresh virtual environment with agentkit (not editable) and mypy; its python."""
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", str(ROOT), "mypy"], check=True)
    return python


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--editable-python", type=Path, required=True)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="agentkit-typing-") as tmp:
        results = {}
        for mode in ("editable", "regular"):
            workdir = Path(tmp, mode)
            workdir.mkdir()
            python = (
                Path(os.path.abspath(args.editable_python))
                if mode == "editable"
                else regular_install(Path(tmp, "venv"))
            )
            results[mode] = mypy(python, workdir)
            code, output = results[mode]
            print(f"-- {mode} install: mypy exit {code}\n{output.rstrip()}")
    if any(code != 0 for code, _ in results.values()):
        print("The user program must type-check under every install mode.", file=sys.stderr)
        return 1
    if results["editable"][1] != results["regular"][1]:
        print("mypy's output differs between the install modes.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
