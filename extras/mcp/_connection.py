"""One MCP session owned by one task.

The transport (a subprocess, an HTTP client) and the `ClientSession` are async context managers
built on anyio cancel scopes, which must be exited by the task that entered them. Upstream enters
them in whichever task calls `connect()` and exits them in whichever task calls `cleanup()`, so
cleaning up from another task (a FastAPI shutdown handler, a streamed run's consumer) fails with
"Attempted to exit cancel scope in a different task". Here a dedicated owner task enters them,
hands the session out, waits to be told to close, and exits them itself; every other task only
sends requests through the session (anyio memory streams, safe across tasks).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from contextlib import AsyncExitStack
from typing import Any

Opener = Callable[[AsyncExitStack], Awaitable[tuple[Any, Any]]]


class OwnedSession:
    """Starts an owner task that opens a session with `opener` and keeps it open until `close()`."""

    def __init__(self, opener: Opener) -> None:
        self._opener = opener
        self._ready: asyncio.Future[tuple[Any, Any]] | None = None
        self._closing = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self.failure: BaseException | None = None
        """What ended the session from the inside (the transport failing), if anything."""

    async def open(self) -> tuple[Any, Any]:
        """Start the owner task; return (session, initialize result) once it is connected."""
        loop = asyncio.get_running_loop()
        self._ready = loop.create_future()
        self._task = loop.create_task(self._own(), name="agentkit.mcp session owner")
        try:
            return await asyncio.shield(self._ready)
        except BaseException:
            # Connecting failed, or our caller was cancelled: close whatever was opened.
            await self.close()
            raise

    async def _own(self) -> None:
        assert self._ready is not None
        ready = self._ready
        try:
            async with AsyncExitStack() as stack:
                opened = await self._opener(stack)
                if ready.done():  # the opener's caller gave up meanwhile
                    return
                ready.set_result(opened)
                await self._closing.wait()
        except asyncio.CancelledError:
            if not ready.done():
                ready.cancel()
        except BaseException as error:
            if not ready.done():
                ready.set_exception(error)
            else:
                self.failure = error

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    async def close(self) -> None:
        """Tell the owner task to close the session and wait until it has (from any task)."""
        self._closing.set()
        task = self._task
        if task is None or task.done():
            return
        if self._ready is not None and not self._ready.done():
            # Still connecting: the opener may wait for the server for a long time.
            task.cancel()
        try:
            await asyncio.shield(task)
        except asyncio.CancelledError:
            # We were cancelled while waiting: the owner task still finishes closing on its own,
            # but make sure it is not left waiting for a slow peer forever.
            if not task.done():
                task.cancel()
            raise

    def kill(self) -> None:
        """Cancel the owner task without waiting (for interpreter shutdown paths)."""
        self._closing.set()
        if self._task is not None and not self._task.done():
            with contextlib.suppress(RuntimeError):
                self._task.cancel()
