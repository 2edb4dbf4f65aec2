"""Nested agent-as-tool run results kept per tool call, as openai-agents 0.24's
``agents.agent_tool_state`` module offers them.

A result is stored under the identity of the tool call object, within an optional scope id
(independently restored states use different scopes); a lookup with an equal but different
call object falls back to the call's signature when exactly one stored result matches it.
Entries go away with their tool call object. agentkit's runner keeps paused nested runs on
the run context itself; this module is for programs written against upstream's helpers.
"""

from __future__ import annotations

import weakref
from typing import Any

from .run_context import invocation_identity
from .util._dataclass import dataclass

ToolCallSignature = tuple[str, str, str, str, "str | None", "str | None"]
ScopedToolCallSignature = tuple["str | None", ToolCallSignature]
ScopedToolCallObject = tuple["str | None", int]

_SCOPE_ATTR = "_agent_tool_state_scope_id"


@dataclass
class _AgentToolResumeCheckpoint:
    """A live nested RunState while an approved resume is in flight."""

    state: Any
    approval_identities: frozenset[tuple[str, str, str, str]]

    @property
    def interruptions(self) -> list[Any]:
        found = self.state.get_interruptions()
        return found if isinstance(found, list) else []

    def to_state(self) -> Any:
        return self.state


_results: dict[ScopedToolCallObject, Any] = {}
_by_signature: dict[ScopedToolCallSignature, set[ScopedToolCallObject]] = {}
_signature_of: dict[ScopedToolCallObject, ScopedToolCallSignature] = {}
_call_refs: dict[int, weakref.ReferenceType[Any]] = {}


def get_agent_tool_state_scope(context: Any) -> str | None:
    """The agent-tool cache scope id attached to a context wrapper, if any."""
    scope_id = getattr(context, _SCOPE_ATTR, None)
    return scope_id if isinstance(scope_id, str) else None


def set_agent_tool_state_scope(context: Any, scope_id: str | None) -> None:
    """Attach (or with None clear) the agent-tool cache scope id on a context wrapper."""
    if context is None:
        return
    try:
        if scope_id is None:
            delattr(context, _SCOPE_ATTR)
        else:
            setattr(context, _SCOPE_ATTR, scope_id)
    except (AttributeError, TypeError):
        return


def _signature(tool_call: Any, scope_id: str | None) -> ScopedToolCallSignature:
    return (
        scope_id,
        (
            tool_call.call_id,
            tool_call.name,
            tool_call.arguments,
            tool_call.type,
            getattr(tool_call, "id", None),
            getattr(tool_call, "status", None),
        ),
    )


def _forget(key: ScopedToolCallObject) -> None:
    signature = _signature_of.pop(key, None)
    if signature is not None:
        keys = _by_signature.get(signature, set())
        keys.discard(key)
        if not keys:
            _by_signature.pop(signature, None)
    if not any(k[1] == key[1] for k in _results):
        _call_refs.pop(key[1], None)


def _on_call_collected(object_id: int) -> Any:
    def collected(_ref: weakref.ReferenceType[Any]) -> None:
        for key in [k for k in _results if k[1] == object_id]:
            _results.pop(key, None)
            _forget(key)

    return collected


def record_agent_tool_run_result(
    tool_call: Any, run_result: Any, *, scope_id: str | None = None
) -> None:
    """Store a nested agent run's result (or resume checkpoint) for this tool call."""
    key = (scope_id, id(tool_call))
    _results[key] = run_result
    signature = _signature(tool_call, scope_id)
    _signature_of[key] = signature
    _by_signature.setdefault(signature, set()).add(key)
    _call_refs[id(tool_call)] = weakref.ref(tool_call, _on_call_collected(id(tool_call)))


def record_agent_tool_resume_state(
    tool_call: Any,
    state: Any,
    *,
    scope_id: str | None = None,
    approval_items: list[Any] | None = None,
) -> None:
    """Keep a live nested RunState while an approved resume is in flight; it owns the given
    approval items (by default the state's interruptions)."""
    if approval_items is None:
        interruptions = state.get_interruptions() if hasattr(state, "get_interruptions") else []
        approval_items = interruptions if isinstance(interruptions, list) else []
    identities = frozenset(
        identity
        for item in approval_items
        if (identity := invocation_identity(item.raw_item, getattr(item, "tool_name", None)))
        is not None
    )
    record_agent_tool_run_result(
        tool_call, _AgentToolResumeCheckpoint(state, identities), scope_id=scope_id
    )


def get_agent_tool_resume_state(run_result: Any) -> Any | None:
    """The live nested RunState held by a resume checkpoint, else None."""
    return run_result.state if isinstance(run_result, _AgentToolResumeCheckpoint) else None


def agent_tool_resume_checkpoint_owns_approval(run_result: Any, approval_item: Any) -> bool:
    """Whether an in-flight nested resume accepted this approval item."""
    if not isinstance(run_result, _AgentToolResumeCheckpoint):
        return False
    identity = invocation_identity(
        approval_item.raw_item, getattr(approval_item, "tool_name", None)
    )
    return identity is not None and identity in run_result.approval_identities


def _find(tool_call: Any, scope_id: str | None) -> ScopedToolCallObject | None:
    key = (scope_id, id(tool_call))
    if key in _results:
        return key
    candidates = _by_signature.get(_signature(tool_call, scope_id))
    if candidates is None or len(candidates) != 1:
        return None
    return next(iter(candidates))


def consume_agent_tool_run_result(tool_call: Any, *, scope_id: str | None = None) -> Any | None:
    """Return and drop the stored nested result for this tool call."""
    key = _find(tool_call, scope_id)
    if key is None:
        return None
    result = _results.pop(key, None)
    _forget(key)
    return result


def peek_agent_tool_run_result(tool_call: Any, *, scope_id: str | None = None) -> Any | None:
    """Return the stored nested result for this tool call without removing it."""
    key = _find(tool_call, scope_id)
    return _results.get(key) if key is not None else None


def drop_agent_tool_run_result(tool_call: Any, *, scope_id: str | None = None) -> None:
    """Drop the stored nested result for this tool call, if any."""
    consume_agent_tool_run_result(tool_call, scope_id=scope_id)
