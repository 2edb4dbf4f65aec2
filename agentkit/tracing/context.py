"""The trace around one run: opened when none is current, reused or masked otherwise."""

from __future__ import annotations

from contextlib import ExitStack
from types import TracebackType
from typing import Any

from .config import TracingConfig
from .create import custom_span, get_current_trace, trace
from .setup import get_trace_provider
from .traces import (
    Trace,
    TraceState,
    _hash_tracing_api_key,
    _trace_id_was_started,
    reattach_trace,
)


def _api_key_of(tracing: TracingConfig | None) -> str | None:
    return tracing.get("api_key") if tracing is not None else None


def _state_matches(
    state: TraceState,
    *,
    workflow_name: str,
    trace_id: str | None,
    group_id: str | None,
    metadata: dict[str, Any] | None,
    tracing: TracingConfig | None,
) -> bool:
    if state.trace_id is None or state.trace_id != trace_id:
        return False
    if (state.workflow_name, state.group_id, state.metadata) != (workflow_name, group_id, metadata):
        return False
    key = _api_key_of(tracing)
    if state.tracing_api_key is not None:
        return state.tracing_api_key == key
    if state.tracing_api_key_hash is not None:
        return state.tracing_api_key_hash == _hash_tracing_api_key(key)
    return key is None


def create_trace_for_run(
    *,
    workflow_name: str,
    trace_id: str | None,
    group_id: str | None,
    metadata: dict[str, Any] | None,
    tracing: TracingConfig | None,
    disabled: bool,
    trace_state: TraceState | None = None,
    reattach_resumed_trace: bool = False,
) -> Trace | None:
    """The trace a run should open: None when a trace is already current (the run joins it).

    A disabled run gets a no-op trace even inside a user's trace, so its spans are not recorded.
    A resumed run re-attaches to its earlier trace when the settings still match.
    """
    if disabled:
        return get_trace_provider().create_trace(
            name=workflow_name,
            trace_id=trace_id,
            group_id=group_id,
            metadata=metadata,
            tracing=tracing,
            disabled=True,
        )
    if get_current_trace() is not None:
        return None
    if (
        reattach_resumed_trace
        and trace_state is not None
        and _trace_id_was_started(trace_state.trace_id)
        and _state_matches(
            trace_state,
            workflow_name=workflow_name,
            trace_id=trace_id,
            group_id=group_id,
            metadata=metadata,
            tracing=tracing,
        )
    ):
        return reattach_trace(trace_state, tracing_api_key=_api_key_of(tracing))
    return trace(
        workflow_name=workflow_name,
        trace_id=trace_id,
        group_id=group_id,
        metadata=metadata,
        tracing=tracing,
        disabled=disabled,
    )


class TraceCtxManager:
    """Context manager the runner wraps a run in: a trace when none is current, else nothing."""

    def __init__(
        self,
        workflow_name: str,
        trace_id: str | None,
        group_id: str | None,
        metadata: dict[str, Any] | None,
        tracing: TracingConfig | None,
        disabled: bool,
        trace_state: TraceState | None = None,
        reattach_resumed_trace: bool = False,
    ) -> None:
        self.trace: Trace | None = None
        self.workflow_name = workflow_name
        self.trace_id = trace_id
        self.group_id = group_id
        self.metadata = metadata
        self.tracing = tracing
        self.disabled = disabled
        self.trace_state = trace_state
        self.reattach_resumed_trace = reattach_resumed_trace
        self._exit_stack = ExitStack()

    def __enter__(self) -> TraceCtxManager:
        self.trace = create_trace_for_run(
            workflow_name=self.workflow_name,
            trace_id=self.trace_id,
            group_id=self.group_id,
            metadata=self.metadata,
            tracing=self.tracing,
            disabled=self.disabled,
            trace_state=self.trace_state,
            reattach_resumed_trace=self.reattach_resumed_trace,
        )
        with ExitStack() as stack:
            if self.trace is not None:
                self.trace.start(mark_as_current=True)
                stack.callback(self.trace.finish, reset_current=True)
            if self.disabled:
                # A no-op current span hides the caller's span from code that reads it directly.
                stack.enter_context(custom_span(name="Agent run", disabled=True))
            self._exit_stack = stack.pop_all()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_val: BaseException | None,
        exc_tb: TracebackType | None,
    ) -> None:
        self._exit_stack.__exit__(exc_type, exc_val, exc_tb)
