"""With trace_include_sensitive_data=False no model or tool input/output reaches a processor."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from conftest import RecordingProcessor

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "faults"))

from _faults_support import make_client, make_model

from agentkit import Agent, Runner, function_tool
from agentkit.run_config import RunConfig
from tests.openai_server import OpenAIServer
from tests.openai_server import builders as b

USER_SECRET = "USER-INPUT-SENTINEL-71"
ARGS_SECRET = "TOOL-ARGS-SENTINEL-72"
TOOL_SECRET = "TOOL-OUTPUT-SENTINEL-73"
ERROR_SECRET = "TOOL-ERROR-SENTINEL-74"
ANSWER_SECRET = "MODEL-OUTPUT-SENTINEL-75"
SECRETS = (USER_SECRET, ARGS_SECRET, TOOL_SECRET, ERROR_SECRET, ANSWER_SECRET)


@function_tool
def lookup(query: str) -> str:
    return f"{TOOL_SECRET} for {query}"


@function_tool
def broken(query: str) -> str:
    raise RuntimeError(f"{ERROR_SECRET} {query}")


def _queue_turns(server: OpenAIServer, api: str, stream: bool) -> None:
    args = {"query": ARGS_SECRET}
    if api == "responses":
        calls = [
            b.function_call_item("lookup", _json(args), call_id="call_1"),
            b.function_call_item("broken", _json(args), call_id="call_2"),
        ]
        final = [b.message_item(ANSWER_SECRET)]
        server.queue(
            b.stream_response(calls) if stream else b.response_reply(calls), path="/responses"
        )
        server.queue(
            b.stream_response(final) if stream else b.response_reply(final), path="/responses"
        )
    else:
        calls = [
            b.chat_tool_call("lookup", args, id="call_1"),
            b.chat_tool_call("broken", args, id="call_2"),
        ]
        path = "/chat/completions"
        server.queue(
            b.stream_chat_tool_calls(*calls) if stream else b.chat_tool_calls(*calls), path=path
        )
        server.queue(
            b.stream_chat_text(ANSWER_SECRET) if stream else b.chat_text(ANSWER_SECRET), path=path
        )


def _json(value: object) -> str:
    import json

    return json.dumps(value)


@pytest.mark.parametrize("stream", [False, True], ids=["run", "streamed"])
@pytest.mark.parametrize("api", ["responses", "chat"])
async def test_no_sensitive_data_reaches_processors(
    openai_server: OpenAIServer, recorder: RecordingProcessor, api: str, stream: bool
) -> None:
    _queue_turns(openai_server, api, stream)
    client, http = make_client(openai_server.base_url)
    agent = Agent(
        name="a", instructions="Be brief.", model=make_model(api, client), tools=[lookup, broken]
    )
    config = RunConfig(trace_include_sensitive_data=False)
    if stream:
        result = Runner.run_streamed(agent, USER_SECRET, run_config=config)
        async for _ in result.stream_events():
            pass
    else:
        result = await Runner.run(agent, USER_SECRET, run_config=config)
    await http.aclose()
    assert result.final_output == ANSWER_SECRET  # the run really carried the secrets
    assert recorder.items, "nothing was traced"
    span_types = {
        getattr(i.span_data, "type", None) for i in recorder.items if hasattr(i, "span_data")
    }
    assert "function" in span_types and ({"response", "generation"} & span_types)
    dump = recorder.dump()
    leaked = [s for s in SECRETS if s in dump]
    assert not leaked, leaked


async def test_sensitive_data_is_traced_when_allowed(
    openai_server: OpenAIServer, recorder: RecordingProcessor
) -> None:
    """The control: with the default setting the same run does expose them, so the test above
    can fail."""
    _queue_turns(openai_server, "chat", False)
    client, http = make_client(openai_server.base_url)
    agent = Agent(name="a", model=make_model("chat", client), tools=[lookup, broken])
    await Runner.run(agent, USER_SECRET)
    await http.aclose()
    dump = recorder.dump()
    assert USER_SECRET in dump and TOOL_SECRET in dump and ANSWER_SECRET in dump
