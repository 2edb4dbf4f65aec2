"""A caller's own `httpx.AsyncClient` used from several event loops.

httpx pools connections per client, and a pooled connection belongs to the event loop that opened
it: reused from another loop it fails with "bound to a different event loop" or "Event loop is
closed". A program that mixes `await Runner.run` with `Runner.run_sync` (which runs on the main
thread's default loop, or on a loop thread when a loop is already running) uses its client from
several loops. So the injected client serves the first loop that uses it, and every other loop
gets a sibling: a shallow copy with the same settings (base URL, headers, cookies, auth, timeout,
redirect policy, event hooks) and connection pools of its own, closed when that loop shuts down
its async generators (`asyncio.run` and `Runner.run_sync` do). A custom transport that is not
httpx's own is shared as is.
"""

from __future__ import annotations

import asyncio
import copy
import threading
import weakref
from collections.abc import AsyncGenerator
from typing import Any

__all__ = ["LoopBoundClientError", "client_for_running_loop"]


class LoopBoundClientError(RuntimeError):
    """The injected HTTP client cannot be copied for another event loop."""


class _Homes:
    """Per injected client: the loop it serves, and the siblings serving other loops."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.home: weakref.WeakKeyDictionary[Any, weakref.ref[asyncio.AbstractEventLoop]] = (
            weakref.WeakKeyDictionary()
        )
        self.siblings: weakref.WeakKeyDictionary[Any, dict[int, tuple[Any, Any, Any]]] = (
            weakref.WeakKeyDictionary()
        )


_HOMES = _Homes()
# The loop holds its async-generator closers weakly; keep the stepping tasks alive.
_cleanup_tasks: set[asyncio.Task[Any]] = set()


def client_for_running_loop(client: Any) -> Any:
    """`client` on the loop it first served (or outside a loop), else its sibling for this loop."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return client
    try:
        with _HOMES.lock:
            home = _HOMES.home.get(client)
            if home is None:
                _HOMES.home[client] = weakref.ref(loop)
                return client
            # A home loop that is gone left its connections in the pool: never go back to it.
            if home() is loop:
                return client
            return _sibling(client, loop)
    except TypeError:  # not weak-referenceable: nothing to track
        return client


def _sibling(client: Any, loop: asyncio.AbstractEventLoop) -> Any:
    per_loop = _HOMES.siblings.setdefault(client, {})
    for key in [key for key, (ref, _, _) in per_loop.items() if ref() is None]:
        del per_loop[key]
    entry = per_loop.get(id(loop))
    if entry is not None and entry[0]() is loop and not entry[1].is_closed:
        return entry[1]
    if getattr(client, "is_closed", False):
        return client  # let httpx report the closed client
    sibling = _copy_client(client)
    per_loop[id(loop)] = (weakref.ref(loop), sibling, _close_at_loop_shutdown(loop, sibling))
    return sibling


def _copy_client(client: Any) -> Any:
    import httpx

    if not isinstance(client, httpx.AsyncClient):
        return client  # an object with build_request/send of its own: its business
    sibling = copy.copy(client)
    sibling._transport = _copy_transport(client._transport)
    sibling._mounts = {
        pattern: _copy_transport(transport) if transport is not None else None
        for pattern, transport in client._mounts.items()
    }
    state = type(client._state)
    sibling._state = state.UNOPENED
    return sibling


def _copy_transport(transport: Any) -> Any:
    import httpx

    if not isinstance(transport, httpx.AsyncHTTPTransport):
        return transport
    pool: Any = getattr(transport, "_pool", None)
    if not isinstance(getattr(pool, "_connections", None), list) or not isinstance(
        getattr(pool, "_requests", None), list
    ):
        raise LoopBoundClientError(
            "The httpx.AsyncClient given to the OpenAI client is already used on another event "
            "loop and this version of httpx/httpcore cannot be copied for this one. Create the "
            "client (and its http_client) inside the event loop that uses it, or leave "
            "http_client out so agentkit pools connections per loop."
        )
    fresh_pool: Any = copy.copy(pool)
    fresh_pool._connections = []
    fresh_pool._requests = []
    fresh: Any = copy.copy(transport)
    fresh._pool = fresh_pool
    return fresh


async def _closer(client: Any) -> AsyncGenerator[None, None]:
    try:
        yield
    finally:
        await client.aclose()


def _close_at_loop_shutdown(loop: asyncio.AbstractEventLoop, client: Any) -> Any:
    closer = _closer(client)
    # Stepping it once registers it with the loop's async-generator hooks, so the loop's
    # `shutdown_asyncgens()` closes the sibling's connections.
    task = loop.create_task(closer.__anext__())
    _cleanup_tasks.add(task)
    task.add_done_callback(_cleanup_tasks.discard)
    return closer
