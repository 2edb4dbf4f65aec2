"""The benchmark scenarios, written once against a side module (`side_agentkit` or `side_agents`).

A side module exposes the same public names (Agent, Runner, function_tool, Model, ...) from its
library, so both libraries run the very same agent definitions, tool functions and canned model
outputs. Each scenario runs in a fresh child process (see `_child`) and returns its measurements.
"""

from __future__ import annotations

import asyncio
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Callable
from types import ModuleType
from typing import Any

from . import _wire

Params = dict[str, Any]
Scenario = Callable[[ModuleType, Params], dict[str, Any]]


def peak_rss_kb() -> int:
    """This process's peak resident set size so far (Linux reports KiB)."""
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


# --------------------------------------------------------------------------- shared definitions


def get_weather(city: str) -> str:
    """Return the current weather in a city."""
    return f"The weather in {city} is sunny, 21 C."


def record_note(note: str) -> str:
    """Store a note and return how many characters were stored."""
    return str(len(note))


WEATHER_ARGS = '{"city":"Paris"}'
FINAL_TEXT = "It is sunny in Paris."


def _response_types(lib: ModuleType) -> Any:
    return lib.response_types


def _message(lib: ModuleType, text: str) -> Any:
    return _response_types(lib).ResponseOutputMessage.model_validate(_wire.message_item(text))


def _call(lib: ModuleType, name: str, arguments: str, call_id: str) -> Any:
    item = {**_wire.function_call_item(arguments), "name": name, "call_id": call_id}
    return _response_types(lib).ResponseFunctionToolCall.model_validate(item)


_EVENT_CLASSES = {
    "response.created": "ResponseCreatedEvent",
    "response.in_progress": "ResponseInProgressEvent",
    "response.output_item.added": "ResponseOutputItemAddedEvent",
    "response.content_part.added": "ResponseContentPartAddedEvent",
    "response.output_text.delta": "ResponseTextDeltaEvent",
    "response.output_text.done": "ResponseTextDoneEvent",
    "response.content_part.done": "ResponseContentPartDoneEvent",
    "response.output_item.done": "ResponseOutputItemDoneEvent",
    "response.completed": "ResponseCompletedEvent",
}


def _stream_events(lib: ModuleType, pieces: list[str]) -> list[Any]:
    types = _response_types(lib)
    return [
        getattr(types, _EVENT_CLASSES[event["type"]]).model_validate(event)
        for event in _wire.responses_text_events(pieces)
    ]


def _tool_outputs(items: Any) -> int:
    if isinstance(items, str):
        return 0
    count = 0
    for item in items:
        kind = item.get("type") if isinstance(item, dict) else getattr(item, "type", None)
        count += kind == "function_call_output"
    return count


def canned_model_class(lib: ModuleType) -> type:
    """A `Model` (the library's public interface) that replays canned outputs without I/O.

    Turn N of a run answers `turns[N]`, N being the number of tool outputs already in the input
    (the last entry answers every later turn).
    """

    class CannedModel(lib.Model):  # type: ignore[name-defined,misc]
        def __init__(self, turns: list[list[Any]], events: list[Any] | None = None) -> None:
            self.responses = [
                lib.ModelResponse(output=output, usage=lib.Usage(), response_id=None)
                for output in turns
            ]
            self.events = events or []

        async def get_response(
            self,
            system_instructions: Any,
            input: Any,
            model_settings: Any,
            tools: Any,
            output_schema: Any,
            handoffs: Any,
            tracing: Any,
            **kwargs: Any,
        ) -> Any:
            return self.responses[min(_tool_outputs(input), len(self.responses) - 1)]

        async def stream_response(
            self,
            system_instructions: Any,
            input: Any,
            model_settings: Any,
            tools: Any,
            output_schema: Any,
            handoffs: Any,
            tracing: Any,
            **kwargs: Any,
        ) -> AsyncIterator[Any]:
            for event in self.events:
                yield event

    return CannedModel


def noop_processor(lib: ModuleType) -> Any:
    """A tracing processor that receives every trace and span and does nothing with them."""

    class NoOpProcessor(lib.TracingProcessor):  # type: ignore[name-defined,misc]
        def on_trace_start(self, trace: Any) -> None:
            pass

        def on_trace_end(self, trace: Any) -> None:
            pass

        def on_span_start(self, span: Any) -> None:
            pass

        def on_span_end(self, span: Any) -> None:
            pass

        def shutdown(self) -> None:
            pass

        def force_flush(self) -> None:
            pass

    return NoOpProcessor()


def _set_tracing(lib: ModuleType, mode: str) -> None:
    # Both modes replace the default exporter: nothing may try to reach the network.
    lib.set_trace_processors([noop_processor(lib)])
    lib.set_tracing_disabled(mode != "noop")


# --------------------------------------------------------------------------- 3. runner overhead


def _runner_agent(lib: ModuleType, kind: str) -> tuple[Any, str]:
    """The agent a runner-overhead scenario starts with, and the final output it must produce."""
    model_class = canned_model_class(lib)
    weather = lib.function_tool(get_weather)
    if kind == "text":
        model = model_class([[_message(lib, FINAL_TEXT)]])
    elif kind == "tool":
        call = _call(lib, "get_weather", WEATHER_ARGS, "call_weather")
        model = model_class([[call], [_message(lib, FINAL_TEXT)]])
    elif kind == "stream":
        pieces = [" It", " is", " sunny", " in", " Paris."]
        model = model_class([], _stream_events(lib, pieces))
        return lib.Agent(name="Assistant", instructions="Be brief.", model=model), "".join(pieces)
    elif kind == "handoff":
        refunds = lib.Agent(
            name="Refunds",
            instructions="Handle refunds.",
            model=model_class([[_message(lib, FINAL_TEXT)]]),
            tools=[weather],
        )
        billing = lib.Agent(
            name="Billing",
            instructions="Handle billing; hand refunds over.",
            model=model_class([[_call(lib, "transfer_to_refunds", "{}", "call_h2")]]),
            handoffs=[refunds],
        )
        triage = lib.Agent(
            name="Triage",
            instructions="Route the user.",
            model=model_class([[_call(lib, "transfer_to_billing", "{}", "call_h1")]]),
            handoffs=[billing],
        )
        return triage, FINAL_TEXT
    else:
        raise ValueError(f"unknown runner scenario {kind!r}")
    agent = lib.Agent(name="Assistant", instructions="Be brief.", model=model, tools=[weather])
    return agent, FINAL_TEXT


def runner_overhead(lib: ModuleType, p: Params) -> dict[str, Any]:
    """Per-run time of `Runner.run` / `run_streamed` over a canned `Model` (no I/O)."""
    _set_tracing(lib, p["tracing"])
    agent, expected = _runner_agent(lib, p["kind"])
    streamed = p["kind"] == "stream"

    async def once() -> Any:
        if streamed:
            result = lib.Runner.run_streamed(agent, "What is the weather in Paris?")
            async for _ in result.stream_events():
                pass
            return result.final_output
        return (await lib.Runner.run(agent, "What is the weather in Paris?")).final_output

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


# --------------------------------------------------------------------------- HTTP scenarios


def _client(lib: ModuleType, base_url: str) -> Any:
    return lib.AsyncOpenAI(base_url=base_url, api_key="sk-benchmark", max_retries=0)


def _http_model(lib: ModuleType, api: str, name: str, client: Any) -> Any:
    if api == "responses":
        return lib.OpenAIResponsesModel(model=name, openai_client=client)
    return lib.OpenAIChatCompletionsModel(model=name, openai_client=client)


def http_stream(lib: ModuleType, p: Params) -> dict[str, Any]:
    """Request to last event of `Runner.run_streamed` over a long SSE answer from the server."""
    lib.set_tracing_disabled(True)
    payload = p["payload"]
    client = _client(lib, p["base_url"])
    agent = lib.Agent(
        name="Streamer",
        instructions="Answer at length.",
        model=_http_model(lib, p["api"], payload, client),
        tools=[lib.function_tool(record_note)],
        tool_use_behavior="stop_on_first_tool",
    )
    if payload == "text20k":
        expected = "".join(_wire.text_pieces(_wire.TEXT_DELTAS))
    else:
        arguments = "".join(_wire.argument_pieces(_wire.ARG_CHUNKS))
        expected = record_note(json.loads(arguments)["note"])

    async def once() -> tuple[float, int]:
        start = time.perf_counter()
        result = lib.Runner.run_streamed(agent, "Go.")
        events = 0
        async for _ in result.stream_events():
            events += 1
        elapsed = time.perf_counter() - start
        if result.final_output != expected:
            raise AssertionError(f"unexpected final output {str(result.final_output)[:80]!r}")
        return elapsed, events

    async def main() -> tuple[list[float], int, int]:
        await once()  # warm-up: connection, lazy imports
        rss_before = peak_rss_kb()
        runs = [await once() for _ in range(p["runs"])]
        return [t for t, _ in runs], runs[-1][1], rss_before

    times, events, rss_before = asyncio.run(main())
    rss = peak_rss_kb()
    return {
        "time_s": statistics.median(times),
        "events": events,
        "peak_rss_kb": rss,
        "rss_growth_kb": rss - rss_before,
    }


def concurrency(lib: ModuleType, p: Params) -> dict[str, Any]:
    """`n` concurrent `Runner.run` calls through one shared client: total time and peak RSS."""
    lib.set_tracing_disabled(True)
    client = _client(lib, p["base_url"])
    agent = lib.Agent(
        name="Assistant",
        instructions="Be brief.",
        model=_http_model(lib, p.get("api", "responses"), "hello", client),
        tools=[lib.function_tool(get_weather)],
    )

    async def main() -> tuple[float, int]:
        await lib.Runner.run(agent, "Hi.")  # warm-up: lazy imports, one pooled connection
        rss_before = peak_rss_kb()
        start = time.perf_counter()
        results = await asyncio.gather(
            *(lib.Runner.run(agent, f"Hi number {i}.") for i in range(p["n"]))
        )
        elapsed = time.perf_counter() - start
        if any(r.final_output != _wire.HELLO_TEXT for r in results):
            raise AssertionError("a concurrent run returned the wrong answer")
        return elapsed, rss_before

    elapsed, rss_before = asyncio.run(main())
    rss = peak_rss_kb()
    return {"time_s": elapsed, "peak_rss_kb": rss, "rss_growth_kb": rss - rss_before}


# --------------------------------------------------------------------------- 6. sessions


def _item(i: int) -> dict[str, Any]:
    if i % 2:
        return {
            "type": "message",
            "role": "assistant",
            "content": [{"type": "output_text", "text": f"answer {i}", "annotations": []}],
        }
    return {"role": "user", "content": f"question {i}"}


def session_throughput(lib: ModuleType, p: Params) -> dict[str, Any]:
    """SQLiteSession on a file: single-item appends, batched appends, full and limited reads."""
    n = p["items"]
    with tempfile.TemporaryDirectory() as tmp:
        session = lib.SQLiteSession("bench", os.path.join(tmp, "bench.db"))

        async def main() -> dict[str, float]:
            out: dict[str, float] = {}
            start = time.perf_counter()
            for i in range(n):
                await session.add_items([_item(i)])
            out["add_one_s"] = (time.perf_counter() - start) / n
            batch = 100
            start = time.perf_counter()
            for i in range(0, n, batch):
                await session.add_items([_item(n + j) for j in range(i, i + batch)])
            out["add_batch100_per_item_s"] = (time.perf_counter() - start) / n
            reads = p["reads"]
            start = time.perf_counter()
            for _ in range(reads):
                items = await session.get_items()
            out["get_all_s"] = (time.perf_counter() - start) / reads
            if len(items) != 2 * n:
                raise AssertionError(f"read {len(items)} items, wrote {2 * n}")
            start = time.perf_counter()
            for _ in range(reads * 10):
                latest = await session.get_items(limit=10)
            out["get_latest10_s"] = (time.perf_counter() - start) / (reads * 10)
            if latest[-1] != _item(2 * n - 1):
                raise AssertionError("get_items(limit=10) did not end with the last item")
            return out

        try:
            out = asyncio.run(main())
        finally:
            session.close()
    return {"time_s": out["add_one_s"], **out, "peak_rss_kb": peak_rss_kb()}


def session_writer(lib: ModuleType, p: Params) -> dict[str, Any]:
    """One of several processes appending to one session file; starts when stdin says `go`."""
    session = lib.SQLiteSession(p["session_id"], p["db_path"])
    writer = p["writer"]

    async def main() -> tuple[float, float, int]:
        await session.get_items(limit=1)  # open the connection before the start signal
        print("READY", flush=True)
        sys.stdin.readline()
        errors = 0
        start = time.time()
        for i in range(p["items"]):
            try:
                await session.add_items([{"role": "user", "content": f"w{writer}-{i}"}])
            except Exception:  # counted: the harness reports lost items
                errors += 1
        return start, time.time(), errors

    try:
        start, end, errors = asyncio.run(main())
    finally:
        session.close()
    return {"start": start, "end": end, "errors": errors, "peak_rss_kb": peak_rss_kb()}


SCENARIOS: dict[str, Scenario] = {
    "runner_overhead": runner_overhead,
    "http_stream": http_stream,
    "concurrency": concurrency,
    "session_throughput": session_throughput,
    "session_writer": session_writer,
}
