"""Model spans (usage, model_config) for request parity of traces with openai-agents 0.24.

Runs under both interpreters, like default_model_scenarios.py:

    python span_usage_scenarios.py <agents|agentkit> <base_url> <scenario>

prints the exported `response` / `generation` span data (type, usage, model_config) as JSON.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import sys
from typing import Any

# name -> (api, stream, Responses usage the server reports or None for the builders' default)
CACHE_WRITE_USAGE = {
    "input_tokens": 10,
    "output_tokens": 5,
    "total_tokens": 15,
    "input_tokens_details": {
        "cached_tokens": 3,
        "cache_write_tokens": 2,
        "cache_write_tokens_details": {"ttl_30m_tokens": 2, "ttl_12h_tokens": 0},
    },
    "output_tokens_details": {"reasoning_tokens": 1},
}
SCENARIOS: dict[str, tuple[str, bool, dict[str, Any] | None]] = {
    "responses_cache_write_details": ("responses", False, CACHE_WRITE_USAGE),
    "responses_cache_write_details_streamed": ("responses", True, CACHE_WRITE_USAGE),
    "responses_plain_usage": ("responses", False, None),
    "chat": ("chat", False, None),
    "chat_streamed": ("chat", True, None),
}


async def collect(package: str, base_url: str, name: str) -> list[dict[str, Any]]:
    top = importlib.import_module(package)
    tracing = importlib.import_module(f"{package}.tracing")
    client_module = "openai" if package == "agents" else "agentkit.client"
    client = importlib.import_module(client_module).AsyncOpenAI(base_url=base_url, api_key="sk-t")
    api, stream, _ = SCENARIOS[name]
    spans: list[dict[str, Any]] = []

    class Recorder(tracing.TracingProcessor):  # type: ignore[misc,name-defined]
        def on_trace_start(self, trace: Any) -> None: ...
        def on_trace_end(self, trace: Any) -> None: ...
        def on_span_start(self, span: Any) -> None: ...
        def shutdown(self) -> None: ...
        def force_flush(self) -> None: ...

        def on_span_end(self, span: Any) -> None:
            data = (span.export() or {}).get("span_data", {})
            if data.get("type") in ("response", "generation"):
                spans.append({k: data.get(k) for k in ("type", "usage", "model_config")})

    tracing.set_trace_processors([Recorder()])
    top.set_default_openai_client(client, use_for_tracing=False)
    top.set_default_openai_api("chat_completions" if api == "chat" else "responses")
    try:
        agent = top.Agent(name="a", instructions="Be brief.", model="gpt-4.1")
        if stream:
            result = top.Runner.run_streamed(agent, "Hi")
            async for _ in result.stream_events():
                pass
        else:
            await top.Runner.run(agent, "Hi")
    finally:
        top.set_default_openai_api("responses")
    return spans


if __name__ == "__main__":
    package, base_url, name = sys.argv[1:4]
    print(json.dumps(asyncio.run(collect(package, base_url, name))))
