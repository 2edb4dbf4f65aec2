"""Runs one scripted realtime conversation with either SDK and prints what happened as JSON.

    python parity_program.py agentkit text_turn
    /opt/ref/bin/python parity_program.py agents text_turn

The same program (only the import differs) talks to the same scripted server (`scenarios.py`);
the output holds the client events the server received and a normalized list of the session's
events, so the two SDKs can be compared (see `parity.py`).
"""

from __future__ import annotations

import asyncio
import importlib
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from rt_server import RealtimeTestServer
from scenarios import SCENARIOS, pcm_tone


def _sdk(name: str) -> tuple[Any, Any]:
    return importlib.import_module(name), importlib.import_module(f"{name}.realtime")


def describe(event: Any) -> dict[str, Any]:
    """The comparable part of a session event."""
    out: dict[str, Any] = {"type": event.type}
    kind = event.type
    if kind == "raw_model_event":
        out["data"] = event.data.type
        if event.data.type == "raw_server_event":
            out["server"] = event.data.data.get("type")
    elif kind in ("agent_start", "agent_end"):
        out["agent"] = event.agent.name
    elif kind == "handoff":
        out["from"], out["to"] = event.from_agent.name, event.to_agent.name
    elif kind in ("tool_start", "tool_end"):
        out["tool"], out["arguments"] = event.tool.name, event.arguments
        if kind == "tool_end":
            out["output"] = event.output
    elif kind in ("audio", "audio_end", "audio_interrupted"):
        out["item_id"], out["content_index"] = event.item_id, event.content_index
        if kind == "audio":
            out["bytes"] = len(event.audio.data)
    elif kind == "history_added":
        out["item"] = _item(event.item)
    elif kind == "history_updated":
        out["history"] = [_item(item) for item in event.history]
    return out


def _item(item: Any) -> dict[str, Any]:
    dumped = item.model_dump(exclude_none=True)
    if "content" in dumped:
        dumped["content"] = [
            {k: v for k, v in part.items() if k in ("type", "text", "transcript")}
            for part in dumped["content"]
        ]
    return dumped


async def run(sdk_name: str, scenario: str, validator: Any = None) -> dict[str, Any]:
    sdk, realtime = _sdk(sdk_name)
    script = SCENARIOS[scenario]()
    events: list[dict[str, Any]] = []
    async with RealtimeTestServer(script, validator=validator) as server:
        agent = _agent(sdk, realtime, scenario)
        tracker = realtime.RealtimePlaybackTracker()
        if scenario == "interruption_turn":
            tracker.on_play_ms("item_assistant_1", 0, 500)
        runner = realtime.RealtimeRunner(agent)
        config = {"api_key": "sk-parity", "url": server.url, "playback_tracker": tracker}
        session = await runner.run(model_config=config)
        async with session:
            await _drive(session, scenario)

            async def gather() -> None:
                async for event in session:
                    events.append(describe(event))

            await asyncio.wait_for(gather(), 10)
        received = server.received
        errors = list(server.schema_errors)
    return {"client_events": received, "session_events": events, "schema_errors": errors}


def _agent(sdk: Any, realtime: Any, scenario: str) -> Any:
    @sdk.function_tool
    def get_current_weather(location: str) -> dict[str, Any]:
        """Get the current weather in a given location.

        Args:
            location: The city.
        """
        return {"temperature_f": 72, "conditions": "sunny"}

    weather = realtime.RealtimeAgent(
        name="weather_agent", instructions="You report the weather.", handoff_description="Weather"
    )
    return realtime.RealtimeAgent(
        name="Assistant",
        instructions="You are a concise voice assistant.",
        tools=[get_current_weather] if scenario == "tool_turn" else [],
        handoffs=[weather] if scenario == "handoff_turn" else [],
    )


async def _drive(session: Any, scenario: str) -> None:
    if scenario == "tool_turn":
        await session.send_audio(pcm_tone(4800))
    elif scenario == "interruption_turn":
        await session.send_message("Story please")
    elif scenario == "handoff_turn":
        await session.send_message("Weather?")
    else:
        await session.send_message("Hi")


def main(argv: list[str]) -> int:
    result = asyncio.run(run(argv[1], argv[2]))
    json.dump(result, sys.stdout, sort_keys=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
