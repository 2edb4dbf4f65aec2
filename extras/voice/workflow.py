"""Workflows: what the pipeline runs between speech-to-text and text-to-speech."""

from __future__ import annotations

import abc
from collections.abc import AsyncIterator
from typing import Any, Generic

from ..agent import Agent
from ..items import TResponseInputItem
from ..result import RunResultStreaming
from ..run import Runner
from ..run_context import TContext


class VoiceWorkflowBase(abc.ABC):
    """Receives each transcription and yields the text to speak.

    Most workflows run `Runner.run_streamed()` and pass the text on with
    `VoiceWorkflowHelper.stream_text_from`; `SingleAgentVoiceWorkflow` does exactly that.
    """

    @abc.abstractmethod
    def run(self, transcription: str) -> AsyncIterator[str]:
        """Yield the text to say in answer to `transcription`."""

    async def on_start(self) -> AsyncIterator[str]:
        """Yield text to say before the user speaks (a greeting); nothing by default.

        Only streamed input (`StreamedAudioInput`) calls it.
        """
        return
        yield  # pragma: no cover - makes this an async generator


class VoiceWorkflowHelper:
    @classmethod
    async def stream_text_from(cls, result: RunResultStreaming) -> AsyncIterator[str]:
        """The output text deltas of a streamed run, as they arrive."""
        async for event in result.stream_events():
            if event.type != "raw_response_event":
                continue
            data: Any = event.data
            if data.type == "response.output_text.delta":
                yield data.delta


class SingleAgentWorkflowCallbacks:
    def on_run(self, workflow: SingleAgentVoiceWorkflow, transcription: str) -> None:
        """Called at the start of every turn, before the agent runs."""


class SingleAgentVoiceWorkflow(VoiceWorkflowBase, Generic[TContext]):
    """Runs one agent per turn, keeping the conversation: each transcription and each run's
    items go into the input of the next turn, which starts at the agent that answered last.

    For several runners, custom history or run configs, subclass `VoiceWorkflowBase`.
    """

    def __init__(
        self,
        agent: Agent[TContext],
        callbacks: SingleAgentWorkflowCallbacks | None = None,
        *,
        context: TContext | None = None,
    ) -> None:
        self._input_history: list[TResponseInputItem] = []
        self._current_agent: Agent[Any] = agent
        self._callbacks = callbacks
        self._context = context

    async def run(self, transcription: str) -> AsyncIterator[str]:
        if self._callbacks is not None:
            self._callbacks.on_run(self, transcription)
        self._input_history.append({"role": "user", "content": transcription})
        result = Runner.run_streamed(
            self._current_agent, self._input_history, context=self._context
        )
        async for text in VoiceWorkflowHelper.stream_text_from(result):
            yield text
        self._input_history = result.to_input_list()
        self._current_agent = result.last_agent
