"""Renders the README's benchmark section (markdown) from benchmarks/results/*.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ._harness import BENCH, CASES, GROUPS, RESULTS, fmt

SECTION = BENCH / "README_SECTION.md"


def _load(results: Path) -> dict[str, dict[str, Any]]:
    docs = {}
    for group in GROUPS:
        path = results / f"{group}.json"
        if path.exists():
            docs[group] = json.loads(path.read_text())
    return docs


def _machine_line(docs: dict[str, dict[str, Any]]) -> str:
    machine = next(
        (d["machine"] for d in docs.values() if d["machine"].get("interpreters")),
        next(iter(docs.values()))["machine"],
    )
    interpreters = machine.get("interpreters", {})
    parts = [f"{machine['cpu']}, {machine['cores']} cores"]
    if machine.get("memory_gb"):
        parts[0] += f", {machine['memory_gb']:g} GB"
    for side, info in interpreters.items():
        pkgs = info.get("packages", {})
        shown = ", ".join(
            f"{name} {pkgs[name]}"
            for name in (
                "agentkit",
                "openai-agents",
                "openai",
                "httpx",
                "httpx2",
                "pydantic",
                "pydantic-ai-slim",
            )
            if name in pkgs
        )
        parts.append(f"{side}: Python {info['python']} ({shown})")
    stamp = machine["date"]
    if machine.get("commit"):
        stamp += f", commit {machine['commit']}"
    return "; ".join(parts) + f"; {stamp}"


def _cell(stats: dict[str, float] | None, unit: str) -> str:
    if not stats:
        return "–"
    return f"{fmt(stats['median'], unit)} ({fmt(stats['min'], unit)}–{fmt(stats['max'], unit)})"


# Today's targets (a saved result keeps the target of the day it was measured).
_TARGETS = {(c.name, m.key): m.target for c in CASES for m in c.metrics if m.target is not None}


def _row(name: str, case: dict[str, Any], row: int, metric: dict[str, Any], third: bool) -> str:
    key, unit = metric["key"], metric["unit"]
    sides = case["sides"]
    ours = _cell(sides.get("agentkit", {}).get("summary", {}).get(key), unit)
    theirs = _cell(sides.get("agents", {}).get("summary", {}).get(key), unit)
    ratio = case["ratios"].get(key, {})
    ratio_text = f"{ratio['ratio']:.2f}" if "ratio" in ratio else "–"
    target = _TARGETS.get((name, key), metric.get("target"))
    target_text = "–"
    if target is not None and "ratio" in ratio:
        target_text = f"≤ {target:.2f} {'✅' if ratio['ratio'] <= target else '❌'}"
    what = f"`{name}`: {case['description']}" if row == 0 else ""
    line = f"| {what} | {metric['label']} | {ours} | {theirs} | {ratio_text} | {target_text} |"
    if third:
        pai = _cell(sides.get("pydantic_ai", {}).get("summary", {}).get(key), unit)
        vs = ratio.get("ratio_vs_pydantic_ai")
        line += f" {pai} | {f'{vs:.2f}' if vs is not None else '–'} |"
    return line


def write_readme_section(results: Path = RESULTS, out: Path = SECTION) -> Path:
    docs = _load(results)
    if not docs:
        raise SystemExit(f"no results in {results}; run `python -m benchmarks --against ...`")
    lines = [
        "## Performance",
        "",
        "agentkit against the OpenAI Agents SDK (`openai-agents`), same scenarios on both sides "
        "(same agents, tools and canned model outputs through each library's public `Model` "
        "interface; same loopback HTTP server for the HTTP cases), each side in fresh processes, "
        "alternating. Medians with (min–max); ratio = agentkit / openai-agents, lower is better. "
        "Reproduce with `python -m benchmarks setup-against` then "
        "`python -m benchmarks --against benchmarks/.venvs/upstream/bin/python`.",
        "",
        f"Machine: {_machine_line(docs)}.",
        "",
    ]
    third = any(
        "pydantic_ai" in case["sides"]
        for doc in docs.values()
        for case in doc.get("cases", {}).values()
    )
    if third:
        lines[2] += (
            " The import, cold-start and runner cases also run on pydantic-ai (`pydantic-ai-slim` "
            "with its `FunctionModel` for the runner cases, its OpenAI Responses model for the "
            "cold start; `python -m benchmarks setup-pydantic-ai`, then `--pydantic-ai PYTHON`); "
            "its column shows – where it has no counterpart (handoffs, tracing processors)."
        )
        lines += [
            "| Benchmark | Metric | agentkit | openai-agents | Ratio | Target | pydantic-ai | "
            "Ratio vs pydantic-ai |",
            "| --- | --- | --- | --- | --- | --- | --- | --- |",
        ]
    else:
        lines += [
            "| Benchmark | Metric | agentkit | openai-agents | Ratio | Target |",
            "| --- | --- | --- | --- | --- | --- |",
        ]
    for group, doc in docs.items():
        if group == "install":
            continue
        for name, case in doc["cases"].items():
            for row, metric in enumerate(case["metrics"]):
                lines.append(_row(name, case, row, metric, third))
    floors = [
        (name, case, metric)
        for doc in docs.values()
        for name, case in doc.get("cases", {}).items()
        if "floor" in case["sides"]
        for metric in case["metrics"]
        if "agentkit_over_floor" in case["ratios"].get(metric["key"], {})
    ]
    if floors:
        lines += [
            "",
            "The dependency floor: the same job with no SDK at all, on agentkit's dependencies "
            "only (`benchmarks/programs/*_floor.py`: import httpx and pydantic, the same requests "
            "over one `httpx.AsyncClient`, `json.loads` of the replies), run alternating with the "
            "sides above: what the dependencies alone cost for the same job, before any SDK code.",
            "",
            "| Benchmark | Metric | Floor | Floor / openai-agents | agentkit / floor |",
            "| --- | --- | --- | --- | --- |",
        ]
        for name, case, metric in floors:
            ratio = case["ratios"][metric["key"]]
            stats = case["sides"]["floor"]["summary"].get(metric["key"])
            floor_ratio = f"{ratio['floor_ratio']:.2f}" if "floor_ratio" in ratio else "–"
            lines.append(
                f"| `{name}` | {metric['label']} | {_cell(stats, metric['unit'])} | "
                f"{floor_ratio} | {ratio['agentkit_over_floor']:.2f} |"
            )
    install = docs.get("install")
    if install:
        ref = install["rows"]["openai-agents"]
        lines += [
            "",
            "Install footprint (installed files of the whole dependency closure, byte-code "
            "included, pip/setuptools/wheel excluded):",
            "",
            "| Install | Size | Distributions | Size ratio vs openai-agents |",
            "| --- | --- | --- | --- |",
        ]
        for label, row in install["rows"].items():
            ratio = row["bytes"] / ref["bytes"]
            target = " (target ≤ 0.25 " + ("✅)" if ratio <= 0.25 else "❌)")
            lines.append(
                f"| `{label}` | {fmt(row['bytes'], 'bytes')} | {row['distributions']} | "
                f"{ratio:.2f}{target if label == 'agentkit' else ''} |"
            )
    lines += [
        "",
        "Notes:",
        "",
        "- `import agentkit` resolves its public names lazily, so `import.bare` loads almost "
        "nothing; `import.api` is the import a program actually does.",
        "- Peak RSS is each child's own `ru_maxrss`. Children are started by a small launcher "
        "process, because Linux folds the spawning process's peak into the child's at exec.",
        "- The runner cases time `Runner.run` (or a drained `run_streamed`) per run, over many "
        "runs in each process; the HTTP cases talk to a raw-asyncio loopback server whose own "
        "time per reply (the floor) is in `results/streaming.json` under `server_floor_s`.",
    ]
    out.write_text("\n".join(lines) + "\n")
    return out
