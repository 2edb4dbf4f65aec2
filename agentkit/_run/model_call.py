"""Calling the model for one turn: a response, or a stream consumed into one (its raw events
are forwarded to a streamed run), within `ModelSettings.timeout`."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import TYPE_CHECKING, Any

from ..exceptions import ModelTimeoutError
from ..items import ModelResponse, TResponseInputItem
from ..stream_events import RawResponsesStreamEvent
from .agent_config import model_tracing

if TYPE_CHECKING:
    from ..agent import Agent
    from ..agent_output import AgentOutputSchemaBase
    from ..handoffs import Handoff
    from ..model_settings import ModelSettings
    from ..models.interface import Model, ModelTracing
    from ..tool import Tool
    from .state import _RunState


async def call_model(
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
) -> ModelResponse:
    tracker = state.tracker
    kwargs: dict[str, Any] = {
        "previous_response_id": tracker.previous_response_id if tracker else None,
        "conversation_id": tracker.conversation_id if tracker else None,
        "prompt": prompt,
    }
    tracing = model_tracing(state.run_config)

    if state.streamed is None:
        return await _within_timeout(
            model.get_response(
                system_prompt,
                input_items,
                settings,
                all_tools,
                output_schema,
                handoffs,
                tracing,
                **kwargs,
            ),
            settings.timeout,
        )

    return await _within_timeout(
        _consume_stream(
            state,
            model,
            system_prompt,
            input_items,
            settings,
            all_tools,
            output_schema,
            handoffs,
            tracing,
            kwargs,
        ),
        settings.timeout,
    )


async def _consume_stream(
    state: _RunState,
    model: Model,
    system_prompt: str | None,
    input_items: list[TResponseInputItem],
    settings: ModelSettings,
    all_tools: list[Tool],
    output_schema: AgentOutputSchemaBase | None,
    handoffs: list[Handoff[Any, Any]],
    tracing: ModelTracing,
    kwargs: dict[str, Any],
) -> ModelResponse:
    """Forward the model's stream events to the streamed run; the completed response."""
    # The one model-output pipeline: the same accumulator as the models' own answers.
    from ..models._response_accumulator import ResponseAccumulator

    accumulator = ResponseAccumulator(preserve_raw_usage=settings.preserve_raw_usage is True)
    stream = model.stream_response(
        system_prompt,
        input_items,
        settings,
        all_tools,
        output_schema,
        handoffs,
        tracing,
        **kwargs,
    )
    try:
        async for event in stream:
            state.emit(RawResponsesStreamEvent(data=event))
            accumulator.add(event)
    finally:
        aclose = getattr(stream, "aclose", None)
        if aclose is not None:
            await aclose()
    return accumulator.result()


async def _within_timeout(call: Awaitable[ModelResponse], timeout: float | None) -> ModelResponse:
    """Await a model call, raising `ModelTimeoutError` after `ModelSettings.timeout` seconds."""
    if timeout is None:
        return await call
    try:
        return await asyncio.wait_for(call, timeout)
    except asyncio.TimeoutError as e:
        raise ModelTimeoutError(timeout) from e
