"""ShellTool and ApplyPatchTool through real runs against the loopback OpenAI server: real shell
commands in a temp dir, real patches on temp files, approvals paused and resumed from JSON."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from agentkit import (
    Agent,
    ApplyPatchTool,
    ModelSettings,
    RunConfig,
    RunContextWrapper,
    Runner,
    RunState,
    ShellActionRequest,
    ShellCallOutcome,
    ShellCommandOutput,
    ShellCommandRequest,
    ShellResult,
    ShellTool,
    ToolApprovalItem,
    ToolCallItem,
    ToolCallOutputItem,
)
from agentkit.apply_diff import apply_diff
from agentkit.editor import ApplyPatchOperation, ApplyPatchResult
from agentkit.exceptions import ModelBehaviorError, UserError
from agentkit.models.openai_provider import OpenAIProvider
from agentkit.run_config import ToolErrorFormatterArgs
from tests.openai_server import OpenAIServer
from tests.openai_server import builders as b
from tests.tools.shell_patch_replies import apply_patch_call, hosted_shell_reply, shell_call


def _config(server: OpenAIServer, **options: Any) -> RunConfig:
    provider = OpenAIProvider(api_key="sk-test", base_url=server.base_url, use_responses=True)
    return RunConfig(model_provider=provider, tracing_disabled=True, **options)


def _sent_items(server: OpenAIServer, index: int = -1) -> list[dict[str, Any]]:
    return server.requests_to("/responses")[index].json["input"]  # type: ignore[no-any-return]


def _runner_in(workdir: Path, seen: list[ShellCommandRequest]) -> Any:
    def run(request: ShellCommandRequest) -> ShellResult:
        seen.append(request)
        outputs = []
        for command in request.data.action.commands:
            done = subprocess.run(
                command, shell=True, cwd=workdir, capture_output=True, text=True, timeout=30
            )
            outputs.append(
                ShellCommandOutput(
                    stdout=done.stdout,
                    stderr=done.stderr,
                    outcome=ShellCallOutcome(type="exit", exit_code=done.returncode),
                    command=command,
                )
            )
        return ShellResult(output=outputs)

    return run


class FileEditor:
    """Applies operations under `root` (sync create/delete, async update)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.seen: list[ApplyPatchOperation] = []

    def create_file(self, operation: ApplyPatchOperation) -> ApplyPatchResult:
        self.seen.append(operation)
        (self.root / operation.path).write_text(apply_diff("", operation.diff or "", "create"))
        return ApplyPatchResult(status="completed", output=f"Created {operation.path}")

    async def update_file(self, operation: ApplyPatchOperation) -> str:
        self.seen.append(operation)
        path = self.root / operation.path
        path.write_text(apply_diff(path.read_text(), operation.diff or ""))
        return f"Updated {operation.path}"

    def delete_file(self, operation: ApplyPatchOperation) -> None:
        self.seen.append(operation)
        (self.root / operation.path).unlink()


# --- the tool definitions ---------------------------------------------------------------------


def test_shell_tool_definitions_and_their_errors() -> None:
    local = ShellTool(executor=lambda request: "ok")
    assert local.environment == {"type": "local"}
    assert (local.name, local.type) == ("shell", "shell")
    hosted = ShellTool(environment={"type": "container_auto", "file_ids": ["f1"]})
    assert hosted.tool_config == {
        "type": "shell",
        "environment": {"type": "container_auto", "file_ids": ["f1"]},
    }
    with pytest.raises(UserError, match="local environment requires an executor"):
        ShellTool()
    with pytest.raises(UserError, match="hosted environment does not accept an executor"):
        ShellTool(executor=lambda r: "", environment={"type": "container_auto"})
    with pytest.raises(UserError, match="does not support needs_approval"):
        ShellTool(environment={"type": "container_auto"}, needs_approval=True)
    with pytest.raises(UserError, match="must be a mapping"):
        ShellTool(executor=lambda r: "", environment="local")  # type: ignore[arg-type]


# --- local shell ------------------------------------------------------------------------------


async def test_shell_commands_run_in_a_temp_dir_and_their_output_goes_back(
    openai_server: OpenAIServer, tmp_path: Path
) -> None:
    (tmp_path / "data.txt").write_text("x")
    commands = ["ls", "echo oops >&2; exit 3"]
    openai_server.queue(b.response_reply([shell_call("c1", commands, timeout_ms=5000)]))
    openai_server.queue(b.response_text("done"))
    seen: list[ShellCommandRequest] = []
    agent = Agent(
        name="sh", model="gpt-4.1", tools=[ShellTool(executor=_runner_in(tmp_path, seen))]
    )
    result = await Runner.run(agent, "list files", run_config=_config(openai_server))

    assert result.final_output == "done"
    [request] = seen
    assert request.data.call_id == "c1"
    assert request.data.action == ShellActionRequest(commands=commands, timeout_ms=5000)
    first = openai_server.requests_to("/responses")[0].json
    assert first["tools"] == [{"type": "shell", "environment": {"type": "local"}}]
    call_item, output_item = result.new_items[:2]
    assert isinstance(call_item, ToolCallItem) and call_item.tool_name == "shell"
    assert isinstance(output_item, ToolCallOutputItem)
    assert (
        output_item.output
        == "$ ls\ndata.txt\n\n$ echo oops >&2; exit 3\nstderr:\noops\nexit code: 3"
    )
    assert _sent_items(openai_server)[-1] == {
        "type": "shell_call_output",
        "call_id": "c1",
        "output": [
            {"stdout": "data.txt\n", "stderr": "", "outcome": {"type": "exit", "exit_code": 0}},
            {"stdout": "", "stderr": "oops\n", "outcome": {"type": "exit", "exit_code": 3}},
        ],
    }


async def test_a_failing_executor_is_reported_to_the_model(openai_server: OpenAIServer) -> None:
    def broken(request: ShellCommandRequest) -> str:
        raise RuntimeError("sandbox unavailable")

    openai_server.queue(b.response_reply([shell_call("c1", ["true"])]))
    openai_server.queue(b.response_text("sorry"))
    agent = Agent(name="sh", model="gpt-4.1", tools=[ShellTool(executor=broken)])
    result = await Runner.run(agent, "x", run_config=_config(openai_server))
    assert result.final_output == "sorry"
    output = next(i for i in result.new_items if isinstance(i, ToolCallOutputItem))
    assert output.raw_item["status"] == "failed"
    assert _sent_items(openai_server)[-1]["output"] == [
        {"stdout": "sandbox unavailable", "stderr": "", "outcome": {"type": "exit", "exit_code": 1}}
    ]


async def test_a_shell_call_without_a_shell_tool_is_a_model_error(
    openai_server: OpenAIServer,
) -> None:
    openai_server.queue(b.response_reply([shell_call("c1", ["true"])]))
    agent = Agent(name="sh", model="gpt-4.1")
    with pytest.raises(ModelBehaviorError, match="shell call without a shell tool"):
        await Runner.run(agent, "x", run_config=_config(openai_server))


async def test_streamed_shell_run_announces_call_and_output(openai_server: OpenAIServer) -> None:
    openai_server.queue(b.stream_response([shell_call("c1", ["echo hi"])]))
    openai_server.queue(b.stream_response_text("done"))
    agent = Agent(name="sh", model="gpt-4.1", tools=[ShellTool(executor=lambda r: "hi\n")])
    streamed = Runner.run_streamed(agent, "x", run_config=_config(openai_server))
    names = [e.name async for e in streamed.stream_events() if e.type == "run_item_stream_event"]
    assert names == ["tool_called", "tool_output", "message_output_created"]
    assert streamed.final_output == "done"


async def test_hosted_shell_items_are_surfaced_and_nothing_runs_locally(
    openai_server: OpenAIServer,
) -> None:
    openai_server.queue(b.response_reply(hosted_shell_reply("c1")))
    tool = ShellTool(environment={"type": "container_reference", "container_id": "cntr_1"})
    agent = Agent(name="sh", model="gpt-4.1", tools=[tool])
    result = await Runner.run(agent, "x", run_config=_config(openai_server))
    assert result.final_output == "3.12"
    assert openai_server.last_request.json["tools"] == [
        {"type": "shell", "environment": {"type": "container_reference", "container_id": "cntr_1"}}
    ]
    call, output, _ = result.new_items
    assert isinstance(call, ToolCallItem) and "created_by" not in call.raw_item
    assert isinstance(output, ToolCallOutputItem)
    assert output.output == [
        {"stdout": "Python 3.12.0\n", "stderr": "", "outcome": {"type": "exit", "exit_code": 0}}
    ]


async def test_tool_choice_shell_is_sent_as_the_shell_tool(openai_server: OpenAIServer) -> None:
    openai_server.queue(b.response_text("ok"))
    agent = Agent(
        name="sh",
        model="gpt-4.1",
        tools=[ShellTool(executor=lambda r: "")],
        model_settings=ModelSettings(tool_choice="shell"),
        reset_tool_choice=False,
    )
    await Runner.run(agent, "x", run_config=_config(openai_server))
    assert openai_server.last_request.json["tool_choice"] == {"type": "shell"}


# --- apply patch ------------------------------------------------------------------------------


async def test_patches_create_update_and_delete_real_files(
    openai_server: OpenAIServer, tmp_path: Path
) -> None:
    (tmp_path / "keep.txt").write_text("first\nold line\nlast\n")
    (tmp_path / "gone.txt").write_text("bye\n")
    openai_server.queue(
        b.response_reply(
            [
                apply_patch_call("p1", "create_file", "new.txt", "+hello\n+world\n"),
                apply_patch_call("p2", "update_file", "keep.txt", "@@\n-old line\n+new line\n"),
                apply_patch_call("p3", "delete_file", "gone.txt"),
            ]
        )
    )
    openai_server.queue(b.response_text("patched"))
    editor = FileEditor(tmp_path)
    agent = Agent(name="ed", model="gpt-4.1", tools=[ApplyPatchTool(editor=editor)])
    result = await Runner.run(agent, "edit", run_config=_config(openai_server))

    assert result.final_output == "patched"
    assert openai_server.requests_to("/responses")[0].json["tools"] == [{"type": "apply_patch"}]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.txt", "new.txt"]
    assert (tmp_path / "new.txt").read_text() == "hello\nworld"
    assert (tmp_path / "keep.txt").read_text() == "first\nnew line\nlast\n"
    assert [o.type for o in editor.seen] == ["create_file", "update_file", "delete_file"]
    assert editor.seen[0].ctx_wrapper is result.context_wrapper
    assert _sent_items(openai_server)[-3:] == [
        {
            "type": "apply_patch_call_output",
            "call_id": "p1",
            "status": "completed",
            "output": "Created new.txt",
        },
        {
            "type": "apply_patch_call_output",
            "call_id": "p2",
            "status": "completed",
            "output": "Updated keep.txt",
        },
        {"type": "apply_patch_call_output", "call_id": "p3", "status": "completed"},
    ]


async def test_a_bad_patch_is_a_failed_output_not_a_crash(
    openai_server: OpenAIServer, tmp_path: Path
) -> None:
    (tmp_path / "keep.txt").write_text("first\nlast\n")
    openai_server.queue(
        b.response_reply([apply_patch_call("p1", "update_file", "keep.txt", "@@\n-missing\n+x\n")])
    )
    openai_server.queue(b.response_text("the patch did not apply"))
    agent = Agent(name="ed", model="gpt-4.1", tools=[ApplyPatchTool(editor=FileEditor(tmp_path))])
    result = await Runner.run(agent, "edit", run_config=_config(openai_server))
    assert result.final_output == "the patch did not apply"
    assert (tmp_path / "keep.txt").read_text() == "first\nlast\n"
    sent = _sent_items(openai_server)[-1]
    assert sent["type"] == "apply_patch_call_output" and sent["status"] == "failed"
    assert "missing" in sent["output"]


# --- approvals --------------------------------------------------------------------------------


async def test_shell_approval_pauses_then_rejection_resumes_from_json(
    openai_server: OpenAIServer,
) -> None:
    ran: list[str] = []
    tool = ShellTool(executor=lambda r: ran.append("ran") or "out", needs_approval=True)
    agent = Agent(name="sh", model="gpt-4.1", tools=[tool])
    openai_server.queue(b.response_reply([shell_call("c1", ["rm -rf build"])]))
    result = await Runner.run(agent, "clean", run_config=_config(openai_server))
    [item] = result.interruptions
    assert isinstance(item, ToolApprovalItem)
    assert (item.tool_name, item.call_id) == ("shell", "c1")
    assert ran == []

    data = json.loads(json.dumps(result.to_state().to_json()))
    assert data["last_processed_response"]["shell_actions"][0]["shell"] == {"name": "shell"}
    state = await RunState.from_json(agent, data)
    state.reject(state.get_interruptions()[0], rejection_message="not here")
    openai_server.queue(b.response_text("ok, skipped"))
    resumed = await Runner.run(agent, state, run_config=_config(openai_server))
    assert resumed.final_output == "ok, skipped"
    assert ran == []
    assert _sent_items(openai_server)[-1] == {
        "type": "shell_call_output",
        "call_id": "c1",
        "output": [
            {"stdout": "", "stderr": "not here", "outcome": {"type": "exit", "exit_code": 1}}
        ],
    }


async def test_shell_approval_rule_sees_the_action_and_approval_runs_the_call(
    openai_server: OpenAIServer,
) -> None:
    asked: list[tuple[list[str], str]] = []

    def risky(ctx: RunContextWrapper[Any], action: ShellActionRequest, call_id: str) -> bool:
        asked.append((action.commands, call_id))
        return any("rm" in c for c in action.commands)

    tool = ShellTool(executor=lambda r: "done", needs_approval=risky)
    agent = Agent(name="sh", model="gpt-4.1", tools=[tool])
    openai_server.queue(
        b.stream_response([shell_call("safe", ["ls"]), shell_call("risky", ["rm x"])])
    )
    streamed = Runner.run_streamed(agent, "x", run_config=_config(openai_server))
    async for _ in streamed.stream_events():
        pass
    assert asked == [(["ls"], "safe"), (["rm x"], "risky")]
    assert [i.call_id for i in streamed.interruptions] == ["risky"]
    assert [i.call_id for i in streamed.new_items if isinstance(i, ToolCallOutputItem)] == ["safe"]

    state = streamed.to_state()
    state.approve(state.get_interruptions()[0])
    openai_server.queue(b.stream_response_text("all done"))
    resumed = Runner.run_streamed(agent, state, run_config=_config(openai_server))
    async for _ in resumed.stream_events():
        pass
    assert resumed.final_output == "all done"
    sent = [i for i in _sent_items(openai_server) if i.get("type") == "shell_call_output"]
    assert [i["call_id"] for i in sent] == ["safe", "risky"]


async def test_on_approval_decides_at_once_and_the_formatter_sees_the_tool_type(
    openai_server: OpenAIServer, tmp_path: Path
) -> None:
    kinds: list[str] = []

    def formatter(args: ToolErrorFormatterArgs[Any]) -> str:
        kinds.append(args.tool_type)
        return f"{args.tool_name} refused"

    tool = ApplyPatchTool(
        editor=FileEditor(tmp_path),
        needs_approval=True,
        on_approval=lambda ctx, item: {"approve": False},
    )
    agent = Agent(name="ed", model="gpt-4.1", tools=[tool])
    openai_server.queue(b.response_reply([apply_patch_call("p1", "create_file", "a.txt", "+a")]))
    openai_server.queue(b.response_text("fine"))
    result = await Runner.run(
        agent, "x", run_config=_config(openai_server, tool_error_formatter=formatter)
    )
    assert result.final_output == "fine"
    assert not result.interruptions
    assert kinds == ["apply_patch"]
    assert list(tmp_path.iterdir()) == []
    assert _sent_items(openai_server)[-1] == {
        "type": "apply_patch_call_output",
        "call_id": "p1",
        "output": "apply_patch refused",
        "status": "failed",
    }


async def test_apply_patch_approval_then_approve_applies_the_patch(
    openai_server: OpenAIServer, tmp_path: Path
) -> None:
    seen_ops: list[str] = []

    def rule(ctx: RunContextWrapper[Any], operation: ApplyPatchOperation, call_id: str) -> bool:
        seen_ops.append(operation.path)
        return operation.type == "create_file"

    tool = ApplyPatchTool(editor=FileEditor(tmp_path), needs_approval=rule)
    agent = Agent(name="ed", model="gpt-4.1", tools=[tool])
    openai_server.queue(b.response_reply([apply_patch_call("p1", "create_file", "a.txt", "+a")]))
    result = await Runner.run(agent, "x", run_config=_config(openai_server))
    assert seen_ops == ["a.txt"]
    assert list(tmp_path.iterdir()) == []
    state = await RunState.from_string(agent, result.to_state().to_string())
    state.approve(state.get_interruptions()[0], always_approve=True)
    openai_server.queue(b.response_text("created"))
    resumed = await Runner.run(agent, state, run_config=_config(openai_server))
    assert resumed.final_output == "created"
    assert (tmp_path / "a.txt").read_text() == "a"


async def test_a_restored_shell_call_item_keeps_its_tool_name(openai_server: OpenAIServer) -> None:
    tool = ShellTool(executor=lambda r: "out", needs_approval=True, name="bash")
    agent = Agent(name="sh", model="gpt-4.1", tools=[tool])
    openai_server.queue(b.response_reply([shell_call("c1", ["ls"])]))
    result = await Runner.run(agent, "x", run_config=_config(openai_server))
    state = await RunState.from_string(agent, result.to_state().to_string())
    [call] = [i for i in state._generated_items if isinstance(i, ToolCallItem)]
    assert call.tool_name == "bash"
    assert state.get_interruptions()[0].tool_name == "bash"


async def test_a_shell_approval_inside_an_agent_tool_surfaces_on_the_outer_run() -> None:
    from agentkit.testing import ScriptedModel, assistant_message, function_call
    from agentkit.types.responses import ResponseFunctionShellToolCall

    call = ResponseFunctionShellToolCall.model_validate(
        {"id": "sh_s1", "call_id": "s1", "action": {"commands": ["echo hi"]}}
    )
    ran: list[str] = []
    tool = ShellTool(executor=lambda r: ran.append("ran") or "hi", needs_approval=True)
    inner = Agent(
        name="inner", model=ScriptedModel([[call], [assistant_message("inner done")]]), tools=[tool]
    )
    outer = Agent(
        name="outer",
        model=ScriptedModel(
            [[function_call("run_inner", {"input": "go"}, call_id="o1")], [assistant_message("ok")]]
        ),
        tools=[inner.as_tool(tool_name="run_inner", tool_description="Runs inner.")],
    )
    result = await Runner.run(outer, "x")
    assert [(i.tool_name, i.call_id, i.agent.name) for i in result.interruptions] == [
        ("shell", "s1", "inner")
    ]
    assert ran == []
    state = await RunState.from_string(outer, result.to_state().to_string())
    state.approve(state.get_interruptions()[0])
    resumed = await Runner.run(outer, state)
    assert (resumed.final_output, ran) == ("ok", ["ran"])
