"""Traces: one end-to-end workflow, the root that spans hang from."""

from __future__ import annotations

import abc
import contextvars
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import field
from types import TracebackType
from typing import Any

from ..util._dataclass import dataclass
from ._ids import default_trace_id
from .logger import logger
from .processor_interface import TracingProcessor
from .scope import Scope


class Trace(abc.ABC):
    """A workflow (for example one ``Runner.run``, or several inside ``with trace(...)``).

    Not started on creation: use ``with trace(...):`` or call ``start()`` and ``finish()``.
    """

    @abc.abstractmethod
    def __enter__(self) -> Trace: ...

    @abc.abstractmethod
    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_val: BaseException | None,
        exc_tb: TracebackType | None,
    ) -> None: ...

    @abc.abstractmethod
    def start(self, mark_as_current: bool = False) -> None:
        """Start the trace; with ``mark_as_current`` it becomes the current trace."""

    @abc.abstractmethod
    def finish(self, reset_current: bool = False) -> None:
        """End the trace; with ``reset_current`` the previous current trace is restored."""

    @property
    @abc.abstractmethod
    def trace_id(self) -> str:
        """The trace id, ``trace_<32 alphanumerics>``."""

    @property
    @abc.abstractmethod
    def name(self) -> str:
        """The workflow name."""

    @abc.abstractmethod
    def export(self) -> dict[str, Any] | None:
        """The trace's ingest form, or None when it is not recorded."""

    @property
    @abc.abstractmethod
    def tracing_api_key(self) -> str | None:
        """The key this trace and its spans are exported with; None for the exporter default."""

    def to_json(self, *, include_tracing_api_key: bool = False) -> dict[str, Any] | None:
        """The export form for persisting (e.g. in a RunState); the key only when asked for."""
        exported = self.export()
        if exported is None:
            return None
        payload = dict(exported)
        if include_tracing_api_key and self.tracing_api_key:
            payload["tracing_api_key"] = self.tracing_api_key
        return payload


def _hash_tracing_api_key(tracing_api_key: str | None) -> str | None:
    # Snapshots keep only a fingerprint, so a resumed run can check the caller passed the same key.
    if tracing_api_key is None:
        return None
    return hashlib.sha256(tracing_api_key.encode("utf-8")).hexdigest()


@dataclass
class TraceState:
    """A trace's identity as stored in a run state, so a resumed run continues the same trace."""

    trace_id: str | None = None
    workflow_name: str | None = None
    group_id: str | None = None
    metadata: dict[str, Any] | None = None
    tracing_api_key: str | None = field(default=None, repr=False)
    tracing_api_key_hash: str | None = None
    object_type: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_trace(cls, trace: Trace | None) -> TraceState | None:
        if trace is None:
            return None
        return cls.from_json(trace.to_json(include_tracing_api_key=True))

    @classmethod
    def from_json(cls, payload: Mapping[str, Any] | None) -> TraceState | None:
        if not payload:
            return None
        data = dict(payload)

        def text(value: Any) -> str | None:
            return value if isinstance(value, str) else None

        object_type = data.pop("object", None)
        trace_id = data.pop("id", None) or data.pop("trace_id", None)
        workflow_name = data.pop("workflow_name", None)
        group_id = data.pop("group_id", None)
        metadata = data.pop("metadata", None)
        key = text(data.pop("tracing_api_key", None))
        stored_hash = text(data.pop("tracing_api_key_hash", None))
        return cls(
            trace_id=text(trace_id),
            workflow_name=text(workflow_name),
            group_id=text(group_id),
            metadata=metadata if isinstance(metadata, dict) else None,
            tracing_api_key=key,
            tracing_api_key_hash=_hash_tracing_api_key(key) or stored_hash,
            object_type=text(object_type),
            extra=data,
        )

    def to_json(self, *, include_tracing_api_key: bool = False) -> dict[str, Any] | None:
        payload: dict[str, Any] = {}
        if self.object_type:
            payload["object"] = self.object_type
        if self.trace_id:
            payload["id"] = self.trace_id
        if self.workflow_name is not None:
            payload["workflow_name"] = self.workflow_name
        if self.group_id is not None:
            payload["group_id"] = self.group_id
        if self.metadata is not None:
            payload["metadata"] = dict(self.metadata)
        if include_tracing_api_key and self.tracing_api_key:
            payload["tracing_api_key"] = self.tracing_api_key
        if self.tracing_api_key_hash:
            payload["tracing_api_key_hash"] = self.tracing_api_key_hash
        for key, value in self.extra.items():
            payload.setdefault(key, value)
        if not payload and self.tracing_api_key is None:
            return None
        return payload


# Ids of traces started in this process (bounded), so a resumed run only re-attaches to a trace
# whose start was really reported here.
_MAX_STARTED_TRACE_IDS = 4096
_started_trace_ids: OrderedDict[str, None] = OrderedDict()
_started_trace_ids_lock = threading.Lock()


def _mark_trace_id_started(trace_id: str | None) -> None:
    if not trace_id or trace_id == "no-op":
        return
    with _started_trace_ids_lock:
        _started_trace_ids[trace_id] = None
        _started_trace_ids.move_to_end(trace_id)
        while len(_started_trace_ids) > _MAX_STARTED_TRACE_IDS:
            _started_trace_ids.popitem(last=False)


def _trace_id_was_started(trace_id: str | None) -> bool:
    if not trace_id or trace_id == "no-op":
        return False
    with _started_trace_ids_lock:
        return trace_id in _started_trace_ids


class _ScopedTrace(Trace):
    """Shared context-manager plumbing: becomes current on enter, restores the previous on exit."""

    _prev_context_token: contextvars.Token[Trace | None] | None
    _started: bool

    def __enter__(self) -> Trace:
        if self._started:
            if self._prev_context_token is None:
                logger.error("Trace %s was already started but is not current", self.trace_id)
            return self
        self.start(mark_as_current=True)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_val: BaseException | None,
        exc_tb: TracebackType | None,
    ) -> None:
        if exc_type is not GeneratorExit:
            self.finish(reset_current=True)
            return
        # See spans._reset_span_token_tolerantly: an abandoned async generator unwinds in a
        # foreign context, where the token cannot be reset.
        try:
            self.finish(reset_current=False)
        finally:
            token, self._prev_context_token = self._prev_context_token, None
            if token is not None:
                try:
                    Scope.reset_current_trace(token)
                except ValueError:
                    logger.debug("Trace context token belongs to another context; not reset")

    def _become_current(self, mark_as_current: bool) -> None:
        if mark_as_current:
            self._prev_context_token = Scope.set_current_trace(self)

    def _restore_previous(self, reset_current: bool) -> None:
        if reset_current and self._prev_context_token is not None:
            Scope.reset_current_trace(self._prev_context_token)
            self._prev_context_token = None


class NoOpTrace(_ScopedTrace):
    """A trace that records nothing; spans created under it are no-ops too."""

    def __init__(self) -> None:
        self._started = False
        self._prev_context_token = None

    def __repr__(self) -> str:
        return "<NoOpTrace>"

    def start(self, mark_as_current: bool = False) -> None:
        self._started = True
        self._become_current(mark_as_current)

    def finish(self, reset_current: bool = False) -> None:
        self._restore_previous(reset_current)

    @property
    def trace_id(self) -> str:
        return "no-op"

    @property
    def name(self) -> str:
        return "no-op"

    def export(self) -> dict[str, Any] | None:
        return None

    @property
    def tracing_api_key(self) -> str | None:
        return None


NO_OP_TRACE = NoOpTrace()


class _NamedTrace(_ScopedTrace):
    """The identity, accessors and export form of a real (not no-op) trace."""

    __slots__ = (
        "_name",
        "_prev_context_token",
        "_started",
        "_trace_id",
        "_tracing_api_key",
        "group_id",
        "metadata",
    )

    def __init__(
        self,
        name: str,
        trace_id: str,
        group_id: str | None,
        metadata: dict[str, Any] | None,
        tracing_api_key: str | None,
    ) -> None:
        self._name = name
        self._trace_id = trace_id
        self._tracing_api_key = tracing_api_key
        self.group_id = group_id
        self.metadata = metadata
        self._prev_context_token = None
        self._started = False

    @property
    def trace_id(self) -> str:
        return self._trace_id

    @property
    def name(self) -> str:
        return self._name

    @property
    def tracing_api_key(self) -> str | None:
        return self._tracing_api_key

    def export(self) -> dict[str, Any] | None:
        return {
            "object": "trace",
            "id": self._trace_id,
            "workflow_name": self._name,
            "group_id": self.group_id,
            "metadata": self.metadata,
        }


class TraceImpl(_NamedTrace):
    """A recorded trace; reports its start and end to the provider's processors."""

    __slots__ = ("_processor",)

    def __init__(
        self,
        name: str,
        trace_id: str | None,
        group_id: str | None,
        metadata: dict[str, Any] | None,
        processor: TracingProcessor,
        tracing_api_key: str | None = None,
    ) -> None:
        super().__init__(name, trace_id or default_trace_id(), group_id, metadata, tracing_api_key)
        self._processor = processor

    def __repr__(self) -> str:
        return f"<Trace id={self._trace_id} name={self._name!r}>"

    def start(self, mark_as_current: bool = False) -> None:
        if self._started:
            return
        self._started = True
        self._processor.on_trace_start(self)
        _mark_trace_id_started(self._trace_id)
        self._become_current(mark_as_current)

    def finish(self, reset_current: bool = False) -> None:
        if not self._started:
            return
        self._processor.on_trace_end(self)
        self._restore_previous(reset_current)


class ReattachedTrace(_NamedTrace):
    """A trace rebuilt from a RunState: current again for new spans, without a second start."""

    __slots__ = ()

    def __init__(
        self,
        *,
        name: str,
        trace_id: str,
        group_id: str | None,
        metadata: dict[str, Any] | None,
        tracing_api_key: str | None,
    ) -> None:
        super().__init__(name, trace_id, group_id, metadata, tracing_api_key)

    def __repr__(self) -> str:
        return f"<ReattachedTrace id={self._trace_id} name={self._name!r}>"

    def start(self, mark_as_current: bool = False) -> None:
        if self._started:
            return
        self._started = True
        _mark_trace_id_started(self._trace_id)
        self._become_current(mark_as_current)

    def finish(self, reset_current: bool = False) -> None:
        if self._started:
            self._restore_previous(reset_current)


def reattach_trace(trace_state: TraceState, *, tracing_api_key: str | None = None) -> Trace | None:
    """A live trace for ``trace_state`` that does not notify processors of a new start."""
    if trace_state.trace_id is None:
        return None
    return ReattachedTrace(
        name=trace_state.workflow_name or "Agent workflow",
        trace_id=trace_state.trace_id,
        group_id=trace_state.group_id,
        metadata=None if trace_state.metadata is None else dict(trace_state.metadata),
        tracing_api_key=trace_state.tracing_api_key or tracing_api_key,
    )
