"""The pydantic-ai side (optional third side): the runner scenarios written for pydantic-ai's own API.

pydantic-ai's API differs from the Agents SDK's, so this side cannot run `scenarios.py` as is; it
runs the same scenarios (same prompt, tool function, canned outputs and final output, no I/O)
through `pydantic_ai.Agent` and its `FunctionModel`, the library's public way to script a model.
Cases without a pydantic-ai counterpart (handoffs, the Agents SDK's tracing processors) are left
out: the harness shows "–" for them.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from typing import Any

from .scenarios import FINAL_TEXT, Params, get_weather, peak_rss_kb

# What the API import case imports: the names a program needs to define an agent with a tool and
# run it (`Agent.run` / `run_sync` play the Runner's part).
API_IMPORT = "from pydantic_ai import Agent, Tool"
BARE_IMPORT = "import pydantic_ai"

STREAM_PIECES = [" It", " is", " sunny", " in", " Paris."]
PROMPT = "What is the weather in Paris?"


def _agent(kind: str) -> tuple[Any, str]:
    from pydantic_ai import Agent, Tool
    from pydantic_ai.messages import ModelResponse, TextPart, ToolCallPart, ToolReturnPart
    from pydantic_ai.models.function import FunctionModel

    async def reply(messages: list[Any], info: Any) -> Any:  # async: no worker-thread hop
        answered = any(
            isinstance(part, ToolReturnPart)
            for message in messages
            for part in getattr(message, "parts", ())
        )
        if kind == "tool" and not answered:
            call = ToolCallPart("get_weather", {"city": "Paris"}, tool_call_id="call_weather")
            return ModelResponse(parts=[call])
        return ModelResponse(parts=[TextPart(FINAL_TEXT)])

    async def stream(messages: list[Any], info: Any) -> Any:
        for piece in STREAM_PIECES:
            yield piece

    if kind == "stream":
        model = FunctionModel(stream_function=stream)
        return Agent(model, instructions="Be brief."), "".join(STREAM_PIECES)
    model = FunctionModel(reply)
    return Agent(model, instructions="Be brief.", tools=[Tool(get_weather)]), FINAL_TEXT


def runner_overhead(p: Params) -> dict[str, Any]:
    """Per-run time of `Agent.run` (or a drained `run_stream`) over a scripted `FunctionModel`."""
    agent, expected = _agent(p["kind"])
    streamed = p["kind"] == "stream"

    async def once() -> Any:
        if streamed:
            async with agent.run_stream(PROMPT) as result:
                text = "".join([delta async for delta in result.stream_text(delta=True)])
            return text
        return (await agent.run(PROMPT)).output

    async def main() -> list[float]:
        output = await once()
        if output != expected:
            raise AssertionError(f"final output {output!r}, expected {expected!r}")
        for _ in range(p["warmup"]):
            await once()
        times = []
        for _ in range(p["runs"]):
            start = time.perf_counter()
            await once()
            times.append(time.perf_counter() - start)
        return times

    times = asyncio.run(main())
    return {"time_s": statistics.median(times), "runs": len(times), "peak_rss_kb": peak_rss_kb()}


# The scenarios this side runs (`_child` looks here before `scenarios.SCENARIOS`); a case whose
# scenario is missing, or whose parameters this side cannot honour, is skipped (see `supports`).
SCENARIOS = {"runner_overhead": lambda lib, p: runner_overhead(p)}


def supports(scenario: str, params: Params) -> bool:
    if scenario != "runner_overhead":
        return False
    # No handoffs in pydantic-ai, and no tracing processors to compare with a no-op one.
    return params["kind"] in ("text", "tool", "stream") and params["tracing"] == "off"
