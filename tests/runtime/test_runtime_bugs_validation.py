"""Issue 17: a non-tool in `Agent(tools=...)` is a `UserError` naming the entry, at construction
(before the fix: an AttributeError from deep inside the first run); likewise every list field of
`Agent` and `RunConfig`, `function_tool(<not a function>)` and the fields of `ModelSettings`."""

from __future__ import annotations

from typing import Any

import pytest

from agentkit.agent import Agent
from agentkit.exceptions import UserError
from agentkit.guardrail import GuardrailFunctionOutput, input_guardrail, output_guardrail
from agentkit.handoffs import handoff
from agentkit.model_settings import ModelSettings
from agentkit.run_config import RunConfig
from agentkit.tool import WebSearchTool, function_tool


@function_tool
def ok_tool() -> str:
    """A tool."""
    return "ok"


def plain_function() -> str:
    return "x"


@pytest.mark.parametrize(
    ("entry", "hint"),
    [
        (object(), "got object"),
        ("web_search", "got str: 'web_search'"),
        (plain_function, "@function_tool"),
        (Agent(name="helper"), "agent.as_tool()"),
    ],
)
def test_non_tool_entry_is_a_user_error_naming_it(entry: Any, hint: str) -> None:
    with pytest.raises(UserError, match=r"Agent tools\[1\] must be a tool") as info:
        Agent(name="a", tools=[ok_tool, entry])
    assert hint in str(info.value)


def test_real_tools_are_accepted() -> None:
    helper = Agent(name="helper")
    agent = Agent(name="a", tools=[ok_tool, WebSearchTool(), helper.as_tool("h", "help")])
    assert len(agent.tools) == 3


# --- the other list fields of Agent and RunConfig, function_tool, ModelSettings -----------------


@input_guardrail
def in_guard(context: Any, agent: Any, data: Any) -> GuardrailFunctionOutput:
    return GuardrailFunctionOutput(output_info=None, tripwire_triggered=False)


@output_guardrail
def out_guard(context: Any, agent: Any, output: Any) -> GuardrailFunctionOutput:
    return GuardrailFunctionOutput(output_info=None, tripwire_triggered=False)


class DuckServer:
    """Not an agentkit.mcp class: the MCP server interface is duck-typed, as upstream's."""

    name = "duck"

    async def list_tools(self, *args: Any) -> list[Any]:
        return []

    async def call_tool(self, *args: Any) -> Any:
        return None


@pytest.mark.parametrize(
    ("field", "entry", "expected"),
    [
        ("handoffs", 1, r"Agent handoffs\[1\] must be an Agent or a Handoff.*got int: 1"),
        ("handoffs", "billing", r"handoffs\[1\] .*got str: 'billing'"),
        ("input_guardrails", 5, r"input_guardrails\[1\] must be an InputGuardrail.*got int"),
        ("input_guardrails", out_guard, r"input_guardrails\[1\] .*got OutputGuardrail"),
        ("output_guardrails", in_guard, r"output_guardrails\[1\] .*@output_guardrail"),
        ("mcp_servers", "filesystem", r"mcp_servers\[1\] must be an MCP server.*got str"),
        ("mcp_servers", DuckServer, r"mcp_servers\[1\] .*instance.*got type"),
        ("mcp_servers", None, r"mcp_servers\[1\] .*got NoneType"),
    ],
)
def test_agent_list_entries_are_checked(field: str, entry: Any, expected: str) -> None:
    good = {
        "handoffs": Agent(name="other"),
        "input_guardrails": in_guard,
        "output_guardrails": out_guard,
        "mcp_servers": DuckServer(),
    }[field]
    with pytest.raises(UserError, match=expected):
        Agent(name="a", **{field: [good, entry]})


class NamedServer:
    """A stand-in with only a name, as examples/visualization_agent_graph.py draws."""

    def __init__(self, name: str) -> None:
        self.name = name


class DuckGuardrail:
    """Not an InputGuardrail, but with its `run` method: duck typing is kept."""

    async def run(self, *args: Any) -> Any:
        return None


def test_agent_accepts_every_right_kind() -> None:
    other = Agent(name="other")
    agent = Agent(
        name="a",
        handoffs=[other, handoff(other, tool_name_override="to_other_again")],
        input_guardrails=[in_guard, DuckGuardrail()],
        output_guardrails=[out_guard, DuckGuardrail()],
        mcp_servers=[DuckServer(), NamedServer("files")],
    )
    assert len(agent.handoffs) == 2 and len(agent.mcp_servers) == 2


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"input_guardrails": 5}, r"RunConfig input_guardrails must be a list of InputGuardrail"),
        ({"input_guardrails": [in_guard, 5]}, r"RunConfig input_guardrails\[1\] must be an Inp"),
        ({"output_guardrails": [in_guard]}, r"output_guardrails\[0\] must be an OutputGuardrail"),
        ({"model_provider": "openai"}, r"RunConfig model_provider must be a ModelProvider"),
        ({"call_model_input_filter": 3}, r"RunConfig call_model_input_filter must be a function"),
        ({"handoff_input_filter": "all"}, r"RunConfig handoff_input_filter must be a function"),
    ],
)
def test_run_config_fields_are_checked(kwargs: dict[str, Any], expected: str) -> None:
    with pytest.raises(UserError, match=expected):
        RunConfig(**kwargs)


def test_run_config_accepts_guardrails_and_callbacks() -> None:
    config = RunConfig(
        input_guardrails=[in_guard],
        output_guardrails=[out_guard],
        call_model_input_filter=lambda data: data.model_data,
    )
    assert config.input_guardrails == [in_guard]


@pytest.mark.parametrize("value", [123, "get_weather", ["f"]])
def test_function_tool_of_a_non_function_is_a_user_error(value: Any) -> None:
    # Before: function_tool(123) returned the decorator, and the mistake surfaced much later.
    with pytest.raises(UserError, match=r"function_tool\(\) takes a function .*got "):
        function_tool(value)


def test_function_tool_without_a_function_is_still_a_decorator() -> None:
    decorate = function_tool(name_override="renamed")
    assert callable(decorate)
    assert decorate(plain_function).name == "renamed"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"temperature": "hot"}, r"ModelSettings temperature must be a number or None, got str"),
        ({"max_tokens": 1.5}, r"max_tokens must be an int"),
        ({"parallel_tool_calls": "maybe"}, r"parallel_tool_calls must be a bool"),
        ({"truncation": "sometimes"}, r"truncation must be one of 'auto', 'disabled'"),
        ({"verbosity": "loud"}, r"verbosity must be one of 'low'"),
        ({"metadata": ["k"]}, r"metadata must be a dict"),
        ({"extra_args": [1]}, r"extra_args must be a dict"),
        ({"response_include": "x"}, r"response_include must be a list"),
        ({"tool_choice": 5}, r"tool_choice must be"),
        ({"reasoning": "high"}, r"reasoning must be a Reasoning or a dict"),
    ],
)
def test_model_settings_rejects_what_upstream_rejects(
    kwargs: dict[str, Any], expected: str
) -> None:
    with pytest.raises(UserError, match=expected):
        ModelSettings(**kwargs)


def test_model_settings_converts_what_upstream_converts() -> None:
    # openai-agents 0.24's ModelSettings is a pydantic dataclass (lax mode): these are accepted
    # and converted, so the request carries the same values.
    settings = ModelSettings(
        temperature=1, top_p="0.5", max_tokens="12", parallel_tool_calls="yes", store=1
    )
    assert settings.temperature == 1.0 and isinstance(settings.temperature, float)
    assert (settings.top_p, settings.max_tokens) == (0.5, 12)
    assert settings.parallel_tool_calls is True and settings.store is True
    assert ModelSettings(max_tokens=7.0).max_tokens == 7
