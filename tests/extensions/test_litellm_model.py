"""LitellmModel: real LiteLLM (`openai/<model>` with `api_base`) against the loopback OpenAI server."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from agentkit import Agent, ModelSettings, RunConfig, Runner, function_tool, handoff
from agentkit.exceptions import ModelBehaviorError
from agentkit.extensions.models.litellm_model import LitellmModel
from agentkit.extensions.models.litellm_provider import LitellmProvider
from agentkit.models.interface import ModelTracing
from agentkit.models.multi_provider import MultiProvider, MultiProviderMap
from agentkit.types.responses import (
    ResponseCompletedEvent,
    ResponseFunctionToolCall,
    ResponseOutputMessage,
    ResponseOutputRefusal,
    ResponseReasoningItem,
)
from tests.openai_server import JSONReply, OpenAIServer, SSEReply, error_reply
from tests.openai_server import builders as b

# LiteLLM's own warnings (pydantic schema notes while it builds its types; its use of pydantic
# attributes deprecated in 2.11), not agentkit's.
pytestmark = [
    pytest.mark.filterwarnings("ignore:.*using the `ReadOnly` qualifier:UserWarning"),
    pytest.mark.filterwarnings("ignore::DeprecationWarning:litellm"),
]

KEY = "sk-litellm-test-secret-4242"
NO_TRACING = RunConfig(tracing_disabled=True)


def _model(server: OpenAIServer, name: str = "openai/gpt-4.1") -> LitellmModel:
    return LitellmModel(name, base_url=server.base_url, api_key=KEY)


@function_tool
def get_weather(city: str) -> str:
    """The weather in a city.

    Args:
        city: The city.
    """
    return f"sunny in {city}"


class CalendarEvent(BaseModel):
    name: str
    date: str


def _bodies(server: OpenAIServer) -> list[dict[str, Any]]:
    requests = server.requests_to("/chat/completions")
    for request in requests:
        assert request.validation_error is None, request.validation_error
        assert request.headers["authorization"] == f"Bearer {KEY}"
    return [request.json for request in requests]


async def _run(agent: Agent[Any], text: str, stream: bool) -> Any:
    if not stream:
        return await Runner.run(agent, text, run_config=NO_TRACING)
    result = Runner.run_streamed(agent, text, run_config=NO_TRACING)
    result.events = [event async for event in result.stream_events()]  # type: ignore[attr-defined]
    return result


@pytest.mark.parametrize("stream", [False, True], ids=["plain", "streamed"])
async def test_text(openai_server: OpenAIServer, stream: bool) -> None:
    openai_server.queue(b.chat_auto("Hello from LiteLLM"))
    agent = Agent(name="a", instructions="Be brief.", model=_model(openai_server))
    result = await _run(agent, "Hi", stream)
    assert result.final_output == "Hello from LiteLLM"
    [body] = _bodies(openai_server)
    expected: dict[str, Any] = {
        "model": "gpt-4.1",  # LiteLLM strips its provider prefix
        "messages": [
            {"role": "system", "content": "Be brief."},
            {"role": "user", "content": "Hi"},
        ],
    }
    if stream:
        expected["stream"] = True
    assert body == expected
    if stream:
        deltas = [
            e.data.delta
            for e in result.events
            if e.type == "raw_response_event" and e.data.type == "response.output_text.delta"
        ]
        assert "".join(deltas) == "Hello from LiteLLM" and len(deltas) > 1
        # Without include_usage, a streamed answer reports no tokens (as upstream).
        assert result.context_wrapper.usage.output_tokens == 0
    else:
        usage = result.context_wrapper.usage
        assert (usage.requests, usage.input_tokens, usage.output_tokens) == (1, 10, 5)


@pytest.mark.parametrize("stream", [False, True], ids=["plain", "streamed"])
async def test_tool_call_round_trip(openai_server: OpenAIServer, stream: bool) -> None:
    call = b.chat_tool_call("get_weather", {"city": "Paris"}, id="call_w1")
    openai_server.queue(b.chat_auto(tool_calls=[call]))
    openai_server.queue(b.chat_auto("Sunny in Paris."))
    agent = Agent(name="a", model=_model(openai_server), tools=[get_weather])
    result = await _run(agent, "Weather in Paris?", stream)
    assert result.final_output == "Sunny in Paris."
    first, second = _bodies(openai_server)
    assert first["tools"] == [
        {
            "type": "function",
            "function": {
                "name": "get_weather",
                "description": "The weather in a city.",
                "parameters": {
                    "type": "object",
                    "properties": {
                        "city": {"description": "The city.", "title": "City", "type": "string"}
                    },
                    "required": ["city"],
                    "title": "get_weather_args",
                    "additionalProperties": False,
                },
                "strict": True,
            },
        }
    ]
    assert second["messages"][1:] == [
        {
            "role": "assistant",
            "tool_calls": [
                {
                    "id": "call_w1",
                    "type": "function",
                    "function": {"name": "get_weather", "arguments": '{"city":"Paris"}'},
                }
            ],
        },
        {"role": "tool", "tool_call_id": "call_w1", "content": "sunny in Paris"},
    ]
    calls = [item for item in result.new_items if item.type == "tool_call_item"]
    assert [c.raw_item.call_id for c in calls] == ["call_w1"]


@pytest.mark.parametrize("stream", [False, True], ids=["plain", "streamed"])
async def test_structured_output(openai_server: OpenAIServer, stream: bool) -> None:
    openai_server.queue(b.chat_auto('{"name": "Launch", "date": "2026-03-01"}'))
    agent = Agent(name="a", model=_model(openai_server), output_type=CalendarEvent)
    result = await _run(agent, "Extract the event", stream)
    assert result.final_output == CalendarEvent(name="Launch", date="2026-03-01")
    [body] = _bodies(openai_server)
    response_format = body["response_format"]
    assert response_format["type"] == "json_schema"
    assert response_format["json_schema"]["name"] == "final_output"
    assert response_format["json_schema"]["strict"] is True
    assert response_format["json_schema"]["schema"]["required"] == ["name", "date"]


@pytest.mark.parametrize("stream", [False, True], ids=["plain", "streamed"])
async def test_include_usage(openai_server: OpenAIServer, stream: bool) -> None:
    openai_server.queue(b.chat_auto("ok", usage=b.chat_usage(30, 7)))
    settings = ModelSettings(include_usage=True)
    agent = Agent(name="a", model=_model(openai_server), model_settings=settings)
    result = await _run(agent, "Hi", stream)
    usage = result.context_wrapper.usage
    assert (usage.requests, usage.input_tokens, usage.output_tokens, usage.total_tokens) == (
        1,
        30,
        7,
        37,
    )
    [body] = _bodies(openai_server)
    assert body.get("stream_options") == ({"include_usage": True} if stream else None)


async def test_settings_and_provider_extras_pass_through(openai_server: OpenAIServer) -> None:
    openai_server.queue(b.chat_text("ok"))
    settings = ModelSettings(
        temperature=0.25,
        top_p=0.5,
        max_tokens=99,
        tool_choice="get_weather",
        parallel_tool_calls=False,
        extra_headers={"X-Custom": "yes"},
        extra_query={"api-version": "2026-01-01"},
        extra_body={"provider_flag": 1},
        extra_args={"seed": 7},
        metadata={"user": "u1"},
    )
    model = _model(openai_server)
    await model.get_response(None, "Hi", settings, [get_weather], None, [], ModelTracing.DISABLED)
    # Provider extras are off the OpenAI spec by design.
    openai_server.allow_failures = True
    request = openai_server.last_request
    assert request.headers["x-custom"] == "yes"
    assert request.headers["user-agent"].startswith("agentkit/")
    # What LiteLLM makes of the extras for an OpenAI-compatible server (as with upstream's
    # LitellmModel): extra_body and extra_args become body fields, extra_query is sent in the
    # body too, and metadata stays with LiteLLM (its logging metadata).
    assert request.raw_query == ""
    body = request.json
    assert {k: body[k] for k in body if k not in ("messages", "tools")} == {
        "extra_query": {"api-version": "2026-01-01"},
        "model": "gpt-4.1",
        "temperature": 0.25,
        "top_p": 0.5,
        "max_tokens": 99,
        "tool_choice": {"type": "function", "function": {"name": "get_weather"}},
        "parallel_tool_calls": False,
        "seed": 7,
        "provider_flag": 1,
    }


async def test_reasoning_effort_is_sent_once(openai_server: OpenAIServer) -> None:
    from agentkit.types.shared import Reasoning

    openai_server.queue(b.chat_text("ok", times=None))
    model = _model(openai_server, "openai/o4-mini")  # LiteLLM knows it takes reasoning_effort
    cases = [
        # reasoning.effort wins over extra_body, which wins over extra_args.
        (
            Reasoning(effort="low"),
            {"reasoning_effort": "high", "flag": 1},
            {"reasoning_effort": "medium"},
            "low",
        ),
        (None, {"reasoning_effort": "high"}, {"reasoning_effort": "medium"}, "high"),
        (None, None, {"reasoning_effort": "medium"}, "medium"),
    ]
    for reasoning, extra_body, extra_args, expected in cases:
        settings = ModelSettings(reasoning=reasoning, extra_body=extra_body, extra_args=extra_args)
        await model.get_response(None, "Hi", settings, [], None, [], ModelTracing.DISABLED)
        body = openai_server.last_request.json
        assert body["reasoning_effort"] == expected
        # The rest of extra_body is still sent (an off-spec field, as intended).
        assert body.get("flag") == (extra_body or {}).get("flag")
    openai_server.allow_failures = True


async def test_reasoning_content_becomes_a_reasoning_item(openai_server: OpenAIServer) -> None:
    body = b.chat_completion("The answer is 4.")
    body["choices"][0]["message"]["reasoning_content"] = "2 + 2 = 4"
    openai_server.queue(JSONReply(body=body))
    response = await _model(openai_server).get_response(
        None, "2+2?", ModelSettings(), [], None, [], ModelTracing.DISABLED
    )
    reasoning, message = response.output
    assert isinstance(reasoning, ResponseReasoningItem)
    assert [s.text for s in reasoning.summary] == ["2 + 2 = 4"]
    assert isinstance(message, ResponseOutputMessage)
    assert message.content[0].text == "The answer is 4."  # type: ignore[union-attr]


async def test_streamed_reasoning_content(openai_server: OpenAIServer) -> None:
    chunks = b.chat_stream_chunks("Four.", include_usage=False)
    head = dict(chunks[0], choices=[{"index": 0, "delta": {"reasoning_content": "2 + 2"}}])
    more = dict(chunks[0], choices=[{"index": 0, "delta": {"reasoning_content": " = 4"}}])
    openai_server.queue(SSEReply(events=[chunks[0], head, more, *chunks[1:]]))
    events = [
        e
        async for e in _model(openai_server).stream_response(
            None, "2+2?", ModelSettings(), [], None, [], ModelTracing.DISABLED
        )
    ]
    completed = events[-1]
    assert isinstance(completed, ResponseCompletedEvent)
    reasoning, message = completed.response.output
    assert isinstance(reasoning, ResponseReasoningItem)
    assert "".join(s.text for s in reasoning.summary) == "2 + 2 = 4"
    assert message.content[0].text == "Four."  # type: ignore[union-attr]


async def test_refusal_and_content_filter(openai_server: OpenAIServer) -> None:
    # Deliberate: upstream reads the refusal only from provider_specific_fields, so OpenAI's own
    # `refusal` field is dropped there (an empty turn); here it is a refusal item.
    openai_server.queue(JSONReply(body=b.chat_completion(None, refusal="I can't help with that.")))
    openai_server.queue(JSONReply(body=b.chat_completion(None, finish_reason="content_filter")))
    model = _model(openai_server)
    for expected in (
        "I can't help with that.",
        "Response withheld by the provider's content filter.",
    ):
        response = await model.get_response(
            None, "x", ModelSettings(), [], None, [], ModelTracing.DISABLED
        )
        [message] = response.output
        assert isinstance(message, ResponseOutputMessage)
        [part] = message.content
        assert isinstance(part, ResponseOutputRefusal) and part.refusal == expected


async def test_streamed_parallel_tool_calls_and_handoff_tools(
    openai_server: OpenAIServer,
) -> None:
    calls = [
        b.chat_tool_call("get_weather", {"city": "Oslo"}, id="call_a"),
        b.chat_tool_call("get_weather", {"city": "Rome"}, id="call_b"),
    ]
    openai_server.queue(b.stream_chat_tool_calls(*calls))
    to_helper = handoff(Agent(name="Helper"))
    events = [
        e
        async for e in _model(openai_server).stream_response(
            None,
            "Weather?",
            ModelSettings(),
            [get_weather],
            None,
            [to_helper],
            ModelTracing.DISABLED,
        )
    ]
    completed = events[-1]
    assert isinstance(completed, ResponseCompletedEvent)
    output = completed.response.output
    assert all(isinstance(c, ResponseFunctionToolCall) for c in output)
    assert [(c.call_id, json.loads(c.arguments)) for c in output] == [  # type: ignore[union-attr]
        ("call_a", {"city": "Oslo"}),
        ("call_b", {"city": "Rome"}),
    ]
    [body] = _bodies(openai_server)
    assert [t["function"]["name"] for t in body["tools"]] == ["get_weather", "transfer_to_helper"]


async def test_errors_are_raised_without_the_api_key(openai_server: OpenAIServer) -> None:
    openai_server.queue(error_reply(401, message="Incorrect API key provided"))
    model = _model(openai_server)
    with pytest.raises(Exception) as caught:
        await model.get_response(None, "Hi", ModelSettings(), [], None, [], ModelTracing.DISABLED)
    assert "Incorrect API key" in str(caught.value)
    assert KEY not in str(caught.value) and KEY not in repr(caught.value)
    assert KEY not in repr(model)


async def test_multi_provider_routes_the_litellm_prefix(openai_server: OpenAIServer) -> None:
    provider = MultiProvider(openai_api_key="sk-unused")
    model = provider.get_model("litellm/anthropic/claude-3-5-sonnet-20240620")
    assert isinstance(model, LitellmModel)
    assert model.model == "anthropic/claude-3-5-sonnet-20240620"
    # One LitellmProvider, created on first use and closed with the MultiProvider.
    assert provider._fallback_providers["litellm"] is provider._fallback_providers.get("litellm")
    assert isinstance(provider.get_model("litellm/openai/gpt-4.1"), LitellmModel)
    await provider.aclose()
    # A provider_map entry for the prefix still wins.
    custom = MultiProviderMap()
    custom.add_provider("litellm", LitellmProvider())
    routed = MultiProvider(provider_map=custom).get_model("litellm/openai/gpt-4o")
    assert isinstance(routed, LitellmModel) and routed.model == "openai/gpt-4o"
    # The default model, as upstream (gpt-5.6-luna).
    assert LitellmProvider().get_model(None).model == "gpt-5.6-luna"  # type: ignore[attr-defined]


def _run_python(code: str) -> str:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, check=True
    ).stdout.strip()


def test_without_litellm_the_error_names_the_extra() -> None:
    out = _run_python(
        """
        import sys
        sys.modules["litellm"] = None  # as if the package were not installed
        from agentkit.models.multi_provider import MultiProvider
        for attempt in (
            lambda: __import__("agentkit.extensions.models.litellm_model"),
            lambda: MultiProvider(openai_api_key="sk-x").get_model("litellm/openai/gpt-4.1"),
        ):
            try:
                attempt()
            except ImportError as exc:
                print(exc)
        print("openai" in sys.modules)
        """
    )
    lines = out.splitlines()
    assert len(lines) == 3
    assert all('pip install "agentkit[litellm]"' in line for line in lines[:2])
    assert lines[2] == "False"  # and nothing imported the openai package on the way


COMPROMISED = {"1.82.7", "1.82.8"}


def test_installed_litellm_is_not_a_compromised_release() -> None:
    from packaging.version import Version

    version = Version(metadata.version("litellm"))
    assert str(version) not in COMPROMISED
    assert Version("1.83.0") <= version < Version("2")  # the pin in pyproject.toml
    # 1.82.8 planted litellm_init.pth, which runs at every interpreter start.
    distribution = metadata.distribution("litellm")
    files = [str(f) for f in distribution.files or []]
    assert not [f for f in files if f.endswith(".pth")]
    site = Path(str(distribution.locate_file("")))
    assert not (site / "litellm_init.pth").exists()


def test_declared_pin_excludes_the_compromised_releases() -> None:
    from packaging.requirements import Requirement

    pins = [Requirement(r) for r in metadata.requires("agentkit") or []]
    litellm_pins = [r for r in pins if r.name == "litellm"]
    extras = sorted(str(r.marker) for r in litellm_pins)
    assert extras == ['extra == "dev"', 'extra == "litellm"']
    for requirement in litellm_pins:
        assert not any(requirement.specifier.contains(v) for v in COMPROMISED)
        assert requirement.specifier.contains(metadata.version("litellm"))


def test_tool_results_follow_their_calls_for_anthropic_and_gemini() -> None:
    from agentkit.litellm._messages import pair_tool_results

    def call(call_id: str) -> dict[str, Any]:
        return {"id": call_id, "type": "function", "function": {"name": "f", "arguments": "{}"}}

    messages: list[dict[str, Any]] = [
        {"role": "user", "content": "go"},
        {
            "role": "assistant",
            "content": "calling two",
            "reasoning_content": "why",
            "tool_calls": [call("a"), call("b")],
        },
        {"role": "tool", "tool_call_id": "b", "content": "B"},
        {"role": "user", "content": "interjection"},
        {"role": "tool", "tool_call_id": "a", "content": "A"},
        {"role": "tool", "tool_call_id": "orphan", "content": "?"},
    ]
    assert pair_tool_results(messages) == [
        {"role": "user", "content": "go"},
        {
            "role": "assistant",
            "content": "calling two",
            "reasoning_content": "why",
            "tool_calls": [call("a")],
        },
        {"role": "tool", "tool_call_id": "a", "content": "A"},
        {"role": "assistant", "tool_calls": [call("b")]},  # text and reasoning once only
        {"role": "tool", "tool_call_id": "b", "content": "B"},
        {"role": "user", "content": "interjection"},
        {"role": "tool", "tool_call_id": "orphan", "content": "?"},
    ]


def test_gemini_thought_signatures_move_to_provider_fields() -> None:
    from agentkit.litellm._messages import gemini_thought_signatures

    def call(call_id: str, signature: str | None = None) -> dict[str, Any]:
        tool_call: dict[str, Any] = {"id": call_id, "type": "function", "function": {}}
        if signature:
            tool_call["extra_content"] = {"google": {"thought_signature": signature}}
        return tool_call

    messages: list[dict[str, Any]] = [
        {"role": "assistant", "tool_calls": [call("old", "sig-old")]},
        {"role": "user", "content": "again"},
        {"role": "assistant", "tool_calls": [call("new", "sig-new"), call("unsigned")]},
    ]
    gemini_thought_signatures(messages)
    # Before the last user message nothing changes.
    assert messages[0]["tool_calls"] == [call("old", "sig-old")]
    new, unsigned = messages[2]["tool_calls"]
    assert new["provider_specific_fields"] == {"thought_signature": "sig-new"}
    assert "extra_content" not in new
    assert unsigned["provider_specific_fields"] == {
        "thought_signature": "skip_thought_signature_validator"
    }


def test_litellm_messages_convert_to_chat_messages() -> None:
    import litellm

    from agentkit.extensions.models.litellm_model import LitellmConverter

    message = litellm.Message(
        content=None,
        role="assistant",
        tool_calls=[
            {
                "id": "call_1__thought__abc",
                "type": "function",
                "function": {"name": "f", "arguments": '{"x":1}'},
                "provider_specific_fields": {"thought_signature": "sig"},
            }
        ],
        reasoning_content="thinking",
        provider_specific_fields={"refusal": None},
    )
    converted = LitellmConverter.convert_message_to_openai(message, model="gemini/gemini-2.5-pro")
    assert converted["reasoning_content"] == "thinking"
    assert converted["tool_calls"] == [
        {
            "id": "call_1",  # LiteLLM's Gemini suffix removed
            "type": "function",
            "function": {"name": "f", "arguments": '{"x":1}'},
            "extra_content": {"google": {"thought_signature": "sig"}},
        }
    ]
    with pytest.raises(ModelBehaviorError, match="Unsupported role: user"):
        LitellmConverter.convert_message_to_openai(litellm.Message(content="x", role="user"))


async def test_generation_span(openai_server: OpenAIServer) -> None:
    from agentkit.tracing import set_trace_processors, trace
    from agentkit.tracing.processor_interface import TracingProcessor

    class Recorder(TracingProcessor):
        def __init__(self) -> None:
            self.spans: list[Any] = []

        def on_trace_start(self, trace: Any) -> None: ...
        def on_trace_end(self, trace: Any) -> None: ...
        def on_span_start(self, span: Any) -> None: ...
        def on_span_end(self, span: Any) -> None:
            self.spans.append(span)

        def shutdown(self) -> None: ...
        def force_flush(self) -> None: ...

    recorder = Recorder()
    set_trace_processors([recorder])
    try:
        openai_server.queue(b.chat_text("ok", usage=b.chat_usage(12, 3)))
        openai_server.queue(b.chat_auto("streamed", usage=b.chat_usage(12, 3)))
        model = LitellmModel("openai/gpt-4.1", base_url=openai_server.base_url, api_key=KEY)
        settings = ModelSettings(temperature=0.1, include_usage=True)
        with trace("litellm test"):
            await model.get_response("Be nice.", "Hi", settings, [], None, [], ModelTracing.ENABLED)
            async for _ in model.stream_response(
                "Be nice.", "Hi", settings, [], None, [], ModelTracing.ENABLED
            ):
                pass
    finally:
        set_trace_processors([])
    span, streamed = [s for s in recorder.spans if s.span_data.type == "generation"]
    assert streamed.span_data.usage == span.span_data.usage
    assert streamed.span_data.output[0]["output"][0]["content"][0]["text"] == "streamed"
    assert streamed.error is None and span.error is None
    data = span.span_data
    assert data.model == "openai/gpt-4.1"
    assert data.model_config["model_impl"] == "litellm"
    assert data.model_config["temperature"] == 0.1
    assert data.model_config["base_url"] == openai_server.base_url
    assert data.input == [
        {"content": "Be nice.", "role": "system"},
        {"role": "user", "content": "Hi"},
    ]
    assert data.usage["input_tokens"] == 12 and data.usage["output_tokens"] == 3
    assert KEY not in json.dumps(span.export(), default=str)


async def test_example_runs_on_litellm(
    openai_server: OpenAIServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import importlib.util

    monkeypatch.setenv("AGENTKIT_LITELLM_MODEL", "openai/gpt-4.1")
    monkeypatch.setenv("AGENTKIT_LITELLM_BASE_URL", openai_server.base_url)
    monkeypatch.setenv("AGENTKIT_LITELLM_API_KEY", KEY)
    call = b.chat_tool_call("get_weather", {"city": "Tokyo"}, id="call_t")
    openai_server.queue(b.chat_tool_calls(call))
    openai_server.queue(b.chat_text("Clear Tokyo sky"))
    path = Path(__file__).resolve().parents[2] / "examples" / "litellm_model.py"
    spec = importlib.util.spec_from_file_location("litellm_model_example", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    await module.main()
    assert capsys.readouterr().out == "[debug] getting weather for Tokyo\nClear Tokyo sky\n"
    first, second = _bodies(openai_server)
    assert first["messages"][0] == {"role": "system", "content": "You only respond in haikus."}
    assert second["messages"][-1]["content"] == "The weather in Tokyo is sunny."


async def test_cancelled_stream_closes_its_connection(openai_server: OpenAIServer) -> None:
    import asyncio

    chunks = b.chat_stream_chunks("Hello there, this will hang", deltas=5, include_usage=False)
    openai_server.queue(SSEReply(events=chunks, hang_after=3))
    model = _model(openai_server)
    started = asyncio.Event()

    async def consume() -> None:
        async for event in model.stream_response(
            None, "Hi", ModelSettings(), [], None, [], ModelTracing.DISABLED
        ):
            if event.type == "response.output_text.delta":
                started.set()

    task = asyncio.create_task(consume())
    await asyncio.wait_for(started.wait(), 30)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    await _connections_closed(openai_server)


async def test_stream_left_early_closes_its_connection(openai_server: OpenAIServer) -> None:
    chunks = b.chat_stream_chunks("Hello there, this will hang", deltas=5, include_usage=False)
    openai_server.queue(SSEReply(events=chunks, hang_after=3))
    stream = _model(openai_server).stream_response(
        None, "Hi", ModelSettings(), [], None, [], ModelTracing.DISABLED
    )
    async for event in stream:
        if event.type == "response.output_text.delta":
            break
    await stream.aclose()  # type: ignore[attr-defined]
    await _connections_closed(openai_server)


async def _connections_closed(server: OpenAIServer) -> None:
    """Wait until the server's handler of the hanging stream has ended, which it does once the
    client closes the connection."""
    import asyncio

    handlers = server._handlers
    for _ in range(100):
        if not handlers:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"{len(handlers)} connection(s) still open")


async def test_blocked_model_requests_stop_litellm_too(openai_server: OpenAIServer) -> None:
    from agentkit.testing import ModelRequestsBlockedError, block_model_requests

    model = _model(openai_server)
    with block_model_requests():
        with pytest.raises(ModelRequestsBlockedError, match=r"openai/gpt-4\.1"):
            await model.get_response(
                None, "Hi", ModelSettings(), [], None, [], ModelTracing.DISABLED
            )
        with pytest.raises(ModelRequestsBlockedError):
            async for _ in model.stream_response(
                None, "Hi", ModelSettings(), [], None, [], ModelTracing.DISABLED
            ):
                pass
    assert openai_server.requests == []
