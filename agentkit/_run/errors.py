"""Run error handlers: build their input, call them, and turn their answer into a final output."""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, cast

from ..agent_output import AgentOutputSchema, AgentOutputSchemaBase
from ..exceptions import ModelBehaviorError, UserError
from ..items import (
    ItemHelpers,
    MessageOutputItem,
    ModelResponse,
    RunItem,
    is_model_input_item,
    run_item_to_input_item,
)
from ..run_context import RunContextWrapper
from .agent_config import get_output_schema

if TYPE_CHECKING:
    from ..agent import Agent
    from ..items import TResponseInputItem
    from ..run_error_handlers import RunErrorData, RunErrorHandlerResult, RunErrorHandlers

FAKE_RESPONSES_ID = "__fake_id__"
_WRAPPER_KEY = "response"


def build_run_error_data(
    input: str | list[TResponseInputItem],
    new_items: Sequence[RunItem],
    raw_responses: Sequence[ModelResponse],
    last_agent: Agent[Any],
) -> RunErrorData:
    from ..run_error_handlers import RunErrorData

    output = [run_item_to_input_item(i) for i in new_items if is_model_input_item(i)]
    return RunErrorData(
        input=input,
        new_items=list(new_items),
        history=ItemHelpers.input_to_new_input_list(input) + output,
        output=output,
        raw_responses=list(raw_responses),
        last_agent=last_agent,
    )


async def resolve_error_handler(
    handlers: RunErrorHandlers[Any] | None,
    kind: str,
    error: Any,
    context_wrapper: RunContextWrapper[Any],
    input: str | list[TResponseInputItem],
    new_items: Sequence[RunItem],
    raw_responses: Sequence[ModelResponse],
    agent: Agent[Any],
) -> RunErrorHandlerResult | None:
    if not handlers:
        return None
    handler = cast("Mapping[str, Callable[..., Any] | None]", handlers).get(kind)
    if handler is None:
        return None
    # Loaded by the first run with an error handler for this kind of error.
    from ..run_error_handlers import RunErrorHandlerInput, RunErrorHandlerResult

    result = handler(
        RunErrorHandlerInput(
            error=error,
            context=context_wrapper,
            run_data=build_run_error_data(input, new_items, raw_responses, agent),
        )
    )
    if inspect.isawaitable(result):
        result = await result
    if result is None:
        return None
    if isinstance(result, RunErrorHandlerResult):
        return result
    if isinstance(result, dict) and "final_output" in result:
        if set(result) - {"final_output", "include_in_history"}:
            raise UserError("Invalid run error handler result.")
        return RunErrorHandlerResult(**result)
    return RunErrorHandlerResult(final_output=result)


def _payload(schema: AgentOutputSchemaBase, value: Any) -> str:
    if isinstance(schema, AgentOutputSchema):
        if schema._is_wrapped and not (isinstance(value, dict) and _WRAPPER_KEY in value):
            value = {_WRAPPER_KEY: value}
        return schema._type_adapter.dump_json(value).decode()
    return json.dumps(value, ensure_ascii=False)


def validate_handler_output(agent: Agent[Any], value: Any) -> Any:
    schema = get_output_schema(agent)
    if schema is None or schema.is_plain_text():
        return value
    try:
        return schema.validate_json(_payload(schema, value))
    except (TypeError, ValueError, ModelBehaviorError) as e:
        raise UserError("Invalid run error handler final_output for structured output.") from e


def format_output_text(agent: Agent[Any], value: Any) -> str:
    schema = get_output_schema(agent)
    if schema is None or schema.is_plain_text():
        return str(value)
    try:
        return _payload(schema, value)
    except (TypeError, ValueError):
        return str(value)


def message_output_item(agent: Agent[Any], text: str) -> MessageOutputItem:
    from ..types.responses import ResponseOutputMessage, ResponseOutputText

    message = ResponseOutputMessage(
        id=FAKE_RESPONSES_ID,
        type="message",
        role="assistant",
        content=[ResponseOutputText(text=text, type="output_text", annotations=[], logprobs=[])],
        status="completed",
    )
    return MessageOutputItem(raw_item=message, agent=agent)


def validate_and_format_handler_output(
    agent: Agent[Any], handled: RunErrorHandlerResult
) -> tuple[Any, MessageOutputItem | None]:
    output = validate_handler_output(agent, handled.final_output)
    item = (
        message_output_item(agent, format_output_text(agent, output))
        if handled.include_in_history
        else None
    )
    return output, item
