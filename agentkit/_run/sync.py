"""Running a coroutine to completion from synchronous code (`Runner.run_sync`): on the main
thread's default loop, on a fresh loop in a worker thread, or, inside a running loop, on a
dedicated event-loop thread."""

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
        asyncio.get_running_loop()
    except RuntimeError:
        return _run_on_default_loop(coro)
    return _run_on_loop_thread(coro)


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


class _LoopThread:
    """A daemon thread running an event loop, started on first use."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None

    def loop(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            if self._loop is None or self._loop.is_closed():
                loop = asyncio.new_event_loop()
                thread = threading.Thread(
                    target=loop.run_forever, name="agentkit-run-sync", daemon=True
                )
                thread.start()
                self._loop = loop
            return self._loop


_LOOP_THREAD = _LoopThread()


def _run_on_loop_thread(coro: Coroutine[Any, Any, _T]) -> _T:
    loop = _LOOP_THREAD.loop()
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
