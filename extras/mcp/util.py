"""Tool filters, MCP request metadata hooks and `MCPUtil` (MCP tools as function tools).

Importing this module does not import the `mcp` package.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Protocol, Union

from typing_extensions import NotRequired, TypedDict

from .._run import mcp_tools as _tools
from ..run_context import RunContextWrapper
from ..tool import (
    FunctionTool,
    Tool,
    ToolErrorFunction,
    ToolOutputImageDict,
    ToolOutputTextDict,
    default_tool_error_function,
)
from ..util._dataclass import dataclass
from ..util._types import MaybeAwaitable

if TYPE_CHECKING:
    from mcp.types import Tool as MCPTool

    from ..agent import AgentBase
    from .server import MCPServer

    ToolOutputItem = ToolOutputTextDict | ToolOutputImageDict
    ToolOutput = str | ToolOutputItem | list[ToolOutputItem]
else:
    MCPTool = Any
    ToolOutputItem = Union[ToolOutputTextDict, ToolOutputImageDict]  # noqa: UP007
    ToolOutput = Union[str, ToolOutputItem, list[ToolOutputItem]]  # noqa: UP007


class HttpClientFactory(Protocol):
    """Builds the HTTP client of an SSE or Streamable HTTP server.

    It must return the client type of the HTTP library the installed `mcp` uses:
    `httpx2.AsyncClient` with mcp 2.x, `httpx.AsyncClient` with mcp 1.x.
    """

    def __call__(
        self,
        headers: dict[str, str] | None = None,
        timeout: Any = None,
        auth: Any = None,
    ) -> Any: ...


@dataclass
class ToolFilterContext:
    """What a tool filter callable is given."""

    run_context: RunContextWrapper[Any]
    """The current run context."""
    agent: AgentBase[Any]
    """The agent asking for the tools."""
    server_name: str
    """The MCP server's name."""


ToolFilterCallable = Callable[[ToolFilterContext, "MCPTool"], MaybeAwaitable[bool]]
"""`(context, tool) -> bool` (sync or async): whether the tool is offered to the agent."""


class ToolFilterStatic(TypedDict):
    """A fixed filter: the allow-list is applied first, then blocked names are removed."""

    allowed_tool_names: NotRequired[list[str]]
    """Only these tools (when given)."""
    blocked_tool_names: NotRequired[list[str]]
    """Never these tools (when given)."""


ToolFilter = Union[ToolFilterCallable, ToolFilterStatic, None]  # noqa: UP007
"""A callable filter, a static filter, or None (every tool)."""


@dataclass
class MCPToolMetaContext:
    """What a `tool_meta_resolver` is given before each tool call."""

    run_context: RunContextWrapper[Any]
    server_name: str
    tool_name: str
    arguments: dict[str, Any] | None


@dataclass(frozen=True)
class MCPToolCustomDataContext:
    """What a `custom_data_extractor` is given (accepted for API parity; not called yet)."""

    run_context: RunContextWrapper[Any]
    server_name: str
    tool_name: str
    tool_display_name: str
    arguments: Mapping[str, Any]
    result_meta: Mapping[str, Any] | None
    structured_content: Mapping[str, Any] | None
    is_error: bool | None
    tool_output: ToolOutput


MCPToolMetaResolver = Callable[[MCPToolMetaContext], MaybeAwaitable[Union[dict[str, Any], None]]]  # noqa: UP007
"""Returns the `_meta` to send with a tool call, or None."""
MCPToolCustomDataExtractor = Callable[
    [MCPToolCustomDataContext], MaybeAwaitable[Union[Mapping[str, Any], None]]  # noqa: UP007
]


def create_static_tool_filter(
    allowed_tool_names: list[str] | None = None,
    blocked_tool_names: list[str] | None = None,
) -> ToolFilterStatic | None:
    """A `ToolFilterStatic` from an allow-list and/or a block-list; None when neither is given."""
    if allowed_tool_names is None and blocked_tool_names is None:
        return None
    result: ToolFilterStatic = {}
    if allowed_tool_names is not None:
        result["allowed_tool_names"] = allowed_tool_names
    if blocked_tool_names is not None:
        result["blocked_tool_names"] = blocked_tool_names
    return result


class MCPUtil:
    """Turns MCP servers' tools into function tools (what `Agent(mcp_servers=...)` uses)."""

    @classmethod
    async def get_all_function_tools(
        cls,
        servers: list[MCPServer],
        convert_schemas_to_strict: bool,
        run_context: RunContextWrapper[Any],
        agent: AgentBase[Any],
        failure_error_function: ToolErrorFunction | None = default_tool_error_function,
        include_server_in_tool_names: bool = False,
        reserved_tool_names: set[str] | None = None,
    ) -> list[Tool]:
        """The tools of every server; names repeated across servers raise `UserError`."""
        tools = await _tools.mcp_function_tools(
            list(servers),
            convert_schemas_to_strict,
            run_context,
            agent,
            failure_error_function,
            include_server_in_tool_names=include_server_in_tool_names,
            reserved_tool_names=reserved_tool_names,
        )
        return list(tools)

    @classmethod
    async def get_function_tools(
        cls,
        server: MCPServer,
        convert_schemas_to_strict: bool,
        run_context: RunContextWrapper[Any],
        agent: AgentBase[Any],
        failure_error_function: ToolErrorFunction | None = default_tool_error_function,
        include_server_in_tool_names: bool = False,
        tool_name_override: Callable[[MCPTool], str] | None = None,
        reserved_tool_names: set[str] | None = None,
    ) -> list[Tool]:
        """The tools of one server (listed inside an `mcp_tools` span)."""
        listed = await _tools.list_tools_traced(server, run_context, agent)
        names: list[str | None] = [None] * len(listed)
        if tool_name_override is not None:
            names = [tool_name_override(tool) for tool in listed]
        elif include_server_in_tool_names:
            prefixed = _tools.prefixed_tool_names(
                [(_tools.server_label(server), listed)], reserved=set(reserved_tool_names or ())
            )
            names = [prefixed[(0, index)] for index in range(len(listed))]
        return [
            cls.to_function_tool(
                tool,
                server,
                convert_schemas_to_strict,
                agent,
                failure_error_function=failure_error_function,
                tool_name_override=name,
            )
            for tool, name in zip(listed, names, strict=True)
        ]

    @classmethod
    def to_function_tool(
        cls,
        tool: MCPTool,
        server: MCPServer,
        convert_schemas_to_strict: bool,
        agent: AgentBase[Any] | None = None,
        failure_error_function: ToolErrorFunction | None = default_tool_error_function,
        tool_name_override: str | None = None,
    ) -> FunctionTool:
        """One MCP tool as a `FunctionTool` whose calls go to `server.call_tool`."""
        function_tool: FunctionTool = _tools.to_function_tool(
            tool,
            server,
            convert_schemas_to_strict,
            agent,
            failure_error_function,
            name_override=tool_name_override,
        )
        return function_tool

    @classmethod
    async def invoke_mcp_tool(
        cls,
        server: MCPServer,
        tool: MCPTool,
        context: RunContextWrapper[Any],
        input_json: str,
        *,
        meta: dict[str, Any] | None = None,
        tool_display_name: str | None = None,
    ) -> ToolOutput:
        """Call the tool with the model's JSON arguments; return the converted output."""
        output: ToolOutput = await _tools.invoke_mcp_tool(
            server, tool, context, input_json, meta=meta, tool_display_name=tool_display_name
        )
        return output
