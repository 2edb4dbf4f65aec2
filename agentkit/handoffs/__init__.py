"""Handoffs: an agent delegating the conversation to another agent, exposed to the model as a tool."""

from __future__ import annotations

import importlib
import inspect
import json
import weakref
from collections.abc import Awaitable, Callable
from dataclasses import field, replace
from typing import TYPE_CHECKING, Any, Generic, TypeAlias, cast, overload

from pydantic import TypeAdapter, ValidationError
from typing_extensions import TypeVar

from ..exceptions import ModelBehaviorError, UserError
from ..run_context import RunContextWrapper, TContext
from ..strict_schema import ensure_strict_json_schema
from ..util._dataclass import dataclass
from ..util._transforms import transform_string_function_style

if TYPE_CHECKING:
    from ..agent import Agent, AgentBase
    from ..items import RunItem, TResponseInputItem
    from .history import (
        default_handoff_history_mapper,
        get_conversation_history_wrappers,
        nest_handoff_history,
        reset_conversation_history_wrappers,
        set_conversation_history_wrappers,
    )

THandoffInput = TypeVar("THandoffInput", default=Any)
TAgent = TypeVar("TAgent", bound="AgentBase[Any]", default="Agent[Any]")

OnHandoffWithInput = Callable[[RunContextWrapper[Any], THandoffInput], Any]
OnHandoffWithoutInput = Callable[[RunContextWrapper[Any]], Any]


@dataclass(frozen=True)
class HandoffInputData:
    """What the next agent will see; an input filter receives and returns this."""

    input_history: str | tuple[TResponseInputItem, ...]
    """The run input from before `Runner.run()` was called."""
    pre_handoff_items: tuple[RunItem, ...]
    """Items generated before the turn in which the handoff was requested."""
    new_items: tuple[RunItem, ...]
    """Items of the handoff turn, including the handoff call and its output item."""
    run_context: RunContextWrapper[Any] | None = None
    input_items: tuple[RunItem, ...] | None = None
    """When set, used instead of `new_items` for the next agent's input (`new_items` still go to
    the session)."""

    def clone(self, **kwargs: Any) -> HandoffInputData:
        """A copy with the given fields replaced, e.g. `data.clone(new_items=())`."""
        return replace(self, **kwargs)


HandoffInputFilter: TypeAlias = Callable[
    [HandoffInputData], "HandoffInputData | Awaitable[HandoffInputData]"
]
"""Filters what the next agent receives."""
HandoffHistoryMapper: TypeAlias = Callable[["list[TResponseInputItem]"], "list[TResponseInputItem]"]
"""Maps the flattened transcript to the next agent's history (nested handoff history)."""


@dataclass
class Handoff(Generic[TContext, TAgent]):
    """A handoff to another agent, presented to the model as the tool `tool_name`."""

    tool_name: str
    tool_description: str
    input_json_schema: dict[str, Any]
    """The JSON schema of the tool arguments (may be empty)."""
    on_invoke_handoff: Callable[[RunContextWrapper[Any], str], Awaitable[TAgent]]
    """Called with the context and the arguments JSON (or ""); returns the next agent."""
    agent_name: str
    input_filter: HandoffInputFilter | None = None
    """Filters the history the next agent receives. Not applied to streamed events."""
    nest_handoff_history: bool | None = None
    """Overrides `RunConfig.nest_handoff_history` for this handoff (None: use the run's)."""
    strict_json_schema: bool = True
    is_enabled: bool | Callable[[RunContextWrapper[Any], AgentBase[Any]], Any] = True
    """A bool, or a (sync or async) function of (context, agent); disabled handoffs are hidden."""
    _agent_ref: weakref.ReferenceType[AgentBase[Any]] | None = field(
        default=None, init=False, repr=False
    )
    _default_tool_identity: tuple[str, str] | None = field(default=None, kw_only=True, repr=False)
    """(agent name, derived tool name) when the tool name was derived from the agent's name:
    lets a name collision say which override to pass."""

    def get_transfer_message(self, agent: AgentBase[Any]) -> str:
        return json.dumps({"assistant": agent.name})

    @classmethod
    def default_tool_name(cls, agent: AgentBase[Any]) -> str:
        return transform_string_function_style(
            f"transfer_to_{agent.name}", warn_on_whitespace=False
        )

    @classmethod
    def default_tool_description(cls, agent: AgentBase[Any]) -> str:
        return (
            f"Handoff to the {agent.name} agent to handle the request. "
            f"{agent.handoff_description or ''}"
        )


@overload
def handoff(
    agent: Agent[TContext],
    *,
    tool_name_override: str | None = None,
    tool_description_override: str | None = None,
    input_filter: Callable[[HandoffInputData], HandoffInputData] | None = None,
    nest_handoff_history: bool | None = None,
    is_enabled: bool | Callable[[RunContextWrapper[Any], Agent[Any]], Any] = True,
) -> Handoff[TContext, Agent[TContext]]: ...


@overload
def handoff(
    agent: Agent[TContext],
    *,
    on_handoff: OnHandoffWithInput[THandoffInput],
    input_type: type[THandoffInput],
    tool_description_override: str | None = None,
    tool_name_override: str | None = None,
    input_filter: Callable[[HandoffInputData], HandoffInputData] | None = None,
    nest_handoff_history: bool | None = None,
    is_enabled: bool | Callable[[RunContextWrapper[Any], Agent[Any]], Any] = True,
) -> Handoff[TContext, Agent[TContext]]: ...


@overload
def handoff(
    agent: Agent[TContext],
    *,
    on_handoff: OnHandoffWithoutInput,
    tool_description_override: str | None = None,
    tool_name_override: str | None = None,
    input_filter: Callable[[HandoffInputData], HandoffInputData] | None = None,
    nest_handoff_history: bool | None = None,
    is_enabled: bool | Callable[[RunContextWrapper[Any], Agent[Any]], Any] = True,
) -> Handoff[TContext, Agent[TContext]]: ...


def handoff(
    agent: Agent[TContext],
    tool_name_override: str | None = None,
    tool_description_override: str | None = None,
    on_handoff: OnHandoffWithInput[THandoffInput] | OnHandoffWithoutInput | None = None,
    input_type: type[THandoffInput] | None = None,
    input_filter: Callable[[HandoffInputData], HandoffInputData] | None = None,
    nest_handoff_history: bool | None = None,
    is_enabled: bool | Callable[[RunContextWrapper[Any], Agent[TContext]], Any] = True,
) -> Handoff[TContext, Agent[TContext]]:
    """Build a handoff to `agent`.

    `input_type` and `on_handoff` go together: with `input_type`, the model's arguments are
    validated into it and `on_handoff(context, input)` is called; without it, `on_handoff(context)`.
    """
    type_adapter = _input_adapter(on_handoff, input_type)
    obj: Handoff[TContext, Agent[TContext]] = Handoff(
        tool_name=tool_name_override or Handoff.default_tool_name(agent),
        tool_description=tool_description_override or Handoff.default_tool_description(agent),
        # Always strict: the model fills it in more reliably.
        input_json_schema=ensure_strict_json_schema(
            type_adapter.json_schema() if type_adapter is not None else {}
        ),
        on_invoke_handoff=_invoker(agent, on_handoff, type_adapter),
        input_filter=input_filter,
        nest_handoff_history=nest_handoff_history,
        agent_name=agent.name,
        is_enabled=_enabled_check(is_enabled),
        _default_tool_identity=(
            None if tool_name_override else (agent.name, Handoff.default_tool_name(agent))
        ),
    )
    obj._agent_ref = weakref.ref(agent)
    return obj


def _input_adapter(
    on_handoff: Callable[..., Any] | None, input_type: type[Any] | None
) -> TypeAdapter[Any] | None:
    """Check `on_handoff` against `input_type`; the adapter validating the model's arguments."""
    if input_type is not None and on_handoff is None:
        raise UserError("You must provide on_handoff when input_type is provided")
    if input_type is None:
        if on_handoff is not None and len(inspect.signature(on_handoff).parameters) != 1:
            raise UserError("on_handoff must take one argument: context")
        return None
    if not callable(on_handoff):
        raise UserError("on_handoff must be callable")
    if len(inspect.signature(on_handoff).parameters) != 2:
        raise UserError("on_handoff must take two arguments: context and input")
    return TypeAdapter(input_type)


def _invoker(
    agent: Agent[Any],
    on_handoff: Callable[..., Any] | None,
    type_adapter: TypeAdapter[Any] | None,
) -> Callable[[RunContextWrapper[Any], str | None], Awaitable[Agent[Any]]]:
    """The handoff's `on_invoke_handoff`: validate the arguments, call `on_handoff`, and
    return the agent."""

    async def _invoke(ctx: RunContextWrapper[Any], input_json: str | None = None) -> Agent[Any]:
        if type_adapter is not None:
            # Imported here: the tracing package is not needed until a handoff runs.
            from ..tracing.spans import SpanError
            from ..util._error_tracing import attach_error_to_current_span

            if input_json is None:
                attach_error_to_current_span(
                    SpanError(
                        message="Handoff function expected non-null input, but got None",
                        data={"details": "input_json is None"},
                    )
                )
                raise ModelBehaviorError("Handoff function expected non-null input, but got None")
            try:
                validated = type_adapter.validate_json(input_json, strict=True)
            except ValidationError as e:
                attach_error_to_current_span(SpanError(message="Invalid JSON provided", data={}))
                raise ModelBehaviorError(
                    f"Invalid JSON when parsing {input_json} for {type_adapter}; {e}"
                ) from e
            result = cast(OnHandoffWithInput[Any], on_handoff)(ctx, validated)
            if inspect.isawaitable(result):
                await result
        elif on_handoff is not None:
            result = cast(OnHandoffWithoutInput, on_handoff)(ctx)
            if inspect.isawaitable(result):
                await result
        return agent

    return _invoke


def _enabled_check(
    is_enabled: bool | Callable[[RunContextWrapper[Any], Agent[Any]], Any],
) -> bool | Callable[[RunContextWrapper[Any], AgentBase[Any]], Any]:
    if not callable(is_enabled):
        return is_enabled
    check = is_enabled

    async def _is_enabled(ctx: RunContextWrapper[Any], agent_base: AgentBase[Any]) -> bool:
        result = check(ctx, cast("Agent[Any]", agent_base))
        if inspect.isawaitable(result):
            result = await result
        return bool(result)

    return _is_enabled


__all__ = [
    "Handoff",
    "HandoffHistoryMapper",
    "HandoffInputData",
    "HandoffInputFilter",
    "default_handoff_history_mapper",
    "get_conversation_history_wrappers",
    "handoff",
    "nest_handoff_history",
    "reset_conversation_history_wrappers",
    "set_conversation_history_wrappers",
]

# The nested-history helpers (and the `history` submodule) load on first access (PEP 562): a run
# without handoffs never needs them.
_HISTORY_EXPORTS = frozenset(
    (
        "default_handoff_history_mapper",
        "get_conversation_history_wrappers",
        "nest_handoff_history",
        "reset_conversation_history_wrappers",
        "set_conversation_history_wrappers",
    )
)

if not TYPE_CHECKING:  # mypy sees the imports above; a misspelt name stays an error there

    def __getattr__(name: str) -> Any:
        if name != "history" and name not in _HISTORY_EXPORTS:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        # Not `from . import history`: its `hasattr` check would call back into this function.
        history = importlib.import_module(".history", __name__)
        value = history if name == "history" else getattr(history, name)
        globals()[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted(set(globals()) | _HISTORY_EXPORTS | {"history"})
