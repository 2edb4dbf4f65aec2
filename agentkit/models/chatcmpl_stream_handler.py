"""Turns a Chat Completions chunk stream into Responses-style stream events.

Everything above the model sees the same event types whichever API answered: `response.created`,
output items added/done, content parts, text/refusal/reasoning/function-argument deltas, and a
final `response.completed` carrying the whole output and usage. Items carry the placeholder id
`FAKE_RESPONSES_ID`; sequence numbers count from 0.
"""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..exceptions import AgentsException, ModelBehaviorError, UserError
from ..logger import logger
from .chatcmpl_converter import _REASONING_FIELD_KEY
from .chatcmpl_helpers import ChatCmplHelpers, _new_call_id, _set_private
from .fake_id import FAKE_RESPONSES_ID

if TYPE_CHECKING:
    from ..items import TResponseStreamEvent
    from ..types.responses import (
        Response,
        ResponseFunctionToolCall,
        ResponseOutputRefusal,
        ResponseOutputText,
        ResponseReasoningItem,
        ResponseUsage,
    )


def _as_dict(value: Any) -> dict[str, Any]:
    """A chunk (or part of one) as a dict; wire models are dumped, odd values become `{}`."""
    if isinstance(value, Mapping):
        return dict(value)
    dump = getattr(value, "model_dump", None)
    if callable(dump):
        dumped = dump()
        return dumped if isinstance(dumped, dict) else {}
    return {}


class SequenceNumber:
    """Counts the events of one stream from 0."""

    def __init__(self) -> None:
        self._next = 0

    def get_and_increment(self) -> int:
        number = self._next
        self._next += 1
        return number


@dataclass
class StreamingState:
    """What has been streamed so far for choice 0."""

    started: bool = False
    text_content_index_and_output: tuple[int, ResponseOutputText] | None = None
    refusal_content_index_and_output: tuple[int, ResponseOutputRefusal] | None = None
    reasoning_content_index_and_output: tuple[int, ResponseReasoningItem] | None = None
    active_reasoning_summary_index: int | None = None
    reasoning_item_done: bool = False
    function_calls: dict[int, ResponseFunctionToolCall] = field(default_factory=dict)
    function_call_streaming: dict[int, bool] = field(default_factory=dict)
    ignored_tool_call_indexes: set[int] = field(default_factory=set)
    provider_data: dict[str, Any] = field(default_factory=dict)
    has_warned_unsupported_choice: bool = False


@dataclass
class _StreamOutputLayout:
    """The output indexes already announced to consumers.

    The reasoning item (if any) is output 0. The assistant message and function calls take the
    next indexes in the order they first appeared, so calls streamed before the text come first.
    """

    assistant_message_output_idx: int | None = None
    function_call_output_idxs: dict[int, int] = field(default_factory=dict)

    @staticmethod
    def _reasoning_count(state: StreamingState) -> int:
        return 1 if state.reasoning_content_index_and_output is not None else 0

    def assistant_message_output_index(self, state: StreamingState) -> int:
        if self.assistant_message_output_idx is None:
            index = self._reasoning_count(state)
            if self.function_call_output_idxs:
                index += len(state.function_calls)
            self.assistant_message_output_idx = index
        return self.assistant_message_output_idx

    def function_call_output_index(self, state: StreamingState, call_index: int) -> int:
        if call_index in self.function_call_output_idxs:
            return self.function_call_output_idxs[call_index]
        offset = list(state.function_calls).index(call_index)
        index = self._reasoning_count(state)
        if self.assistant_message_output_idx is None:
            index += offset
        else:
            before_message = self.assistant_message_output_idx - self._reasoning_count(state)
            index += offset if offset < before_message else offset + 1
        self.function_call_output_idxs[call_index] = index
        return index

    def _calls_before_message(self, state: StreamingState) -> int:
        if self.assistant_message_output_idx is None:
            return 0
        return self.assistant_message_output_idx - self._reasoning_count(state)

    def function_calls_before_message(
        self, state: StreamingState
    ) -> list[ResponseFunctionToolCall]:
        return list(state.function_calls.values())[: self._calls_before_message(state)]

    def function_calls_after_message(self, state: StreamingState) -> list[ResponseFunctionToolCall]:
        return list(state.function_calls.values())[self._calls_before_message(state) :]


class ChatCmplStreamHandler:
    """Converts Chat Completions chunks to Responses stream events."""

    @classmethod
    def _function_call_item(
        cls, state: StreamingState, call: ResponseFunctionToolCall, *, arguments: str
    ) -> ResponseFunctionToolCall:
        from ..types.responses import ResponseFunctionToolCall

        fields: dict[str, Any] = {
            "id": FAKE_RESPONSES_ID,
            "call_id": call.call_id,
            "arguments": arguments,
            "name": call.name,
            "type": "function_call",
        }
        merged = dict(state.provider_data)
        own = getattr(call, "provider_data", None)
        if isinstance(own, dict):
            merged.update(own)
        if merged:
            fields["provider_data"] = merged
        return ResponseFunctionToolCall(**fields)

    @classmethod
    def _finish_reasoning_summary_part(
        cls, state: StreamingState, seq: SequenceNumber
    ) -> Iterator[TResponseStreamEvent]:
        from ..types.responses import Part, ResponseReasoningSummaryPartDoneEvent

        if not state.reasoning_content_index_and_output:
            return
        index = state.active_reasoning_summary_index
        if index is None:
            return
        item = state.reasoning_content_index_and_output[1]
        state.active_reasoning_summary_index = None
        if index >= len(item.summary):
            return
        yield ResponseReasoningSummaryPartDoneEvent(
            item_id=FAKE_RESPONSES_ID,
            output_index=0,
            summary_index=index,
            part=Part(text=item.summary[index].text, type="summary_text"),
            type="response.reasoning_summary_part.done",
            sequence_number=seq.get_and_increment(),
        )

    @classmethod
    def _finish_reasoning_item(
        cls, state: StreamingState, seq: SequenceNumber
    ) -> Iterator[TResponseStreamEvent]:
        from ..types.responses import ResponseOutputItemDoneEvent, ResponseReasoningTextDoneEvent

        if not state.reasoning_content_index_and_output or state.reasoning_item_done:
            return
        item = state.reasoning_content_index_and_output[1]
        if item.summary:
            yield from cls._finish_reasoning_summary_part(state, seq)
        elif item.content:
            yield ResponseReasoningTextDoneEvent(
                item_id=FAKE_RESPONSES_ID,
                output_index=0,
                content_index=0,
                text=item.content[0].text,
                type="response.reasoning_text.done",
                sequence_number=seq.get_and_increment(),
            )
        yield ResponseOutputItemDoneEvent(
            item=item,
            output_index=0,
            type="response.output_item.done",
            sequence_number=seq.get_and_increment(),
        )
        state.reasoning_item_done = True

    @classmethod
    def _open_message(
        cls, state: StreamingState, layout: _StreamOutputLayout, seq: SequenceNumber
    ) -> TResponseStreamEvent:
        from ..types.responses import ResponseOutputItemAddedEvent, ResponseOutputMessage

        fields: dict[str, Any] = {
            "id": FAKE_RESPONSES_ID,
            "content": [],
            "role": "assistant",
            "type": "message",
            "status": "in_progress",
        }
        if state.provider_data:
            fields["provider_data"] = dict(state.provider_data)
        return ResponseOutputItemAddedEvent(
            item=ResponseOutputMessage(**fields),
            output_index=layout.assistant_message_output_index(state),
            type="response.output_item.added",
            sequence_number=seq.get_and_increment(),
        )

    @classmethod
    def _open_reasoning(
        cls, state: StreamingState, seq: SequenceNumber, *, plain_reasoning: bool
    ) -> TResponseStreamEvent:
        from ..types.responses import (
            Content,
            ResponseOutputItemAddedEvent,
            ResponseReasoningItem,
        )

        fields: dict[str, Any] = {"id": FAKE_RESPONSES_ID, "summary": [], "type": "reasoning"}
        provider_data = dict(state.provider_data)
        if plain_reasoning:
            fields["content"] = [Content(text="", type="reasoning_text")]
            provider_data[_REASONING_FIELD_KEY] = "reasoning"
        if provider_data:
            fields["provider_data"] = provider_data
        item = ResponseReasoningItem(**fields)
        state.reasoning_content_index_and_output = (0, item)
        return ResponseOutputItemAddedEvent(
            item=item,
            output_index=0,
            type="response.output_item.added",
            sequence_number=seq.get_and_increment(),
        )

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
        """
        from ..types.responses import (
            Content as ReasoningContent,
        )
        from ..types.responses import Part as SummaryPart
        from ..types.responses import (
            ResponseCompletedEvent,
            ResponseContentPartAddedEvent,
            ResponseContentPartDoneEvent,
            ResponseCreatedEvent,
            ResponseFunctionCallArgumentsDeltaEvent,
            ResponseFunctionToolCall,
            ResponseOutputItemAddedEvent,
            ResponseOutputItemDoneEvent,
            ResponseOutputMessage,
            ResponseOutputRefusal,
            ResponseOutputText,
            ResponseReasoningSummaryPartAddedEvent,
            ResponseReasoningSummaryTextDeltaEvent,
            ResponseReasoningTextDeltaEvent,
            ResponseRefusalDeltaEvent,
            ResponseTextDeltaEvent,
            Summary,
        )

        usage: dict[str, Any] | None = None
        state = StreamingState()
        layout = _StreamOutputLayout()
        seq = SequenceNumber()
        saw_content_filter = saw_length = saw_finish_reason = False

        async for raw_chunk in stream:
            chunk = _as_dict(raw_chunk)
            if not state.started:
                state.started = True
                yield ResponseCreatedEvent(
                    response=response,
                    type="response.created",
                    sequence_number=seq.get_and_increment(),
                )
            # Usage usually comes alone in the last chunk; some servers repeat it or send null.
            chunk_usage = chunk.get("usage")
            if isinstance(chunk_usage, Mapping) or (
                chunk_usage is not None and hasattr(chunk_usage, "model_dump")
            ):
                usage = _as_dict(chunk_usage)

            raw_choices = chunk.get("choices")
            # A chunk whose `choices` is not a list (a malformed one) carries no choice.
            choices = [_as_dict(c) for c in raw_choices] if isinstance(raw_choices, list) else []
            if not choices:
                continue
            if len(choices) > 1 or any(c.get("index", 0) != 0 for c in choices):
                message = (
                    "Chat Completions streaming with multiple choices or nonzero choice indexes "
                    "is not fully supported; only choice index 0 can be processed."
                )
                if strict_feature_validation:
                    raise UserError(message)
                if not state.has_warned_unsupported_choice:
                    logger.warning("%s Ignoring the other choices.", message)
                    state.has_warned_unsupported_choice = True
            choice = next((c for c in choices if c.get("index", 0) == 0), None)
            if choice is None:
                continue

            finish_reason = choice.get("finish_reason")
            if finish_reason is not None:
                saw_finish_reason = True
            if finish_reason == "content_filter":
                saw_content_filter = True
            elif finish_reason == "length":
                saw_length = True

            delta = _as_dict(choice.get("delta"))
            if not delta:
                continue

            if model:
                state.provider_data["model"] = model
            elif chunk.get("model"):
                state.provider_data["model"] = chunk["model"]
            if chunk.get("id"):
                state.provider_data["response_id"] = chunk["id"]

            if delta.get("audio"):
                raise AgentsException("Audio is not currently supported")

            # Reasoning as summary text (DeepSeek, vLLM, LiteLLM `reasoning_content`).
            reasoning_content = delta.get("reasoning_content")
            if isinstance(reasoning_content, str) and reasoning_content:
                if not state.reasoning_content_index_and_output:
                    yield cls._open_reasoning(state, seq, plain_reasoning=False)
                assert state.reasoning_content_index_and_output is not None
                item = state.reasoning_content_index_and_output[1]
                provider_data = getattr(item, "provider_data", None)
                if isinstance(provider_data, dict) and _REASONING_FIELD_KEY in provider_data:
                    # Summary text is now the source of truth, not the plain `reasoning` field.
                    item.provider_data = {  # type: ignore[attr-defined]
                        k: v for k, v in provider_data.items() if k != _REASONING_FIELD_KEY
                    }
                if state.active_reasoning_summary_index is None:
                    state.active_reasoning_summary_index = len(item.summary)
                    item.summary.append(Summary(text="", type="summary_text"))
                    yield ResponseReasoningSummaryPartAddedEvent(
                        item_id=FAKE_RESPONSES_ID,
                        output_index=0,
                        summary_index=state.active_reasoning_summary_index,
                        part=SummaryPart(text="", type="summary_text"),
                        type="response.reasoning_summary_part.added",
                        sequence_number=seq.get_and_increment(),
                    )
                summary_index = state.active_reasoning_summary_index
                yield ResponseReasoningSummaryTextDeltaEvent(
                    delta=reasoning_content,
                    item_id=FAKE_RESPONSES_ID,
                    output_index=0,
                    summary_index=summary_index,
                    type="response.reasoning_summary_text.delta",
                    sequence_number=seq.get_and_increment(),
                )
                item.summary[summary_index] = Summary(
                    text=item.summary[summary_index].text + reasoning_content, type="summary_text"
                )

            # Reasoning as raw text (Ollama, OpenRouter and others send `reasoning`).
            reasoning_text = delta.get("reasoning")
            if isinstance(reasoning_text, str) and reasoning_text:
                if not state.reasoning_content_index_and_output:
                    yield cls._open_reasoning(state, seq, plain_reasoning=True)
                assert state.reasoning_content_index_and_output is not None
                item = state.reasoning_content_index_and_output[1]
                yield ResponseReasoningTextDeltaEvent(
                    delta=reasoning_text,
                    item_id=FAKE_RESPONSES_ID,
                    output_index=0,
                    content_index=0,
                    type="response.reasoning_text.delta",
                    sequence_number=seq.get_and_increment(),
                )
                if not item.content:
                    item.content = [ReasoningContent(text="", type="reasoning_text")]
                item.content[0] = ReasoningContent(
                    text=item.content[0].text + reasoning_text, type="reasoning_text"
                )

            content = delta.get("content")
            refusal = delta.get("refusal")
            tool_calls = delta.get("tool_calls")
            if (
                state.reasoning_content_index_and_output
                and state.active_reasoning_summary_index is not None
                and not reasoning_content
                and (content is not None or refusal or tool_calls)
            ):
                for event in cls._finish_reasoning_summary_part(state, seq):
                    yield event

            # A leading "" is not text yet: opening a part for it would leave an empty
            # output_text in the final message (content-filtered turns start this way).
            if isinstance(content, str) and (content or state.text_content_index_and_output):
                if not state.text_content_index_and_output:
                    content_index = 1 if state.refusal_content_index_and_output else 0
                    state.text_content_index_and_output = (
                        content_index,
                        ResponseOutputText(
                            text="", type="output_text", annotations=[], logprobs=[]
                        ),
                    )
                    if content_index == 0:
                        yield cls._open_message(state, layout, seq)
                    yield ResponseContentPartAddedEvent(
                        content_index=content_index,
                        item_id=FAKE_RESPONSES_ID,
                        output_index=layout.assistant_message_output_index(state),
                        part=ResponseOutputText(
                            text="", type="output_text", annotations=[], logprobs=[]
                        ),
                        type="response.content_part.added",
                        sequence_number=seq.get_and_increment(),
                    )
                logprobs = _as_dict(choice.get("logprobs")).get("content")
                yield ResponseTextDeltaEvent(
                    content_index=state.text_content_index_and_output[0],
                    delta=content,
                    item_id=FAKE_RESPONSES_ID,
                    output_index=layout.assistant_message_output_index(state),
                    type="response.output_text.delta",
                    sequence_number=seq.get_and_increment(),
                    logprobs=ChatCmplHelpers.convert_logprobs_for_text_delta(logprobs) or [],
                )
                text_part = state.text_content_index_and_output[1]
                text_part.text += content
                output_logprobs = ChatCmplHelpers.convert_logprobs_for_output_text(logprobs)
                if output_logprobs:
                    if text_part.logprobs is None:
                        text_part.logprobs = output_logprobs
                    else:
                        text_part.logprobs.extend(output_logprobs)

            # Citations may come with the cited text or in a later chunk.
            if state.text_content_index_and_output:
                state.text_content_index_and_output[1].annotations.extend(
                    ChatCmplHelpers.convert_url_citations(delta.get("annotations"))
                )

            if isinstance(refusal, str) and refusal:
                if not state.refusal_content_index_and_output:
                    refusal_index = 1 if state.text_content_index_and_output else 0
                    state.refusal_content_index_and_output = (
                        refusal_index,
                        ResponseOutputRefusal(refusal="", type="refusal"),
                    )
                    if refusal_index == 0:
                        yield cls._open_message(state, layout, seq)
                    yield ResponseContentPartAddedEvent(
                        content_index=refusal_index,
                        item_id=FAKE_RESPONSES_ID,
                        output_index=layout.assistant_message_output_index(state),
                        part=ResponseOutputRefusal(refusal="", type="refusal"),
                        type="response.content_part.added",
                        sequence_number=seq.get_and_increment(),
                    )
                yield ResponseRefusalDeltaEvent(
                    content_index=state.refusal_content_index_and_output[0],
                    delta=refusal,
                    item_id=FAKE_RESPONSES_ID,
                    output_index=layout.assistant_message_output_index(state),
                    type="response.refusal.delta",
                    sequence_number=seq.get_and_increment(),
                )
                state.refusal_content_index_and_output[1].refusal += refusal

            for raw_call in tool_calls if isinstance(tool_calls, list) else []:
                call_delta = _as_dict(raw_call)
                raw_index = call_delta.get("index")
                index = (
                    raw_index
                    if isinstance(raw_index, int)
                    else _index_without_index(state, call_delta.get("id"))
                )
                if index in state.ignored_tool_call_indexes:
                    continue
                if call_delta.get("type") == "custom":
                    if strict_feature_validation:
                        raise UserError(
                            "Custom tool calls are not supported by the Chat Completions converter"
                        )
                    state.ignored_tool_call_indexes.add(index)
                    continue
                if index not in state.function_calls:
                    state.function_calls[index] = ResponseFunctionToolCall(
                        id=FAKE_RESPONSES_ID,
                        arguments="",
                        name="",
                        type="function_call",
                        call_id="",
                    )
                    state.function_call_streaming[index] = False
                call = state.function_calls[index]
                function = _as_dict(call_delta.get("function"))
                arguments = function.get("arguments")
                if isinstance(arguments, str):
                    call.arguments += arguments
                if function.get("name"):
                    call.name = function["name"]
                call_id = call_delta.get("id")
                if isinstance(call_id, str) and call_id:
                    call.call_id = ChatCmplHelpers.clean_gemini_tool_call_id(call_id, model)
                elif not call.call_id and call.name:
                    # Ollama, llama.cpp and some proxies send no (or an empty) id: make one,
                    # since the tool output must refer to the call.
                    call.call_id = _new_call_id()
                _capture_thought_signature(state, call, call_delta, model)

                if not state.function_call_streaming[index] and call.name and call.call_id:
                    state.function_call_streaming[index] = True
                    yield ResponseOutputItemAddedEvent(
                        item=cls._function_call_item(state, call, arguments=""),
                        output_index=layout.function_call_output_index(state, index),
                        type="response.output_item.added",
                        sequence_number=seq.get_and_increment(),
                    )
                if (
                    state.function_call_streaming[index]
                    and isinstance(arguments, str)
                    and arguments
                ):
                    yield ResponseFunctionCallArgumentsDeltaEvent(
                        delta=arguments,
                        item_id=FAKE_RESPONSES_ID,
                        output_index=layout.function_call_output_index(state, index),
                        type="response.function_call_arguments.delta",
                        sequence_number=seq.get_and_increment(),
                    )

        if (
            saw_content_filter
            and state.text_content_index_and_output is None
            and state.refusal_content_index_and_output is None
            and not state.function_calls
        ):
            # A filtered turn with no output at all: say so as a refusal rather than nothing.
            refusal_message = "Response withheld by the provider's content filter."
            state.refusal_content_index_and_output = (
                0,
                ResponseOutputRefusal(refusal=refusal_message, type="refusal"),
            )
            yield cls._open_message(state, layout, seq)
            yield ResponseContentPartAddedEvent(
                content_index=0,
                item_id=FAKE_RESPONSES_ID,
                output_index=layout.assistant_message_output_index(state),
                part=ResponseOutputRefusal(refusal="", type="refusal"),
                type="response.content_part.added",
                sequence_number=seq.get_and_increment(),
            )
            yield ResponseRefusalDeltaEvent(
                content_index=0,
                delta=refusal_message,
                item_id=FAKE_RESPONSES_ID,
                output_index=layout.assistant_message_output_index(state),
                type="response.refusal.delta",
                sequence_number=seq.get_and_increment(),
            )

        if require_finish_reason and not saw_finish_reason:
            response.usage = cls._build_response_usage(usage)
            raise ModelBehaviorError(
                "Chat Completions stream ended before receiving a finish_reason for choice 0."
            )
        if (
            saw_length
            and raise_on_length_truncation
            and state.text_content_index_and_output is None
            and state.refusal_content_index_and_output is None
            and not state.function_calls
        ):
            response.usage = cls._build_response_usage(usage)
            raise ModelBehaviorError(
                "Chat Completions stream terminated with finish_reason='length' but produced no "
                "assistant text, tool call, or refusal."
            )

        for event in cls._finish_reasoning_item(state, seq):
            yield event

        for part_and_index in (
            state.text_content_index_and_output,
            state.refusal_content_index_and_output,
        ):
            if part_and_index:
                yield ResponseContentPartDoneEvent(
                    content_index=part_and_index[0],
                    item_id=FAKE_RESPONSES_ID,
                    output_index=layout.assistant_message_output_index(state),
                    part=part_and_index[1],
                    type="response.content_part.done",
                    sequence_number=seq.get_and_increment(),
                )

        for index, call in state.function_calls.items():
            if not call.call_id:
                call.call_id = _new_call_id()
            output_index = layout.function_call_output_index(state, index)
            final_call = cls._function_call_item(state, call, arguments=call.arguments)
            if not state.function_call_streaming.get(index, False):
                # The name never arrived while streaming: announce the call whole now.
                yield ResponseOutputItemAddedEvent(
                    item=final_call,
                    output_index=output_index,
                    type="response.output_item.added",
                    sequence_number=seq.get_and_increment(),
                )
                yield ResponseFunctionCallArgumentsDeltaEvent(
                    delta=call.arguments,
                    item_id=FAKE_RESPONSES_ID,
                    output_index=output_index,
                    type="response.function_call_arguments.delta",
                    sequence_number=seq.get_and_increment(),
                )
            yield ResponseOutputItemDoneEvent(
                item=final_call,
                output_index=output_index,
                type="response.output_item.done",
                sequence_number=seq.get_and_increment(),
            )

        outputs: list[Any] = []
        if state.reasoning_content_index_and_output:
            outputs.append(state.reasoning_content_index_and_output[1])
        outputs.extend(
            cls._function_call_item(state, c, arguments=c.arguments)
            for c in layout.function_calls_before_message(state)
        )
        if state.text_content_index_and_output or state.refusal_content_index_and_output:
            message_fields: dict[str, Any] = {
                "id": FAKE_RESPONSES_ID,
                "content": [],
                "role": "assistant",
                "type": "message",
                "status": "completed",
            }
            if state.provider_data:
                message_fields["provider_data"] = dict(state.provider_data)
            final_message = ResponseOutputMessage(**message_fields)
            # Parts in the content-index order already announced.
            parts = sorted(
                (
                    p
                    for p in (
                        state.text_content_index_and_output,
                        state.refusal_content_index_and_output,
                    )
                    if p is not None
                ),
                key=lambda entry: entry[0],
            )
            final_message.content.extend(part for _, part in parts)
            outputs.append(final_message)
            yield ResponseOutputItemDoneEvent(
                item=final_message,
                output_index=layout.assistant_message_output_index(state),
                type="response.output_item.done",
                sequence_number=seq.get_and_increment(),
            )
        outputs.extend(
            cls._function_call_item(state, c, arguments=c.arguments)
            for c in layout.function_calls_after_message(state)
        )

        final_response = response.model_copy()
        final_response.output = outputs
        final_response.usage = cls._build_response_usage(usage)
        if preserve_raw_usage and usage is not None:
            _set_private(final_response, "_raw_usage", usage)
        yield ResponseCompletedEvent(
            response=final_response,
            type="response.completed",
            sequence_number=seq.get_and_increment(),
        )

    @staticmethod
    def _build_response_usage(usage: Mapping[str, Any] | None) -> ResponseUsage | None:
        """Chat `CompletionUsage` as Responses usage (None stays None)."""
        if usage is None:
            return None
        from ..types.responses import InputTokensDetails, OutputTokensDetails, ResponseUsage

        prompt_details = _as_dict(usage.get("prompt_tokens_details"))
        completion_details = _as_dict(usage.get("completion_tokens_details"))
        return ResponseUsage(
            input_tokens=usage.get("prompt_tokens") or 0,
            output_tokens=usage.get("completion_tokens") or 0,
            total_tokens=usage.get("total_tokens") or 0,
            input_tokens_details=InputTokensDetails(
                cached_tokens=prompt_details.get("cached_tokens") or 0,
                cache_write_tokens=prompt_details.get("cache_write_tokens") or 0,
            ),
            output_tokens_details=OutputTokensDetails(
                reasoning_tokens=completion_details.get("reasoning_tokens") or 0
            ),
        )


def _index_without_index(state: StreamingState, call_id: Any) -> int:
    """The slot of a tool-call delta that has no `index` (some servers send none): a new id
    opens a new call, anything else continues the latest one."""
    if not state.function_calls:
        return 0
    latest = list(state.function_calls)[-1]
    if isinstance(call_id, str) and call_id:
        if any(c.call_id == call_id for c in state.function_calls.values()):
            return next(i for i, c in state.function_calls.items() if c.call_id == call_id)
        return max(state.function_calls) + 1
    return latest


def _capture_thought_signature(
    state: StreamingState, call: ResponseFunctionToolCall, call_delta: dict[str, Any], model: Any
) -> None:
    """Keep a Gemini `thought_signature` (LiteLLM or Google's endpoint) on the call's
    provider_data, so it can be sent back with the call."""
    signature = None
    specific = call_delta.get("provider_specific_fields")
    if isinstance(specific, Mapping) and model and "gemini" in str(model).lower():
        signature = specific.get("thought_signature")
    extra = call_delta.get("extra_content")
    if isinstance(extra, Mapping):
        google = extra.get("google")
        if isinstance(google, Mapping) and google.get("thought_signature"):
            signature = google["thought_signature"]
    if signature:
        call.provider_data = {**state.provider_data, "thought_signature": signature}  # type: ignore[attr-defined]
