"""Run one fuzz target for a long time: `python fuzz/run.py TARGET --seconds N`.

The targets are the hypothesis tests in fuzz/test_fuzz_*.py (the ones pytest runs with a small
budget). With atheris installed they run under libFuzzer's coverage-guided engine through
hypothesis's `fuzz_one_input`; otherwise (or with `--engine hypothesis`) they run as repeated
hypothesis searches with fresh seeds until the time is up, which still shrinks any failure.

    python fuzz/run.py --list
    python fuzz/run.py sse_split_invariance --seconds 600
    python fuzz/run.py tool_arguments --seconds 60 --engine hypothesis
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import random
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PREFIX = "test_fuzz_"
BATCH = 200
ARTIFACTS = ROOT / ".fuzz-artifacts"


def _targets() -> dict[str, Any]:
    """Every hypothesis test of the fuzz package, by name without the `test_fuzz_` prefix."""
    import fuzz

    found: dict[str, Any] = {}
    for info in sorted(pkgutil.iter_modules(fuzz.__path__), key=lambda m: m.name):
        if not info.name.startswith(PREFIX) or info.name == "test_fuzz_regressions":
            continue
        module = importlib.import_module(f"fuzz.{info.name}")
        for name, value in vars(module).items():
            if name.startswith(PREFIX) and hasattr(value, "hypothesis"):
                found[name[len(PREFIX) :]] = value
    return found


def _run_atheris(target: Any, seconds: int, extra: list[str]) -> int:
    import atheris

    fuzz_one_input = target.hypothesis.fuzz_one_input

    def one_input(data: bytes) -> None:
        fuzz_one_input(data)

    options = [f"-max_total_time={seconds}", "-rss_limit_mb=4096"]
    if not any(arg.startswith("-artifact_prefix=") for arg in extra):
        # Crashing inputs land here (not in the current directory); replay one with
        # `python fuzz/run.py TARGET ARTIFACT`.
        ARTIFACTS.mkdir(exist_ok=True)
        options.append(f"-artifact_prefix={ARTIFACTS}/")
    atheris.Setup([sys.argv[0], *options, *extra], one_input)
    atheris.Fuzz()
    return 0


def _run_hypothesis(target: Any, seconds: int) -> int:
    from hypothesis import seed

    deadline = time.monotonic() + seconds
    rounds = 0
    while time.monotonic() < deadline:
        # Each round is a fresh search (new seed) of BATCH examples; a failure is shrunk and raised.
        seed(random.getrandbits(64))(target)()
        rounds += 1
    print(f"{target.__name__}: {rounds} rounds (about {BATCH} examples each), no failure")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("target", nargs="?", help="target name (see --list)")
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--engine", choices=["auto", "atheris", "hypothesis"], default="auto")
    parser.add_argument("--list", action="store_true", help="list the targets and exit")
    args, extra = parser.parse_known_args(argv)

    sys.path.insert(0, str(ROOT))
    engine = args.engine
    if engine == "auto":
        try:
            import atheris
        except ImportError:
            print("atheris is not installed: running with hypothesis instead", file=sys.stderr)
            engine = "hypothesis"
        else:
            engine = "atheris"
    if engine == "atheris":
        import atheris

        targets = _targets()
        # Coverage feedback needs instrumented bytecode; every loaded function gets it.
        atheris.instrument_all()
    else:
        # The targets read their budget at import; one round is BATCH examples.
        os.environ["AGENTKIT_FUZZ_EXAMPLES"] = str(BATCH)
        targets = _targets()

    if args.list or not args.target:
        print("\n".join(sorted(targets)))
        return 0
    name = args.target.removeprefix(PREFIX)
    if name not in targets:
        parser.error(f"unknown target {args.target!r}; --list shows them")
    if engine == "atheris":
        return _run_atheris(targets[name], args.seconds, extra)
    return _run_hypothesis(targets[name], args.seconds)


if __name__ == "__main__":
    sys.exit(main())
