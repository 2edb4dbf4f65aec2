"""MCP servers an agent can use: over stdio, HTTP with SSE, and Streamable HTTP.

Differences from upstream, all deliberate:
- The transport and session are opened and closed by one owner task (see `_connection`), so
  `cleanup()` works from any task.
- A closed connection (say, the server process exited) is reported as such, naming the server and
  telling you to call `connect()` again, which reconnects.
- A request that times out raises `UserError` naming the server, the operation and the limit.
- A `notifications/tools/list_changed` from the server clears the tools cache.
"""

from __future__ import annotations

import abc
import asyncio
import copy
import inspect
import logging
import math
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, AsyncExitStack, asynccontextmanager
from datetime import timedelta
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from typing_extensions import NotRequired, Self, TypedDict

from .._run.mcp_tools import _UNSET, safe_server_name
from ..exceptions import UserError
from ..logger import logger
from ..run_context import RunContextWrapper
from ..tool import ToolErrorFunction
from ..tool_guardrails import ToolInputGuardrail, ToolOutputGuardrail
from . import _compat
from ._approval import (
    LocalMCPApprovalCallable,
    RequireApprovalMapping,
    RequireApprovalObject,
    RequireApprovalPolicy,
    RequireApprovalSetting,
    RequireApprovalToolList,
    needs_approval_for,
    normalize_require_approval,
)
from ._connection import OwnedSession
from .util import (
    HttpClientFactory,
    MCPToolCustomDataExtractor,
    MCPToolMetaResolver,
    ToolFilter,
    ToolFilterContext,
    ToolFilterStatic,
)

if TYPE_CHECKING:
    from mcp.types import (
        CallToolResult,
        GetPromptResult,
        InitializeResult,
        ListPromptsResult,
        ListResourcesResult,
        ListResourceTemplatesResult,
        ReadResourceResult,
    )
    from mcp.types import Tool as MCPTool

    from ..agent import AgentBase

__all__ = [
    "GetSessionIdCallback",
    "LocalMCPApprovalCallable",
    "MCPServer",
    "MCPServerSse",
    "MCPServerSseParams",
    "MCPServerStdio",
    "MCPServerStdioParams",
    "MCPServerStreamableHttp",
    "MCPServerStreamableHttpParams",
    "MCPStreamTransport",
    "RequireApprovalMapping",
    "RequireApprovalObject",
    "RequireApprovalPolicy",
    "RequireApprovalSetting",
    "RequireApprovalToolList",
]

GetSessionIdCallback = Callable[[], str | None]
"""Returns the streamable HTTP session id the server assigned, if any."""
MCPStreamTransport = tuple[Any, Any] | tuple[Any, Any, GetSessionIdCallback | None]
"""What an MCP client transport yields: read and write streams (and a session id getter)."""


def __getattr__(name: str) -> Any:
    # The `mcp` package's streamable HTTP client, under upstream's names; imported on first use
    # so that importing this module does not load the HTTP client stack.
    if name in ("StreamableHTTPTransport", "streamablehttp_client"):
        module = __import__("mcp.client.streamable_http", fromlist=["_"])
        return vars(module).get(name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


T = TypeVar("T")
MessageHandlerFnT = Callable[[Any], Awaitable[None]]
"""Receives every message the session delivers (server requests, notifications, exceptions)."""
_NOT_CONNECTED = "Server not initialized. Make sure you call `connect()` first."


class MCPServer(abc.ABC):
    """A Model Context Protocol server whose tools an agent can call."""

    def __init__(
        self,
        use_structured_content: bool = False,
        require_approval: RequireApprovalSetting = None,
        failure_error_function: ToolErrorFunction | Any | None = _UNSET,
        tool_meta_resolver: MCPToolMetaResolver | None = None,
        custom_data_extractor: MCPToolCustomDataExtractor | None = None,
        *,
        tool_input_guardrails: list[ToolInputGuardrail[Any]] | None = None,
        tool_output_guardrails: list[ToolOutputGuardrail[Any]] | None = None,
    ) -> None:
        """
        Args:
            use_structured_content: send the model a tool result's structured content (as JSON)
                instead of its content blocks. Off by default: most servers repeat the
                structured content in the blocks, so it would be sent twice.
            require_approval: "always"/"never", a tool name -> "always"/"never" (or bool) map,
                `{"always": {"tool_names": [...]}, "never": {...}}`, a bool, or
                `(run_context, agent, tool) -> bool`. Checked now; see `_approval`.
            failure_error_function: turns a failing tool call into the message for the model;
                None re-raises; unset uses the agent's `mcp_config` (default: a generic message).
            tool_meta_resolver: builds the MCP `_meta` sent with each tool call.
            custom_data_extractor: accepted for API parity; not called yet.
            tool_input_guardrails / tool_output_guardrails: added to every tool of this server.
        """
        self.use_structured_content = use_structured_content
        self._needs_approval_policy = normalize_require_approval(require_approval)
        self._failure_error_function = failure_error_function
        self.tool_meta_resolver = tool_meta_resolver
        self.custom_data_extractor = custom_data_extractor
        self.tool_input_guardrails = tool_input_guardrails
        self.tool_output_guardrails = tool_output_guardrails

    @abc.abstractmethod
    async def connect(self) -> None:
        """Connect (spawn the process, open the connection); it stays open until `cleanup()`."""

    @property
    @abc.abstractmethod
    def name(self) -> str:
        """A readable name for the server."""

    @abc.abstractmethod
    async def cleanup(self) -> None:
        """Close the connection (and end the process)."""

    @abc.abstractmethod
    async def list_tools(
        self,
        run_context: RunContextWrapper[Any] | None = None,
        agent: AgentBase[Any] | None = None,
    ) -> list[MCPTool]:
        """The server's tools (after this server's tool filter)."""

    @abc.abstractmethod
    async def call_tool(
        self,
        tool_name: str,
        arguments: dict[str, Any] | None,
        meta: dict[str, Any] | None = None,
    ) -> CallToolResult:
        """Call one tool."""

    @property
    def cached_tools(self) -> list[MCPTool] | None:
        """The last fetched tool list, if this server keeps one."""
        return None

    @abc.abstractmethod
    async def list_prompts(self) -> ListPromptsResult:
        """The server's prompts."""

    @abc.abstractmethod
    async def get_prompt(
        self, name: str, arguments: dict[str, Any] | None = None
    ) -> GetPromptResult:
        """Render one prompt."""

    async def list_resources(self, cursor: str | None = None) -> ListResourcesResult:
        """One page of the server's resources (pass the previous page's cursor for the next)."""
        raise NotImplementedError(
            f"MCP server '{self._error_name}' does not support list_resources."
        )

    async def list_resource_templates(
        self, cursor: str | None = None
    ) -> ListResourceTemplatesResult:
        """One page of the server's resource templates."""
        raise NotImplementedError(
            f"MCP server '{self._error_name}' does not support list_resource_templates."
        )

    async def read_resource(self, uri: str) -> ReadResourceResult:
        """The contents of one resource."""
        raise NotImplementedError(
            f"MCP server '{self._error_name}' does not support read_resource."
        )

    @property
    def _error_name(self) -> str:
        return safe_server_name(self.name)

    def _get_needs_approval_for_tool(self, tool: MCPTool, agent: AgentBase[Any] | None) -> Any:
        return needs_approval_for(self._needs_approval_policy, tool, agent)

    def _get_failure_error_function(
        self, agent_failure_error_function: ToolErrorFunction | None
    ) -> ToolErrorFunction | None:
        if self._failure_error_function is _UNSET:
            return agent_failure_error_function
        chosen: ToolErrorFunction | None = self._failure_error_function
        return chosen


def _check_timeout(seconds: float | None) -> None:
    if seconds is None:
        return
    if isinstance(seconds, bool) or not isinstance(seconds, int | float):
        raise TypeError("client_session_timeout_seconds must be a number of seconds or None.")
    if seconds != 0 and (
        not math.isfinite(seconds) or seconds < timedelta.resolution.total_seconds()
    ):
        raise ValueError("client_session_timeout_seconds must be zero or a positive finite value.")


class _MCPServerWithClientSession(MCPServer, abc.ABC):
    """An MCP server reached through an `mcp` client session over some transport."""

    def __init__(
        self,
        cache_tools_list: bool,
        client_session_timeout_seconds: float | None,
        tool_filter: ToolFilter = None,
        use_structured_content: bool = False,
        max_retry_attempts: int = 0,
        retry_backoff_seconds_base: float = 1.0,
        message_handler: MessageHandlerFnT | None = None,
        require_approval: RequireApprovalSetting = None,
        failure_error_function: ToolErrorFunction | Any | None = _UNSET,
        tool_meta_resolver: MCPToolMetaResolver | None = None,
        custom_data_extractor: MCPToolCustomDataExtractor | None = None,
        retry_backoff_seconds_max: float | None = None,
        *,
        tool_input_guardrails: list[ToolInputGuardrail[Any]] | None = None,
        tool_output_guardrails: list[ToolOutputGuardrail[Any]] | None = None,
        max_list_pages: int | None = None,
    ) -> None:
        super().__init__(
            use_structured_content=use_structured_content,
            require_approval=require_approval,
            failure_error_function=failure_error_function,
            tool_meta_resolver=tool_meta_resolver,
            custom_data_extractor=custom_data_extractor,
            tool_input_guardrails=tool_input_guardrails,
            tool_output_guardrails=tool_output_guardrails,
        )
        _check_timeout(client_session_timeout_seconds)
        if retry_backoff_seconds_max is not None and (
            isinstance(retry_backoff_seconds_max, bool)
            or not isinstance(retry_backoff_seconds_max, int | float)
            or not math.isfinite(retry_backoff_seconds_max)
            or retry_backoff_seconds_max < 0
        ):
            raise ValueError("retry_backoff_seconds_max must be a non-negative number or None.")
        if max_list_pages is not None and (
            isinstance(max_list_pages, bool)
            or not isinstance(max_list_pages, int)
            or max_list_pages < 1
        ):
            raise ValueError("max_list_pages must be a positive integer or None.")
        self.session: Any = None
        """The `mcp.ClientSession`, while connected."""
        self.server_initialize_result: InitializeResult | None = None
        self.cache_tools_list = cache_tools_list
        self.client_session_timeout_seconds = client_session_timeout_seconds
        self.tool_filter = tool_filter
        self.max_retry_attempts = max_retry_attempts
        self.retry_backoff_seconds_base = retry_backoff_seconds_base
        self.retry_backoff_seconds_max = retry_backoff_seconds_max
        self.max_list_pages = max_list_pages
        self.message_handler = message_handler
        self._owner: OwnedSession | None = None
        self._closed_reason: str | None = None
        self._lock = asyncio.Lock()
        self._cache_dirty = True
        self._tools_list: list[MCPTool] | None = None

    @abc.abstractmethod
    def create_streams(self) -> AbstractAsyncContextManager[Any]:
        """The transport: an async context manager yielding (read stream, write stream, ...)."""

    async def __aenter__(self) -> Self:
        await self.connect()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.cleanup()

    @property
    def cached_tools(self) -> list[MCPTool] | None:
        """A copy of the cached tool list, or None when nothing is cached."""
        return None if self._tools_list is None else copy.deepcopy(self._tools_list)

    def invalidate_tools_cache(self) -> None:
        """Fetch the tool list again on the next `list_tools()`."""
        self._cache_dirty = True

    # --- connection -------------------------------------------------------------------------

    async def connect(self) -> None:
        """Connect; if a connection is open (or has died), close it first, so this reconnects."""
        async with self._lock:
            await self._close_owner()
            owner = OwnedSession(self._open)
            failure: str | None = None
            try:
                session, initialized = await owner.open()
            except Exception as error:
                failure = _connect_failure(error)
                if failure is None:
                    raise
            if failure is not None:
                # Without context: the HTTP errors hold URLs, which may hold secrets.
                _compat.raise_detached(
                    UserError(f"Failed to connect to MCP server '{self._error_name}': {failure}")
                )
            self._owner, self.session = owner, session
            self.server_initialize_result = initialized
            self._closed_reason = None

    async def _open(self, stack: AsyncExitStack) -> tuple[Any, Any]:
        return await _compat.open_session(
            stack,
            self.create_streams(),
            self.client_session_timeout_seconds,
            self._handle_message,
        )

    async def _handle_message(self, message: Any) -> None:
        root = getattr(message, "root", message)  # 1.x wraps notifications in a RootModel
        if getattr(root, "method", None) == "notifications/tools/list_changed":
            self.invalidate_tools_cache()
        if self.message_handler is not None:
            await self.message_handler(message)

    async def cleanup(self) -> None:
        """Close the session and transport (end the process); safe to call from any task, twice."""
        async with self._lock:
            await self._close_owner()

    async def _close_owner(self) -> None:
        owner, self._owner = self._owner, None
        self.session = None
        if owner is None:
            return
        try:
            await owner.close()
        except Exception as error:
            logger.warning(
                "Error cleaning up MCP server '%s': %s", self._error_name, type(error).__name__
            )
        if owner.failure is not None and logger.isEnabledFor(logging.DEBUG):
            logger.debug("MCP server '%s' transport ended: %r", self._error_name, owner.failure)

    def _connection_alive(self) -> bool:
        return self._closed_reason is None and (self._owner is None or self._owner.running)

    def _require_session(self, operation: str) -> Any:
        if self.session is None:
            raise UserError(_NOT_CONNECTED)
        if not self._connection_alive():
            raise UserError(self._closed_message(operation))
        return self.session

    def _closed_message(self, operation: str) -> str:
        return (
            f"Failed to {operation} on MCP server '{self._error_name}': the connection is closed "
            "(for a stdio server, its process has probably exited). Call `connect()` again to "
            "reconnect."
        )

    # --- requests ---------------------------------------------------------------------------

    def _backoff(self, attempt: int) -> float:
        delay = float(self.retry_backoff_seconds_base) * float(2**attempt)
        if self.retry_backoff_seconds_max is not None:
            delay = min(delay, self.retry_backoff_seconds_max)
        return max(0.0, delay)

    async def _request(self, operation: str, send: Callable[[Any], Awaitable[T]]) -> T:
        """`send(session)` with the retry policy; failures become `UserError`s naming the server."""
        session = self._require_session(operation)
        attempt = 0
        while True:
            mapped: UserError | None = None
            try:
                return await send(session)
            except Exception as error:
                mapped = self._map_error(operation, error)
                final = self._closed_reason is not None or (
                    self.max_retry_attempts != -1 and attempt >= self.max_retry_attempts
                )
                if final and mapped is None:
                    raise
                if final and mapped is not None and not _compat.http_errors(error):
                    raise mapped from error
            if mapped is not None and final:
                # Without context: HTTP errors hold URLs, which may hold secrets.
                _compat.raise_detached(mapped)
            await asyncio.sleep(self._backoff(attempt))
            attempt += 1

    def _map_error(self, operation: str, error: Exception) -> UserError | None:
        if _compat.is_connection_closed(error):
            self._closed_reason = "closed"
            return UserError(self._closed_message(operation))
        if _compat.is_timeout(error):
            limit = self.client_session_timeout_seconds
            return UserError(
                f"Failed to {operation} on MCP server '{self._error_name}': no answer within "
                f"{limit:g} seconds (client_session_timeout_seconds)."
            )
        found = _compat.http_errors(error)
        if found:
            return UserError(
                f"Failed to {operation} on MCP server '{self._error_name}': "
                f"{_compat.describe_http_error(found[0])}"
            )
        return None

    async def list_tools(
        self,
        run_context: RunContextWrapper[Any] | None = None,
        agent: AgentBase[Any] | None = None,
    ) -> list[MCPTool]:
        """The server's tools after the tool filter (fetched once when `cache_tools_list`)."""
        if self.session is None:
            raise UserError(_NOT_CONNECTED)
        if self._tools_list is not None and (
            (self.cache_tools_list and not self._cache_dirty) or not self._connection_alive()
        ):
            # A dead connection keeps offering the last list, so a run goes on and its calls
            # fail as tool errors (which say to reconnect) instead of the whole run failing.
            tools = self._tools_list
        else:
            tools = await self._fetch_tools()
        if self.tool_filter is not None:
            tools = await self._apply_tool_filter(tools, run_context, agent)
        return copy.deepcopy(tools)

    async def _fetch_tools(self) -> list[MCPTool]:
        self._cache_dirty = False
        try:
            self._tools_list = await self._all_pages("list tools", "list_tools", "tools")
        except UserError:
            if self._tools_list is None or self._connection_alive():
                self._cache_dirty = True
                raise
            logger.warning(
                "MCP server '%s' is disconnected; offering its last tool list", self._error_name
            )
        return self._tools_list

    async def _all_pages(self, operation: str, method: str, field: str) -> list[Any]:
        items: list[Any] = []
        cursor: str | None = None
        seen: set[str | None] = set()
        while True:
            if self.max_list_pages is not None and len(seen) >= self.max_list_pages:
                raise UserError(
                    f"MCP server '{self._error_name}': listing exceeded max_list_pages "
                    f"({self.max_list_pages}). Increase max_list_pages, or check the server's "
                    "pagination."
                )
            page = await self._request(operation, _page_request(method, cursor))
            items.extend(getattr(page, field))
            seen.add(cursor)
            cursor = _compat.next_cursor(page)
            if cursor is None:
                return items
            if cursor in seen:
                raise UserError(
                    f"MCP server '{self._error_name}' returned a repeated cursor while listing."
                )

    async def _apply_tool_filter(
        self,
        tools: list[MCPTool],
        run_context: RunContextWrapper[Any] | None,
        agent: AgentBase[Any] | None,
    ) -> list[MCPTool]:
        tool_filter = self.tool_filter
        if isinstance(tool_filter, dict):
            return _static_filter(tools, tool_filter)
        if not callable(tool_filter):
            raise UserError("tool_filter must be a ToolFilterStatic dict, a callable or None.")
        if run_context is None or agent is None:
            raise UserError("run_context and agent are required for dynamic tool filtering")
        context = ToolFilterContext(run_context=run_context, agent=agent, server_name=self.name)
        kept: list[MCPTool] = []
        for tool in tools:
            try:
                verdict = tool_filter(context, copy.deepcopy(tool))
                if inspect.isawaitable(verdict):
                    verdict = await verdict
            except Exception as error:
                logger.error(
                    "Error applying MCP tool filter to tool '%s' on server '%s': %s",
                    tool.name,
                    self._error_name,
                    error,
                )
                continue  # a filter that fails hides the tool
            if verdict:
                kept.append(tool)
        return kept

    async def call_tool(
        self,
        tool_name: str,
        arguments: dict[str, Any] | None,
        meta: dict[str, Any] | None = None,
    ) -> CallToolResult:
        """Call one tool; with `max_retry_attempts`, failed requests are retried."""
        operation = f"call tool '{tool_name}'"
        self._require_session(operation)
        self._check_required(tool_name, arguments)
        if meta is None:
            result = await self._request(operation, lambda s: s.call_tool(tool_name, arguments))
        else:
            result = await self._request(
                operation, lambda s: s.call_tool(tool_name, arguments, meta=meta)
            )
        typed: CallToolResult = result
        return typed

    def _check_required(self, tool_name: str, arguments: dict[str, Any] | None) -> None:
        """Missing required arguments (per the cached schema) fail before the request."""
        if self._cache_dirty or self._tools_list is None:
            return
        tool = next((t for t in self._tools_list if t.name == tool_name), None)
        schema = getattr(tool, "input_schema", None) or getattr(tool, "inputSchema", None)
        required = schema.get("required") if isinstance(schema, dict) else None
        if not isinstance(required, list) or not required:
            return
        if arguments is not None and not isinstance(arguments, dict):
            raise UserError(
                f"Failed to call tool '{tool_name}' on MCP server '{self._error_name}': "
                "arguments must be an object."
            )
        missing = sorted(n for n in required if isinstance(n, str) and n not in (arguments or {}))
        if missing:
            raise UserError(
                f"Failed to call tool '{tool_name}' on MCP server '{self._error_name}': "
                f"missing required parameters: {', '.join(missing)}"
            )

    async def list_prompts(self) -> ListPromptsResult:
        """The server's prompts (every page)."""
        first = await self._request("list prompts", lambda s: s.list_prompts())
        if _compat.next_cursor(first) is None:
            typed: ListPromptsResult = first
            return typed
        prompts = await self._all_pages("list prompts", "list_prompts", "prompts")
        merged: ListPromptsResult = _compat.without_cursor(first, prompts=prompts)
        return merged

    async def get_prompt(
        self, name: str, arguments: dict[str, Any] | None = None
    ) -> GetPromptResult:
        """Render one prompt with its arguments."""
        result: GetPromptResult = await self._request(
            f"get prompt '{name}'", lambda s: s.get_prompt(name, arguments)
        )
        return result

    async def list_resources(self, cursor: str | None = None) -> ListResourcesResult:
        """One page of resources; pass the page's next cursor for the following one."""
        if _compat.is_v2():
            kwargs = _compat.paginated(cursor)
            send: Callable[[Any], Awaitable[Any]] = lambda s: s.list_resources(**kwargs)  # noqa: E731
        else:
            send = lambda s: s.list_resources(cursor)  # noqa: E731
        result: ListResourcesResult = await self._request("list resources", send)
        return result

    async def list_resource_templates(
        self, cursor: str | None = None
    ) -> ListResourceTemplatesResult:
        """One page of resource templates."""
        if _compat.is_v2():
            kwargs = _compat.paginated(cursor)
            send: Callable[[Any], Awaitable[Any]] = lambda s: s.list_resource_templates(**kwargs)  # noqa: E731
        else:
            send = lambda s: s.list_resource_templates(cursor)  # noqa: E731
        result: ListResourceTemplatesResult = await self._request("list resource templates", send)
        return result

    async def read_resource(self, uri: str) -> ReadResourceResult:
        """The contents of the resource at `uri`."""
        target = _compat.resource_uri(uri)
        result: ReadResourceResult = await self._request(
            "read resource", lambda s: s.read_resource(target)
        )
        return result


def _connect_failure(error: Exception) -> str | None:
    """What went wrong while connecting, in words safe to show (no URLs: they may hold secrets)."""
    found = _compat.http_errors(error)
    if found:
        return _compat.describe_http_error(found[0])
    protocol = _compat.mcp_errors(error)
    if protocol:
        code = _compat.error_code(protocol[0])
        return f"{_compat.error_message(protocol[0])} (MCP error {code})"
    return None


def _page_request(method: str, cursor: str | None) -> Callable[[Any], Awaitable[Any]]:
    kwargs = _compat.paginated(cursor)
    return lambda session: getattr(session, method)(**kwargs)


def _static_filter(tools: list[MCPTool], tool_filter: ToolFilterStatic) -> list[MCPTool]:
    if "allowed_tool_names" in tool_filter:
        allowed = tool_filter["allowed_tool_names"]
        tools = [t for t in tools if t.name in allowed]
    if "blocked_tool_names" in tool_filter:
        blocked = tool_filter["blocked_tool_names"]
        tools = [t for t in tools if t.name not in blocked]
    return tools


# --- stdio ------------------------------------------------------------------------------------


class MCPServerStdioParams(TypedDict):
    """How to start a stdio server (mirrors `mcp.StdioServerParameters`)."""

    command: str
    """The executable, e.g. `python` or `npx`."""
    args: NotRequired[list[str]]
    """Its arguments."""
    env: NotRequired[dict[str, str]]
    """Environment variables for the server, added to a minimal environment (HOME, PATH, USER,
    ...). Nothing else is inherited: pass API keys the server needs here explicitly."""
    cwd: NotRequired[str | Path]
    """The working directory."""
    encoding: NotRequired[str]
    """Text encoding on the pipes (default `utf-8`)."""
    encoding_error_handler: NotRequired[Literal["strict", "ignore", "replace"]]
    """Encoding error handler (default `strict`)."""


class MCPServerStdio(_MCPServerWithClientSession):
    """An MCP server run as a subprocess, spoken to over its stdin and stdout."""

    def __init__(
        self,
        params: MCPServerStdioParams,
        cache_tools_list: bool = False,
        name: str | None = None,
        client_session_timeout_seconds: float | None = 5,
        tool_filter: ToolFilter = None,
        use_structured_content: bool = False,
        max_retry_attempts: int = 0,
        retry_backoff_seconds_base: float = 1.0,
        message_handler: MessageHandlerFnT | None = None,
        require_approval: RequireApprovalSetting = None,
        failure_error_function: ToolErrorFunction | Any | None = _UNSET,
        tool_meta_resolver: MCPToolMetaResolver | None = None,
        custom_data_extractor: MCPToolCustomDataExtractor | None = None,
        retry_backoff_seconds_max: float | None = None,
        *,
        tool_input_guardrails: list[ToolInputGuardrail[Any]] | None = None,
        tool_output_guardrails: list[ToolOutputGuardrail[Any]] | None = None,
        max_list_pages: int | None = None,
    ) -> None:
        """`params` says how to start the process; the rest is as for every server (see
        `MCPServer`): `cache_tools_list` fetches the tool list once (`invalidate_tools_cache()`
        clears it); `client_session_timeout_seconds` limits each request (None or 0: no limit);
        `max_retry_attempts` retries failed requests (-1: forever) with exponential backoff from
        `retry_backoff_seconds_base` up to `retry_backoff_seconds_max`."""
        super().__init__(
            cache_tools_list=cache_tools_list,
            client_session_timeout_seconds=client_session_timeout_seconds,
            tool_filter=tool_filter,
            use_structured_content=use_structured_content,
            max_retry_attempts=max_retry_attempts,
            retry_backoff_seconds_base=retry_backoff_seconds_base,
            message_handler=message_handler,
            require_approval=require_approval,
            failure_error_function=failure_error_function,
            tool_meta_resolver=tool_meta_resolver,
            custom_data_extractor=custom_data_extractor,
            retry_backoff_seconds_max=retry_backoff_seconds_max,
            tool_input_guardrails=tool_input_guardrails,
            tool_output_guardrails=tool_output_guardrails,
            max_list_pages=max_list_pages,
        )
        if not isinstance(params, dict) or not isinstance(params.get("command"), str):
            raise UserError(
                "MCPServerStdio params need a 'command' string, e.g. {'command': 'npx'}."
            )
        self.params = params
        self._name = name or f"stdio: {params['command']}"

    def create_streams(self) -> AbstractAsyncContextManager[Any]:
        import mcp

        params = self.params
        server = mcp.StdioServerParameters(
            command=params["command"],
            args=list(params.get("args", [])),
            env=params.get("env"),
            cwd=params.get("cwd"),
            encoding=params.get("encoding", "utf-8"),
            encoding_error_handler=params.get("encoding_error_handler", "strict"),
        )
        streams: AbstractAsyncContextManager[Any] = mcp.stdio_client(server)
        return streams

    @property
    def name(self) -> str:
        return self._name


# --- HTTP transports --------------------------------------------------------------------------


def _default_http_client(
    headers: dict[str, str] | None = None, timeout: Any = None, auth: Any = None
) -> Any:
    """The HTTP client upstream uses: no redirects followed, the given headers/timeout/auth."""
    kwargs: dict[str, Any] = {"follow_redirects": False}
    for key, value in (("headers", headers), ("timeout", timeout), ("auth", auth)):
        if value is not None:
            kwargs[key] = value
    return _compat.httpx_module().AsyncClient(**kwargs)


def _seconds(value: float | timedelta) -> float:
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class MCPServerSseParams(TypedDict):
    """Where and how to reach an HTTP+SSE server."""

    url: str
    """The SSE endpoint."""
    headers: NotRequired[dict[str, str]]
    """Headers sent with every request."""
    timeout: NotRequired[float]
    """HTTP timeout in seconds (default 5)."""
    sse_read_timeout: NotRequired[float]
    """How long to wait for the next SSE event, in seconds (default 300)."""
    auth: NotRequired[Any]
    """An `httpx2.Auth` (mcp 2.x) or `httpx.Auth` (mcp 1.x)."""
    httpx_client_factory: NotRequired[HttpClientFactory]
    """Builds the HTTP client (see `HttpClientFactory`)."""


class MCPServerSse(_MCPServerWithClientSession):
    """An MCP server reached over HTTP with Server-Sent Events (the 2024-11-05 transport)."""

    def __init__(
        self,
        params: MCPServerSseParams,
        cache_tools_list: bool = False,
        name: str | None = None,
        client_session_timeout_seconds: float | None = 5,
        tool_filter: ToolFilter = None,
        use_structured_content: bool = False,
        max_retry_attempts: int = 0,
        retry_backoff_seconds_base: float = 1.0,
        message_handler: MessageHandlerFnT | None = None,
        require_approval: RequireApprovalSetting = None,
        failure_error_function: ToolErrorFunction | Any | None = _UNSET,
        tool_meta_resolver: MCPToolMetaResolver | None = None,
        custom_data_extractor: MCPToolCustomDataExtractor | None = None,
        retry_backoff_seconds_max: float | None = None,
        *,
        tool_input_guardrails: list[ToolInputGuardrail[Any]] | None = None,
        tool_output_guardrails: list[ToolOutputGuardrail[Any]] | None = None,
        max_list_pages: int | None = None,
    ) -> None:
        """`params` holds the URL, headers and timeouts; the rest is as for `MCPServerStdio`."""
        super().__init__(
            cache_tools_list=cache_tools_list,
            client_session_timeout_seconds=client_session_timeout_seconds,
            tool_filter=tool_filter,
            use_structured_content=use_structured_content,
            max_retry_attempts=max_retry_attempts,
            retry_backoff_seconds_base=retry_backoff_seconds_base,
            message_handler=message_handler,
            require_approval=require_approval,
            failure_error_function=failure_error_function,
            tool_meta_resolver=tool_meta_resolver,
            custom_data_extractor=custom_data_extractor,
            retry_backoff_seconds_max=retry_backoff_seconds_max,
            tool_input_guardrails=tool_input_guardrails,
            tool_output_guardrails=tool_output_guardrails,
            max_list_pages=max_list_pages,
        )
        _check_url(params, "MCPServerSse")
        self.params = params
        self._name = name or f"sse: {params['url']}"

    def create_streams(self) -> AbstractAsyncContextManager[Any]:
        from mcp.client.sse import sse_client

        params = self.params
        kwargs: dict[str, Any] = {
            "url": params["url"],
            "headers": params.get("headers"),
            "timeout": params.get("timeout", 5),
            "sse_read_timeout": params.get("sse_read_timeout", 60 * 5),
            "httpx_client_factory": params.get("httpx_client_factory") or _default_http_client,
        }
        if "auth" in params:
            kwargs["auth"] = params["auth"]
        streams: AbstractAsyncContextManager[Any] = sse_client(**kwargs)
        return streams

    @property
    def name(self) -> str:
        return self._name


def _check_url(params: Any, owner: str) -> None:
    url = params.get("url") if isinstance(params, dict) else None
    if not isinstance(url, str) or not url.startswith(("http://", "https://")):
        raise UserError(
            f"{owner} params need an http(s) 'url', e.g. {{'url': 'http://127.0.0.1:8000/mcp'}}."
        )


class MCPServerStreamableHttpParams(TypedDict):
    """Where and how to reach a Streamable HTTP server."""

    url: str
    """The MCP endpoint."""
    headers: NotRequired[dict[str, str]]
    """Headers sent with every request."""
    timeout: NotRequired[timedelta | float]
    """HTTP timeout (default 5 seconds)."""
    sse_read_timeout: NotRequired[timedelta | float]
    """How long to wait for the next event on a stream (default 300 seconds)."""
    terminate_on_close: NotRequired[bool]
    """Send DELETE to end the session on close (default True)."""
    httpx_client_factory: NotRequired[HttpClientFactory]
    """Builds the HTTP client (see `HttpClientFactory`)."""
    auth: NotRequired[Any]
    """An `httpx2.Auth` (mcp 2.x) or `httpx.Auth` (mcp 1.x)."""
    ignore_initialized_notification_failure: NotRequired[bool]
    """Accepted for parity; only False is supported."""


class MCPServerStreamableHttp(_MCPServerWithClientSession):
    """An MCP server reached over Streamable HTTP (the 2025-03-26 transport)."""

    def __init__(
        self,
        params: MCPServerStreamableHttpParams,
        cache_tools_list: bool = False,
        name: str | None = None,
        client_session_timeout_seconds: float | None = 5,
        tool_filter: ToolFilter = None,
        use_structured_content: bool = False,
        max_retry_attempts: int = 0,
        retry_backoff_seconds_base: float = 1.0,
        message_handler: MessageHandlerFnT | None = None,
        require_approval: RequireApprovalSetting = None,
        failure_error_function: ToolErrorFunction | Any | None = _UNSET,
        tool_meta_resolver: MCPToolMetaResolver | None = None,
        custom_data_extractor: MCPToolCustomDataExtractor | None = None,
        retry_backoff_seconds_max: float | None = None,
        *,
        tool_input_guardrails: list[ToolInputGuardrail[Any]] | None = None,
        tool_output_guardrails: list[ToolOutputGuardrail[Any]] | None = None,
        max_list_pages: int | None = None,
    ) -> None:
        """`params` holds the URL, headers, timeouts and `terminate_on_close`; the rest is as
        for `MCPServerStdio`."""
        super().__init__(
            cache_tools_list=cache_tools_list,
            client_session_timeout_seconds=client_session_timeout_seconds,
            tool_filter=tool_filter,
            use_structured_content=use_structured_content,
            max_retry_attempts=max_retry_attempts,
            retry_backoff_seconds_base=retry_backoff_seconds_base,
            message_handler=message_handler,
            require_approval=require_approval,
            failure_error_function=failure_error_function,
            tool_meta_resolver=tool_meta_resolver,
            custom_data_extractor=custom_data_extractor,
            retry_backoff_seconds_max=retry_backoff_seconds_max,
            tool_input_guardrails=tool_input_guardrails,
            tool_output_guardrails=tool_output_guardrails,
            max_list_pages=max_list_pages,
        )
        _check_url(params, "MCPServerStreamableHttp")
        if params.get("ignore_initialized_notification_failure", False):
            raise UserError(
                "ignore_initialized_notification_failure is not supported by agentkit.mcp; "
                "leave it unset."
            )
        self.params = params
        self._name = name or f"streamable_http: {params['url']}"
        self._session_id: str | None = None

    def create_streams(self) -> AbstractAsyncContextManager[Any]:
        return self._streams()

    @asynccontextmanager
    async def _streams(self) -> AsyncIterator[Any]:
        params = self.params
        timeout = _seconds(params.get("timeout", 5))
        read_timeout = _seconds(params.get("sse_read_timeout", 60 * 5))
        factory = params.get("httpx_client_factory") or _default_http_client
        module = __import__("mcp.client.streamable_http", fromlist=["_"])
        if not _compat.is_v2():
            async with module.streamablehttp_client(
                params["url"],
                headers=params.get("headers"),
                timeout=timeout,
                sse_read_timeout=read_timeout,
                terminate_on_close=params.get("terminate_on_close", True),
                httpx_client_factory=factory,
                auth=params.get("auth"),
            ) as streams:
                get_id = streams[2] if len(streams) > 2 else None
                self._session_id_getter = get_id
                yield streams
            return
        client = factory(
            headers=params.get("headers"),
            timeout=_compat.httpx_module().Timeout(timeout, read=read_timeout),
            auth=params.get("auth"),
        )
        client.event_hooks.setdefault("response", []).append(self._capture_session_id)
        async with (
            client,
            module.streamable_http_client(
                params["url"],
                http_client=client,
                terminate_on_close=params.get("terminate_on_close", True),
            ) as streams,
        ):
            yield streams

    async def _capture_session_id(self, response: Any) -> None:
        session_id = response.headers.get("mcp-session-id")
        if session_id:
            self._session_id = session_id

    @property
    def session_id(self) -> str | None:
        """The server-assigned session id, once the server has sent one."""
        getter = getattr(self, "_session_id_getter", None)
        if getter is not None:
            value: str | None = getter()
            return value
        return self._session_id if self.session is not None else None

    @property
    def name(self) -> str:
        return self._name
