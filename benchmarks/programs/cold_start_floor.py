"""Cold start, the dependency floor: the same job as `cold_start_agentkit.py` with no SDK at all.

Only what any SDK on agentkit's dependencies must do: import httpx and pydantic, derive the tool's
JSON schema from its signature with pydantic, POST the Responses request agentkit sends over an
`httpx.AsyncClient`, parse the reply and print its text. No agent, runner, items or validation of
the reply: the time of an SDK that had no code of its own.

Usage: python cold_start_floor.py BASE_URL (the benchmarks' loopback server).
"""

import asyncio
import json
import sys

import httpx
import pydantic


def get_weather(city: str) -> str:
    """Return the current weather in a city."""
    return f"The weather in {city} is sunny, 21 C."


def tool_schema() -> dict[str, object]:
    params = pydantic.create_model("get_weather_args", city=(str, ...))
    schema = params.model_json_schema()
    schema["additionalProperties"] = False
    return {
        "name": "get_weather",
        "parameters": schema,
        "strict": True,
        "type": "function",
        "description": get_weather.__doc__,
    }


async def main(base_url: str) -> str:
    body = {
        "instructions": "Be brief.",
        "model": "hello",
        "input": [{"content": "Hi.", "role": "user"}],
        "include": [],
        "tools": [tool_schema()],
    }
    async with httpx.AsyncClient(base_url=base_url) as client:
        reply = await client.post(
            "/responses",
            content=json.dumps(body, separators=(",", ":")).encode(),
            headers={"Authorization": "Bearer sk-benchmark", "Content-Type": "application/json"},
        )
        reply.raise_for_status()
    for item in json.loads(reply.content)["output"]:
        if item["type"] == "message":
            return "".join(part["text"] for part in item["content"] if "text" in part)
    raise RuntimeError("no message in the reply")


print(asyncio.run(main(sys.argv[1])))
