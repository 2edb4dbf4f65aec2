"""Turns a Chat Completions chunk stream into Responses-style stream events.

Everything above the model sees the same event types whichever API answered: `response.created`,
output items added/done, content parts, text/refusal/reasoning/function-argument deltas, and a
final `response.completed` carrying the whole output and usage. The translation itself lives in
`_chat_translator.ChatChunkTranslator` (one step per kind of delta), which the non-streamed chat
path shares.
"""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator
from typing import TYPE_CHECKING, Any

from ._chat_translator import ChatChunkTranslator, SequenceNumber, StreamingState

if TYPE_CHECKING:
    from ..items import TResponseStreamEvent
    from ..types.responses import Response

__all__ = ["ChatCmplStreamHandler", "SequenceNumber", "StreamingState"]


class ChatCmplStreamHandler:
    """Converts Chat Completions chunks to Responses stream events."""

    @classmethod
    async def handle_stream(
        cls,
        response: Response,
        stream: AsyncIterable[Any],
        model: str | None = None,
        strict_feature_validation: bool = False,
        preserve_raw_usage: bool = False,
        raise_on_length_truncation: bool = False,
        require_finish_reason: bool = False,
    ) -> AsyncIterator[TResponseStreamEvent]:
        """Yield Responses events for `stream` (chunk dicts or wire models), built on `response`.

        Only choice 0 is converted. Tool calls missing an id get a generated one. With
        `raise_on_length_truncation`, a stream cut by `length` before any output raises
        `ModelBehaviorError`; with `require_finish_reason`, so does one without a finish reason.
        The completed response keeps the provider's usage report for `preserve_raw_usage`
        (whether it is reported is the consumer's `ModelSettings` decision).
        """
        translator = ChatChunkTranslator(
            response,
            model=model,
            strict_feature_validation=strict_feature_validation,
            raise_on_length_truncation=raise_on_length_truncation,
            require_finish_reason=require_finish_reason,
        )
        async for chunk in stream:
            events, error = translated(translator, chunk)
            for event in events:
                yield event
            if error is not None:
                raise error
        events, error = translated(translator)
        for event in events:
            yield event
        if error is not None:
            raise error


_END: Any = object()


def translated(
    translator: ChatChunkTranslator, chunk: Any = _END
) -> tuple[list[TResponseStreamEvent], Exception | None]:
    """The events of one chunk (of the end, without one) and the error translating it raised, if
    any: the events made before an error still reach the consumer, first."""
    try:
        return (translator.finish() if chunk is _END else translator.chunk(chunk)), None
    except Exception as error:
        return translator.pending, error
