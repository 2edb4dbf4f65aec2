"""Visualization guide: draw the graph of a triage agent, its handoffs, tools and MCP server.

Source: https://openai.github.io/openai-agents-python/visualization/ (Generating a graph).
Ported by changing `from agents import` to `from agentkit import`. No model is called: the graph
comes from the agents' definitions. `main()` prints the Graphviz DOT source (standard library
only); with AGENTKIT_GRAPH_FILE=agent_graph set it also renders `agent_graph.png` with
`draw_graph` (`pip install "agentkit[viz]"` and Graphviz's `dot` program). The guide's MCP server
is a stand-in object with a name, as drawing needs nothing else from it.
"""

from __future__ import annotations

import os

from agentkit import Agent, function_tool
from agentkit.extensions.visualization import draw_graph, get_main_graph


class NamedServer:
    """Stands in for an MCP server: the graph only shows its name."""

    def __init__(self, name: str) -> None:
        self.name = name


@function_tool
def get_weather(city: str) -> str:
    """Returns the weather for a city."""
    return f"The weather in {city} is sunny."


def build_triage_agent() -> Agent:
    spanish_agent = Agent(name="Spanish agent", instructions="You only speak Spanish.")
    english_agent = Agent(
        name="English agent",
        instructions="You only speak English.",
        mcp_servers=[NamedServer("Filesystem server")],
    )
    return Agent(
        name="Triage agent",
        instructions="Handoff to the appropriate agent based on the language of the request.",
        handoffs=[spanish_agent, english_agent],
        tools=[get_weather],
    )


def main() -> None:
    triage_agent = build_triage_agent()
    print(get_main_graph(triage_agent))
    filename = os.environ.get("AGENTKIT_GRAPH_FILE")
    if filename:
        draw_graph(triage_agent, filename=filename)
        print(f"wrote {filename}.png")


if __name__ == "__main__":
    main()
