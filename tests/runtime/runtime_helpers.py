"""Shared helpers for the runtime tests (imported by the test modules)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from agentkit.items import ModelResponse, TResponseInputItem
from agentkit.models.interface import Model, ModelTracing
from agentkit.testing import assistant_message, function_call
from agentkit.usage import Usage

__all__ = ["MemorySession", "StreamProbeModel", "assistant_message", "function_call", "usage"]


def usage(inp: int = 10, out: int = 5) -> Usage:
    return Usage(requests=1, input_tokens=inp, output_tokens=out, total_tokens=inp + out)


class MemorySession:
    """A minimal in-memory Session (the protocol's four methods)."""

    def __init__(self, session_id: str = "s1") -> None:
        self.session_id = session_id
        self.items: list[TResponseInputItem] = []

    async def get_items(self, limit: int | None = None) -> list[TResponseInputItem]:
        return list(self.items[-limit:]) if limit else list(self.items)

    async def add_items(self, items: list[TResponseInputItem]) -> None:
        self.items.extend(items)

    async def pop_item(self) -> TResponseInputItem | None:
        return self.items.pop() if self.items else None

    async def clear_session(self) -> None:
        self.items.clear()


class StreamProbeModel(Model):
    """A model whose stream yields `before` events, then waits forever (until closed)."""

    def __init__(self, before: list[Any]) -> None:
        self.before = before
        self.closed = False
        self.started = False

    async def get_response(self, *args: Any, **kwargs: Any) -> ModelResponse:
        raise AssertionError("not used")

    async def stream_response(  # type: ignore[override]
        self,
        system_instructions: str | None,
        input: Any,
        model_settings: Any,
        tools: Any,
        output_schema: Any,
        handoffs: Any,
        tracing: ModelTracing,
        *,
        previous_response_id: str | None = None,
        conversation_id: str | None = None,
        prompt: Any = None,
    ) -> AsyncIterator[Any]:
        import asyncio

        self.started = True
        try:
            for event in self.before:
                yield event
            await asyncio.Event().wait()
        finally:
            self.closed = True
