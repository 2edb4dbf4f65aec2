"""Records the public surface of openai-agents 0.24 and of the ``openai.types`` modules it uses.

Run it with the reference interpreter (the venv where ``openai-agents`` and ``openai`` are
installed), never with agentkit's own::

    /opt/ref/bin/python tools/upstream_surface.py

It writes two JSON files that the tests and ``tools/gen_type_modules.py`` read:

* ``tests/foundation/data/agents_surface.json``: every public module of ``agents`` (no path
  component starting with ``_``) and its top-level public names (``__all__`` when the module has
  one, otherwise what the module defines at top level), read from the source without importing it.
* ``tests/types/data/openai_types_modules.json``: every public submodule of
  ``openai.types.responses``, ``openai.types.chat`` and ``openai.types.shared`` with the names it
  defines (its ``__all__``) and a shape for each (kind, wire field names, ``type`` tag, alias
  members), plus the names ``agents`` imports from each, so the generator can map each name to
  the agentkit type of the same shape.
"""

from __future__ import annotations

import ast
import importlib
import json
import pkgutil
import sys
import typing
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
AGENTS_OUT = ROOT / "tests" / "foundation" / "data" / "agents_surface.json"
TYPES_OUT = ROOT / "tests" / "types" / "data" / "openai_types_modules.json"
TYPE_PACKAGES = ("openai.types.responses", "openai.types.chat", "openai.types.shared")


# --- agents: modules and names, from the source ---------------------------------------------


def _literal_all(tree: ast.Module) -> list[str] | None:
    for node in tree.body:
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets):
                value = node.value
                if isinstance(value, (ast.List, ast.Tuple)):
                    return [e.value for e in value.elts if isinstance(e, ast.Constant)]
    return None


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _defined_names(body: list[ast.stmt]) -> list[str]:
    names: list[str] = []
    for node in body:
        if isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            names.append(node.name)
        elif isinstance(node, ast.Assign):
            names += [t.id for t in node.targets if isinstance(t, ast.Name)]
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.append(node.target.id)
        elif isinstance(node, ast.If) and not _is_type_checking(node.test):
            names += _defined_names(node.body) + _defined_names(node.orelse)
        elif isinstance(node, ast.Try):
            names += _defined_names(node.body)
    return names


def _module_names(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    exported = _literal_all(tree)
    if exported is None:
        exported = _defined_names(tree.body)
    return sorted({n for n in exported if not n.startswith("_")})


def agents_surface() -> dict[str, Any]:
    import agents

    base = Path(agents.__file__).parent
    modules: dict[str, list[str]] = {}
    for path in sorted(base.rglob("*.py")):
        parts = list(path.relative_to(base.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        if any(p.startswith("_") for p in parts) or "__pycache__" in path.parts:
            continue
        modules[".".join(parts)] = _module_names(path)
    from importlib.metadata import version

    return {"openai-agents": version("openai-agents"), "modules": modules}


# --- openai.types: submodules, names and shapes ---------------------------------------------


def _strip(tp: Any) -> Any:
    """Removes Annotated / Required / NotRequired / Optional-None wrappers."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _strip(typing.get_args(tp)[0])
    name = getattr(origin, "_name", None) or getattr(origin, "__name__", None)
    if name in {"Required", "NotRequired", "ReadOnly"}:
        return _strip(typing.get_args(tp)[0])
    return tp


def _tag(tp: Any) -> str | None:
    tp = _strip(tp)
    if typing.get_origin(tp) is typing.Literal and len(typing.get_args(tp)) == 1:
        value = typing.get_args(tp)[0]
        return value if isinstance(value, str) else None
    return None


def is_class(obj: Any) -> bool:
    """A real class, not a parametrised generic: on Python 3.10 `isinstance(list[int], type)` is
    True (3.11 fixed it), which would make shapes depend on the interpreter."""
    return isinstance(obj, type) and typing.get_origin(obj) is None


def shape(obj: Any) -> dict[str, Any] | None:
    """The shape of a wire type: kind, wire field names, the ``type`` tag, alias members."""
    from pydantic import BaseModel
    from typing_extensions import is_typeddict

    obj = _strip(obj)
    if is_class(obj) and issubclass(obj, BaseModel):
        fields = sorted(f.alias or n for n, f in obj.model_fields.items())
        tag = None
        if "type" in obj.model_fields:
            field = obj.model_fields["type"]
            tag = _tag(field.annotation) or (
                field.default if isinstance(field.default, str) else None
            )
        return {"kind": "model", "fields": fields, "tag": tag}
    if is_typeddict(obj):
        try:
            hints = typing.get_type_hints(obj, include_extras=True)
        except Exception:  # an unresolvable forward reference: keep the field names only
            hints = dict.fromkeys(obj.__annotations__)
        return {"kind": "typeddict", "fields": sorted(hints), "tag": _tag(hints.get("type"))}
    stripped = obj
    origin = typing.get_origin(stripped)
    if origin is typing.Literal:
        return {"kind": "literal", "values": sorted(map(str, typing.get_args(stripped)))}
    if origin is typing.Union or type(stripped).__name__ == "UnionType":
        members = []
        for arg in typing.get_args(stripped):
            inner = shape(arg)
            if inner is not None and inner.get("tag"):
                members.append(f"{inner['kind']}:{inner['tag']}")
            elif is_class(_strip(arg)):
                members.append(_strip(arg).__name__.removesuffix("Param"))
            else:
                members.append("?")
        return {"kind": "union", "members": sorted(members)}
    if is_class(obj) or typing.get_origin(obj) is not None:
        return {"kind": "alias", "target": getattr(obj, "__name__", repr(obj))}
    return None


def _agents_imports() -> dict[str, set[str]]:
    import agents

    used: dict[str, set[str]] = {}
    for path in Path(agents.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(TYPE_PACKAGES):
                used.setdefault(node.module or "", set()).update(a.name for a in node.names)
    return used


def types_surface() -> dict[str, Any]:
    from importlib.metadata import version

    used = _agents_imports()
    modules: dict[str, Any] = {}
    for package_name in TYPE_PACKAGES:
        package = importlib.import_module(package_name)
        for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
            if info.name.startswith("_") or info.ispkg:
                continue
            name = f"{package_name}.{info.name}"
            module = importlib.import_module(name)
            names = {}
            for attr in getattr(module, "__all__", []):
                found = shape(getattr(module, attr))
                if found is not None:
                    names[attr] = found
            modules[name] = {"names": names, "used_by_agents": sorted(used.get(name, ()))}
    packages = {p: sorted(used.get(p, ())) for p in TYPE_PACKAGES}
    return {"openai": version("openai"), "used_from_packages": packages, "modules": modules}


def _write(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {path.relative_to(ROOT)}")


def main() -> int:
    try:
        import agents  # noqa: F401
    except ImportError:
        print("run this with the interpreter where openai-agents is installed", file=sys.stderr)
        return 2
    _write(AGENTS_OUT, agents_surface())
    _write(TYPES_OUT, types_surface())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
