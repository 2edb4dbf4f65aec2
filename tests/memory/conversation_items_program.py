"""One run with an `OpenAIConversationsSession`, written against the `agents` API so it runs on
upstream `agents` 0.24 (under /opt/ref/bin/python) and on agentkit alike; the test compares the
items each side posts to the conversation.

    python tests/memory/conversation_items_program.py '{"lib": "agentkit", "base_url": "..."}'
"""

from __future__ import annotations

import asyncio
import importlib
import json
import sys
from typing import Any


async def run(spec: dict[str, Any]) -> dict[str, Any]:
    lib = spec["lib"]
    A = importlib.import_module(lib)
    if lib == "agents":
        from openai import AsyncOpenAI
    else:
        from agentkit.client import AsyncOpenAI
    client = AsyncOpenAI(base_url=spec["base_url"], api_key="sk-test", max_retries=0)

    @A.function_tool
    def lookup(city: str) -> str:
        """Look a city up."""
        return f"found {city}"

    session = A.OpenAIConversationsSession(openai_client=client)
    provider = A.OpenAIProvider(openai_client=client, use_responses=spec.get("responses", True))
    agent = A.Agent(name="A", model="gpt-4.1", tools=[lookup])
    config = A.RunConfig(model_provider=provider, tracing_disabled=True)
    result = await A.Runner.run(agent, "hi", session=session, run_config=config)
    return {"final_output": result.final_output}


if __name__ == "__main__":
    print(json.dumps(asyncio.run(run(json.loads(sys.argv[1])))))
