"""Hand-run comparison of docstring parsing with openai-agents (which uses griffe).

Run with the reference interpreter, from the repository root:

    /opt/ref/bin/python tests/tools/compare_docstrings_upstream.py > tests/tools/data/upstream_docstrings.json
        records what upstream extracts for every case in docstring_corpus.py; the test
        test_tools_schema_parity.py holds agentkit to those results.

    /opt/ref/bin/python tests/tools/compare_docstrings_upstream.py --random 3000 --seed 1
        generates random Google/NumPy/Sphinx-like docstrings, parses each with upstream and with
        agentkit (imported from this checkout) and prints the mismatches. Add any mismatch worth
        keeping to docstring_corpus.py.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import sys
from typing import Any

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from agents.function_schema import generate_func_documentation  # noqa: E402
from docstring_corpus import CORPUS  # noqa: E402

_WORDS = [
    "alpha", "beta: gamma", "delta (int)", "x", "y_value", "*args", "**kwargs", "http://a.b: c",
    "", "  ", "- item", ":param z: q", "```", "Args:",
]  # fmt: skip
_GOOGLE_HEADERS = [
    "Args:", "Arguments:", "Parameters:", "Params:", "Returns:", "Raises:", "Note:", "Example:",
    "Examples:", "Keyword Args:", "Yields:", "Warning:", "Todo:",
]  # fmt: skip
_NUMPY_HEADERS = [
    "Parameters", "Returns", "Notes", "Examples", "Raises", "See Also", "Other Parameters", "Yields",
]  # fmt: skip
_SPHINX_FIELDS = [
    ":param a:", ":param int b:", ":param c:", ":type a: int", ":return:", ":rtype: str",
    ":raises ValueError:", ":parameter d:", ":arg e:", ":key f:", ":param:", ":param a b c d:",
    ":unknown x:",
]  # fmt: skip


def _random_doc(rng: random.Random) -> str:
    def text() -> str:
        return " ".join(rng.choice(_WORDS) for _ in range(rng.randint(1, 3)))

    out = ["Summary " + text()]
    kind = rng.choice(["google", "numpy", "sphinx"])
    for _ in range(rng.randint(0, 4)):
        if kind == "google":
            if rng.random() < 0.7:
                out.append("")
            out.append(rng.choice(_GOOGLE_HEADERS))
            indent = rng.choice(["  ", "   ", "\t"]) if rng.random() < 0.2 else "    "
            for _ in range(rng.randint(0, 3)):
                name = rng.choice(["a", "b", "*args", "**kw", "d (str)", "e (int, optional)"])
                sep = ": " if rng.random() < 0.9 else " "
                out.append(f"{indent}{name}{sep}{text()}")
                out.extend(
                    rng.choice([indent * 2 + text(), "", indent + " " + text()])
                    for _ in range(rng.randint(0, 2))
                )
            if rng.random() < 0.3:
                out.append(text())
        elif kind == "numpy":
            header = rng.choice(_NUMPY_HEADERS)
            out += ["", header, "-" * rng.choice([3, len(header)])]
            for _ in range(rng.randint(0, 3)):
                out.append(rng.choice(["a", "b : int", "c, d : str", "*args", "f : int, optional"]))
                out.extend(
                    rng.choice(["    " + text(), "", "  " + text()])
                    for _ in range(rng.randint(0, 2))
                )
        else:
            out.append(rng.choice(_SPHINX_FIELDS) + " " + text())
            out.extend(rng.choice(["    " + text(), "", text()]) for _ in range(rng.randint(0, 2)))
    return "\n".join(out)


def _extract(generate: Any, doc: str, style: str | None) -> list[Any]:
    def func() -> None:
        pass

    func.__doc__ = doc
    info = generate(func, style)
    return [info.description, info.param_descriptions]


def record_corpus() -> None:
    out = {}
    for case_id, style, doc in CORPUS:
        description, params = _extract(generate_func_documentation, doc, style)
        out[case_id] = {"description": description, "params": params}
    print(json.dumps(out, indent=1))


def compare_random(count: int, seed: int) -> int:
    sys.path.insert(0, os.path.dirname(os.path.dirname(HERE)))
    from agentkit.function_schema import generate_func_documentation as ours

    logging.disable(logging.CRITICAL)  # griffe warns about every odd docstring
    rng = random.Random(seed)
    mismatches = 0
    for _ in range(count):
        doc = _random_doc(rng)
        style = rng.choice([None, None, "google", "numpy", "sphinx"])
        expected = _extract(generate_func_documentation, doc, style)
        got = _extract(ours, doc, style)
        if got != expected:
            mismatches += 1
            print(f"style={style!r} doc={doc!r}\n  upstream: {expected}\n  agentkit: {got}")
    print(f"{mismatches} mismatches in {count} docstrings")
    return mismatches


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--random", type=int, default=0, help="compare N random docstrings")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    if args.random:
        sys.exit(1 if compare_random(args.random, args.seed) else 0)
    record_corpus()
