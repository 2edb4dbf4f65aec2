"""`ModelSettings` works inside pydantic (`TypeAdapter`, model fields) as upstream's does."""

from __future__ import annotations

import subprocess
import sys

from pydantic import BaseModel, TypeAdapter

from agentkit import ModelSettings
from agentkit.model_settings import MCPToolChoice
from agentkit.types.shared import Reasoning

# What openai-agents 0.24's TypeAdapter(ModelSettings).dump_python(..., mode="json") gives for
# {"temperature": 0.5, "reasoning": {"effort": "low"}, "tool_choice": {...}}.
UPSTREAM_DUMP = {
    "temperature": 0.5,
    "top_p": None,
    "frequency_penalty": None,
    "presence_penalty": None,
    "tool_choice": {"server_label": "s", "name": "n"},
    "parallel_tool_calls": None,
    "truncation": None,
    "max_tokens": None,
    "reasoning": {
        "context": None,
        "effort": "low",
        "generate_summary": None,
        "mode": None,
        "summary": None,
    },
    "verbosity": None,
    "metadata": None,
    "store": None,
    "prompt_cache_retention": None,
    "include_usage": None,
    "response_include": None,
    "top_logprobs": None,
    "extra_query": None,
    "extra_body": None,
    "extra_headers": None,
    "extra_args": None,
    "retry": None,
    "context_management": None,
    "prompt_cache_options": None,
    "preserve_raw_usage": None,
    "timeout": None,
}


def test_type_adapter_validates_and_dumps_like_upstream() -> None:
    adapter = TypeAdapter(ModelSettings)
    settings = adapter.validate_python(
        {
            "temperature": 0.5,
            "reasoning": {"effort": "low"},
            "tool_choice": {"server_label": "s", "name": "n"},
        }
    )
    assert settings.reasoning == Reasoning(effort="low")
    assert settings.tool_choice == MCPToolChoice(server_label="s", name="n")
    assert adapter.dump_python(settings, mode="json") == UPSTREAM_DUMP


def test_a_model_with_a_settings_field_round_trips() -> None:
    class Config(BaseModel):
        settings: ModelSettings

    config = Config.model_validate({"settings": {"verbosity": "low", "top_p": 0.1}})
    assert config.settings == ModelSettings(verbosity="low", top_p=0.1)
    assert Config.model_validate_json(config.model_dump_json()) == config


def test_type_adapter_in_a_fresh_interpreter() -> None:
    # The forward reference must resolve even when nothing imported the wire types before.
    code = (
        "from pydantic import TypeAdapter; from agentkit import ModelSettings; "
        "print(TypeAdapter(ModelSettings).validate_python({'reasoning': {'effort': 'high'}}).reasoning.effort)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "high"
