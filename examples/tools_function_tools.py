"""Tools guide, "Function tools": tool names, descriptions and JSON schemas come from the Python
signature and docstring; the program prints them.

Source: https://openai.github.io/openai-agents-python/tools/ (Function tools).
Ported by changing `from agents import` to `from agentkit import`. Nothing here calls a model, so
no model is chosen; `main()` wraps the guide's printing loop, and `run()` additionally lets an
agent call both tools (offline with agentkit.testing's TestModel, which calls every tool with
arguments that fit its schema, or the real model when OPENAI_API_KEY is set).
"""

from __future__ import annotations

import json
import os

from typing_extensions import Any, TypedDict

from agentkit import Agent, FunctionTool, Model, RunContextWrapper, Runner, function_tool


class Location(TypedDict):
    lat: float
    long: float


@function_tool
async def fetch_weather(location: Location) -> str:
    """Fetch the weather for a given location.

    Args:
        location: The location to fetch the weather for.
    """
    # In real life, we'd fetch the weather from a weather API
    return "sunny"


@function_tool(name_override="fetch_data")
def read_file(ctx: RunContextWrapper[Any], path: str, directory: str | None = None) -> str:
    """Read the contents of a file.

    Args:
        path: The path to the file to read.
        directory: The directory to read the file from.
    """
    # In real life, we'd read the file from the file system
    return "<file contents>"


agent = Agent(
    name="Assistant",
    tools=[fetch_weather, read_file],
)


def main():
    for tool in agent.tools:
        if isinstance(tool, FunctionTool):
            print(tool.name)
            print(tool.description)
            print(json.dumps(tool.params_json_schema, indent=2))
            print()


def choose_model() -> str | Model:
    """The real model when OPENAI_API_KEY is set, else TestModel (calls every tool)."""
    if os.environ.get("OPENAI_API_KEY"):
        return os.environ.get("AGENTKIT_EXAMPLE_MODEL", "gpt-4.1")
    from agentkit.testing import TestModel

    return TestModel()


def run():
    """Let the agent call the tools: TestModel calls both, then reports their outputs."""
    result = Runner.run_sync(
        agent.clone(model=choose_model()),
        "What's the weather at 48.85, 2.35, and what is in notes.txt?",
    )
    print(result.final_output)


if __name__ == "__main__":
    main()
    run()
