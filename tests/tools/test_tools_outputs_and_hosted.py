"""Rich tool outputs and their wire form, hosted tool classes, ToolContext."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from agentkit.computer import AsyncComputer, Computer
from agentkit.exceptions import UserError
from agentkit.run_context import RunContextWrapper
from agentkit.tool import (
    CodeInterpreterTool,
    ComputerProvider,
    ComputerTool,
    FileSearchTool,
    HostedMCPTool,
    ImageGenerationTool,
    LocalShellCommandRequest,
    LocalShellTool,
    MCPToolApprovalFunctionResult,
    ToolOutputFileContent,
    ToolOutputImage,
    ToolOutputText,
    WebSearchTool,
    _convert_tool_output,
)
from agentkit.tool_context import ToolContext
from agentkit.usage import Usage


def test_image_output_needs_url_or_file_id() -> None:
    with pytest.raises(ValidationError, match="image_url or file_id"):
        ToolOutputImage()
    assert ToolOutputImage(file_id="f").type == "image"
    with pytest.raises(ValidationError):
        ToolOutputImage(image_url="u", detail="extreme")  # type: ignore[arg-type]


def test_file_output_needs_a_source() -> None:
    with pytest.raises(ValidationError, match="file_data, file_url, or file_id"):
        ToolOutputFileContent(filename="a.txt")
    for source in ("file_data", "file_url", "file_id"):
        assert ToolOutputFileContent(**{source: "x"}).type == "file"


@pytest.mark.parametrize(
    ("output", "expected"),
    [
        ("plain", "plain"),
        (42, "42"),
        ({"a": 1}, "{'a': 1}"),
        ([], "[]"),
        ([1, 2], "[1, 2]"),
        (ToolOutputText(text="hi"), [{"type": "input_text", "text": "hi"}]),
        ({"type": "text", "text": "hi"}, [{"type": "input_text", "text": "hi"}]),
        (
            ToolOutputImage(image_url="data:image/png;base64,AA", detail="low"),
            [{"type": "input_image", "image_url": "data:image/png;base64,AA", "detail": "low"}],
        ),
        ({"type": "image", "file_id": "file_1"}, [{"type": "input_image", "file_id": "file_1"}]),
        (
            ToolOutputFileContent(file_data="QQ==", filename="a.pdf"),
            [{"type": "input_file", "file_data": "QQ==", "filename": "a.pdf"}],
        ),
        (
            [ToolOutputText(text="a"), {"type": "file", "file_url": "https://x/f.pdf"}],
            [
                {"type": "input_text", "text": "a"},
                {"type": "input_file", "file_url": "https://x/f.pdf"},
            ],
        ),
        ((ToolOutputText(text="t"),), [{"type": "input_text", "text": "t"}]),
        # One item that is not structured: the whole list is stringified.
        ([ToolOutputText(text="a"), "b"], "[ToolOutputText(type='text', text='a'), 'b']"),
        # A dict with a type that is not a valid output stays plain data.
        ({"type": "image"}, "{'type': 'image'}"),
    ],
)
def test_convert_tool_output(output: Any, expected: Any) -> None:
    assert _convert_tool_output(output) == expected


def test_hosted_tool_names_and_fields() -> None:
    assert FileSearchTool(vector_store_ids=["vs"]).name == "file_search"
    fs = FileSearchTool(vector_store_ids=["vs"], max_num_results=3, include_search_results=True)
    assert (fs.max_num_results, fs.include_search_results, fs.ranking_options, fs.filters) == (
        3,
        True,
        None,
        None,
    )
    web = WebSearchTool()
    assert (web.name, web.search_context_size, web.user_location) == ("web_search", "medium", None)
    assert HostedMCPTool(tool_config={"type": "mcp", "server_label": "s"}).name == "hosted_mcp"
    assert (
        CodeInterpreterTool(
            tool_config={"type": "code_interpreter", "container": {"type": "auto"}}
        ).name
        == "code_interpreter"
    )
    assert ImageGenerationTool(tool_config={"type": "image_generation"}).name == "image_generation"

    def run(request: LocalShellCommandRequest) -> str:
        return "ok"

    assert LocalShellTool(executor=run).name == "local_shell"
    approval: MCPToolApprovalFunctionResult = {"approve": False, "reason": "no"}
    assert approval["reason"] == "no"


def test_web_search_filters_dict_is_coerced() -> None:
    from agentkit.types.responses import WebSearchToolFilters

    web = WebSearchTool(filters={"allowed_domains": ["example.com"]})
    assert isinstance(web.filters, WebSearchToolFilters)
    assert web.filters.allowed_domains == ["example.com"]
    with pytest.raises(UserError, match="web search filters"):
        WebSearchTool(filters={"allowed_domains": "not-a-list"})


def test_hosted_mcp_config_is_copied() -> None:
    config = {"type": "mcp", "server_label": "s", "server_url": "https://x"}
    tool = HostedMCPTool(tool_config=config)
    tool.tool_config["server_label"] = "changed"
    assert config["server_label"] == "s"


class _Screen(Computer):
    def screenshot(self) -> str:
        return "png"

    def click(self, x: int, y: int, button: Any) -> None: ...
    def double_click(self, x: int, y: int) -> None: ...
    def scroll(self, x: int, y: int, scroll_x: int, scroll_y: int) -> None: ...
    def type(self, text: str) -> None: ...
    def wait(self) -> None: ...
    def move(self, x: int, y: int) -> None: ...
    def keypress(self, keys: list[str]) -> None: ...
    def drag(self, path: list[tuple[int, int]]) -> None: ...


def test_computer_tool_and_interfaces() -> None:
    screen = _Screen()
    assert (screen.environment, screen.dimensions) == (None, None)
    tool = ComputerTool(computer=screen)
    assert (tool.name, tool.trace_name, tool.on_safety_check) == (
        "computer_use_preview",
        "computer",
        None,
    )

    def create(*, run_context: RunContextWrapper[Any]) -> _Screen:
        return _Screen()

    provider = ComputerProvider(create=create)
    assert ComputerTool(computer=provider).computer is provider
    with pytest.raises(TypeError):
        Computer()  # type: ignore[abstract]
    with pytest.raises(TypeError):
        AsyncComputer()  # type: ignore[abstract]


def test_tool_context_fields_and_requirements() -> None:
    usage = Usage()
    ctx = ToolContext({"user": 1}, usage, "lookup", "call_1", '{"q": "x"}')
    assert (ctx.context, ctx.usage, ctx.tool_name, ctx.tool_call_id, ctx.tool_arguments) == (
        {"user": 1},
        usage,
        "lookup",
        "call_1",
        '{"q": "x"}',
    )
    assert (ctx.tool_call, ctx.tool_namespace, ctx.agent, ctx.run_config) == (
        None,
        None,
        None,
        None,
    )
    assert ctx.qualified_tool_name == "lookup"
    assert isinstance(ctx, RunContextWrapper)
    for missing in ("tool_name", "tool_call_id", "tool_arguments"):
        kwargs = {"tool_name": "t", "tool_call_id": "c", "tool_arguments": "{}"}
        del kwargs[missing]
        with pytest.raises(ValueError, match=missing):
            ToolContext(context=None, **kwargs)
    assert (
        ToolContext(
            None, tool_name="n", tool_call_id="c", tool_arguments="{}", tool_namespace="ns"
        ).qualified_tool_name
        == "ns.n"
    )


def test_tool_context_from_agent_context_shares_usage() -> None:
    from agentkit.types.responses import ResponseFunctionToolCall

    run_ctx: RunContextWrapper[str] = RunContextWrapper(context="app")
    call = ResponseFunctionToolCall(
        arguments='{"a": 1}', call_id="call_7", name="adder", type="function_call"
    )
    tctx = ToolContext.from_agent_context(run_ctx, "call_7", tool_call=call)
    assert (tctx.tool_name, tctx.tool_arguments, tctx.tool_call_id) == (
        "adder",
        '{"a": 1}',
        "call_7",
    )
    assert tctx.context == "app" and tctx.usage is run_ctx.usage and tctx.tool_call is call
    explicit = ToolContext.from_agent_context(run_ctx, "c2", tool_name="x", tool_arguments="{}")
    assert (explicit.tool_name, explicit.tool_arguments) == ("x", "{}")
    with pytest.raises(ValueError, match="tool_name"):
        ToolContext.from_agent_context(run_ctx, "c3")
    # A nested ToolContext carries agent and run_config over.
    marker: Any = object()
    parent = ToolContext(None, tool_name="p", tool_call_id="c", tool_arguments="{}", agent=marker)
    assert (
        ToolContext.from_agent_context(parent, "c4", tool_name="x", tool_arguments="{}").agent
        is marker
    )
