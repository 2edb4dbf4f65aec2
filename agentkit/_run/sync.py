"""Running a coroutine to completion from synchronous code (`Runner.run_sync`): on the main
thread's default loop, on a fresh loop in a worker thread, or, inside a running loop, on a
dedicated event-loop thread — one per nesting depth, so a `run_sync` called from a tool of a run
that `run_sync` started never waits for its own blocked loop."""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import contextvars
import threading
import warnings
from collections.abc import Coroutine
from typing import Any, TypeVar, cast

_T = TypeVar("_T")


def run_sync(coro: Coroutine[Any, Any, _T]) -> _T:
    """Run `coro` to completion and return its result (see the module docstring)."""
    try:
        running = asyncio.get_running_loop()
    except RuntimeError:
        return _run_on_default_loop(coro)
    return _run_on_loop_thread(coro, running)


def _run_on_default_loop(coro: Coroutine[Any, Any, _T]) -> _T:
    if threading.current_thread() is not threading.main_thread():
        # Worker threads get a loop of their own for the call, closed afterwards.
        with asyncio.Runner() if hasattr(asyncio, "Runner") else _SimpleRunner() as runner:
            return runner.run(coro)
    # The main thread reuses its default loop (like upstream), so clients bound to it keep
    # working across run_sync calls.
    policy = asyncio.get_event_loop_policy()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        try:
            loop = policy.get_event_loop()
        except RuntimeError:
            loop = policy.new_event_loop()
            policy.set_event_loop(loop)
    if loop.is_closed():
        loop = policy.new_event_loop()
        policy.set_event_loop(loop)
    task = loop.create_task(coro)
    try:
        return loop.run_until_complete(task)
    except BaseException:
        if not task.done():
            task.cancel()
            with contextlib.suppress(BaseException):
                loop.run_until_complete(task)
        raise
    finally:
        if not loop.is_closed():
            with contextlib.suppress(RuntimeError):
                loop.run_until_complete(loop.shutdown_asyncgens())


class _SimpleRunner:
    """`asyncio.Runner` for Python 3.10."""

    def __enter__(self) -> _SimpleRunner:
        self._loop = asyncio.new_event_loop()
        return self

    def run(self, coro: Coroutine[Any, Any, _T]) -> _T:
        return self._loop.run_until_complete(coro)

    def __exit__(self, *exc: object) -> None:
        try:
            self._loop.run_until_complete(self._loop.shutdown_asyncgens())
        finally:
            self._loop.close()


class _LoopThreads:
    """Daemon threads each running an event loop, one per nesting depth, started on first use.

    `run_sync` inside a running loop blocks that loop's thread until the run is done, so the run
    cannot execute on the loop that called it. A call from any other loop runs on depth 0; a call
    made from a run on depth `d` (a tool calling `run_sync`) runs on depth `d + 1`. Blocked
    threads only ever wait for deeper ones, so no call waits for itself.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loops: list[asyncio.AbstractEventLoop] = []

    def depth_of(self, loop: asyncio.AbstractEventLoop) -> int | None:
        with self._lock:
            return next((i for i, known in enumerate(self._loops) if known is loop), None)

    def loop(self, depth: int) -> asyncio.AbstractEventLoop:
        with self._lock:
            while len(self._loops) <= depth:
                self._loops.append(self._start(len(self._loops)))
            if self._loops[depth].is_closed():
                self._loops[depth] = self._start(depth)
            return self._loops[depth]

    @staticmethod
    def _start(depth: int) -> asyncio.AbstractEventLoop:
        loop = asyncio.new_event_loop()
        name = "agentkit-run-sync" if depth == 0 else f"agentkit-run-sync-{depth}"
        threading.Thread(target=loop.run_forever, name=name, daemon=True).start()
        return loop


_LOOP_THREADS = _LoopThreads()


def _target_loop(running: asyncio.AbstractEventLoop) -> asyncio.AbstractEventLoop:
    """The loop-thread loop a `run_sync` called on `running` executes on (see `_LoopThreads`)."""
    from ..exceptions import AgentNestingLimitExceeded
    from ..run_config import get_max_agent_nesting

    current = _LOOP_THREADS.depth_of(running)
    depth = 0 if current is None else current + 1
    limit = get_max_agent_nesting()
    # Depth 0 is the outermost run_sync; each loop thread adds one nested run.
    if limit is not None and depth + 1 > limit:
        raise AgentNestingLimitExceeded(depth + 1, limit)
    return _LOOP_THREADS.loop(depth)


def _run_on_loop_thread(coro: Coroutine[Any, Any, _T], running: asyncio.AbstractEventLoop) -> _T:
    try:
        loop = _target_loop(running)
    except BaseException:
        coro.close()
        raise
    context = contextvars.copy_context()
    outcome: concurrent.futures.Future[_T] = concurrent.futures.Future()
    tasks: list[asyncio.Task[_T]] = []

    def _settle(task: asyncio.Task[_T]) -> None:
        if task.cancelled():
            outcome.cancel()
        elif task.exception() is not None:
            outcome.set_exception(cast(BaseException, task.exception()))
        else:
            outcome.set_result(task.result())

    def _start() -> None:
        # Created inside the caller's context copy so contextvars (e.g. the current trace) carry
        # over; settled from the loop thread, then awaited here through a thread-safe future.
        task = context.run(loop.create_task, coro)
        tasks.append(task)
        task.add_done_callback(_settle)

    loop.call_soon_threadsafe(_start)
    try:
        return outcome.result()
    except BaseException:
        if not outcome.done():
            loop.call_soon_threadsafe(lambda: [t.cancel() for t in tasks])
        raise
