"""Maps the core (agentkit/) and each extra (extras/<name>/) into one `agentkit` package tree.

Each extras/<name>/ is installed as `agentkit.<name>`, or at the dotted target `TARGETS` names for
it (a nested one such as `agentkit.extensions.models` is fine). Everything else about the
distribution is declared in pyproject.toml.

Editable installs (`pip install -e .`) keep setuptools' import hook, which maps the packages for
the interpreter, and add a static path that type checkers follow too: setuptools' hook is code
that mypy and pyright cannot run, so without it they find no `agentkit` at all. The path is a
tree of symlinks, build/__editable__.agentkit-typing/agentkit/, laid out as installed (the same
tree .ci/typecheck.py checks); new files inside existing packages appear in it by themselves, a
new top-level module or extra after `pip install -e .` again.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from setuptools import find_packages, setup

ROOT = Path(__file__).resolve().parent

TARGETS: dict[str, str] = {}
"""extras/<folder> -> the package it is installed as, for folders not installed as agentkit.<folder>."""

TYPING_VIEW = ROOT / "build" / "__editable__.agentkit-typing"


def extra_roots(root: Path = ROOT) -> dict[str, Path]:
    """Installed package name -> source folder, for the core and each extra."""
    roots = {"agentkit": root / "agentkit"}
    for extra in sorted(p for p in (root / "extras").iterdir() if (p / "__init__.py").is_file()):
        roots[TARGETS.get(extra.name, f"agentkit.{extra.name}")] = extra
    return roots


def packages_and_dirs(root: Path = ROOT) -> tuple[list[str], dict[str, str]]:
    """`packages` and `package_dir` for setuptools."""
    packages: list[str] = []
    package_dir: dict[str, str] = {}
    for name, folder in extra_roots(root).items():
        package_dir[name] = folder.relative_to(root).as_posix()
        packages.append(name)
        packages += [f"{name}.{p}" for p in find_packages(str(folder))]
    return packages, package_dir


def build_view(view: Path, root: Path = ROOT) -> Path:
    """Lay the installed `agentkit` tree out in `view` as symlinks; return `view`."""
    shutil.rmtree(view, ignore_errors=True)
    roots = extra_roots(root)
    mounts = {
        tuple(name.split(".")[1:]): folder for name, folder in roots.items() if name != "agentkit"
    }
    _populate(view / "agentkit", roots["agentkit"], mounts)
    return view


def _populate(target: Path, source: Path | None, mounts: dict[tuple[str, ...], Path]) -> None:
    """Fill the real directory `target`: each entry of `source` as a symlink, except the entries
    an extra is mounted below (those become real directories, filled the same way)."""
    target.mkdir(parents=True, exist_ok=True)
    below = {parts[0] for parts in mounts if len(parts) > 1}
    names = {p.name for p in source.iterdir()} if source is not None and source.is_dir() else set()
    for name in sorted(names | below):
        if name == "__pycache__" or (name,) in mounts:
            continue
        entry = source / name if source is not None and name in names else None
        if name in below:
            inner = {parts[1:]: folder for parts, folder in mounts.items() if parts[0] == name}
            _populate(target / name, entry, inner)
        elif entry is not None:
            (target / name).symlink_to(entry)
    for parts, folder in mounts.items():
        if len(parts) == 1:
            (target / parts[0]).symlink_to(folder)


def _editable_wheel_command() -> Any:
    """setuptools' `editable_wheel`, also writing the static path for type checkers."""
    from setuptools.command.editable_wheel import editable_wheel

    class TypedEditableWheel(editable_wheel):  # type: ignore[misc]
        def _select_strategy(self, name: str, tag: str, build_lib: Any) -> Any:
            return _WithTypingView(super()._select_strategy(name, tag, build_lib), name)

    return TypedEditableWheel


class _WithTypingView:
    """Wraps setuptools' editable strategy: its files, plus a `.pth` naming the typing view."""

    def __init__(self, strategy: Any, name: str) -> None:
        self._strategy = strategy
        self._name = name

    def __call__(self, wheel: Any, files: list[str], mapping: dict[str, str]) -> object:
        result = self._strategy(wheel, files, mapping)
        view = build_view(TYPING_VIEW)
        wheel.writestr(f"__editable__.{self._name}.typing.pth", f"{view}\n".encode())
        return result

    def __enter__(self) -> _WithTypingView:
        self._strategy.__enter__()
        return self

    def __exit__(self, *exc: object) -> object:
        return self._strategy.__exit__(*exc)


if __name__ == "__main__":
    packages, package_dir = packages_and_dirs()
    setup(
        packages=packages,
        package_dir=package_dir,
        cmdclass={"editable_wheel": _editable_wheel_command()},
    )
