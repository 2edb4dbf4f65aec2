"""What differs between the `mcp` package's majors (2.x, the current one, and 1.x).

Imported only when a server connects, so `import agentkit.mcp` does not import `mcp`.
"""

from __future__ import annotations

import importlib
from contextlib import AbstractAsyncContextManager, AsyncExitStack
from datetime import timedelta
from functools import cache
from importlib.metadata import version
from typing import Any, NoReturn


@cache
def mcp_major() -> int:
    major = version("mcp").split(".", 1)[0]
    return int(major) if major.isdigit() else 2


def is_v2() -> bool:
    return mcp_major() >= 2


@cache
def mcp_error_type() -> type[Exception]:
    exceptions = vars(importlib.import_module("mcp.shared.exceptions"))
    found: type[Exception] = exceptions.get("MCPError") or exceptions["McpError"]
    return found


def error_code(error: BaseException) -> int | None:
    """The JSON-RPC error code of an `MCPError`, else None."""
    if not isinstance(error, mcp_error_type()):
        return None
    code = getattr(error, "code", None)
    if code is None:
        code = getattr(getattr(error, "error", None), "code", None)
    return code if isinstance(code, int) else None


def error_message(error: BaseException) -> str:
    message = getattr(error, "message", None)
    if message is None:
        message = getattr(getattr(error, "error", None), "message", None)
    return str(message) if message is not None else str(error)


TIMEOUT_CODES = frozenset({-32001, 408})
"""2.x reports a request timeout as -32001, 1.x as 408."""
CONNECTION_CLOSED = -32000


def is_timeout(error: BaseException) -> bool:
    return error_code(error) in TIMEOUT_CODES


def is_connection_closed(error: BaseException) -> bool:
    if error_code(error) == CONNECTION_CLOSED:
        return True
    anyio = importlib.import_module("anyio")
    return isinstance(error, (anyio.ClosedResourceError, anyio.BrokenResourceError))


@cache
def httpx_module() -> Any:
    """The HTTP library the installed `mcp` is built on: httpx2 for 2.x, httpx for 1.x."""
    return importlib.import_module("httpx2" if is_v2() else "httpx")


def raise_detached(error: BaseException) -> NoReturn:
    """Raise `error` with no `__context__`, on every Python.

    Called after an `except` block whose exception (an HTTP error or an exception group holding
    one) may carry URLs with credentials in them. On Python 3.11+ nothing is being handled there
    any more; on 3.10 a task resumed by an exception stays inside asyncio's own handler
    (`Task.__wakeup`), so a plain `raise` would chain that exception group as `__context__`.
    """
    try:
        raise error
    finally:
        error.__context__ = None


def leaves(error: BaseException) -> list[BaseException]:
    """`error` itself, or the exceptions inside it when it is an exception group (nested too)."""
    found: list[BaseException] = []
    stack: list[BaseException] = [error]
    while stack:
        current = stack.pop()
        inner = getattr(current, "exceptions", None)  # an exception group (builtin from 3.11)
        if isinstance(inner, (list, tuple)):
            stack.extend(reversed(inner))
        else:
            found.append(current)
    return found


def http_errors(error: BaseException) -> list[Exception]:
    """The HTTP transport errors in `error`, looking inside exception groups."""
    httpx = httpx_module()
    kinds = (httpx.HTTPStatusError, httpx.RequestError)
    return [leaf for leaf in leaves(error) if isinstance(leaf, kinds)]


def mcp_errors(error: BaseException) -> list[Exception]:
    """The `MCPError`s in `error`, looking inside exception groups."""
    kind = mcp_error_type()
    return [leaf for leaf in leaves(error) if isinstance(leaf, kind)]


def describe_http_error(error: Exception) -> str:
    """A short description of an HTTP transport error, without its URL (it may hold credentials)."""
    httpx = httpx_module()
    if isinstance(error, httpx.HTTPStatusError):
        response = error.response
        return f"HTTP error {response.status_code} ({response.reason_phrase})"
    if isinstance(error, httpx.ConnectError):
        return "Could not reach the server."
    if isinstance(error, httpx.TimeoutException):
        return "Connection timeout."
    return "Request failed."


def read_timeout(seconds: float | None) -> Any:
    """The session read timeout in the unit the installed major takes (0 and None: no timeout)."""
    if not seconds:
        return None
    return float(seconds) if is_v2() else timedelta(seconds=seconds)


async def open_session(
    stack: AsyncExitStack,
    streams: AbstractAsyncContextManager[Any],
    timeout_seconds: float | None,
    message_handler: Any,
) -> tuple[Any, Any]:
    """Enter the transport and an initialized client session on `stack`; (session, init result)."""
    if is_v2():
        mcp = importlib.import_module("mcp")
        # As upstream: version negotiation "auto" (discover, then initialize) and no client cache.
        client = mcp.Client(
            streams,
            mode="auto",
            cache=None,
            read_timeout_seconds=read_timeout(timeout_seconds),
            message_handler=message_handler,
        )
        connected = await stack.enter_async_context(client)
        session = connected.session
        return session, getattr(session, "initialize_result", None)
    transport = await stack.enter_async_context(streams)
    read, write = transport[0], transport[1]
    session_type = importlib.import_module("mcp").ClientSession
    session = await stack.enter_async_context(
        session_type(read, write, read_timeout(timeout_seconds), message_handler=message_handler)
    )
    return session, await session.initialize()


def paginated(cursor: str | None) -> dict[str, Any]:
    """Keyword arguments asking a session list method for the page after `cursor`."""
    if cursor is None:
        return {}
    types = importlib.import_module("mcp.types")
    return {"params": types.PaginatedRequestParams(cursor=cursor)}


def next_cursor(result: Any) -> str | None:
    value = getattr(result, "next_cursor", None)
    if value is None:
        value = getattr(result, "nextCursor", None)
    return value if isinstance(value, str) else None


def without_cursor(result: Any, **updates: Any) -> Any:
    updates["next_cursor" if is_v2() else "nextCursor"] = None
    return result.model_copy(update=updates)


def resource_uri(uri: str) -> Any:
    if is_v2():
        return uri
    from pydantic import AnyUrl

    return AnyUrl(uri)
