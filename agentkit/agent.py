"""Agents: an LLM with instructions, tools, handoffs, guardrails and an output type."""

from __future__ import annotations

import asyncio
import dataclasses
import importlib
import inspect
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeAlias, cast, get_origin

from pydantic import BaseModel, TypeAdapter, ValidationError
from typing_extensions import NotRequired, TypedDict

from ._run.util import transform_string_function_style
from .exceptions import ModelBehaviorError, UserError
from .guardrail import InputGuardrail, OutputGuardrail
from .handoffs import Handoff
from .logger import logger
from .model_settings import ModelSettings
from .run_context import RunContextWrapper, TContext

if TYPE_CHECKING:
    from .agent_output import AgentOutputSchemaBase
    from .agent_tool_input import StructuredToolInputBuilder
    from .lifecycle import AgentHooks, RunHooks
    from .models.interface import Model
    from .prompts import DynamicPromptFunction, Prompt
    from .result import RunResult, RunResultStreaming
    from .run_config import RunConfig
    from .stream_events import StreamEvent
    from .tool import FunctionTool, FunctionToolResult, Tool
    from .types.responses import ResponseFunctionToolCall


@dataclass
class ToolsToFinalOutputResult:
    """What a custom `tool_use_behavior` function decides."""

    is_final_output: bool
    """True ends the run with `final_output`; False lets the model see the tool results."""
    final_output: Any | None = None
    """The final output (must fit the agent's `output_type`) when `is_final_output` is True."""


ToolsToFinalOutputFunction: TypeAlias = Callable[
    [RunContextWrapper[TContext], "list[FunctionToolResult]"],
    ToolsToFinalOutputResult | Awaitable[ToolsToFinalOutputResult],
]
"""`(context, tool_results) -> ToolsToFinalOutputResult` (sync or async)."""


class AgentToolStreamEvent(TypedDict):
    """An event of a nested streamed run, as passed to `as_tool(on_stream=...)`."""

    event: StreamEvent
    agent: Agent[Any]
    """The agent currently running in the nested run."""
    tool_call: ResponseFunctionToolCall | None
    """The tool call that started the nested run (None when called directly)."""


class StopAtTools(TypedDict):
    """`tool_use_behavior` that ends the run when one of these tools is called."""

    stop_at_tool_names: list[str]


class MCPConfig(TypedDict):
    """How tools from `mcp_servers` are presented."""

    convert_schemas_to_strict: NotRequired[bool]
    """Try to make MCP tool schemas strict (default False)."""
    failure_error_function: NotRequired[Any]
    """Error function for MCP tool failures (None re-raises)."""
    include_server_in_tool_names: NotRequired[bool]


# Schema of an agent tool's arguments; it reaches the model, so it matches upstream's exactly.
_AGENT_TOOL_PARAMS_SCHEMA: dict[str, Any] = {
    "description": "Default input schema for agent-as-tool calls.",
    "properties": {"input": {"title": "Input", "type": "string"}},
    "required": ["input"],
    "title": "AgentAsToolInput",
    "type": "object",
    "additionalProperties": False,
}


def _default_model_settings(model: str | None = None) -> ModelSettings:
    try:
        module = importlib.import_module(f"{__package__}.models.default_models")
    except ImportError:
        return ModelSettings()
    settings = (
        module.get_default_model_settings(model)
        if model is not None
        else module.get_default_model_settings()
    )
    return cast(ModelSettings, settings)


def _initial_model_settings_for_model(model: str | Model | None) -> ModelSettings:
    if model is None:
        return _default_model_settings()
    if isinstance(model, str):
        return _default_model_settings(model)
    return ModelSettings()


@dataclass
class AgentBase(Generic[TContext]):
    """What `Agent` and realtime agents share: a name, tools and MCP servers."""

    name: str
    handoff_description: str | None = None
    """Tells other agents when to hand off to (or call) this one."""
    tools: list[Tool] = field(default_factory=list)
    mcp_servers: list[Any] = field(default_factory=list)
    """MCP servers whose tools are added on every run; you connect and clean them up."""
    mcp_config: MCPConfig = field(default_factory=lambda: MCPConfig())

    async def get_mcp_tools(self, run_context: RunContextWrapper[TContext]) -> list[Tool]:
        """The tools of `mcp_servers`, as function tools."""
        if not self.mcp_servers:
            return []
        from .tool import default_tool_error_function

        strict = bool(self.mcp_config.get("convert_schemas_to_strict", False))
        error_function = self.mcp_config.get("failure_error_function", default_tool_error_function)
        try:
            mcp_util = importlib.import_module(f"{__package__}.mcp").MCPUtil
        except (ImportError, AttributeError):
            mcp_util = None
        if mcp_util is None:
            from ._run.mcp_tools import mcp_function_tools

            tools = await mcp_function_tools(
                self.mcp_servers, strict, run_context, self, error_function
            )
        else:
            tools = await mcp_util.get_all_function_tools(
                self.mcp_servers,
                strict,
                run_context,
                self,
                failure_error_function=error_function,
                include_server_in_tool_names=bool(
                    self.mcp_config.get("include_server_in_tool_names", False)
                ),
            )
        return cast("list[Tool]", tools)

    async def get_all_tools(self, run_context: RunContextWrapper[TContext]) -> list[Tool]:
        """MCP tools plus this agent's enabled tools, as the model will see them."""
        from .tool import FunctionTool

        mcp_tools = await self.get_mcp_tools(run_context)

        async def _enabled(tool: Tool) -> bool:
            if not isinstance(tool, FunctionTool):
                return True
            attr = tool.is_enabled
            if isinstance(attr, bool):
                return attr
            res = attr(run_context, self)
            if inspect.isawaitable(res):
                res = await res
            return bool(res)

        tools = list(self.tools)
        flags = await asyncio.gather(*(_enabled(t) for t in tools))
        return [*mcp_tools, *(t for t, ok in zip(tools, flags, strict=False) if ok)]


@dataclass
class Agent(AgentBase[TContext], Generic[TContext]):
    """An LLM configured with instructions, tools, guardrails, handoffs and an output type.

    Every component of one run must use the same context type `TContext`.
    """

    instructions: (
        str
        | Callable[
            [RunContextWrapper[TContext], Agent[TContext]],
            str | Awaitable[str],
        ]
        | None
    ) = None
    """The system prompt, or a (sync or async) function of (context, agent) returning it."""
    prompt: Prompt | DynamicPromptFunction | None = None
    """A stored prompt (OpenAI Responses API only)."""
    handoffs: list[Agent[Any] | Handoff[TContext, Any]] = field(default_factory=list)
    model: str | Model | None = None
    """The model; None uses the default model (or `RunConfig.model`)."""
    model_settings: ModelSettings = field(default_factory=_default_model_settings)
    input_guardrails: list[InputGuardrail[TContext]] = field(default_factory=list)
    """Run on the input, only when this agent is the first of the run."""
    output_guardrails: list[OutputGuardrail[TContext]] = field(default_factory=list)
    """Run on this agent's final output."""
    output_type: type[Any] | AgentOutputSchemaBase | None = None
    """The final output's type; None means plain text (str)."""
    hooks: AgentHooks[TContext] | None = None
    tool_use_behavior: (
        Literal["run_llm_again", "stop_on_first_tool"]
        | StopAtTools
        | ToolsToFinalOutputFunction[TContext]
    ) = "run_llm_again"
    """What happens after function tools ran: let the model respond (default), stop with the
    first tool's output, stop at the named tools, or let a function decide."""
    reset_tool_choice: bool = True
    """Reset `tool_choice` after a tool call, so a forced tool cannot loop forever."""

    def __post_init__(self) -> None:
        if not isinstance(self.name, str):
            raise TypeError(f"Agent name must be a string, got {type(self.name).__name__}")
        if self.handoff_description is not None and not isinstance(self.handoff_description, str):
            raise TypeError(
                "Agent handoff_description must be a string or None, "
                f"got {type(self.handoff_description).__name__}"
            )
        for attr in ("tools", "mcp_servers", "handoffs", "input_guardrails", "output_guardrails"):
            value = getattr(self, attr)
            if not isinstance(value, list):
                raise TypeError(f"Agent {attr} must be a list, got {type(value).__name__}")
        if not isinstance(self.mcp_config, dict):
            raise TypeError(
                f"Agent mcp_config must be a dict, got {type(self.mcp_config).__name__}"
            )
        if (
            self.instructions is not None
            and not isinstance(self.instructions, str)
            and not callable(self.instructions)
        ):
            raise TypeError(
                "Agent instructions must be a string, callable, or None, "
                f"got {type(self.instructions).__name__}"
            )
        if (
            self.prompt is not None
            and not callable(self.prompt)
            and not hasattr(self.prompt, "get")
        ):
            raise TypeError(
                "Agent prompt must be a Prompt, DynamicPromptFunction, or None, "
                f"got {type(self.prompt).__name__}"
            )
        if self.model is not None and not isinstance(self.model, str):
            from .models.interface import Model

            if not isinstance(self.model, Model):
                raise TypeError(
                    f"Agent model must be a string, Model, or None, got {type(self.model).__name__}"
                )
        if isinstance(self.model_settings, dict):
            self.model_settings = ModelSettings().resolve(self.model_settings)
        elif not isinstance(self.model_settings, ModelSettings):
            raise TypeError(
                "Agent model_settings must be a ModelSettings instance or a dict, "
                f"got {type(self.model_settings).__name__}"
            )
        if self.model is not None and self.model_settings == _default_model_settings():
            # The default settings depend on the model (e.g. reasoning defaults for gpt-5).
            self.model_settings = _initial_model_settings_for_model(self.model)
        if self.output_type is not None:
            from .agent_output import AgentOutputSchemaBase

            if not (
                isinstance(self.output_type, (type, AgentOutputSchemaBase))
                or get_origin(self.output_type) is not None
            ):
                raise TypeError(
                    "Agent output_type must be a type, AgentOutputSchemaBase, or None, "
                    f"got {type(self.output_type).__name__}"
                )
        if self.hooks is not None:
            from .lifecycle import AgentHooksBase

            if not isinstance(self.hooks, AgentHooksBase):
                raise TypeError(
                    "Agent hooks must be an AgentHooks instance or None, "
                    f"got {type(self.hooks).__name__}"
                )
        behavior = self.tool_use_behavior
        if not (
            (isinstance(behavior, str) and behavior in ("run_llm_again", "stop_on_first_tool"))
            or isinstance(behavior, dict)
            or (callable(behavior) and not isinstance(behavior, str))
        ):
            raise TypeError(
                "Agent tool_use_behavior must be 'run_llm_again', 'stop_on_first_tool', "
                f"StopAtTools dict, or callable, got {behavior!r}"
            )
        if not isinstance(self.reset_tool_choice, bool):
            raise TypeError(
                "Agent reset_tool_choice must be a boolean, "
                f"got {type(self.reset_tool_choice).__name__}"
            )

    def clone(self, **kwargs: Any) -> Agent[TContext]:
        """A shallow copy with `kwargs` replaced (`dataclasses.replace`).

        Lists you do not pass (tools, handoffs, guardrails…) are shared with the original.
        """
        if (
            "model" in kwargs
            and "model_settings" not in kwargs
            and self.model_settings == _initial_model_settings_for_model(self.model)
        ):
            kwargs["model_settings"] = _initial_model_settings_for_model(kwargs["model"])
        return dataclasses.replace(self, **kwargs)

    def as_tool(
        self,
        tool_name: str | None,
        tool_description: str | None,
        custom_output_extractor: (
            Callable[[RunResult | RunResultStreaming], Awaitable[str]] | None
        ) = None,
        is_enabled: bool | Callable[[RunContextWrapper[Any], AgentBase[Any]], Any] = True,
        on_stream: Callable[[AgentToolStreamEvent], Any] | None = None,
        run_config: RunConfig | None = None,
        max_turns: int | None = None,
        hooks: RunHooks[TContext] | None = None,
        previous_response_id: str | None = None,
        conversation_id: str | None = None,
        session: Any | None = None,
        failure_error_function: Any = "default",
        parameters: type[Any] | None = None,
        input_builder: StructuredToolInputBuilder | None = None,
        include_input_schema: bool = False,
    ) -> FunctionTool:
        """This agent as a tool: it runs on generated input and the caller keeps control.

        Unlike a handoff, the sub-agent does not see the conversation. The tool's output is
        `custom_output_extractor(result)` when given, else the sub-run's final output. With
        `on_stream`, the sub-run is streamed and each event is passed to the callback (in order,
        from a background task so a slow callback does not block the run).
        `failure_error_function` turns a failed sub-run into a message for the model
        (default: `default_tool_error_function`); None re-raises.
        `parameters` (a dataclass or pydantic model) gives the tool structured arguments; the
        nested input is then built by `input_builder` (default: the data as JSON plus a schema
        summary, or the whole schema with `include_input_schema`).
        """
        from .agent_tool_input import (
            build_structured_input_schema_info,
            resolve_agent_tool_input,
        )
        from .strict_schema import ensure_strict_json_schema
        from .tool import FunctionTool, default_tool_error_function

        if on_stream is not None and not callable(on_stream):
            raise UserError(
                "on_stream must be callable or None. Pass run configuration with run_config=... "
                "instead of as the fifth positional argument."
            )
        error_function = (
            default_tool_error_function
            if isinstance(failure_error_function, str) and failure_error_function == "default"
            else failure_error_function
        )
        name = tool_name or transform_string_function_style(self.name)
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
        include_schema = include_input_schema and parameters is not None
        capture_input = parameters is not None or include_schema or input_builder is not None
        schema_info = build_structured_input_schema_info(
            params_schema, include_json_schema=include_schema
        )

        async def _run_agent(context: Any, input_json: str) -> Any:
            from .run import DEFAULT_MAX_TURNS, Runner
            from .tool_context import ToolContext

            call_name = context.tool_name if isinstance(context, ToolContext) else name
            try:
                data = json.loads(input_json) if input_json else {}
            # RecursionError: JSON nested deeper than the interpreter's recursion limit.
            except (json.JSONDecodeError, RecursionError) as e:
                raise ModelBehaviorError(
                    f"Invalid JSON input for tool {call_name}: {input_json}"
                ) from e
            if params_adapter is None:
                if not isinstance(data, dict) or not isinstance(data.get("input"), str):
                    raise ModelBehaviorError(f"Invalid JSON input for tool {call_name}: {data!r}")
                params_data: Any = {"input": data["input"]}
            else:
                try:
                    parsed = params_adapter.validate_python(data)
                except ValidationError as e:
                    raise ModelBehaviorError(f"Invalid JSON input for tool {call_name}: {e}") from e
                params_data = params_adapter.dump_python(parsed, mode="json")
            nested_input = await resolve_agent_tool_input(
                params=params_data,
                schema_info=schema_info if capture_input else None,
                input_builder=input_builder,
            )
            if not isinstance(nested_input, (str, list)):
                raise ModelBehaviorError("Agent tool called with invalid input")
            resolved_config = run_config
            if resolved_config is None and isinstance(context, ToolContext):
                resolved_config = context.run_config
            nested_context: Any = context
            if isinstance(context, ToolContext):
                nested_context = ToolContext(
                    context=context.context,
                    usage=context.usage,
                    tool_name=context.tool_name,
                    tool_call_id=context.tool_call_id,
                    tool_arguments=context.tool_arguments,
                    tool_call=context.tool_call,
                    agent=context.agent,
                    run_config=resolved_config,
                    tool_input=params_data if capture_input else None,
                )
            elif capture_input:
                nested_context = RunContextWrapper(
                    context=context.context if isinstance(context, RunContextWrapper) else context
                )
                nested_context.tool_input = params_data
            turns = max_turns if max_turns is not None else DEFAULT_MAX_TURNS
            result: RunResult | RunResultStreaming
            if on_stream is not None:
                streamed = Runner.run_streamed(
                    self,
                    nested_input,
                    context=nested_context,
                    run_config=resolved_config,
                    max_turns=turns,
                    hooks=hooks,
                    previous_response_id=previous_response_id,
                    conversation_id=conversation_id,
                    session=session,
                )
                await _dispatch_stream(
                    streamed,
                    on_stream,
                    context.tool_call if isinstance(context, ToolContext) else None,
                    self.name,
                )
                result = streamed
            else:
                result = await Runner.run(
                    self,
                    nested_input,
                    context=nested_context,
                    run_config=resolved_config,
                    max_turns=turns,
                    hooks=hooks,
                    previous_response_id=previous_response_id,
                    conversation_id=conversation_id,
                    session=session,
                )
            if custom_output_extractor is not None:
                return await custom_output_extractor(result)
            return _agent_tool_output(result)

        async def _invoke(context: Any, input_json: str) -> Any:
            try:
                return await _run_agent(context, input_json)
            except Exception as e:
                if error_function is None:
                    raise
                message = error_function(context, e)
                if inspect.isawaitable(message):
                    message = await message
                from ._run.util import attach_error_to_current_span

                attach_error_to_current_span(
                    "Error running tool (non-fatal)", {"tool_name": name, "error": str(e)}
                )
                return message

        return FunctionTool(
            name=name,
            description=tool_description or "",
            params_json_schema=params_schema,
            on_invoke_tool=_invoke,
            strict_json_schema=True,
            is_enabled=is_enabled,
            _is_agent_tool=True,
            _agent_instance=self,
        )

    async def get_system_prompt(self, run_context: RunContextWrapper[TContext]) -> str | None:
        """The instructions: the string, or the callable's (awaited) result."""
        if isinstance(self.instructions, str):
            return self.instructions
        if callable(self.instructions):
            params = list(inspect.signature(self.instructions).parameters.values())
            if len(params) != 2:
                raise TypeError(
                    "'instructions' callable must accept exactly 2 arguments (context, agent), "
                    f"but got {len(params)}: {[p.name for p in params]}"
                )
            result = self.instructions(run_context, self)
            if inspect.isawaitable(result):
                return await result
            return result
        if self.instructions is not None:
            logger.error(
                "Instructions must be a string or a callable function, got %s",
                type(self.instructions).__name__,
            )
        return None

    async def get_prompt(self, run_context: RunContextWrapper[TContext]) -> Any | None:
        """The `prompt` request parameter, resolving a dynamic prompt function."""
        from .prompts import PromptUtil

        return await PromptUtil.to_model_input(self.prompt, run_context, self)


def _agent_tool_output(result: RunResult | RunResultStreaming) -> Any:
    from .items import ItemHelpers, MessageOutputItem, ToolCallOutputItem

    final = result.final_output
    if final is not None and (not isinstance(final, str) or final != ""):
        return final
    if result.output_guardrail_results:
        return final
    # An empty final output falls back to the latest non-empty message or tool output.
    for item in reversed(result.new_items):
        if isinstance(item, MessageOutputItem):
            text = ItemHelpers.text_message_output(item)
            if text:
                return text
        if isinstance(item, ToolCallOutputItem) and isinstance(item.output, str) and item.output:
            return item.output
    return final


async def _dispatch_stream(
    streamed: RunResultStreaming,
    on_stream: Callable[[AgentToolStreamEvent], Any],
    tool_call: Any,
    agent_name: str,
) -> None:
    """Drain a nested stream into `on_stream` through a queue, so a slow callback never stalls
    the nested run; errors in the callback are logged, not raised."""
    from .stream_events import AgentUpdatedStreamEvent

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
            queue.put_nowait({"event": event, "agent": current_agent, "tool_call": tool_call})
        queue.put_nowait(None)
        await consumer
    except BaseException:
        consumer.cancel()
        await asyncio.gather(consumer, return_exceptions=True)
        await events.aclose()
        raise
