"""Time `import agentkit.types.responses` (and `.chat`) in fresh processes, for one or more source
trees, side by side with `import openai.types.responses` (and `.chat`) in an upstream interpreter.

    python benchmarks/programs/import_types.py --tree before=/tmp/old --tree after=. \
        --against /opt/ref/bin/python --repeat 30

Sides alternate (A B C A B C …) after one unrecorded warm-up round; prints min and median per side
and each side's median ratio to upstream. Times are the importing process's CPU time, which other
load on the machine disturbs less than wall time. A program, not a test: it never fails on a time.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys

PROBE = (
    "import sys, time; {path}t = time.process_time(); import {pkg}.types.responses, "
    "{pkg}.types.chat; dt = time.process_time() - t; "
    "print(dt, sum(1 for m in sys.modules if m.startswith('{pkg}')))"
)


def sample(python: str, code: str) -> tuple[float, int]:
    out = subprocess.run([python, "-I", "-c", code], capture_output=True, text=True, check=True)
    seconds, modules = out.stdout.split()
    return float(seconds), int(modules)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--tree", action="append", default=[], help="label=path of an agentkit tree"
    )
    parser.add_argument("--against", help="interpreter with openai installed")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    sides: dict[str, tuple[str, str]] = {}
    for entry in args.tree or ["agentkit=."]:
        label, _, path = entry.partition("=")
        sides[label] = (
            sys.executable,
            PROBE.format(path=f"sys.path.insert(0, {path!r}); ", pkg="agentkit"),
        )
    if args.against:
        sides["openai"] = (args.against, PROBE.format(path="", pkg="openai"))
    results: dict[str, list[tuple[float, int]]] = {label: [] for label in sides}
    for round_ in range(args.repeat + 1):
        for label, (python, code) in sides.items():
            measured = sample(python, code)
            if round_:
                results[label].append(measured)
    base = statistics.median(t for t, _ in results["openai"]) if "openai" in results else None
    for label, values in results.items():
        times = [t for t, _ in values]
        line = f"{label:>8}: median {statistics.median(times) * 1e3:7.1f} ms, min {min(times) * 1e3:7.1f} ms, modules {values[0][1]}"
        if base:
            line += f", ratio to openai {statistics.median(times) / base:.2f}"
        print(line)


if __name__ == "__main__":
    main()
