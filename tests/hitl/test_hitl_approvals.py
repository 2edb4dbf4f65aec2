"""Tool approvals over the scripted test model: pausing, deciding, resuming."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from agentkit import (
    Agent,
    RunConfig,
    RunContextWrapper,
    Runner,
    ToolApprovalItem,
    ToolCallOutputItem,
    function_tool,
    handoff,
)
from agentkit.exceptions import UserError
from agentkit.testing import ScriptedModel, assistant_message, function_call


def _outputs(result: Any) -> dict[str, Any]:
    return {
        i.raw_item["call_id"]: i.raw_item["output"]
        for i in result.new_items
        if isinstance(i, ToolCallOutputItem)
    }


def _tools(log: list[str]) -> tuple[Any, Any]:
    @function_tool(needs_approval=True)
    def delete_file(path: str) -> str:
        log.append(f"delete {path}")
        return f"deleted {path}"

    @function_tool
    def list_files() -> str:
        log.append("list")
        return "a.txt b.txt"

    return delete_file, list_files


async def test_a_call_needing_approval_pauses_and_other_calls_run() -> None:
    log: list[str] = []
    delete_file, list_files = _tools(log)
    model = ScriptedModel(
        [
            [
                function_call("delete_file", {"path": "a.txt"}, call_id="c1"),
                function_call("list_files", {}, call_id="c2"),
            ],
            [assistant_message("done")],
        ]
    )
    agent = Agent(name="ops", tools=[delete_file, list_files], model=model)
    result = await Runner.run(agent, "clean up")
    assert result.final_output is None
    assert log == ["list"]
    assert [type(i).__name__ for i in result.new_items] == [
        "ToolCallItem",
        "ToolCallItem",
        "ToolApprovalItem",
        "ToolCallOutputItem",
    ]
    [item] = result.interruptions
    assert isinstance(item, ToolApprovalItem)
    assert item.agent is agent
    assert item.tool_name == "delete_file"
    assert item.arguments == '{"path":"a.txt"}'
    assert item.call_id == "c1"
    assert len(model.calls) == 1

    state = result.to_state()
    assert state.get_interruptions()[0].call_id == "c1"
    state.approve(state.get_interruptions()[0])
    resumed = await Runner.run(agent, state)
    assert resumed.final_output == "done"
    assert log == ["list", "delete a.txt"]  # the free call did not run again
    assert _outputs(resumed) == {"c2": "a.txt b.txt", "c1": "deleted a.txt"}
    assert resumed.interruptions == []
    # The model saw both outputs and never the approval placeholder.
    second_input = model.calls[1].input
    assert [i.get("type") for i in second_input] == [
        None,
        "function_call",
        "function_call",
        "function_call_output",
        "function_call_output",
    ]


async def test_rejection_messages_default_formatter_and_explicit() -> None:
    async def run(decide: Any, config: RunConfig | None = None) -> dict[str, Any]:
        log: list[str] = []
        delete_file, _ = _tools(log)
        model = ScriptedModel(
            [[function_call("delete_file", {"path": "x"}, call_id="c1")], [assistant_message("ok")]]
        )
        agent = Agent(name="ops", tools=[delete_file], model=model)
        state = (await Runner.run(agent, "go", run_config=config)).to_state()
        decide(state, state.get_interruptions()[0])
        resumed = await Runner.run(agent, state, run_config=config)
        assert log == []
        return _outputs(resumed)

    def formatter(args: Any) -> str:
        assert args.kind == "approval_rejected"
        assert args.default_message == "Tool execution was not approved."
        return f"formatted: {args.tool_name} {args.call_id}"

    config = RunConfig(tool_error_formatter=formatter)
    assert await run(lambda s, i: s.reject(i)) == {"c1": "Tool execution was not approved."}
    assert await run(lambda s, i: s.reject(i), config) == {"c1": "formatted: delete_file c1"}
    explicit = await run(lambda s, i: s.reject(i, rejection_message="not today"), config)
    assert explicit == {"c1": "not today"}


@pytest.mark.parametrize(
    "arguments", [None, "", "   ", "{not json", "[1, 2]", '"text"', '{"n": NaN}', '{"n": Infinity}']
)
async def test_callable_rule_fails_closed_on_uninspectable_arguments(arguments: Any) -> None:
    seen: list[Any] = []

    def rule(ctx: RunContextWrapper[Any], params: dict[str, Any], call_id: str) -> bool:
        seen.append(params)
        return False

    @function_tool(needs_approval=rule, strict_mode=False)
    def tool(n: int = 0) -> str:
        return "ran"

    call = function_call("tool", "{}", call_id="c1")
    call.arguments = arguments  # type: ignore[attr-defined]
    model = ScriptedModel([[call]])
    result = await Runner.run(Agent(name="a", tools=[tool], model=model), "x")
    assert seen == []
    assert [i.call_id for i in result.interruptions] == ["c1"]


async def test_callable_rule_sync_and_async_sees_context_params_and_call_id() -> None:
    seen: list[tuple[Any, dict[str, Any], str]] = []

    async def rule(ctx: RunContextWrapper[Any], params: dict[str, Any], call_id: str) -> bool:
        seen.append((ctx.context, params, call_id))
        return bool(params["amount"] > 100)

    @function_tool(needs_approval=rule)
    def pay(amount: int) -> str:
        return f"paid {amount}"

    model = ScriptedModel(
        [
            [
                function_call("pay", {"amount": 5}, call_id="small"),
                function_call("pay", {"amount": 500}, call_id="big"),
            ],
            [assistant_message("done")],
        ]
    )
    agent = Agent(name="a", tools=[pay], model=model)
    result = await Runner.run(agent, "x", context={"user": "u1"})
    assert [i.call_id for i in result.interruptions] == ["big"]
    assert _outputs(result) == {"small": "paid 5"}
    assert seen == [
        ({"user": "u1"}, {"amount": 5}, "small"),
        ({"user": "u1"}, {"amount": 500}, "big"),
    ]


async def test_always_approve_is_sticky_and_partial_resolution_pauses_again() -> None:
    log: list[str] = []
    delete_file, _ = _tools(log)

    @function_tool(needs_approval=True)
    def send_mail(to: str) -> str:
        log.append(f"mail {to}")
        return "sent"

    model = ScriptedModel(
        [
            [
                function_call("delete_file", {"path": "a"}, call_id="d1"),
                function_call("send_mail", {"to": "bob"}, call_id="m1"),
            ],
            [function_call("delete_file", {"path": "b"}, call_id="d2")],
            [assistant_message("done")],
        ]
    )
    agent = Agent(name="a", tools=[delete_file, send_mail], model=model)
    state = (await Runner.run(agent, "x")).to_state()
    by_id = {i.call_id: i for i in state.get_interruptions()}
    state.approve(by_id["d1"], always_approve=True)
    paused_again = await Runner.run(agent, state)
    assert log == ["delete a"]
    assert [i.call_id for i in paused_again.interruptions] == ["m1"]
    assert len(model.calls) == 1  # no new model call while a decision is missing
    state = paused_again.to_state()
    state.reject(state.get_interruptions()[0])
    final = await Runner.run(agent, state)
    # d2 in the next turn runs without asking: the approval was "always".
    assert final.final_output == "done"
    assert log == ["delete a", "delete b"]
    assert _outputs(final)["m1"] == "Tool execution was not approved."


async def test_context_wrapper_decisions_and_always_reject() -> None:
    ctx: RunContextWrapper[None] = RunContextWrapper(context=None)
    item = ToolApprovalItem(
        agent=Agent(name="a"),
        raw_item={"type": "function_call", "name": "t", "call_id": "c1", "arguments": "{}"},
    )
    assert item.tool_name == "t"
    assert ctx.is_tool_approved("t", "c1") is None
    ctx.approve_tool(item)
    assert ctx.is_tool_approved("t", "c1") is True
    assert ctx.is_tool_approved("t", "c2") is None
    ctx.reject_tool(item, always_reject=True)
    assert ctx.is_tool_approved("t", "c2") is False
    ctx.approve_tool(item, always_approve=True)
    assert ctx.is_tool_approved("t", "anything") is True


async def test_streamed_run_finishes_its_events_then_exposes_interruptions() -> None:
    log: list[str] = []
    delete_file, _ = _tools(log)
    model = ScriptedModel(
        [[function_call("delete_file", {"path": "a"}, call_id="c1")], [assistant_message("done")]]
    )
    agent = Agent(name="a", tools=[delete_file], model=model)
    streamed = Runner.run_streamed(agent, "x")
    names = [e.name async for e in streamed.stream_events() if e.type == "run_item_stream_event"]
    # Approval items are not streamed (as openai-agents 0.24): `interruptions` carries them.
    assert names == ["tool_called"]
    assert streamed.is_complete
    assert [i.call_id for i in streamed.interruptions] == ["c1"]
    state = streamed.to_state()
    state.approve(state.get_interruptions()[0])
    resumed = Runner.run_streamed(agent, state)
    names = [e.name async for e in resumed.stream_events() if e.type == "run_item_stream_event"]
    assert names == ["tool_output", "message_output_created"]
    assert resumed.final_output == "done"
    assert resumed.interruptions == []
    assert log == ["delete a"]


def test_run_sync_resumes() -> None:
    log: list[str] = []
    delete_file, _ = _tools(log)
    model = ScriptedModel(
        [[function_call("delete_file", {"path": "a"}, call_id="c1")], [assistant_message("done")]]
    )
    agent = Agent(name="a", tools=[delete_file], model=model)
    try:
        state = Runner.run_sync(agent, "x").to_state()
        state.approve(state.get_interruptions()[0])
        assert Runner.run_sync(agent, state).final_output == "done"
        assert log == ["delete a"]
    finally:
        policy = asyncio.get_event_loop_policy()
        policy.get_event_loop().close()
        policy.set_event_loop(None)


async def test_approval_after_a_handoff_belongs_to_the_new_agent() -> None:
    log: list[str] = []
    delete_file, _ = _tools(log)
    model = ScriptedModel(
        [
            [function_call("transfer_to_admin", {}, call_id="h1")],
            [function_call("delete_file", {"path": "a"}, call_id="c1")],
            [assistant_message("admin done")],
        ]
    )
    admin = Agent(name="admin", tools=[delete_file], model=model)
    triage = Agent(name="triage", handoffs=[handoff(admin)], model=model)
    result = await Runner.run(triage, "x")
    [item] = result.interruptions
    assert item.agent is admin
    assert result.last_agent is admin
    state = result.to_state()
    state.approve(item)
    resumed = await Runner.run(triage, state)
    assert resumed.final_output == "admin done"
    assert resumed.last_agent is admin
    assert log == ["delete a"]


async def test_agent_as_tool_can_need_approval() -> None:
    inner_model = ScriptedModel([[assistant_message("inner answer")]])
    inner = Agent(name="inner", model=inner_model)
    model = ScriptedModel(
        [[function_call("ask_inner", {"input": "q"}, call_id="t1")], [assistant_message("outer")]]
    )
    outer = Agent(
        name="outer",
        tools=[inner.as_tool("ask_inner", "Ask the inner agent", needs_approval=True)],
        model=model,
    )
    result = await Runner.run(outer, "x")
    assert [i.tool_name for i in result.interruptions] == ["ask_inner"]
    assert inner_model.calls == ()
    state = result.to_state()
    state.approve(state.get_interruptions()[0])
    resumed = await Runner.run(outer, state)
    assert resumed.final_output == "outer"
    assert _outputs(resumed) == {"t1": "inner answer"}


def test_invalid_needs_approval_is_a_typed_error_and_decorators_alias() -> None:
    from agentkit import decorators

    assert decorators.tool is function_tool
    with pytest.raises(UserError, match="needs_approval"):

        @function_tool(needs_approval="yes")  # type: ignore[call-overload]
        def bad() -> str:
            return ""


def test_approval_item_is_never_model_input() -> None:
    item = ToolApprovalItem(agent=Agent(name="a"), raw_item={"type": "function_call", "name": "t"})
    with pytest.raises(Exception, match="cannot be converted"):
        item.to_input_item()


async def test_cancelled_resume_leaves_the_state_resumable() -> None:
    gate = asyncio.Event()
    log: list[str] = []

    @function_tool(needs_approval=True)
    async def slow(path: str) -> str:
        log.append("start")
        await gate.wait()
        return "slow done"

    model = ScriptedModel(
        [[function_call("slow", {"path": "a"}, call_id="c1")], [assistant_message("done")]]
    )
    agent = Agent(name="a", tools=[slow], model=model)
    state = (await Runner.run(agent, "x")).to_state()
    state.approve(state.get_interruptions()[0])
    task = asyncio.ensure_future(Runner.run(agent, state))
    while not log:
        await asyncio.sleep(0.01)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    gate.set()
    resumed = await Runner.run(agent, state)
    assert resumed.final_output == "done"
    assert log == ["start", "start"]


async def test_nested_agent_tool_approvals_surface_on_the_outer_run() -> None:
    log: list[str] = []
    delete_file, _ = _tools(log)
    inner_model = ScriptedModel(
        [
            [function_call("delete_file", {"path": "n.txt"}, call_id="inner1")],
            [assistant_message("inner deleted")],
        ]
    )
    inner = Agent(name="inner", tools=[delete_file], model=inner_model)
    model = ScriptedModel(
        [
            [function_call("janitor", {"input": "clean"}, call_id="outer1")],
            [assistant_message("ok")],
        ]
    )
    outer = Agent(name="outer", tools=[inner.as_tool("janitor", "Cleans up")], model=model)
    result = await Runner.run(outer, "x")
    [item] = result.interruptions
    assert (item.agent, item.tool_name, item.call_id) == (inner, "delete_file", "inner1")
    assert result.final_output is None
    assert log == []
    state = result.to_state()
    state.approve(item)
    resumed = await Runner.run(outer, state)
    assert resumed.final_output == "ok"
    assert log == ["delete n.txt"]
    assert _outputs(resumed) == {"outer1": "inner deleted"}
    assert len(inner_model.calls) == 2  # the nested run resumed, it did not start over


async def test_hosted_mcp_requests_without_callback_pause_and_answer_the_server() -> None:
    from agentkit import HostedMCPTool, RunState
    from agentkit.types.responses import McpApprovalRequest

    def request(request_id: str) -> Any:
        return McpApprovalRequest(
            type="mcp_approval_request",
            id=request_id,
            name="search",
            arguments='{"q":"x"}',
            server_label="docs",
        )

    model = ScriptedModel([[request("mcpr_1")], [request("mcpr_2")], [assistant_message("done")]])
    tool = HostedMCPTool(
        tool_config={
            "type": "mcp",
            "server_label": "docs",
            "server_url": "https://docs.invalid",
            "require_approval": "always",
        }
    )
    agent = Agent(name="a", tools=[tool], model=model)
    result = await Runner.run(agent, "hi")
    assert [type(i).__name__ for i in result.new_items] == [
        "MCPApprovalRequestItem",
        "ToolApprovalItem",
    ]
    [item] = result.interruptions
    assert (item.tool_name, item.call_id, item.arguments) == ("search", "mcpr_1", '{"q":"x"}')
    state = await RunState.from_string(agent, result.to_state().to_string())
    state.reject(state.get_interruptions()[0], always_reject=True, rejection_message="nope")
    resumed = await Runner.run(agent, state)
    # The sticky rejection (server label + tool name) answers the second request too.
    assert resumed.final_output == "done"
    responses = [i for i in model.calls[1].input if i.get("type") == "mcp_approval_response"]
    assert responses == [
        {
            "type": "mcp_approval_response",
            "approval_request_id": "mcpr_1",
            "approve": False,
            "reason": "nope",
        }
    ]
    last = [i for i in model.calls[2].input if i.get("type") == "mcp_approval_response"]
    assert [r["approval_request_id"] for r in last] == ["mcpr_1", "mcpr_2"]


async def test_nested_approvals_are_not_items_of_the_outer_run() -> None:
    log: list[str] = []
    delete_file, _ = _tools(log)
    inner_model = ScriptedModel(
        [[function_call("delete_file", {"path": "n"}, call_id="i1")], [assistant_message("done")]]
    )
    inner = Agent(name="inner", tools=[delete_file], model=inner_model)
    model = ScriptedModel(
        [[function_call("janitor", {"input": "c"}, call_id="o1")], [assistant_message("ok")]]
    )
    outer = Agent(name="outer", tools=[inner.as_tool("janitor", "Cleans")], model=model)
    result = await Runner.run(outer, "x")
    # As openai-agents 0.24: the outer run reports its own call; the approval is an interruption.
    assert [type(i).__name__ for i in result.new_items] == ["ToolCallItem"]
    assert [(i.agent.name, i.tool_name) for i in result.interruptions] == [("inner", "delete_file")]
    state = result.to_state()
    state.approve(state.get_interruptions()[0])
    resumed = await Runner.run(outer, state)
    assert [type(i).__name__ for i in resumed.new_items] == [
        "ToolCallItem",
        "ToolCallOutputItem",
        "MessageOutputItem",
    ]
