"""Multi-turn latency of the Responses API over HTTP vs over a WebSocket, on loopback, agentkit side
by side with openai-agents.

    python benchmarks/programs/responses_ws_latency.py [--against /opt/ref/bin/python]
        [--turns 6] [--runs 15] [--rounds 3]

The parent starts both servers on 127.0.0.1 (tests.openai_server for HTTP, the spec-checking
WebSocket server of tests/responses_ws for WebSocket; each answers with a function call until the
run's last turn, then text) and runs each (library, transport) in fresh child processes, alternating,
after one unrecorded warm-up round. A child times `Runner.run` of a `--turns`-turn agent run
`--runs` times (after one untimed run that opens the connection) and prints the times. Reported:
median per-turn latency, WebSocket/HTTP ratio per library, agentkit/openai-agents ratio per
transport. A program, not a test: it never fails on a time.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]

CHILD = r"""
import asyncio, json, sys, time
package, transport, base_url, turns, runs = sys.argv[1:6]
turns, runs = int(turns), int(runs)
top = __import__(package)
OpenAIProvider = top.OpenAIProvider

@top.function_tool
async def step(n: int) -> str:
    '''One step.

    Args:
        n: The step number.
    '''
    return f"done {n}"

async def main():
    provider = OpenAIProvider(api_key="sk-bench", base_url=base_url,
                              use_responses_websocket=(transport == "websocket"))
    config = top.RunConfig(model_provider=provider, tracing_disabled=True)
    agent = top.Agent(name="a", instructions="Work.", tools=[step], model="gpt-4.1")
    times = []
    for i in range(runs + 1):
        start = time.perf_counter()
        result = await top.Runner.run(agent, "go", run_config=config, max_turns=turns + 1)
        if i:
            times.append(time.perf_counter() - start)
        assert result.final_output == "finished", result.final_output
    await provider.aclose()
    print(json.dumps(times))

asyncio.run(main())
"""


def _output(body: dict[str, Any], turns: int) -> list[dict[str, Any]]:
    from tests.openai_server import builders as b

    done = sum(1 for item in body.get("input") or [] if item.get("type") == "function_call_output")
    if done < turns - 1:
        return [b.function_call_item("step", {"n": done}, call_id=f"call_{done}", id=f"fc_{done}")]
    return [b.message_item("finished")]


def start_servers(turns: int) -> tuple[Any, str, str]:
    sys.path.insert(0, str(ROOT))
    from tests.openai_server import OpenAIServer
    from tests.openai_server import builders as b
    from tests.openai_server.replies import CallbackReply
    from tests.responses_ws.ws_server import ResponsesWebSocketServer

    http = OpenAIServer().start()
    http.queue(
        CallbackReply(
            handler=lambda req: b.response_auto(_output(req.json, turns)).handler(req), times=None
        ),
        path="/responses",
    )
    ws = ResponsesWebSocketServer()
    ready = threading.Event()
    loop = asyncio.new_event_loop()

    async def serve() -> None:
        await ws.__aenter__()
        ready.set()
        await asyncio.Event().wait()

    class Endless:
        """A reply queue that never runs out."""

        def __bool__(self) -> bool:
            return True

        def popleft(self) -> tuple[Any, None]:
            return (lambda frame: _output(frame, turns)), None

    ws._replies = Endless()  # type: ignore[assignment]
    threading.Thread(target=lambda: loop.run_until_complete(serve()), daemon=True).start()
    ready.wait(10)
    return (http, ws), http.base_url, ws.base_url


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--against", help="interpreter with openai-agents installed")
    parser.add_argument("--turns", type=int, default=6)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    servers, http_url, ws_url = start_servers(args.turns)
    sides = [("agentkit", sys.executable)]
    if args.against:
        sides.append(("agents", args.against))
    cases = [(lib, py, tr) for lib, py in sides for tr in ("http", "websocket")]
    samples: dict[tuple[str, str], list[float]] = {(lib, tr): [] for lib, _, tr in cases}
    env = {"PYTHONPATH": str(ROOT), "PATH": "", "OPENAI_AGENTS_DISABLE_TRACING": "1"}
    for round_ in range(args.rounds + 1):
        for lib, python, transport in cases:
            url = http_url if transport == "http" else ws_url
            argv = [python, "-c", CHILD, lib, transport, url, str(args.turns), str(args.runs)]
            done = subprocess.run(argv, capture_output=True, text=True, env=env, check=False)
            if done.returncode:
                raise SystemExit(f"{lib} {transport} failed:\n{done.stderr[-2000:]}")
            if round_:
                samples[(lib, transport)] += [t / args.turns for t in json.loads(done.stdout)]
    medians = {key: statistics.median(values) for key, values in samples.items()}
    print(
        f"{args.turns}-turn runs, {args.runs} runs x {args.rounds} rounds per case; per-turn latency:"
    )
    for (lib, transport), value in medians.items():
        low = min(samples[(lib, transport)])
        print(f"  {lib:>8} {transport:>9}: median {value * 1e3:6.2f} ms/turn (min {low * 1e3:.2f})")
    for lib, _ in sides:
        ratio = medians[(lib, "websocket")] / medians[(lib, "http")]
        print(f"  {lib}: websocket / http = {ratio:.2f}")
    if args.against:
        for transport in ("http", "websocket"):
            ratio = medians[("agentkit", transport)] / medians[("agents", transport)]
            print(f"  {transport}: agentkit / openai-agents = {ratio:.2f}")
    servers[0].stop()


if __name__ == "__main__":
    time.sleep(0)
    main()
