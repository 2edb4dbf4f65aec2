"""Run results: `RunResult` (from `run`/`run_sync`) and `RunResultStreaming` (from `run_streamed`)."""

from __future__ import annotations

import abc
import asyncio
import contextlib
import re
import weakref
from collections import deque
from collections.abc import AsyncGenerator, Callable
from dataclasses import field
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar, cast

from .exceptions import AgentsException, UserError
from .items import (
    ItemHelpers,
    ModelResponse,
    RunItem,
    ToolApprovalItem,
    is_model_input_item,
    run_item_to_input_item,
)
from .run_context import RunContextWrapper
from .util._dataclass import dataclass

if TYPE_CHECKING:
    from .agent import Agent
    from .agent_output import AgentOutputSchemaBase
    from .guardrail import InputGuardrailResult, OutputGuardrailResult
    from .items import TResponseInputItem
    from .run_state import RunState
    from .stream_events import StreamEvent
    from .tool_guardrails import ToolInputGuardrailResult, ToolOutputGuardrailResult
    from .tracing import Trace

T = TypeVar("T")


class _QueueComplete:
    """Marks the end of the event queue."""


_COMPLETE = _QueueComplete()


class _EventQueue(Generic[T]):
    """The unbounded queue between a streamed run and `stream_events()`.

    The subset of `asyncio.Queue` the run uses (`put_nowait`, `get`, `get_nowait`, `empty`,
    `qsize`), at a fraction of its cost per event: one Python frame to put, one to get, where
    `asyncio.Queue` spends five on each (size bound, task counting). Getters wait in order.
    """

    __slots__ = ("_getters", "_items")

    def __init__(self) -> None:
        self._items: deque[T] = deque()
        self._getters: deque[asyncio.Future[None]] = deque()

    def put_nowait(self, item: T) -> None:
        self._items.append(item)
        if self._getters:
            self._wake_next()

    def get_nowait(self) -> T:
        if not self._items:
            raise asyncio.QueueEmpty
        return self._items.popleft()

    async def get(self) -> T:
        items = self._items
        while not items:
            getter = asyncio.get_running_loop().create_future()
            self._getters.append(getter)
            try:
                await getter
            except BaseException:
                getter.cancel()
                with contextlib.suppress(ValueError):
                    self._getters.remove(getter)
                # Woken, then cancelled: pass the wake-up on to the next getter.
                if items and not getter.cancelled():
                    self._wake_next()
                raise
        return items.popleft()

    def _wake_next(self) -> None:
        while self._getters:
            getter = self._getters.popleft()
            if not getter.done():
                getter.set_result(None)
                return

    def empty(self) -> bool:
        return not self._items

    def qsize(self) -> int:
        return len(self._items)


@dataclass(frozen=True)
class AgentToolInvocation:
    """Which tool call started a run made by `Agent.as_tool()`."""

    tool_name: str
    tool_call_id: str
    tool_arguments: str


def _final_output_str(result: RunResultBase) -> str:
    if result.final_output is None:
        return "None"
    if isinstance(result.final_output, str):
        return result.final_output
    dump = getattr(result.final_output, "model_dump_json", None)
    if callable(dump):
        return cast(str, dump(indent=2))
    return str(result.final_output)


def _indent(text: str, spaces: int) -> str:
    pad = " " * spaces
    return "\n".join(pad + line for line in text.replace("\r\n", "\n").splitlines())


# C0 controls but tab and newline, DEL and C1: printed as \xNN so an output cannot drive the
# terminal that prints the summary (as upstream's printing does).
_TERMINAL_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _escape_terminal_controls(text: str) -> str:
    return _TERMINAL_CONTROLS.sub(lambda m: f"\\x{ord(m[0]):02x}", text)


@dataclass
class RunResultBase(abc.ABC):
    """What every run result has."""

    input: str | list[TResponseInputItem]
    """The run's input; handoff input filters may have replaced it."""
    new_items: list[RunItem]
    """Everything the run generated: messages, tool calls and outputs, handoffs, reasoning."""
    raw_responses: list[ModelResponse]
    final_output: Any
    """The last agent's output: a str, or an instance of its `output_type`."""
    input_guardrail_results: list[InputGuardrailResult]
    output_guardrail_results: list[OutputGuardrailResult]
    tool_input_guardrail_results: list[ToolInputGuardrailResult]
    tool_output_guardrail_results: list[ToolOutputGuardrailResult]
    context_wrapper: RunContextWrapper[Any]
    """The run context; `context_wrapper.usage` is the run's usage."""
    _nested_owned_items: list[RunItem] = field(default_factory=list, kw_only=True, repr=False)
    """Items nested handoff history already copied into `input` (not repeated by
    `to_input_list`)."""
    _model_input_items: list[RunItem] | None = field(default=None, kw_only=True, repr=False)
    """What the next model call would see, when a handoff filter made it differ from
    `new_items`."""
    _reasoning_item_id_policy: str | None = field(default=None, kw_only=True, repr=False)
    interruptions: list[ToolApprovalItem] = field(default_factory=list, kw_only=True)
    """Tool calls waiting for approval; the run paused (final_output is None) when non-empty."""
    _state_exporter: Callable[[], RunState[Any, Any]] | None = field(
        default=None, kw_only=True, repr=False
    )
    _agent_ref: weakref.ReferenceType[Agent[Any]] | None = field(
        init=False, repr=False, default=None
    )
    """A weak reference to the last agent, which outlives `release_agents`."""

    @property
    @abc.abstractmethod
    def last_agent(self) -> Agent[Any]:
        """The last agent that ran."""

    @abc.abstractmethod
    def _release_last_agent_reference(self) -> None: ...

    def _agent_in(self, name: str) -> Agent[Any]:
        """The agent held in field `name`, or after its release the one the weak reference reaches."""
        agent = cast("Agent[Any] | None", self.__dict__.get(name))
        if agent is None and self._agent_ref is not None:
            agent = self._agent_ref()
        if agent is None:
            raise AgentsException("Last agent reference is no longer available.")
        return agent

    def _release_agent_in(self, name: str) -> None:
        """Drop the strong reference in field `name`, keeping a weak one."""
        agent = self.__dict__.get(name)
        if agent is not None:
            self._agent_ref = weakref.ref(agent)
            self.__dict__[name] = None

    def _summary(self, title: str, head: list[str]) -> str:
        text = "\n".join(
            [
                f"{title}:",
                *head,
                f"- Final output ({type(self.final_output).__name__}):",
                _indent(_final_output_str(self), 4),
                f"- {len(self.new_items)} new item(s)",
                f"- {len(self.raw_responses)} raw response(s)",
                f"- {len(self.input_guardrail_results)} input guardrail result(s)",
                f"- {len(self.output_guardrail_results)} output guardrail result(s)",
                f"(See `{title}` for more details)",
            ]
        )
        return _escape_terminal_controls(text)

    def release_agents(self, *, release_new_items: bool = True) -> None:
        """Drop strong references to agents (in `new_items` too) so they can be collected."""
        if release_new_items:
            for item in self.new_items:
                item.release_agent()
        self._release_last_agent_reference()
        # The state exporter holds the run (and its agents); a released result cannot resume.
        self._state_exporter = None

    def __del__(self) -> None:
        with contextlib.suppress(Exception):
            self.release_agents(release_new_items=False)

    def to_state(self) -> RunState[Any, Any]:
        """The run as a `RunState`: approve or reject its interruptions, save it, and resume it
        with `Runner.run(agent, state)`."""
        if self._state_exporter is None:
            raise UserError("This result has no run state to export (release_agents() dropped it).")
        return self._state_exporter()

    def final_output_as(self, cls: type[T], raise_if_incorrect_type: bool = False) -> T:
        """`final_output` typed as `cls`; with `raise_if_incorrect_type`, TypeError on mismatch."""
        if raise_if_incorrect_type and not isinstance(self.final_output, cls):
            raise TypeError(f"Final output is not of type {cls.__name__}")
        return cast(T, self.final_output)

    def to_input_list(
        self, *, mode: Literal["preserve_all", "normalized"] = "preserve_all"
    ) -> list[TResponseInputItem]:
        """The input plus the new items, as input for the next turn of the conversation.

        "preserve_all" converts every new item; "normalized" gives what the next model call
        would see when a handoff input filter rewrote the history (else the same list).
        """
        if mode not in ("preserve_all", "normalized"):
            raise ValueError(f"Unsupported to_input_list mode: {mode}")
        items = self.new_items
        if mode == "normalized" and self._model_input_items is not None:
            items = self._model_input_items
        owned = {id(item) for item in self._nested_owned_items}
        return ItemHelpers.input_to_new_input_list(self.input) + [
            run_item_to_input_item(item, self._reasoning_item_id_policy)
            for item in items
            if id(item) not in owned and is_model_input_item(item)
        ]

    @property
    def agent_tool_invocation(self) -> AgentToolInvocation | None:
        """For a run made by `Agent.as_tool()`, the tool call that started it; else None."""
        from .tool_context import ToolContext

        ctx = self.context_wrapper
        if not isinstance(ctx, ToolContext):
            return None
        return AgentToolInvocation(
            tool_name=ctx.tool_name,
            tool_call_id=ctx.tool_call_id,
            tool_arguments=ctx.tool_arguments,
        )

    @property
    def last_response_id(self) -> str | None:
        """The id of the last model response, or None."""
        if not self.raw_responses:
            return None
        return self.raw_responses[-1].response_id


@dataclass
class RunResult(RunResultBase):
    """The result of `Runner.run` / `Runner.run_sync`."""

    _last_agent: Agent[Any]
    max_turns: int | None = 10

    def __post_init__(self) -> None:
        self._agent_ref = weakref.ref(self._last_agent)

    @property
    def last_agent(self) -> Agent[Any]:
        return self._agent_in("_last_agent")

    def _release_last_agent_reference(self) -> None:
        self._release_agent_in("_last_agent")

    def __str__(self) -> str:
        return self._summary(
            "RunResult", [f'- Last agent: Agent(name="{self.last_agent.name}", ...)']
        )


@dataclass
class RunResultStreaming(RunResultBase):
    """A streamed run in progress; consume `stream_events()` to drive it to completion.

    Until the stream ends, `final_output` is None and `is_complete` is False; afterwards the
    result holds the whole run. Errors of the run (including guardrail tripwires and
    `MaxTurnsExceeded`) are raised from `stream_events()`.
    """

    current_agent: Agent[Any]
    current_turn: int
    max_turns: int | None
    final_output: Any
    _current_agent_output_schema: AgentOutputSchemaBase | None = field(repr=False)
    trace: Trace | None = field(repr=False)
    is_complete: bool = False
    _event_queue: _EventQueue[StreamEvent | _QueueComplete] = field(
        default_factory=_EventQueue, repr=False
    )
    run_loop_task: asyncio.Task[Any] | None = field(default=None, repr=False)
    _stored_exception: BaseException | None = field(default=None, repr=False)
    _cancel_mode: Literal["none", "immediate", "after_turn"] = field(default="none", repr=False)

    def __post_init__(self) -> None:
        self._agent_ref = weakref.ref(self.current_agent)

    @property
    def last_agent(self) -> Agent[Any]:
        """The agent running now, or the last one once the run completed."""
        return self._agent_in("current_agent")

    def _release_last_agent_reference(self) -> None:
        self._release_agent_in("current_agent")

    def _set_current_agent(self, agent: Agent[Any]) -> None:
        self.current_agent = agent
        self._agent_ref = weakref.ref(agent)

    def cancel(self, mode: Literal["immediate", "after_turn"] = "immediate") -> None:
        """Stop the run.

        "immediate" stops now: the run task is cancelled and pending events dropped.
        "after_turn" lets the current turn finish (model response, tool calls, session save)
        and stops before the next one.
        """
        if mode not in ("immediate", "after_turn"):
            raise ValueError(f"cancel mode must be 'immediate' or 'after_turn', got {mode!r}")
        self._cancel_mode = mode
        if mode == "after_turn":
            return
        if self.run_loop_task is not None and not self.run_loop_task.done():
            self.run_loop_task.cancel()
        while not self._event_queue.empty():
            self._event_queue.get_nowait()
        self.is_complete = True
        self._event_queue.put_nowait(_COMPLETE)

    async def stream_events(self) -> AsyncGenerator[StreamEvent, None]:
        """Yield the run's events in order as they happen; raise the run's error at the end."""
        queue = self._event_queue
        waiting = queue._items  # read directly: this runs once per event
        try:
            while True:
                if waiting:
                    item = waiting.popleft()
                elif self._stored_exception is not None or self._finished():
                    break
                else:
                    item = await queue.get()
                if isinstance(item, _QueueComplete):
                    break
                yield item
            if self._stored_exception is not None:
                error = self._stored_exception
                self._stored_exception = None
                raise error
        finally:
            # The consumer stopped (done, break, cancelled or errored): do not leave the run going.
            await self._stop_run_task()

    def _finished(self) -> bool:
        task = self.run_loop_task
        return self.is_complete and (task is None or task.done())

    async def _stop_run_task(self) -> None:
        task = self.run_loop_task
        if task is None or task.done():
            return
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.shield(asyncio.gather(task, return_exceptions=True))
        self.is_complete = True

    def __str__(self) -> str:
        return self._summary(
            "RunResultStreaming",
            [
                f'- Current agent: Agent(name="{self.last_agent.name}", ...)',
                f"- Current turn: {self.current_turn}",
                f"- Max turns: {self.max_turns}",
                f"- Is complete: {self.is_complete}",
            ],
        )
