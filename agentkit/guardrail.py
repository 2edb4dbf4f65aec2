"""Input and output guardrails: checks that can stop a run by tripping a wire."""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, Generic, Union, overload

from typing_extensions import TypeVar

from .exceptions import UserError
from .run_context import RunContextWrapper, TContext
from .util._dataclass import dataclass

if TYPE_CHECKING:
    from .agent import Agent
    from .items import TResponseInputItem


@dataclass
class GuardrailFunctionOutput:
    """What a guardrail function returns."""

    output_info: Any
    """Anything about the checks performed, for your own use."""
    tripwire_triggered: bool
    """True stops the run with a tripwire exception."""


@dataclass
class InputGuardrailResult:
    """The result of one input guardrail."""

    guardrail: InputGuardrail[Any]
    output: GuardrailFunctionOutput


@dataclass
class OutputGuardrailResult:
    """The result of one output guardrail."""

    guardrail: OutputGuardrail[Any]
    agent_output: Any
    agent: Agent[Any]
    output: GuardrailFunctionOutput


@dataclass
class InputGuardrail(Generic[TContext]):
    """A check on the run input, for the first agent only.

    With `run_in_parallel=True` (default) it runs alongside the first model call; with False it
    runs before the agent starts. The function gets `(context, agent, input)`.
    """

    guardrail_function: Callable[
        [RunContextWrapper[TContext], Agent[Any], str | list[TResponseInputItem]],
        GuardrailFunctionOutput | Awaitable[GuardrailFunctionOutput],
    ]
    name: str | None = None
    """Used in traces; defaults to the function's name."""
    run_in_parallel: bool = True

    def get_name(self) -> str:
        return self.name or self.guardrail_function.__name__

    async def run(
        self,
        agent: Agent[Any],
        input: str | list[TResponseInputItem],
        context: RunContextWrapper[TContext],
    ) -> InputGuardrailResult:
        if not callable(self.guardrail_function):
            raise UserError(f"Guardrail function must be callable, got {self.guardrail_function}")
        output = self.guardrail_function(context, agent, input)
        if inspect.isawaitable(output):
            output = await output
        return InputGuardrailResult(guardrail=self, output=output)


@dataclass
class OutputGuardrail(Generic[TContext]):
    """A check on a final output. The function gets `(context, agent, output)`."""

    guardrail_function: Callable[
        [RunContextWrapper[TContext], Agent[Any], Any],
        GuardrailFunctionOutput | Awaitable[GuardrailFunctionOutput],
    ]
    name: str | None = None
    """Used in traces; defaults to the function's name."""

    def get_name(self) -> str:
        return self.name or self.guardrail_function.__name__

    async def run(
        self, context: RunContextWrapper[TContext], agent: Agent[Any], agent_output: Any
    ) -> OutputGuardrailResult:
        if not callable(self.guardrail_function):
            raise UserError(f"Guardrail function must be callable, got {self.guardrail_function}")
        output = self.guardrail_function(context, agent, agent_output)
        if inspect.isawaitable(output):
            output = await output
        return OutputGuardrailResult(
            guardrail=self, agent=agent, agent_output=agent_output, output=output
        )


TContext_co = TypeVar("TContext_co", bound=Any, covariant=True)

_InputGuardrailFuncSync = Callable[
    [RunContextWrapper[TContext_co], "Agent[Any]", Union[str, "list[TResponseInputItem]"]],
    GuardrailFunctionOutput,
]
_InputGuardrailFuncAsync = Callable[
    [RunContextWrapper[TContext_co], "Agent[Any]", Union[str, "list[TResponseInputItem]"]],
    Awaitable[GuardrailFunctionOutput],
]


@overload
def input_guardrail(func: _InputGuardrailFuncSync[TContext_co]) -> InputGuardrail[TContext_co]: ...


@overload
def input_guardrail(
    func: _InputGuardrailFuncAsync[TContext_co],
) -> InputGuardrail[TContext_co]: ...


@overload
def input_guardrail(
    *, name: str | None = None, run_in_parallel: bool = True
) -> Callable[
    [_InputGuardrailFuncSync[TContext_co] | _InputGuardrailFuncAsync[TContext_co]],
    InputGuardrail[TContext_co],
]: ...


def input_guardrail(
    func: _InputGuardrailFuncSync[TContext_co]
    | _InputGuardrailFuncAsync[TContext_co]
    | None = None,
    *,
    name: str | None = None,
    run_in_parallel: bool = True,
) -> (
    InputGuardrail[TContext_co]
    | Callable[
        [_InputGuardrailFuncSync[TContext_co] | _InputGuardrailFuncAsync[TContext_co]],
        InputGuardrail[TContext_co],
    ]
):
    """Turn a sync or async `(context, agent, input)` function into an `InputGuardrail`.

    Use bare (`@input_guardrail`) or with options (`@input_guardrail(name=..., run_in_parallel=False)`).
    """

    def decorator(
        f: _InputGuardrailFuncSync[TContext_co] | _InputGuardrailFuncAsync[TContext_co],
    ) -> InputGuardrail[TContext_co]:
        return InputGuardrail(
            guardrail_function=f, name=name or f.__name__, run_in_parallel=run_in_parallel
        )

    if func is not None:
        return decorator(func)
    return decorator


_OutputGuardrailFuncSync = Callable[
    [RunContextWrapper[TContext_co], "Agent[Any]", Any], GuardrailFunctionOutput
]
_OutputGuardrailFuncAsync = Callable[
    [RunContextWrapper[TContext_co], "Agent[Any]", Any], Awaitable[GuardrailFunctionOutput]
]


@overload
def output_guardrail(
    func: _OutputGuardrailFuncSync[TContext_co],
) -> OutputGuardrail[TContext_co]: ...


@overload
def output_guardrail(
    func: _OutputGuardrailFuncAsync[TContext_co],
) -> OutputGuardrail[TContext_co]: ...


@overload
def output_guardrail(
    *, name: str | None = None
) -> Callable[
    [_OutputGuardrailFuncSync[TContext_co] | _OutputGuardrailFuncAsync[TContext_co]],
    OutputGuardrail[TContext_co],
]: ...


def output_guardrail(
    func: _OutputGuardrailFuncSync[TContext_co]
    | _OutputGuardrailFuncAsync[TContext_co]
    | None = None,
    *,
    name: str | None = None,
) -> (
    OutputGuardrail[TContext_co]
    | Callable[
        [_OutputGuardrailFuncSync[TContext_co] | _OutputGuardrailFuncAsync[TContext_co]],
        OutputGuardrail[TContext_co],
    ]
):
    """Turn a sync or async `(context, agent, output)` function into an `OutputGuardrail`."""

    def decorator(
        f: _OutputGuardrailFuncSync[TContext_co] | _OutputGuardrailFuncAsync[TContext_co],
    ) -> OutputGuardrail[TContext_co]:
        return OutputGuardrail(guardrail_function=f, name=name or f.__name__)

    if func is not None:
        return decorator(func)
    return decorator
