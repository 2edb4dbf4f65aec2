"""MCP benchmarks: agentkit.mcp against agents.mcp (openai-agents 0.24), both on mcp 2.3.0.

    python -m benchmarks.mcp_bench --against /opt/ref/bin/python [--rounds 7] [--runs 40]

Cases, each in fresh child processes alternating sides (A B A B ...), after one unrecorded round:
- `import`: `import <lib>.mcp`, and `from <lib>.mcp import MCPServerStdio` followed by importing
  what connecting needs (`mcp.client.stdio`, i.e. the whole `mcp` client), timed in-process.
- `stdio_call`: one stdio server (`mcp_bench_server.py`, run by the same interpreter for both
  sides) connected with `cache_tools_list=True`; then the time per `server.call_tool("echo")`
  (direct) and per agent run whose canned model calls that tool once and answers (through a run);
  "run overhead" is run time minus direct call time: what the SDK adds around the MCP call.
Prints a table and writes `results/mcp.json`. Programs, not tests: nothing fails on a time.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SERVER = HERE / "mcp_bench_server.py"


# --- child side ---------------------------------------------------------------------------------


def child_import(lib: str) -> dict[str, float]:
    start = time.perf_counter()
    importlib.import_module(f"{lib}.mcp")
    package = time.perf_counter() - start
    importlib.import_module(f"{lib}.mcp").MCPServerStdio  # noqa: B018 - the lazy attribute
    importlib.import_module("mcp.client.stdio")
    return {"import_package_s": package, "import_ready_to_connect_s": time.perf_counter() - start}


async def _stdio_call(lib: str, runs: int) -> dict[str, float]:
    from benchmarks import scenarios

    side = importlib.import_module(f"benchmarks.side_{lib}")
    mcp_module = importlib.import_module(f"{lib}.mcp")
    side.set_tracing_disabled(True)
    call = scenarios._call(side, "echo", '{"text":"hi"}', "call_echo")
    model = scenarios.canned_model_class(side)([[call], [scenarios._message(side, "done")]])
    # Both sides talk to the same server program under the same interpreter (the parent's).
    server_python = os.environ.get("MCP_BENCH_SERVER_PYTHON", sys.executable)
    params = {"command": server_python, "args": [str(SERVER)]}
    async with mcp_module.MCPServerStdio(params, cache_tools_list=True) as server:
        agent = side.Agent(name="bench", model=model, mcp_servers=[server])
        for _ in range(5):  # warm up both paths
            await server.call_tool("echo", {"text": "hi"})
            await side.Runner.run(agent, "go")
        start = time.perf_counter()
        for _ in range(runs):
            await server.call_tool("echo", {"text": "hi"})
        direct = (time.perf_counter() - start) / runs
        start = time.perf_counter()
        for _ in range(runs):
            result = await side.Runner.run(agent, "go")
        run = (time.perf_counter() - start) / runs
        assert result.final_output == "done"
    return {"direct_call_s": direct, "run_with_call_s": run, "run_overhead_s": run - direct}


def child_main(lib: str, case: str, runs: int) -> None:
    if case == "import":
        out: dict[str, float] = child_import(lib)
    else:
        out = asyncio.run(_stdio_call(lib, runs))
    print(json.dumps(out))


# --- parent side --------------------------------------------------------------------------------


def _child(python: str, lib: str, case: str, runs: int) -> dict[str, float]:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "PYTHONDONTWRITEBYTECODE": "0",
        "MCP_BENCH_SERVER_PYTHON": sys.executable,
    }
    done = subprocess.run(
        [python, "-m", "benchmarks.mcp_bench", "child", lib, case, str(runs)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _version(python: str, dist: str) -> str:
    code = f"import importlib.metadata as m; print(m.version({dist!r}))"
    return subprocess.run([python, "-c", code], capture_output=True, text=True).stdout.strip()


def measure(against: str, rounds: int, runs: int) -> dict[str, Any]:
    sides = {"agentkit": sys.executable, "agents": against}
    samples: dict[str, dict[str, list[float]]] = {lib: {} for lib in sides}
    for case in ("import", "stdio_call"):
        for round_index in range(rounds + 1):
            for lib, python in sides.items():
                values = _child(python, lib, case, runs)
                if round_index == 0:
                    continue  # warms byte-code caches and the page cache
                for key, value in values.items():
                    samples[lib].setdefault(key, []).append(value)
    medians = {lib: {k: statistics.median(v) for k, v in s.items()} for lib, s in samples.items()}
    ratios = {
        key: medians["agentkit"][key] / medians["agents"][key]
        for key in medians["agentkit"]
        if medians["agents"].get(key)
    }
    return {
        "rounds": rounds,
        "runs_per_sample": runs,
        "versions": {
            "mcp": _version(sys.executable, "mcp"),
            "openai-agents": _version(against, "openai-agents"),
            "python": sys.version.split()[0],
        },
        "samples": samples,
        "medians": medians,
        "ratios_agentkit_over_agents": ratios,
    }


def table(result: dict[str, Any]) -> str:
    rows = ["| measure | agentkit | agents | ratio |", "| --- | ---: | ---: | ---: |"]
    for key, ratio in result["ratios_agentkit_over_agents"].items():
        ours = result["medians"]["agentkit"][key] * 1000
        theirs = result["medians"]["agents"][key] * 1000
        rows.append(f"| {key.removesuffix('_s')} | {ours:.2f} ms | {theirs:.2f} ms | {ratio:.2f} |")
    return "\n".join(rows)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "child":
        child_main(sys.argv[2], sys.argv[3], int(sys.argv[4]))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", default="/opt/ref/bin/python")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    result = measure(args.against, args.rounds, args.runs)
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / "mcp.json").write_text(json.dumps(result, indent=2) + "\n")
    print(table(result))


if __name__ == "__main__":
    main()
