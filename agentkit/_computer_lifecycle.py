"""Per-run computers: a `ComputerTool` given a factory or a `ComputerProvider` gets one computer
per run context, created on first use and disposed when the run ends (as openai-agents 0.24)."""

from __future__ import annotations

import inspect
import weakref
from typing import TYPE_CHECKING, Any

from .computer import AsyncComputer, Computer
from .exceptions import UserError
from .logger import logger
from .run_context import RunContextWrapper
from .util._dataclass import dataclass

if TYPE_CHECKING:
    from .tool import ComputerTool

__all__ = ["dispose_resolved_computers", "resolve_computer"]


@dataclass
class _Resolved:
    """A computer made for a run, and how to dispose of it."""

    computer: Computer | AsyncComputer
    dispose: Any | None = None


_cache: weakref.WeakKeyDictionary[
    Any, weakref.WeakKeyDictionary[RunContextWrapper[Any], _Resolved]
] = weakref.WeakKeyDictionary()
_initializers: weakref.WeakKeyDictionary[Any, Any] = weakref.WeakKeyDictionary()
_by_run_context: weakref.WeakKeyDictionary[RunContextWrapper[Any], dict[Any, _Resolved]] = (
    weakref.WeakKeyDictionary()
)


def _is_provider(candidate: object) -> bool:
    """A `ComputerProvider`, or anything with a callable `create` that is not a computer."""
    if isinstance(candidate, (Computer, AsyncComputer)):
        return False
    return callable(getattr(candidate, "create", None))


def remember_initializer(tool: ComputerTool[Any]) -> None:
    """Keep the tool's factory/provider so it can be restored after a run replaced it."""
    if callable(tool.computer) or _is_provider(tool.computer):
        _initializers[tool] = tool.computer


def initializer_of(tool: ComputerTool[Any]) -> Any | None:
    """The tool's factory or provider, if it creates a computer per run."""
    if tool in _initializers:
        return _initializers[tool]
    if callable(tool.computer) or _is_provider(tool.computer):
        return tool.computer
    return None


def _track(tool: ComputerTool[Any], run_context: RunContextWrapper[Any], r: _Resolved) -> None:
    _by_run_context.setdefault(run_context, {})[tool] = r


async def resolve_computer(
    *, tool: ComputerTool[Any], run_context: RunContextWrapper[Any]
) -> Computer | AsyncComputer:
    """The tool's computer for this run context, created (once per context) from its factory
    or provider when it has one."""
    per_context = _cache.setdefault(tool, weakref.WeakKeyDictionary())
    cached = per_context.get(run_context)
    if cached is not None:
        _track(tool, run_context, cached)
        return cached.computer
    config: Any = initializer_of(tool)
    create: Any = None
    dispose: Any = None
    if _is_provider(config):
        create, dispose = config.create, config.dispose
    elif callable(config):
        create = config
    if create is not None:
        made = create(run_context=run_context)
        computer = await made if inspect.isawaitable(made) else made
    else:
        computer = tool.computer
    if not isinstance(computer, (Computer, AsyncComputer)):
        raise UserError(
            "The computer tool did not provide a computer instance: pass a Computer or "
            "AsyncComputer, or a factory/ComputerProvider whose create() returns one."
        )
    resolved = _Resolved(computer=computer, dispose=dispose)
    per_context[run_context] = resolved
    _track(tool, run_context, resolved)
    tool.computer = computer
    return computer


async def dispose_resolved_computers(*, run_context: RunContextWrapper[Any]) -> None:
    """Dispose the computers created for this run context (a failing dispose is logged), and
    give each tool back its factory or provider."""
    resolved_by_tool = _by_run_context.pop(run_context, None)
    if not resolved_by_tool:
        return
    disposers: list[tuple[Any, Any]] = []
    for tool, resolved in resolved_by_tool.items():
        per_context = _cache.get(tool)
        if per_context is not None:
            per_context.pop(run_context, None)
        initializer = initializer_of(tool)
        if initializer is not None:
            tool.computer = initializer
        if resolved.dispose is not None:
            disposers.append((resolved.dispose, resolved.computer))
    for dispose, computer in disposers:
        try:
            result = dispose(run_context=run_context, computer=computer)
            if inspect.isawaitable(result):
                await result
        except Exception as exc:
            logger.warning("Failed to dispose computer for run context: %s", type(exc).__name__)
