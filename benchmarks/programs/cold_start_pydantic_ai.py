"""Cold start, pydantic-ai: import, define an agent with one tool, answer one turn, print, exit.

Usage: python cold_start_pydantic_ai.py BASE_URL (the benchmarks' loopback server). The same
agent, tool and Responses API request as `cold_start_agentkit.py`, in pydantic-ai's API.
"""

import sys

from pydantic_ai import Agent, Tool
from pydantic_ai.models.openai import OpenAIResponsesModel
from pydantic_ai.providers.openai import OpenAIProvider


def get_weather(city: str) -> str:
    """Return the current weather in a city."""
    return f"The weather in {city} is sunny, 21 C."


provider = OpenAIProvider(base_url=sys.argv[1], api_key="sk-benchmark")
agent = Agent(
    OpenAIResponsesModel("hello", provider=provider),
    instructions="Be brief.",
    tools=[Tool(get_weather)],
)
print(agent.run_sync("Hi.").output)
