"""Throwaway virtual environments under benchmarks/.venvs/: the comparison interpreter with
openai-agents, and the install-footprint measurement (core, each extra, and openai-agents)."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from ._harness import RESULTS, ROOT, fmt, machine_info

VENVS = ROOT / "benchmarks" / ".venvs"
UPSTREAM_REQUIREMENT = "openai-agents==0.24.0"
# The optional third side: pydantic-ai's slim package, with the OpenAI extra for the HTTP cold start.
PYDANTIC_AI_REQUIREMENT = "pydantic-ai-slim[openai]==2.68.0"
# Installer tooling, not part of anyone's dependency closure.
_TOOLING = {"pip", "setuptools", "wheel", "distribute"}


def _venv_python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def create_venv(venv: Path, requirements: list[str], python: str = sys.executable) -> Path:
    """A fresh venv at `venv` with `requirements` pip-installed; returns its interpreter."""
    if venv.exists():
        subprocess.run([sys.executable, "-c", f"import shutil; shutil.rmtree({str(venv)!r})"])
    subprocess.run([python, "-m", "venv", str(venv)], check=True)
    py = _venv_python(venv)
    done = subprocess.run(
        [str(py), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *requirements],
        env=_pip_env(),
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise SystemExit(f"pip install {' '.join(requirements)} failed:\n{done.stderr[-4000:]}")
    return py


def _pip_env() -> dict[str, str]:
    # Not the children's PYTHONPATH: pip would take the working tree's egg-info for an install.
    return {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}


def setup_against(python: str = sys.executable) -> Path:
    """Create (or reuse) benchmarks/.venvs/upstream with openai-agents; return its python."""
    venv = VENVS / "upstream"
    py = _venv_python(venv)
    if py.exists():
        check = subprocess.run(
            [
                str(py),
                "-c",
                "from importlib.metadata import version; print(version('openai-agents'))",
            ],
            capture_output=True,
            text=True,
        )
        if check.returncode == 0 and check.stdout.strip() == UPSTREAM_REQUIREMENT.split("==")[1]:
            return py
    return create_venv(venv, [UPSTREAM_REQUIREMENT], python)


def setup_pydantic_ai(python: str = sys.executable) -> Path:
    """Create (or reuse) benchmarks/.venvs/pydantic_ai with pydantic-ai-slim; return its python."""
    venv = VENVS / "pydantic_ai"
    py = _venv_python(venv)
    wanted = PYDANTIC_AI_REQUIREMENT.split("==")[1]
    if py.exists():
        check = subprocess.run(
            [
                str(py),
                "-c",
                "import openai; from importlib.metadata import version; "
                "print(version('pydantic-ai-slim'))",
            ],
            capture_output=True,
            text=True,
        )
        if check.returncode == 0 and check.stdout.strip() == wanted:
            return py
    return create_venv(venv, [PYDANTIC_AI_REQUIREMENT], python)


def _core_dependencies() -> list[str]:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        raise SystemExit(
            "reading pyproject.toml needs Python 3.11+; pass --agentkit-python instead"
        ) from None

    with open(ROOT / "pyproject.toml", "rb") as f:
        deps: list[str] = tomllib.load(f)["project"]["dependencies"]
    return deps


def setup_agentkit_env(python: str = sys.executable) -> Path:
    """Create (or reuse) benchmarks/.venvs/agentkit: agentkit's runtime dependencies only.

    The benchmarks import agentkit from the working tree (on PYTHONPATH), so this venv never goes
    stale; it exists so that the agentkit side starts like a plain install, without the dev venv's
    editable-install hook and extra packages.
    """
    venv = VENVS / "agentkit"
    py = _venv_python(venv)
    deps = _core_dependencies()
    stamp = venv / "benchmark-requirements.txt"
    if py.exists() and stamp.exists() and stamp.read_text() == "\n".join(deps):
        return py
    create_venv(venv, deps, python)
    stamp.write_text("\n".join(deps))
    return py


def _site_packages(py: Path) -> Path:
    out = subprocess.run(
        [str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    )
    return Path(out.stdout.strip())


def measure_site_packages(py: Path) -> dict[str, Any]:
    """Bytes on disk and distribution count of everything installed, minus installer tooling.

    Each distribution's size is the sum of the files its RECORD lists (byte-code included).
    """
    site = _site_packages(py)
    dists: dict[str, int] = {}
    for info in sorted(site.glob("*.dist-info")):
        name = info.name.split("-")[0].lower().replace("_", "-")
        if name in _TOOLING:
            continue
        total = 0
        record = info / "RECORD"
        if record.exists():
            for line in record.read_text().splitlines():
                rel = line.split(",")[0]
                path = (site / rel).resolve()
                if path.is_file():
                    total += path.stat().st_size
        dists[name] = total
    return {"bytes": sum(dists.values()), "distributions": len(dists), "per_distribution": dists}


def _extras() -> list[str]:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        return []
    with open(ROOT / "pyproject.toml", "rb") as f:
        project = tomllib.load(f)["project"]
    return sorted(name for name in project.get("optional-dependencies", {}) if name != "dev")


def _cache_key() -> str:
    digest = hashlib.sha256()
    for name in ("pyproject.toml", "setup.py"):
        digest.update((ROOT / name).read_bytes())
    digest.update(UPSTREAM_REQUIREMENT.encode())
    digest.update(sys.version.encode())
    return digest.hexdigest()[:16]


def install_footprint(force: bool = False) -> dict[str, Any]:
    """Measure (or load the cached) install footprint of agentkit, each extra, and upstream."""
    path = RESULTS / "install.json"
    key = _cache_key()
    if path.exists() and not force:
        cached: dict[str, Any] = json.loads(path.read_text())
        if cached.get("cache_key") == key:
            print(
                f"install footprint: cached ({path.relative_to(ROOT)}); --force-install redoes it"
            )
            return cached
    rows: dict[str, Any] = {}
    targets = [("agentkit", str(ROOT))] + [(f"agentkit[{e}]", f"{ROOT}[{e}]") for e in _extras()]
    for label, requirement in targets:
        start = time.perf_counter()
        venv = VENVS / ("fp-" + label.replace("[", "-").replace("]", ""))
        py = create_venv(venv, [requirement])
        rows[label] = measure_site_packages(py)
        print(
            f"  {label:<24} {fmt(rows[label]['bytes'], 'bytes'):>10} "
            f"{rows[label]['distributions']:>3} distributions ({time.perf_counter() - start:.0f} s)"
        )
    upstream = setup_against()
    rows["openai-agents"] = measure_site_packages(upstream)
    core, ref = rows["agentkit"], rows["openai-agents"]
    doc = {
        "benchmark": "install",
        "cache_key": key,
        "machine": machine_info([]),
        "upstream_requirement": UPSTREAM_REQUIREMENT,
        "rows": rows,
        "ratios": {
            "core_bytes": {
                "ratio": core["bytes"] / ref["bytes"],
                "target": 0.25,
                "met": core["bytes"] / ref["bytes"] <= 0.25,
            },
            "core_distributions": {
                "ratio": core["distributions"] / ref["distributions"],
                "target": None,
                "met": None,
            },
        },
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc, indent=1) + "\n")
    return doc


def print_footprint(doc: dict[str, Any]) -> None:
    ref = doc["rows"]["openai-agents"]
    print("\ninstall: installed dependency closure (pip/setuptools/wheel excluded)")
    for label, row in doc["rows"].items():
        ratio = row["bytes"] / ref["bytes"]
        print(
            f"  {label:<24} {fmt(row['bytes'], 'bytes'):>10} {row['distributions']:>4} dists"
            f"   ratio {ratio:.3f}" + ("  (target ≤ 0.25)" if label == "agentkit" else "")
        )
