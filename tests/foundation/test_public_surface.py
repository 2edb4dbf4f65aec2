"""agentkit's public surface against openai-agents 0.24's: every gap is explained.

The upstream list (tests/foundation/data/agents_surface.json) holds every public module of
`agents` 0.24 and its public top-level names, recorded by tools/upstream_surface.py. For each,
`agentkit.<same path>` must exist with the same names, or the gap must match an entry of
public_surface_gaps.GAPS (being built by open work, or not ported and listed in the README).
"""

from __future__ import annotations

import importlib
import json
import os
import re
import sys
from fnmatch import fnmatchcase
from functools import cache
from pathlib import Path
from types import ModuleType

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from public_surface_gaps import GAPS, Gap

# Importing every module includes the LiteLLM extra; litellm fetches a model cost map from the
# internet on import unless told to use its bundled copy. Tests never leave 127.0.0.1.
os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

ROOT = Path(__file__).resolve().parents[2]
UPSTREAM: dict[str, list[str]] = json.loads(
    (ROOT / "tests" / "foundation" / "data" / "agents_surface.json").read_text()
)["modules"]


def ours(module: str) -> str:
    return "agentkit" + module.removeprefix("agents")


def _importable(name: str) -> bool:
    try:
        importlib.import_module(name)
    except ModuleNotFoundError as e:
        # Only the module itself (or a parent) missing counts; a missing third-party dependency
        # of an extra is a broken install, not a gap.
        if e.name is not None and (name == e.name or name.startswith(e.name + ".")):
            return False
        raise
    return True


def _has(module: ModuleType, name: str) -> bool:
    # A submodule bound under the name is not the function or class upstream exports there,
    # unless it is callable as that function (`agentkit.apply_diff` once imported).
    value = getattr(module, name, ModuleType("missing"))
    return not isinstance(value, ModuleType) or callable(value)


@cache
def gaps() -> list[tuple[str, str | None]]:
    """(module, None) for a missing module, (module, name) for a missing name."""
    found: list[tuple[str, str | None]] = []
    for module, names in sorted(UPSTREAM.items()):
        if not _importable(ours(module)):
            found.append((module, None))
            continue
        loaded = importlib.import_module(ours(module))
        found += [(module, name) for name in names if not _has(loaded, name)]
    return found


def explains(gap: Gap, module: str, name: str | None) -> bool:
    module_glob, _, name_glob = gap.pattern.partition(":")
    if not fnmatchcase(module, module_glob):
        return False
    if not name_glob:
        return True
    return name is not None and fnmatchcase(name, name_glob)


def test_upstream_list_is_plausible() -> None:
    assert len(UPSTREAM) > 250
    assert "Agent" in UPSTREAM["agents"] and "Runner" in UPSTREAM["agents"]
    assert "apply_diff" in UPSTREAM["agents.apply_diff"]


def test_every_gap_is_explained() -> None:
    unexplained = [
        f"{module}{':' + name if name else ' (module)'}"
        for module, name in gaps()
        if not any(explains(gap, module, name) for gap in GAPS)
    ]
    assert unexplained == [], (
        "agentkit lacks these public modules/names of openai-agents 0.24; build them or add an "
        "entry to tests/foundation/public_surface_gaps.py (and the README's Not ported list)"
    )


@pytest.mark.parametrize("gap", GAPS, ids=[g.pattern for g in GAPS])
def test_every_explanation_still_matches_a_gap(gap: Gap) -> None:
    # An entry whose work has landed must go (and its README line with it).
    assert any(explains(gap, module, name) for module, name in gaps()), (
        f"{gap.pattern} is no longer a gap: remove it from public_surface_gaps.py"
    )


def _not_ported_section() -> str:
    readme = (ROOT / "README.md").read_text()
    match = re.search(r"^### Not ported\n(.*?)(?=^#)", readme, re.MULTILINE | re.DOTALL)
    assert match is not None, "README.md needs a '### Not ported' section"
    return " ".join(match.group(1).split())


@pytest.mark.parametrize(
    "gap", [g for g in GAPS if g.kind == "not_ported"], ids=lambda g: g.pattern
)
def test_readme_lists_what_is_not_ported(gap: Gap) -> None:
    assert gap.readme in _not_ported_section()


def test_the_check_notices_a_missing_name() -> None:
    # The comparison is only worth something if it sees a gap that is there.
    assert ("agents.sandbox", None) in gaps()
    assert not any(explains(g, "agents", "NoSuchName") for g in GAPS)
    assert hasattr(importlib.import_module(ours("agents.apply_diff")), "apply_diff")
