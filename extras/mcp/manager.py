"""`MCPServerManager`: connect several servers, keep the ones that connected, clean them all up.

agentkit's servers already open and close their connection in one owner task each, so cleanup
from any task is safe; the manager adds the bookkeeping: which servers are active, which failed
and why, timeouts, and reconnecting the failed ones.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Awaitable, Callable, Iterable
from types import TracebackType

from ..exceptions import UserError
from ..logger import logger
from .server import MCPServer


def _check_timeout(name: str, value: float | None) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"{name} must be a number of seconds or None.")
    if not math.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a positive finite number of seconds or None.")
    return float(value)


class MCPServerManager:
    """Connects `servers` (in order, or in parallel) and exposes the connected ones.

        async with MCPServerManager([server_a, server_b]) as manager:
            agent = Agent(name="Assistant", mcp_servers=manager.active_servers)

    `strict=True` raises on the first failure; otherwise failures are recorded in
    `failed_servers` / `errors` and, with `drop_failed_servers=True` (the default), left out of
    `active_servers`. `reconnect()` retries the failed servers (or all, `failed_only=False`).
    """

    def __init__(
        self,
        servers: Iterable[MCPServer],
        *,
        connect_timeout_seconds: float | None = 10.0,
        cleanup_timeout_seconds: float | None = 10.0,
        drop_failed_servers: bool = True,
        strict: bool = False,
        suppress_cancelled_error: bool = True,
        connect_in_parallel: bool = False,
    ) -> None:
        self._all_servers = list(dict.fromkeys(servers))
        self._connected: set[MCPServer] = set()
        self._failed: list[MCPServer] = []
        self._errors: dict[MCPServer, BaseException] = {}
        self.connect_timeout_seconds = _check_timeout(
            "connect_timeout_seconds", connect_timeout_seconds
        )
        self.cleanup_timeout_seconds = _check_timeout(
            "cleanup_timeout_seconds", cleanup_timeout_seconds
        )
        self.drop_failed_servers = drop_failed_servers
        self.strict = strict
        self.suppress_cancelled_error = suppress_cancelled_error
        self.connect_in_parallel = connect_in_parallel
        self._lock = asyncio.Lock()

    @property
    def active_servers(self) -> list[MCPServer]:
        """The servers to give an agent: the connected ones (all, if `drop_failed_servers=False`)."""
        if not self.drop_failed_servers:
            return list(self._all_servers)
        return [server for server in self._all_servers if server in self._connected]

    @property
    def all_servers(self) -> list[MCPServer]:
        return list(self._all_servers)

    @property
    def failed_servers(self) -> list[MCPServer]:
        return list(self._failed)

    @property
    def errors(self) -> dict[MCPServer, BaseException]:
        return dict(self._errors)

    async def __aenter__(self) -> MCPServerManager:
        await self.connect_all()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.cleanup_all()

    async def connect_all(self) -> list[MCPServer]:
        """Connect every server not connected yet; return `active_servers`."""
        async with self._lock:
            self._failed, self._errors = [], {}
            await self._connect([s for s in self._all_servers if s not in self._connected])
            return self.active_servers

    async def reconnect(self, *, failed_only: bool = True) -> list[MCPServer]:
        """Retry the failed servers (or clean up and reconnect all); return `active_servers`."""
        async with self._lock:
            if failed_only:
                retry = list(self._failed)
                await self._cleanup(retry)
            else:
                await self._cleanup(list(reversed(self._all_servers)))
                retry = list(self._all_servers)
            self._failed = [s for s in self._failed if s not in retry]
            for server in retry:
                self._errors.pop(server, None)
            await self._connect(retry)
            return self.active_servers

    async def cleanup_all(self) -> None:
        """Clean up every server, in reverse order; failures are logged, not raised."""
        async with self._lock:
            await self._cleanup(list(reversed(self._all_servers)))

    async def _connect(self, servers: list[MCPServer]) -> None:
        if self.connect_in_parallel:
            await asyncio.gather(*(self._connect_one(server) for server in servers))
            return
        for server in servers:
            await self._connect_one(server)

    async def _connect_one(self, server: MCPServer) -> None:
        try:
            await _with_timeout(server.connect, self.connect_timeout_seconds)
        except asyncio.CancelledError as error:
            self._record(server, error)
            if not self.suppress_cancelled_error:
                raise
        except Exception as error:
            self._record(server, error)
            if self.strict:
                raise
        else:
            self._connected.add(server)

    def _record(self, server: MCPServer, error: BaseException) -> None:
        logger.error("Failed to connect MCP server '%s': %s", server.name, error)
        if server not in self._failed:
            self._failed.append(server)
        self._errors[server] = error

    async def _cleanup(self, servers: list[MCPServer]) -> None:
        for server in servers:
            try:
                await _with_timeout(server.cleanup, self.cleanup_timeout_seconds)
            except Exception as error:
                logger.warning("Error cleaning up MCP server '%s': %s", server.name, error)
            self._connected.discard(server)


async def _with_timeout(action: Callable[[], Awaitable[None]], seconds: float | None) -> None:
    try:
        await asyncio.wait_for(action(), timeout=seconds)
    except asyncio.TimeoutError:
        raise UserError(f"timed out after {seconds:g} seconds") from None
