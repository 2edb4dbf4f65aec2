"""A compaction output item becomes a `CompactionItem`: kept in the run's items and replayed as
input (without the server's `created_by`), never announced as a stream event."""

from __future__ import annotations

import logging

import pytest

from agentkit import Agent, CompactionItem, Runner
from agentkit.items import CompactionItem as ItemsCompactionItem
from agentkit.testing import ModelStep, ScriptedModel, assistant_message
from agentkit.types.responses import Response, ResponseCompactionItem, ResponseCompletedEvent


def _compaction() -> ResponseCompactionItem:
    return ResponseCompactionItem(
        type="compaction", id="cmp_1", encrypted_content="opaque", created_by="server"
    )


async def test_a_compaction_output_is_a_run_item_and_model_input() -> None:
    assert CompactionItem is ItemsCompactionItem
    agent = Agent(name="a", model=ScriptedModel([[_compaction(), assistant_message("done")]]))
    result = await Runner.run(agent, "hi")
    item = result.new_items[0]
    assert isinstance(item, CompactionItem) and item.type == "compaction_item"
    expected = {"type": "compaction", "id": "cmp_1", "encrypted_content": "opaque"}
    assert item.raw_item == expected
    assert item.to_input_item() == expected
    assert result.to_input_list()[1] == expected


async def test_a_compaction_item_is_not_streamed(caplog: pytest.LogCaptureFixture) -> None:
    output = [_compaction(), assistant_message("done")]
    response = Response(
        id="resp_1",
        created_at=0,
        model="m",
        object="response",
        output=output,
        parallel_tool_calls=False,
        tool_choice="auto",
        tools=[],
    )
    completed = ResponseCompletedEvent(
        type="response.completed", response=response, sequence_number=0
    )
    agent = Agent(name="a", model=ScriptedModel([ModelStep.stream([completed], output=output)]))
    with caplog.at_level(logging.WARNING, logger="openai.agents"):
        result = Runner.run_streamed(agent, "hi")
        names = [e.name async for e in result.stream_events() if e.type == "run_item_stream_event"]
    assert names == ["message_output_created"]
    assert isinstance(result.new_items[0], CompactionItem)
    assert not [r for r in caplog.records if "Unexpected" in r.getMessage()]
