"""One run through `OpenAIResponsesCompactionSession`, written against the `agents` API so it runs
on upstream `agents` 0.24 (under /opt/ref/bin/python) and on agentkit alike. Prints the stored
history after the run, the run's usage and the outcome as JSON.

    python tests/memory/compaction_program.py '{"lib": "agentkit", "base_url": "...", ...}'
"""

from __future__ import annotations

import asyncio
import importlib
import json
import sys
from typing import Any


def _client(lib: str, base_url: str) -> Any:
    if lib == "agents":
        from openai import AsyncOpenAI
    else:
        from agentkit.client import AsyncOpenAI
    return AsyncOpenAI(base_url=base_url, api_key="sk-test", max_retries=0)


async def run(spec: dict[str, Any]) -> dict[str, Any]:
    lib = spec["lib"]
    A = importlib.import_module(lib)
    client = _client(lib, spec["base_url"])
    threshold = spec.get("threshold", 1)
    settings = A.SessionSettings(limit=spec["limit"]) if "limit" in spec else None
    store_class = A.SQLiteSession
    if spec.get("subclass"):
        # A subclass may transform items: it gets no atomic suffix replacement upstream.
        store_class = type("PlainSQLiteSession", (A.SQLiteSession,), {})
    session = A.OpenAIResponsesCompactionSession(
        "s1",
        store_class("s1", session_settings=settings),
        client=client,
        compaction_mode=spec.get("mode", "auto"),
        should_trigger_compaction=lambda ctx: len(ctx["compaction_candidate_items"]) >= threshold,
    )
    await session.add_items(spec.get("history", []))

    @A.function_tool
    def lookup(city: str) -> str:
        """Look a city up."""
        return f"found {city}"

    provider = A.OpenAIProvider(openai_client=client, use_responses=True)
    settings = A.ModelSettings(store=spec.get("store"))
    agent = A.Agent(name="A", model="gpt-4.1", tools=[lookup], model_settings=settings)
    config = A.RunConfig(model_provider=provider, tracing_disabled=True)
    out: dict[str, Any] = {}
    try:
        result = await A.Runner.run(agent, "hi", session=session, run_config=config)
        out["final_output"] = result.final_output
        out["requests"] = result.context_wrapper.usage.requests
        if spec.get("manual"):
            await session.run_compaction(spec["manual"])
    except Exception as e:
        out["error"] = f"{type(e).__name__}: {e}"
    out["items"] = await session.get_items(limit=1000)
    return out


if __name__ == "__main__":
    print(json.dumps(asyncio.run(run(json.loads(sys.argv[1])))))
