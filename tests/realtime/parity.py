"""Parity harness: the same realtime program with openai-agents 0.24 and with agentkit.

    python tests/realtime/parity.py [--ref /opt/ref/bin/python] [--write]

For every scenario of `scenarios.py`, `parity_program.py` runs once per SDK (each against its
own copy of the same scripted server); the client events the server received and the session
events must be equal. `--write` records the outcome in `parity_result.json`.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PROGRAM = HERE / "parity_program.py"
REF_PYTHON = os.environ.get("REF_PYTHON", "/opt/ref/bin/python")


def run_side(python: str, sdk: str, scenario: str) -> dict[str, Any]:
    done = subprocess.run(
        [python, str(PROGRAM), sdk, scenario],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{sdk} {scenario} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def diff(label: str, expected: list[Any], actual: list[Any]) -> list[str]:
    left = [json.dumps(x, sort_keys=True) for x in expected]
    right = [json.dumps(x, sort_keys=True) for x in actual]
    return [
        f"{label}: {line[:400]}"
        for line in difflib.unified_diff(left, right, "openai-agents", "agentkit", lineterm="", n=1)
    ]


def compare(scenario: str, ref_python: str) -> dict[str, Any]:
    reference = run_side(ref_python, "agents", scenario)
    ours = run_side(sys.executable, "agentkit", scenario)
    problems = diff("client", reference["client_events"], ours["client_events"])
    problems += diff("session", reference["session_events"], ours["session_events"])
    return {
        "scenario": scenario,
        "equal": not problems,
        "client_events": len(ours["client_events"]),
        "session_events": len(ours["session_events"]),
        "differences": problems,
    }


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(HERE))
    from scenarios import SCENARIOS

    parser = argparse.ArgumentParser()
    parser.add_argument("--ref", default=REF_PYTHON)
    parser.add_argument("--write", action="store_true")
    parser.add_argument("scenarios", nargs="*", default=sorted(SCENARIOS))
    args = parser.parse_args(argv[1:])
    results = [compare(name, args.ref) for name in args.scenarios]
    for result in results:
        status = "same" if result["equal"] else "DIFFERENT"
        print(
            f"{result['scenario']}: {status} ({result['client_events']} client events, "
            f"{result['session_events']} session events)"
        )
        for line in result["differences"]:
            print("   ", line)
    if args.write:
        (HERE / "parity_result.json").write_text(json.dumps(results, indent=1) + "\n")
    return 0 if all(r["equal"] for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
