"""Runs each benchmark case for agentkit and (with `--against`) openai-agents, alternating A B A B
in fresh processes, and summarises medians, min/max and ratios."""

from __future__ import annotations

import asyncio
import atexit
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import _wire
from ._spawn import Spawner

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "benchmarks"
RESULTS = BENCH / "results"

API_IMPORT = "from {package} import Agent, Runner, function_tool"


@dataclass(frozen=True)
class Side:
    name: str  # "agentkit", "agents" or "pydantic_ai": selects benchmarks/side_<name>.py
    python: str


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    unit: str  # "s", "kb", "count", "bytes", "per_s"
    target: float | None = None  # the ratio agentkit/upstream to stay at or under


@dataclass
class Context:
    quick: bool
    base_url: str = ""


@dataclass(frozen=True)
class Case:
    group: str
    name: str
    description: str
    metrics: tuple[Metric, ...]
    sample: Callable[[Side, Context], dict[str, Any]]
    needs_server: bool = False
    # The dependency floor: the same job with no SDK, on agentkit's dependencies only (run in the
    # agentkit side's interpreter, alternating with the sides), where such a program makes sense.
    floor: Callable[[Side, Context], dict[str, Any]] | None = None


# --------------------------------------------------------------------------- processes


def child_env(side: str | None = None) -> dict[str, str]:
    """The environment of every child: no OpenAI credentials or endpoints can leak in.

    Children run from the repository root, so `python -m benchmarks._child` and `python -c` find
    the working tree's `benchmarks` (and `agentkit`) on sys.path; the agentkit side also gets it
    on PYTHONPATH so that scripts import the working tree's agentkit like an installed package.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "AGENTKIT_"))}
    env.pop("PYTHONPATH", None)
    # Byte-code caching on, for both sides, as after a pip install (some machines turn it off),
    # kept out of the working tree.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(BENCH / ".venvs" / "pycache")
    if side == "agentkit":
        env["PYTHONPATH"] = str(ROOT)
    return env


@dataclass
class Finished:
    stdout: str
    stderr: str
    wall_s: float
    maxrss_kb: int


_spawner: Spawner | None = None


def _get_spawner() -> Spawner:
    global _spawner
    if _spawner is None:
        _spawner = Spawner(sys.executable, ROOT)
        atexit.register(_spawner.close)
    return _spawner


def run_process(
    side: Side, argv: list[str], timeout: float = 600, stdin: str | None = None
) -> Finished:
    """Run `argv` from the repository root through the launcher: wall time, output, and the
    child's own peak RSS."""
    with tempfile.TemporaryDirectory() as tmp:
        files = {name: os.path.join(tmp, name) for name in ("stdin", "stdout", "stderr")}
        Path(files["stdin"]).write_text(stdin or "")
        reply = _get_spawner().run(argv, child_env(side.name), files, timeout)
        stdout = Path(files["stdout"]).read_text()
        stderr = Path(files["stderr"]).read_text()
    if reply["timed_out"]:
        raise RuntimeError(f"timed out after {timeout}s: {' '.join(argv)}")
    if reply["status"] != 0:
        raise RuntimeError(
            f"exit {reply['status']}: {' '.join(argv[:4])}...\n{stderr[-3000:]}{stdout[-1000:]}"
        )
    return Finished(stdout, stderr, reply["wall_s"], int(reply["maxrss_kb"]))


def result_line(stdout: str) -> dict[str, Any]:
    for line in reversed(stdout.splitlines()):
        if line.startswith("RESULT "):
            parsed: dict[str, Any] = json.loads(line[7:])
            return parsed
    raise RuntimeError(f"no RESULT line in child output:\n{stdout[-2000:]}")


def child(side: Side, scenario: str, params: dict[str, Any]) -> dict[str, Any]:
    if side.name == "pydantic_ai":
        from . import side_pydantic_ai

        if not side_pydantic_ai.supports(scenario, params):
            return {}  # no counterpart there: shown as "–"
    done = run_process(
        side, [side.python, "-m", "benchmarks._child", side.name, scenario, json.dumps(params)]
    )
    return result_line(done.stdout)


@contextmanager
def loopback_server(python: str) -> Iterator[int]:
    """Start the loopback server (a separate process) and yield its port."""
    proc = subprocess.Popen(
        [python, "-m", "benchmarks._server"],
        cwd=ROOT,
        env=child_env(),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        if not line.startswith("PORT "):
            raise RuntimeError(f"loopback server did not start: {line!r}")
        yield int(line.split()[1])
    finally:
        assert proc.stdin is not None
        proc.stdin.close()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# --------------------------------------------------------------------------- samples


_IMPORT_PROBE = """\
import resource, sys, time
before = len(sys.modules)
start = time.perf_counter()
{statement}
elapsed = time.perf_counter() - start
modules = len(sys.modules) - before
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
import json
print("RESULT " + json.dumps({{"time_s": elapsed, "modules": modules, "peak_rss_kb": rss}}))
"""


def _statement(side: Side, api: bool) -> str:
    if side.name == "pydantic_ai":
        from . import side_pydantic_ai

        return side_pydantic_ai.API_IMPORT if api else side_pydantic_ai.BARE_IMPORT
    package = "agents" if side.name == "agents" else "agentkit"
    return API_IMPORT.format(package=package) if api else f"import {package}"


def import_sample(api: bool) -> Callable[[Side, Context], dict[str, Any]]:
    def sample(side: Side, ctx: Context) -> dict[str, Any]:
        code = _IMPORT_PROBE.format(statement=_statement(side, api))
        done = run_process(side, [side.python, "-c", code])
        return {**result_line(done.stdout), "process_s": done.wall_s}

    return sample


def cold_start_sample(side: Side, ctx: Context) -> dict[str, Any]:
    """The same program on each side (`programs/cold_start_<side>.py`), only the API differs."""
    script = BENCH / "programs" / f"cold_start_{side.name}.py"
    done = run_process(side, [side.python, str(script), ctx.base_url])
    if _wire.HELLO_TEXT not in done.stdout:
        raise RuntimeError(f"cold start printed {done.stdout[-300:]!r}")
    return {"time_s": done.wall_s, "peak_rss_kb": done.maxrss_kb}


def runner_sample(kind: str, tracing: str) -> Callable[[Side, Context], dict[str, Any]]:
    def sample(side: Side, ctx: Context) -> dict[str, Any]:
        runs, warmup = (100, 10) if ctx.quick else (1000, 100)
        params = {"kind": kind, "tracing": tracing, "runs": runs, "warmup": warmup}
        return child(side, "runner_overhead", params)

    return sample


def stream_sample(api: str, payload: str) -> Callable[[Side, Context], dict[str, Any]]:
    def sample(side: Side, ctx: Context) -> dict[str, Any]:
        params = {"api": api, "payload": payload, "runs": 1 if ctx.quick else 3}
        return child(side, "http_stream", {**params, "base_url": ctx.base_url})

    return sample


def concurrency_sample(side: Side, ctx: Context) -> dict[str, Any]:
    return child(side, "concurrency", {"n": 500, "base_url": ctx.base_url})


def concurrency_floor_sample(side: Side, ctx: Context) -> dict[str, Any]:
    """`programs/concurrency_floor.py`: the same 500 concurrent requests over bare httpx."""
    script = str(BENCH / "programs" / "concurrency_floor.py")
    return result_line(run_process(side, [side.python, script, ctx.base_url, "500"]).stdout)


def session_sample(side: Side, ctx: Context) -> dict[str, Any]:
    items, reads = (200, 5) if ctx.quick else (1000, 20)
    result = child(side, "session_throughput", {"items": items, "reads": reads})
    result["add_one_per_s"] = 1 / result["add_one_s"]
    return result


WRITERS = 4


def writers_sample(side: Side, ctx: Context) -> dict[str, Any]:
    """4 processes append to one session in one file at once; count what arrived."""
    per_writer = 50 if ctx.quick else 250
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "shared.db")
        base = {"db_path": db, "session_id": "shared", "items": 0, "writer": -1}
        # Create the file and schema first, so the measurement is about concurrent appends.
        run_process(
            side,
            [side.python, "-m", "benchmarks._child", side.name, "session_writer", json.dumps(base)],
            stdin="go\n",
        )
        procs = []
        for w in range(WRITERS):
            params = {**base, "items": per_writer, "writer": w}
            argv = [side.python, "-m", "benchmarks._child", side.name, "session_writer"]
            procs.append(
                subprocess.Popen(
                    [*argv, json.dumps(params)],
                    cwd=ROOT,
                    env=child_env(side.name),
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                )
            )
        for proc in procs:
            assert proc.stdout is not None
            line = proc.stdout.readline()
            if line.strip() != "READY":
                raise RuntimeError(f"writer not ready: {line!r} {proc.communicate()[1][-2000:]}")
        for proc in procs:
            assert proc.stdin is not None
            proc.stdin.write("go\n")
            proc.stdin.flush()
        results = []
        for proc in procs:
            out, err = proc.communicate(timeout=600)
            if proc.returncode != 0:
                raise RuntimeError(f"writer failed: {err[-3000:]}")
            results.append(result_line(out))
        found = _read_session(db, "shared")
    expected = WRITERS * per_writer
    contents = [item.get("content") for item in found]
    in_order = all(
        [c for c in contents if isinstance(c, str) and c.startswith(f"w{w}-")]
        == [f"w{w}-{i}" for i in range(per_writer) if f"w{w}-{i}" in contents]
        for w in range(WRITERS)
    )
    elapsed = max(r["end"] for r in results) - min(r["start"] for r in results)
    return {
        "time_s": elapsed,
        "items_per_s": expected / elapsed,
        "expected": expected,
        "stored": len(found),
        "lost": expected - len(set(map(str, contents))),
        "duplicated": len(contents) - len(set(map(str, contents))),
        "errors": sum(r["errors"] for r in results),
        "order_kept": in_order,
    }


def _read_session(db: str, session_id: str) -> list[dict[str, Any]]:
    """The stored items, read with stdlib sqlite3 from the schema both libraries share."""
    import sqlite3

    conn = sqlite3.connect(db)
    try:
        rows = conn.execute(
            "SELECT message_data FROM agent_messages WHERE session_id = ? ORDER BY id",
            (session_id,),
        ).fetchall()
    finally:
        conn.close()
    return [json.loads(row[0]) for row in rows]


# --------------------------------------------------------------------------- the cases

T = "s"
RSS = Metric("peak_rss_kb", "peak RSS", "kb")


# Targets are ratios agentkit / openai-agents 0.24 (issue 15, performance round 2); the report
# judges saved results against the targets here, so older results show today's targets.
def _cases() -> list[Case]:
    cases = [
        Case(
            "import",
            "import.bare",
            "`import agentkit` vs `import agents` in a fresh interpreter",
            (
                Metric("time_s", "import time", T, 0.1),
                Metric("peak_rss_kb", "peak RSS", "kb", 0.25),
                Metric("modules", "modules loaded", "count"),
                Metric("process_s", "process wall", T),
            ),
            import_sample(api=False),
        ),
        Case(
            "import",
            "import.api",
            "`from X import Agent, Runner, function_tool` in a fresh interpreter",
            (
                Metric("time_s", "import time", T, 0.1),
                Metric("peak_rss_kb", "peak RSS", "kb", 0.3),
                Metric("modules", "modules loaded", "count"),
                Metric("process_s", "process wall", T),
            ),
            import_sample(api=True),
        ),
        Case(
            "cold_start",
            "cold_start",
            "fresh process: import, agent with one tool, one turn over HTTP, print, exit",
            (Metric("time_s", "wall time", T, 0.15), RSS),
            cold_start_sample,
            needs_server=True,
            floor=cold_start_sample,  # the floor side runs programs/cold_start_floor.py
        ),
    ]
    for kind, text in (
        ("text", "single-turn text"),
        ("tool", "tool call then text (2 turns)"),
        ("stream", "streamed single turn"),
        ("handoff", "3-agent handoff chain"),
    ):
        for tracing in ("off", "noop"):
            cases.append(
                Case(
                    "runner",
                    f"runner.{kind}.tracing_{tracing}",
                    f"{text}, tracing {'disabled' if tracing == 'off' else 'to a no-op processor'}",
                    (Metric("time_s", "per run", T, 0.2),),
                    runner_sample(kind, tracing),
                )
            )
    for api in ("responses", "chat"):
        for payload, text in (
            ("text20k", "20,000 text deltas"),
            ("args2k", "2,000 argument chunks"),
        ):
            cases.append(
                Case(
                    "streaming",
                    f"streaming.{api}.{payload}",
                    f"{'Responses' if api == 'responses' else 'Chat Completions'}: {text}",
                    (
                        Metric("time_s", "request to last event", T, 0.08),
                        Metric("peak_rss_kb", "peak RSS", "kb"),
                        Metric("rss_growth_kb", "RSS growth", "kb"),
                    ),
                    stream_sample(api, payload),
                    needs_server=True,
                )
            )
    cases += [
        Case(
            "concurrency",
            "concurrency.responses.500",
            "500 concurrent runs through one shared client (Responses)",
            (Metric("time_s", "total time", T, 0.25), Metric("peak_rss_kb", "peak RSS", "kb", 0.4)),
            concurrency_sample,
            needs_server=True,
            floor=concurrency_floor_sample,
        ),
        Case(
            "sessions",
            "sessions.throughput",
            "SQLiteSession on a file: appends and reads",
            (
                Metric("add_one_s", "add 1 item", T),
                Metric("add_batch100_per_item_s", "add (batch 100), per item", T),
                Metric("get_all_s", "get all 2,000", T),
                Metric("get_latest10_s", "get latest 10", T),
            ),
            session_sample,
        ),
        Case(
            "sessions",
            "sessions.writers4",
            "4 writer processes appending to one session file at once",
            (
                Metric("time_s", "wall time", T),
                Metric("items_per_s", "items/s (higher is better)", "per_s"),
                Metric("lost", "lost items", "count"),
                Metric("duplicated", "duplicates", "count"),
                Metric("errors", "errors", "count"),
            ),
            writers_sample,
        ),
    ]
    return cases


CASES = _cases()
GROUPS = ["import", "cold_start", "runner", "streaming", "concurrency", "sessions", "install"]


# --------------------------------------------------------------------------- summary


def summarize(samples: list[dict[str, Any]], key: str) -> dict[str, float] | None:
    values = [s[key] for s in samples if isinstance(s.get(key), (int, float))]
    if not values:
        return None
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def fmt(value: float, unit: str) -> str:
    if unit == "s":
        if value >= 1:
            return f"{value:.2f} s"
        if value >= 1e-3:
            return f"{value * 1e3:.1f} ms"
        return f"{value * 1e6:.0f} µs"
    if unit == "kb":
        return f"{value / 1024:.1f} MB"
    if unit == "bytes":
        return f"{value / 1e6:.1f} MB"
    if unit == "per_s":
        return f"{value:,.0f}/s"
    return f"{value:g}"


def machine_info(sides: list[Side]) -> dict[str, Any]:
    cpu = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    info: dict[str, Any] = {
        "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "platform": platform.platform(),
        "memory_gb": _memory_gb(),
        "commit": _git_commit(),
        "interpreters": {},
    }
    for side in sides:
        info["interpreters"][side.name] = interpreter_info(side)
    return info


def _memory_gb() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return None


def _git_commit() -> str | None:
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        ).stdout.strip()
    except OSError:
        return None
    return f"{head}{'+dirty' if dirty else ''}" if head else None


_PACKAGES = [
    "agentkit",
    "openai-agents",
    "openai",
    "httpx",
    "httpx2",
    "httpcore",
    "httpcore2",
    "pydantic",
    "pydantic-core",
    "typing-extensions",
    "mcp",
    "pydantic-ai-slim",
]


def interpreter_info(side: Side) -> dict[str, Any]:
    code = (
        "import json, sys, platform\n"
        "from importlib import metadata\n"
        "versions = {}\n"
        f"for name in {_PACKAGES!r}:\n"
        "    try:\n"
        "        versions[name] = metadata.version(name)\n"
        "    except metadata.PackageNotFoundError:\n"
        "        pass\n"
        "print(json.dumps({'python': platform.python_version(), 'implementation':"
        " platform.python_implementation(), 'executable': sys.executable,"
        " 'packages': versions}))\n"
    )
    out = subprocess.run(
        [side.python, "-c", code],
        capture_output=True,
        text=True,
        env=child_env(side.name),
        cwd=tempfile.gettempdir(),  # not the repository: its egg-info would count as installed
        check=True,
    )
    info: dict[str, Any] = json.loads(out.stdout)
    return info


def measure_server_floor(port: int) -> dict[str, float]:
    from ._server import measure_floor

    return asyncio.run(measure_floor(port, 500))


def print_case(case: Case, per_side: dict[str, dict[str, Any]], sides: list[Side]) -> None:
    print(f"\n{case.name}: {case.description}")
    print(" " * 30 + " ".join(f"{side.name:<30}" for side in sides))
    for metric in case.metrics:
        cells: list[str] = []
        medians: dict[str, float | None] = {}
        for side in sides:
            stats = per_side[side.name]["summary"].get(metric.key)
            if stats is None:
                cells.append(f"{'-':>30}")
                medians[side.name] = None
                continue
            cells.append(
                f"{fmt(stats['median'], metric.unit):>10} "
                f"[{fmt(stats['min'], metric.unit)} – {fmt(stats['max'], metric.unit)}]".ljust(30)
            )
            medians[side.name] = stats["median"]
        line = f"  {metric.label:<28}" + " ".join(cells)
        ratio = ratio_of([medians.get("agentkit"), medians.get("agents")])
        if ratio is not None:
            line += f"  ratio {ratio:.3f}"
            if metric.target is not None:
                ok = "met" if ratio <= metric.target else "MISSED"
                line += f" (target ≤ {metric.target:.3g}: {ok})"
        third = ratio_of([medians.get("agentkit"), medians.get("pydantic_ai")])
        if third is not None:
            line += f"  vs pydantic-ai {third:.3f}"
        floor = ratio_of([medians.get(FLOOR), medians.get("agents")])
        if floor is not None:
            line += f"  floor ratio {floor:.3f}"
        print(line)


def ratio_of(medians: list[float | None]) -> float | None:
    if len(medians) != 2 or medians[0] is None or not medians[1]:
        return None
    return medians[0] / medians[1]


# pydantic-ai (the optional third side) runs the cases it has a counterpart for.
THIRD_SIDE_GROUPS = ("import", "cold_start", "runner")


def _ratios(case: Case, per_side: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """agentkit / openai-agents per metric (and agentkit / pydantic-ai where measured)."""

    def stat(side: str, key: str, which: str) -> float | None:
        value = per_side.get(side, {}).get("summary", {}).get(key, {}).get(which)
        return value if isinstance(value, (int, float)) else None

    ratios: dict[str, dict[str, Any]] = {}
    for metric in case.metrics:
        key = metric.key
        ratio = ratio_of([stat("agentkit", key, "median"), stat("agents", key, "median")])
        if ratio is not None:
            ratios[key] = {
                "ratio": ratio,
                # Best process against best process: less exposed to a busy machine.
                "ratio_of_mins": ratio_of(
                    [stat("agentkit", key, "min"), stat("agents", key, "min")]
                ),
                "target": metric.target,
                "met": None if metric.target is None else ratio <= metric.target,
            }
        third = ratio_of([stat("agentkit", key, "median"), stat("pydantic_ai", key, "median")])
        if third is not None:
            ratios.setdefault(key, {})["ratio_vs_pydantic_ai"] = third
        # How far above the dependency floor agentkit is, and the floor as a ratio: the best any
        # SDK on agentkit's dependencies could do.
        floor = stat(FLOOR, key, "median")
        over = ratio_of([stat("agentkit", key, "median"), floor])
        if over is not None:
            ratios.setdefault(key, {})["agentkit_over_floor"] = over
        floor_ratio = ratio_of([floor, stat("agents", key, "median")])
        if floor_ratio is not None:
            ratios[key]["floor_ratio"] = floor_ratio
    return ratios


# The pseudo-side of a case's dependency floor (`Case.floor`).
FLOOR = "floor"


def _sample(case: Case, side: Side, ctx: Context) -> dict[str, Any]:
    if side.name == FLOOR:
        assert case.floor is not None
        return case.floor(side, ctx)
    return case.sample(side, ctx)


def run_cases(
    cases: list[Case], sides: list[Side], repeat: int, ctx: Context, server_python: str
) -> dict[str, dict[str, Any]]:
    """Run every case `repeat` times per side, alternating sides; returns case name -> results."""
    results: dict[str, dict[str, Any]] = {}
    port = None
    with ExitStack() as stack:
        if any(c.needs_server for c in cases):
            port = stack.enter_context(loopback_server(server_python))
            ctx.base_url = f"http://127.0.0.1:{port}/v1"
            floor = measure_server_floor(port)
            results["_server_floor"] = {"floor_s": floor}
            print("loopback server floor (raw socket client, whole reply):")
            for key, value in floor.items():
                print(f"  {key:<28}{fmt(value, 's'):>10}")
        for case in cases:
            case_sides = [
                s for s in sides if s.name != "pydantic_ai" or case.group in THIRD_SIDE_GROUPS
            ]
            if case.floor is not None and sides[0].name == "agentkit":
                case_sides.append(Side(FLOOR, sides[0].python))
            samples: dict[str, list[dict[str, Any]]] = {s.name: [] for s in case_sides}
            # One unrecorded round first: byte-code caches, page cache, lazy imports.
            for side in case_sides:
                _sample(case, side, ctx)
            for _ in range(repeat):
                for side in case_sides:
                    samples[side.name].append(_sample(case, side, ctx))
            per_side: dict[str, dict[str, Any]] = {
                name: {
                    "samples": got,
                    "summary": {
                        m.key: stats
                        for m in case.metrics
                        if (stats := summarize(got, m.key)) is not None
                    },
                }
                for name, got in samples.items()
            }
            ratios = _ratios(case, per_side)
            results[case.name] = {
                "group": case.group,
                "description": case.description,
                "metrics": [m.__dict__ for m in case.metrics],
                "sides": per_side,
                "ratios": ratios,
            }
            print_case(case, per_side, case_sides)
            sys.stdout.flush()
    return results


def write_results(
    results: dict[str, dict[str, Any]],
    sides: list[Side],
    args: dict[str, Any],
    out_dir: Path,
) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    machine = machine_info(sides)
    written = []
    floor = results.get("_server_floor")
    for group in GROUPS:
        cases = {k: v for k, v in results.items() if v.get("group") == group}
        if not cases:
            continue
        doc = {
            "benchmark": group,
            "machine": machine,
            "run": args,
            "sides": {s.name: s.python for s in sides},
            "cases": cases,
        }
        if any(FLOOR in case["sides"] for case in cases.values()):
            doc["sides"][FLOOR] = f"{sides[0].python} (no SDK: benchmarks/programs/*_floor.py)"
        if floor and any(c.needs_server for c in CASES if c.group == group):
            doc["server_floor_s"] = floor["floor_s"]
        path = out_dir / f"{group}.json"
        path.write_text(json.dumps(doc, indent=1, sort_keys=False) + "\n")
        written.append(path)
    return written
