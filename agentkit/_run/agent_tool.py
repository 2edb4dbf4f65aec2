"""Agents as tools: the tool `Agent.as_tool()` builds, and the nested run behind each call."""

from __future__ import annotations

import asyncio
import dataclasses
import inspect
import json
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from ..agent_tool_input import build_structured_input_schema_info, resolve_agent_tool_input
from ..exceptions import AgentNestingLimitExceeded, ModelBehaviorError, UserError
from ..items import ItemHelpers, MessageOutputItem, ToolCallOutputItem
from ..logger import logger
from ..run_context import RunContextWrapper
from ..stream_events import AgentUpdatedStreamEvent
from ..strict_schema import ensure_strict_json_schema
from ..tool import FunctionTool, default_tool_error_function
from ..tool_context import ToolContext
from ..util._dataclass import dataclass
from ..util._transforms import transform_string_function_style
from .nesting import run_nested
from .tool_execution import NestedInterruption
from .util import attach_error_to_current_span

if TYPE_CHECKING:
    from ..agent import Agent, AgentBase, AgentToolStreamEvent
    from ..agent_tool_input import StructuredToolInputBuilder
    from ..items import TResponseInputItem
    from ..lifecycle import RunHooks
    from ..memory import Session
    from ..result import RunResult, RunResultStreaming
    from ..run import Runner
    from ..run_config import RunConfig
    from ..run_state import RunState

# Schema of an agent tool's arguments; it reaches the model, so it matches upstream's exactly.
_AGENT_TOOL_PARAMS_SCHEMA: dict[str, Any] = {
    "description": "Default input schema for agent-as-tool calls.",
    "properties": {"input": {"title": "Input", "type": "string"}},
    "required": ["input"],
    "title": "AgentAsToolInput",
    "type": "object",
    "additionalProperties": False,
}


@dataclass
class AgentToolOptions:
    """`Agent.as_tool()`'s arguments."""

    tool_name: str | None
    tool_description: str | None
    custom_output_extractor: Callable[[RunResult | RunResultStreaming], Awaitable[str]] | None
    is_enabled: bool | Callable[[RunContextWrapper[Any], AgentBase[Any]], Any]
    on_stream: Callable[[AgentToolStreamEvent], Any] | None
    run_config: RunConfig | None
    max_turns: int | None
    hooks: RunHooks[Any] | None
    previous_response_id: str | None
    conversation_id: str | None
    session: Session | None
    failure_error_function: Any
    parameters: type[Any] | None
    input_builder: StructuredToolInputBuilder | None
    include_input_schema: bool
    needs_approval: Any = False
    on_stream_max_pending_events: int | None = 1024
    """Events that may wait for `on_stream` (None: no limit)."""


@dataclass
class _ToolInput:
    """How the tool reads its arguments and what the nested run gets from them."""

    params_schema: dict[str, Any]
    params_adapter: TypeAdapter[Any] | None
    capture_input: bool
    schema_info: Any


def _tool_input(options: AgentToolOptions) -> _ToolInput:
    parameters = options.parameters
    params_adapter: TypeAdapter[Any] | None = None
    if parameters is None:
        params_schema = dict(_AGENT_TOOL_PARAMS_SCHEMA)
    else:
        if not (
            isinstance(parameters, type)
            and (dataclasses.is_dataclass(parameters) or issubclass(parameters, BaseModel))
        ):
            raise TypeError("Agent tool parameters must be a dataclass or Pydantic model type.")
        params_adapter = TypeAdapter(parameters)
        params_schema = ensure_strict_json_schema(params_adapter.json_schema())
    include_schema = options.include_input_schema and parameters is not None
    capture_input = parameters is not None or include_schema or options.input_builder is not None
    schema_info = build_structured_input_schema_info(
        params_schema, include_json_schema=include_schema
    )
    return _ToolInput(params_schema, params_adapter, capture_input, schema_info)


def _parse_arguments(spec: _ToolInput, call_name: str, input_json: str) -> Any:
    """The call's arguments, validated: `{"input": str}`, or the `parameters` type's data."""
    try:
        data = json.loads(input_json) if input_json else {}
    # RecursionError: JSON nested deeper than the interpreter's recursion limit.
    except (json.JSONDecodeError, RecursionError) as e:
        raise ModelBehaviorError(f"Invalid JSON input for tool {call_name}: {input_json}") from e
    if spec.params_adapter is None:
        if not isinstance(data, dict) or not isinstance(data.get("input"), str):
            raise ModelBehaviorError(f"Invalid JSON input for tool {call_name}: {data!r}")
        return {"input": data["input"]}
    try:
        parsed = spec.params_adapter.validate_python(data)
    except ValidationError as e:
        raise ModelBehaviorError(f"Invalid JSON input for tool {call_name}: {e}") from e
    return spec.params_adapter.dump_python(parsed, mode="json")


def _nested_context(
    context: Any, run_config: RunConfig | None, params_data: Any, capture_input: bool
) -> Any:
    """The nested run's context: the caller's, with the tool call (and its input) attached."""
    if isinstance(context, ToolContext):
        nested_tool_context = ToolContext(
            context=context.context,
            usage=context.usage,
            tool_name=context.tool_name,
            tool_call_id=context.tool_call_id,
            tool_arguments=context.tool_arguments,
            tool_call=context.tool_call,
            agent=context.agent,
            run_config=run_config,
            tool_input=params_data if capture_input else None,
        )
        # The nested run sees the outer run's decisions; its own paused runs are its own.
        nested_tool_context._approvals = context._approvals
        return nested_tool_context
    if capture_input:
        nested = RunContextWrapper(
            context=context.context if isinstance(context, RunContextWrapper) else context
        )
        nested.tool_input = params_data
        return nested
    return context


def agent_tool_output(result: RunResult | RunResultStreaming) -> Any:
    """The tool's output: the nested run's final output, or when that is empty the latest
    non-empty message or tool output."""
    final = result.final_output
    if final is not None and (not isinstance(final, str) or final != ""):
        return final
    if result.output_guardrail_results:
        return final
    for item in reversed(result.new_items):
        if isinstance(item, MessageOutputItem):
            text = ItemHelpers.text_message_output(item)
            if text:
                return text
        if isinstance(item, ToolCallOutputItem) and isinstance(item.output, str) and item.output:
            return item.output
    return final


async def dispatch_stream(
    streamed: RunResultStreaming,
    on_stream: Callable[[AgentToolStreamEvent], Any],
    tool_call: Any,
    agent_name: str,
    max_pending: int | None = None,
) -> None:
    """Drain a nested stream into `on_stream` through a queue, so a slow callback never stalls
    the nested run; errors in the callback are logged, not raised. More than `max_pending`
    waiting events (after letting the callback catch up once) cancel the nested run with a
    `UserError`, as upstream."""
    queue: asyncio.Queue[AgentToolStreamEvent | None] = asyncio.Queue()

    async def _consume() -> None:
        while True:
            payload = await queue.get()
            if payload is None:
                return
            try:
                outcome = on_stream(payload)
                if inspect.isawaitable(outcome):
                    await outcome
            except Exception:
                logger.exception("Error in on_stream callback of agent tool %s", agent_name)

    consumer = asyncio.create_task(_consume())
    current_agent = streamed.current_agent
    events = streamed.stream_events()
    try:
        async for event in events:
            if isinstance(event, AgentUpdatedStreamEvent):
                current_agent = event.new_agent
            if max_pending is not None and queue.qsize() >= max_pending:
                await asyncio.sleep(0)  # a burst of ready events lets a ready callback catch up
                if queue.qsize() >= max_pending:
                    raise UserError(
                        "Agent tool on_stream backlog exceeded "
                        f"on_stream_max_pending_events={max_pending}. "
                        "Use a faster handler, increase the limit, or set it to None."
                    )
            queue.put_nowait({"event": event, "agent": current_agent, "tool_call": tool_call})
        queue.put_nowait(None)
        await consumer
    except BaseException:
        consumer.cancel()
        await asyncio.gather(consumer, return_exceptions=True)
        await events.aclose()
        raise


class _AgentTool:
    """Runs the agent for one tool call (the tool's `on_invoke_tool`)."""

    def __init__(
        self,
        agent: Agent[Any],
        name: str,
        options: AgentToolOptions,
        spec: _ToolInput,
        runner: Callable[[], type[Runner]],
    ) -> None:
        self.agent = agent
        self.name = name
        self.options = options
        self.spec = spec
        self.runner = runner
        self.error_function = (
            default_tool_error_function
            if isinstance(options.failure_error_function, str)
            and options.failure_error_function == "default"
            else options.failure_error_function
        )

    async def __call__(self, context: Any, input_json: str) -> Any:
        try:
            return await self._run_agent(context, input_json)
        except Exception as e:
            if self.error_function is None or isinstance(e, AgentNestingLimitExceeded):
                raise
            message = self.error_function(context, e)
            if inspect.isawaitable(message):
                message = await message
            attach_error_to_current_span(
                "Error running tool (non-fatal)", {"tool_name": self.name, "error": str(e)}
            )
            return message

    async def _run_agent(self, context: Any, input_json: str) -> Any:
        options, spec = self.options, self.spec
        call_name = context.tool_name if isinstance(context, ToolContext) else self.name
        params_data = _parse_arguments(spec, call_name, input_json)
        nested_input = await resolve_agent_tool_input(
            params=params_data,
            schema_info=spec.schema_info if spec.capture_input else None,
            input_builder=options.input_builder,
        )
        if not isinstance(nested_input, (str, list)):
            raise ModelBehaviorError("Agent tool called with invalid input")
        run_config = options.run_config
        if run_config is None and isinstance(context, ToolContext):
            run_config = context.run_config
        nested_context = _nested_context(context, run_config, params_data, spec.capture_input)
        call_id = context.tool_call_id if isinstance(context, ToolContext) else None
        saved = context._nested_states.pop(call_id, None) if call_id is not None else None
        resume_from = saved[1] if saved is not None else nested_input
        result = await run_nested(
            lambda: self._nested_run(context, resume_from, nested_context, run_config)
        )
        if result.interruptions and call_id is not None:
            # The nested run paused: its approvals surface on the outer run, which resumes
            # this call (and so the nested run) once they are decided.
            context._nested_states[call_id] = (self.agent, result.to_state())
            return NestedInterruption(list(result.interruptions))
        if options.custom_output_extractor is not None:
            return await options.custom_output_extractor(result)
        return agent_tool_output(result)

    async def _nested_run(
        self,
        context: Any,
        nested_input: str | list[TResponseInputItem] | RunState[Any, Any],
        nested_context: Any,
        run_config: RunConfig | None,
    ) -> RunResult | RunResultStreaming:
        from ..run_config import DEFAULT_MAX_TURNS

        options = self.options
        runner = self.runner()
        kwargs: dict[str, Any] = {
            "context": nested_context,
            "run_config": run_config,
            "max_turns": options.max_turns if options.max_turns is not None else DEFAULT_MAX_TURNS,
            "hooks": options.hooks,
            "previous_response_id": options.previous_response_id,
            "conversation_id": options.conversation_id,
            "session": options.session,
        }
        if options.on_stream is None:
            return await runner.run(self.agent, nested_input, **kwargs)
        streamed = runner.run_streamed(self.agent, nested_input, **kwargs)
        await dispatch_stream(
            streamed,
            options.on_stream,
            context.tool_call if isinstance(context, ToolContext) else None,
            self.agent.name,
            options.on_stream_max_pending_events,
        )
        return streamed


def build_agent_tool(
    agent: Agent[Any], options: AgentToolOptions, runner: Callable[[], type[Runner]]
) -> FunctionTool:
    """The `FunctionTool` running `agent` on each call, through `runner()` (the `Runner`)."""
    name = options.tool_name or transform_string_function_style(agent.name)
    spec = _tool_input(options)
    return FunctionTool(
        name=name,
        description=options.tool_description or "",
        params_json_schema=spec.params_schema,
        on_invoke_tool=_AgentTool(agent, name, options, spec, runner),
        strict_json_schema=True,
        is_enabled=options.is_enabled,
        needs_approval=options.needs_approval,
        _is_agent_tool=True,
        _agent_instance=agent,
        _agent_tool_default_identity=None if options.tool_name else (agent.name, name),
    )
