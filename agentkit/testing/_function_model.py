"""`FunctionModel`: a test model whose answers come from a function you write."""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import TypeAlias, cast

from ..items import TResponseStreamEvent
from ..models._response_accumulator import ResponseAccumulator
from ..types.responses import ResponseOutputMessage, ResponseOutputText
from ..usage import Usage
from .model import (
    ModelCall,
    ModelScriptError,
    ModelStep,
    ModelStepResult,
    _close_item,
    _close_stream,
    _close_text_part,
    _coerce_step,
    _complete,
    _EventLog,
    _open_item,
    _open_response,
    _open_text_part,
    _RecordingModel,
    _response_for_step,
    _stream_events_for_step,
    _text_delta,
    assistant_message,
)

FunctionModelResult: TypeAlias = ModelStepResult | str
"""What a `FunctionModel` function may return: a string is one assistant message."""

ModelFunction: TypeAlias = Callable[
    [ModelCall], FunctionModelResult | Awaitable[FunctionModelResult]
]
"""The function behind a `FunctionModel` (sync or async)."""

StreamFunction: TypeAlias = Callable[[ModelCall], AsyncIterator[str | TResponseStreamEvent]]
"""Yields text chunks, or exact stream events, for a streamed call."""


class FunctionModel(_RecordingModel):
    """A model that calls `function` with each `ModelCall` to decide the answer.

    `function` (sync or async) returns a string (one assistant message), a list of output items,
    a `ModelResponse`, a `ModelStep`/`ModelStepSpec`, or an exception to raise. A streamed call
    yields the same events `ScriptedModel` derives from that answer, unless `stream_function` is
    given: it is called with the `ModelCall` and yields either text chunks (streamed as one
    assistant message, a delta per chunk) or exact stream events. With only `stream_function`,
    a non-streamed call collects its stream.
    """

    def __init__(
        self,
        function: ModelFunction | None = None,
        *,
        stream_function: StreamFunction | None = None,
        emit_traces: bool = False,
        default_usage: Usage | None = None,
    ) -> None:
        if function is None and stream_function is None:
            raise TypeError("FunctionModel needs `function`, `stream_function`, or both.")
        for name, value in (("function", function), ("stream_function", stream_function)):
            if value is not None and not callable(value):
                raise TypeError(f"FunctionModel `{name}` must be callable, got {value!r}.")
        super().__init__(emit_traces=emit_traces, default_usage=default_usage)
        self.function = function
        self.stream_function = stream_function

    async def _next_step(self, call: ModelCall) -> ModelStep:
        if self.function is None:
            return await self._collect_stream(call)
        result = self.function(call)
        if inspect.isawaitable(result):
            result = await result
        if isinstance(result, str):
            return ModelStep(output=[assistant_message(result)])
        if result is None:
            raise ModelScriptError(
                "FunctionModel function returned None; return a string, a list of output "
                "items, a ModelResponse, a ModelStep or ModelStepSpec, or an exception."
            )
        return _coerce_step(result, len(self._calls) - 1)

    def _stream_override(self, call: ModelCall) -> AsyncIterator[TResponseStreamEvent] | None:
        if self.stream_function is None:
            return None
        return self._stream(call)

    async def _stream(self, call: ModelCall) -> AsyncIterator[TResponseStreamEvent]:
        assert self.stream_function is not None
        chunks = self.stream_function(call)
        text_stream: _TextStream | None = None
        passed_events = False
        try:
            async for chunk in chunks:
                if isinstance(chunk, str):
                    if passed_events:
                        raise _mixed_stream_error()
                    if text_stream is None:
                        text_stream = _TextStream(self._fallback_usage())
                        for event in text_stream.start():
                            yield event
                    yield text_stream.delta(chunk)
                elif text_stream is not None:
                    raise _mixed_stream_error()
                else:
                    passed_events = True
                    yield chunk
        except BaseException:
            await _close_stream(chunks, quiet=True)
            raise
        await _close_stream(chunks, quiet=False)
        if text_stream is not None:
            for event in text_stream.finish():
                yield event
        elif not passed_events:
            # Nothing at all was yielded: answer with an empty response rather than no stream.
            for event in _stream_events_for_step(ModelStep(usage=self._fallback_usage())):
                yield event

    async def _collect_stream(self, call: ModelCall) -> ModelStep:
        accumulator = ResponseAccumulator()
        async for event in self._stream(call):
            accumulator.add(event)
        if accumulator.response is None:
            raise ModelScriptError(
                "FunctionModel stream_function ended without a response.completed event, so "
                "the non-streamed call has no answer; yield text chunks or a completed event."
            )
        return ModelStep(
            output=list(accumulator.response.output),
            response_id=accumulator.response.id,
        )


def _mixed_stream_error() -> ModelScriptError:
    return ModelScriptError(
        "FunctionModel stream_function mixed text chunks and stream events; "
        "yield only strings or only stream events."
    )


class _TextStream:
    """The events of one assistant message whose text arrives in chunks, built with the same
    event steps as `ScriptedModel`'s automatic streaming."""

    def __init__(self, usage: Usage) -> None:
        self._log = _EventLog()
        self._text: list[str] = []
        self._response = _response_for_step(ModelStep(usage=usage), [])
        self._where = {"item_id": _MESSAGE_ID, "output_index": 0, "content_index": 0}

    def start(self) -> list[TResponseStreamEvent]:
        message = cast(ResponseOutputMessage, assistant_message("", item_id=_MESSAGE_ID))
        _open_response(self._log, self._response)
        _open_item(self._log, message, 0)
        _open_text_part(self._log, self._where, cast(ResponseOutputText, message.content[0]))
        return self._log.drain()

    def delta(self, chunk: str) -> TResponseStreamEvent:
        self._text.append(chunk)
        _text_delta(self._log, self._where, chunk, [])
        return self._log.drain()[0]

    def finish(self) -> list[TResponseStreamEvent]:
        message = cast(ResponseOutputMessage, assistant_message("".join(self._text)))
        _close_text_part(self._log, self._where, cast(ResponseOutputText, message.content[0]), [])
        _close_item(self._log, message, 0)
        _complete(self._log, self._response.model_copy(update={"output": [message]}))
        return self._log.drain()


_MESSAGE_ID = "scripted-message"


__all__ = ["FunctionModel", "FunctionModelResult", "ModelFunction", "StreamFunction"]
