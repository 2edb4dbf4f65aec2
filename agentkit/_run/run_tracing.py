"""The run's trace and its task, turn and agent spans (with the usage each one covered)."""

from __future__ import annotations

from types import TracebackType
from typing import TYPE_CHECKING, Any

from ..run_config import RunConfig
from ..tracing import agent_span, custom_span, get_current_trace, task_span, trace, turn_span
from ..usage import Usage

if TYPE_CHECKING:
    from ..tracing import AgentSpanData, Span, Trace

UsageMark = tuple[int, int, int, int, int, int]


class RunScope:
    """The run's trace (unless one is already current: the run then nests in it) and its `task`
    span, as one context manager; `scope.trace` is the current trace inside it.

    With tracing disabled, a disabled trace and span hide any caller's trace from the run. A plain
    class rather than generator context managers: it is held for the whole run (by each of many
    concurrent runs), so it keeps no generator frames or exit stack alive.
    """

    __slots__ = (
        "_config",
        "_hiding_span",
        "_owned_trace",
        "_task",
        "_task_start",
        "_usage",
        "trace",
    )

    def __init__(self, run_config: RunConfig, usage: Usage) -> None:
        self._config = run_config
        self._usage = usage
        self.trace: Trace | None = None
        self._owned_trace: Trace | None = None
        self._hiding_span: Span[Any] | None = None
        self._task: Span[Any] | None = None
        self._task_start: UsageMark | None = None

    def __enter__(self) -> RunScope:
        config = self._config
        try:
            if config.tracing_disabled or get_current_trace() is None:
                owned = trace(
                    workflow_name=config.workflow_name,
                    trace_id=config.trace_id,
                    group_id=config.group_id,
                    metadata=config.trace_metadata,
                    tracing=config.tracing,
                    disabled=config.tracing_disabled,
                )
                owned.start(mark_as_current=True)
                self._owned_trace = owned
            if config.tracing_disabled:
                hiding = custom_span(name="Agent run", disabled=True)
                hiding.__enter__()
                self._hiding_span = hiding
            self.trace = get_current_trace()
            if task_and_turn_spans(config):
                task = task_span(name=config.workflow_name)
                self._task_start = usage_mark(self._usage)
                task.start(mark_as_current=True)
                self._task = task
        except BaseException as exc:
            self.__exit__(type(exc), exc, exc.__traceback__)
            raise
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """End the task span, then the hiding span and the run's own trace (as they nest)."""
        task, self._task = self._task, None
        try:
            if task is not None:
                assert self._task_start is not None
                attach_usage(task, self._task_start, self._usage)
                task.finish(reset_current=True)
        finally:
            hiding, self._hiding_span = self._hiding_span, None
            owned, self._owned_trace = self._owned_trace, None
            try:
                if hiding is not None:
                    hiding.__exit__(exc_type, exc, tb)
            finally:
                if owned is not None:
                    owned.finish(reset_current=True)


def usage_mark(usage: Usage) -> UsageMark:
    return (
        usage.requests,
        usage.input_tokens,
        usage.output_tokens,
        usage.total_tokens,
        int(getattr(usage.input_tokens_details, "cached_tokens", 0) or 0),
        int(getattr(usage.input_tokens_details, "cache_write_tokens", 0) or 0),
    )


def attach_usage(span: Span[Any] | None, start: UsageMark, usage: Usage) -> None:
    """Record the usage since `start` on a task or turn span (nothing when there was none)."""
    if span is None:
        return
    now = usage_mark(usage)
    requests, inp, out, total, cached, cache_write = (
        a - b for a, b in zip(now, start, strict=True)
    )
    if not any((requests, inp, out, total, cached, cache_write)):
        return
    data: dict[str, int] = {
        "input_tokens": inp,
        "output_tokens": out,
        "cached_input_tokens": cached,
        "cache_write_input_tokens": cache_write,
    }
    if span.span_data.type == "task":
        data.update(requests=requests, total_tokens=total)
    span.span_data.usage = data


def task_and_turn_spans(run_config: RunConfig) -> bool:
    """Whether the run records `task` and `turn` spans (as upstream: on by default, off with
    `tracing={"include_task_and_turn_spans": False}`)."""
    tracing = run_config.tracing
    return tracing is None or bool(tracing.get("include_task_and_turn_spans", True))


def start_turn_span(
    run_config: RunConfig, turn: int, agent_name: str, usage: Usage
) -> tuple[Span[Any], UsageMark] | None:
    """Start one turn's `turn` span (None when the run records none); `finish_turn_span` ends it
    with the turn's usage."""
    if not task_and_turn_spans(run_config):
        return None
    span = turn_span(turn=turn, agent_name=agent_name)
    span.start(mark_as_current=True)
    return span, usage_mark(usage)


def finish_turn_span(started: tuple[Span[Any], UsageMark] | None, usage: Usage) -> None:
    if started is not None:
        span, start = started
        attach_usage(span, start, usage)
        span.finish(reset_current=True)


def start_agent_span(
    agent_name: str, handoff_names: list[str], output_type: str, tool_names: list[str]
) -> Span[AgentSpanData]:
    """Start (and make current) the span of an agent's stretch of the run."""
    span = agent_span(name=agent_name, handoffs=handoff_names, output_type=output_type)
    span.start(mark_as_current=True)
    span.span_data.tools = tool_names
    return span
