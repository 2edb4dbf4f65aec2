"""Pause -> serialise -> deserialise -> resume, side by side with openai-agents 0.24.

    .venv/bin/python benchmarks/hitl_resume.py            # both sides, prints the ratio
    python benchmarks/hitl_resume.py --lib agentkit|agents --cycles N   # one side (JSON)

Each cycle runs the same program on both libraries with in-process scripted models: a turn with
two tool calls, one needing approval (the run pauses), `to_state().to_string()`,
`RunState.from_string(...)`, approve, resume to the final answer. Figures are the median of
5 repeats of the mean cycle time.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "hitl" / "fixtures"))


async def cycles(lib: str, n: int) -> float:
    import importlib

    import upstream_agents as shared

    sdk = importlib.import_module(lib)
    start = time.perf_counter()
    for _ in range(n):
        ops, _parts = shared.agent(lib, [shared.FIRST_TURN, shared.FINAL])
        result = await sdk.Runner.run(ops, "clean up")
        text = result.to_state().to_string()
        state = await sdk.RunState.from_string(ops, text)
        state.approve(state.get_interruptions()[0])
        done = await sdk.Runner.run(ops, state)
        assert done.final_output == "all done"
    return (time.perf_counter() - start) / n


def one_side(lib: str, n: int) -> None:
    import os

    os.environ["OPENAI_AGENTS_DISABLE_TRACING"] = "1"
    os.environ["AGENTKIT_DISABLE_TRACING"] = "1"
    asyncio.run(cycles(lib, 5))  # warm up
    runs = [asyncio.run(cycles(lib, n)) for _ in range(5)]
    print(json.dumps({"lib": lib, "seconds_per_cycle": statistics.median(runs)}))


def side(python: str, lib: str, n: int) -> float:
    out = subprocess.run(
        [python, __file__, "--lib", lib, "--cycles", str(n)],
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "/usr/bin:/bin"},
    ).stdout
    return float(json.loads(out.strip().splitlines()[-1])["seconds_per_cycle"])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lib")
    parser.add_argument("--cycles", type=int, default=50)
    parser.add_argument("--ref-python", default="/opt/ref/bin/python")
    args = parser.parse_args()
    if args.lib:
        one_side(args.lib, args.cycles)
        return
    ours = side(sys.executable, "agentkit", args.cycles)
    theirs = side(args.ref_python, "agents", args.cycles)
    print(f"agentkit:       {ours * 1e3:.2f} ms per pause/serialise/restore/resume cycle")
    print(f"openai-agents:  {theirs * 1e3:.2f} ms per cycle")
    print(f"ratio (upstream / agentkit): {theirs / ours:.2f}x")


if __name__ == "__main__":
    main()
