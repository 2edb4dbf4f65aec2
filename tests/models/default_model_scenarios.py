"""Runs where the user names no model (or names it only in some places), for request parity.

Runs under both interpreters: with `agentkit` (the tests) and with `agents` + `openai`
(/opt/ref/bin/python, to record tests/models/data/upstream_default_model_requests.json with
tests/models/data/record_default_model_requests.py). Each scenario goes through the default
provider, set up with `set_default_openai_client`, against the loopback server at `base_url`.

    python default_model_scenarios.py <agents|agentkit> <base_url> <scenario>
"""

from __future__ import annotations

import asyncio
import importlib
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Scenario:
    name: str
    agent: Callable[[Any], dict[str, Any]] = lambda ns: {}
    """Extra `Agent` fields."""
    run_config: Callable[[Any], dict[str, Any]] = lambda ns: {}
    api: str = "responses"
    stream: bool = False
    env: dict[str, str] = field(default_factory=dict)
    """`OPENAI_DEFAULT_MODEL` and friends, set while the agent is built and run."""
    clone: dict[str, Any] | None = None
    """Run `agent.clone(**clone)` instead of the agent itself."""


SCENARIOS = [
    Scenario("no_model"),
    Scenario("no_model_streamed", stream=True),
    Scenario("no_model_chat_completions", api="chat"),
    Scenario("no_model_chat_completions_streamed", api="chat", stream=True),
    Scenario("agent_model_gpt_4_1", agent=lambda ns: {"model": "gpt-4.1"}),
    Scenario("agent_model_gpt_5", agent=lambda ns: {"model": "gpt-5"}),
    Scenario("agent_model_gpt_5_2_pro", agent=lambda ns: {"model": "gpt-5.2-pro"}),
    Scenario("agent_model_gpt_5_chat_latest", agent=lambda ns: {"model": "gpt-5-chat-latest"}),
    Scenario("agent_model_unknown_gpt_5_variant", agent=lambda ns: {"model": "gpt-5.9-nova"}),
    Scenario("run_config_model_gpt_4_1", run_config=lambda ns: {"model": "gpt-4.1"}),
    Scenario("run_config_model_gpt_5", run_config=lambda ns: {"model": "gpt-5"}),
    Scenario(
        "agent_gpt_5_run_config_gpt_4o",
        agent=lambda ns: {"model": "gpt-5"},
        run_config=lambda ns: {"model": "gpt-4o"},
    ),
    Scenario(
        "no_model_explicit_settings",
        agent=lambda ns: {"model_settings": ns.ModelSettings(temperature=0.5)},
    ),
    Scenario(
        "no_model_run_config_settings",
        run_config=lambda ns: {"model_settings": ns.ModelSettings(verbosity="high")},
    ),
    Scenario(
        "run_config_model_and_settings",
        run_config=lambda ns: {
            "model": "gpt-4.1",
            "model_settings": ns.ModelSettings(temperature=0.2),
        },
    ),
    Scenario("env_default_gpt_4o", env={"OPENAI_DEFAULT_MODEL": "gpt-4o"}),
    Scenario("env_default_upper_case_gpt_5", env={"OPENAI_DEFAULT_MODEL": "GPT-5"}),
    Scenario("clone_with_model_gpt_4_1", clone={"model": "gpt-4.1"}),
    Scenario("clone_with_model_gpt_5", clone={"model": "gpt-5"}),
]
BY_NAME = {s.name: s for s in SCENARIOS}


class NS:
    def __init__(self, package: str) -> None:
        self.package = package
        top = importlib.import_module(package)
        for name in (
            "Agent",
            "Runner",
            "RunConfig",
            "ModelSettings",
            "set_default_openai_client",
            "set_default_openai_api",
        ):
            setattr(self, name, getattr(top, name))
        client_module = "openai" if package == "agents" else "agentkit.client"
        self.AsyncOpenAI = importlib.import_module(client_module).AsyncOpenAI


@contextmanager
def environment(values: dict[str, str]) -> Iterator[None]:
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


async def run_scenario(ns: NS, scenario: Scenario, base_url: str) -> None:
    client = ns.AsyncOpenAI(base_url=base_url, api_key="sk-test")
    ns.set_default_openai_client(client, use_for_tracing=False)
    ns.set_default_openai_api("chat_completions" if scenario.api == "chat" else "responses")
    try:
        with environment(scenario.env):
            agent = ns.Agent(name="assistant", instructions="Be brief.", **scenario.agent(ns))
            if scenario.clone is not None:
                agent = agent.clone(**scenario.clone)
            config = ns.RunConfig(tracing_disabled=True, **scenario.run_config(ns))
            if scenario.stream:
                result = ns.Runner.run_streamed(agent, "Hi", run_config=config)
                async for _ in result.stream_events():
                    pass
            else:
                await ns.Runner.run(agent, "Hi", run_config=config)
    finally:
        ns.set_default_openai_api("responses")


def main() -> None:
    package, base_url, name = sys.argv[1:4]
    asyncio.run(run_scenario(NS(package), BY_NAME[name], base_url))
    print("ok")


if __name__ == "__main__":
    main()
