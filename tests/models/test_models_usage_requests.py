"""Every model call counts as exactly one request, streamed or not, with or without usage."""

from __future__ import annotations

from typing import Any

import pytest

from agentkit.agent import Agent
from agentkit.client import AsyncOpenAI
from agentkit.models.openai_provider import OpenAIProvider
from agentkit.run import Runner
from agentkit.run_config import RunConfig
from agentkit.testing import FunctionModel, ModelStep, ScriptedModel, TestModel, assistant_message
from agentkit.tool import function_tool
from agentkit.types.responses import parse_stream_event
from agentkit.usage import Usage
from tests.openai_server import JSONReply, OpenAIServer, SSEReply
from tests.openai_server import builders as b


@function_tool
def lookup(city: str) -> str:
    """Look a city up."""
    return f"found {city}"


def _responses_replies(stream: bool, with_usage: bool) -> list[Any]:
    outputs = [
        [b.function_call_item("lookup", {"city": "Paris"}, call_id="call_1")],
        [b.message_item("done")],
    ]
    replies: list[Any] = []
    for output in outputs:
        if stream:
            events = b.response_stream_events(output)
            if not with_usage:
                events[-1]["response"]["usage"] = None
            replies.append(SSEReply(events=events))
        else:
            body = b.response_object(output)
            if not with_usage:
                del body["usage"]
            replies.append(JSONReply(body=body))
    return replies


def _chat_replies(stream: bool, with_usage: bool) -> list[Any]:
    call = b.chat_tool_call("lookup", {"city": "Paris"}, id="call_1")
    if stream:
        # A custom base URL gets no stream_options.include_usage, so only a server that sends
        # usage unasked (as some compatible servers do) reports tokens.
        return [
            SSEReply(
                events=b.chat_stream_chunks(None, tool_calls=[call], include_usage=with_usage)
            ),
            SSEReply(events=b.chat_stream_chunks("done", include_usage=with_usage)),
        ]
    replies = []
    for body in (b.chat_completion(None, tool_calls=[call]), b.chat_completion("done")):
        if not with_usage:
            del body["usage"]
        replies.append(JSONReply(body=body))
    return replies


@pytest.mark.parametrize("with_usage", [True, False], ids=["usage", "no_usage"])
@pytest.mark.parametrize("stream", [False, True], ids=["run", "streamed"])
@pytest.mark.parametrize("use_responses", [True, False], ids=["responses", "chat"])
async def test_openai_models_count_one_request_per_call(
    openai_server: OpenAIServer, use_responses: bool, stream: bool, with_usage: bool
) -> None:
    replies = (_responses_replies if use_responses else _chat_replies)(stream, with_usage)
    openai_server.queue(*replies)
    client = AsyncOpenAI(base_url=openai_server.base_url, api_key="sk-test")
    config = RunConfig(
        model_provider=OpenAIProvider(openai_client=client, use_responses=use_responses),
        tracing_disabled=True,
    )
    agent = Agent(name="Lookup", tools=[lookup])
    if stream:
        result = Runner.run_streamed(agent, "Find Paris", run_config=config)
        async for _ in result.stream_events():
            pass
    else:
        result = await Runner.run(agent, "Find Paris", run_config=config)
    assert result.final_output == "done"
    usage = result.context_wrapper.usage
    assert usage.requests == 2
    assert [entry.total_tokens for entry in usage.request_usage_entries] == (
        [15, 15] if with_usage else []
    )
    assert usage.total_tokens == (30 if with_usage else 0)
    assert [r.usage.requests for r in result.raw_responses] == [1, 1]


def _completed_events_without_usage(text: str) -> list[Any]:
    events = b.response_stream_events([b.message_item(text)])
    events[-1]["response"]["usage"] = None
    return [parse_stream_event(event) for event in events]


@pytest.mark.parametrize("stream", [False, True], ids=["run", "streamed"])
async def test_testing_models_count_one_request_per_call(stream: bool) -> None:
    models: list[Any] = [
        TestModel(),
        FunctionModel(lambda call: "hi"),
        ScriptedModel([[assistant_message("hi")]]),
    ]
    if stream:
        # A streamed completion whose final response carries no usage at all.
        events = b.response_stream_events([b.message_item("hi")])
        events[-1]["response"]["usage"] = None
        models.append(ScriptedModel([ModelStep.stream([parse_stream_event(e) for e in events])]))
    for model in models:
        agent = Agent(name="a", model=model)
        if stream:
            result = Runner.run_streamed(agent, "go")
            async for _ in result.stream_events():
                pass
        else:
            result = await Runner.run(agent, "go")
        assert result.context_wrapper.usage.requests == 1, model
        assert [r.usage.requests for r in result.raw_responses] == [1], model


def test_usage_default_is_zero_requests() -> None:
    # The fix is in the runner: a bare Usage() still means "nothing happened".
    assert Usage().requests == 0
