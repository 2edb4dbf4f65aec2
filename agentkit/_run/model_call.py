"""Calling the model for one turn: a response, or a stream consumed into one (its raw events
are forwarded to a streamed run), within `ModelSettings.timeout`."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import TYPE_CHECKING, Any

from ..exceptions import ModelBehaviorError, ModelTimeoutError
from ..items import ModelResponse, TResponseInputItem
from ..stream_events import RawResponsesStreamEvent
from ..usage import Usage
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
    final: ModelResponse | None = None
    streamed_output: list[Any] = []
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
            event_type = getattr(event, "type", None)
            if event_type == "response.completed":
                response = event.response  # type: ignore[union-attr]
                output = list(response.output) or streamed_output
                final = ModelResponse(
                    output=output,
                    usage=_usage_from_response(response.usage),
                    response_id=response.id,
                    request_id=getattr(response, "_request_id", None),
                )
            elif event_type in ("response.incomplete", "response.failed"):
                response = getattr(event, "response", None)
                detail = ""
                if response is not None:
                    err = getattr(response, "error", None) or getattr(
                        response, "incomplete_details", None
                    )
                    detail = f": {err}" if err else ""
                raise ModelBehaviorError(f"Model response ended with {event_type}{detail}")
            elif event_type in ("error", "response.error"):
                message = getattr(event, "message", None) or getattr(event, "code", "")
                raise ModelBehaviorError(f"Model stream error: {message}")
            elif event_type == "response.output_item.done":
                streamed_output.append(event.item)  # type: ignore[union-attr]
    finally:
        aclose = getattr(stream, "aclose", None)
        if aclose is not None:
            await aclose()
    if final is None:
        raise ModelBehaviorError("Model did not produce a final response!")
    return final


async def _within_timeout(call: Awaitable[ModelResponse], timeout: float | None) -> ModelResponse:
    """Await a model call, raising `ModelTimeoutError` after `ModelSettings.timeout` seconds."""
    if timeout is None:
        return await call
    try:
        return await asyncio.wait_for(call, timeout)
    except asyncio.TimeoutError as e:
        raise ModelTimeoutError(timeout) from e


def _usage_from_response(response_usage: Any) -> Usage:
    """The usage of one completed model call: one request, even when the stream reported none."""
    if response_usage is None:
        return Usage(requests=1)
    return Usage(
        requests=1,
        input_tokens=response_usage.input_tokens or 0,
        output_tokens=response_usage.output_tokens or 0,
        total_tokens=response_usage.total_tokens or 0,
        input_tokens_details=response_usage.input_tokens_details,
        output_tokens_details=response_usage.output_tokens_details,
    )
