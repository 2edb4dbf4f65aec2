"""Agent programs using the definition-side tool kinds (tool search and `defer_loading`,
`tool_namespace`, programmatic tool calling, `output_type` / `output_json_schema`,
`custom_data_extractor`, `RunConfig.tool_name_collision_policy`), written against the `agents`
API so each runs on upstream `agents` 0.24 (under /opt/ref/bin/python) and on agentkit alike
(only the imports differ). Prints what the run produced as JSON: the new items as model input,
their custom data, the final output or the error, and the stream event names.

    python tests/tools/tool_kinds_program.py '{"lib": "agentkit", "base_url": "...", ...}'
"""

from __future__ import annotations

import asyncio
import importlib
import json
import logging
import sys
from typing import Any

from pydantic import BaseModel


class Customer(BaseModel):
    id: str
    vip: bool


def _client(lib: str, base_url: str) -> Any:
    if lib == "agents":
        from openai import AsyncOpenAI
    else:
        from agentkit.client import AsyncOpenAI
    return AsyncOpenAI(base_url=base_url, api_key="sk-test", max_retries=0)


def _tools(A: Any, scenario: str) -> tuple[list[Any], list[Any]]:
    """(tools, handoffs) of the scenario's agent."""

    def lookup_customer(customer_id: str) -> str:
        """Look up a customer."""
        return f"customer {customer_id}"

    def list_orders(customer_id: str) -> str:
        """List a customer's orders."""
        return f"orders of {customer_id}"

    other = A.Agent(name="Billing", instructions="bill")
    plain = A.function_tool(lookup_customer)
    if scenario in ("namespace", "searched"):
        crm = A.tool_namespace(
            name="crm",
            description="CRM tools",
            tools=[A.function_tool(lookup_customer), A.function_tool(list_orders)],
        )
        return [A.function_tool(list_orders), *crm, A.ToolSearchTool()], []
    if scenario == "deferred":
        deferred = A.function_tool(lookup_customer, defer_loading=True)
        return [deferred, A.ToolSearchTool(description="Find tools")], []
    if scenario == "deferred_without_search":
        return [A.function_tool(lookup_customer, defer_loading=True)], []
    if scenario == "search_without_surface":
        return [plain, A.ToolSearchTool()], []
    if scenario == "programmatic":
        tool = A.function_tool(lookup_customer, allowed_callers=["direct", "programmatic"])
        return [tool, A.ProgrammaticToolCallingTool()], []
    if scenario in ("program", "program_caller_not_allowed"):

        def lookup_raw(customer_id: str):  # type: ignore[no-untyped-def]
            """Look up a customer's record."""
            return {"id": customer_id, "orders": [1, 2]}

        callers = ["programmatic"] if scenario == "program" else ["direct"]
        tool = A.function_tool(lookup_raw, allowed_callers=callers)
        other = A.function_tool(list_orders, allowed_callers=["programmatic"])
        return [tool, other, A.ProgrammaticToolCallingTool()], []
    if scenario == "programmatic_only_without_tool":
        return [A.function_tool(lookup_customer, allowed_callers=["programmatic"])], []
    if scenario == "output_type":

        def find_customer(customer_id: str) -> Customer:
            """Find a customer."""
            return Customer(id=customer_id, vip=True)

        return [A.function_tool(find_customer, output_type=Customer)], []
    if scenario == "output_type_mismatch":

        def find_customer(customer_id: str) -> Any:
            """Find a customer."""
            return {"id": customer_id}

        return [A.function_tool(find_customer, output_type=Customer)], []
    if scenario == "output_json_schema":
        schema = {"type": "object", "properties": {"id": {"type": "string"}}, "required": ["id"]}

        def find_id(customer_id: str) -> dict[str, str]:
            """Find an id."""
            return {"id": customer_id}

        return [A.function_tool(find_id, output_json_schema=schema)], []
    if scenario == "custom_data":
        tool = A.function_tool(
            lookup_customer,
            custom_data_extractor=lambda ctx: {"tool": ctx.tool.name, "output": ctx.output},
        )
        return [tool], []
    if scenario in ("custom", "custom_error"):

        async def run_sql(ctx: Any, text: str) -> str:
            if scenario == "custom_error":
                raise RuntimeError(f"bad query: {text}")
            return f"rows for {text} ({ctx.tool_name})"

        tool = A.CustomTool(
            name="run_sql",
            description="Run SQL",
            on_invoke_tool=run_sql,
            format={"type": "grammar", "syntax": "lark", "definition": "start: /.+/"},
            custom_data_extractor=lambda ctx: {"input": ctx.input, "output": ctx.output},
        )
        return [tool], []
    if scenario.startswith("collision_tools"):
        return [plain, A.function_tool(list_orders, name_override="lookup_customer")], []
    if scenario.startswith("collision_handoff"):
        return [plain], [A.handoff(other, tool_name_override="lookup_customer")]
    if scenario.startswith("collision_agents"):
        first = A.Agent(name="Billing", instructions="bill")
        second = A.Agent(name="billing", instructions="bill")
        return [], [A.handoff(first), A.handoff(second)]
    raise ValueError(scenario)


def _item_view(item: Any) -> dict[str, Any]:
    raw = item.to_input_item()
    view = {"type": item.type, "raw": json.loads(json.dumps(raw, default=str))}
    custom_data = getattr(item, "custom_data", None)
    if custom_data is not None:
        view["custom_data"] = custom_data
    for key in ("id",):
        if isinstance(view["raw"], dict):
            view["raw"].pop(key, None)
    return view


async def run(spec: dict[str, Any]) -> dict[str, Any]:
    lib = spec["lib"]
    A = importlib.import_module(lib)
    scenario = spec["scenario"]
    client = _client(lib, spec["base_url"])
    provider = A.OpenAIProvider(openai_client=client, use_responses=spec.get("api") != "chat")
    tools, handoffs = _tools(A, scenario)
    settings = A.ModelSettings(tool_choice=spec.get("tool_choice"))
    agent = A.Agent(
        name="Assistant", model="gpt-4.1", tools=tools, handoffs=handoffs, model_settings=settings
    )
    policy = "error" if scenario.endswith("_error") else "warn"
    config = A.RunConfig(
        model_provider=provider, tracing_disabled=True, tool_name_collision_policy=policy
    )
    out: dict[str, Any] = {"events": []}
    try:
        if spec.get("stream"):
            result = A.Runner.run_streamed(agent, "hi", run_config=config)
            async for event in result.stream_events():
                name = event.data.type if event.type == "raw_response_event" else event.type
                if event.type == "run_item_stream_event":
                    name = f"{event.name}"
                out["events"].append(name)
        else:
            result = await A.Runner.run(agent, "hi", run_config=config)
        out["final_output"] = result.final_output
        out["items"] = [_item_view(item) for item in result.new_items]
    except Exception as e:
        out["error"] = [type(e).__name__, str(e)]
    return out


if __name__ == "__main__":
    logging.basicConfig(level=logging.CRITICAL)
    print(json.dumps(asyncio.run(run(json.loads(sys.argv[1])))))
