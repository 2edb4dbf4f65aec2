"""Scripted test models: deterministic stand-ins for an LLM at the `Model` seam."""

from __future__ import annotations

import abc
import copy
import inspect
import json
from collections.abc import (
    AsyncIterator,
    Awaitable,
    Callable,
    Iterable,
    Iterator,
    Mapping,
    Sequence,
)
from contextlib import contextmanager
from dataclasses import field, replace
from typing import TYPE_CHECKING, Any, Literal, TypeAlias, cast

from typing_extensions import TypedDict

from ..exceptions import ModelBehaviorError
from ..items import ModelResponse, TResponseInputItem, TResponseOutputItem, TResponseStreamEvent
from ..model_settings import ModelSettings
from ..models._response_accumulator import ResponseAccumulator
from ..models.interface import Model, ModelTracing
from ..types.responses import (
    Part,
    Response,
    ResponseApplyPatchToolCall,
    ResponseCompletedEvent,
    ResponseContentPartAddedEvent,
    ResponseContentPartDoneEvent,
    ResponseCreatedEvent,
    ResponseFunctionCallArgumentsDeltaEvent,
    ResponseFunctionCallArgumentsDoneEvent,
    ResponseFunctionToolCall,
    ResponseInProgressEvent,
    ResponseOutputItemAddedEvent,
    ResponseOutputItemDoneEvent,
    ResponseOutputMessage,
    ResponseOutputRefusal,
    ResponseOutputText,
    ResponseOutputTextAnnotationAddedEvent,
    ResponseReasoningItem,
    ResponseReasoningSummaryPartAddedEvent,
    ResponseReasoningSummaryPartDoneEvent,
    ResponseReasoningSummaryTextDeltaEvent,
    ResponseReasoningSummaryTextDoneEvent,
    ResponseReasoningTextDeltaEvent,
    ResponseReasoningTextDoneEvent,
    ResponseRefusalDeltaEvent,
    ResponseRefusalDoneEvent,
    ResponseTextDeltaEvent,
    ResponseTextDoneEvent,
)
from ..usage import Usage
from ..util._dataclass import dataclass

if TYPE_CHECKING:
    from ..agent_output import AgentOutputSchemaBase
    from ..handoffs import Handoff
    from ..tool import Tool
    from ..tracing.spans import Span
    from ..types.responses import ResponsePromptParam


class ModelScriptError(Exception):
    """A model script is invalid, or was not consumed as the test expected."""


ModelStepReason: TypeAlias = Literal[
    "invalid_input",
    "unsupported_field",
    "invalid_error",
    "invalid_responder",
    "invalid_stream_events",
    "conflicting_outcomes",
]


class InvalidModelStep(ModelScriptError):
    """A step was rejected when it was added to the script."""

    def __init__(self, message: str, *, reason: ModelStepReason, input_index: int) -> None:
        super().__init__(message)
        self.reason = reason
        self.input_index = input_index


class UnexpectedModelCall(ModelScriptError):
    """The model was called after every scripted step had been used."""

    def __init__(self, message: str, *, call: ModelCall, call_index: int) -> None:
        super().__init__(message)
        self.call = call
        self.call_index = call_index


class UnconsumedModelSteps(ModelScriptError):
    """Scripted steps were left over when the test expected none."""

    def __init__(self, message: str, *, remaining_steps: int) -> None:
        super().__init__(message)
        self.remaining_steps = remaining_steps


@dataclass(frozen=True)
class ModelCall:
    """What one call at the `Model` seam received."""

    system_instructions: str | None
    input: Any
    model_settings: ModelSettings
    tools: list[Tool]
    output_schema: AgentOutputSchemaBase | None
    handoffs: list[Handoff]
    tracing: ModelTracing
    previous_response_id: str | None
    conversation_id: str | None
    prompt: ResponsePromptParam | None
    streamed: bool


def _snapshot_call(call: ModelCall) -> ModelCall:
    # Detached copies, so a test reading `calls` cannot be fooled by later mutation.
    return replace(
        call,
        input=copy.deepcopy(call.input),
        model_settings=copy.deepcopy(call.model_settings),
        tools=list(call.tools),
        handoffs=list(call.handoffs),
        prompt=copy.deepcopy(call.prompt),
    )


@dataclass
class ModelStep:
    """The outcome of one model call.

    By default the call returns `output` (with `usage`, `response_id` and `request_id`). Instead,
    `error` makes the call raise, `responder` computes the outcome from the `ModelCall`, and
    `stream_events` gives the exact events a streamed call yields.
    """

    output: Sequence[TResponseOutputItem] = field(default_factory=tuple)
    usage: Usage = field(default_factory=Usage)
    response_id: str | None = "resp-789"
    request_id: str | None = None
    raw_usage: dict[str, Any] | None = None
    error: Exception | None = None
    responder: ModelResponder | None = None
    stream_events: Sequence[TResponseStreamEvent] | ModelStreamFactory | None = None

    @classmethod
    def raise_error(cls, error: Exception) -> ModelStep:
        """A step whose call raises `error`."""
        return cls(error=error)

    @classmethod
    def respond(cls, responder: ModelResponder) -> ModelStep:
        """A step whose outcome `responder` computes from the recorded call."""
        return cls(responder=responder)

    @classmethod
    def stream(
        cls,
        events: Sequence[TResponseStreamEvent] | ModelStreamFactory,
        *,
        output: Sequence[TResponseOutputItem] = (),
        usage: Usage | None = None,
        response_id: str | None = "resp-789",
    ) -> ModelStep:
        """A step that streams exactly `events` (a sequence, or a factory called with the call)."""
        return cls(
            output=output,
            usage=usage or Usage(),
            response_id=response_id,
            stream_events=events if callable(events) else tuple(events),
        )


class ModelStepSpec(TypedDict, total=False):
    """The dictionary form of `ModelStep`."""

    output: Sequence[TResponseOutputItem]
    usage: Usage
    response_id: str | None
    request_id: str | None
    raw_usage: dict[str, Any] | None
    error: Exception | None
    responder: ModelResponder | None
    stream_events: Sequence[TResponseStreamEvent] | ModelStreamFactory | None


_STEP_FIELDS = frozenset(ModelStepSpec.__annotations__)

ModelStepResult: TypeAlias = (
    ModelStep | ModelStepSpec | ModelResponse | Sequence[TResponseOutputItem] | Exception
)
ModelResponder: TypeAlias = Callable[[ModelCall], ModelStepResult | Awaitable[ModelStepResult]]
ModelStreamFactory: TypeAlias = Callable[[ModelCall], AsyncIterator[TResponseStreamEvent]]
ModelScriptItem: TypeAlias = ModelStepResult


def assistant_message(text: str, *, item_id: str = "scripted-message") -> TResponseOutputItem:
    """An assistant message output item holding `text`."""
    return ResponseOutputMessage(
        id=item_id,
        type="message",
        role="assistant",
        status="completed",
        content=[ResponseOutputText(type="output_text", text=text, annotations=[], logprobs=[])],
    )


def function_call(
    name: str,
    arguments: str | Mapping[str, Any],
    *,
    call_id: str,
    item_id: str | None = None,
    namespace: str | None = None,
) -> TResponseOutputItem:
    """A function tool call output item; mapping `arguments` are serialised as compact JSON."""
    if not isinstance(arguments, str):
        arguments = json.dumps(arguments, ensure_ascii=False, separators=(",", ":"))
    values: dict[str, Any] = {
        "id": call_id if item_id is None else item_id,
        "call_id": call_id,
        "type": "function_call",
        "name": name,
        "arguments": arguments,
    }
    if namespace is not None:
        values["namespace"] = namespace
    return ResponseFunctionToolCall(**values)


# Shared machinery of the test models


class _RecordingModel(Model, abc.ABC):
    """Records every call and turns a resolved `ModelStep` into a response or event stream."""

    def __init__(self, *, emit_traces: bool, default_usage: Usage | None) -> None:
        self._emit_traces = emit_traces
        self._default_usage = copy.deepcopy(default_usage)
        self._calls: list[ModelCall] = []

    @property
    def calls(self) -> tuple[ModelCall, ...]:
        """Detached copies of every call so far, oldest first."""
        return tuple(_snapshot_call(call) for call in self._calls)

    @property
    def first_call(self) -> ModelCall | None:
        """The first call, if any."""
        return _snapshot_call(self._calls[0]) if self._calls else None

    @property
    def last_call(self) -> ModelCall | None:
        """The most recent call, if any."""
        return _snapshot_call(self._calls[-1]) if self._calls else None

    def set_default_usage(self, usage: Usage | None) -> None:
        """Usage reported by steps that set none (by default one request, no tokens)."""
        self._default_usage = copy.deepcopy(usage)

    @abc.abstractmethod
    async def _next_step(self, call: ModelCall) -> ModelStep:
        """The step answering `call` (responders not yet applied)."""

    def _stream_override(self, call: ModelCall) -> AsyncIterator[TResponseStreamEvent] | None:
        """A model-specific event stream replacing the one derived from the step."""
        return None

    async def get_response(
        self,
        system_instructions: str | None,
        input: str | list[TResponseInputItem],
        model_settings: ModelSettings,
        tools: list[Tool],
        output_schema: AgentOutputSchemaBase | None,
        handoffs: list[Handoff],
        tracing: ModelTracing,
        *,
        previous_response_id: str | None,
        conversation_id: str | None,
        prompt: ResponsePromptParam | None,
    ) -> ModelResponse:
        call = self._record(
            system_instructions, input, model_settings, tools, output_schema, handoffs, tracing,
            previous_response_id, conversation_id, prompt, streamed=False,
        )  # fmt: skip
        with _generation_span(self._emit_traces, current=True) as span:
            try:
                step = await self._resolve(call)
                if step.error is not None:
                    raise step.error
                return _model_response(step, call.model_settings)
            except Exception as error:
                _record_span_error(span, error, call.tracing)
                raise

    async def stream_response(
        self,
        system_instructions: str | None,
        input: str | list[TResponseInputItem],
        model_settings: ModelSettings,
        tools: list[Tool],
        output_schema: AgentOutputSchemaBase | None,
        handoffs: list[Handoff],
        tracing: ModelTracing,
        *,
        previous_response_id: str | None,
        conversation_id: str | None,
        prompt: ResponsePromptParam | None,
    ) -> AsyncIterator[TResponseStreamEvent]:
        call = self._record(
            system_instructions, input, model_settings, tools, output_schema, handoffs, tracing,
            previous_response_id, conversation_id, prompt, streamed=True,
        )  # fmt: skip
        # Not the current span while streaming: the consumer runs its own code (tools, spans)
        # between events, and that must not nest under this model call.
        with _generation_span(self._emit_traces, current=False) as span:
            try:
                source = self._stream_override(call)
                if source is None:
                    step = await self._resolve(call)
                    if step.error is not None:
                        raise step.error
                    if not callable(step.stream_events):
                        events = step.stream_events
                        for event in _stream_events_for_step(step) if events is None else events:
                            yield event
                        return
                    source = step.stream_events(call)
                try:
                    async for event in source:
                        yield event
                except BaseException:
                    # Never mask the error that ended the iteration with one from cleanup.
                    await _close_stream(source, quiet=True)
                    raise
                await _close_stream(source, quiet=False)
            except Exception as error:
                _record_span_error(span, error, call.tracing)
                raise

    def _record(
        self,
        system_instructions: str | None,
        input: str | list[TResponseInputItem],
        model_settings: ModelSettings,
        tools: list[Tool],
        output_schema: AgentOutputSchemaBase | None,
        handoffs: list[Handoff],
        tracing: ModelTracing,
        previous_response_id: str | None,
        conversation_id: str | None,
        prompt: ResponsePromptParam | None,
        *,
        streamed: bool,
    ) -> ModelCall:
        call = ModelCall(
            system_instructions=system_instructions,
            input=copy.deepcopy(input),
            model_settings=copy.deepcopy(model_settings),
            tools=list(tools),
            output_schema=output_schema,
            handoffs=list(handoffs),
            tracing=tracing,
            previous_response_id=previous_response_id,
            conversation_id=conversation_id,
            prompt=copy.deepcopy(prompt),
            streamed=streamed,
        )
        self._calls.append(call)
        # The step sees its own copy: a responder mutating it must not rewrite the record.
        return _snapshot_call(call)

    async def _resolve(self, call: ModelCall) -> ModelStep:
        step = await self._next_step(call)
        while step.responder is not None:
            result = step.responder(call)
            if inspect.isawaitable(result):
                result = await result
            step = _coerce_step(result, 0)
        usage = self._fallback_usage() if step.usage == Usage() else copy.deepcopy(step.usage)
        return replace(step, usage=usage)

    def _fallback_usage(self) -> Usage:
        """The usage of a step that reports none (by default one request, no tokens)."""
        usage = self._default_usage if self._default_usage is not None else Usage(requests=1)
        return copy.deepcopy(usage)


async def _close_stream(stream: AsyncIterator[Any], *, quiet: bool) -> None:
    aclose = getattr(stream, "aclose", None)
    if not callable(aclose):
        return
    try:
        await aclose()
    except Exception:
        if not quiet:
            raise


@contextmanager
def _generation_span(enabled: bool, *, current: bool) -> Iterator[Span[Any] | None]:
    if not enabled:
        yield None
        return
    from ..tracing import generation_span

    span = generation_span()
    span.start(mark_as_current=current)
    try:
        yield span
    finally:
        span.finish(reset_current=current)


def _record_span_error(span: Span[Any] | None, error: Exception, tracing: ModelTracing) -> None:
    if span is None:
        return
    message = str(error) if tracing.include_data() else "Error details are redacted."
    span.set_error({"message": "Error", "data": {"name": type(error).__name__, "message": message}})


# The script


class ScriptedModel(_RecordingModel):
    """A model that answers each call with the next step of a script.

    A step may be a `ModelStep`, a `ModelStepSpec` dict, a `ModelResponse`, a sequence of output
    items, or an exception to raise. A call after the last step raises `UnexpectedModelCall`.
    """

    def __init__(
        self,
        steps: Iterable[ModelScriptItem] = (),
        *,
        emit_traces: bool = False,
        default_usage: Usage | None = None,
    ) -> None:
        super().__init__(emit_traces=emit_traces, default_usage=default_usage)
        self._steps = [_coerce_step(step, index) for index, step in enumerate(steps)]

    @property
    def remaining_steps(self) -> int:
        """How many steps have not been used yet."""
        return len(self._steps)

    def enqueue(self, step: ModelScriptItem) -> None:
        """Append one step."""
        self._steps.append(_coerce_step(step, 0))

    def extend(self, steps: Iterable[ModelScriptItem]) -> None:
        """Append several steps (all are validated before any is added)."""
        self._steps.extend([_coerce_step(step, index) for index, step in enumerate(steps)])

    def assert_complete(self) -> None:
        """Raise `UnconsumedModelSteps` if steps are left."""
        if self._steps:
            raise UnconsumedModelSteps(
                f"{len(self._steps)} scripted model step(s) were not consumed.",
                remaining_steps=len(self._steps),
            )

    async def _next_step(self, call: ModelCall) -> ModelStep:
        if not self._steps:
            call_index = len(self._calls) - 1
            mode = "streaming" if call.streamed else "non-streaming"
            raise UnexpectedModelCall(
                f"Unexpected {mode} model call #{call_index + 1}: no scripted steps remain.",
                call=call,
                call_index=call_index,
            )
        return self._steps.pop(0)


# Steps


def _coerce_step(step: Any, input_index: int) -> ModelStep:
    if isinstance(step, ModelStep):
        normalized = step
    elif isinstance(step, ModelResponse):
        normalized = ModelStep(
            output=step.output,
            usage=step.usage,
            response_id=step.response_id,
            request_id=step.request_id,
            raw_usage=step.raw_usage,
        )
    elif isinstance(step, Exception):
        normalized = ModelStep.raise_error(step)
    elif isinstance(step, Mapping):
        unknown = sorted(str(key) for key in step if key not in _STEP_FIELDS)
        if unknown:
            raise _invalid(
                "unsupported_field",
                input_index,
                f"has unsupported field(s) {', '.join(unknown)}; "
                f"allowed are {', '.join(sorted(_STEP_FIELDS))}",
            )
        normalized = ModelStep(**cast(dict[str, Any], step))
    else:
        normalized = ModelStep(output=step)
    _validate_step(normalized, input_index)
    stream_events = normalized.stream_events
    if stream_events is not None and not callable(stream_events):
        stream_events = copy.deepcopy(stream_events)
    # Detach from the caller's objects: a script is fixed once written.
    return replace(
        normalized,
        output=copy.deepcopy(normalized.output),
        usage=copy.deepcopy(normalized.usage),
        raw_usage=copy.deepcopy(normalized.raw_usage),
        stream_events=stream_events,
    )


def _invalid(reason: ModelStepReason, input_index: int, detail: str) -> InvalidModelStep:
    return InvalidModelStep(
        f"Scripted model step #{input_index + 1} {detail}.",
        reason=reason,
        input_index=input_index,
    )


def _validate_step(step: ModelStep, input_index: int) -> None:
    if not isinstance(step.output, Sequence) or isinstance(step.output, (str, bytes)):
        raise _invalid("invalid_input", input_index, "must use a sequence for output")
    if not isinstance(step.usage, Usage):
        raise _invalid("invalid_input", input_index, "must use Usage for usage")
    for name in ("response_id", "request_id"):
        value = getattr(step, name)
        if value is not None and not isinstance(value, str):
            raise _invalid("invalid_input", input_index, f"must use a string or None for {name}")
    if step.raw_usage is not None and not isinstance(step.raw_usage, dict):
        raise _invalid("invalid_input", input_index, "must use a dictionary or None for raw_usage")
    if step.error is not None and not isinstance(step.error, Exception):
        raise _invalid("invalid_error", input_index, "must use an Exception for error")
    if step.responder is not None and not callable(step.responder):
        raise _invalid("invalid_responder", input_index, "must use a callable responder")
    events = step.stream_events
    if (
        events is not None
        and not callable(events)
        and (not isinstance(events, Sequence) or isinstance(events, (str, bytes)))
    ):
        raise _invalid(
            "invalid_stream_events",
            input_index,
            "must use a sequence or callable stream_events value",
        )
    if sum(value is not None for value in (step.error, step.responder, events)) > 1:
        raise _invalid(
            "conflicting_outcomes",
            input_index,
            "cannot combine error, responder, and stream_events outcomes",
        )


def _convert_output_items(output: Sequence[Any]) -> list[TResponseOutputItem]:
    """Output items as the runner expects them; apply-patch calls may be given as dicts."""
    converted: list[TResponseOutputItem] = []
    for item in output:
        if isinstance(item, Mapping) and item.get("type") == "apply_patch_call":
            call_id = item.get("call_id")
            if not isinstance(call_id, str) or not call_id:
                raise ModelBehaviorError(
                    "Tool invocations require a non-empty string call ID before execution."
                )
            item_id = item.get("id", call_id)
            if not isinstance(item_id, str) or not item_id:
                raise ModelBehaviorError(
                    "Apply-patch tool calls require a non-empty string item ID when provided."
                )
            converted.append(
                ResponseApplyPatchToolCall.model_validate(
                    {
                        "type": "apply_patch_call",
                        "id": item_id,
                        "call_id": call_id,
                        "status": item.get("status", "completed"),
                        "operation": item.get("operation"),
                        "caller": item.get("caller"),
                    }
                )
            )
        else:
            converted.append(item)
    return converted


def _model_response(step: ModelStep, model_settings: ModelSettings) -> ModelResponse:
    """The answer to a non-streamed call: the step's response through the same accumulator as a
    streamed call's events, so both modes give the same `ModelResponse`."""
    accumulator = ResponseAccumulator(preserve_raw_usage=model_settings.preserve_raw_usage is True)
    accumulator.add_response(_response_for_step(step, _convert_output_items(step.output), False))
    return accumulator.result()


# Automatic streaming: the events a Responses API stream would carry for the step's output.


def _response_for_step(
    step: ModelStep, output: list[TResponseOutputItem], validate: bool = True
) -> Response:
    """The completed `Response` of a step. It carries the step's exact `Usage`, raw usage and
    request id as private attributes, which `ResponseAccumulator` reports, streamed or not.
    Without `validate` the output is taken as given (a non-streamed answer may hold any item)."""
    fields: dict[str, Any] = {
        "id": step.response_id if step.response_id is not None else "scripted-response",
        "created_at": 0,
        "model": "scripted-model",
        "object": "response",
        "output": output,
        "tool_choice": "none",
        "tools": [],
        "top_p": None,
        "parallel_tool_calls": False,
        "status": "completed",
        "usage": step.usage._to_wire(),
    }
    response = Response(**fields) if validate else Response.model_construct(**fields)
    if step.response_id is None:
        # The `Model` seam allows a response without an id, though the wire type requires one.
        object.__setattr__(response, "id", None)
    response._usage = copy.deepcopy(step.usage)  # type: ignore[attr-defined]
    response._raw_usage = step.raw_usage  # type: ignore[attr-defined]
    response._request_id = step.request_id  # type: ignore[attr-defined]
    return response


def _in_progress(item: TResponseOutputItem) -> TResponseOutputItem:
    """The item as `response.output_item.added` announces it, before any of its content."""
    if isinstance(item, ResponseApplyPatchToolCall):
        return item.model_copy(update={"status": "in_progress"})
    if isinstance(item, ResponseOutputMessage):
        return item.model_copy(update={"content": [], "status": "in_progress"})
    if isinstance(item, ResponseReasoningItem):
        return item.model_copy(
            update={
                "content": [] if item.content is not None else None,
                "encrypted_content": None,
                "status": "in_progress",
                "summary": [],
            }
        )
    if isinstance(item, ResponseFunctionToolCall):
        return item.model_copy(update={"arguments": "", "status": "in_progress"})
    return item


class _EventLog:
    """Collects the events of one scripted stream, numbering them in order.

    The functions below add the events of each part of an answer; `_stream_events_for_step`
    and `FunctionModel`'s text streaming both build their streams from them.
    """

    def __init__(self) -> None:
        self.events: list[TResponseStreamEvent] = []
        self._drained = 0

    def add(self, event_type: type[Any], **fields: Any) -> None:
        event = event_type(sequence_number=len(self.events), **fields)
        self.events.append(cast(TResponseStreamEvent, event))

    def drain(self) -> list[TResponseStreamEvent]:
        """The events added since the last `drain`."""
        new = self.events[self._drained :]
        self._drained = len(self.events)
        return new


def _open_response(log: _EventLog, response: Response) -> None:
    started = response.model_copy(update={"output": [], "status": "in_progress", "usage": None})
    log.add(ResponseCreatedEvent, response=copy.deepcopy(started))
    log.add(ResponseInProgressEvent, response=copy.deepcopy(started))


def _open_item(log: _EventLog, item: TResponseOutputItem, index: int) -> None:
    log.add(
        ResponseOutputItemAddedEvent, item=copy.deepcopy(_in_progress(item)), output_index=index
    )


def _close_item(log: _EventLog, item: TResponseOutputItem, index: int) -> None:
    log.add(ResponseOutputItemDoneEvent, item=copy.deepcopy(item), output_index=index)


def _open_text_part(log: _EventLog, where: dict[str, Any], part: ResponseOutputText) -> None:
    empty = part.model_copy(deep=True, update={"annotations": [], "logprobs": [], "text": ""})
    log.add(ResponseContentPartAddedEvent, **where, part=empty)


def _text_delta(
    log: _EventLog, where: dict[str, Any], delta: str, logprobs: list[dict[str, Any]]
) -> None:
    log.add(ResponseTextDeltaEvent, **where, delta=delta, logprobs=logprobs)


def _close_text_part(
    log: _EventLog, where: dict[str, Any], part: ResponseOutputText, logprobs: list[dict[str, Any]]
) -> None:
    log.add(ResponseTextDoneEvent, **where, text=part.text, logprobs=logprobs)
    log.add(ResponseContentPartDoneEvent, **where, part=copy.deepcopy(part))


def _complete(log: _EventLog, response: Response) -> None:
    log.add(ResponseCompletedEvent, response=response)


def _stream_events_for_step(step: ModelStep) -> list[TResponseStreamEvent]:
    output = _convert_output_items(step.output)
    supported = (
        ResponseApplyPatchToolCall,
        ResponseFunctionToolCall,
        ResponseOutputMessage,
        ResponseReasoningItem,
    )
    for item in output:
        if not isinstance(item, supported):
            raise ModelBehaviorError(
                f"Automatic streaming does not support {type(item).__name__}. "
                "Use ModelStep.stream(...) to provide exact normalized stream events."
            )
    response = _response_for_step(step, output)
    log = _EventLog()
    _open_response(log, response)
    for index, item in enumerate(output):
        _open_item(log, item, index)
        if isinstance(item, ResponseReasoningItem):
            _reasoning_events(log, item, index)
        elif isinstance(item, ResponseFunctionToolCall):
            item_id = item.call_id if item.id is None else item.id
            log.add(
                ResponseFunctionCallArgumentsDeltaEvent,
                item_id=item_id,
                output_index=index,
                delta=item.arguments,
            )
            log.add(
                ResponseFunctionCallArgumentsDoneEvent,
                item_id=item_id,
                output_index=index,
                arguments=item.arguments,
                name=item.name,
            )
        elif isinstance(item, ResponseOutputMessage):
            _message_events(log, item, index)
        _close_item(log, item, index)
    _complete(log, response)
    return log.events


def _reasoning_events(log: _EventLog, item: ResponseReasoningItem, index: int) -> None:
    where = {"item_id": item.id, "output_index": index}
    for summary_index, summary in enumerate(item.summary or []):
        log.add(
            ResponseReasoningSummaryPartAddedEvent,
            **where,
            summary_index=summary_index,
            part=Part(text="", type=summary.type),
        )
        log.add(
            ResponseReasoningSummaryTextDeltaEvent,
            **where,
            summary_index=summary_index,
            delta=summary.text,
        )
        log.add(
            ResponseReasoningSummaryTextDoneEvent,
            **where,
            summary_index=summary_index,
            text=summary.text,
        )
        log.add(
            ResponseReasoningSummaryPartDoneEvent,
            **where,
            summary_index=summary_index,
            part=Part(text=summary.text, type=summary.type),
        )
    for content_index, content in enumerate(item.content or []):
        log.add(
            ResponseReasoningTextDeltaEvent,
            **where,
            content_index=content_index,
            delta=content.text,
        )
        log.add(
            ResponseReasoningTextDoneEvent,
            **where,
            content_index=content_index,
            text=content.text,
        )


def _delta_logprobs(part: ResponseOutputText) -> list[dict[str, Any]]:
    # Text events carry logprobs without the byte values the finished part has.
    return [
        {
            "token": logprob.token,
            "logprob": logprob.logprob,
            "top_logprobs": [
                {"token": top.token, "logprob": top.logprob} for top in logprob.top_logprobs or []
            ],
        }
        for logprob in part.logprobs or []
    ]


def _message_events(log: _EventLog, item: ResponseOutputMessage, index: int) -> None:
    for content_index, part in enumerate(item.content or []):
        where = {"item_id": item.id, "output_index": index, "content_index": content_index}
        if isinstance(part, ResponseOutputText):
            logprobs = _delta_logprobs(part)
            _open_text_part(log, where, part)
            _text_delta(log, where, part.text, logprobs)
            for annotation_index, annotation in enumerate(part.annotations or []):
                log.add(
                    ResponseOutputTextAnnotationAddedEvent,
                    **where,
                    annotation_index=annotation_index,
                    annotation=copy.deepcopy(annotation),
                )
            _close_text_part(log, where, part, logprobs)
        elif isinstance(part, ResponseOutputRefusal):
            log.add(
                ResponseContentPartAddedEvent,
                **where,
                part=part.model_copy(deep=True, update={"refusal": ""}),
            )
            log.add(ResponseRefusalDeltaEvent, **where, delta=part.refusal)
            log.add(ResponseRefusalDoneEvent, **where, refusal=part.refusal)
            log.add(ResponseContentPartDoneEvent, **where, part=copy.deepcopy(part))


__all__ = [
    "InvalidModelStep",
    "ModelCall",
    "ModelScriptError",
    "ModelStep",
    "ModelStepSpec",
    "ScriptedModel",
    "UnconsumedModelSteps",
    "UnexpectedModelCall",
    "assistant_message",
    "function_call",
]
