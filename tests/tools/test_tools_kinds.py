"""The definition-side tool kinds through `Runner.run` / `Runner.run_streamed` against the
loopback OpenAI server: what goes on the wire, how calls are dispatched, the items produced,
and the configuration errors (upstream parity: test_tools_kinds_parity.py)."""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

import pytest
from pydantic import BaseModel

import agentkit as A
from agentkit.client import AsyncOpenAI
from agentkit.exceptions import UserError
from agentkit.items import ToolCallOutputItem
from tests.openai_server import OpenAIServer
from tests.openai_server import builders as b


class Customer(BaseModel):
    id: str
    vip: bool


def lookup_customer(customer_id: str) -> str:
    """Look up a customer."""
    return f"customer {customer_id}"


def list_orders(customer_id: str) -> str:
    """List a customer's orders."""
    return f"orders of {customer_id}"


def _config(server: OpenAIServer, chat: bool = False, **fields: Any) -> A.RunConfig:
    client = AsyncOpenAI(base_url=server.base_url, api_key="sk-test", max_retries=0)
    provider = A.OpenAIProvider(openai_client=client, use_responses=not chat)
    return A.RunConfig(model_provider=provider, tracing_disabled=True, **fields)


def _call(name: str, namespace: str | None = None, args: Any = None) -> dict[str, Any]:
    item = b.function_call_item(name, args or {"customer_id": "c1"}, call_id="call_1")
    if namespace is not None:
        item["namespace"] = namespace
    return item


def _queue(server: OpenAIServer, call: dict[str, Any], stream: bool = False) -> None:
    for output in ([call], [b.message_item("done")]):
        server.queue(b.stream_response(output) if stream else b.response_reply(output))


async def _run(agent: A.Agent[Any], config: A.RunConfig, stream: bool) -> Any:
    if not stream:
        return await A.Runner.run(agent, "hi", run_config=config)
    result = A.Runner.run_streamed(agent, "hi", run_config=config)
    async for _ in result.stream_events():
        pass
    return result


def _outputs(result: Any) -> list[Any]:
    return [i.raw_item["output"] for i in result.new_items if isinstance(i, ToolCallOutputItem)]


# --- tool name collisions ------------------------------------------------------------------------


async def test_colliding_tools_warn_and_the_last_one_is_sent_and_called(
    openai_server: OpenAIServer, caplog: pytest.LogCaptureFixture
) -> None:
    _queue(openai_server, _call("lookup_customer"))
    renamed = A.function_tool(list_orders, name_override="lookup_customer")
    agent = A.Agent(name="a", model="gpt-4.1", tools=[A.function_tool(lookup_customer), renamed])
    with caplog.at_level(logging.WARNING, logger="openai.agents"):
        result = await A.Runner.run(agent, "hi", run_config=_config(openai_server))
    assert _outputs(result) == ["orders of c1"]
    sent = openai_server.requests[0].json["tools"]
    assert [t["description"] for t in sent] == ["List a customer's orders."]
    assert "Tool name collision detected" in caplog.text  # tool data stays out of the log


@pytest.mark.parametrize("stream", [False, True])
async def test_error_policy_raises_before_the_model_is_called(
    openai_server: OpenAIServer, stream: bool
) -> None:
    other = A.Agent(name="Billing")
    agent = A.Agent(
        name="a",
        model="gpt-4.1",
        tools=[A.function_tool(lookup_customer)],
        handoffs=[A.handoff(other, tool_name_override="lookup_customer")],
    )
    config = _config(openai_server, tool_name_collision_policy="error")
    with pytest.raises(UserError) as error:
        await _run(agent, config, stream)
    assert str(error.value) == (
        "Ambiguous tool routing configuration: the tool name `lookup_customer` is used by both "
        "a function tool and a handoff. Assign a unique routed name to every colliding function "
        "tool and handoff with `name_override=`, `tool_name=`, `tool_name_override=`, or a "
        "namespace."
    )
    assert openai_server.requests == []


async def test_two_agents_deriving_one_handoff_name_are_named_in_the_error(
    openai_server: OpenAIServer,
) -> None:
    agent = A.Agent(
        name="a",
        model="gpt-4.1",
        handoffs=[A.handoff(A.Agent(name="Billing")), A.handoff(A.Agent(name="billing"))],
    )
    with pytest.raises(UserError, match="agents 'Billing' and 'billing' both derive the handoff"):
        await A.Runner.run(agent, "hi", run_config=_config(openai_server, **_error()))


def _error() -> dict[str, Any]:
    return {"tool_name_collision_policy": "error"}


def test_an_unknown_policy_is_rejected() -> None:
    with pytest.raises(ValueError, match="must be either 'warn' or 'error'"):
        A.RunConfig(tool_name_collision_policy="ignore")  # type: ignore[arg-type]


# --- tool_namespace and tool search ----------------------------------------------------------------


@pytest.mark.parametrize("stream", [False, True])
async def test_namespaced_tools_go_out_grouped_and_calls_dispatch_by_namespace(
    openai_server: OpenAIServer, stream: bool
) -> None:
    _queue(openai_server, _call("list_orders", "crm"), stream)
    crm = A.tool_namespace(
        name="crm",
        description="CRM tools",
        tools=[A.function_tool(lookup_customer), A.function_tool(list_orders)],
    )
    # A top-level tool with the same bare name must not receive the namespaced call.
    top = A.function_tool(lambda customer_id: "wrong tool", name_override="list_orders")
    agent = A.Agent(name="a", model="gpt-4.1", tools=[top, *crm, A.ToolSearchTool()])
    result = await _run(agent, _config(openai_server), stream)
    assert _outputs(result) == ["orders of c1"]
    tools = openai_server.requests[0].json["tools"]
    assert [t["type"] for t in tools] == ["function", "namespace", "tool_search"]
    assert tools[1]["name"] == "crm" and tools[1]["description"] == "CRM tools"
    assert [t["name"] for t in tools[1]["tools"]] == ["lookup_customer", "list_orders"]
    assert crm[0].qualified_name == "crm.lookup_customer"
    assert crm[0] is not None and crm[0]._tool_namespace == "crm"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"name": " ", "description": "d"}, "requires a non-empty namespace name"),
        ({"name": "crm", "description": ""}, "requires a non-empty description"),
        (
            {"name": "lookup_customer", "description": "d"},
            "reserves the synthetic namespace `lookup_customer.lookup_customer`",
        ),
    ],
)
def test_tool_namespace_rejects_bad_input(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(UserError, match=message):
        A.tool_namespace(tools=[A.function_tool(lookup_customer)], **kwargs)


async def test_deferred_tool_is_sent_with_defer_loading_and_reached_by_its_synthetic_namespace(
    openai_server: OpenAIServer,
) -> None:
    _queue(openai_server, _call("lookup_customer", "lookup_customer"))
    deferred = A.function_tool(lookup_customer, defer_loading=True)
    agent = A.Agent(
        name="a", model="gpt-4.1", tools=[deferred, A.ToolSearchTool(execution="server")]
    )
    result = await A.Runner.run(agent, "hi", run_config=_config(openai_server))
    assert _outputs(result) == ["customer c1"]
    tools = openai_server.requests[0].json["tools"]
    assert tools[0]["defer_loading"] is True
    assert tools[1] == {"type": "tool_search", "execution": "server"}


@pytest.mark.parametrize(
    ("tools", "message"),
    [
        (
            lambda: [A.function_tool(lookup_customer, defer_loading=True)],
            "require ToolSearchTool()",
        ),
        (lambda: [A.function_tool(lookup_customer), A.ToolSearchTool()], "searchable Responses"),
        (lambda: [A.ToolSearchTool(), A.ToolSearchTool()], "Only one ToolSearchTool()"),
    ],
)
async def test_tool_search_misconfiguration_fails_before_the_request(
    openai_server: OpenAIServer, tools: Any, message: str
) -> None:
    agent = A.Agent(name="a", model="gpt-4.1", tools=tools())
    with pytest.raises(UserError, match=message):
        await A.Runner.run(agent, "hi", run_config=_config(openai_server))
    assert openai_server.requests == []


# --- programmatic tool calling ----------------------------------------------------------------------


async def test_allowed_callers_and_the_programmatic_tool_go_on_the_wire(
    openai_server: OpenAIServer,
) -> None:
    openai_server.queue(b.response_text("done"))
    tool = A.function_tool(lookup_customer, allowed_callers=["direct", "programmatic"])
    agent = A.Agent(name="a", model="gpt-4.1", tools=[tool, A.ProgrammaticToolCallingTool()])
    await A.Runner.run(agent, "hi", run_config=_config(openai_server))
    tools = openai_server.requests[0].json["tools"]
    assert tools[0]["allowed_callers"] == ["direct", "programmatic"]
    assert tools[1] == {"type": "programmatic_tool_calling"}


@pytest.mark.parametrize(
    ("callers", "message"),
    [
        ([], "must be a non-empty list"),
        (["robot"], "unsupported caller 'robot'"),
        (["direct", "direct"], "duplicate caller 'direct'"),
    ],
)
def test_bad_allowed_callers_are_rejected(callers: Any, message: str) -> None:
    with pytest.raises(UserError, match=message):
        A.function_tool(lookup_customer, allowed_callers=callers)


# --- typed outputs and custom data ------------------------------------------------------------------


@pytest.mark.parametrize("stream", [False, True])
async def test_output_type_sends_its_schema_and_compact_json_output(
    openai_server: OpenAIServer, stream: bool
) -> None:
    def find_customer(customer_id: str) -> Customer:
        """Find a customer."""
        return Customer(id=customer_id, vip=True)

    _queue(openai_server, _call("find_customer"), stream)
    tool = A.function_tool(find_customer, output_type=Customer)
    agent = A.Agent(name="a", model="gpt-4.1", tools=[tool])
    result = await _run(agent, _config(openai_server), stream)
    assert _outputs(result) == ['{"id":"c1","vip":true}']
    schema = openai_server.requests[0].json["tools"][0]["output_schema"]
    assert schema["required"] == ["id", "vip"] and schema["additionalProperties"] is False
    assert openai_server.requests[1].json["input"][-1]["output"] == '{"id":"c1","vip":true}'


async def test_output_not_matching_output_type_becomes_the_tool_error_message(
    openai_server: OpenAIServer,
) -> None:
    _queue(openai_server, _call("bad"))
    tool = A.function_tool(
        lambda customer_id: {"id": customer_id}, name_override="bad", output_type=Customer
    )
    agent = A.Agent(name="a", model="gpt-4.1", tools=[tool])
    result = await A.Runner.run(agent, "hi", run_config=_config(openai_server))
    # The default error message, sent as is (the output schema does not apply to it).
    assert _outputs(result) == ["An error occurred while running the tool. Please try again."]
    assert openai_server.requests[1].json["input"][-1]["output"] == _outputs(result)[0]


def test_output_type_and_schema_are_exclusive_and_must_be_objects() -> None:
    with pytest.raises(UserError, match="cannot both be provided"):
        A.function_tool(lookup_customer, output_type=Customer, output_json_schema={})
    with pytest.raises(UserError, match="must define a strict JSON object schema"):
        A.function_tool(lookup_customer, output_type=int)
    with pytest.raises(UserError, match="must define a JSON object schema"):
        A.function_tool(lookup_customer, output_json_schema={"type": "string"})


async def test_custom_data_is_attached_to_the_item_and_never_sent(
    openai_server: OpenAIServer,
) -> None:
    _queue(openai_server, _call("lookup_customer"))

    async def extract(ctx: A.FunctionToolCustomDataContext) -> dict[str, Any]:
        return {"tool": ctx.tool.name, "call": ctx.tool_context.tool_call_id, "out": ctx.output}

    tool = A.function_tool(lookup_customer, custom_data_extractor=extract)
    agent = A.Agent(name="a", model="gpt-4.1", tools=[tool])
    result = await A.Runner.run(agent, "hi", run_config=_config(openai_server))
    [item] = [i for i in result.new_items if isinstance(i, ToolCallOutputItem)]
    assert item.custom_data == {"tool": "lookup_customer", "call": "call_1", "out": "customer c1"}
    assert "custom_data" not in json.dumps(openai_server.requests[1].json)


async def test_custom_data_that_is_not_json_is_a_user_error(openai_server: OpenAIServer) -> None:
    _queue(openai_server, _call("lookup_customer"))
    openai_server.allow_pending = True
    tool = A.function_tool(lookup_customer, custom_data_extractor=lambda ctx: {"x": object()})
    agent = A.Agent(name="a", model="gpt-4.1", tools=[tool])
    with pytest.raises(UserError, match="must return JSON-compatible data"):
        await A.Runner.run(agent, "hi", run_config=_config(openai_server))


# --- Responses-only features on Chat Completions ---------------------------------------------------


async def test_responses_only_features_are_rejected_on_chat_completions(
    openai_server: OpenAIServer,
) -> None:
    tool = A.function_tool(lookup_customer, output_json_schema={"type": "object"})
    assert A.tool.get_function_tool_responses_only_features(tool) == ("output_json_schema",)
    agent = A.Agent(name="a", model="gpt-4.1", tools=[tool])
    with pytest.raises(UserError) as error:
        await A.Runner.run(agent, "hi", run_config=_config(openai_server, chat=True))
    assert str(error.value) == (
        "The following function-tool features are only supported with OpenAI Responses "
        "models: output_json_schema. Tool `lookup_customer` cannot be used with "
        "Chat Completions-compatible models."
    )


# --- Agent.as_tool(on_stream_max_pending_events=...) -----------------------------------------------


@pytest.mark.parametrize("limit", [0, -1, True])
def test_on_stream_max_pending_events_must_be_positive_or_none(limit: Any) -> None:
    with pytest.raises(UserError, match="must be a positive integer or None"):
        A.Agent(name="sub").as_tool("t", "d", on_stream_max_pending_events=limit)


async def test_a_stalled_on_stream_callback_fails_the_agent_tool_past_the_backlog_limit(
    openai_server: OpenAIServer,
) -> None:
    stalled = asyncio.Event()  # never set: the callback stalls on the first event
    received: list[Any] = []

    async def on_stream(event: Any) -> None:
        received.append(event)
        await stalled.wait()

    sub = A.Agent(name="Translator", model="gpt-4.1")
    tool = sub.as_tool(
        "translate", "Translates", on_stream=on_stream, on_stream_max_pending_events=2
    )
    main = A.Agent(name="main", model="gpt-4.1", tools=[tool])
    openai_server.queue(b.response_reply([_call("translate", args={"input": "x"})]))
    openai_server.queue(b.stream_response([b.message_item("hola")], deltas=5))
    openai_server.queue(b.response_text("done"))
    result = await A.Runner.run(main, "hi", run_config=_config(openai_server))
    assert result.final_output == "done"
    assert _outputs(result) == ["An error occurred while running the tool. Please try again."]
    assert len(received) == 1
    # Without a failure_error_function the overflow itself surfaces.
    raising = sub.as_tool(
        "translate",
        "Translates",
        on_stream=on_stream,
        on_stream_max_pending_events=2,
        failure_error_function=None,
    )
    openai_server.queue(b.response_reply([_call("translate", args={"input": "x"})]))
    openai_server.queue(b.stream_response([b.message_item("hola")], deltas=5))
    with pytest.raises(UserError, match="backlog exceeded on_stream_max_pending_events=2"):
        await A.Runner.run(main.clone(tools=[raising]), "hi", run_config=_config(openai_server))


async def test_without_a_limit_a_slow_callback_sees_every_event(
    openai_server: OpenAIServer,
) -> None:
    received: list[Any] = []

    async def on_stream(event: Any) -> None:
        await asyncio.sleep(0)
        received.append(event["event"].type)

    sub = A.Agent(name="Translator", model="gpt-4.1")
    tool = sub.as_tool(
        "translate", "Translates", on_stream=on_stream, on_stream_max_pending_events=None
    )
    main = A.Agent(name="main", model="gpt-4.1", tools=[tool])
    openai_server.queue(b.response_reply([_call("translate", args={"input": "x"})]))
    openai_server.queue(b.stream_response([b.message_item("hola")], deltas=5))
    openai_server.queue(b.response_text("done"))
    result = await A.Runner.run(main, "hi", run_config=_config(openai_server))
    assert _outputs(result) == ["hola"]
    assert received[0] == "agent_updated_stream_event"
    assert received.count("raw_response_event") > 5


# --- CustomTool -------------------------------------------------------------------------------------


def _custom_call(name: str) -> dict[str, Any]:
    return {
        "type": "custom_tool_call",
        "id": "ctc_1",
        "call_id": "call_c",
        "name": name,
        "input": "select 1",
        "status": "completed",
    }


@pytest.mark.parametrize("stream", [False, True])
async def test_custom_tool_gets_the_raw_input_and_answers_with_a_custom_output(
    openai_server: OpenAIServer, stream: bool
) -> None:
    seen: list[tuple[str, str]] = []

    def run_sql(ctx: Any, text: str) -> int:
        seen.append((ctx.tool_name, text))
        return 42

    tool = A.CustomTool(name="run_sql", description="Run SQL", on_invoke_tool=run_sql)
    _queue(openai_server, _custom_call("run_sql"), stream)
    agent = A.Agent(name="a", model="gpt-4.1", tools=[tool])
    result = await _run(agent, _config(openai_server), stream)
    assert seen == [("run_sql", "select 1")]
    assert _outputs(result) == ["42"]
    assert openai_server.requests[0].json["tools"] == [
        {"type": "custom", "name": "run_sql", "description": "Run SQL"}
    ]
    assert openai_server.requests[1].json["input"][-1] == {
        "type": "custom_tool_call_output",
        "call_id": "call_c",
        "output": "42",
    }


async def test_a_call_to_an_unknown_custom_tool_is_a_model_behavior_error(
    openai_server: OpenAIServer,
) -> None:
    openai_server.queue(b.response_reply([_custom_call("nope")]))
    agent = A.Agent(name="a", model="gpt-4.1")
    with pytest.raises(A.ModelBehaviorError, match="Tool nope not found in agent a"):
        await A.Runner.run(agent, "hi", run_config=_config(openai_server))


def test_custom_tool_approvals_are_refused_clearly() -> None:
    with pytest.raises(UserError, match="needs_approval and on_approval are not supported"):
        A.CustomTool(name="t", description="d", on_invoke_tool=str, needs_approval=True)


def test_run_state_snapshots_keep_tool_search_items_and_custom_data() -> None:
    from agentkit._run_state_codec import decode_item, encode_item
    from agentkit.items import ToolSearchCallItem

    agent = A.Agent(name="a")

    class Agents:
        def named(self, data: Any) -> Any:
            return agent

    search = ToolSearchCallItem(
        agent=agent,
        raw_item={"type": "tool_search_call", "id": "ts", "call_id": "c", "arguments": {}},
    )
    output = ToolCallOutputItem(
        agent=agent,
        raw_item={"type": "function_call_output", "call_id": "c", "output": "x"},
        output="x",
        custom_data={"k": 1},
    )
    decoded = [
        decode_item(json.loads(json.dumps(encode_item(i))), Agents()) for i in (search, output)
    ]  # type: ignore[arg-type]
    assert isinstance(decoded[0], ToolSearchCallItem)
    assert decoded[0].to_input_item()["type"] == "tool_search_call"  # type: ignore[index]
    assert isinstance(decoded[1], ToolCallOutputItem) and decoded[1].custom_data == {"k": 1}
