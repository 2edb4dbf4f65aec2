"""Agent graphs as Graphviz DOT: who hands off to whom, and which tools and MCP servers each uses.

`get_main_graph(agent)` returns the DOT source and needs nothing beyond the standard library;
`draw_graph(agent)` renders it with the `graphviz` package (`pip install "agentkit[viz]"`), which
runs Graphviz's `dot` program.

The graph starts at a `__start__` node pointing at the agent. Agents are yellow boxes (handoff
targets have rounded corners), tools green ellipses, MCP servers grey boxes; handoffs are solid
arrows, tool calls dotted arrows both ways, MCP server calls dashed arrows both ways, and an agent
without handoffs points at `__end__`. Each agent is drawn once, however many agents hand off to
it (handoff cycles included); names are escaped, so any agent or tool name gives valid DOT.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import field
from typing import TYPE_CHECKING, Any, Protocol

from .._optional import import_extra
from ..util._dataclass import dataclass

if TYPE_CHECKING:
    from ..agent import Agent

__all__ = ["GraphvizSource", "draw_graph", "get_all_edges", "get_all_nodes", "get_main_graph"]

_START = "__start__"
_END = "__end__"

_STYLES = {
    "terminal": "shape=ellipse, style=filled, fillcolor=lightblue, width=0.5, height=0.3",
    "root": "shape=box, style=filled, fillcolor=lightyellow, width=1.5, height=0.8",
    "agent": 'shape=box, style="filled,rounded", fillcolor=lightyellow, width=1.5, height=0.8',
    "handoff": 'shape=box, style="filled,rounded", fillcolor=lightyellow, width=1.5, height=0.8',
    "tool": "shape=ellipse, style=filled, fillcolor=lightgreen, width=0.5, height=0.3",
    "mcp": "shape=box, style=filled, fillcolor=lightgrey, width=1, height=0.5",
}
_EDGE_STYLES = {
    "handoff": "",
    "tool": " [style=dotted, penwidth=1.5]",
    "mcp": " [style=dashed, penwidth=1.5]",
}

_NodeKey = tuple[str, int]


class GraphvizSource(Protocol):
    """What `draw_graph` returns: a `graphviz.Source` (shown inline in notebooks)."""

    @property
    def source(self) -> str: ...

    def render(self, *args: Any, **kwargs: Any) -> Any:
        """Write the rendered graph to a file (`graphviz.Source.render`)."""

    def pipe(self, *args: Any, **kwargs: Any) -> Any:
        """Return the rendered graph as bytes (`graphviz.Source.pipe`)."""

    def view(self, *args: Any, **kwargs: Any) -> Any:
        """Render the graph and open it in the system viewer (`graphviz.Source.view`)."""


def _escape(text: str) -> str:
    """`text` for the inside of a DOT quoted string (a node ID).

    Backslashes and double quotes are escaped; line breaks become Graphviz's `\\n`; other control
    characters become a visible `\\xNN`, as Graphviz cannot draw them.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    out: list[str] = []
    for char in text:
        if char == "\\":
            out.append("\\\\")
        elif char == '"':
            out.append('\\"')
        elif char == "\n":
            out.append("\\n")
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\\\x{ord(char):02x}")
        else:
            out.append(char)
    return "".join(out)


def _escape_label(text: str) -> str:
    """`text` for a quoted label: as an ID, and `&` as `&amp;`, since Graphviz reads `&name;`
    entities in labels (a name containing "&lt;" must not render as "<")."""
    return _escape(text).replace("&", "&amp;")


@dataclass
class _Node:
    key: _NodeKey
    label: str
    style: str


@dataclass
class _Graph:
    """The nodes and edges reachable from one agent, in drawing order, with their DOT IDs."""

    skip_names: frozenset[str]
    nodes: list[_Node] = field(default_factory=list)
    edges: list[tuple[_NodeKey, _NodeKey, str]] = field(default_factory=list)
    undeclared: dict[_NodeKey, str] = field(default_factory=dict)
    """Agents edges point at but this graph does not declare: drawn by an earlier call."""
    visited_names: set[str] = field(default_factory=set)
    ids: dict[_NodeKey, str] = field(default_factory=dict)
    _node_keys: set[_NodeKey] = field(default_factory=set)
    _agents: set[int] = field(default_factory=set)

    def add_node(self, key: _NodeKey, label: str, style: str) -> None:
        if key not in self._node_keys:
            self._node_keys.add(key)
            self.nodes.append(_Node(key, label, style))

    def drew(self, agent: Any) -> bool:
        return id(agent) in self._agents

    def is_drawn(self, agent: Any) -> bool:
        return id(agent) in self._agents or agent.name in self.skip_names

    def visit(self, agent: Any, *, root: bool) -> None:
        """Add `agent` (already declared by its parent unless `root`) and all it leads to."""
        if self.is_drawn(agent):
            return
        self._agents.add(id(agent))
        self.visited_names.add(agent.name)
        key = ("agent", id(agent))
        if root:
            self.edges.append((("start", 0), key, "handoff"))
            self.add_node(key, str(agent.name), "root")
        for tool in agent.tools:
            self._add_leaf(key, ("tool", id(tool)), str(tool.name), "tool")
        for server in agent.mcp_servers:
            self._add_leaf(key, ("mcp", id(server)), str(server.name), "mcp")
        for handoff in agent.handoffs:
            self._add_handoff(key, handoff)
        if not agent.handoffs:
            self.edges.append((key, ("end", 0), "handoff"))

    def _add_leaf(self, agent_key: _NodeKey, key: _NodeKey, label: str, kind: str) -> None:
        self.add_node(key, label, kind)
        self.edges.append((agent_key, key, kind))
        self.edges.append((key, agent_key, kind))

    def _add_handoff(self, agent_key: _NodeKey, handoff: Any) -> None:
        target = _handoff_target(handoff)
        if target is None:
            # A handoff whose agent is gone (or not an agent): drawn from its recorded name.
            key: _NodeKey = ("handoff", id(handoff))
            self.add_node(key, str(handoff.agent_name), "handoff")
            self.edges.append((agent_key, key, "handoff"))
            return
        key = ("agent", id(target))
        if not self.is_drawn(target):
            self.add_node(key, str(target.name), "agent")
        elif target.name in self.skip_names and id(target) not in self._agents:
            self.undeclared[key] = str(target.name)
        self.edges.append((agent_key, key, "handoff"))
        self.visit(target, root=False)

    def assign_ids(self) -> None:
        """Each node's ID is its escaped name, unless another node (or `__start__`/`__end__`)
        would share it; those get a generated `__agents_graph_<kind>_<n>__`."""
        escaped = [(node.key, _escape(node.label)) for node in self.nodes]
        skipped = [(key, _escape(label)) for key, label in self.undeclared.items()]
        counts = Counter(name for _, name in escaped)
        all_names = {name for _, name in escaped} | {name for _, name in skipped}
        taken = {_START, _END}
        generated = 0

        def fresh(kind: str) -> str:
            nonlocal generated
            while True:
                candidate = f"__agents_graph_{kind}_{generated}__"
                generated += 1
                if candidate not in all_names and candidate not in taken:
                    return candidate

        self.ids = {("start", 0): _START, ("end", 0): _END}
        # Agents drawn by an earlier call (the `visited` names) keep their names as IDs.
        for key, name in skipped:
            self.ids[key] = name if name not in taken and name else fresh(key[0])
            taken.add(self.ids[key])
        for key, name in escaped:
            unique = counts[name] == 1 and name not in taken and name != ""
            self.ids[key] = name if unique else fresh(key[0])
            taken.add(self.ids[key])

    def node_lines(self, *, with_terminals: bool) -> list[str]:
        lines = []
        if with_terminals:
            for name in (_START, _END):
                lines.append(f'"{name}" [label="{name}", {_STYLES["terminal"]}];')
        for node in self.nodes:
            lines.append(
                f'"{self.ids[node.key]}" [label="{_escape_label(node.label)}", {_STYLES[node.style]}];'
            )
        return lines

    def edge_lines(self) -> list[str]:
        return [
            f'"{self.ids[a]}" -> "{self.ids[b]}"{_EDGE_STYLES[kind]};' for a, b, kind in self.edges
        ]


def _handoff_target(handoff: Any) -> Any:
    """The agent a handoff entry leads to: the entry itself if it is an agent, the live agent of a
    `Handoff` made by `handoff()`, or None (a custom `Handoff`, or one whose agent is gone)."""
    from ..agent import AgentBase

    if isinstance(handoff, AgentBase):
        return handoff
    agent_ref = getattr(handoff, "_agent_ref", None)
    target = agent_ref() if agent_ref is not None else None
    return target if isinstance(target, AgentBase) else None


def _build(
    agent: Agent[Any], parent: Agent[Any] | None, visited: set[str] | None
) -> tuple[_Graph, bool]:
    graph = _Graph(skip_names=frozenset(visited or ()))
    graph.visit(agent, root=parent is None)
    drew_root = parent is None and graph.drew(agent)
    if parent is not None and graph.drew(agent):
        # Below a parent, the agent's own node is the parent's call's to declare.
        graph.undeclared[("agent", id(agent))] = str(agent.name)
    graph.assign_ids()
    if visited is not None:
        visited.update(graph.visited_names)
    return graph, drew_root


def get_all_nodes(
    agent: Agent[Any], parent: Agent[Any] | None = None, visited: set[str] | None = None
) -> str:
    """The DOT node statements of `agent`'s graph, one per line.

    With no `parent`, `agent` is the root: the `__start__` and `__end__` nodes and its own node are
    included. Agents whose names are in `visited` are treated as drawn already (not repeated);
    the names of the agents drawn here are added to it.
    """
    graph, drew_root = _build(agent, parent, visited)
    return "".join(line + "\n" for line in graph.node_lines(with_terminals=drew_root))


def get_all_edges(
    agent: Agent[Any], parent: Agent[Any] | None = None, visited: set[str] | None = None
) -> str:
    """The DOT edge statements of `agent`'s graph, one per line (`__start__ -> agent` when
    `parent` is None); `visited` as for `get_all_nodes`."""
    graph, _ = _build(agent, parent, visited)
    return "".join(line + "\n" for line in graph.edge_lines())


def get_main_graph(agent: Agent[Any]) -> str:
    """The whole graph of `agent`, as Graphviz DOT source (`digraph G { ... }`)."""
    graph, drew_root = _build(agent, None, None)
    body = graph.node_lines(with_terminals=drew_root) + graph.edge_lines()
    header = [
        "digraph G {",
        "    graph [splines=true];",
        '    node [fontname="Arial"];',
        "    edge [penwidth=1.5];",
    ]
    return "\n".join([*header, *("    " + line for line in body), "}"]) + "\n"


def draw_graph(agent: Agent[Any], filename: str | os.PathLike[str] | None = None) -> GraphvizSource:
    """Render `agent`'s graph with Graphviz (`pip install "agentkit[viz]"`, plus Graphviz's `dot`).

    Returns the `graphviz.Source` (shown inline in a notebook; `.view()` opens it, `.pipe(format=
    "svg")` gives the bytes). With `filename`, also writes `<filename>.png` (the DOT source file
    written on the way is removed).
    """
    graphviz = import_extra("graphviz", "viz")
    source: GraphvizSource = graphviz.Source(get_main_graph(agent))
    if filename:
        source.render(os.fspath(filename), format="png", cleanup=True)
    return source
