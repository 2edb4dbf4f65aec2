"""The context handed to a function tool: the run context plus the call being served."""

from __future__ import annotations

from dataclasses import field, fields
from typing import TYPE_CHECKING, Any

from .run_context import RunContextWrapper, TContext
from .usage import Usage
from .util._dataclass import dataclass

if TYPE_CHECKING:
    from .agent import AgentBase
    from .items import TResponseInputItem
    from .run_config import RunConfig
    from .types.responses import ResponseFunctionToolCall

__all__ = ["ToolContext"]

_MISSING: Any = object()


def _require(value: Any, what: str) -> Any:
    if value is _MISSING:
        raise ValueError(f"{what} must be passed to ToolContext")
    return value


def _namespace_of(tool_call: Any) -> str | None:
    namespace = (
        tool_call.get("namespace")
        if isinstance(tool_call, dict)
        else getattr(tool_call, "namespace", None)
    )
    return namespace if isinstance(namespace, str) and namespace else None


@dataclass(eq=False, init=False)
class ToolContext(RunContextWrapper[TContext]):
    """The context of one tool call: the run context plus the tool's name, call id and raw
    JSON arguments."""

    tool_name: str = field(default_factory=lambda: _require(_MISSING, "tool_name"))
    """The name of the tool being invoked."""
    tool_call_id: str = field(default_factory=lambda: _require(_MISSING, "tool_call_id"))
    """The id of the tool call."""
    tool_arguments: str = field(default_factory=lambda: _require(_MISSING, "tool_arguments"))
    """The raw JSON arguments string the model sent."""
    tool_call: ResponseFunctionToolCall | None = None
    """The tool call item, when there is one."""
    tool_namespace: str | None = None
    """The Responses API namespace of the call, when present."""
    agent: AgentBase[Any] | None = None
    """The agent running the tool, when known."""
    run_config: RunConfig | None = None
    """The run's configuration, when known."""

    def __init__(
        self,
        context: TContext,
        usage: Usage = _MISSING,
        tool_name: str = _MISSING,
        tool_call_id: str = _MISSING,
        tool_arguments: str = _MISSING,
        tool_call: ResponseFunctionToolCall | None = None,
        *,
        tool_namespace: str | None = None,
        agent: AgentBase[Any] | None = None,
        run_config: RunConfig | None = None,
        turn_input: list[TResponseInputItem] | None = None,
        tool_input: Any | None = None,
    ) -> None:
        # Positional order matches openai-agents, so `ToolContext(ctx, usage, name, id, args)`
        # ports unchanged; the three tool fields are required even though they sit after usage.
        super().__init__(
            context=context,
            usage=Usage() if usage is _MISSING else usage,
            turn_input=list(turn_input or []),
            tool_input=tool_input,
        )
        self.tool_name = _require(tool_name, "tool_name")
        self.tool_arguments = _require(tool_arguments, "tool_arguments")
        self.tool_call_id = _require(tool_call_id, "tool_call_id")
        self.tool_call = tool_call
        self.tool_namespace = (
            tool_namespace if isinstance(tool_namespace, str) else _namespace_of(tool_call)
        )
        self.agent = agent
        self.run_config = run_config

    @property
    def qualified_tool_name(self) -> str:
        """`namespace.name` when the call has a namespace, else the tool name."""
        if self.tool_namespace and self.tool_namespace != self.tool_name:
            return f"{self.tool_namespace}.{self.tool_name}"
        return self.tool_name

    @classmethod
    def from_agent_context(
        cls,
        context: RunContextWrapper[TContext],
        tool_call_id: str,
        tool_call: ResponseFunctionToolCall | None = None,
        agent: AgentBase[Any] | None = None,
        *,
        tool_name: str | None = None,
        tool_arguments: str | None = None,
        tool_namespace: str | None = None,
        run_config: RunConfig | None = None,
    ) -> ToolContext[TContext]:
        """Build a ToolContext sharing `context`'s user context and usage.

        The tool name and arguments default to those of `tool_call`.
        """
        base = {f.name: getattr(context, f.name) for f in fields(RunContextWrapper) if f.init}
        name = tool_name if tool_name is not None else getattr(tool_call, "name", _MISSING)
        arguments = (
            tool_arguments
            if tool_arguments is not None
            else getattr(tool_call, "arguments", _MISSING)
        )
        if isinstance(context, ToolContext):
            agent = agent if agent is not None else context.agent
            run_config = run_config if run_config is not None else context.run_config
        made = cls(
            tool_name=_require(name, "tool_name"),
            tool_call_id=tool_call_id,
            tool_arguments=_require(arguments, "tool_arguments"),
            tool_call=tool_call,
            tool_namespace=tool_namespace,
            agent=agent,
            run_config=run_config,
            **base,
        )
        context._share_tool_state_with(made)  # decisions are shared with the run
        return made
