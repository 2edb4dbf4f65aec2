"""setup.py's package mapping and the installed-layout view type checkers follow."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def setup_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("agentkit_setup_under_test", ROOT / "setup.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _write(path: Path, text: str = "") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A small repository: a core with a subpackage, and three extras."""
    _write(tmp_path / "agentkit" / "__init__.py", "CORE = True\n")
    _write(tmp_path / "agentkit" / "util.py", "X = 1\n")
    _write(tmp_path / "agentkit" / "extensions" / "__init__.py")
    _write(tmp_path / "agentkit" / "extensions" / "memory.py", "M = 1\n")
    _write(tmp_path / "extras" / "mcp" / "__init__.py", "MCP = True\n")
    _write(tmp_path / "extras" / "mcp" / "server" / "__init__.py")
    _write(tmp_path / "extras" / "litellm_models" / "__init__.py", "LITE = True\n")
    _write(tmp_path / "extras" / "not_an_extra" / "README.md")
    return tmp_path


def test_each_extra_maps_to_agentkit_dot_name(setup_module: ModuleType, repo: Path) -> None:
    packages, package_dir = setup_module.packages_and_dirs(repo)
    assert package_dir == {
        "agentkit": "agentkit",
        "agentkit.litellm_models": "extras/litellm_models",
        "agentkit.mcp": "extras/mcp",
    }
    assert sorted(packages) == [
        "agentkit",
        "agentkit.extensions",
        "agentkit.litellm_models",
        "agentkit.mcp",
        "agentkit.mcp.server",
    ]


def test_an_extra_may_have_a_nested_target(
    setup_module: ModuleType, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(setup_module.TARGETS, "litellm_models", "agentkit.extensions.models")
    packages, package_dir = setup_module.packages_and_dirs(repo)
    assert package_dir["agentkit.extensions.models"] == "extras/litellm_models"
    assert "agentkit.litellm_models" not in package_dir
    assert "agentkit.extensions.models" in packages

    view = setup_module.build_view(repo / "view", repo)
    # The nested extra sits inside a real `extensions` directory, next to the core's own files.
    assert not (view / "agentkit" / "extensions").is_symlink()
    assert (view / "agentkit" / "extensions" / "models").resolve() == (
        repo / "extras" / "litellm_models"
    )
    assert (view / "agentkit" / "extensions" / "memory.py").read_text() == "M = 1\n"
    code = (
        "import agentkit, agentkit.util, agentkit.mcp.server, agentkit.extensions.memory, "
        "agentkit.extensions.models as m; print(agentkit.CORE, m.LITE)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=view, capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == ["True", "True"]


def test_view_links_whole_directories_so_new_files_appear(
    setup_module: ModuleType, repo: Path
) -> None:
    view = setup_module.build_view(repo / "view", repo)
    assert (view / "agentkit" / "mcp").is_symlink()
    assert (view / "agentkit" / "extensions").is_symlink()
    _write(repo / "agentkit" / "extensions" / "added_later.py", "LATER = 1\n")
    assert (view / "agentkit" / "extensions" / "added_later.py").read_text() == "LATER = 1\n"
    # Rebuilding replaces the previous view.
    (repo / "extras" / "mcp" / "__init__.py").unlink()
    view = setup_module.build_view(repo / "view", repo)
    assert not (view / "agentkit" / "mcp").exists()
