"""Runs nested inside runs (an agent used as a tool): the depth limit, and cancellation that
works at any depth.

Each nested run executes in a task of its own, which its parent waits for with `asyncio.wait`
instead of awaiting it directly. Awaiting directly chains the tasks: `cancel()` on the outermost
then recurses through every level at once (a `RecursionError` past a few hundred levels, and
tasks left pending), and a running nested run adds its frames to its parent's stack. Waiting
breaks the chain: a cancellation reaches a parent at a loop step, the parent passes it to its
child and waits until the child has finished, one level per step. The depth is counted in a
context variable the child task inherits; past `get_max_agent_nesting()` a nested run raises
`AgentNestingLimitExceeded` instead of starting, so runaway recursion stops early.
"""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import Awaitable, Callable
from typing import TypeVar

from ..exceptions import AgentNestingLimitExceeded
from ..run_config import get_max_agent_nesting

__all__ = ["nesting_depth", "run_nested"]

_T = TypeVar("_T")

_DEPTH: contextvars.ContextVar[int] = contextvars.ContextVar("agentkit_run_nesting", default=0)


def nesting_depth() -> int:
    """How many runs the current code is nested in (0 in a top-level run)."""
    return _DEPTH.get()


async def run_nested(start: Callable[[], Awaitable[_T]]) -> _T:
    """Run `start()` as a nested run, one level deeper, in its own task (see the module doc)."""
    depth = _DEPTH.get() + 1
    limit = get_max_agent_nesting()
    if limit is not None and depth > limit:
        raise AgentNestingLimitExceeded(depth, limit)
    token = _DEPTH.set(depth)
    try:
        task = asyncio.ensure_future(start())
    finally:
        _DEPTH.reset(token)
    try:
        await asyncio.wait((task,))
    except asyncio.CancelledError:
        task.cancel()
        await _settle(task)
        raise
    return task.result()


async def _settle(task: asyncio.Future[_T]) -> None:
    """Wait until the cancelled `task` has finished (it may clean up first), whatever happens."""
    while not task.done():
        try:
            await asyncio.wait((task,))
        except asyncio.CancelledError:
            task.cancel()
    if not task.cancelled():
        task.exception()  # retrieved: its error is superseded by the cancellation
