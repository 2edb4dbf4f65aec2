"""Model calls whose request bodies must match openai-agents 0.24 field for field.

This file runs under both interpreters: with `agentkit` (the tests) and with `agents` + `openai`
(/opt/ref/bin/python, to record the fixtures; see data/README.md). It only uses API names the two
packages share, so each scenario builds the same call from either package.

    python parity_scenarios.py <agents|agentkit> <base_url>   # run every scenario once, in order
"""

from __future__ import annotations

import asyncio
import importlib
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

try:
    import httpx
except ImportError:  # the reference interpreter's openai is built on the httpx2 fork
    import httpx2 as httpx  # type: ignore[no-redef]


class Weather(BaseModel):
    city: str
    temperature_c: float


@dataclass
class Scenario:
    name: str
    api: str  # "responses" or "chat"
    stream: bool
    build: Callable[[Any], dict[str, Any]]
    model: str = "gpt-4.1"
    official: bool = False
    """Call through a client whose base URL is the official https://api.openai.com/v1 (its
    requests are routed to the loopback server)."""
    run_config: dict[str, Any] | None = None
    """Make the call through `Runner` with these `RunConfig` fields, not on the model directly."""


class NS:
    """The shared API surface of one package (`agents` or `agentkit`)."""

    def __init__(self, package: str) -> None:
        mod = lambda name: importlib.import_module(f"{package}.{name}")  # noqa: E731
        self.package = package
        tool = mod("tool")
        for name in (
            "function_tool",
            "WebSearchTool",
            "FileSearchTool",
            "HostedMCPTool",
            "ImageGenerationTool",
            "CodeInterpreterTool",
            "LocalShellTool",
            "ComputerTool",
        ):
            setattr(self, name, getattr(tool, name))
        settings = mod("model_settings")
        self.ModelSettings = settings.ModelSettings
        self.MCPToolChoice = settings.MCPToolChoice
        self.Agent = mod("agent").Agent
        self.Runner = mod("run").Runner
        self.RunConfig = mod("run_config").RunConfig
        self.handoff = mod("handoffs").handoff
        self.AgentOutputSchema = mod("agent_output").AgentOutputSchema
        self.AsyncComputer = mod("computer").AsyncComputer
        self.ModelTracing = mod("models.interface").ModelTracing
        self.OpenAIResponsesModel = mod("models.openai_responses").OpenAIResponsesModel
        self.OpenAIChatCompletionsModel = mod(
            "models.openai_chatcompletions"
        ).OpenAIChatCompletionsModel
        shared = importlib.import_module(
            "openai.types.shared" if package == "agents" else "agentkit.types.shared"
        )
        self.Reasoning = shared.Reasoning
        if package == "agents":
            import openai

            self.client_class = openai.AsyncOpenAI
        else:
            from agentkit.client import AsyncOpenAI

            self.client_class = AsyncOpenAI

    def weather_tool(self) -> Any:
        def get_weather(city: str, unit: str = "c") -> str:
            """Get the weather for a city.

            Args:
                city: The city name.
                unit: c or f.
            """
            return f"sunny in {city}"

        return self.function_tool(get_weather)

    def loose_tool(self) -> Any:
        def lookup(query: str, limit: int = 3) -> str:
            """Look something up."""
            return query

        return self.function_tool(lookup, strict_mode=False)

    def computer(self, environment: str = "browser", size: tuple[int, int] = (1024, 768)) -> Any:
        async def _noop(self: Any, *args: Any, **kwargs: Any) -> Any:
            return ""

        methods = dict.fromkeys(self.AsyncComputer.__abstractmethods__, _noop)
        methods["environment"] = property(lambda self: environment)
        methods["dimensions"] = property(lambda self: size)
        cls = type("FakeComputer", (self.AsyncComputer,), methods)
        return cls()

    def billing_handoff(self) -> Any:
        return self.handoff(self.Agent(name="Billing agent", handoff_description="Pays bills."))


HISTORY: list[dict[str, Any]] = [
    {"role": "user", "content": "What's the weather in Paris?"},
    {
        "id": "rs_1",
        "type": "reasoning",
        "summary": [{"type": "summary_text", "text": "Need the weather tool."}],
    },
    {
        "id": "fc_1",
        "type": "function_call",
        "call_id": "call_1",
        "name": "get_weather",
        "arguments": '{"city":"Paris","unit":"c"}',
        "status": "completed",
    },
    {"type": "function_call_output", "call_id": "call_1", "output": "sunny in Paris"},
    {
        "id": "msg_1",
        "type": "message",
        "role": "assistant",
        "status": "completed",
        "content": [
            {"type": "output_text", "text": "It is sunny.", "annotations": [], "logprobs": []}
        ],
    },
    {
        "role": "user",
        "content": [
            {"type": "input_text", "text": "And this picture?"},
            {"type": "input_image", "image_url": "https://example.com/a.png", "detail": "low"},
        ],
    },
]

CHAT_HISTORY: list[dict[str, Any]] = [
    {"role": "developer", "content": "Be brief."},
    {"role": "user", "content": "What's the weather in Paris and Rome?"},
    {
        "id": "__fake_id__",
        "type": "function_call",
        "call_id": "call_1",
        "name": "get_weather",
        "arguments": '{"city":"Paris","unit":"c"}',
    },
    {
        "id": "__fake_id__",
        "type": "function_call",
        "call_id": "call_2",
        "name": "get_weather",
        "arguments": "",
    },
    {"type": "function_call_output", "call_id": "call_1", "output": "sunny in Paris"},
    {
        "type": "function_call_output",
        "call_id": "call_2",
        "output": [{"type": "input_text", "text": "rainy in Rome"}],
    },
    {
        "id": "__fake_id__",
        "type": "message",
        "role": "assistant",
        "status": "completed",
        "content": [{"type": "refusal", "refusal": "I can't say more."}],
    },
    {
        "role": "user",
        "content": [
            {"type": "input_text", "text": "Read this file."},
            {
                "type": "input_file",
                "file_data": "data:application/pdf;base64,AAAA",
                "filename": "a.pdf",
            },
            {"type": "input_image", "image_url": "data:image/png;base64,AAAA"},
        ],
    },
]


def _base(ns: Any, **overrides: Any) -> dict[str, Any]:
    call: dict[str, Any] = {
        "system_instructions": "You are helpful.",
        "input": "Hello",
        "model_settings": ns.ModelSettings(),
        "tools": [],
        "output_schema": None,
        "handoffs": [],
    }
    call.update(overrides)
    return call


def _settings(**fields: Any) -> Callable[[Any], dict[str, Any]]:
    def build(ns: Any) -> dict[str, Any]:
        values = dict(fields)
        if "reasoning" in values:
            values["reasoning"] = ns.Reasoning(**values["reasoning"])
        return _base(ns, model_settings=ns.ModelSettings(**values), tools=[ns.weather_tool()])

    return build


def _tools(*names: str, **extra: Any) -> Callable[[Any], dict[str, Any]]:
    def build(ns: Any) -> dict[str, Any]:
        tools: list[Any] = []
        for name in names:
            if name == "function":
                tools.append(ns.weather_tool())
            elif name == "loose_function":
                tools.append(ns.loose_tool())
            elif name == "web_search":
                tools.append(
                    ns.WebSearchTool(
                        user_location={"type": "approximate", "city": "Paris", "country": "FR"},
                        search_context_size="high",
                    )
                )
            elif name == "web_search_filters":
                tools.append(
                    ns.WebSearchTool(
                        filters={"allowed_domains": ["example.com"]},
                        external_web_access=False,
                    )
                )
            elif name == "file_search":
                tools.append(
                    ns.FileSearchTool(
                        vector_store_ids=["vs_1"],
                        max_num_results=5,
                        include_search_results=True,
                        ranking_options={"ranker": "auto", "score_threshold": 0.5},
                        filters={"type": "eq", "key": "lang", "value": "en"},
                    )
                )
            elif name == "hosted_mcp":
                tools.append(
                    ns.HostedMCPTool(
                        tool_config={
                            "type": "mcp",
                            "server_label": "docs",
                            "server_url": "https://example.com/mcp",
                            "require_approval": "never",
                        }
                    )
                )
            elif name == "image_generation":
                tools.append(
                    ns.ImageGenerationTool(
                        tool_config={"type": "image_generation", "quality": "low"}
                    )
                )
            elif name == "code_interpreter":
                tools.append(
                    ns.CodeInterpreterTool(
                        tool_config={"type": "code_interpreter", "container": {"type": "auto"}}
                    )
                )
            elif name == "local_shell":
                tools.append(ns.LocalShellTool(executor=lambda request: "ok"))
            elif name == "computer":
                tools.append(ns.ComputerTool(computer=ns.computer()))
        return _base(ns, tools=tools, **extra)

    return build


def _with_handoff(ns: Any) -> dict[str, Any]:
    return _base(ns, tools=[ns.weather_tool()], handoffs=[ns.billing_handoff()])


def _structured(ns: Any) -> dict[str, Any]:
    return _base(ns, output_schema=ns.AgentOutputSchema(Weather))


def _structured_verbose(ns: Any) -> dict[str, Any]:
    return _base(
        ns,
        output_schema=ns.AgentOutputSchema(Weather),
        model_settings=ns.ModelSettings(verbosity="low"),
    )


def _loose_structured(ns: Any) -> dict[str, Any]:
    return _base(ns, output_schema=ns.AgentOutputSchema(dict[str, int], strict_json_schema=False))


def _mcp_choice(ns: Any) -> dict[str, Any]:
    call = _tools("hosted_mcp")(ns)
    call["model_settings"] = ns.ModelSettings(
        tool_choice=ns.MCPToolChoice(server_label="docs", name="search")
    )
    return call


def _file_search_choice(ns: Any) -> dict[str, Any]:
    call = _tools("file_search")(ns)
    call["model_settings"] = ns.ModelSettings(tool_choice="file_search")
    return call


def _history(ns: Any) -> dict[str, Any]:
    return _base(ns, input=HISTORY, tools=[ns.weather_tool()])


def _chat_history(ns: Any) -> dict[str, Any]:
    return _base(ns, input=CHAT_HISTORY, tools=[ns.weather_tool()])


def _prompt(ns: Any) -> dict[str, Any]:
    return _base(
        ns,
        system_instructions=None,
        prompt={"id": "pmpt_1", "version": "2", "variables": {"city": "Paris"}},
    )


def _extras(ns: Any) -> dict[str, Any]:
    return _base(
        ns,
        model_settings=ns.ModelSettings(
            extra_query={"api-version": "2025-01-01"},
            extra_body={"service_tier": "flex", "user": "u-1"},
            extra_headers={"X-Custom": "yes"},
            extra_args={"safety_identifier": "sid-1", "prompt_cache_key": "k1"},
        ),
    )


RESPONSES_SETTINGS: dict[str, dict[str, Any]] = {
    "temperature_top_p": {"temperature": 0.2, "top_p": 0.9},
    "penalties": {"frequency_penalty": 0.5, "presence_penalty": -0.5},
    "tool_choice_auto": {"tool_choice": "auto"},
    "tool_choice_required": {"tool_choice": "required"},
    "tool_choice_none": {"tool_choice": "none"},
    "tool_choice_named": {"tool_choice": "get_weather"},
    "parallel_true": {"parallel_tool_calls": True},
    "parallel_false": {"parallel_tool_calls": False},
    "truncation": {"truncation": "auto"},
    "max_tokens": {"max_tokens": 256},
    "reasoning": {"reasoning": {"effort": "low", "summary": "auto"}},
    "verbosity": {"verbosity": "high"},
    "metadata": {"metadata": {"team": "a", "run": "1"}},
    "store_false": {"store": False},
    "store_true": {"store": True},
    "include": {"response_include": ["reasoning.encrypted_content", "file_search_call.results"]},
    "top_logprobs": {"top_logprobs": 3},
    "prompt_cache_retention": {"prompt_cache_retention": "24h"},
    "include_usage": {"include_usage": True},
}

SCENARIOS: list[Scenario] = []
for _api in ("responses", "chat"):
    for _stream in (False, True):
        _suffix = f"{_api}{'_stream' if _stream else ''}"
        SCENARIOS.append(Scenario(f"text_{_suffix}", _api, _stream, lambda ns: _base(ns)))
        SCENARIOS.append(
            Scenario(
                f"function_tool_{_suffix}", _api, _stream, _tools("function", "loose_function")
            )
        )
        SCENARIOS.append(Scenario(f"handoff_{_suffix}", _api, _stream, _with_handoff))
        SCENARIOS.append(Scenario(f"structured_{_suffix}", _api, _stream, _structured))
        SCENARIOS.append(
            Scenario(f"structured_verbosity_{_suffix}", _api, _stream, _structured_verbose)
        )
        SCENARIOS.append(Scenario(f"loose_structured_{_suffix}", _api, _stream, _loose_structured))
        SCENARIOS.append(Scenario(f"extras_{_suffix}", _api, _stream, _extras))
        for _name, _fields in RESPONSES_SETTINGS.items():
            SCENARIOS.append(
                Scenario(f"settings_{_name}_{_suffix}", _api, _stream, _settings(**_fields))
            )
    SCENARIOS.append(
        Scenario(f"history_{_api}", _api, False, _history if _api == "responses" else _chat_history)
    )

for _tool in (
    "web_search",
    "web_search_filters",
    "file_search",
    "hosted_mcp",
    "image_generation",
    "code_interpreter",
    "local_shell",
    "computer",
):
    SCENARIOS.append(Scenario(f"tool_{_tool}_responses", "responses", False, _tools(_tool)))
SCENARIOS += [
    Scenario(
        "tool_computer_preview_responses",
        "responses",
        False,
        _tools("computer"),
        "computer-use-preview",
    ),
    Scenario("tool_choice_mcp_responses", "responses", False, _mcp_choice),
    Scenario(
        "previous_response_id_responses",
        "responses",
        False,
        lambda ns: _base(ns, previous_response_id="resp_prev"),
    ),
    Scenario(
        "conversation_id_responses",
        "responses",
        True,
        lambda ns: _base(ns, conversation_id="conv_1"),
    ),
    Scenario("prompt_responses", "responses", False, _prompt),
    Scenario("tool_choice_file_search_responses", "responses", False, _file_search_choice),
]


# The runner adds a generated prompt_cache_key only for models on the official endpoint; a key
# the caller sets is kept.
for _api in ("responses", "chat"):
    for _stream in (False, True):
        _suffix = f"{_api}{'_stream' if _stream else ''}"
        SCENARIOS += [
            Scenario(
                f"text_official_{_suffix}", _api, _stream, lambda ns: _base(ns), official=True
            ),
            Scenario(
                f"runner_group_{_suffix}",
                _api,
                _stream,
                lambda ns: _base(ns),
                run_config={"group_id": "group-1"},
            ),
            Scenario(
                f"runner_group_official_{_suffix}",
                _api,
                _stream,
                lambda ns: _base(ns),
                official=True,
                run_config={"group_id": "group-1"},
            ),
        ]
    SCENARIOS += [
        Scenario(
            f"runner_official_{_api}",
            _api,
            False,
            lambda ns: _base(ns),
            official=True,
            run_config={},
        ),
        Scenario(
            f"runner_own_key_official_{_api}",
            _api,
            False,
            lambda ns: _base(
                ns, model_settings=ns.ModelSettings(extra_args={"prompt_cache_key": "mine"})
            ),
            official=True,
            run_config={"group_id": "group-1"},
        ),
    ]


class _ToLoopback(httpx.AsyncBaseTransport):
    """Sends every request to the loopback server, whatever host the client addressed."""

    def __init__(self, base_url: str) -> None:
        self._target = httpx.URL(base_url)
        self._inner = httpx.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        request.url = request.url.copy_with(
            scheme=self._target.scheme, host=self._target.host, port=self._target.port
        )
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self._inner.aclose()


def make_model(ns: Any, scenario: Scenario, client: Any) -> Any:
    if scenario.api == "responses":
        return ns.OpenAIResponsesModel(scenario.model, client)
    return ns.OpenAIChatCompletionsModel(scenario.model, client)


async def run_scenario(ns: Any, scenario: Scenario, client: Any) -> Any:
    """Make the scenario's one model call; return the ModelResponse or the last stream event."""
    if not scenario.official:
        return await _run_call(ns, scenario, client)
    async with httpx.AsyncClient(transport=_ToLoopback(str(client.base_url))) as http_client:
        official = ns.client_class(
            base_url="https://api.openai.com/v1", api_key="sk-test", http_client=http_client
        )
        return await _run_call(ns, scenario, official)


async def _run_call(ns: Any, scenario: Scenario, client: Any) -> Any:
    call = scenario.build(ns)
    model = make_model(ns, scenario, client)
    if scenario.run_config is not None:
        agent = ns.Agent(
            name="Assistant",
            instructions=call["system_instructions"],
            model=model,
            model_settings=call["model_settings"],
        )
        config = ns.RunConfig(tracing_disabled=True, **scenario.run_config)
        if not scenario.stream:
            return await ns.Runner.run(agent, call["input"], run_config=config)
        result = ns.Runner.run_streamed(agent, call["input"], run_config=config)
        async for _ in result.stream_events():
            pass
        return result
    args = (
        call["system_instructions"],
        call["input"],
        call["model_settings"],
        call["tools"],
        call["output_schema"],
        call["handoffs"],
        ns.ModelTracing.DISABLED,
    )
    kwargs = {
        "previous_response_id": call.get("previous_response_id"),
        "conversation_id": call.get("conversation_id"),
        "prompt": call.get("prompt"),
    }
    if not scenario.stream:
        return await model.get_response(*args, **kwargs)
    last = None
    async for event in model.stream_response(*args, **kwargs):
        last = event
    return last


async def _main(package: str, base_url: str) -> None:
    ns = NS(package)
    client = ns.client_class(base_url=base_url, api_key="sk-test")
    outcome = []
    for scenario in SCENARIOS:
        try:
            await run_scenario(ns, scenario, client)
            outcome.append([scenario.name, "ok"])
        except Exception as e:  # recorded, so the recorder can tell which request is whose
            outcome.append([scenario.name, f"{type(e).__name__}: {e}"])
    print(json.dumps(outcome))


if __name__ == "__main__":
    asyncio.run(_main(sys.argv[1], sys.argv[2]))
