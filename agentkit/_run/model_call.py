"""Calling the model for one turn: a response, or a stream consumed into one (its raw events
are forwarded to a streamed run), each attempt within `ModelSettings.timeout` and failed attempts
retried as `ModelSettings.retry` says (`model_retry.py`)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import TYPE_CHECKING, Any

from ..items import ModelResponse
from ..stream_events import RawResponsesStreamEvent
from .agent_config import model_tracing
from .model_retry import RetryCall, response_with_retry, stream_with_retry, with_failed_attempts

if TYPE_CHECKING:
    from ..agent import Agent
    from ..agent_output import AgentOutputSchemaBase
    from ..handoffs import Handoff
    from ..items import TResponseInputItem
    from ..model_settings import ModelSettings
    from ..models.interface import Model
    from ..tool import Tool
    from .state import _RunState


def call_model(
    state: _RunState,
    agent: Agent[Any],
    model: Model,
    system_prompt: str | None,
    input_items: list[TResponseInputItem],
    settings: ModelSettings,
    all_tools: list[Tool],
    output_schema: AgentOutputSchemaBase | None,
    handoffs: list[Handoff[Any, Any]],
    prompt: Any,
) -> Awaitable[ModelResponse]:
    """One model call (to await); within `RunConfig.model_call_deadline` when the run sets one.

    A plain function handing back the call's coroutine: no extra coroutine frame is held through
    every model call (of every concurrent run)."""
    call = _call_model(
        state,
        agent,
        model,
        system_prompt,
        input_items,
        settings,
        all_tools,
        output_schema,
        handoffs,
        prompt,
    )
    seconds = state.run_config.model_call_deadline
    if seconds is None:
        return call
    return _within_deadline(seconds, call)


async def _within_deadline(seconds: float, call: Awaitable[ModelResponse]) -> ModelResponse:
    """`call`, cancelled when `seconds` pass (closing its stream and connection)."""
    import asyncio

    from .._http._client import Deadline, _DeadlineFired, run_within
    from ..exceptions import ModelCallDeadlineExceeded

    deadline = Deadline(asyncio.get_running_loop().time() + seconds, seconds, "request")
    try:
        return await run_within(deadline, call)
    except _DeadlineFired:
        raise ModelCallDeadlineExceeded(seconds) from None


def _call_model(
    state: _RunState,
    agent: Agent[Any],
    model: Model,
    system_prompt: str | None,
    input_items: list[TResponseInputItem],
    settings: ModelSettings,
    all_tools: list[Tool],
    output_schema: AgentOutputSchemaBase | None,
    handoffs: list[Handoff[Any, Any]],
    prompt: Any,
) -> Awaitable[ModelResponse]:
    tracker = state.tracker
    kwargs: dict[str, Any] = {
        "previous_response_id": tracker.previous_response_id if tracker else None,
        "conversation_id": tracker.conversation_id if tracker else None,
        "prompt": prompt,
    }
    tracing = model_tracing(state.run_config)
    retry = RetryCall(
        model,
        settings.retry,
        settings.timeout,
        stream=state.streamed is not None,
        previous_response_id=kwargs["previous_response_id"],
        conversation_id=kwargs["conversation_id"],
    )
    args = (system_prompt, input_items, settings, all_tools, output_schema, handoffs, tracing)
    if state.streamed is None:
        # The retry loop's coroutine itself: no frame of this function held through the call.
        return response_with_retry(retry, model.get_response, args, kwargs)
    return _streamed_response(state, model, settings, retry, args, kwargs)


async def _streamed_response(
    state: _RunState,
    model: Model,
    settings: ModelSettings,
    retry: RetryCall,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
) -> ModelResponse:
    def forward(
        stream: AsyncIterator[Any], seen: Callable[[Any], bool]
    ) -> Awaitable[ModelResponse]:
        return _consume_stream(state, stream, settings, seen)

    response, failed = await stream_with_retry(
        retry, lambda: model.stream_response(*args, **kwargs), forward
    )
    # Failed attempts count as requests even when the stream reported no usage.
    response.usage = with_failed_attempts(response.usage, failed)
    return response


async def _consume_stream(
    state: _RunState,
    stream: AsyncIterator[Any],
    settings: ModelSettings,
    seen: Callable[[Any], bool],
) -> ModelResponse:
    """Forward the model's stream events to the streamed run; the completed response."""
    # The one model-output pipeline: the same accumulator as the models' own answers.
    from ..models._response_accumulator import ResponseAccumulator

    accumulator = ResponseAccumulator(preserve_raw_usage=settings.preserve_raw_usage is True)
    # This loop runs once per streamed delta: only the calls that can matter for the event.
    add = accumulator.add
    accumulated = ResponseAccumulator.EVENT_TYPES
    # Only streamed runs consume a stream; their queue directly.
    assert state.streamed is not None
    put = state.streamed._event_queue.put_nowait
    delivered = False
    try:
        async for event in stream:
            if not delivered:
                delivered = seen(event)
            put(RawResponsesStreamEvent(event))
            if getattr(event, "type", None) in accumulated:
                add(event)
    finally:
        aclose = getattr(stream, "aclose", None)
        if aclose is not None:
            await aclose()
    return accumulator.result()
