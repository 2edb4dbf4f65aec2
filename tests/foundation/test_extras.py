"""Each extra is installed as agentkit.<name> and says how to install what it lacks."""

from __future__ import annotations

import importlib
import subprocess
import sys
import textwrap

import pytest

EXTRAS = {
    "realtime": "websockets",
    "voice": "numpy",
    "mcp": "mcp",
    "otel": "opentelemetry.trace",
    "sqlalchemy": "sqlalchemy",
    "redis": "redis",
    "encrypt": "cryptography",
    "dapr": "dapr",
}


@pytest.mark.parametrize("extra", sorted(EXTRAS))
def test_extra_imports_when_its_dependency_is_installed(extra: str) -> None:
    module = importlib.import_module(f"agentkit.{extra}")
    assert module.__name__ == f"agentkit.{extra}"


@pytest.mark.parametrize(("extra", "dependency"), sorted(EXTRAS.items()))
def test_extra_without_its_dependency_names_the_install_command(
    extra: str, dependency: str
) -> None:
    code = textwrap.dedent(
        f"""
        import sys
        sys.modules[{dependency!r}] = None  # makes `import {dependency}` fail as if absent
        try:
            import agentkit.{extra}
        except ImportError as exc:
            print(exc)
        else:
            print("imported")
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert f'pip install "agentkit[{extra}]"' in out
    assert repr(dependency) in out
