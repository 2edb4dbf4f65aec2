"""The core's import rules.

1. The core imports only the standard library, httpx, pydantic and typing_extensions, relatively.
2. The core is a layered package: imports only point down (or sideways without a cycle).

Layers, lowest first (docs/LAYERS.md explains each):

0. wire types            agentkit.types
1. foundation            exceptions, usage, settings, contexts, items, logging, HTTP transport,
                         and tracing's value types (spans, traces, span data, the current scope)
2. domain                tools, guardrails, handoffs, agent configuration (output schemas, hooks,
                         prompts, run configuration, results, stream events)
3. models and tracing    agentkit.models, the tracing machinery (span factories, provider,
                         processors, setup), sessions, test models, extensions
4. runtime               agentkit._run
5. public facades        run.py, agent.py, the REPL, the package itself

Every import counts: top-level and function-local alike. Annotation-only imports under
`if TYPE_CHECKING:` are exempt (they never run). A module may import a module of a lower layer,
or one of its own layer as long as the graph stays acyclic.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pytest

CORE = Path(__file__).resolve().parents[2] / "agentkit"
ALLOWED_THIRD_PARTY = {"httpx", "pydantic", "pydantic_core", "typing_extensions"}


def import_violations(package_dir: Path, package_name: str) -> list[str]:
    """Every import under `package_dir` that breaks the core's rules, as 'file:line: why'."""
    allowed = ALLOWED_THIRD_PARTY | set(sys.stdlib_module_names)
    found = []
    for path in sorted(package_dir.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                where = f"{path.relative_to(package_dir.parent)}:{node.lineno}"
                if top == package_name:
                    found.append(f"{where}: absolute import of {name} (use a relative import)")
                elif top not in allowed:
                    found.append(f"{where}: imports {name}, outside the core's dependencies")
    return found


def test_core_imports_only_allowed_modules_and_itself_relatively() -> None:
    assert CORE.is_dir()
    assert import_violations(CORE, "agentkit") == []


@pytest.mark.parametrize(
    ("source", "why"),
    [
        ("import numpy\n", "imports numpy"),
        ("from openai.types import Foo\n", "imports openai.types"),
        ("from agentkit.agent import Agent\n", "absolute import of agentkit.agent"),
        ("def f():\n    import websockets\n", "imports websockets"),
        ("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import mcp\n", "imports mcp"),
    ],
)
def test_checker_catches_violations(tmp_path: Path, source: str, why: str) -> None:
    pkg = tmp_path / "agentkit"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("import json\nimport httpx\nfrom . import sub\n")
    (pkg / "sub" / "mod.py").write_text(source)
    [violation] = import_violations(pkg, "agentkit")
    assert violation.startswith("agentkit/sub/mod.py:")
    assert why in violation


# --- 2. Layers ---------------------------------------------------------------------------------

# (layer name, module-name patterns). A pattern ending in ".*" covers a package and everything
# below it; the most specific (longest) matching pattern decides a module's layer.
LAYERS: list[tuple[str, list[str]]] = [
    ("wire types", ["agentkit.types.*"]),
    (
        "foundation",
        [
            "agentkit.exceptions",
            "agentkit.usage",
            "agentkit.model_settings",
            # Retry settings and policies: configuration `model_settings` holds.
            "agentkit.retry",
            "agentkit.apply_diff",
            "agentkit.run_context",
            "agentkit.tool_context",
            "agentkit.items",
            "agentkit.logger",
            "agentkit.util.*",
            "agentkit._docstrings",
            "agentkit._optional",
            "agentkit._http.*",
            "agentkit.client",
            "agentkit.tracing.config",
            "agentkit.tracing.logger",
            "agentkit.tracing.processor_interface",
            "agentkit.tracing.scope",
            "agentkit.tracing.span_data",
            "agentkit.tracing.spans",
            "agentkit.tracing.traces",
            "agentkit.tracing._ids",
            "agentkit._tool_output",
            # A typed function tool's output text (items builds function_call_output with it).
            "agentkit._typed_tool_output",
        ],
    ),
    (
        "domain",
        [
            "agentkit.tool",
            "agentkit.function_schema",
            "agentkit.strict_schema",
            "agentkit.computer",
            "agentkit.agent_tool_input",
            "agentkit.guardrail",
            "agentkit.tool_guardrails",
            "agentkit.handoffs.*",
            "agentkit.agent_output",
            "agentkit.lifecycle",
            "agentkit.prompts",
            "agentkit.run_config",
            "agentkit.run_error_handlers",
            "agentkit.stream_events",
            "agentkit.result",
            "agentkit.run_state",
            "agentkit._run_state_codec",
            # Upstream's nested agent-tool result cache helpers.
            "agentkit.agent_tool_state",
            # The `Model`/`ModelProvider` interface is configuration; the models implement it.
            "agentkit.models.interface",
            # The editor protocol of ApplyPatchTool, and the decorators' re-export module.
            "agentkit.editor",
            "agentkit.decorators",
            # The definition-side tool kinds: tool names/namespaces/collisions, Responses-only
            # function-tool options, tool search and programmatic tool calling, custom data.
            "agentkit._tool_identity",
            "agentkit._tool_features",
            "agentkit._tool_search",
            "agentkit._custom_data",
            "agentkit._custom_tool",
            # ShellTool and ApplyPatchTool (re-exported by `tool`), and the per-run computers of
            # ComputerTool (`resolve_computer`, `dispose_resolved_computers`).
            "agentkit._shell_tool",
            "agentkit._apply_patch_tool",
            "agentkit._computer_lifecycle",
        ],
    ),
    (
        "models and tracing",
        [
            "agentkit.models.*",
            "agentkit.tracing.*",
            "agentkit.memory.*",
            "agentkit.testing.*",
            "agentkit.extensions.*",
        ],
    ),
    # Runner-managed model retries live in `agentkit._run.model_retry` (covered by the pattern).
    ("runtime", ["agentkit._run.*"]),
    (
        "public facades",
        [
            "agentkit",
            "agentkit.__main__",
            "agentkit.run",
            "agentkit.agent",
            "agentkit.repl",
            "agentkit.version",
            # Runs agents over one Responses WebSocket connection: a facade over `Runner`.
            "agentkit.responses_websocket_session",
            # Draws a graph of the agents you give it: a user-facing tool over `Agent`.
            "agentkit.extensions.visualization",
        ],
    ),
]


@dataclass(frozen=True)
class Edge:
    importer: str
    imported: str
    where: str  # "path:line"


def module_name(path: Path, package_dir: Path) -> str:
    parts = list(path.relative_to(package_dir.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _runtime_imports(node: ast.AST) -> Iterable[ast.Import | ast.ImportFrom]:
    """Every import statement that can run: anywhere, except inside `if TYPE_CHECKING:`."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.If) and _is_type_checking(child.test):
            for stmt in child.orelse:
                yield from _runtime_imports_of(stmt)
            continue
        yield from _runtime_imports_of(child)


def _runtime_imports_of(node: ast.AST) -> Iterable[ast.Import | ast.ImportFrom]:
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        yield node
    yield from _runtime_imports(node)


def import_edges(package_dir: Path) -> list[Edge]:
    """The package's internal import graph, module to module (a package counts as its
    `__init__`; `from . import sub` points at the submodule)."""
    package = package_dir.name
    paths = {module_name(p, package_dir): p for p in sorted(package_dir.rglob("*.py"))}
    edges: list[Edge] = []
    for name, path in paths.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        here = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
        for node in _runtime_imports(tree):
            targets: list[str] = []
            if isinstance(node, ast.ImportFrom) and node.level:
                base = here[: len(here) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
                for alias in node.names:
                    sub = f"{module}.{alias.name}"
                    targets.append(sub if sub in paths else module)
            elif isinstance(node, ast.ImportFrom) and node.module:
                targets.append(node.module)
            elif isinstance(node, ast.Import):
                targets.extend(alias.name for alias in node.names)
            where = f"{path.relative_to(package_dir.parent)}:{node.lineno}"
            for target in targets:
                parts = target.split(".")
                # Not the core: another package, or an extra installed as `agentkit.<name>`
                # (which the core may only import through its public shims).
                if parts[0] != package or (len(parts) > 1 and ".".join(parts[:2]) not in paths):
                    continue
                while target not in paths and "." in target:
                    target = target.rsplit(".", 1)[0]
                if target in paths and target != name:
                    edges.append(Edge(name, target, where))
    return edges


def layer_of(module: str, layers: list[tuple[str, list[str]]]) -> int | None:
    best: tuple[int, int] | None = None  # (pattern length, layer index)
    for index, (_, patterns) in enumerate(layers):
        for pattern in patterns:
            if pattern.endswith(".*"):
                stem = pattern[:-2]
                matches = module == stem or module.startswith(stem + ".")
            else:
                matches = module == pattern
            if matches and (best is None or len(pattern) > best[0]):
                best = (len(pattern), index)
    return None if best is None else best[1]


def _cycles(edges: list[Edge]) -> list[list[str]]:
    """The graph's non-trivial strongly connected components (each one holds a cycle)."""
    graph: dict[str, set[str]] = {}
    for edge in edges:
        graph.setdefault(edge.importer, set()).add(edge.imported)
        graph.setdefault(edge.imported, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0

    def visit(start: str) -> None:
        nonlocal counter
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def layer_violations(package_dir: Path, layers: list[tuple[str, list[str]]] = LAYERS) -> list[str]:
    """Every import that points up a layer, every module without a layer, every cycle."""
    edges = import_edges(package_dir)
    problems: list[str] = []
    modules = {module_name(p, package_dir) for p in package_dir.rglob("*.py")}
    for module in sorted(modules):
        if layer_of(module, layers) is None:
            problems.append(f"{module}: in no layer (add it to LAYERS)")
    for edge in edges:
        low, high = layer_of(edge.importer, layers), layer_of(edge.imported, layers)
        if low is None or high is None or high <= low:
            continue
        problems.append(
            f"{edge.where}: {edge.importer} ({layers[low][0]}) imports {edge.imported} "
            f"({layers[high][0]}), a higher layer"
        )
    for component in _cycles(edges):
        problems.append("import cycle among: " + ", ".join(component))
    return problems


def test_core_imports_follow_the_layers() -> None:
    assert layer_violations(CORE) == []


def test_the_layers_name_every_core_module_once_per_pattern() -> None:
    patterns = [p for _, group in LAYERS for p in group]
    assert len(patterns) == len(set(patterns))


# --- The checker itself, on a synthetic package ---------------------------------------------

SYNTHETIC_LAYERS: list[tuple[str, list[str]]] = [
    ("base", ["pkg.base"]),
    ("middle", ["pkg.middle.*"]),
    ("top", ["pkg", "pkg.top"]),
]


def _package(tmp_path: Path, files: dict[str, str]) -> Path:
    pkg = tmp_path / "pkg"
    (pkg / "middle").mkdir(parents=True, exist_ok=True)
    defaults = {
        "__init__.py": "",
        "base.py": "import json\n",
        "middle/__init__.py": "from ..base import x\n",
        "middle/one.py": "from . import two\n",
        "middle/two.py": "",
        "top.py": "from .middle import one\nfrom . import base\n",
    }
    defaults.update(files)
    for name, text in defaults.items():
        (pkg / name).write_text(text)
    return pkg


def test_layer_checker_accepts_a_well_layered_package(tmp_path: Path) -> None:
    assert layer_violations(_package(tmp_path, {}), SYNTHETIC_LAYERS) == []


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (
            {"base.py": "from .middle import one\n"},
            "pkg/base.py:1: pkg.base (base) imports pkg.middle.one (middle), a higher layer",
        ),
        (
            {"base.py": "def f():\n    from . import top\n"},
            "pkg/base.py:2: pkg.base (base) imports pkg.top (top), a higher layer",
        ),
        (
            {"middle/two.py": "import pkg.top\n"},
            "pkg/middle/two.py:1: pkg.middle.two (middle) imports pkg.top (top), a higher layer",
        ),
        (
            {"middle/two.py": "class A:\n    def f(self):\n        from .one import y\n"},
            "import cycle among: pkg.middle.one, pkg.middle.two",
        ),
        ({"extra.py": ""}, "pkg.extra: in no layer (add it to LAYERS)"),
    ],
)
def test_layer_checker_catches_violations(
    tmp_path: Path, files: dict[str, str], expected: str
) -> None:
    # An upward import usually closes a cycle too (the higher module imports the lower one).
    assert expected in layer_violations(_package(tmp_path, files), SYNTHETIC_LAYERS)


def test_layer_checker_exempts_type_checking_imports(tmp_path: Path) -> None:
    source = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from .top import T\n"
        "else:\n    import json\n"
    )
    assert layer_violations(_package(tmp_path, {"base.py": source}), SYNTHETIC_LAYERS) == []
    source += "if not TYPE_CHECKING:\n    from .top import T\n"
    assert layer_violations(_package(tmp_path, {"base.py": source}), SYNTHETIC_LAYERS) != []


def test_layer_checker_skips_modules_outside_the_tree(tmp_path: Path) -> None:
    # An extra installed as `pkg.<name>` is not part of the core's graph.
    source = "from .someextra.mod import thing\nimport pkg.otherextra\n"
    assert layer_violations(_package(tmp_path, {"base.py": source}), SYNTHETIC_LAYERS) == []
