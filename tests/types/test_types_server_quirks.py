"""Near-compatible servers: the recorded quirks corpus replayed through real agent runs.

Each fixture in tests/openai_server/quirks/ is an answer of a real OpenAI-compatible server
(llama.cpp, vLLM, Ollama, LM Studio, LiteLLM's proxy, Azure OpenAI, gateways), reduced from a public bug
report; corpus.json names the quirk and its source. The loopback server replays the bytes as
they are (SSE comments, `event:` lines and all) and a real agent run must produce the expected
answer, calling the expected tool first where the fixture asks for one.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from agentkit import Agent, Runner, function_tool
from agentkit.client import AsyncOpenAI
from agentkit.models.openai_chatcompletions import OpenAIChatCompletionsModel
from agentkit.models.openai_responses import OpenAIResponsesModel
from agentkit.run_config import RunConfig
from tests.openai_server import JSONReply, OpenAIServer, RawReply, SSEReply
from tests.openai_server import builders as b

QUIRKS = Path(__file__).parents[1] / "openai_server" / "quirks"
CORPUS: list[dict[str, Any]] = json.loads((QUIRKS / "corpus.json").read_text())["entries"]
PATHS = {"responses": "/responses", "chat": "/chat/completions"}


def test_corpus_is_complete_and_sourced() -> None:
    files = {p.name for p in QUIRKS.iterdir() if p.suffix in (".sse", ".json")} - {"corpus.json"}
    assert files == {entry["file"] for entry in CORPUS}
    for entry in CORPUS:
        assert entry["sources"] and all(s.startswith("https://") for s in entry["sources"])
        assert entry["quirks"]
    servers = " ".join(entry["server"] for entry in CORPUS)
    for name in ("llama.cpp", "vLLM", "Ollama", "LM Studio", "LiteLLM", "Azure"):
        assert name in servers
    kinds = {(entry["api"], entry["stream"]) for entry in CORPUS}
    assert kinds == {("chat", True), ("chat", False), ("responses", True), ("responses", False)}


def _reply(entry: dict[str, Any]) -> Any:
    data = (QUIRKS / entry["file"]).read_bytes()
    if entry["stream"]:
        return SSEReply(events=data)
    return RawReply(body=data, content_type="application/json")


def _follow_up(entry: dict[str, Any]) -> Any:
    if entry["api"] == "responses":
        if entry["stream"]:
            return b.stream_response_text("Paris is sunny.")
        return b.response_text("Paris is sunny.")
    if entry["stream"]:
        return b.stream_chat_text("Paris is sunny.")
    return b.chat_text("Paris is sunny.")


@pytest.mark.parametrize("entry", CORPUS, ids=[e["file"].rsplit(".", 1)[0] for e in CORPUS])
async def test_quirk_replayed_through_an_agent_run(
    entry: dict[str, Any], openai_server: OpenAIServer
) -> None:
    # The fixtures are real servers' answers, not spec-valid ones.
    openai_server.allow_failures = True
    calls: list[str] = []

    @function_tool
    def get_weather(city: str) -> str:
        """Weather for a city."""
        calls.append(city)
        return f"sunny in {city}"

    client = AsyncOpenAI(api_key="sk-local", base_url=openai_server.base_url, max_retries=0)
    model: Any = (
        OpenAIResponsesModel("local-model", client)
        if entry["api"] == "responses"
        else OpenAIChatCompletionsModel("local-model", client)
    )
    agent = Agent(name="weather", instructions="Answer briefly.", model=model, tools=[get_weather])
    path = PATHS[entry["api"]]
    openai_server.queue(_reply(entry), path=path)
    expect = entry["expect"]
    if "tool_call" in expect:
        openai_server.queue(_follow_up(entry), path=path)

    config = RunConfig(tracing_disabled=True)
    if entry["stream"]:
        result: Any = Runner.run_streamed(agent, "Weather in Paris?", run_config=config)
        async for _ in result.stream_events():
            pass
    else:
        result = await Runner.run(agent, "Weather in Paris?", run_config=config)

    assert result.final_output == expect["text"]
    if "tool_call" in expect:
        assert calls == [expect["tool_call"]["arguments"]["city"]]
        # The tool's answer went back to the server with the call id the server chose.
        follow_up = openai_server.requests[-1].json
        assert "sunny in Paris" in json.dumps(follow_up)
        if "call_id" in expect["tool_call"]:
            assert _answered_call_ids(follow_up) == [expect["tool_call"]["call_id"]]
    else:
        assert calls == []


def _answered_call_ids(request: dict[str, Any]) -> list[str]:
    """The call ids the tool outputs of a follow-up request answer (either API)."""
    if "messages" in request:
        return [m["tool_call_id"] for m in request["messages"] if m.get("role") == "tool"]
    items = request["input"] if isinstance(request.get("input"), list) else []
    return [i["call_id"] for i in items if i.get("type") == "function_call_output"]


@pytest.mark.parametrize("output", [None, [], "missing"], ids=["null", "empty", "missing"])
async def test_a_response_without_output_items_ends_the_run_empty(
    openai_server: OpenAIServer, output: Any
) -> None:
    """Deliberate (README): `output: null` or a missing `output` reads as `[]`; upstream raises
    a ValidationError for null and ends the run with "" for []."""
    body: dict[str, Any] = {"id": "resp_1", "object": "response", "status": "completed"}
    if output != "missing":
        body["output"] = output
    openai_server.allow_failures = True
    openai_server.queue(JSONReply(body=body), path="/responses")
    client = AsyncOpenAI(api_key="sk-local", base_url=openai_server.base_url, max_retries=0)
    agent = Agent(name="a", model=OpenAIResponsesModel("m", client))
    result = await Runner.run(agent, "hi", run_config=RunConfig(tracing_disabled=True))
    assert result.final_output == ""
    assert result.new_items == []
