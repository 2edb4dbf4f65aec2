"""Models guide, "Using any model via LiteLLM": an agent on a non-OpenAI model through LiteLLM.

Source: https://openai.github.io/openai-agents-python/models/litellm/ (Example).
Ported by changing `from agents import` / `from agents.extensions.models.litellm_model import` to
`agentkit`. The guide reads the model and API key from the command line; here they come from the
environment: with AGENTKIT_LITELLM_MODEL set (e.g. "anthropic/claude-3-5-sonnet-20240620"), the
agent runs on `LitellmModel(model, base_url=AGENTKIT_LITELLM_BASE_URL, api_key=
AGENTKIT_LITELLM_API_KEY)` (`pip install "agentkit[litellm]"`; unset values fall back to the
provider's usual variables). Otherwise agentkit.testing's FunctionModel stands in, calling the tool
and answering in a haiku, and LiteLLM is not imported at all.
"""

from __future__ import annotations

import asyncio
import os
import sys

from agentkit import Agent, Model, RunConfig, Runner, function_tool


def offline_model() -> Model:
    from agentkit.testing import FunctionModel, ModelCall, function_call

    def respond(call: ModelCall) -> object:
        outputs = [i["output"] for i in call.input if i.get("type") == "function_call_output"]
        if not outputs:
            return [function_call("get_weather", {"city": "Tokyo"}, call_id="call_tokyo")]
        return "Tokyo skies are clear,\nsunshine warms the quiet streets,\nweather smiles on you."

    return FunctionModel(respond)  # type: ignore[arg-type]


def choose_model() -> Model:
    """LitellmModel when AGENTKIT_LITELLM_MODEL is set, else an offline test model."""
    model = os.environ.get("AGENTKIT_LITELLM_MODEL")
    if not model:
        print(
            "AGENTKIT_LITELLM_MODEL is not set: running offline on agentkit.testing.",
            file=sys.stderr,
        )
        return offline_model()
    from agentkit.extensions.models.litellm_model import LitellmModel

    return LitellmModel(
        model=model,
        base_url=os.environ.get("AGENTKIT_LITELLM_BASE_URL"),
        api_key=os.environ.get("AGENTKIT_LITELLM_API_KEY"),
    )


@function_tool
def get_weather(city: str) -> str:
    print(f"[debug] getting weather for {city}")
    return f"The weather in {city} is sunny."


async def main() -> None:
    agent = Agent(
        name="Assistant",
        instructions="You only respond in haikus.",
        model=choose_model(),
        tools=[get_weather],
    )
    # Traces are exported to OpenAI, which this model need not be: the guide turns them off.
    result = await Runner.run(
        agent, "What's the weather in Tokyo?", run_config=RunConfig(tracing_disabled=True)
    )
    print(result.final_output)


if __name__ == "__main__":
    asyncio.run(main())
