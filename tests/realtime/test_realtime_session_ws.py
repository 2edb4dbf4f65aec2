"""Sessions over a real websocket: the scripted GA server on 127.0.0.1 plays the other side."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from agentkit.realtime import (
    AssistantMessageItem,
    RealtimeAgent,
    RealtimePlaybackTracker,
    RealtimeRunner,
    RealtimeSessionEvent,
    UserMessageItem,
)
from rt_server import Rule, Script
from scenarios import (
    ASSISTANT_ID,
    SCENARIOS,
    handoff_turn,
    pcm_tone,
    session_created,
    text_turn,
    user_text_item,
)

from agentkit import GuardrailFunctionOutput, function_tool, output_guardrail

pytestmark = pytest.mark.asyncio


async def collect(session: Any, timeout: float = 10.0) -> list[RealtimeSessionEvent]:
    events: list[RealtimeSessionEvent] = []

    async def gather() -> None:
        async for event in session:
            events.append(event)

    await asyncio.wait_for(gather(), timeout)
    return events


def kinds(events: list[Any]) -> list[str]:
    return [e.type for e in events if e.type != "raw_model_event"]


async def test_text_turn_yields_audio_transcript_history_and_usage(rt_server: Any) -> None:
    agent = RealtimeAgent(name="Assistant", instructions="Be brief.")
    async with rt_server(text_turn()) as server:
        session = await RealtimeRunner(agent).run(
            model_config={"api_key": "sk-test", "url": server.url}
        )
        async with session:
            await session.send_message("Hi")
            events = await collect(session)
    assert kinds(events) == [
        "history_updated",
        "history_added",
        "agent_start",
        "history_added",
        "history_updated",
        "audio",
        "audio",
        "audio_end",
        "history_updated",
        "agent_end",
    ]
    audio = b"".join(e.audio.data for e in events if e.type == "audio")
    assert audio == pcm_tone(2400) + pcm_tone(2400, -1000)
    history = session.history
    assert [type(i) for i in history] == [UserMessageItem, AssistantMessageItem]
    assert history[1].content[0].transcript == "Hello there!"
    usage = session._context_wrapper.usage
    assert (usage.requests, usage.input_tokens, usage.output_tokens) == (1, 20, 10)
    assert usage.input_tokens_details.cached_tokens == 4
    update, item, tracing, create = server.received
    assert update["type"] == "session.update" and update["session"]["instructions"] == "Be brief."
    assert item["item"]["content"] == [{"type": "input_text", "text": "Hi"}]
    assert tracing["session"] == {
        "type": "realtime",
        "model": "gpt-realtime-2.1",
        "tracing": "auto",
    }
    assert create == {"type": "response.create", "event_id": "agents_py_response_create_1"}
    assert server.connections[0].headers["authorization"] == "Bearer sk-test"
    assert server.connections[0].path == "/v1/realtime?model=gpt-realtime"


async def test_tool_call_is_executed_and_answered(rt_server: Any) -> None:
    calls: list[str] = []

    @function_tool
    def get_current_weather(location: str) -> dict[str, Any]:
        """Weather for a place.

        Args:
            location: The city.
        """
        calls.append(location)
        return {"temperature_f": 72, "conditions": "sunny"}

    agent = RealtimeAgent(name="Assistant", tools=[get_current_weather])
    async with rt_server(SCENARIOS["tool_turn"]()) as server:
        session = await RealtimeRunner(agent).run(model_config={"api_key": "k", "url": server.url})
        async with session:
            await session.send_audio(pcm_tone(4800))
            events = await collect(session)
    assert calls == ["Boston, MA"]
    start = next(e for e in events if e.type == "tool_start")
    end = next(e for e in events if e.type == "tool_end")
    assert start.tool is get_current_weather and start.arguments == '{"location":"Boston, MA"}'
    assert end.output == {"temperature_f": 72, "conditions": "sunny"}
    output = next(e for e in server.received if e["type"] == "conversation.item.create")
    assert output["item"] == {
        "type": "function_call_output",
        "call_id": "call_wr8SBQ1pLbIU2xyd",
        "output": '{"temperature_f": 72, "conditions": "sunny"}',
    }
    assert server.received_types()[-1] == "response.create"
    tools = server.received[0]["session"]["tools"]
    assert [t["name"] for t in tools] == ["get_current_weather"]
    transcribed = [i for i in session.history if isinstance(i, UserMessageItem)]
    assert transcribed[0].content[0].transcript == "What's the weather in Boston?"


async def test_handoff_switches_agent_instructions_and_tools(rt_server: Any) -> None:
    @function_tool
    def forecast(city: str) -> str:
        """Forecast.

        Args:
            city: The city.
        """
        return "sunny"

    weather = RealtimeAgent(name="weather_agent", instructions="Weather only.", tools=[forecast])
    agent = RealtimeAgent(name="Assistant", instructions="Route.", handoffs=[weather])
    async with rt_server(handoff_turn()) as server:
        session = await RealtimeRunner(agent).run(model_config={"api_key": "k", "url": server.url})
        async with session:
            await session.send_message("Weather?")
            events = await collect(session)
    handoff = next(e for e in events if e.type == "handoff")
    assert (handoff.from_agent, handoff.to_agent) == (agent, weather)
    starts = [e.agent.name for e in events if e.type == "agent_start"]
    assert starts == ["Assistant", "weather_agent"]
    updates = [
        e for e in server.received if e["type"] == "session.update" and "audio" in e["session"]
    ]
    assert [u["session"]["instructions"] for u in updates] == ["Route.", "Weather only."]
    assert [t["name"] for t in updates[0]["session"]["tools"]] == ["transfer_to_weather_agent"]
    assert [t["name"] for t in updates[1]["session"]["tools"]] == ["forecast"]
    types = server.received_types()
    assert types.index("session.update", 1 + types.index("response.create")) < types.index(
        "conversation.item.create", 2
    )
    output = [e for e in server.received if e["type"] == "conversation.item.create"][-1]
    assert output["item"]["output"] == json.dumps({"assistant": "weather_agent"})


async def test_barge_in_truncates_at_played_position_and_cancels(rt_server: Any) -> None:
    tracker = RealtimePlaybackTracker()
    tracker.on_play_ms(ASSISTANT_ID, 0, 500)
    agent = RealtimeAgent(name="Assistant")
    async with rt_server(SCENARIOS["interruption_turn"]()) as server:
        session = await RealtimeRunner(agent).run(
            model_config={"api_key": "k", "url": server.url, "playback_tracker": tracker}
        )
        async with session:
            await session.send_message("Story please")
            events = await collect(session)
    interrupted = [e for e in events if e.type == "audio_interrupted"]
    assert [(e.item_id, e.content_index) for e in interrupted] == [(ASSISTANT_ID, 0)]
    truncate = next(e for e in server.received if e["type"] == "conversation.item.truncate")
    assert truncate == {
        "type": "conversation.item.truncate",
        "item_id": ASSISTANT_ID,
        "content_index": 0,
        "audio_end_ms": 500,
    }
    assert "response.cancel" in server.received_types()
    assert tracker.get_state() == {
        "current_item_id": None,
        "current_item_content_index": None,
        "elapsed_ms": None,
    }
    assistant = next(i for i in session.history if isinstance(i, AssistantMessageItem))
    assert assistant.status == "incomplete"


async def test_manual_interrupt_truncates_to_the_audio_received(rt_server: Any) -> None:
    """With the default tracker, audio counts as played on arrival, capped at its length."""
    from scenarios import assistant_audio_turn

    partial = assistant_audio_turn(["One"], [pcm_tone(2400)], done=False)
    script = Script(
        on_connect=[session_created()],
        rules=[
            Rule("conversation.item.create", user_text_item("Go")),
            Rule("response.create", partial),
            Rule("conversation.item.truncate", [{"$close": 1000}]),
        ],
    )
    async with rt_server(script) as server:
        session = await RealtimeRunner(RealtimeAgent(name="A")).run(
            model_config={"api_key": "k", "url": server.url}
        )
        async with session:
            await session.send_message("Go")

            async def interrupt_on_audio() -> None:
                async for event in session:
                    if event.type == "audio":
                        await asyncio.sleep(0.2)
                        await session.interrupt()

            await asyncio.wait_for(interrupt_on_audio(), 10)
            truncate = next(e for e in server.received if e["type"] == "conversation.item.truncate")
    # 2400 samples at 24 kHz are 100 ms: the truncation point cannot be later.
    assert truncate["item_id"] == ASSISTANT_ID and 0 <= truncate["audio_end_ms"] <= 100
    # The session's turn detection cancels responses itself, so no response.cancel is sent.
    assert "response.cancel" not in server.received_types()


async def test_output_guardrail_trips_on_transcript_with_debounce(rt_server: Any) -> None:
    seen: list[str] = []

    @output_guardrail
    def no_secrets(ctx: Any, agent: Any, output: str) -> GuardrailFunctionOutput:
        seen.append(output)
        return GuardrailFunctionOutput(output_info=None, tripwire_triggered="secret" in output)

    from scenarios import assistant_audio_turn

    parts = ["aaaa ", "bbbb ", "the secret ", "is out"]
    partial = assistant_audio_turn(parts, [pcm_tone(240)], done=False)
    script = Script(
        on_connect=[session_created()],
        rules=[
            Rule("conversation.item.create", user_text_item("Tell")),
            Rule("response.create", partial),
            Rule("conversation.item.create", [{"$close": 1000}], where={"item.role": "user"}),
        ],
    )
    agent = RealtimeAgent(name="A", output_guardrails=[no_secrets])
    async with rt_server(script) as server:
        session = await RealtimeRunner(
            agent, config={"guardrails_settings": {"debounce_text_length": 10}}
        ).run(model_config={"api_key": "k", "url": server.url})
        async with session:
            await session.send_message("Tell")
            events = await collect(session)
    # Runs at 10 and 20 characters (not on every delta).
    assert seen == ["aaaa bbbb ", "aaaa bbbb the secret "]
    tripped = [e for e in events if e.type == "guardrail_tripped"]
    assert len(tripped) == 1 and tripped[0].message == "aaaa bbbb the secret "
    assert tripped[0].guardrail_results[0].guardrail is no_secrets
    feedback = [e for e in server.received if e["type"] == "conversation.item.create"][-1]
    assert feedback["item"]["content"] == [
        {"type": "input_text", "text": "guardrail triggered: no_secrets"}
    ]
    assert "response.cancel" in server.received_types()


async def test_update_agent_sends_the_new_agents_settings(rt_server: Any) -> None:
    script = Script(on_connect=[session_created()], rules=[])
    first = RealtimeAgent(name="First", instructions="one")
    second = RealtimeAgent(name="Second", instructions=lambda ctx, agent: f"two for {ctx.context}")
    async with rt_server(script) as server:
        session = await RealtimeRunner(first).run(
            context="Ann", model_config={"api_key": "k", "url": server.url}
        )
        async with session:
            await session.update_agent(second)
            for _ in range(100):
                if len(server.received) >= 3:
                    break
                await asyncio.sleep(0.02)
    updates = [
        e["session"].get("instructions") for e in server.received if e["type"] == "session.update"
    ]
    assert updates == ["one", None, "two for Ann"]


async def test_server_errors_and_unknown_events_are_reported_not_raised(rt_server: Any) -> None:
    async with rt_server(SCENARIOS["error_turn"]()) as server:
        session = await RealtimeRunner(RealtimeAgent(name="A")).run(
            model_config={"api_key": "k", "url": server.url}
        )
        async with session:
            await session.send_message("Hi")
            events = await collect(session)
    errors = [e.error for e in events if e.type == "error"]
    assert errors[0].message == "Bad item" and errors[0].code == "invalid_value"
    assert errors[1]["type"] == "invalid_server_event"
    assert "totally.unknown.event" in errors[1]["message"]


async def test_timeout_deletion_text_output_and_tracing_settings(rt_server: Any) -> None:
    @output_guardrail
    def no_numbers(ctx: Any, agent: Any, output: str) -> GuardrailFunctionOutput:
        return GuardrailFunctionOutput(output_info=None, tripwire_triggered="42" in output)

    text_delta = {
        "type": "response.output_text.delta",
        "event_id": "t1",
        "response_id": "resp_t",
        "item_id": "item_t",
        "output_index": 0,
        "content_index": 0,
        "delta": "The answer is 42",
    }
    script = Script(
        on_connect=[session_created()],
        rules=[
            Rule(
                "conversation.item.create",
                [
                    *user_text_item("Hi"),
                    {
                        "type": "input_audio_buffer.timeout_triggered",
                        "event_id": "t0",
                        "audio_start_ms": 0,
                        "audio_end_ms": 5000,
                        "item_id": "item_idle",
                    },
                    {
                        "type": "conversation.item.deleted",
                        "event_id": "t2",
                        "item_id": "item_user_1",
                    },
                    {
                        "type": "response.created",
                        "event_id": "t3",
                        "response": {
                            "id": "resp_t",
                            "object": "realtime.response",
                            "status": "in_progress",
                            "output": [],
                        },
                    },
                    text_delta,
                ],
            ),
            Rule("response.cancel", [{"$close": 1000}]),
        ],
    )
    agent = RealtimeAgent(name="A", output_guardrails=[no_numbers])
    tracing = {"workflow_name": "support", "group_id": "g1"}
    async with rt_server(script) as server:
        session = await RealtimeRunner(
            agent,
            config={
                "guardrails_settings": {"debounce_text_length": 5},
                "model_settings": {"tracing": tracing},
            },
        ).run(model_config={"api_key": "k", "url": server.url})
        async with session:
            await session.send_message("Hi")
            events = await collect(session)
    names = kinds(events)
    assert "input_audio_timeout_triggered" in names and "guardrail_tripped" in names
    deleted = [e for e in events if e.type == "history_updated"][-1]
    assert all(i.item_id != "item_user_1" for i in deleted.history)
    cancel = next(e for e in server.received if e["type"] == "response.cancel")
    assert cancel == {"type": "response.cancel", "response_id": "resp_t"}
    tracing_update = next(e for e in server.received if "tracing" in e.get("session", {}))
    assert tracing_update["session"]["tracing"] == {"group_id": "g1", "workflow_name": "support"}


async def test_tracing_disabled_sends_no_tracing_update(rt_server: Any) -> None:
    script = Script(
        on_connect=[session_created()], rules=[Rule("session.update", [{"$close": 1000}])]
    )
    async with rt_server(script) as server:
        session = await RealtimeRunner(
            RealtimeAgent(name="A"), config={"tracing_disabled": True}
        ).run(model_config={"api_key": "k", "url": server.url})
        async with session:
            await collect(session)
    assert [e["type"] for e in server.received] == ["session.update"]
    assert "tracing" not in server.received[0]["session"]


async def test_commit_images_and_raw_client_messages(
    rt_server: Any, caplog: pytest.LogCaptureFixture
) -> None:
    from agentkit.realtime import RealtimeModelSendRawMessage

    response = {
        "id": "resp_q",
        "object": "realtime.response",
        "status": "in_progress",
        "output": [],
    }
    quick_response = [
        {"type": "response.created", "event_id": "q1", "response": response},
        {
            "type": "response.done",
            "event_id": "q2",
            "response": {**response, "status": "completed"},
        },
    ]
    script = Script(
        on_connect=[session_created()],
        rules=[
            # The message's response.create gets a short response; the raw one is sent after it.
            Rule(
                "response.create", quick_response, where={"event_id": "agents_py_response_create_1"}
            ),
            Rule("response.create", [{"$close": 1000}], where={"response.instructions": "Say hi"}),
        ],
    )
    async with rt_server(script) as server:
        session = await RealtimeRunner(RealtimeAgent(name="A")).run(
            model_config={"api_key": "k", "url": server.url}
        )
        async with session:
            await session.send_audio(b"\x01\x00" * 10, commit=True)
            await session.send_message(
                {
                    "type": "message",
                    "role": "user",
                    "content": [
                        {"type": "input_text", "text": "What is this?"},
                        {
                            "type": "input_image",
                            "image_url": "data:image/png;base64,AAAA",
                            "detail": "low",
                        },
                    ],
                }
            )
            await session.model.send_event(
                RealtimeModelSendRawMessage(
                    message={"type": "not.a.client.event", "other_data": {}}
                )
            )
            await session.model.send_event(
                RealtimeModelSendRawMessage(
                    message={
                        "type": "response.create",
                        "other_data": {"response": {"instructions": "Say hi"}},
                    }
                )
            )
            await collect(session)
    types = server.received_types()
    assert types[1:3] == ["input_audio_buffer.append", "input_audio_buffer.commit"]
    item = next(e for e in server.received if e["type"] == "conversation.item.create")["item"]
    assert item["content"][1] == {
        "type": "input_image",
        "image_url": "data:image/png;base64,AAAA",
        "detail": "low",
    }
    creates = [e for e in server.received if e["type"] == "response.create"]
    # The automatic response.create of the message, then the raw one, each with its own id.
    assert [c["event_id"] for c in creates] == [
        "agents_py_response_create_1",
        "agents_py_response_create_2",
    ]
    assert creates[1]["response"] == {"instructions": "Say hi"}
    assert "not.a.client.event" not in types
    assert "Failed to convert raw message" in caplog.text


async def test_g711_session_truncates_by_8khz_byte_count(rt_server: Any) -> None:
    """With G.711 output (8 kHz, one byte a sample), 1600 bytes are 200 ms of audio."""
    from scenarios import assistant_audio_turn

    created = session_created()
    created["session"]["audio"]["output"]["format"] = {"type": "audio/pcmu"}
    created["session"]["audio"]["input"]["format"] = {"type": "audio/pcmu"}
    partial = assistant_audio_turn(["Hola"], [bytes(1600)], done=False)
    script = Script(
        on_connect=[created],
        rules=[
            Rule("conversation.item.create", user_text_item("Go")),
            Rule("response.create", partial),
            Rule("conversation.item.truncate", [{"$close": 1000}]),
        ],
    )
    tracker = RealtimePlaybackTracker()
    settings = {"input_audio_format": "g711_ulaw", "output_audio_format": "g711_ulaw"}
    async with rt_server(script) as server:
        session = await RealtimeRunner(
            RealtimeAgent(name="A"), config={"model_settings": settings}
        ).run(model_config={"api_key": "k", "url": server.url, "playback_tracker": tracker})
        async with session:
            await session.send_message("Go")

            async def play_then_interrupt() -> None:
                async for event in session:
                    if event.type == "audio":
                        # Report 10 s of playback: the truncation is capped at the 200 ms received.
                        tracker.on_play_bytes(event.item_id, event.content_index, bytes(80_000))
                        await session.interrupt()

            await asyncio.wait_for(play_then_interrupt(), 10)
    audio = server.received[0]["session"]["audio"]
    assert audio["input"]["format"] == {"type": "audio/pcmu"}
    assert audio["output"]["format"] == {"type": "audio/pcmu"}
    truncate = next(e for e in server.received if e["type"] == "conversation.item.truncate")
    assert truncate["audio_end_ms"] == 200
