from __future__ import annotations

from typing import Any

from runtime_helpers import MemorySession, assistant_message, function_call

from agentkit.agent import Agent
from agentkit.items import ModelResponse
from agentkit.model_settings import ModelSettings
from agentkit.prompts import GenerateDynamicPromptData, Prompt
from agentkit.run import Runner
from agentkit.run_config import RunConfig
from agentkit.testing import ScriptedModel
from agentkit.tool import function_tool
from agentkit.types.responses import ResponseReasoningItem
from agentkit.usage import Usage


@function_tool
def step() -> str:
    """Step."""
    return "stepped"


async def test_static_and_dynamic_prompt_reach_model() -> None:
    model = ScriptedModel([[assistant_message("a")], [assistant_message("b")]])
    await Runner.run(Agent(name="a", model=model, prompt={"id": "pmpt_1", "version": "2"}), "x")
    assert model.calls[0].prompt == {"id": "pmpt_1", "version": "2", "variables": None}

    seen: list[GenerateDynamicPromptData] = []

    async def dynamic(data: GenerateDynamicPromptData) -> Prompt:
        seen.append(data)
        return {"id": "pmpt_dyn", "variables": {"name": data.context.context}}

    await Runner.run(Agent(name="a", model=model, prompt=dynamic), "x", context="ann")
    assert model.calls[1].prompt == {
        "id": "pmpt_dyn",
        "version": None,
        "variables": {"name": "ann"},
    }
    assert seen[0].agent.name == "a"


class CacheKeyModel(ScriptedModel):
    def _supports_default_prompt_cache_key(self) -> bool:
        return True


async def test_prompt_cache_key_for_models_that_opt_in() -> None:
    model = CacheKeyModel([[function_call("step", "{}", call_id="c")], [assistant_message("ok")]])
    await Runner.run(
        Agent(name="a", model=model, tools=[step]), "x", run_config=RunConfig(group_id="g1")
    )
    keys = [c.model_settings.extra_args["prompt_cache_key"] for c in model.calls]  # type: ignore[index]
    assert keys[0] == keys[1] and keys[0].startswith("agents-sdk:group:")

    model = CacheKeyModel([[assistant_message("ok")]])
    await Runner.run(
        Agent(
            name="a",
            model=model,
            model_settings=ModelSettings(extra_args={"prompt_cache_key": "mine"}),
        ),
        "x",
    )
    assert model.calls[0].model_settings.extra_args == {"prompt_cache_key": "mine"}

    plain = ScriptedModel([[assistant_message("ok")]])
    await Runner.run(Agent(name="a", model=plain), "x")
    assert plain.calls[0].model_settings.extra_args is None


async def test_reasoning_item_id_policy_omit() -> None:
    reasoning = ResponseReasoningItem(id="rs_1", type="reasoning", summary=[])
    steps: list[Any] = [
        ModelResponse(
            output=[reasoning, function_call("step", "{}", call_id="c")],
            usage=Usage(),
            response_id="r1",
        ),
        [assistant_message("ok")],
    ]
    model = ScriptedModel(steps)
    await Runner.run(
        Agent(name="a", model=model, tools=[step]),
        "x",
        run_config=RunConfig(reasoning_item_id_policy="omit"),
    )
    sent = [i for i in model.calls[1].input if i.get("type") == "reasoning"]
    assert sent and "id" not in sent[0]


async def test_run_config_as_dict_and_session_limit() -> None:
    session = MemorySession()
    session.items = [{"role": "user", "content": f"m{i}"} for i in range(5)]

    class Limited:
        limit = 2

    model = ScriptedModel([[assistant_message("ok")]])
    await Runner.run(
        Agent(name="a", model=model),
        "new",
        session=session,
        run_config={"session_settings": Limited(), "workflow_name": "dict config"},  # type: ignore[arg-type]
    )
    assert model.calls[0].input == [
        {"role": "user", "content": "m3"},
        {"role": "user", "content": "m4"},
        {"content": "new", "role": "user"},
    ]
