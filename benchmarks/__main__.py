"""`python -m benchmarks [run] [--against PYTHON] [--only NAME ...] [--repeat N] [--quick]`,
`python -m benchmarks setup-against` and `python -m benchmarks report`."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

from . import _harness, _report


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description=(
            "Benchmark agentkit, and with --against the same scenarios on openai-agents, "
            "alternating the two in fresh processes."
        ),
    )
    parser.add_argument(
        "command",
        nargs="?",
        default="run",
        choices=["run", "setup-against", "setup-pydantic-ai", "report"],
        help="run the benchmarks (default); create benchmarks/.venvs/upstream with "
        "openai-agents (or benchmarks/.venvs/pydantic_ai with pydantic-ai-slim) and print its "
        "python; or rewrite README_SECTION.md from results/",
    )
    parser.add_argument(
        "--against",
        metavar="PYTHON",
        help="an interpreter with openai-agents installed (see `setup-against`)",
    )
    parser.add_argument(
        "--pydantic-ai",
        metavar="PYTHON",
        help="an interpreter with pydantic-ai-slim[openai] installed (see `setup-pydantic-ai`): "
        "a third side for the import, cold-start and runner cases",
    )
    parser.add_argument(
        "--only",
        nargs="+",
        metavar="NAME",
        help=f"groups ({', '.join(_harness.GROUPS)}) or case-name prefixes to run",
    )
    parser.add_argument(
        "--agentkit-python",
        metavar="PYTHON",
        help="interpreter for the agentkit side (default: benchmarks/.venvs/agentkit, created "
        "with agentkit's runtime dependencies; with --quick, this interpreter)",
    )
    parser.add_argument("--repeat", type=int, help="fresh processes per side per case")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="fewer runs per process and no install footprint (a smoke run)",
    )
    parser.add_argument(
        "--output",
        type=Path,
        help="directory for the results JSON (default: benchmarks/results/ for a full run with "
        "--against; otherwise not saved)",
    )
    parser.add_argument(
        "--force-install", action="store_true", help="remeasure the install footprint"
    )
    return parser.parse_args(argv)


def _selected(only: list[str] | None, quick: bool) -> tuple[list[_harness.Case], bool]:
    if not only:
        return list(_harness.CASES), not quick
    cases = [
        c
        for c in _harness.CASES
        if any(c.group == name or c.name.startswith(name) for name in only)
    ]
    unknown = [
        n
        for n in only
        if n != "install" and not any(c.group == n or c.name.startswith(n) for c in _harness.CASES)
    ]
    if unknown:
        raise SystemExit(f"unknown benchmark name(s): {', '.join(unknown)}")
    return cases, "install" in only


def _check_against(python: str) -> None:
    _check_importable(python, "agents, openai", "setup-against")


def _check_importable(python: str, modules: str, setup: str) -> None:
    probe = subprocess.run(
        [python, "-c", f"import {modules}"], capture_output=True, text=True, check=False
    )
    if probe.returncode != 0:
        raise SystemExit(
            f"{python} cannot import {modules} ({probe.stderr.strip().splitlines()[-1:]}); "
            f"create one with `python -m benchmarks {setup}`"
        )


def _absolute(python: str) -> str:
    """An interpreter path the launcher can run from the repository root (symlinks kept: a
    venv's python finds its venv through them)."""
    if os.sep not in python:
        found = shutil.which(python)
        if found is None:
            raise SystemExit(f"{python}: not found")
        python = found
    return str(Path(python).absolute())


def main(argv: list[str] | None = None) -> None:
    args = _parse(sys.argv[1:] if argv is None else argv)
    if args.command == "setup-against":
        from ._install import setup_against

        print(setup_against())
        return
    if args.command == "setup-pydantic-ai":
        from ._install import setup_pydantic_ai

        print(setup_pydantic_ai())
        return
    if args.command == "report":
        path = _report.write_readme_section()
        print(f"wrote {path.relative_to(_harness.ROOT)}")
        return

    cases, with_install = _selected(args.only, args.quick)
    repeat = args.repeat if args.repeat is not None else (1 if args.quick else 5)
    agentkit_python = args.agentkit_python
    if agentkit_python is None:
        if args.quick:
            agentkit_python = sys.executable
        else:
            from ._install import setup_agentkit_env

            agentkit_python = str(setup_agentkit_env())
    sides = [_harness.Side("agentkit", _absolute(agentkit_python))]
    if args.against:
        _check_against(args.against)
        sides.append(_harness.Side("agents", _absolute(args.against)))
    if args.pydantic_ai:
        _check_importable(args.pydantic_ai, "pydantic_ai, openai", "setup-pydantic-ai")
        sides.append(_harness.Side("pydantic_ai", _absolute(args.pydantic_ai)))
    ctx = _harness.Context(quick=args.quick)
    print(
        f"sides: {', '.join(f'{s.name} ({s.python})' for s in sides)}; "
        f"{repeat} fresh process(es) per side per case, alternating"
    )
    results = _harness.run_cases(cases, sides, repeat, ctx, server_python=sys.executable)
    # Saved by default only when comparing, so an agentkit-only run never replaces the committed
    # side-by-side results.
    out_dir = args.output or (_harness.RESULTS if args.against and not args.quick else None)
    if out_dir is not None:
        run_args = {
            "repeat": repeat,
            "quick": args.quick,
            "only": args.only,
            "against": args.against,
        }
        for path in _harness.write_results(results, sides, run_args, out_dir):
            print(
                f"wrote {path.relative_to(_harness.ROOT) if path.is_relative_to(_harness.ROOT) else path}"
            )
    if with_install:
        from ._install import install_footprint, print_footprint

        print_footprint(install_footprint(force=args.force_install))
    if out_dir == _harness.RESULTS and args.against:
        print(f"wrote {_report.write_readme_section().relative_to(_harness.ROOT)}")


if __name__ == "__main__":
    main()
