"""Per-run computers: `resolve_computer` / `dispose_resolved_computers`, and a run creating its
computer before the first model call and disposing it when it ends (as openai-agents 0.24)."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from agentkit import (
    Agent,
    AsyncComputer,
    ComputerProvider,
    ComputerTool,
    RunConfig,
    RunContextWrapper,
    Runner,
    dispose_resolved_computers,
    resolve_computer,
)
from agentkit.exceptions import UserError
from agentkit.models.openai_provider import OpenAIProvider
from tests.openai_server import OpenAIServer
from tests.openai_server import builders as b


class Screen(AsyncComputer):
    """A computer whose every action is logged; screenshots are a fixed string."""

    def __init__(self, log: list[str]) -> None:
        self.log = log

    @property
    def environment(self) -> Any:
        return "linux"

    @property
    def dimensions(self) -> tuple[int, int]:
        return (800, 600)

    async def screenshot(self) -> str:
        self.log.append("screenshot")
        return "aGk="

    async def click(self, x: int, y: int, button: Any) -> None:
        self.log.append(f"click {x},{y}")

    async def double_click(self, x: int, y: int) -> None: ...
    async def scroll(self, x: int, y: int, scroll_x: int, scroll_y: int) -> None: ...
    async def type(self, text: str) -> None: ...
    async def wait(self) -> None: ...
    async def move(self, x: int, y: int) -> None: ...
    async def keypress(self, keys: list[str]) -> None: ...
    async def drag(self, path: list[tuple[int, int]]) -> None: ...


def _provider(log: list[str]) -> ComputerProvider[Any]:
    async def create(*, run_context: RunContextWrapper[Any]) -> Screen:
        log.append("create")
        return Screen(log)

    def dispose(*, run_context: RunContextWrapper[Any], computer: Any) -> None:
        assert isinstance(computer, Screen)
        log.append("dispose")

    return ComputerProvider(create=create, dispose=dispose)


async def test_one_computer_per_run_context_disposed_and_the_provider_restored() -> None:
    log: list[str] = []
    provider = _provider(log)
    tool = ComputerTool(computer=provider)
    first, second = RunContextWrapper(context=None), RunContextWrapper(context=None)

    a = await resolve_computer(tool=tool, run_context=first)
    assert await resolve_computer(tool=tool, run_context=first) is a
    assert tool.computer is a
    b_ = await resolve_computer(tool=tool, run_context=second)
    assert b_ is not a
    assert log == ["create", "create"]

    await dispose_resolved_computers(run_context=first)
    assert log == ["create", "create", "dispose"]
    assert tool.computer is provider
    await dispose_resolved_computers(run_context=first)  # nothing left for this context
    assert log == ["create", "create", "dispose"]
    assert await resolve_computer(tool=tool, run_context=second) is b_


async def test_a_plain_factory_a_plain_computer_and_a_bad_factory() -> None:
    log: list[str] = []
    factory_tool = ComputerTool(computer=lambda *, run_context: Screen(log))
    ctx = RunContextWrapper(context=None)
    made = await resolve_computer(tool=factory_tool, run_context=ctx)
    assert isinstance(made, Screen)
    await dispose_resolved_computers(run_context=ctx)
    assert callable(factory_tool.computer)

    screen = Screen(log)
    assert await resolve_computer(tool=ComputerTool(computer=screen), run_context=ctx) is screen

    bad = ComputerTool(computer=lambda *, run_context: "not a computer")
    with pytest.raises(UserError, match="did not provide a computer instance"):
        await resolve_computer(tool=bad, run_context=ctx)


async def test_a_failing_dispose_is_logged_not_raised(caplog: pytest.LogCaptureFixture) -> None:
    def dispose(*, run_context: Any, computer: Any) -> None:
        raise RuntimeError("display gone")

    tool = ComputerTool(
        computer=ComputerProvider(create=lambda *, run_context: Screen([]), dispose=dispose)
    )
    ctx = RunContextWrapper(context=None)
    await resolve_computer(tool=tool, run_context=ctx)
    with caplog.at_level(logging.WARNING):
        await dispose_resolved_computers(run_context=ctx)
    assert "Failed to dispose computer" in caplog.text


def _config(server: OpenAIServer) -> RunConfig:
    provider = OpenAIProvider(api_key="sk-test", base_url=server.base_url, use_responses=True)
    return RunConfig(model_provider=provider, tracing_disabled=True)


def _computer_call(call_id: str) -> dict[str, Any]:
    return {
        "id": f"cu_{call_id}",
        "type": "computer_call",
        "call_id": call_id,
        "action": {"type": "click", "x": 3, "y": 4, "button": "left"},
        "pending_safety_checks": [],
        "status": "completed",
    }


async def test_a_run_creates_its_computer_first_and_disposes_it_at_the_end(
    openai_server: OpenAIServer,
) -> None:
    log: list[str] = []
    provider = _provider(log)
    tool = ComputerTool(computer=provider)
    agent = Agent(name="pc", model="computer-use-preview", tools=[tool])
    openai_server.queue(b.response_reply([_computer_call("c1")]))
    openai_server.queue(b.response_reply([_computer_call("c2")]))
    openai_server.queue(b.response_text("done"))
    result = await Runner.run(agent, "click", run_config=_config(openai_server))
    assert result.final_output == "done"
    assert log == ["create", "click 3,4", "screenshot", "click 3,4", "screenshot", "dispose"]
    assert tool.computer is provider
    # The preview tool needs the computer's environment and size: the run created it first.
    assert openai_server.requests_to("/responses")[0].json["tools"] == [
        {
            "type": "computer_use_preview",
            "environment": "linux",
            "display_width": 800,
            "display_height": 600,
        }
    ]


async def test_each_run_gets_its_own_computer(openai_server: OpenAIServer) -> None:
    log: list[str] = []
    agent = Agent(name="pc", model="gpt-4.1", tools=[ComputerTool(computer=_provider(log))])
    for _ in range(2):
        openai_server.queue(b.response_text("nothing to do"))
        await Runner.run(agent, "x", run_config=_config(openai_server))
    assert log == ["create", "dispose", "create", "dispose"]
