"""OpenAIChatCompletionsModel over real HTTP against the loopback server."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agentkit.client import AsyncOpenAI, BadRequestError, InternalServerError
from agentkit.exceptions import ModelBehaviorError, UserError
from agentkit.model_settings import ModelSettings
from agentkit.models.chatcmpl_converter import Converter
from agentkit.models.interface import ModelTracing
from agentkit.models.openai_chatcompletions import OpenAIChatCompletionsModel
from agentkit.tool import WebSearchTool
from agentkit.tracing.processor_interface import TracingProcessor
from agentkit.types.responses import (
    ResponseCompletedEvent,
    ResponseFunctionToolCall,
    ResponseOutputMessage,
    ResponseOutputRefusal,
    ResponseReasoningItem,
)
from tests.openai_server import JSONReply, OpenAIServer, SSEReply, error_reply
from tests.openai_server import builders as b

sys.path.insert(0, str(Path(__file__).parent))
from chat_stream_cases import CASES, chunk

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _model(server: OpenAIServer, name: str = "gpt-4.1", **client_args: Any) -> Any:
    client = AsyncOpenAI(base_url=server.base_url, api_key="sk-test", **client_args)
    return OpenAIChatCompletionsModel(name, client)


async def _get(model: Any, input: Any = "Hi", **kwargs: Any) -> Any:
    settings = kwargs.pop("model_settings", ModelSettings())
    return await model.get_response(
        "Be nice.", input, settings, [], None, [], ModelTracing.DISABLED, **kwargs
    )


async def _stream(model: Any, input: Any = "Hi", **kwargs: Any) -> list[Any]:
    settings = kwargs.pop("model_settings", ModelSettings())
    return [
        e
        async for e in model.stream_response(
            "Be nice.", input, settings, [], None, [], ModelTracing.DISABLED, **kwargs
        )
    ]


def _message(**fields: Any) -> JSONReply:
    message = {"role": "assistant", "content": None, **fields}
    body = b.chat_completion(None)
    body["choices"][0]["message"] = message
    return JSONReply(body=body)


# --------------------------------------------------------------------------- non-streaming


async def test_text_with_usage_details(openai_server: OpenAIServer) -> None:
    usage = {
        "prompt_tokens": 50,
        "completion_tokens": 20,
        "total_tokens": 70,
        "prompt_tokens_details": {"cached_tokens": 40, "audio_tokens": 0},
        "completion_tokens_details": {"reasoning_tokens": 8, "audio_tokens": 0},
    }
    openai_server.queue(b.chat_text("Hello!", usage=usage, headers={"x-request-id": "req_c"}))
    response = await _get(_model(openai_server))
    [message] = response.output
    assert isinstance(message, ResponseOutputMessage)
    assert message.content[0].text == "Hello!"
    assert response.response_id is None
    assert response.request_id == "req_c"
    usage_out = response.usage
    assert (usage_out.requests, usage_out.input_tokens, usage_out.output_tokens) == (1, 50, 20)
    assert usage_out.total_tokens == 70
    assert usage_out.input_tokens_details.cached_tokens == 40
    assert usage_out.output_tokens_details.reasoning_tokens == 8
    assert openai_server.last_request.json["messages"][0] == {
        "content": "Be nice.",
        "role": "system",
    }


async def test_parallel_tool_calls(openai_server: OpenAIServer) -> None:
    openai_server.queue(
        b.chat_tool_calls(
            b.chat_tool_call("get_weather", {"city": "Paris"}, id="call_1"),
            b.chat_tool_call("get_weather", {"city": "Rome"}, id="call_2"),
        )
    )
    response = await _get(_model(openai_server))
    calls = response.output
    assert [c.call_id for c in calls] == ["call_1", "call_2"]
    assert all(isinstance(c, ResponseFunctionToolCall) for c in calls)
    assert calls[1].arguments == '{"city":"Rome"}'


async def test_missing_and_empty_tool_call_ids_get_generated(openai_server: OpenAIServer) -> None:
    openai_server.queue(
        _message(
            tool_calls=[
                {"type": "function", "function": {"name": "a", "arguments": "{}"}},
                {"id": "", "type": "function", "function": {"name": "b", "arguments": "{}"}},
            ]
        )
    )
    response = await _get(_model(openai_server))
    ids = [c.call_id for c in response.output]
    assert all(i.startswith("call_") and len(i) > 5 for i in ids)
    assert ids[0] != ids[1]


async def test_a_tool_call_without_name_or_arguments_is_dropped(
    openai_server: OpenAIServer,
) -> None:
    """LM Studio may add `{"id": "", "type": "function"}` to a text answer: nothing to run, and
    echoing it back makes the server reject the next request (lmstudio-bug-tracker#830)."""
    openai_server.queue(
        _message(
            content="Done.",
            tool_calls=[
                {"id": "", "type": "function"},
                {"id": "7", "type": "function", "function": {"name": "a", "arguments": "{}"}},
            ],
        )
    )
    response = await _get(_model(openai_server))
    assert [item.type for item in response.output] == ["message", "function_call"]
    assert response.output[1].call_id == "7"
    chunks = [
        chunk({"role": "assistant", "content": "Done."}),
        chunk({"tool_calls": [{"index": 0, "id": "", "type": "function"}]}),
        chunk({}, "tool_calls"),
    ]
    openai_server.queue(SSEReply(events=chunks))
    events = await _stream(_model(openai_server))
    assert [item.type for item in events[-1].response.output] == ["message"]
    added = [e.item.type for e in events if e.type == "response.output_item.added"]
    assert added == ["message"]


async def test_refusal_and_reasoning_content(openai_server: OpenAIServer) -> None:
    openai_server.queue(
        _message(refusal="No.", reasoning_content="The user asks for something unsafe.")
    )
    response = await _get(_model(openai_server, "deepseek-reasoner"))
    reasoning, message = response.output
    assert isinstance(reasoning, ResponseReasoningItem)
    assert reasoning.summary[0].text == "The user asks for something unsafe."
    assert isinstance(message.content[0], ResponseOutputRefusal)
    assert message.content[0].refusal == "No."


async def test_reasoning_field_becomes_reasoning_text(openai_server: OpenAIServer) -> None:
    openai_server.queue(_message(content="42", reasoning="Let me think."))
    response = await _get(_model(openai_server, "qwen3"))
    reasoning = response.output[0]
    assert reasoning.content[0].text == "Let me think."
    assert reasoning.summary == []


async def test_reasoning_survives_a_tool_call_round_trip(openai_server: OpenAIServer) -> None:
    """DeepSeek needs its reasoning_content back on the assistant message with the tool call."""
    openai_server.queue(
        _message(
            reasoning_content="I need the weather.",
            tool_calls=[b.chat_tool_call("get_weather", {"city": "Paris"}, id="call_1")],
        ),
        b.chat_text("Sunny."),
    )
    model = _model(openai_server, "deepseek-reasoner")
    first = await _get(model)
    history: list[Any] = [{"role": "user", "content": "Weather?"}, *first.to_input_items()]
    history.append({"type": "function_call_output", "call_id": "call_1", "output": "sunny"})
    await _get(model, history)
    messages = openai_server.last_request.json["messages"]
    assert messages[2] == {
        "role": "assistant",
        "content": None,
        "reasoning_content": "I need the weather.",
        "tool_calls": [
            {
                "id": "call_1",
                "type": "function",
                "function": {"name": "get_weather", "arguments": '{"city":"Paris"}'},
            }
        ],
    }
    assert messages[3] == {"role": "tool", "tool_call_id": "call_1", "content": "sunny"}


async def test_null_usage_and_no_usage_count_the_request(openai_server: OpenAIServer) -> None:
    with_null = b.chat_completion("a")
    with_null["usage"] = None
    without = b.chat_completion("b")
    del without["usage"]
    openai_server.queue(JSONReply(body=with_null), JSONReply(body=without))
    model = _model(openai_server)
    for _ in range(2):
        response = await _get(model)
        assert (response.usage.requests, response.usage.total_tokens) == (1, 0)


async def test_content_filter_and_length(openai_server: OpenAIServer) -> None:
    openai_server.queue(
        JSONReply(body=b.chat_completion(None, finish_reason="content_filter")),
        JSONReply(body=b.chat_completion(None, finish_reason="length")),
    )
    model = _model(openai_server)
    response = await _get(model)
    assert response.output[0].content[0].refusal.startswith("Response withheld")
    with pytest.raises(ModelBehaviorError, match="finish_reason='length'"):
        await _get(model)


async def test_no_choices_is_a_model_behavior_error(openai_server: OpenAIServer) -> None:
    body = b.chat_completion("x")
    body["choices"] = []
    openai_server.queue(JSONReply(body=body))
    with pytest.raises(ModelBehaviorError, match="no choices"):
        await _get(_model(openai_server))


async def test_logprobs_are_attached(openai_server: OpenAIServer) -> None:
    body = b.chat_completion("Hi")
    body["choices"][0]["logprobs"] = {
        "content": [{"token": "Hi", "logprob": -0.5, "bytes": [72, 105], "top_logprobs": []}],
        "refusal": None,
    }
    openai_server.queue(JSONReply(body=body))
    response = await _get(_model(openai_server), model_settings=ModelSettings(top_logprobs=2))
    assert response.output[0].content[0].logprobs[0].logprob == -0.5
    sent = openai_server.last_request.json
    assert (sent["top_logprobs"], sent["logprobs"]) == (2, True)


async def test_http_errors_are_typed(openai_server: OpenAIServer) -> None:
    openai_server.queue(error_reply(400), error_reply(503, should_retry=False))
    async with httpx.AsyncClient() as http:
        model = _model(openai_server, max_retries=0, http_client=http)
        with pytest.raises(BadRequestError):
            await _get(model)
        with pytest.raises(InternalServerError):
            await _stream(model)


async def test_unknown_fields_everywhere(openai_server: OpenAIServer) -> None:
    openai_server.unknown_fields = True
    openai_server.queue(
        b.chat_tool_calls(b.chat_tool_call("f", {"a": 1}, id="call_1")),
        b.stream_chat_text("Hello", deltas=2),
    )
    model = _model(openai_server)
    response = await _get(model)
    assert response.output[0].call_id == "call_1"
    events = await _stream(model, model_settings=ModelSettings(include_usage=True))
    final = events[-1]
    assert final.response.output[0].content[0].text == "Hello"
    assert final.response.usage.total_tokens == 15


def test_unsupported_features() -> None:
    model = OpenAIChatCompletionsModel(
        "gpt-4.1", AsyncOpenAI(api_key="sk-test"), strict_feature_validation=True
    )
    with pytest.raises(UserError, match="Hosted tools are not supported"):
        Converter.tool_to_openai(WebSearchTool())
    with pytest.raises(UserError, match="server-managed conversation state"):
        model._check_unsupported_features(ModelSettings(), "resp_1", None, None)
    with pytest.raises(UserError, match="Reusable prompts"):
        model._check_unsupported_features(ModelSettings(), None, None, {"id": "p"})


# --------------------------------------------------------------------------- streaming


@pytest.mark.parametrize(
    "fixture",
    ["chat_stream_tool_call.sse", "chat_stream_parallel_tool_calls_usage.sse"],
)
async def test_fixture_streams_replayed_byte_for_byte(
    openai_server: OpenAIServer, fixture: str
) -> None:
    raw = (FIXTURES / fixture).read_bytes()
    openai_server.queue(SSEReply(events=raw, headers={"x-request-id": "req_s"}))
    events = await _stream(_model(openai_server))
    assert [e.sequence_number for e in events] == list(range(len(events)))
    final = events[-1]
    assert isinstance(final, ResponseCompletedEvent)
    assert final.response._request_id == "req_s"
    chunks = [
        json.loads(line[6:]) for line in raw.decode().splitlines() if line.startswith("data: {")
    ]
    expected_calls: dict[int, dict[str, str]] = {}
    for c in chunks:
        for choice in c["choices"]:
            for call in choice["delta"].get("tool_calls") or []:
                slot = expected_calls.setdefault(call["index"], {"id": "", "args": ""})
                slot["id"] = call.get("id") or slot["id"]
                slot["args"] += call["function"].get("arguments") or ""
    got = [(o.call_id, o.arguments) for o in final.response.output]
    assert got == [(v["id"], v["args"]) for _, v in sorted(expected_calls.items())]
    usage = next((c["usage"] for c in chunks if c.get("usage")), None)
    if usage is None:
        assert final.response.usage is None
    else:
        assert final.response.usage.input_tokens == usage["prompt_tokens"]
        assert final.response.usage.output_tokens == usage["completion_tokens"]


async def test_one_character_per_chunk_arguments(openai_server: OpenAIServer) -> None:
    openai_server.queue(SSEReply(events=CASES["one_char_arguments"]))
    events = await _stream(_model(openai_server))
    deltas = [e.delta for e in events if e.type == "response.function_call_arguments.delta"]
    assert all(len(d) == 1 for d in deltas)
    final = events[-1].response
    assert json.loads(final.output[0].arguments) == {"city": "Paris", "days": [1, 2, 3]}
    assert final.usage.input_tokens_details.cached_tokens == 3
    assert final.usage.output_tokens_details.reasoning_tokens == 2


async def test_stream_tool_calls_without_ids(openai_server: OpenAIServer) -> None:
    """Ollama and llama.cpp may omit tool-call ids (or send ""), and sometimes `index` too."""
    chunks = [
        chunk(
            {
                "role": "assistant",
                "tool_calls": [
                    {"index": 0, "id": "", "function": {"name": "a", "arguments": '{"x":'}}
                ],
            }
        ),
        chunk({"tool_calls": [{"index": 0, "function": {"arguments": "1}"}}]}),
        chunk({"tool_calls": [{"function": {"name": "b", "arguments": "{}"}, "id": "call_b"}]}),
        chunk({}, "tool_calls"),
    ]
    openai_server.queue(SSEReply(events=chunks))
    events = await _stream(_model(openai_server))
    final = events[-1].response
    first, second = final.output
    assert first.name == "a" and first.arguments == '{"x":1}'
    assert first.call_id.startswith("call_") and len(first.call_id) > 5
    assert (second.name, second.call_id, second.arguments) == ("b", "call_b", "{}")
    added = [e.item.call_id for e in events if e.type == "response.output_item.added"]
    assert added == [first.call_id, "call_b"]


async def test_stream_reasoning_then_text(openai_server: OpenAIServer) -> None:
    openai_server.queue(SSEReply(events=CASES["reasoning_content_then_text"]))
    events = await _stream(_model(openai_server, "deepseek-reasoner"))
    final = events[-1].response
    reasoning, message = final.output
    assert reasoning.summary[0].text == "Thinking..."
    assert message.content[0].text == "Answer."
    assert final.usage.output_tokens_details.reasoning_tokens == 2


async def test_stream_refusal(openai_server: OpenAIServer) -> None:
    openai_server.queue(SSEReply(events=CASES["refusal"]))
    events = await _stream(_model(openai_server))
    part = events[-1].response.output[0].content[0]
    assert isinstance(part, ResponseOutputRefusal)
    assert part.refusal == "I can't help with that."


async def test_stream_without_usage_and_with_null_usage(openai_server: OpenAIServer) -> None:
    openai_server.queue(
        SSEReply(events=CASES["text_without_usage"]), SSEReply(events=CASES["text_null_usage"])
    )
    model = _model(openai_server)
    for _ in range(2):
        events = await _stream(model)
        assert events[-1].response.usage is None
        assert events[-1].response.output[0].content[0].text == "Hello there"


async def test_stream_length_without_output_raises(openai_server: OpenAIServer) -> None:
    openai_server.queue(
        SSEReply(events=[chunk({"role": "assistant", "content": ""}), chunk({}, "length")])
    )
    with pytest.raises(ModelBehaviorError, match="finish_reason='length'"):
        await _stream(_model(openai_server))


async def test_stream_options_follow_include_usage(openai_server: OpenAIServer) -> None:
    openai_server.queue(b.chat_auto("a"), b.chat_auto("b"))
    model = _model(openai_server)
    await _stream(model, model_settings=ModelSettings(include_usage=True))
    assert openai_server.last_request.json["stream_options"] == {"include_usage": True}
    await _stream(model, model_settings=ModelSettings(include_usage=False, store=True))
    sent = openai_server.last_request.json
    assert sent["stream_options"] == {"include_usage": False}
    assert sent["store"] is True


async def test_stream_cut_mid_chunk_raises(openai_server: OpenAIServer) -> None:
    openai_server.queue(SSEReply(events=CASES["text"], cut_in_event=2))
    with pytest.raises(Exception) as excinfo:
        await _stream(_model(openai_server, max_retries=0))
    assert "sk-test" not in str(excinfo.value)


async def test_cancelled_chat_streams_do_not_leak(openai_server: OpenAIServer) -> None:
    chunks = [chunk({"role": "assistant", "content": "Hi"}), *[chunk({"content": "."})] * 3]
    rounds = 10
    openai_server.queue(*[SSEReply(events=chunks, hang_after=3) for _ in range(rounds)])
    openai_server.queue(b.chat_text("alive"))
    http = httpx.AsyncClient(limits=httpx.Limits(max_connections=2), timeout=httpx.Timeout(5.0))
    model = _model(openai_server, http_client=http)

    async def consume(started: asyncio.Event) -> None:
        async for event in model.stream_response(
            None, "Hi", ModelSettings(), [], None, [], ModelTracing.DISABLED
        ):
            if event.type == "response.output_text.delta":
                started.set()

    for _ in range(rounds):
        started = asyncio.Event()
        task = asyncio.create_task(consume(started))
        await asyncio.wait_for(started.wait(), 5)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
    response = await asyncio.wait_for(_get(model), 5)
    assert response.output[0].content[0].text == "alive"
    await http.aclose()


# --------------------------------------------------------------------------- converter


def test_items_to_messages_roles_and_parts() -> None:
    messages = Converter.items_to_messages(
        [
            {"role": "system", "content": "S"},
            {
                "type": "message",
                "role": "developer",
                "content": [{"type": "input_text", "text": "D"}],
            },
            {
                "role": "user",
                "content": [
                    {"type": "input_text", "text": "look"},
                    {"type": "input_image", "image_url": "https://x/y.png", "detail": "original"},
                    {"type": "input_file", "file_id": "file_1"},
                    {"type": "input_audio", "input_audio": {"data": "AAA", "format": "wav"}},
                ],
            },
            {"role": "assistant", "content": "A"},
        ]
    )
    assert messages == [
        {"role": "system", "content": "S"},
        {"role": "developer", "content": [{"type": "text", "text": "D"}]},
        {
            "role": "user",
            "content": [
                {"type": "text", "text": "look"},
                {"type": "image_url", "image_url": {"url": "https://x/y.png", "detail": "high"}},
                {"type": "file", "file": {"file_id": "file_1"}},
                {"type": "input_audio", "input_audio": {"data": "AAA", "format": "wav"}},
            ],
        },
        {"role": "assistant", "content": "A"},
    ]


def test_text_after_streamed_calls_joins_the_same_assistant_message() -> None:
    messages = Converter.items_to_messages(
        [
            {"role": "user", "content": "go"},
            {"type": "function_call", "call_id": "c1", "name": "f", "arguments": "{}"},
            {
                "id": "__fake_id__",
                "type": "message",
                "role": "assistant",
                "content": [{"type": "output_text", "text": "Calling f."}],
            },
            {"type": "function_call_output", "call_id": "c1", "output": "r"},
        ]
    )
    assert messages[1]["content"] == "Calling f."
    assert [m["role"] for m in messages] == ["user", "assistant", "tool"]


def test_unconvertible_items_are_user_errors() -> None:
    with pytest.raises(UserError, match="item_reference"):
        Converter.items_to_messages([{"type": "item_reference", "id": "x"}])
    with pytest.raises(UserError, match="Unhandled item"):
        Converter.items_to_messages([{"type": "web_search_call", "id": "ws"}])
    with pytest.raises(UserError, match="Unknown content"):
        Converter.items_to_messages([{"role": "user", "content": [{"type": "bogus"}]}])


def test_named_tool_choice_and_response_format() -> None:
    from pydantic import BaseModel

    from agentkit.agent_output import AgentOutputSchema

    class Out(BaseModel):
        a: int

    assert Converter.convert_tool_choice("f") == {"type": "function", "function": {"name": "f"}}
    fmt = Converter.convert_response_format(AgentOutputSchema(Out))
    assert fmt is not None and fmt["json_schema"]["name"] == "final_output"
    assert fmt["json_schema"]["strict"] is True


async def test_reasoning_field_is_replayed_to_the_same_model(openai_server: OpenAIServer) -> None:
    """Ollama-style `reasoning` goes back on the assistant turn when the model is unchanged."""
    openai_server.queue(
        _message(
            reasoning="Use the tool.",
            tool_calls=[b.chat_tool_call("lookup", {"q": "x"}, id="call_9")],
        ),
        b.chat_text("done"),
    )
    model = _model(openai_server, "qwen3:8b")
    first = await _get(model)
    history = [
        {"role": "user", "content": "go"},
        *first.to_input_items(),
        {"type": "function_call_output", "call_id": "call_9", "output": "found"},
    ]
    await _get(model, history)
    assistant = openai_server.last_request.json["messages"][2]
    assert assistant["reasoning"] == "Use the tool."
    assert assistant["tool_calls"][0]["id"] == "call_9"
    assert "reasoning_content" not in assistant


@given(cuts=st.lists(st.integers(min_value=1, max_value=40), max_size=12))
@settings(max_examples=60, deadline=None)
def test_any_argument_split_gives_the_same_call(cuts: list[int]) -> None:
    from agentkit.models.chatcmpl_stream_handler import ChatCmplStreamHandler
    from agentkit.types.responses import Response

    arguments = '{"city": "Zürich", "when": ["today", "tomorrow"], "n": 12}'
    pieces, rest = [], arguments
    for cut in cuts:
        if not rest:
            break
        pieces.append(rest[:cut])
        rest = rest[cut:]
    pieces.append(rest)
    chunks = [chunk({"role": "assistant", "tool_calls": [call_start_chunk()]})]
    chunks += [chunk({"tool_calls": [{"index": 0, "function": {"arguments": p}}]}) for p in pieces]
    chunks.append(chunk({}, "tool_calls"))

    async def run() -> list[Any]:
        async def source() -> Any:
            for c in chunks:
                yield c

        response = Response(id="x", created_at=0, model="m", output=[])
        return [e async for e in ChatCmplStreamHandler.handle_stream(response, source())]

    events = asyncio.run(run())
    final = events[-1].response
    assert final.output[0].arguments == arguments
    deltas = [e.delta for e in events if e.type == "response.function_call_arguments.delta"]
    assert "".join(deltas) == arguments
    assert [e.sequence_number for e in events] == list(range(len(events)))


def test_streamed_delta_events_are_the_keyword_built_events() -> None:
    # The per-delta events are built from dicts by the class validator: they must be exactly what
    # the keyword constructor gives (type, values, fields set, repr), and the text and arguments
    # collected from the deltas must reach the final output whole.
    from agentkit.models.chatcmpl_stream_handler import ChatCmplStreamHandler
    from agentkit.models.fake_id import FAKE_RESPONSES_ID
    from agentkit.types.responses import (
        Response,
        ResponseFunctionCallArgumentsDeltaEvent,
        ResponseTextDeltaEvent,
    )

    chunks = [chunk({"role": "assistant", "content": "He"}), chunk({"content": "llo"})]
    chunks += [chunk({"tool_calls": [call_start_chunk()]})]
    chunks += [chunk({"tool_calls": [{"index": 0, "function": {"arguments": p}}]}) for p in "{}"]
    chunks.append(chunk({}, "tool_calls"))

    async def run() -> list[Any]:
        async def source() -> Any:
            for c in chunks:
                yield c

        response = Response(id="x", created_at=0, model="m", output=[])
        return [e async for e in ChatCmplStreamHandler.handle_stream(response, source())]

    events = asyncio.run(run())
    texts = [e for e in events if e.type == "response.output_text.delta"]
    expected_texts = [
        ResponseTextDeltaEvent(
            content_index=0,
            delta=delta,
            item_id=FAKE_RESPONSES_ID,
            output_index=0,
            type="response.output_text.delta",
            sequence_number=event.sequence_number,
            logprobs=[],
        )
        for delta, event in zip(["He", "llo"], texts, strict=True)
    ]
    arguments = [e for e in events if e.type == "response.function_call_arguments.delta"]
    expected_arguments = [
        ResponseFunctionCallArgumentsDeltaEvent(
            delta=delta,
            item_id=FAKE_RESPONSES_ID,
            output_index=1,
            type="response.function_call_arguments.delta",
            sequence_number=event.sequence_number,
        )
        for delta, event in zip("{}", arguments, strict=True)
    ]
    for got, want in zip(texts + arguments, expected_texts + expected_arguments, strict=True):
        assert type(got) is type(want) and got == want
        assert got.model_fields_set == want.model_fields_set and repr(got) == repr(want)
    final = events[-1].response
    assert final.output[0].content[0].text == "Hello" and final.output[1].arguments == "{}"
    done = next(e for e in events if e.type == "response.content_part.done")
    assert done.part.text == "Hello"


def call_start_chunk() -> dict[str, Any]:
    return {
        "index": 0,
        "id": "call_h",
        "type": "function",
        "function": {"name": "f", "arguments": ""},
    }


class _Spans(TracingProcessor):
    def __init__(self) -> None:
        self.ended: list[Any] = []

    def on_trace_start(self, trace: Any) -> None: ...

    def on_trace_end(self, trace: Any) -> None: ...

    def on_span_start(self, span: Any) -> None: ...

    def on_span_end(self, span: Any) -> None:
        self.ended.append(span)

    def shutdown(self) -> None: ...

    def force_flush(self) -> None: ...


async def test_generation_span(
    openai_server: OpenAIServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from agentkit.tracing import setup as tracing_setup
    from agentkit.tracing import trace
    from agentkit.tracing.provider import DefaultTraceProvider

    for name in ("AGENTKIT_DISABLE_TRACING", "OPENAI_AGENTS_DISABLE_TRACING"):
        monkeypatch.delenv(name, raising=False)
    provider = DefaultTraceProvider()
    recorder = _Spans()
    provider.set_processors([recorder])
    monkeypatch.setattr(tracing_setup, "GLOBAL_TRACE_PROVIDER", provider)

    openai_server.queue(b.chat_text("traced"), b.stream_chat_text("streamed"))
    model = _model(openai_server)
    settings = ModelSettings(temperature=0.5, metadata={"k": "v"}, include_usage=True)
    with trace("models"):
        await model.get_response("S", "Hi", settings, [], None, [], ModelTracing.ENABLED)
        async for _ in model.stream_response(
            "S", "Hi", settings, [], None, [], ModelTracing.ENABLED_WITHOUT_DATA
        ):
            pass
    plain, streamed = [s for s in recorder.ended if s.span_data.type == "generation"]
    assert plain.span_data.model == "gpt-4.1"
    assert plain.span_data.model_config["temperature"] == 0.5
    assert plain.span_data.model_config["base_url"] == openai_server.base_url + "/"  # as upstream
    assert plain.span_data.model_config["metadata"] == {"k": "v"}
    assert plain.span_data.input[1] == {"role": "user", "content": "Hi"}
    assert plain.span_data.output[0]["content"] == "traced"
    assert plain.span_data.usage["requests"] == 1
    assert streamed.span_data.input is None and streamed.span_data.output is None
    assert "metadata" not in streamed.span_data.model_config
    assert streamed.span_data.usage["total_tokens"] == 15


@pytest.mark.parametrize("field", ["reasoning_content", "reasoning"])
def test_long_streamed_reasoning_reaches_every_event_whole(field: str) -> None:
    # Reasoning deltas are collected as pieces (joined in batches) rather than copied into the item
    # on every delta: the done events and the final output must still carry the whole text.
    from agentkit.models.chatcmpl_stream_handler import ChatCmplStreamHandler
    from agentkit.types.responses import Response

    pieces = [f"step {i}; " for i in range(700)]
    chunks = [chunk({"role": "assistant", field: pieces[0]})]
    chunks += [chunk({field: p}) for p in pieces[1:]]
    chunks += [chunk({"content": "Answer"}), chunk({}, "stop")]

    async def run() -> list[Any]:
        async def source() -> Any:
            for c in chunks:
                yield c

        response = Response(id="x", created_at=0, model="m", output=[])
        return [e async for e in ChatCmplStreamHandler.handle_stream(response, source())]

    events = asyncio.run(run())
    whole = "".join(pieces)
    deltas = [
        e.delta for e in events if e.type.startswith("response.reasoning") and "delta" in e.type
    ]
    assert deltas == pieces
    item_done = next(
        e for e in events if e.type == "response.output_item.done" and e.item.type == "reasoning"
    )
    final = events[-1].response
    if field == "reasoning_content":
        part_done = next(e for e in events if e.type == "response.reasoning_summary_part.done")
        assert part_done.part.text == whole
        assert [s.text for s in item_done.item.summary] == [whole]
        assert [s.text for s in final.output[0].summary] == [whole]
    else:
        text_done = next(e for e in events if e.type == "response.reasoning_text.done")
        assert text_done.text == whole
        assert [c.text for c in item_done.item.content] == [whole]
        assert [c.text for c in final.output[0].content] == [whole]
    assert final.output[1].content[0].text == "Answer"
