"""Record what openai-agents 0.24's ``apply_diff`` gives for a corpus of V4A diffs.

    /opt/ref/bin/python tests/editing/data/record_apply_diff.py

rewrites tests/editing/data/apply_diff_cases.json: hand-written cases plus seeded random ones
(edits of random files, with anchors, whitespace drift, end-of-file hunks, CRLF and broken lines),
each with upstream's result or its error message.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

from agents.apply_diff import apply_diff

HERE = Path(__file__).resolve().parent

HAND_WRITTEN: list[tuple[str, str, str]] = [
    ("", "+hello\n+world\n", "create"),
    ("", "+a\r\n+b\r\n", "create"),
    ("", "+a\nb\n", "create"),
    ("", "+a\n*** End Patch\n+b\n", "create"),
    ("a\nb\nc\n", " a\n-b\n+B\n c\n", "default"),
    ("a\nb\nc", " a\n-b\n+B\n c", "default"),
    ("a\r\nb\r\nc\r\n", " a\n-b\n+B\n c\n", "default"),
    ("a\nb\nc\n", "@@ b\n-c\n+C\n", "default"),
    (
        "x\ndef f():\n    return 1\ndef g():\n    return 1\n",
        "@@ def g():\n-    return 1\n+    return 2\n",
        "default",
    ),
    (
        "class A:\n  def m():\n    pass\nclass B:\n  def m():\n    pass\n",
        "@@ class B:\n@@   def m():\n-    pass\n+    return 1\n",
        "default",
    ),
    ("a\nb\n", "@@ nope\n@@ other\n-a\n", "default"),
    ("a\nb\nc\n", " b\n-c\n+C\n*** End of File\n", "default"),
    ("a\nb\nc\nb\nc\n", " b\n-c\n+Z\n*** End of File\n", "default"),
    ("a  \nb\n", " a\n-b\n+B\n", "default"),
    ("  a\nb\n", " a\n-b\n+B\n", "default"),
    ("a\nb\n", " q\n-b\n", "default"),
    ("a\nb\n", " q\n-b\n*** End of File\n", "default"),
    ("a\nb\n", "?a\n", "default"),
    ("a\nb\n", "*** Bogus\n", "default"),
    ("a\nb\n", "@@\n", "default"),
    ("a\nb\nc\n", " a\n-b\n c\n-x\n", "default"),
    ("a\nb\nc\nd\n", " a\n-b\n+B\n@@\n c\n-d\n+D\n", "default"),
    ("a\nb\nc\nd\n", " a\n-b\n+B\n c\n-d\n+D\n", "default"),
    ("a\nb\n", "-a\n+A\n\n-b\n", "default"),
    ("a\nb\n", "", "default"),
    ("a\nb\n", "*** End Patch\n", "default"),
    ("a\nb\nc\n", " c\n+d\n*** End of File\n*** End Patch\n", "default"),
    ("a\nb\nc\n", " a\n-b\n+B\n c\n", "create"),
    ("a\nb", "+x\n", "default"),
    ("one\ntwo\n", "@@ two\n+three\n", "default"),
    ("one\ntwo\n", " one\n+1.5\n two\n@@ two\n+three\n", "default"),
    ("a\n\nb\n", " a\n\n-b\n+c\n", "default"),
]

WORDS = ["alpha", "beta", "gamma", "delta", "x = 1", "return y", "}", "", "  pass", "\tindent"]


def _random_case(rng: random.Random) -> tuple[str, str, str]:
    lines = [
        rng.choice(WORDS) + (str(rng.randint(0, 3)) if rng.random() < 0.5 else "")
        for _ in range(rng.randint(1, 12))
    ]
    newline = "\r\n" if rng.random() < 0.15 else "\n"
    text = newline.join(lines) + (newline if rng.random() < 0.7 else "")
    diff: list[str] = []
    cursor = 0
    for _ in range(rng.randint(1, 3)):
        if cursor >= len(lines):
            break
        start = rng.randint(cursor, len(lines) - 1)
        if rng.random() < 0.3:
            diff.append("@@ " + lines[start - 1] if start > 0 else "@@")
        before = rng.randint(0, min(2, start - cursor))
        for line in lines[start - before : start]:
            diff.append(" " + (line + " " if rng.random() < 0.1 else line))
        removed = rng.randint(0, min(2, len(lines) - start))
        for line in lines[start : start + removed]:
            diff.append("-" + line)
        for _ in range(rng.randint(0 if removed else 1, 2)):
            diff.append("+" + rng.choice(WORDS) + "!")
        after = rng.randint(0, min(2, len(lines) - start - removed))
        for line in lines[start + removed : start + removed + after]:
            diff.append(" " + line)
        cursor = start + removed + after
        if cursor >= len(lines) and rng.random() < 0.5:
            diff.append("*** End of File")
            break
    roll = rng.random()
    if roll < 0.05:
        diff.insert(rng.randint(0, len(diff)), "?" + rng.choice(WORDS))
    elif roll < 0.1:
        diff.insert(rng.randint(0, len(diff)), " not in the file")
    if rng.random() < 0.3:
        diff.append("*** End Patch")
    return text, newline.join(diff) + newline, "default"


def _outcome(text: str, diff: str, mode: str) -> dict[str, Any]:
    try:
        return {"result": apply_diff(text, diff, mode)}  # type: ignore[arg-type]
    except ValueError as e:
        return {"error": str(e)}


def main() -> None:
    rng = random.Random(12)
    cases = HAND_WRITTEN + [_random_case(rng) for _ in range(400)]
    records = [{"input": t, "diff": d, "mode": m, **_outcome(t, d, m)} for t, d, m in cases]
    (HERE / "apply_diff_cases.json").write_text(json.dumps(records, indent=1) + "\n")
    errors = sum("error" in r for r in records)
    print(f"recorded {len(records)} cases ({errors} errors)")


if __name__ == "__main__":
    main()
