"""Error handlers that turn some run failures (max turns, refusals, bad output) into outputs."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, Generic, TypeAlias

from typing_extensions import TypedDict

from .exceptions import MaxTurnsExceeded, ModelBehaviorError, ModelRefusalError
from .run_context import RunContextWrapper, TContext
from .util._dataclass import dataclass

if TYPE_CHECKING:
    from .agent import Agent
    from .items import ModelResponse, RunItem, TResponseInputItem


@dataclass
class RunErrorData:
    """A snapshot of the run, given to error handlers."""

    input: str | list[TResponseInputItem]
    new_items: list[RunItem]
    history: list[TResponseInputItem]
    """The input followed by the new items, as model input."""
    output: list[TResponseInputItem]
    """The new items as model input."""
    raw_responses: list[ModelResponse]
    last_agent: Agent[Any]


@dataclass
class RunErrorHandlerInput(Generic[TContext]):
    """What an error handler receives."""

    error: MaxTurnsExceeded | ModelRefusalError | ModelBehaviorError
    context: RunContextWrapper[TContext]
    run_data: RunErrorData


@dataclass
class RunErrorHandlerResult:
    """An error handler's answer: the run's final output instead of the error."""

    final_output: Any
    include_in_history: bool = True
    """Also add the output to the history as an assistant message."""


RunErrorHandler: TypeAlias = Callable[
    [RunErrorHandlerInput[TContext]],
    RunErrorHandlerResult | dict[str, Any] | Any | Awaitable[Any] | None,
]
"""Returns a result (or a final output value, or a dict with `final_output`), or None to re-raise."""


class RunErrorHandlers(TypedDict, Generic[TContext], total=False):
    """Error handlers by kind; pass as `Runner.run(..., error_handlers=...)`."""

    max_turns: RunErrorHandler[TContext]
    model_refusal: RunErrorHandler[TContext]
    invalid_final_output: RunErrorHandler[TContext]


__all__ = [
    "RunErrorData",
    "RunErrorHandler",
    "RunErrorHandlerInput",
    "RunErrorHandlerResult",
    "RunErrorHandlers",
]
