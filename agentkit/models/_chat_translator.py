"""Chat Completions chunks as Responses stream events: the translator behind both chat paths.

`ChatChunkTranslator` takes the chunks of choice 0 one at a time and gives the Responses events
each one stands for; every kind of delta has its own small step (reasoning summary, reasoning
text, text, refusal, tool-call arguments, usage). `finish` closes what is open and gives the
final `response.completed`. The streamed chat path feeds it the server's chunks; the non-streamed
path feeds it the whole completion as one chunk (`translate_completion`), so both build their
output with the same code, and `ResponseAccumulator` turns either into the `ModelResponse`.

Items carry the placeholder id `FAKE_RESPONSES_ID`; sequence numbers count from 0.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping
from dataclasses import field
from typing import TYPE_CHECKING, Any

from ..exceptions import AgentsException, ModelBehaviorError, UserError
from ..logger import logger
from ..util._dataclass import dataclass
from .chatcmpl_helpers import _REASONING_FIELD_KEY, ChatCmplHelpers, _new_call_id, _set_private
from .fake_id import FAKE_RESPONSES_ID

if TYPE_CHECKING:
    from ..items import TResponseStreamEvent
    from ..types.responses import (
        Response,
        ResponseFunctionToolCall,
        ResponseOutputRefusal,
        ResponseOutputText,
        ResponseReasoningItem,
    )

_FILTERED = "Response withheld by the provider's content filter."
_NOT_TAKEN: Any = object()

if TYPE_CHECKING:
    from ..types import responses as _wire
else:
    _wire = None
    """The wire types module, loaded by the first translator: importing it is not cheap, and the
    per-delta steps must not pay for an import statement each."""


def _load_wire_types() -> None:
    if globals()["_wire"] is None:
        from ..types import responses

        globals()["_wire"] = responses


def _as_dict(value: Any) -> dict[str, Any]:
    """A chunk (or part of one) as a dict to read; wire models are dumped, odd values become
    `{}`. A dict is returned as it is (the translator never changes what it reads)."""
    if type(value) is dict:
        return value
    if value is None:
        return {}
    if isinstance(value, Mapping):
        return dict(value)
    dump = getattr(value, "model_dump", None)
    if callable(dump):
        dumped = dump()
        return dumped if isinstance(dumped, dict) else {}
    return {}


_JOIN_EVERY = 256
"""Streamed text, arguments and reasoning are kept as pieces, joined every this many."""


def _keep(pieces: list[str], piece: str) -> None:
    """Add a streamed piece, to be joined once at the end (`+=` on the item would copy the whole
    text so far on every delta); every _JOIN_EVERY pieces are joined already, not to keep
    thousands of small strings alive."""
    pieces.append(piece)
    if len(pieces) >= _JOIN_EVERY:
        pieces[:] = ["".join(pieces)]


_VALIDATORS: dict[type[Any], Any] = {}

_new_object = object.__new__
_SLOT_SETTERS: tuple[Any, ...] | None = ()
"""The `__set__` of pydantic's four model instance slots (`__dict__`, fields set, extra,
private), in that order; found on first use (None: this pydantic has other slots)."""


def _built(cls: type[Any], values: dict[str, Any]) -> Any:
    """What `cls`'s validator makes of `values` (every field given, in field order, each already
    of its field's exact type, no extra or private attributes), built without validating: the
    events made once per streamed delta do not pay for checks their values always pass."""
    setters = _SLOT_SETTERS if _SLOT_SETTERS != () else _slot_setters()
    if setters is None:
        return _event(cls, values)
    set_dict, set_fields_set, set_extra, set_private = setters
    event = _new_object(cls)
    set_dict(event, values)
    set_fields_set(event, set(values))  # every field given: all of them are set
    set_extra(event, {})
    set_private(event, None)
    return event


def _slot_setters() -> tuple[Any, ...] | None:
    from pydantic import BaseModel

    global _SLOT_SETTERS
    slots = ("__dict__", "__pydantic_fields_set__", "__pydantic_extra__", "__pydantic_private__")
    try:
        _SLOT_SETTERS = tuple(BaseModel.__dict__[name].__set__ for name in slots)
    except (KeyError, AttributeError):  # a pydantic whose instance layout differs: validate
        _SLOT_SETTERS = None
    return _SLOT_SETTERS


def _event(cls: type[Any], fields: dict[str, Any]) -> Any:
    """`cls(**fields)` for the events built once per delta, with every field given: the class's
    validator directly, without the keyword constructor's Python frames (the same object)."""
    validate = _VALIDATORS.get(cls)
    if validate is None:
        event = cls.model_validate(fields)  # builds the deferred validator
        _VALIDATORS[cls] = cls.__pydantic_validator__.validate_python
        return event
    return validate(fields)


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


class ChatChunkTranslator:
    """Translates the chunks of one Chat Completions answer into Responses stream events.

    `chunk` takes one chunk (a dict or wire model) and returns its events; `finish` returns the
    closing events, ending with `response.completed` built on `response`. If either raises, the
    events made before the error are in `pending`. An event announcing the reasoning item carries
    a snapshot of it, as a stream shows it before later deltas extend it. Only choice 0 is
    converted. Tool calls missing an id get a generated one. With `raise_on_length_truncation`,
    an answer cut by `length` before any output raises `ModelBehaviorError`; with
    `require_finish_reason`, so does one without a finish reason. `provider_data`, when given,
    is what every item carries instead of the model name and completion id.
    """

    def __init__(
        self,
        response: Response,
        *,
        model: str | None = None,
        strict_feature_validation: bool = False,
        raise_on_length_truncation: bool = False,
        require_finish_reason: bool = False,
        provider_data: dict[str, Any] | None = None,
        noun: str = "stream",
    ) -> None:
        _load_wire_types()
        self.response = response
        self.state = StreamingState()
        self.layout = _StreamOutputLayout()
        # The next event's sequence number: a C call, once per event (no Python frame).
        self._number: Callable[[], int] = itertools.count().__next__
        self._model = model
        self._strict = strict_feature_validation
        self._raise_on_length = raise_on_length_truncation
        self._require_finish_reason = require_finish_reason
        self._fixed_provider_data = provider_data is not None
        # The id of the chunk whose provider data was taken last, when taking it again from a
        # chunk with the same id changes nothing (see `_take_provider_data`).
        self._provider_data_id: Any = _NOT_TAKEN
        if provider_data:
            self.state.provider_data.update(provider_data)
        self._noun = noun
        self._usage: dict[str, Any] | None = None
        self._saw_content_filter = self._saw_length = self._saw_finish_reason = False
        self._text_pieces: list[str] = []
        self._argument_pieces: dict[int, list[str]] = {}
        # Reasoning text collected the same way, for one target at a time: a summary part's index,
        # or `None` for the plain reasoning text (content 0).
        self._reasoning_pieces: list[str] = []
        self._reasoning_target: int | None = None
        self.pending: list[TResponseStreamEvent] = []
        """The events of the chunk (or finish) being translated."""
        self._events = self.pending

    # --- one chunk ---------------------------------------------------------------------------

    def chunk(self, raw_chunk: Any) -> list[TResponseStreamEvent]:
        """The events of one chunk (raises on audio, or on several choices in strict mode)."""
        events = self.pending = self._events = []
        chunk = raw_chunk if type(raw_chunk) is dict else _as_dict(raw_chunk)
        state = self.state
        if not state.started:
            self._start()
        usage = chunk.get("usage")
        if usage is not None:
            self._take_usage(usage)
        choices = chunk.get("choices")
        # The usual chunk: one choice, index 0 (which `_choice_zero` would return, slower).
        if not (
            type(choices) is list
            and len(choices) == 1
            and type(choice := choices[0]) is dict
            and choice.get("index", 0) == 0
        ):
            choice = self._choice_zero(choices)
            if choice is None:
                return events
        finish_reason = choice.get("finish_reason")
        if finish_reason is not None:
            self._take_finish_reason(finish_reason)
        delta = choice.get("delta")
        if type(delta) is not dict:
            delta = _as_dict(delta)
        if not delta:
            return events
        if chunk.get("id") != self._provider_data_id:
            self._take_provider_data(chunk)
        if len(delta) == 1 and state.reasoning_content_index_and_output is None:
            if (
                type(delta.get("content")) is str
                and state.text_content_index_and_output is not None
            ):
                # The usual chunk: the next piece of the text and nothing else, which is all
                # `_delta` would find in it (no reasoning item for it to close).
                logprobs = choice.get("logprobs")
                self._text(
                    delta["content"], _as_dict(logprobs).get("content") if logprobs else None
                )
                return events
            if type(delta.get("tool_calls")) is list:
                # The usual chunk of a tool call: pieces of calls and nothing else (no
                # reasoning summary part for it to close), which is all `_delta` would do.
                for raw_call in delta["tool_calls"]:
                    self._tool_call(_as_dict(raw_call))
                return events
        self._delta(delta, choice)
        return events

    def _start(self) -> None:
        from ..types.responses import ResponseCreatedEvent

        self.state.started = True
        self._events.append(
            ResponseCreatedEvent(
                response=self.response, type="response.created", sequence_number=self._number()
            )
        )

    def _take_usage(self, chunk_usage: Any) -> None:
        # Usage usually comes alone in the last chunk; some servers repeat it or send null.
        if isinstance(chunk_usage, Mapping) or (
            chunk_usage is not None and hasattr(chunk_usage, "model_dump")
        ):
            self._usage = _as_dict(chunk_usage)

    def _choice_zero(self, raw_choices: Any) -> dict[str, Any] | None:
        if type(raw_choices) is list and len(raw_choices) == 1:
            only = raw_choices[0]
            # The usual chunk: one choice, index 0 (the general path below gives the same).
            if type(only) is dict and only.get("index", 0) == 0:
                return only
        # A chunk whose `choices` is not a list (a malformed one) carries no choice.
        choices = [_as_dict(c) for c in raw_choices] if isinstance(raw_choices, list) else []
        if not choices:
            return None
        if len(choices) > 1 or any(c.get("index", 0) != 0 for c in choices):
            message = (
                "Chat Completions streaming with multiple choices or nonzero choice indexes "
                "is not fully supported; only choice index 0 can be processed."
            )
            if self._strict:
                raise UserError(message)
            if not self.state.has_warned_unsupported_choice:
                logger.warning("%s Ignoring the other choices.", message)
                self.state.has_warned_unsupported_choice = True
        return next((c for c in choices if c.get("index", 0) == 0), None)

    def _take_finish_reason(self, finish_reason: Any) -> None:
        if finish_reason is not None:
            self._saw_finish_reason = True
        if finish_reason == "content_filter":
            self._saw_content_filter = True
        elif finish_reason == "length":
            self._saw_length = True

    def _take_provider_data(self, chunk: dict[str, Any]) -> None:
        if self._fixed_provider_data:
            return
        if self._model:
            self.state.provider_data["model"] = self._model
            # Another chunk with this id would set the same again (`chunk` skips it).
            self._provider_data_id = chunk.get("id")
        elif chunk.get("model"):
            self.state.provider_data["model"] = chunk["model"]
        if chunk.get("id"):
            self.state.provider_data["response_id"] = chunk["id"]

    def _delta(self, delta: dict[str, Any], choice: dict[str, Any]) -> None:
        if delta.get("audio"):
            raise AgentsException("Audio is not currently supported")
        # Reasoning as summary text (DeepSeek, vLLM, LiteLLM `reasoning_content`).
        reasoning_content = delta.get("reasoning_content")
        if isinstance(reasoning_content, str) and reasoning_content:
            self._reasoning_summary(reasoning_content)
        # Reasoning as raw text (Ollama, OpenRouter and others send `reasoning`).
        reasoning_text = delta.get("reasoning")
        if isinstance(reasoning_text, str) and reasoning_text:
            self._reasoning_text(reasoning_text)

        content = delta.get("content")
        refusal = delta.get("refusal")
        tool_calls = delta.get("tool_calls")
        if (
            self.state.reasoning_content_index_and_output
            and self.state.active_reasoning_summary_index is not None
            and not reasoning_content
            and (content is not None or refusal or tool_calls)
        ):
            self._finish_reasoning_summary_part()
        # A leading "" is not text yet: opening a part for it would leave an empty
        # output_text in the final message (content-filtered turns start this way).
        if isinstance(content, str) and (content or self.state.text_content_index_and_output):
            logprobs = choice.get("logprobs")
            self._text(content, _as_dict(logprobs).get("content") if logprobs else None)
        # Citations may come with the cited text or in a later chunk.
        annotations = delta.get("annotations")
        if annotations and self.state.text_content_index_and_output:
            self.state.text_content_index_and_output[1].annotations.extend(
                ChatCmplHelpers.convert_url_citations(annotations)
            )
        if isinstance(refusal, str) and refusal:
            self._refusal(refusal)
        for raw_call in tool_calls if isinstance(tool_calls, list) else []:
            self._tool_call(_as_dict(raw_call))

    # --- reasoning ---------------------------------------------------------------------------

    def _open_reasoning(self, *, plain_reasoning: bool) -> ResponseReasoningItem:
        from ..types.responses import Content, ResponseOutputItemAddedEvent, ResponseReasoningItem

        state = self.state
        fields: dict[str, Any] = {"id": FAKE_RESPONSES_ID, "summary": [], "type": "reasoning"}
        provider_data = dict(state.provider_data)
        if plain_reasoning:
            fields["content"] = [Content(text="", type="reasoning_text")]
            provider_data[_REASONING_FIELD_KEY] = "reasoning"
        if provider_data:
            fields["provider_data"] = provider_data
        item = ResponseReasoningItem(**fields)
        state.reasoning_content_index_and_output = (0, item)
        self._events.append(
            ResponseOutputItemAddedEvent(
                item=item.model_copy(deep=True),
                output_index=0,
                type="response.output_item.added",
                sequence_number=self._number(),
            )
        )
        return item

    def _reasoning_summary(self, text: str) -> None:

        state = self.state
        if state.reasoning_content_index_and_output:
            item = state.reasoning_content_index_and_output[1]
        else:
            item = self._open_reasoning(plain_reasoning=False)
        provider_data = getattr(item, "provider_data", None)
        if isinstance(provider_data, dict) and _REASONING_FIELD_KEY in provider_data:
            # Summary text is now the source of truth, not the plain `reasoning` field.
            item.provider_data = {  # type: ignore[attr-defined]
                k: v for k, v in provider_data.items() if k != _REASONING_FIELD_KEY
            }
        if state.active_reasoning_summary_index is None:
            state.active_reasoning_summary_index = len(item.summary)
            item.summary.append(_wire.Summary(text="", type="summary_text"))
            self._events.append(
                _wire.ResponseReasoningSummaryPartAddedEvent(
                    item_id=FAKE_RESPONSES_ID,
                    output_index=0,
                    summary_index=state.active_reasoning_summary_index,
                    part=_wire.Part(text="", type="summary_text"),
                    type="response.reasoning_summary_part.added",
                    sequence_number=self._number(),
                )
            )
        index = state.active_reasoning_summary_index
        self._events.append(
            _wire.ResponseReasoningSummaryTextDeltaEvent(
                delta=text,
                item_id=FAKE_RESPONSES_ID,
                output_index=0,
                summary_index=index,
                type="response.reasoning_summary_text.delta",
                sequence_number=self._number(),
            )
        )
        self._collect_reasoning(index, text)

    def _reasoning_text(self, text: str) -> None:

        state = self.state
        if state.reasoning_content_index_and_output:
            item = state.reasoning_content_index_and_output[1]
        else:
            item = self._open_reasoning(plain_reasoning=True)
        self._events.append(
            _wire.ResponseReasoningTextDeltaEvent(
                delta=text,
                item_id=FAKE_RESPONSES_ID,
                output_index=0,
                content_index=0,
                type="response.reasoning_text.delta",
                sequence_number=self._number(),
            )
        )
        if not item.content:
            item.content = [_wire.Content(text="", type="reasoning_text")]
        self._collect_reasoning(None, text)

    def _collect_reasoning(self, target: int | None, text: str) -> None:
        """Keep a reasoning delta for `target` (a summary index, or `None` for the reasoning
        text); a long reasoning would otherwise copy its whole text on every delta."""
        pieces = self._reasoning_pieces
        if pieces and self._reasoning_target != target:
            self._flush_reasoning()
        self._reasoning_target = target
        _keep(pieces, text)

    def _flush_reasoning(self) -> None:
        """Put the collected reasoning deltas into the reasoning item (before its text is read)."""
        pieces = self._reasoning_pieces
        reasoning = self.state.reasoning_content_index_and_output
        if not pieces or reasoning is None:
            return
        item, joined, index = reasoning[1], "".join(pieces), self._reasoning_target
        if index is None:
            content = item.content or [_wire.Content(text="", type="reasoning_text")]
            content[0] = _wire.Content(text=content[0].text + joined, type="reasoning_text")
            item.content = content
        else:
            item.summary[index] = _wire.Summary(
                text=item.summary[index].text + joined, type="summary_text"
            )
        self._reasoning_pieces = []

    def _finish_reasoning_summary_part(self) -> None:
        from ..types.responses import Part, ResponseReasoningSummaryPartDoneEvent

        state = self.state
        if not state.reasoning_content_index_and_output:
            return
        index = state.active_reasoning_summary_index
        if index is None:
            return
        self._flush_reasoning()
        item = state.reasoning_content_index_and_output[1]
        state.active_reasoning_summary_index = None
        if index >= len(item.summary):
            return
        self._events.append(
            ResponseReasoningSummaryPartDoneEvent(
                item_id=FAKE_RESPONSES_ID,
                output_index=0,
                summary_index=index,
                part=Part(text=item.summary[index].text, type="summary_text"),
                type="response.reasoning_summary_part.done",
                sequence_number=self._number(),
            )
        )

    def _finish_reasoning_item(self) -> None:
        from ..types.responses import ResponseOutputItemDoneEvent, ResponseReasoningTextDoneEvent

        state = self.state
        if not state.reasoning_content_index_and_output or state.reasoning_item_done:
            return
        self._flush_reasoning()
        item = state.reasoning_content_index_and_output[1]
        if item.summary:
            self._finish_reasoning_summary_part()
        elif item.content:
            self._events.append(
                ResponseReasoningTextDoneEvent(
                    item_id=FAKE_RESPONSES_ID,
                    output_index=0,
                    content_index=0,
                    text=item.content[0].text,
                    type="response.reasoning_text.done",
                    sequence_number=self._number(),
                )
            )
        self._events.append(
            ResponseOutputItemDoneEvent(
                item=item,
                output_index=0,
                type="response.output_item.done",
                sequence_number=self._number(),
            )
        )
        state.reasoning_item_done = True

    # --- the assistant message: text and refusal ---------------------------------------------

    def _open_message(self) -> None:
        from ..types.responses import ResponseOutputItemAddedEvent, ResponseOutputMessage

        fields: dict[str, Any] = {
            "id": FAKE_RESPONSES_ID,
            "content": [],
            "role": "assistant",
            "type": "message",
            "status": "in_progress",
        }
        if self.state.provider_data:
            fields["provider_data"] = dict(self.state.provider_data)
        self._events.append(
            ResponseOutputItemAddedEvent(
                item=ResponseOutputMessage(**fields),
                output_index=self.layout.assistant_message_output_index(self.state),
                type="response.output_item.added",
                sequence_number=self._number(),
            )
        )

    def _open_part(self, content_index: int, part: Any) -> None:
        from ..types.responses import ResponseContentPartAddedEvent

        if content_index == 0:
            self._open_message()
        self._events.append(
            ResponseContentPartAddedEvent(
                content_index=content_index,
                item_id=FAKE_RESPONSES_ID,
                output_index=self.layout.assistant_message_output_index(self.state),
                part=part,
                type="response.content_part.added",
                sequence_number=self._number(),
            )
        )

    def _text(self, content: str, logprobs: Any) -> None:

        state = self.state
        if not state.text_content_index_and_output:
            content_index = 1 if state.refusal_content_index_and_output else 0
            state.text_content_index_and_output = (
                content_index,
                _wire.ResponseOutputText(text="", type="output_text", annotations=[], logprobs=[]),
            )
            self._open_part(
                content_index,
                _wire.ResponseOutputText(text="", type="output_text", annotations=[], logprobs=[]),
            )
        fields = {
            "content_index": state.text_content_index_and_output[0],
            "delta": content,
            "item_id": FAKE_RESPONSES_ID,
            "output_index": self.layout.assistant_message_output_index(state),
            "logprobs": [],
            "sequence_number": self._number(),
            "type": "response.output_text.delta",
        }
        if logprobs:
            fields["logprobs"] = ChatCmplHelpers.convert_logprobs_for_text_delta(logprobs) or []
        if logprobs or type(content) is not str:
            self._events.append(_event(_wire.ResponseTextDeltaEvent, fields))
        else:
            self._events.append(_built(_wire.ResponseTextDeltaEvent, fields))
        _keep(self._text_pieces, content)  # into the part at the end (`_flush_pieces`)
        if not logprobs:
            return
        text_part = state.text_content_index_and_output[1]
        output_logprobs = ChatCmplHelpers.convert_logprobs_for_output_text(logprobs)
        if output_logprobs:
            if text_part.logprobs is None:
                text_part.logprobs = output_logprobs
            else:
                text_part.logprobs.extend(output_logprobs)

    def _refusal(self, refusal: str) -> None:

        state = self.state
        if not state.refusal_content_index_and_output:
            refusal_index = 1 if state.text_content_index_and_output else 0
            state.refusal_content_index_and_output = (
                refusal_index,
                _wire.ResponseOutputRefusal(refusal="", type="refusal"),
            )
            self._open_part(refusal_index, _wire.ResponseOutputRefusal(refusal="", type="refusal"))
        self._events.append(
            _wire.ResponseRefusalDeltaEvent(
                content_index=state.refusal_content_index_and_output[0],
                delta=refusal,
                item_id=FAKE_RESPONSES_ID,
                output_index=self.layout.assistant_message_output_index(state),
                type="response.refusal.delta",
                sequence_number=self._number(),
            )
        )
        state.refusal_content_index_and_output[1].refusal += refusal

    # --- tool-call arguments -----------------------------------------------------------------

    def _call_slot(self, call_delta: dict[str, Any]) -> int | None:
        """The call index a tool-call delta continues, or None when the call is ignored."""
        state = self.state
        raw_index = call_delta.get("index")
        index = (
            raw_index
            if isinstance(raw_index, int)
            else _index_without_index(state, call_delta.get("id"))
        )
        if index in state.ignored_tool_call_indexes:
            return None
        call_type = call_delta.get("type")
        if call_type == "custom" and self._strict:
            raise UserError("Custom tool calls are not supported by the Chat Completions converter")
        if call_type is not None and call_type != "function":
            # Custom (and unknown) tool calls have no Responses form here: leave them out.
            state.ignored_tool_call_indexes.add(index)
            return None
        return index

    def _tool_call(self, call_delta: dict[str, Any]) -> None:

        index = self._call_slot(call_delta)
        if index is None:
            return
        state = self.state
        if index not in state.function_calls:
            state.function_calls[index] = _wire.ResponseFunctionToolCall(
                id=FAKE_RESPONSES_ID, arguments="", name="", type="function_call", call_id=""
            )
            state.function_call_streaming[index] = False
        call = state.function_calls[index]
        function = _as_dict(call_delta.get("function"))
        arguments = function.get("arguments")
        if isinstance(arguments, str) and arguments:
            # Into the call at the end (`_flush_pieces`), as the message text.
            _keep(self._argument_pieces.setdefault(index, []), arguments)
        if function.get("name"):
            call.name = function["name"]
        call_id = call_delta.get("id")
        if isinstance(call_id, str) and call_id:
            call.call_id = ChatCmplHelpers.clean_gemini_tool_call_id(call_id, self._model)
        elif not call.call_id and call.name:
            # Ollama, llama.cpp and some proxies send no (or an empty) id: make one,
            # since the tool output must refer to the call.
            call.call_id = _new_call_id()
        if "provider_specific_fields" in call_delta or "extra_content" in call_delta:
            _capture_thought_signature(state, call, call_delta, self._model)

        if not state.function_call_streaming[index] and call.name and call.call_id:
            state.function_call_streaming[index] = True
            self._events.append(
                _wire.ResponseOutputItemAddedEvent(
                    item=self._function_call_item(call, arguments=""),
                    output_index=self.layout.function_call_output_index(state, index),
                    type="response.output_item.added",
                    sequence_number=self._number(),
                )
            )
        if state.function_call_streaming[index] and isinstance(arguments, str) and arguments:
            fields = {
                "delta": arguments,
                "item_id": FAKE_RESPONSES_ID,
                "output_index": self.layout.function_call_output_index(state, index),
                "sequence_number": self._number(),
                "type": "response.function_call_arguments.delta",
            }
            event_class = _wire.ResponseFunctionCallArgumentsDeltaEvent
            self._events.append(
                _built(event_class, fields)
                if type(arguments) is str
                else _event(event_class, fields)
            )

    def _function_call_item(
        self, call: ResponseFunctionToolCall, *, arguments: str
    ) -> ResponseFunctionToolCall:
        from ..types.responses import ResponseFunctionToolCall

        fields: dict[str, Any] = {
            "id": FAKE_RESPONSES_ID,
            "call_id": call.call_id,
            "arguments": arguments,
            "name": call.name,
            "type": "function_call",
        }
        merged = dict(self.state.provider_data)
        own = getattr(call, "provider_data", None)
        if isinstance(own, dict):
            merged.update(own)
        if merged:
            fields["provider_data"] = merged
        return ResponseFunctionToolCall(**fields)

    # --- the end of the answer ---------------------------------------------------------------

    def finish(self) -> list[TResponseStreamEvent]:
        """The closing events, ending with `response.completed` (raises on a truncated answer)."""
        events = self.pending = self._events = []
        self._flush_pieces()
        self._content_filter_refusal()
        self._check_complete()
        self._finish_reasoning_item()
        self._close_content_parts()
        self._drop_empty_calls()
        self._close_function_calls()
        outputs = self._final_outputs()
        self._complete(outputs)
        return events

    def _flush_pieces(self) -> None:
        """Put the text, arguments and reasoning collected from the deltas into the message part,
        the calls and the reasoning item."""
        state = self.state
        if self._text_pieces and state.text_content_index_and_output:
            part = state.text_content_index_and_output[1]
            part.text += "".join(self._text_pieces)
        self._text_pieces = []
        for index, pieces in self._argument_pieces.items():
            call = state.function_calls[index]
            call.arguments += "".join(pieces)
        self._argument_pieces = {}
        self._flush_reasoning()

    def _has_output(self) -> bool:
        state = self.state
        return bool(
            state.text_content_index_and_output
            or state.refusal_content_index_and_output
            or state.function_calls
        )

    def _content_filter_refusal(self) -> None:
        if self._saw_content_filter and not self._has_output():
            # A filtered turn with no output at all: say so as a refusal rather than nothing.
            self._refusal(_FILTERED)

    def _check_complete(self) -> None:
        if self._require_finish_reason and not self._saw_finish_reason:
            self.response.usage = self._response_usage()
            raise ModelBehaviorError(
                "Chat Completions stream ended before receiving a finish_reason for choice 0."
            )
        if self._saw_length and self._raise_on_length and not self._has_output():
            self.response.usage = self._response_usage()
            raise ModelBehaviorError(
                f"Chat Completions {self._noun} terminated with finish_reason='length' but "
                "produced no assistant text, tool call, or refusal."
            )

    def _close_content_parts(self) -> None:
        from ..types.responses import ResponseContentPartDoneEvent

        state = self.state
        for part_and_index in (
            state.text_content_index_and_output,
            state.refusal_content_index_and_output,
        ):
            if part_and_index:
                self._events.append(
                    ResponseContentPartDoneEvent(
                        content_index=part_and_index[0],
                        item_id=FAKE_RESPONSES_ID,
                        output_index=self.layout.assistant_message_output_index(state),
                        part=part_and_index[1],
                        type="response.content_part.done",
                        sequence_number=self._number(),
                    )
                )

    def _drop_empty_calls(self) -> None:
        """Forget tool calls that never got a name or arguments (LM Studio may add
        `{"id": "", "type": "function"}` after a text answer): there is nothing to run, and
        sending them back makes the server reject the next request."""
        state = self.state
        for index, call in list(state.function_calls.items()):
            if call.name or call.arguments or state.function_call_streaming.get(index, False):
                continue
            if index in self.layout.function_call_output_idxs:
                continue  # already placed in the output order
            del state.function_calls[index]
            state.function_call_streaming.pop(index, None)

    def _close_function_calls(self) -> None:
        from ..types.responses import (
            ResponseFunctionCallArgumentsDeltaEvent,
            ResponseOutputItemAddedEvent,
            ResponseOutputItemDoneEvent,
        )

        state = self.state
        for index, call in state.function_calls.items():
            if not call.call_id:
                call.call_id = _new_call_id()
            output_index = self.layout.function_call_output_index(state, index)
            final_call = self._function_call_item(call, arguments=call.arguments)
            if not state.function_call_streaming.get(index, False):
                # The name never arrived while streaming: announce the call whole now.
                self._events.append(
                    ResponseOutputItemAddedEvent(
                        item=final_call,
                        output_index=output_index,
                        type="response.output_item.added",
                        sequence_number=self._number(),
                    )
                )
                self._events.append(
                    ResponseFunctionCallArgumentsDeltaEvent(
                        delta=call.arguments,
                        item_id=FAKE_RESPONSES_ID,
                        output_index=output_index,
                        type="response.function_call_arguments.delta",
                        sequence_number=self._number(),
                    )
                )
            self._events.append(
                ResponseOutputItemDoneEvent(
                    item=final_call,
                    output_index=output_index,
                    type="response.output_item.done",
                    sequence_number=self._number(),
                )
            )

    def _final_message(self) -> Any:
        from ..types.responses import ResponseOutputItemDoneEvent, ResponseOutputMessage

        state = self.state
        fields: dict[str, Any] = {
            "id": FAKE_RESPONSES_ID,
            "content": [],
            "role": "assistant",
            "type": "message",
            "status": "completed",
        }
        if state.provider_data:
            fields["provider_data"] = dict(state.provider_data)
        message = ResponseOutputMessage(**fields)
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
        message.content.extend(part for _, part in parts)
        self._events.append(
            ResponseOutputItemDoneEvent(
                item=message,
                output_index=self.layout.assistant_message_output_index(state),
                type="response.output_item.done",
                sequence_number=self._number(),
            )
        )
        return message

    def _final_outputs(self) -> list[Any]:
        state = self.state
        outputs: list[Any] = []
        if state.reasoning_content_index_and_output:
            outputs.append(state.reasoning_content_index_and_output[1])
        outputs.extend(
            self._function_call_item(c, arguments=c.arguments)
            for c in self.layout.function_calls_before_message(state)
        )
        if state.text_content_index_and_output or state.refusal_content_index_and_output:
            outputs.append(self._final_message())
        outputs.extend(
            self._function_call_item(c, arguments=c.arguments)
            for c in self.layout.function_calls_after_message(state)
        )
        return outputs

    def _response_usage(self) -> Any:
        """The chat usage in Responses form, by the one usage policy (None stays None)."""
        if self._usage is None:
            return None
        from ..usage import Usage

        return Usage._from_wire(self._usage)._to_wire()

    def _complete(self, outputs: list[Any]) -> None:
        from ..types.responses import ResponseCompletedEvent

        final_response = self.response.model_copy()
        final_response.output = outputs
        final_response.usage = self._response_usage()
        # The provider's own report, kept for `ModelSettings(preserve_raw_usage=True)`.
        _set_private(final_response, "_raw_usage", self._usage)
        self._events.append(
            ResponseCompletedEvent(
                response=final_response,
                type="response.completed",
                sequence_number=self._number(),
            )
        )


def translate_completion(
    response: Response,
    message: Any,
    *,
    finish_reason: Any,
    logprobs: Any,
    usage: Any,
    provider_data: dict[str, Any] | None,
    model: str | None = None,
    strict_feature_validation: bool = False,
    raise_on_length_truncation: bool = False,
) -> Response:
    """A whole (non-streamed) completion's choice 0, translated as one chunk: the `Response`
    of its `response.completed` (raises as the streamed path does)."""
    delta = _message_as_delta(message)
    translator = ChatChunkTranslator(
        response,
        model=model,
        strict_feature_validation=strict_feature_validation,
        raise_on_length_truncation=raise_on_length_truncation,
        provider_data=provider_data,
        noun="response",
    )
    translator.chunk(
        {
            "choices": [
                {"index": 0, "delta": delta, "finish_reason": finish_reason, "logprobs": logprobs}
            ],
            "usage": usage,
        }
    )
    completed = translator.finish()[-1]
    return completed.response  # type: ignore[union-attr]


def _message_as_delta(message: Any) -> dict[str, Any]:
    """A whole assistant message as one delta: `reasoning_content` wins over a plain
    `reasoning` field, and tool calls get their list positions as indexes."""
    delta = dict(_as_dict(message))
    reasoning_content = delta.get("reasoning_content")
    if isinstance(reasoning_content, str) and reasoning_content:
        delta.pop("reasoning", None)
    tool_calls = delta.get("tool_calls")
    if isinstance(tool_calls, list):
        delta["tool_calls"] = [
            {**_as_dict(call), "index": index} for index, call in enumerate(tool_calls)
        ]
    return delta


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
