"""`agentkit.__all__` is the tested list of public names (as httpx does)."""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest

import agentkit

ROOT = Path(__file__).resolve().parents[2]


def type_checking_imports() -> set[str]:
    tree = ast.parse((ROOT / "agentkit" / "__init__.py").read_text())
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING":
            for stmt in node.body:
                if isinstance(stmt, ast.ImportFrom):
                    names.update(alias.asname or alias.name for alias in stmt.names)
    return names


def test_all_is_sorted_and_unique() -> None:
    assert agentkit.__all__ == sorted(set(agentkit.__all__))


def test_all_matches_lazy_table_and_static_imports() -> None:
    exports = agentkit._EXPORTS
    assert set(agentkit.__all__) == set(exports)
    assert type_checking_imports() == set(exports)


@pytest.mark.parametrize("name", agentkit.__all__)
def test_every_public_name_resolves_from_its_module(name: str) -> None:
    module = importlib.import_module(agentkit._EXPORTS[name], "agentkit")
    value = getattr(agentkit, name)
    # `apply_diff` and `responses_websocket_session` name both a submodule and its function (as
    # upstream); once the submodule is imported the package attribute is the module, made callable.
    assert value is getattr(module, name) or (value is module and callable(module))


def test_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'NoSuchThing'"):
        agentkit.NoSuchThing  # noqa: B018


def test_dir_lists_public_names() -> None:
    assert set(agentkit.__all__) <= set(dir(agentkit))


def test_version_matches_pyproject() -> None:
    text = (ROOT / "pyproject.toml").read_text()
    match = re.search(r'^version = "([^"]+)"', text, re.MULTILINE)
    assert match is not None
    assert agentkit.__version__ == match.group(1)
