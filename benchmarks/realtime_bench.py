"""Realtime benchmark: session throughput and added latency, agentkit against openai-agents.

    python -m benchmarks.realtime_bench --against /opt/ref/bin/python [--repeat 5]

Both sides run the same program (only the import differs) against the same scripted GA server
(`tests/realtime/rt_server.py`) on 127.0.0.1, in fresh processes, alternating sides:

* throughput: one response of 2000 audio deltas and 2000 transcript deltas sent back to back;
  events per second through the session (session events yielded / time from `send_message`
  to the `agent_end` event);
* latency: 300 audio deltas sent 4 ms apart; for each, the time from the server's send to the
  session yielding its `audio` event (server and session share one process and one clock).

Results go to `benchmarks/results/realtime.json`; nothing is asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import struct
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results" / "realtime.json"
THROUGHPUT_DELTAS = 2000
LATENCY_DELTAS = 300
LATENCY_GAP_S = 0.004


def _script(deltas: int, gap: float | None) -> Any:
    sys.path.insert(0, str(ROOT / "tests" / "realtime"))
    from rt_server import Rule, Script
    from scenarios import assistant_audio_turn, b64, session_created, user_text_item

    frames = [struct.pack("<I", i) + bytes(956) for i in range(deltas)]
    turn = assistant_audio_turn(["x"] * (deltas if gap is None else 0), frames)
    if gap is not None:
        opened, closing = turn[:4], turn[4 + deltas :]
        timed: list[dict[str, Any]] = []
        for index, event in enumerate(turn[4 : 4 + deltas]):
            timed += [{"$sleep": gap}, {"$mark": index}, event]
        turn = opened + timed + closing
    assert b64  # imported for symmetry with the tests
    return Script(
        on_connect=[session_created()],
        rules=[
            Rule("conversation.item.create", user_text_item("Go")),
            Rule("response.create", [*turn, {"$close": 1000}]),
        ],
    )


async def _run_child(sdk: str, mode: str) -> dict[str, Any]:
    import importlib

    sys.path.insert(0, str(ROOT / "tests" / "realtime"))
    import rt_server

    realtime = importlib.import_module(f"{sdk}.realtime")
    sent: dict[int, float] = {}
    original_play = rt_server.RealtimeTestServer._play

    async def play(self: Any, websocket: Any, events: list[dict[str, Any]]) -> bool:
        out = []
        for event in events:
            if "$mark" in event:
                if out:
                    if not await original_play(self, websocket, out):
                        return False
                    out = []
                sent[event["$mark"]] = time.perf_counter()
            else:
                out.append(event)
        return await original_play(self, websocket, out)

    rt_server.RealtimeTestServer._play = play  # type: ignore[method-assign]
    gap = LATENCY_GAP_S if mode == "latency" else None
    deltas = LATENCY_DELTAS if mode == "latency" else THROUGHPUT_DELTAS
    async with rt_server.RealtimeTestServer(_script(deltas, gap)) as server:
        runner = realtime.RealtimeRunner(realtime.RealtimeAgent(name="A"))
        session = await runner.run(model_config={"api_key": "sk-bench", "url": server.url})
        latencies: list[float] = []
        count = 0
        async with session:
            start = time.perf_counter()
            await session.send_message("Go")
            async for event in session:
                count += 1
                if event.type == "audio" and gap is not None:
                    index = struct.unpack("<I", event.audio.data[:4])[0]
                    latencies.append(time.perf_counter() - sent[index])
                if event.type == "agent_end":
                    break
            elapsed = time.perf_counter() - start
    if mode == "latency":
        return {
            "median_latency_ms": statistics.median(latencies) * 1000,
            "p90_latency_ms": statistics.quantiles(latencies, n=10)[-1] * 1000,
            "events": len(latencies),
        }
    return {"events_per_s": count / elapsed, "session_events": count, "seconds": elapsed}


def child(argv: list[str]) -> int:
    result = asyncio.run(_run_child(argv[0], argv[1]))
    print(json.dumps(result))
    return 0


def _side(python: str, sdk: str, mode: str) -> dict[str, Any]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run(
        [python, "-m", "benchmarks.realtime_bench", "child", sdk, mode],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main(argv: list[str]) -> int:
    if argv and argv[0] == "child":
        return child(argv[1:])
    parser = argparse.ArgumentParser()
    parser.add_argument("--against", default="/opt/ref/bin/python")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    samples: dict[str, dict[str, list[dict[str, Any]]]] = {
        "agentkit": {"throughput": [], "latency": []},
        "agents": {"throughput": [], "latency": []},
    }
    for mode in ("throughput", "latency"):
        for _ in range(args.repeat):
            samples["agentkit"][mode].append(_side(sys.executable, "agentkit", mode))
            samples["agents"][mode].append(_side(args.against, "agents", mode))
    summary = _summary(samples)
    RESULTS.write_text(
        json.dumps(
            {
                "machine": {"python": platform.python_version(), "cpus": os.cpu_count()},
                "repeat": args.repeat,
                "summary": summary,
                "samples": samples,
            },
            indent=1,
        )
        + "\n"
    )
    for name, row in summary.items():
        print(
            f"{name}: agentkit {row['agentkit']:.3f}, openai-agents {row['agents']:.3f}, ratio {row['ratio']:.2f}"
        )
    return 0


def _summary(samples: dict[str, dict[str, list[dict[str, Any]]]]) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for mode, key in (
        ("throughput", "events_per_s"),
        ("latency", "median_latency_ms"),
        ("latency", "p90_latency_ms"),
    ):
        ours = statistics.median(s[key] for s in samples["agentkit"][mode])
        theirs = statistics.median(s[key] for s in samples["agents"][mode])
        out[key] = {"agentkit": ours, "agents": theirs, "ratio": ours / theirs}
    return out


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
