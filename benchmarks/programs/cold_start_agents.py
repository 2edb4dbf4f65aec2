"""Cold start, openai-agents: import, define an agent with one tool, answer one turn, print, exit.

Usage: python cold_start_agents.py BASE_URL (the benchmarks' loopback server).
"""

import sys

from agents import Agent, OpenAIResponsesModel, Runner, function_tool, set_tracing_disabled
from openai import AsyncOpenAI


@function_tool
def get_weather(city: str) -> str:
    """Return the current weather in a city."""
    return f"The weather in {city} is sunny, 21 C."


set_tracing_disabled(True)  # nothing may leave the machine
client = AsyncOpenAI(base_url=sys.argv[1], api_key="sk-benchmark")
agent = Agent(
    name="Assistant",
    instructions="Be brief.",
    model=OpenAIResponsesModel(model="hello", openai_client=client),
    tools=[get_weather],
)
print(Runner.run_sync(agent, "Hi.").final_output)
