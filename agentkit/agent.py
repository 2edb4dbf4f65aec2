"""Agents: an LLM with instructions, tools, handoffs, guardrails and an output type."""

from __future__ import annotations

import dataclasses
import importlib
import inspect
from collections.abc import Awaitable, Callable
from dataclasses import field
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeAlias, cast, get_origin

from typing_extensions import NotRequired, TypedDict

from ._run.model_defaults import default_model_settings as _default_model_settings
from ._run.model_defaults import (
    initial_model_settings_for_model as _initial_model_settings_for_model,
)
from .exceptions import UserError
from .guardrail import InputGuardrail, OutputGuardrail
from .handoffs import Handoff
from .logger import logger
from .model_settings import ModelSettings
from .run_context import RunContextWrapper, TContext
from .tool import ToolsToFinalOutputResult as ToolsToFinalOutputResult
from .util._dataclass import dataclass

if TYPE_CHECKING:
    from .agent_output import AgentOutputSchemaBase
    from .agent_tool_input import StructuredToolInputBuilder
    from .lifecycle import AgentHooks, RunHooks
    from .memory import Session
    from .models.interface import Model
    from .prompts import DynamicPromptFunction, Prompt
    from .result import RunResult, RunResultStreaming
    from .run import Runner
    from .run_config import RunConfig
    from .stream_events import StreamEvent
    from .tool import FunctionTool, FunctionToolResult, Tool
    from .types.responses import ResponseFunctionToolCall


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
        if all(not isinstance(t, FunctionTool) or isinstance(t.is_enabled, bool) for t in tools):
            # Nothing to await: no tasks to schedule.
            return [
                *mcp_tools,
                *(t for t in tools if not isinstance(t, FunctionTool) or t.is_enabled),
            ]
        import asyncio  # the API import does not load asyncio

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
        self._check_containers()
        _check_tool_entries(self.tools)
        _check_entries(self)
        self._check_prompting()
        self._check_model_and_settings()
        self._check_output_and_hooks()
        self._check_tool_use()

    def _check_containers(self) -> None:
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

    def _check_prompting(self) -> None:
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

    def _check_model_and_settings(self) -> None:
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

    def _check_output_and_hooks(self) -> None:
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

    def _check_tool_use(self) -> None:
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
        session: Session | None = None,
        failure_error_function: Any = "default",
        parameters: type[Any] | None = None,
        input_builder: StructuredToolInputBuilder | None = None,
        include_input_schema: bool = False,
        needs_approval: bool | Callable[[RunContextWrapper[Any], dict[str, Any], str], Any] = False,
        on_stream_max_pending_events: int | None = 1024,
    ) -> FunctionTool:
        """This agent as a tool: it runs on generated input and the caller keeps control.

        Unlike a handoff, the sub-agent does not see the conversation. The tool's output is
        `custom_output_extractor(result)` when given, else the sub-run's final output. With
        `on_stream`, the sub-run is streamed and each event is passed to the callback (in order,
        from a background task so a slow callback does not block the run); at most
        `on_stream_max_pending_events` events (None: no limit) may wait for it, beyond which the
        nested run is cancelled and the tool fails through `failure_error_function`.
        `failure_error_function` turns a failed sub-run into a message for the model
        (default: `default_tool_error_function`); None re-raises.
        `parameters` (a dataclass or pydantic model) gives the tool structured arguments; the
        nested input is then built by `input_builder` (default: the data as JSON plus a schema
        summary, or the whole schema with `include_input_schema`).
        `needs_approval` (a bool or `(context, params, call_id) -> bool`) pauses the run for a
        person's approval before the agent runs; approvals inside the nested run surface on the
        outer run's `interruptions`.
        """
        from ._run.agent_tool import AgentToolOptions, build_agent_tool

        if on_stream is not None and not callable(on_stream):
            raise UserError(
                "on_stream must be callable or None. Pass run configuration with run_config=... "
                "instead of as the fifth positional argument."
            )
        if on_stream_max_pending_events is not None and (
            isinstance(on_stream_max_pending_events, bool) or on_stream_max_pending_events <= 0
        ):
            raise UserError("on_stream_max_pending_events must be a positive integer or None")
        options = AgentToolOptions(
            on_stream_max_pending_events=on_stream_max_pending_events,
            tool_name=tool_name,
            tool_description=tool_description,
            custom_output_extractor=custom_output_extractor,
            is_enabled=is_enabled,
            on_stream=on_stream,
            run_config=run_config,
            max_turns=max_turns,
            hooks=hooks,
            previous_response_id=previous_response_id,
            conversation_id=conversation_id,
            session=session,
            failure_error_function=failure_error_function,
            parameters=parameters,
            input_builder=input_builder,
            include_input_schema=include_input_schema,
            needs_approval=needs_approval,
        )
        return build_agent_tool(self, options, _runner)

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


def _runner() -> type[Runner]:
    """The `Runner` that runs agents used as tools (imported on first use)."""
    from .run import Runner

    return Runner


# Values that cannot be an MCP server or a guardrail whatever duck typing a program relies on.
_NEVER_AN_OBJECT = (str, bytes, int, float, list, tuple, dict, set, frozenset, type)


def _is_mcp_server(entry: Any) -> bool:
    """Not obviously something else. The MCP server interface is duck-typed, as upstream's: a
    stand-in with only a `name` (e.g. for drawing the agent graph) is accepted; a string, a
    number, a container, None or a class (instead of an instance) is not."""
    return entry is not None and not isinstance(entry, _NEVER_AN_OBJECT)


def _is_guardrail(kind: type, other: type) -> Callable[[Any], bool]:
    """An instance of `kind`, or an object with the same `run` method (duck typing) that is not
    the other kind of guardrail."""
    never = (other, *_NEVER_AN_OBJECT)
    return lambda entry: (
        isinstance(entry, kind)
        or (not isinstance(entry, never) and callable(getattr(entry, "run", None)))
    )


# Agent list fields (other than tools): what each entry must be, and how to say so.
_ENTRY_RULES: tuple[tuple[str, Callable[[Any], bool], str], ...] = (
    (
        "handoffs",
        lambda entry: isinstance(entry, (AgentBase, Handoff)),
        "an Agent or a Handoff (from handoff(agent))",
    ),
    (
        "input_guardrails",
        _is_guardrail(InputGuardrail, OutputGuardrail),
        "an InputGuardrail (decorate a function with @input_guardrail)",
    ),
    (
        "output_guardrails",
        _is_guardrail(OutputGuardrail, InputGuardrail),
        "an OutputGuardrail (decorate a function with @output_guardrail)",
    ),
    (
        "mcp_servers",
        _is_mcp_server,
        "an MCP server instance (e.g. agentkit.mcp.MCPServerStdio(...))",
    ),
)


def _check_entries(agent: Agent[Any]) -> None:
    """Every entry of Agent's list fields has the right kind; else a `UserError` naming it."""
    if not (
        agent.handoffs or agent.input_guardrails or agent.output_guardrails or agent.mcp_servers
    ):
        return  # the common case, kept cheap: Agent() construction is benchmarked
    for attr, accepts, expected in _ENTRY_RULES:
        for index, entry in enumerate(getattr(agent, attr)):
            if not accepts(entry):
                raise UserError(_bad_entry_message(f"Agent {attr}", index, entry, expected))


def _bad_entry_message(where: str, index: int, entry: Any, expected: str) -> str:
    """The message of a `UserError` for a list entry of the wrong kind."""
    return f"{where}[{index}] must be {expected}, got {type(entry).__name__}: {entry!r:.80}"


def _lazily_loaded_tool_kinds() -> tuple[type, ...]:
    """The tool kinds `agentkit.tool` loads on first use. Only asked for when an entry is none of
    the kinds defined in `agentkit.tool` itself, so an agent with function tools never loads them.
    """
    from ._apply_patch_tool import ApplyPatchTool
    from ._custom_tool import CustomTool
    from ._shell_tool import ShellTool
    from ._tool_search import ProgrammaticToolCallingTool, ToolSearchTool

    return (ShellTool, ApplyPatchTool, CustomTool, ToolSearchTool, ProgrammaticToolCallingTool)


def _check_tool_entries(tools: list[Any]) -> None:
    """Every entry of `Agent(tools=...)` is a tool; otherwise a `UserError` naming the entry (the
    run would fail later on it, less clearly)."""
    from .tool import (
        CodeInterpreterTool,
        ComputerTool,
        FileSearchTool,
        FunctionTool,
        HostedMCPTool,
        ImageGenerationTool,
        LocalShellTool,
        WebSearchTool,
    )

    kinds: tuple[type, ...] = (
        FunctionTool,
        FileSearchTool,
        WebSearchTool,
        ComputerTool,
        HostedMCPTool,
        LocalShellTool,
        ImageGenerationTool,
        CodeInterpreterTool,
    )
    for index, entry in enumerate(tools):
        if isinstance(entry, kinds):
            continue
        if isinstance(entry, _lazily_loaded_tool_kinds()):  # loads them: only when needed
            continue
        hint = (
            " Decorate a function with @function_tool, or use agent.as_tool() for an agent."
            if callable(entry) or hasattr(entry, "as_tool")
            else ""
        )
        raise UserError(
            f"Agent tools[{index}] must be a tool (FunctionTool, a hosted tool such as "
            f"WebSearchTool, or agent.as_tool()), got {type(entry).__name__}: "
            f"{entry!r:.80}.{hint}"
        )
