"""Voice pipeline overhead per turn, model calls excluded, agentkit side by side with upstream.

    python -m benchmarks.voice_overhead --against /opt/ref/bin/python [--turns 200 --repeat 5]

Both sides run the same program against their own `voice.testing` doubles (identical APIs), so
speech to text, the workflow and text to speech cost nothing: what is timed is the pipeline
itself (turn lifecycle, sentence splitting, one TTS task per segment, ordered dispatch, PCM to
numpy conversion, events, tracing spans). Two cases:

- `static`: one `AudioInput` per `pipeline.run()`; a turn is run() plus draining `stream()`.
- `streamed`: one `StreamedAudioInput` session of many turns; time per turn.

Each repeat is a fresh child process per side, alternating sides. Results go to
`benchmarks/results/voice.json`; nothing fails on a time.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results" / "voice.json"

CHILD = r"""
import asyncio, importlib, json, sys, time
import numpy as np
lib, turns = sys.argv[1], int(sys.argv[2])
sdk = importlib.import_module(lib)
voice = importlib.import_module(lib + ".voice")
testing = importlib.import_module(lib + ".voice.testing")
sdk.set_tracing_disabled(False)  # spans are created (and dropped: no processor exports)
sdk.set_trace_processors([])

DELTAS = ["The weather ", "in Tokyo ", "is sunny ", "today. ", "Expect a high ", "of 24 degrees ",
          "and light wind. ", "Tomorrow ", "looks ", "much the same."]
CHUNKS = [b"\x01\x00" * 1024] * 12  # 12 x 2 KiB of PCM per segment
AUDIO = voice.AudioInput(np.zeros(24000, dtype=np.int16))

def tts(n):
    return testing.ScriptedTTSModel([CHUNKS] * n)

async def static_case():
    stt = testing.ScriptedSTTModel(["What is the weather?"] * turns)
    workflow = testing.ScriptedVoiceWorkflow([DELTAS] * turns)
    pipeline = voice.VoicePipeline(workflow=workflow, stt_model=stt, tts_model=tts(3 * turns))
    events = 0
    start, cpu = time.perf_counter(), time.process_time()
    for _ in range(turns):
        result = await pipeline.run(AUDIO)
        async for _event in result.stream():
            events += 1
    return (time.perf_counter() - start) / turns, (time.process_time() - cpu) / turns, events

async def streamed_case():
    session = testing.ScriptedTranscriptionSession(["What is the weather?"] * turns)
    stt = testing.ScriptedSTTModel(sessions=[session])
    workflow = testing.ScriptedVoiceWorkflow([DELTAS] * turns)
    pipeline = voice.VoicePipeline(workflow=workflow, stt_model=stt, tts_model=tts(3 * turns))
    events = 0
    start, cpu = time.perf_counter(), time.process_time()
    result = await pipeline.run(voice.StreamedAudioInput())
    async for _event in result.stream():
        events += 1
    return (time.perf_counter() - start) / turns, (time.process_time() - cpu) / turns, events

async def main():
    await static_case()  # warm-up, unrecorded
    static, static_cpu, static_events = await static_case()
    streamed, streamed_cpu, streamed_events = await streamed_case()
    print(json.dumps({"static_s": static, "streamed_s": streamed,
                      "static_cpu_s": static_cpu, "streamed_cpu_s": streamed_cpu,
                      "static_events": static_events, "streamed_events": streamed_events,
                      "numpy": np.__version__}))

asyncio.run(main())
"""


def _run_child(python: str, lib: str, turns: int) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OPENAI_AGENTS_DISABLE_TRACING": "0"}
    env.pop("OPENAI_API_KEY", None)
    done = subprocess.run(
        [python, "-c", CHILD, lib, str(turns)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=600,
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def measure(against: str | None, turns: int, repeat: int) -> dict[str, Any]:
    sides = {"agentkit": (sys.executable, "agentkit")}
    if against:
        sides["agents"] = (against, "agents")
    samples: dict[str, list[dict[str, Any]]] = {name: [] for name in sides}
    for _ in range(repeat):
        for name, (python, lib) in sides.items():  # alternating sides, a fresh process each
            samples[name].append(_run_child(python, lib, turns))
    summary: dict[str, Any] = {"turns": turns, "repeat": repeat, "machine": platform.platform()}
    for case in ("static", "streamed"):
        row: dict[str, Any] = {}
        for name, runs in samples.items():
            values = [r[f"{case}_s"] for r in runs]
            cpu = [r[f"{case}_cpu_s"] for r in runs]
            row[name] = {
                "median_us": statistics.median(values) * 1e6,
                "min_us": min(values) * 1e6,
                "max_us": max(values) * 1e6,
                "cpu_median_us": statistics.median(cpu) * 1e6,
                "cpu_min_us": min(cpu) * 1e6,
                "events": runs[0][f"{case}_events"],
                "numpy": runs[0]["numpy"],
            }
        if "agents" in row:
            ours, theirs = row["agentkit"], row["agents"]
            if ours["events"] != theirs["events"]:
                raise SystemExit(f"{case}: the sides streamed different numbers of events")
            row["ratio_agentkit_over_agents"] = ours["median_us"] / theirs["median_us"]
            row["cpu_ratio_agentkit_over_agents"] = ours["cpu_median_us"] / theirs["cpu_median_us"]
        summary[case] = row
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description="Voice pipeline overhead per turn.")
    parser.add_argument("--against", help="python of a venv with openai-agents[voice]==0.24.0")
    parser.add_argument("--turns", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    summary = measure(args.against, args.turns, args.repeat)
    print(f"{'case / µs per turn':22} {'agentkit':>10} {'agents':>10} {'ratio':>7}")
    for case in ("static", "streamed"):
        row = summary[case]
        for label, key, ratio_key in (
            ("wall", "median_us", "ratio_agentkit_over_agents"),
            ("cpu", "cpu_median_us", "cpu_ratio_agentkit_over_agents"),
        ):
            theirs = row["agents"][key] if "agents" in row else None
            ratio = row.get(ratio_key)
            print(
                f"{case + ' ' + label:22} {row['agentkit'][key]:10.1f} "
                f"{'-' if theirs is None else f'{theirs:.1f}':>10} "
                f"{'-' if ratio is None else f'{ratio:.2f}':>7}"
            )
    if args.against:
        RESULTS.write_text(json.dumps(summary, indent=2) + "\n")
        print(f"saved {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
