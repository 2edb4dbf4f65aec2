"""500 concurrent requests, the dependency floor: the HTTP half of the `concurrency` case with no
SDK at all.

One shared `httpx.AsyncClient` (the connection limits agentkit's and openai's clients use), one
warm-up request, then N concurrent POSTs of the Responses request agentkit sends (a different
prompt each), each reply parsed with `json.loads` and its text checked. What any SDK on agentkit's
dependencies pays for the transport; agentkit's own cost is the difference.

Usage: python concurrency_floor.py BASE_URL N. Prints one RESULT line (time_s, peak_rss_kb,
rss_growth_kb), like `benchmarks._child`.
"""

import asyncio
import json
import resource
import sys
import time

import httpx
import pydantic  # imported by any SDK on these dependencies: part of the floor's memory

TOOL = {
    "name": "get_weather",
    "parameters": {
        "properties": {"city": {"title": "City", "type": "string"}},
        "required": ["city"],
        "title": "get_weather_args",
        "type": "object",
        "additionalProperties": False,
    },
    "strict": True,
    "type": "function",
    "description": "Return the current weather in a city.",
}
HEADERS = {"Authorization": "Bearer sk-benchmark", "Content-Type": "application/json"}


def peak_rss_kb() -> int:
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


async def ask(client: httpx.AsyncClient, prompt: str) -> str:
    body = {
        "instructions": "Be brief.",
        "model": "hello",
        "input": [{"content": prompt, "role": "user"}],
        "include": [],
        "tools": [TOOL],
    }
    content = json.dumps(body, separators=(",", ":")).encode()
    reply = await client.post("/responses", content=content, headers=HEADERS)
    reply.raise_for_status()
    message = next(
        item for item in json.loads(reply.content)["output"] if item["type"] == "message"
    )
    return "".join(part["text"] for part in message["content"])


async def main(base_url: str, n: int) -> dict[str, float]:
    limits = httpx.Limits(max_connections=1000, max_keepalive_connections=100)
    async with httpx.AsyncClient(base_url=base_url, limits=limits) as client:
        expected = await ask(client, "Hi.")  # warm-up: one pooled connection
        rss_before = peak_rss_kb()
        start = time.perf_counter()
        answers = await asyncio.gather(*(ask(client, f"Hi number {i}.") for i in range(n)))
        elapsed = time.perf_counter() - start
    if any(a != expected for a in answers):
        raise AssertionError("a concurrent request returned the wrong answer")
    rss = peak_rss_kb()
    return {"time_s": elapsed, "peak_rss_kb": rss, "rss_growth_kb": rss - rss_before}


assert pydantic.VERSION
print("RESULT " + json.dumps(asyncio.run(main(sys.argv[1], int(sys.argv[2])))))
