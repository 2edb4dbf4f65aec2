"""Human-in-the-loop guide, agents as tools: an approval raised inside a nested `Agent.as_tool()`
run surfaces on the outer run; approving it resumes the nested run where it paused.

Source: https://openai.github.io/openai-agents-python/human_in_the_loop/ (Agents as tools)
Ported by changing `from agents import` to `from agentkit import`; offline (FunctionModel) unless
OPENAI_API_KEY is set.
"""

from __future__ import annotations

import asyncio
import os
import sys

from agentkit import Agent, Model, Runner, function_tool


def offline_models() -> tuple[Model, Model]:
    from agentkit.testing import FunctionModel, ModelCall, function_call

    def outer(call: ModelCall) -> object:
        outputs = [i["output"] for i in call.input if i.get("type") == "function_call_output"]
        if not outputs:
            return [function_call("billing", {"input": "refund order 7"}, call_id="call_billing")]
        return f"Billing says: {outputs[-1]}"

    def inner(call: ModelCall) -> object:
        outputs = [i["output"] for i in call.input if i.get("type") == "function_call_output"]
        if not outputs:
            return [function_call("issue_refund", {"order_id": 7}, call_id="call_refund")]
        return outputs[-1]

    return FunctionModel(outer), FunctionModel(inner)  # type: ignore[arg-type]


@function_tool(needs_approval=True)
def issue_refund(order_id: int) -> str:
    """Refund an order."""
    return f"Refunded order {order_id}."


async def main() -> None:
    if os.environ.get("OPENAI_API_KEY"):
        name = os.environ.get("AGENTKIT_EXAMPLE_MODEL", "gpt-4.1")
        outer_model: str | Model = name
        inner_model: str | Model = name
    else:
        print("OPENAI_API_KEY is not set: running offline on agentkit.testing.", file=sys.stderr)
        outer_model, inner_model = offline_models()
    billing = Agent(name="Billing", tools=[issue_refund], model=inner_model)
    triage = Agent(
        name="Triage",
        tools=[billing.as_tool("billing", "Handles refunds")],
        model=outer_model,
    )
    result = await Runner.run(triage, "Please refund order 7.")
    while result.interruptions:
        state = result.to_state()
        for item in state.get_interruptions():
            print(f"{item.agent.name} asks to run {item.tool_name}({item.arguments}): approved")
            state.approve(item)
        result = await Runner.run(triage, state)
    print(result.final_output)


if __name__ == "__main__":
    asyncio.run(main())
