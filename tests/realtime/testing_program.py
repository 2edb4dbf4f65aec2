"""A realtime test written against `<sdk>.realtime.testing`, run with either SDK.

    python testing_program.py agentkit        /opt/ref/bin/python testing_program.py agents

It scripts a conversation (a tool call, a handoff, a transcript) with `ScriptedRealtimeModel`
and prints the session events and the recorded sends, so `test_realtime_units.py` can check that
a test written for openai-agents passes unchanged (import changed) with agentkit.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import sys
from typing import Any


async def run(name: str) -> dict[str, Any]:
    sdk = importlib.import_module(name)
    rt = importlib.import_module(f"{name}.realtime")
    testing = importlib.import_module(f"{name}.realtime.testing")

    @sdk.function_tool
    def add(a: int, b: int) -> int:
        """Add two numbers.

        Args:
            a: First.
            b: Second.
        """
        return a + b

    helper = rt.RealtimeAgent(name="Helper", instructions="Help.")
    agent = rt.RealtimeAgent(name="Main", instructions="Main.", tools=[add], handoffs=[helper])
    call = rt.RealtimeModelToolCallEvent(
        name="add", call_id="c1", arguments='{"a": 2, "b": 3}', id="i1"
    )
    handoff = rt.RealtimeModelToolCallEvent(
        name="transfer_to_helper", call_id="c2", arguments="{}", id="i2"
    )
    model = testing.ScriptedRealtimeModel(
        [
            testing.RealtimeStep(
                expect=rt.RealtimeModelSendUserInput(user_input="2+3?"),
                emit=[rt.RealtimeModelTurnStartedEvent(response_id="r1"), call],
            ),
            testing.RealtimeStep(
                expect=lambda e: isinstance(e, rt.RealtimeModelSendToolOutput) and e.output == "5",
                emit=[
                    rt.RealtimeModelTranscriptDeltaEvent(
                        item_id="a1", delta="Five", response_id="r1"
                    ),
                    rt.RealtimeModelTurnEndedEvent(response_id="r1"),
                    handoff,
                ],
            ),
            testing.RealtimeStep(expect=rt.RealtimeModelSendSessionUpdate),
            testing.RealtimeStep(expect=rt.RealtimeModelSendToolOutput),
        ]
    )
    runner = rt.RealtimeRunner(agent, model=model)
    events: list[str] = []
    async with await runner.run() as session:
        await session.send_message("2+3?")

        async def gather() -> None:
            async for event in session:
                label = event.type
                if event.type in ("tool_start", "tool_end"):
                    label += f":{event.tool.name}"
                if event.type == "handoff":
                    label += f":{event.from_agent.name}->{event.to_agent.name}"
                if event.type == "raw_model_event":
                    label += f":{event.data.type}"
                events.append(label)
                if event.type == "handoff":
                    break

        await asyncio.wait_for(gather(), 5)
        while model.remaining_steps:
            await asyncio.sleep(0.01)
    model.assert_complete()
    sends = [type(e).__name__ for e in model.sent_events]
    update = next(e for e in model.sent_events if isinstance(e, rt.RealtimeModelSendSessionUpdate))
    return {
        "events": events,
        "sends": sends,
        "handoff_instructions": update.session_settings.get("instructions"),
        "connect": {
            k: v for k, v in model.connect_calls[0].items() if k != "initial_model_settings"
        },
        "closed": model.closed,
    }


if __name__ == "__main__":
    json.dump(asyncio.run(run(sys.argv[1])), sys.stdout, sort_keys=True)
