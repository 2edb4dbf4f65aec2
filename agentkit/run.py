"""`Runner`: run an agent loop to a final output, synchronously, asynchronously or streamed."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any, Generic, TypeGuard, TypeVar, cast

from typing_extensions import NotRequired, TypedDict, Unpack

from .run_config import (
    DEFAULT_MAX_TURNS,
    CallModelData,
    CallModelInputFilter,
    ModelInputData,
    RunConfig,
    ToolNameCollisionPolicy,
)
from .run_context import RunContextWrapper, TContext

if TYPE_CHECKING:
    from ._run.state import _RunState
    from .agent import Agent
    from .items import TResponseInputItem
    from .lifecycle import RunHooks
    from .memory import Session
    from .result import RunResult, RunResultStreaming
    from .run_error_handlers import RunErrorHandlers
    from .run_state import RunState as RunState

_T = TypeVar("_T")

# Where `RunState` lives (computed, so that a vendored copy under another package name works):
# a `RunState` input can only exist once that module was imported, so a run checks for one
# without importing it (and the snapshot codec behind it).
_RUN_STATE_MODULE = f"{__name__.rpartition('.')[0]}.run_state"


def _is_run_state(value: object) -> TypeGuard[RunState[Any, Any]]:
    run_state = sys.modules.get(_RUN_STATE_MODULE)
    return run_state is not None and isinstance(value, run_state.RunState)


if not TYPE_CHECKING:

    def __getattr__(name: str) -> Any:
        # `RunState` (and the snapshot codec behind it) loads when a program first asks for it.
        if name == "RunState":
            from .run_state import RunState

            return RunState
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "DEFAULT_MAX_TURNS",
    "AgentRunner",
    "CallModelData",
    "CallModelInputFilter",
    "ModelInputData",
    "RunConfig",
    "RunOptions",
    "Runner",
    "ToolNameCollisionPolicy",
    "get_default_agent_runner",
    "set_default_agent_runner",
]


class RunOptions(TypedDict, Generic[TContext]):
    """The keyword arguments of `Runner.run`, `run_sync` and `run_streamed`."""

    context: NotRequired[TContext | None]
    max_turns: NotRequired[int | None]
    hooks: NotRequired[RunHooks[TContext] | None]
    run_config: NotRequired[RunConfig | dict[str, Any] | None]
    previous_response_id: NotRequired[str | None]
    auto_previous_response_id: NotRequired[bool]
    conversation_id: NotRequired[str | None]
    session: NotRequired[Session | None]
    error_handlers: NotRequired[RunErrorHandlers[TContext] | None]


class Runner:
    """Runs agents. All methods are classmethods; see `run` for the loop."""

    @classmethod
    async def run(
        cls,
        starting_agent: Agent[TContext],
        input: str | list[TResponseInputItem] | RunState[Any, Any],
        *,
        context: TContext | None = None,
        max_turns: int | None = DEFAULT_MAX_TURNS,
        hooks: RunHooks[TContext] | None = None,
        run_config: RunConfig | dict[str, Any] | None = None,
        previous_response_id: str | None = None,
        auto_previous_response_id: bool = False,
        conversation_id: str | None = None,
        session: Session | None = None,
        error_handlers: RunErrorHandlers[TContext] | None = None,
    ) -> RunResult:
        """Run `starting_agent` until it produces a final output.

        Each turn calls the model; a final output (of the agent's `output_type`) ends the run, a
        handoff switches agents, and tool calls are executed before the next turn. Raises
        `MaxTurnsExceeded` past `max_turns` (unless `error_handlers["max_turns"]` handles it) and
        the guardrail tripwire exceptions. `previous_response_id`, `auto_previous_response_id` and
        `conversation_id` keep the conversation on the server (Responses API); `session` loads
        and stores history.
        """
        return await get_default_agent_runner().run(
            starting_agent,
            input,
            context=context,
            max_turns=max_turns,
            hooks=hooks,
            run_config=run_config,
            previous_response_id=previous_response_id,
            auto_previous_response_id=auto_previous_response_id,
            conversation_id=conversation_id,
            session=session,
            error_handlers=error_handlers,
        )

    @classmethod
    def run_sync(
        cls,
        starting_agent: Agent[TContext],
        input: str | list[TResponseInputItem] | RunState[Any, Any],
        *,
        context: TContext | None = None,
        max_turns: int | None = DEFAULT_MAX_TURNS,
        hooks: RunHooks[TContext] | None = None,
        run_config: RunConfig | dict[str, Any] | None = None,
        previous_response_id: str | None = None,
        auto_previous_response_id: bool = False,
        conversation_id: str | None = None,
        session: Session | None = None,
        error_handlers: RunErrorHandlers[TContext] | None = None,
    ) -> RunResult:
        """`run`, blocking. Also works inside a running event loop (e.g. Jupyter): the run then
        executes on a dedicated event-loop thread."""
        return get_default_agent_runner().run_sync(
            starting_agent,
            input,
            context=context,
            max_turns=max_turns,
            hooks=hooks,
            run_config=run_config,
            previous_response_id=previous_response_id,
            auto_previous_response_id=auto_previous_response_id,
            conversation_id=conversation_id,
            session=session,
            error_handlers=error_handlers,
        )

    @classmethod
    def run_streamed(
        cls,
        starting_agent: Agent[TContext],
        input: str | list[TResponseInputItem] | RunState[Any, Any],
        context: TContext | None = None,
        max_turns: int | None = DEFAULT_MAX_TURNS,
        hooks: RunHooks[TContext] | None = None,
        run_config: RunConfig | dict[str, Any] | None = None,
        previous_response_id: str | None = None,
        auto_previous_response_id: bool = False,
        conversation_id: str | None = None,
        session: Session | None = None,
        *,
        error_handlers: RunErrorHandlers[TContext] | None = None,
    ) -> RunResultStreaming:
        """Start a streamed run (needs a running event loop) and return at once.

        Iterate `result.stream_events()` for the events; the run's errors are raised there.
        """
        return get_default_agent_runner().run_streamed(
            starting_agent,
            input,
            context=context,
            max_turns=max_turns,
            hooks=hooks,
            run_config=run_config,
            previous_response_id=previous_response_id,
            auto_previous_response_id=auto_previous_response_id,
            conversation_id=conversation_id,
            session=session,
            error_handlers=error_handlers,
        )


class AgentRunner:
    """The implementation behind `Runner` (experimental seam; not part of the public API)."""

    async def run(
        self,
        starting_agent: Agent[TContext],
        input: str | list[TResponseInputItem] | RunState[Any, Any],
        **kwargs: Unpack[RunOptions[TContext]],
    ) -> RunResult:
        from ._run.loop import execute_run

        return await execute_run(_build_state(starting_agent, input, kwargs))

    def run_sync(
        self,
        starting_agent: Agent[TContext],
        input: str | list[TResponseInputItem] | RunState[Any, Any],
        **kwargs: Unpack[RunOptions[TContext]],
    ) -> RunResult:
        from ._run.sync import run_sync

        return run_sync(self.run(starting_agent, input, **kwargs))

    def run_streamed(
        self,
        starting_agent: Agent[TContext],
        input: str | list[TResponseInputItem] | RunState[Any, Any],
        **kwargs: Unpack[RunOptions[TContext]],
    ) -> RunResultStreaming:
        from ._run.loop import start_streamed_run

        return start_streamed_run(_build_state(starting_agent, input, kwargs))


def _build_state(
    starting_agent: Agent[TContext],
    input: str | list[TResponseInputItem] | RunState[Any, Any],
    options: RunOptions[TContext],
) -> _RunState:
    """Validate the run's arguments and set up its state; unset options take their defaults.
    A `RunState` input resumes the run it was taken from."""
    from ._run.state import build_state

    if _is_run_state(input):
        return _resumed_state(starting_agent, input, options)
    return build_state(
        starting_agent=starting_agent,
        input=cast("str | list[TResponseInputItem]", input),
        context=options.get("context"),
        max_turns=options.get("max_turns", DEFAULT_MAX_TURNS),
        hooks=options.get("hooks"),
        run_config=options.get("run_config"),
        previous_response_id=options.get("previous_response_id"),
        auto_previous_response_id=options.get("auto_previous_response_id", False),
        conversation_id=options.get("conversation_id"),
        session=options.get("session"),
        error_handlers=options.get("error_handlers"),
    )


DEFAULT_AGENT_RUNNER: AgentRunner = AgentRunner()


def _resumed_state(
    starting_agent: Agent[Any], saved: RunState[Any, Any], options: RunOptions[Any]
) -> _RunState:
    """The run state continuing `saved` (its context, ids and turn count unless overridden)."""
    from ._run.resume import restore_into, traced_config
    from ._run.state import build_state

    state = build_state(
        starting_agent=starting_agent,
        input=saved._original_input,
        context=_given(options, "context", saved._context),
        max_turns=_given(options, "max_turns", saved._max_turns),
        hooks=options.get("hooks"),
        run_config=options.get("run_config"),
        previous_response_id=_given(options, "previous_response_id", saved._previous_response_id),
        auto_previous_response_id=bool(
            options.get("auto_previous_response_id") or saved._auto_previous_response_id
        ),
        conversation_id=_given(options, "conversation_id", saved._conversation_id),
        session=options.get("session"),
        error_handlers=options.get("error_handlers"),
    )
    restore_into(state, saved)
    state.run_config = traced_config(state.run_config, saved)
    return state


def _given(options: RunOptions[Any], key: str, fallback: Any) -> Any:
    value = options.get(key)
    return fallback if value is None else value


def set_default_agent_runner(runner: AgentRunner | None) -> None:
    """Replace the runner behind `Runner` (experimental)."""
    global DEFAULT_AGENT_RUNNER
    DEFAULT_AGENT_RUNNER = runner if runner is not None else AgentRunner()


def get_default_agent_runner() -> AgentRunner:
    """The runner behind `Runner` (experimental)."""
    return DEFAULT_AGENT_RUNNER


__all__ += ["RunContextWrapper"]
