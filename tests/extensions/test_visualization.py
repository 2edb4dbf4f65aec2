"""Agent graphs: the DOT text, what Graphviz's `dot` makes of it, and `draw_graph`'s files."""

from __future__ import annotations

import gc
import html
import json
import os
import re
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from agentkit import Agent, function_tool, handoff
from agentkit.extensions.visualization import (
    draw_graph,
    get_all_edges,
    get_all_nodes,
    get_main_graph,
)

SVG = "{http://www.w3.org/2000/svg}"


class FakeMCPServer:
    """Only the `name` matters to the graph; the runner is never involved here."""

    def __init__(self, name: str) -> None:
        self.name = name


def _tool(name: str) -> Any:
    def impl() -> str:
        return "ok"

    return function_tool(impl, name_override=name)


def _triage() -> Agent[Any]:
    get_weather = _tool("get_weather")
    spanish = Agent(name="Spanish agent", tools=[_tool("get_time")])
    english = Agent(name="English agent", tools=[get_weather], mcp_servers=[FakeMCPServer("fs")])
    triage = Agent(name="Triage", handoffs=[spanish, handoff(english)], tools=[get_weather])
    english.handoffs = [triage]  # a cycle back to the start
    return triage


def _dot(source: str, fmt: str) -> bytes:
    result = subprocess.run(["dot", f"-T{fmt}"], input=source.encode(), capture_output=True)
    assert result.returncode == 0, result.stderr.decode()
    assert result.stderr == b"", result.stderr.decode()  # no warnings either
    return result.stdout


def _rendered(source: str) -> tuple[dict[str, str], list[tuple[str, str, str]]]:
    """Graphviz's reading of `source`: the rendered label text of each node (by node ID), and
    each edge as (tail label, head label, style)."""
    layout = json.loads(_dot(source, "json"))
    svg = ET.fromstring(_dot(source, "svg"))
    labels: dict[str, str] = {}
    for group in svg.iter(f"{SVG}g"):
        if group.get("class") == "node":
            title = group.find(f"{SVG}title")
            assert title is not None and title.text is not None
            texts = [t.text or "" for t in group.iter(f"{SVG}text")]
            labels[title.text] = "\n".join(texts)
    names = [obj["name"] for obj in layout["objects"]]
    by_id = {index: labels[html.unescape(name)] for index, name in enumerate(names)}
    edges = [
        (by_id[edge["tail"]], by_id[edge["head"]], edge.get("style", "solid"))
        for edge in layout.get("edges", [])
    ]
    return labels, edges


EXPECTED_TRIAGE = """\
digraph G {
    graph [splines=true];
    node [fontname="Arial"];
    edge [penwidth=1.5];
    "__start__" [label="__start__", shape=ellipse, style=filled, fillcolor=lightblue, width=0.5, height=0.3];
    "__end__" [label="__end__", shape=ellipse, style=filled, fillcolor=lightblue, width=0.5, height=0.3];
    "Triage" [label="Triage", shape=box, style=filled, fillcolor=lightyellow, width=1.5, height=0.8];
    "get_weather" [label="get_weather", shape=ellipse, style=filled, fillcolor=lightgreen, width=0.5, height=0.3];
    "Spanish agent" [label="Spanish agent", shape=box, style="filled,rounded", fillcolor=lightyellow, width=1.5, height=0.8];
    "get_time" [label="get_time", shape=ellipse, style=filled, fillcolor=lightgreen, width=0.5, height=0.3];
    "English agent" [label="English agent", shape=box, style="filled,rounded", fillcolor=lightyellow, width=1.5, height=0.8];
    "fs" [label="fs", shape=box, style=filled, fillcolor=lightgrey, width=1, height=0.5];
    "__start__" -> "Triage";
    "Triage" -> "get_weather" [style=dotted, penwidth=1.5];
    "get_weather" -> "Triage" [style=dotted, penwidth=1.5];
    "Triage" -> "Spanish agent";
    "Spanish agent" -> "get_time" [style=dotted, penwidth=1.5];
    "get_time" -> "Spanish agent" [style=dotted, penwidth=1.5];
    "Spanish agent" -> "__end__";
    "Triage" -> "English agent";
    "English agent" -> "get_weather" [style=dotted, penwidth=1.5];
    "get_weather" -> "English agent" [style=dotted, penwidth=1.5];
    "English agent" -> "fs" [style=dashed, penwidth=1.5];
    "fs" -> "English agent" [style=dashed, penwidth=1.5];
    "English agent" -> "Triage";
}
"""


def test_main_graph_dot_text() -> None:
    # Statement for statement upstream's graph (agents yellow boxes, tools green ellipses, MCP
    # servers grey boxes; handoffs solid, tools dotted, MCP dashed), each statement on its line
    # and the shared tool declared once.
    assert get_main_graph(_triage()) == EXPECTED_TRIAGE


def test_graphviz_reads_the_graph_as_drawn() -> None:
    labels, edges = _rendered(get_main_graph(_triage()))
    assert sorted(labels.values()) == sorted(
        [
            "__start__",
            "__end__",
            "Triage",
            "get_weather",
            "Spanish agent",
            "get_time",
            "English agent",
            "fs",
        ]
    )
    assert sorted(edges) == sorted(
        [
            ("__start__", "Triage", "solid"),
            ("Triage", "get_weather", "dotted"),
            ("get_weather", "Triage", "dotted"),
            ("Triage", "Spanish agent", "solid"),
            ("Spanish agent", "get_time", "dotted"),
            ("get_time", "Spanish agent", "dotted"),
            ("Spanish agent", "__end__", "solid"),
            ("Triage", "English agent", "solid"),
            ("English agent", "get_weather", "dotted"),
            ("get_weather", "English agent", "dotted"),
            ("English agent", "fs", "dashed"),
            ("fs", "English agent", "dashed"),
            ("English agent", "Triage", "solid"),
        ]
    )


def test_agents_reachable_twice_and_cycles_are_drawn_once() -> None:
    billing = Agent(name="Billing")
    refunds = Agent(name="Refunds", handoffs=[billing])
    support = Agent(name="Support", handoffs=[billing, refunds])
    billing.handoffs = [support, handoff(refunds)]  # cycles both ways
    source = get_main_graph(support)
    for name in ("Support", "Billing", "Refunds"):
        assert len(re.findall(rf'^    "{name}" \[', source, re.M)) == 1, name
    labels, edges = _rendered(source)
    assert sorted(labels.values()) == ["Billing", "Refunds", "Support", "__end__", "__start__"]
    assert sorted(edges) == [
        ("Billing", "Refunds", "solid"),
        ("Billing", "Support", "solid"),
        ("Refunds", "Billing", "solid"),
        ("Support", "Billing", "solid"),
        ("Support", "Refunds", "solid"),
        ("__start__", "Support", "solid"),
    ]
    # Every agent hands off, so nothing reaches __end__.
    assert '-> "__end__"' not in source


NASTY_NAMES = [
    'say "hi"',
    "back\\slash",
    "ends with \\",
    "two\nlines",
    "crlf\r\nline",
    "a -> b; c",
    "{braces} [brackets] <angle> &amp; &lt; & x",
    "\\N \\G \\L",
    "tab\there",
    "escape\x1bchar",
    "日本語のエージェント",
]


def test_any_name_gives_valid_dot_that_renders_the_names() -> None:
    tools = [_tool(f"tool {index}") for index in range(3)]
    leaves = [Agent(name=name) for name in NASTY_NAMES]
    root = Agent(name='root "agent"\\', handoffs=list(leaves), tools=tools)
    labels, edges = _rendered(get_main_graph(root))
    expected = {
        'say "hi"': 'say "hi"',
        "two\nlines": "two\nlines",
        "crlf\r\nline": "crlf\nline",
        "tab\there": "tab\\x09here",
        "escape\x1bchar": "escape\\x1bchar",
    }
    rendered = {expected.get(name, name) for name in NASTY_NAMES}
    assert set(labels.values()) == rendered | {
        'root "agent"\\',
        "__start__",
        "__end__",
        "tool 0",
        "tool 1",
        "tool 2",
    }
    assert len(labels) == len(NASTY_NAMES) + 6
    handoff_edges = {(tail, head) for tail, head, style in edges if style == "solid"}
    assert {('root "agent"\\', name) for name in rendered} <= handoff_edges
    assert {(name, "__end__") for name in rendered} <= handoff_edges


def test_colliding_names_get_distinct_nodes() -> None:
    # A tool named like its agent, two agents with one name, and names of the reserved nodes.
    twin_a = Agent(name="twin")
    twin_b = Agent(name="twin")
    start = Agent(name="__start__")
    root = Agent(name="Triage", tools=[_tool("Triage")], handoffs=[twin_a, twin_b, start])
    source = get_main_graph(root)
    assert '"__agents_graph_agent_0__" [label="Triage"' in source
    assert '"__agents_graph_tool_1__" [label="Triage"' in source
    labels, edges = _rendered(source)
    assert sorted(labels.values()) == sorted(
        ["__start__", "__end__", "__start__", "Triage", "Triage", "twin", "twin"]
    )
    assert len(edges) == 1 + 2 + 3 + 3  # start, tool both ways, 3 handoffs, 3 agents -> end


def test_nodes_and_edges_below_a_parent_and_with_visited_names() -> None:
    worker = Agent(name="Worker", tools=[_tool("lookup")])
    boss = Agent(name="Boss", handoffs=[worker])
    assert get_all_nodes(worker, parent=boss) == (
        '"lookup" [label="lookup", shape=ellipse, style=filled, fillcolor=lightgreen, '
        "width=0.5, height=0.3];\n"
    )
    assert get_all_edges(worker, parent=boss) == (
        '"Worker" -> "lookup" [style=dotted, penwidth=1.5];\n'
        '"lookup" -> "Worker" [style=dotted, penwidth=1.5];\n'
        '"Worker" -> "__end__";\n'
    )
    visited: set[str] = set()
    nodes = get_all_nodes(boss, visited=visited)
    assert visited == {"Boss", "Worker"}
    assert nodes.count("[label=") == 5  # start, end, Boss, Worker, lookup
    # Agents named in `visited` were drawn by an earlier call: only the edges to them remain.
    assert get_all_nodes(boss, visited={"Worker"}).count('"Worker" [') == 0
    assert get_all_edges(boss, visited={"Worker"}) == (
        '"__start__" -> "Boss";\n"Boss" -> "Worker";\n'
    )
    assert get_all_nodes(boss, visited={"Boss"}) == ""


def test_handoff_whose_agent_is_gone_is_drawn_from_its_name() -> None:
    gone = Agent(name="Temporary")
    entry = handoff(gone)
    root = Agent(name="Root", handoffs=[entry])
    del gone
    gc.collect()
    assert '"Temporary" [label="Temporary", shape=box, style="filled,rounded"' in get_main_graph(
        root
    )
    assert '"Root" -> "Temporary";' in get_all_edges(root)


def test_draw_graph_writes_a_png_and_renders_svg(tmp_path: Path) -> None:
    agent = _triage()
    source = draw_graph(agent, filename=tmp_path / "agent_graph")
    assert source.source == get_main_graph(agent)
    png = tmp_path / "agent_graph.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["agent_graph.png"]  # DOT file removed
    svg = ET.fromstring(source.pipe(format="svg"))
    texts = {t.text for t in svg.iter(f"{SVG}text")}
    assert {"Triage", "Spanish agent", "English agent", "get_weather", "fs"} <= texts
    assert draw_graph(agent) is not None
    assert list(tmp_path.iterdir()) == [png]  # without a filename nothing is written


def _run(code: str) -> str:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, check=True
    ).stdout.strip()


def test_dot_source_needs_no_graphviz_and_drawing_names_the_extra() -> None:
    out = _run(
        """
        import sys
        sys.modules["graphviz"] = None  # as if the package were not installed
        from agentkit import Agent
        from agentkit.extensions.visualization import draw_graph, get_main_graph
        print(get_main_graph(Agent(name="Solo")).count("->"))
        try:
            draw_graph(Agent(name="Solo"))
        except ImportError as exc:
            print(exc)
        """
    )
    assert out.splitlines()[0] == "2"
    assert 'pip install "agentkit[viz]"' in out
    assert "'graphviz'" in out


EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_example_prints_the_graph_and_renders_the_readme_picture(tmp_path: Path) -> None:
    completed = subprocess.run(
        [sys.executable, str(EXAMPLES / "visualization_agent_graph.py")],
        cwd=tmp_path,
        env={**os.environ, "AGENTKIT_GRAPH_FILE": "agent_graph"},
        capture_output=True,
        text=True,
        check=True,
    )
    source, _, tail = completed.stdout.rpartition("}\n")
    assert source.startswith("digraph G {") and tail.strip() == "wrote agent_graph.png"
    assert (tmp_path / "agent_graph.png").read_bytes()[:4] == b"\x89PNG"
    # The picture in the README (docs/agent_graph.svg) shows this example's graph.
    labels, edges = _rendered(source + "}\n")
    committed = ET.parse(DOCS / "agent_graph.svg").getroot()
    shown = [
        "\n".join(t.text or "" for t in g.iter(f"{SVG}text"))
        for g in committed.iter(f"{SVG}g")
        if g.get("class") == "node"
    ]
    assert sorted(shown) == sorted(labels.values())
    assert sum(g.get("class") == "edge" for g in committed.iter(f"{SVG}g")) == len(edges)
    assert (DOCS / "agent_graph.png").read_bytes()[:4] == b"\x89PNG"
