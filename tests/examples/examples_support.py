"""Helpers of the example tests: load an example fresh, run its `main()`, record its traces."""

from __future__ import annotations

import asyncio
import importlib.util
import inspect
import itertools
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

from agentkit.tracing.processor_interface import TracingProcessor
from agentkit.tracing.spans import Span
from agentkit.tracing.traces import Trace

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
_counter = itertools.count()

LoadExample = Callable[[str], ModuleType]
"""Loads `examples/<name>.py` as a fresh module (see the `load_example*` fixtures)."""


class TraceRecorder(TracingProcessor):
    """Keeps every finished trace and span in memory, so no test exports anything."""

    def __init__(self) -> None:
        self.traces: list[Trace] = []
        self.spans: list[Span[Any]] = []
        self._lock = threading.Lock()

    def on_trace_start(self, trace: Trace) -> None:
        return None

    def on_trace_end(self, trace: Trace) -> None:
        with self._lock:
            self.traces.append(trace)

    def on_span_start(self, span: Span[Any]) -> None:
        return None

    def on_span_end(self, span: Span[Any]) -> None:
        with self._lock:
            self.spans.append(span)

    def shutdown(self) -> None:
        return None

    def force_flush(self) -> None:
        return None

    def span_types(self) -> list[str]:
        return [span.span_data.type for span in self.spans]


def load_module(name: str) -> ModuleType:
    path = EXAMPLES / f"{name}.py"
    module_name = f"_example_{name}_{next(_counter)}"
    spec = importlib.util.spec_from_file_location(module_name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module  # dataclasses and pydantic resolve annotations through it
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[module_name]
        raise
    return module


def run_main(module: ModuleType) -> None:
    """Calls the example's `main()` the way its `__main__` block does."""
    result = module.main()
    if inspect.iscoroutine(result):
        asyncio.run(result)
