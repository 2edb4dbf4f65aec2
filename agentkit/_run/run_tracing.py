"""The run's trace and its task, turn and agent spans (with the usage each one covered)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ..run_config import RunConfig
from ..tracing import agent_span, custom_span, get_current_trace, task_span, trace, turn_span
from ..usage import Usage

if TYPE_CHECKING:
    from ..tracing import AgentSpanData, Span, Trace

UsageMark = tuple[int, int, int, int, int, int]


@contextlib.contextmanager
def run_trace(run_config: RunConfig) -> Iterator[Trace | None]:
    """Open the run's trace unless one is already current (then the run nests in it).

    With tracing disabled, a disabled trace and span hide any caller's trace from the run.
    """
    with contextlib.ExitStack() as stack:
        current = None
        if run_config.tracing_disabled or get_current_trace() is None:
            current = trace(
                workflow_name=run_config.workflow_name,
                trace_id=run_config.trace_id,
                group_id=run_config.group_id,
                metadata=run_config.trace_metadata,
                tracing=run_config.tracing,
                disabled=run_config.tracing_disabled,
            )
        if current is not None:
            current.start(mark_as_current=True)
            stack.callback(current.finish, reset_current=True)
        if run_config.tracing_disabled:
            stack.enter_context(custom_span(name="Agent run", disabled=True))
        yield get_current_trace()


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


@contextlib.contextmanager
def task_span_for_run(run_config: RunConfig, usage: Usage) -> Iterator[None]:
    """The run's `task` span, carrying the run's usage."""
    if not task_and_turn_spans(run_config):
        yield
        return
    span = task_span(name=run_config.workflow_name)
    start = usage_mark(usage)
    span.start(mark_as_current=True)
    try:
        yield
    finally:
        attach_usage(span, start, usage)
        span.finish(reset_current=True)


@contextlib.contextmanager
def turn_span_for(
    run_config: RunConfig, turn: int, agent_name: str, usage: Usage
) -> Iterator[None]:
    """One turn's `turn` span, carrying the turn's usage."""
    span = None
    if task_and_turn_spans(run_config):
        span = turn_span(turn=turn, agent_name=agent_name)
        span.start(mark_as_current=True)
    start = usage_mark(usage)
    try:
        yield
    finally:
        if span is not None:
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
