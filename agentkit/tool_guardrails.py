"""Guardrails that check a function tool's arguments before it runs and its output after."""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from dataclasses import field
from typing import TYPE_CHECKING, Any, Generic, Literal, overload

from typing_extensions import TypedDict, TypeVar

from .exceptions import UserError
from .tool_context import ToolContext
from .util._dataclass import dataclass

if TYPE_CHECKING:
    from .agent import Agent

__all__ = [
    "AllowBehavior",
    "RaiseExceptionBehavior",
    "RejectContentBehavior",
    "ToolGuardrailFunctionOutput",
    "ToolInputGuardrail",
    "ToolInputGuardrailData",
    "ToolInputGuardrailResult",
    "ToolOutputGuardrail",
    "ToolOutputGuardrailData",
    "ToolOutputGuardrailResult",
    "tool_input_guardrail",
    "tool_output_guardrail",
]


class RejectContentBehavior(TypedDict):
    """Skip the tool call (or replace its output) and send `message` to the model instead."""

    type: Literal["reject_content"]
    message: str


class RaiseExceptionBehavior(TypedDict):
    """Halt the run with a tool guardrail tripwire exception."""

    type: Literal["raise_exception"]


class AllowBehavior(TypedDict):
    """Let the tool call or output through unchanged."""

    type: Literal["allow"]


@dataclass
class ToolGuardrailFunctionOutput:
    """What a tool guardrail function decided; `behavior` defaults to allow."""

    output_info: Any = None
    """Free-form details about the checks that ran."""
    behavior: RejectContentBehavior | RaiseExceptionBehavior | AllowBehavior = field(
        default_factory=lambda: AllowBehavior(type="allow")
    )

    @classmethod
    def allow(cls, output_info: Any = None) -> ToolGuardrailFunctionOutput:
        """Let the call or output proceed."""
        return cls(output_info=output_info, behavior=AllowBehavior(type="allow"))

    @classmethod
    def reject_content(cls, message: str, output_info: Any = None) -> ToolGuardrailFunctionOutput:
        """Send `message` to the model instead of running the tool / instead of its output; the
        run continues."""
        return cls(
            output_info=output_info,
            behavior=RejectContentBehavior(type="reject_content", message=message),
        )

    @classmethod
    def raise_exception(cls, output_info: Any = None) -> ToolGuardrailFunctionOutput:
        """Halt the run with `ToolInputGuardrailTripwireTriggered` or
        `ToolOutputGuardrailTripwireTriggered`."""
        return cls(output_info=output_info, behavior=RaiseExceptionBehavior(type="raise_exception"))


@dataclass
class ToolInputGuardrailData:
    """What a tool input guardrail sees."""

    context: ToolContext[Any]
    """The tool call's context (name, call id, raw JSON arguments, user context)."""
    agent: Agent[Any]
    """The agent running the tool."""


@dataclass
class ToolOutputGuardrailData(ToolInputGuardrailData):
    """What a tool output guardrail sees: the input data plus the tool's output."""

    output: Any
    """The value the tool returned."""


TContext_co = TypeVar("TContext_co", bound=Any, covariant=True)

_GuardrailResult = ToolGuardrailFunctionOutput | Awaitable[ToolGuardrailFunctionOutput]


async def _call_guardrail(function: Any, data: Any) -> ToolGuardrailFunctionOutput:
    if not callable(function):
        raise UserError(f"Guardrail function must be callable, got {function}")
    result = function(data)
    if inspect.isawaitable(result):
        result = await result
    if not isinstance(result, ToolGuardrailFunctionOutput):
        raise UserError(
            f"Tool guardrail {getattr(function, '__name__', function)!r} returned "
            f"{type(result).__name__}; it must return a ToolGuardrailFunctionOutput"
        )
    return result


@dataclass
class ToolInputGuardrail(Generic[TContext_co]):
    """A check that runs before a function tool is invoked."""

    guardrail_function: Callable[[ToolInputGuardrailData], _GuardrailResult]
    name: str | None = None
    """Defaults to the function's name."""

    def get_name(self) -> str:
        return self.name or self.guardrail_function.__name__

    async def run(self, data: ToolInputGuardrailData) -> ToolGuardrailFunctionOutput:
        return await _call_guardrail(self.guardrail_function, data)


@dataclass
class ToolOutputGuardrail(Generic[TContext_co]):
    """A check that runs after a function tool returns."""

    guardrail_function: Callable[[ToolOutputGuardrailData], _GuardrailResult]
    name: str | None = None
    """Defaults to the function's name."""

    def get_name(self) -> str:
        return self.name or self.guardrail_function.__name__

    async def run(self, data: ToolOutputGuardrailData) -> ToolGuardrailFunctionOutput:
        return await _call_guardrail(self.guardrail_function, data)


@dataclass
class ToolInputGuardrailResult:
    """One tool input guardrail's run: the guardrail and what it returned."""

    guardrail: ToolInputGuardrail[Any]
    output: ToolGuardrailFunctionOutput


@dataclass
class ToolOutputGuardrailResult:
    """One tool output guardrail's run: the guardrail and what it returned."""

    guardrail: ToolOutputGuardrail[Any]
    output: ToolGuardrailFunctionOutput


_InputFuncSync = Callable[[ToolInputGuardrailData], ToolGuardrailFunctionOutput]
_InputFuncAsync = Callable[[ToolInputGuardrailData], Awaitable[ToolGuardrailFunctionOutput]]
_OutputFuncSync = Callable[[ToolOutputGuardrailData], ToolGuardrailFunctionOutput]
_OutputFuncAsync = Callable[[ToolOutputGuardrailData], Awaitable[ToolGuardrailFunctionOutput]]


@overload
def tool_input_guardrail(func: _InputFuncSync) -> ToolInputGuardrail[Any]: ...
@overload
def tool_input_guardrail(func: _InputFuncAsync) -> ToolInputGuardrail[Any]: ...
@overload
def tool_input_guardrail(
    *, name: str | None = None
) -> Callable[[_InputFuncSync | _InputFuncAsync], ToolInputGuardrail[Any]]: ...


def tool_input_guardrail(
    func: _InputFuncSync | _InputFuncAsync | None = None, *, name: str | None = None
) -> (
    ToolInputGuardrail[Any] | Callable[[_InputFuncSync | _InputFuncAsync], ToolInputGuardrail[Any]]
):
    """Make a `ToolInputGuardrail` from a sync or async function (with or without parentheses)."""

    def wrap(f: _InputFuncSync | _InputFuncAsync) -> ToolInputGuardrail[Any]:
        return ToolInputGuardrail(guardrail_function=f, name=name or f.__name__)

    return wrap(func) if func is not None else wrap


@overload
def tool_output_guardrail(func: _OutputFuncSync) -> ToolOutputGuardrail[Any]: ...
@overload
def tool_output_guardrail(func: _OutputFuncAsync) -> ToolOutputGuardrail[Any]: ...
@overload
def tool_output_guardrail(
    *, name: str | None = None
) -> Callable[[_OutputFuncSync | _OutputFuncAsync], ToolOutputGuardrail[Any]]: ...


def tool_output_guardrail(
    func: _OutputFuncSync | _OutputFuncAsync | None = None, *, name: str | None = None
) -> (
    ToolOutputGuardrail[Any]
    | Callable[[_OutputFuncSync | _OutputFuncAsync], ToolOutputGuardrail[Any]]
):
    """Make a `ToolOutputGuardrail` from a sync or async function (with or without parentheses)."""

    def wrap(f: _OutputFuncSync | _OutputFuncAsync) -> ToolOutputGuardrail[Any]:
        return ToolOutputGuardrail(guardrail_function=f, name=name or f.__name__)

    return wrap(func) if func is not None else wrap
