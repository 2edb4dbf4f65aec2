"""Tools guide, "Custom output extraction": `as_tool(custom_output_extractor=...)` returns the
JSON payload a sub-agent's tool produced instead of the sub-agent's prose answer.

Source: https://openai.github.io/openai-agents-python/tools/ (Agents as tools, Custom output
extraction).
Ported by changing `from agents import` to `from agentkit import` and choosing the model: the real
model when OPENAI_API_KEY is set (AGENTKIT_EXAMPLE_MODEL, default gpt-4.1; OPENAI_BASE_URL is
honoured), otherwise agentkit.testing's FunctionModel. The guide shows only the extractor and the
tool; the data agent (with a JSON-returning tool), a manager agent and `main()` are added so it runs.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys

from agentkit import Agent, Model, Runner, RunResult, ToolCallOutputItem, function_tool


def offline_model() -> Model:
    from agentkit.testing import FunctionModel, ModelCall, function_call

    def respond(call: ModelCall) -> object:
        outputs = [i["output"] for i in call.input if i.get("type") == "function_call_output"]
        tool_names = {tool.name for tool in call.tools}
        if "fetch_order" in tool_names:  # the data agent, run as a tool
            if not outputs:
                return [function_call("fetch_order", {"order_id": "A-17"}, call_id="call_f_1")]
            return "I found the order: two items, shipped."  # prose the extractor skips
        if not outputs:  # the manager
            arguments = {"input": "Get order A-17"}
            return [function_call("get_data_json", arguments, call_id="call_json_1")]
        order = json.loads(outputs[-1])
        return f"Order {order['id']} has status {order['status']}."

    return FunctionModel(respond)  # type: ignore[arg-type]


def choose_model() -> str | Model:
    """The real model when OPENAI_API_KEY is set, else an offline test model."""
    if os.environ.get("OPENAI_API_KEY"):
        return os.environ.get("AGENTKIT_EXAMPLE_MODEL", "gpt-4.1")
    print("OPENAI_API_KEY is not set: running offline on agentkit.testing.", file=sys.stderr)
    return offline_model()


MODEL = choose_model()


@function_tool
def fetch_order(order_id: str) -> str:
    """Fetch an order record as JSON."""
    return json.dumps({"id": order_id, "status": "shipped", "items": 2})


data_agent = Agent(
    name="Data agent",
    instructions="Fetch the requested records with your tools.",
    tools=[fetch_order],
    model=MODEL,
)


async def extract_json_payload(run_result: RunResult) -> str:
    # Scan the agent’s outputs in reverse order until we find a JSON-like message from a tool call.
    for item in reversed(run_result.new_items):
        if isinstance(item, ToolCallOutputItem) and item.output.strip().startswith("{"):
            return item.output.strip()
    # Fallback to an empty JSON object if nothing was found
    return "{}"


json_tool = data_agent.as_tool(
    tool_name="get_data_json",
    tool_description="Run the data agent and return only its JSON payload",
    custom_output_extractor=extract_json_payload,
)

manager_agent = Agent(
    name="Manager",
    instructions="Use get_data_json to look orders up, then report their status.",
    tools=[json_tool],
    model=MODEL,
)


async def main():
    result = await Runner.run(manager_agent, "What's the status of order A-17?")
    print(result.final_output)


if __name__ == "__main__":
    asyncio.run(main())
