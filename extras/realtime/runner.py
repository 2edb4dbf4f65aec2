"""`RealtimeRunner`: the `Runner` of realtime agents."""

from __future__ import annotations

from typing import Any

from ..run_context import TContext
from .agent import RealtimeAgent
from .config import RealtimeRunConfig
from .model import RealtimeModel, RealtimeModelConfig
from .openai_realtime import OpenAIRealtimeWebSocketModel
from .session import RealtimeSession


class RealtimeRunner:
    """Starts realtime sessions for a starting agent.

    `model` defaults to `OpenAIRealtimeWebSocketModel()`; `config` applies to every session.
    """

    def __init__(
        self,
        starting_agent: RealtimeAgent[Any],
        *,
        model: RealtimeModel | None = None,
        config: RealtimeRunConfig | None = None,
    ) -> None:
        self._starting_agent = starting_agent
        self._config = config
        self._model = model if model is not None else OpenAIRealtimeWebSocketModel()

    async def run(
        self, *, context: TContext | None = None, model_config: RealtimeModelConfig | None = None
    ) -> RealtimeSession:
        """A new session (not yet connected: use `async with await runner.run() as session:`)."""
        return RealtimeSession(
            model=self._model,
            agent=self._starting_agent,
            context=context,
            model_config=model_config,
            run_config=self._config,
        )
