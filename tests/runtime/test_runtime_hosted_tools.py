from __future__ import annotations

from typing import Any

import pytest
from runtime_helpers import assistant_message

from agentkit.agent import Agent
from agentkit.computer import AsyncComputer, Computer
from agentkit.exceptions import ModelBehaviorError, UserError
from agentkit.items import (
    MCPApprovalRequestItem,
    MCPApprovalResponseItem,
    ToolCallItem,
    ToolCallOutputItem,
)
from agentkit.lifecycle import RunHooks
from agentkit.run import Runner
from agentkit.testing import ScriptedModel
from agentkit.tool import (
    ComputerProvider,
    ComputerTool,
    ComputerToolSafetyCheckData,
    HostedMCPTool,
    LocalShellCommandRequest,
    LocalShellTool,
    MCPToolApprovalFunctionResult,
    MCPToolApprovalRequest,
    WebSearchTool,
)
from agentkit.types.responses import (
    LocalShellCall,
    McpApprovalRequest,
    ResponseComputerToolCall,
    ResponseFunctionWebSearch,
)


class FakeComputer(Computer):
    def __init__(self) -> None:
        self.log: list[Any] = []

    @property
    def environment(self) -> Any:
        return "linux"

    @property
    def dimensions(self) -> tuple[int, int]:
        return (800, 600)

    def screenshot(self) -> str:
        self.log.append("screenshot")
        return "SCREEN"

    def click(self, x: int, y: int, button: Any) -> None:
        self.log.append(("click", x, y, button))

    def double_click(self, x: int, y: int) -> None:
        self.log.append(("double_click", x, y))

    def scroll(self, x: int, y: int, scroll_x: int, scroll_y: int) -> None:
        self.log.append(("scroll", x, y, scroll_x, scroll_y))

    def type(self, text: str) -> None:
        self.log.append(("type", text))

    def wait(self) -> None:
        self.log.append("wait")

    def move(self, x: int, y: int) -> None:
        self.log.append(("move", x, y))

    def keypress(self, keys: list[str]) -> None:
        self.log.append(("keypress", keys))

    def drag(self, path: list[tuple[int, int]]) -> None:
        self.log.append(("drag", path))


class FakeAsyncComputer(AsyncComputer):
    def __init__(self) -> None:
        self.log: list[Any] = []

    @property
    def environment(self) -> Any:
        return "browser"

    @property
    def dimensions(self) -> tuple[int, int]:
        return (1, 1)

    async def screenshot(self) -> str:
        return "ASYNC"

    async def click(self, x: int, y: int, button: Any) -> None:
        self.log.append(("click", x, y))

    async def double_click(self, x: int, y: int) -> None: ...
    async def scroll(self, x: int, y: int, scroll_x: int, scroll_y: int) -> None: ...

    async def type(self, text: str) -> None:
        self.log.append(("type", text))

    async def wait(self) -> None: ...
    async def move(self, x: int, y: int) -> None: ...
    async def keypress(self, keys: list[str]) -> None: ...
    async def drag(self, path: list[tuple[int, int]]) -> None: ...


def computer_call(
    action: dict[str, Any] | None = None,
    actions: list[dict[str, Any]] | None = None,
    checks: list[Any] | None = None,
) -> ResponseComputerToolCall:
    return ResponseComputerToolCall.model_validate(
        {
            "id": "cu1",
            "call_id": "cc1",
            "pending_safety_checks": checks or [],
            "status": "completed",
            "type": "computer_call",
            **({"action": action} if action else {}),
            **({"actions": actions} if actions else {}),
        }
    )


async def test_computer_actions_and_screenshot_output() -> None:
    computer = FakeComputer()
    hooks_seen: list[str] = []

    class Hooks(RunHooks[Any]):
        async def on_tool_start(self, context: Any, agent: Any, tool: Any) -> None:
            hooks_seen.append(f"start:{tool.name}")

        async def on_tool_end(self, context: Any, agent: Any, tool: Any, result: Any) -> None:
            hooks_seen.append(f"end:{result}")

    model = ScriptedModel(
        [
            [computer_call(action={"type": "click", "x": 1, "y": 2, "button": "left"})],
            [computer_call(actions=[{"type": "type", "text": "hi"}, {"type": "screenshot"}])],
            [assistant_message("done")],
        ]
    )
    agent = Agent(name="a", model=model, tools=[ComputerTool(computer=computer)])
    result = await Runner.run(agent, "use the computer", hooks=Hooks())
    assert computer.log == [("click", 1, 2, "left"), "screenshot", ("type", "hi"), "screenshot"]
    output = model.calls[1].input[-1]
    assert output["type"] == "computer_call_output"
    assert output["call_id"] == "cc1"
    assert output["output"] == {
        "type": "computer_screenshot",
        "image_url": "data:image/png;base64,SCREEN",
    }
    assert hooks_seen[:2] == ["start:computer_use_preview", "end:data:image/png;base64,SCREEN"]
    assert result.final_output == "done"


async def test_async_computer_from_provider_and_safety_checks() -> None:
    created: list[Any] = []
    disposed: list[Any] = []

    async def create(*, run_context: Any) -> FakeAsyncComputer:
        c = FakeAsyncComputer()
        created.append(c)
        return c

    async def dispose(*, run_context: Any, computer: Any) -> None:
        disposed.append(computer)

    acks: list[ComputerToolSafetyCheckData] = []

    def on_check(data: ComputerToolSafetyCheckData) -> bool:
        acks.append(data)
        return True

    check = {"id": "sc1", "code": "malicious", "message": "careful"}
    model = ScriptedModel(
        [
            [computer_call(action={"type": "type", "text": "x"}, checks=[check])],
            [assistant_message("ok")],
        ]
    )
    tool = ComputerTool(
        computer=ComputerProvider(create=create, dispose=dispose), on_safety_check=on_check
    )
    await Runner.run(Agent(name="a", model=model, tools=[tool]), "x")
    assert created and created[0].log == [("type", "x")]
    assert disposed == created
    assert acks[0].safety_check.id == "sc1"
    assert model.calls[1].input[-1]["acknowledged_safety_checks"] == [check]

    model = ScriptedModel([[computer_call(action={"type": "wait"}, checks=[check])]])
    tool = ComputerTool(computer=FakeComputer(), on_safety_check=lambda data: False)
    with pytest.raises(UserError, match="safety check"):
        await Runner.run(Agent(name="a", model=model, tools=[tool]), "x")


async def test_computer_call_without_tool_is_model_error() -> None:
    model = ScriptedModel([[computer_call(action={"type": "wait"})]])
    with pytest.raises(ModelBehaviorError, match="computer"):
        await Runner.run(Agent(name="a", model=model), "x")


async def test_local_shell_tool() -> None:
    requests: list[LocalShellCommandRequest] = []

    async def executor(request: LocalShellCommandRequest) -> str:
        requests.append(request)
        return "file.txt"

    call = LocalShellCall.model_validate(
        {
            "id": "ls1",
            "call_id": "lc1",
            "status": "completed",
            "type": "local_shell_call",
            "action": {"type": "exec", "command": ["ls"], "env": {}},
        }
    )
    model = ScriptedModel([[call], [assistant_message("listed")]])
    await Runner.run(Agent(name="a", model=model, tools=[LocalShellTool(executor=executor)]), "x")
    assert requests[0].data.action.command == ["ls"]
    assert model.calls[1].input[-1] == {
        "type": "local_shell_call_output",
        "call_id": "lc1",
        "output": "file.txt",
    }


async def test_hosted_tool_calls_are_recorded_and_answered_by_model() -> None:
    search = ResponseFunctionWebSearch.model_validate(
        {"id": "ws1", "status": "completed", "type": "web_search_call"}
    )
    model = ScriptedModel([[search, assistant_message("found it")]])
    result = await Runner.run(Agent(name="a", model=model, tools=[WebSearchTool()]), "x")
    assert isinstance(result.new_items[0], ToolCallItem)
    assert result.final_output == "found it"

    # Hosted tool activity without a message: the model gets another turn.
    model = ScriptedModel([[search], [assistant_message("summary")]])
    result = await Runner.run(Agent(name="a", model=model, tools=[WebSearchTool()]), "x")
    assert result.final_output == "summary" and len(model.calls) == 2


async def test_hosted_mcp_approval_callback() -> None:
    asked: list[MCPToolApprovalRequest] = []

    def approve(request: MCPToolApprovalRequest) -> MCPToolApprovalFunctionResult:
        asked.append(request)
        return {"approve": False, "reason": "not allowed"}

    request = McpApprovalRequest(id="ar1", arguments="{}", name="delete", server_label="srv")
    model = ScriptedModel([[request], [assistant_message("ok")]])
    tool = HostedMCPTool(
        tool_config={"type": "mcp", "server_label": "srv", "server_url": "https://x"},
        on_approval_request=approve,
    )
    result = await Runner.run(Agent(name="a", model=model, tools=[tool]), "x")
    assert asked[0].data.name == "delete"
    kinds = [type(i) for i in result.new_items]
    assert kinds[:2] == [MCPApprovalRequestItem, MCPApprovalResponseItem]
    assert model.calls[1].input[-1] == {
        "approval_request_id": "ar1",
        "approve": False,
        "type": "mcp_approval_response",
        "reason": "not allowed",
    }

    model = ScriptedModel(
        [[McpApprovalRequest(id="ar2", arguments="{}", name="x", server_label="nope")]]
    )
    with pytest.raises(ModelBehaviorError, match="MCP server label nope not found"):
        await Runner.run(Agent(name="a", model=model, tools=[tool]), "x")


async def test_tool_output_items_keep_python_values() -> None:
    from agentkit.tool import function_tool

    @function_tool
    def numbers() -> list[int]:
        """Numbers."""
        return [1, 2]

    from runtime_helpers import function_call

    model = ScriptedModel(
        [[function_call("numbers", "{}", call_id="n")], [assistant_message("ok")]]
    )
    result = await Runner.run(Agent(name="a", model=model, tools=[numbers]), "x")
    out = next(i for i in result.new_items if isinstance(i, ToolCallOutputItem))
    assert out.output == [1, 2] and out.raw_item["output"] == "[1, 2]"
