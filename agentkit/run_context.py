"""The run context: the user's object plus run bookkeeping, handed to tools, hooks and guardrails.

Approval decisions follow openai-agents 0.24: a function tool's decisions belong to the agent
that owns the tool (``always_approve`` on one agent's ``delete_file`` does not approve another
agent's tool of the same name), and every tool call id is bound to one invocation fingerprint
(a SHA-256 of the tool identity and the normalised arguments), so a decision taken for one call
can never authorise a different call that reuses its id.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import field
from typing import TYPE_CHECKING, Any, Generic, NoReturn

from typing_extensions import TypeVar

from .exceptions import ModelBehaviorError, UserError
from .usage import Usage
from .util._dataclass import dataclass

if TYPE_CHECKING:
    from .items import ToolApprovalItem, TResponseInputItem

TContext = TypeVar("TContext", default=Any)

INVOCATION_TYPES = frozenset(
    {
        "apply_patch_call",
        "computer_call",
        "custom_tool_call",
        "function_call",
        "local_shell_call",
        "mcp_approval_request",
        "shell_call",
    }
)
_OUTPUT_TYPES = {
    "apply_patch_call_output": "apply_patch_call",
    "computer_call_output": "computer_call",
    "custom_tool_call_output": "custom_tool_call",
    "function_call_output": "function_call",
    "local_shell_call_output": "local_shell_call",
    "mcp_approval_response": "mcp_approval_request",
    "shell_call_output": "shell_call",
}
_SEMANTIC_FIELDS = (
    "type",
    "name",
    "namespace",
    "server_label",
    "arguments",
    "input",
    "action",
    "actions",
    "pending_safety_checks",
    "operation",
    "operations",
    "environment",
    "caller",
)
REUSED_CALL_ID = (
    "Model reused a tool call ID for a different invocation. "
    "Use a unique call ID for each tool invocation."
)
REUSED_COMPLETED_CALL_ID = (
    "Model reused a completed tool call ID for a different invocation. "
    "Use a unique call ID for each tool invocation."
)


def _as_mapping(value: Any) -> Mapping[str, Any] | None:
    if isinstance(value, Mapping):
        return value
    dump = getattr(value, "model_dump", None)
    if callable(dump):
        dumped = dump(exclude_none=True, exclude_unset=True, warnings=False)
        return dumped if isinstance(dumped, Mapping) else None
    return None


def _normalize(value: Any, *, exclude_none: bool = False) -> Any:
    mapping = _as_mapping(value)
    if mapping is not None:
        return {
            str(k): _normalize(v, exclude_none=exclude_none)
            for k, v in sorted(mapping.items(), key=lambda kv: str(kv[0]))
            if not (exclude_none and v is None)
        }
    if isinstance(value, Sequence) and not isinstance(value, (str, bytes, bytearray)):
        return [_normalize(v, exclude_none=exclude_none) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def _reject_constant(constant: str) -> NoReturn:
    raise ValueError(f"Invalid JSON constant: {constant}")


def _normalize_arguments(value: Any) -> Any:
    if not isinstance(value, str):
        return _normalize(value)
    try:
        return _normalize(json.loads(value, parse_constant=_reject_constant))
    except (TypeError, ValueError, RecursionError):
        # Unreadable (or absurdly deep) arguments are fingerprinted as their text.
        return value


def _fingerprint(payload: Mapping[str, Any]) -> str:
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _nonempty(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def function_tool_key(name: str, namespace: str | None = None) -> str:
    """The key a function tool's decisions are stored under: its name, or ``namespace.name``."""
    return f"{namespace}.{name}" if namespace else name


def _approval_scope(
    mapping: Mapping[str, Any], tool_name: str | None, role: str | None
) -> str | None:
    """The stable authorisation scope of a call: a digest of its type and tool identity (and
    its role: a handoff call is scoped apart from a function tool of the same name)."""
    kind = mapping.get("type")
    payload: dict[str, Any] = {"type": kind}
    if role is not None:
        payload["invocation_role"] = role
    if kind == "function_call":
        name, namespace = _nonempty(mapping.get("name")), _nonempty(mapping.get("namespace"))
        if name is None:
            return None
        payload["tool_lookup_key"] = (
            ["namespaced", namespace, name] if namespace else ["bare", name]
        )
    elif kind == "mcp_approval_request":
        name, label = _nonempty(mapping.get("name")), _nonempty(mapping.get("server_label"))
        if name is None or label is None:
            return None
        payload.update(name=name, server_label=label)
    else:
        resolved = tool_name or _nonempty(mapping.get("name"))
        if resolved:
            payload["name"] = resolved
    return _fingerprint(payload)


_REQUIRED_FIELDS = {
    "function_call": ("arguments",),
    "mcp_approval_request": ("arguments",),
    "custom_tool_call": ("name", "input"),
    "computer_call": ("action",),
    "local_shell_call": ("action",),
    "shell_call": ("action",),
}


# Every field `_identity` reads: the identity is a function of these (and the tool name and role).
_IDENTITY_FIELDS = ("id", "call_id", *_SEMANTIC_FIELDS)


def invocation_identity(
    raw_item: Any, tool_name: str | None = None, role: str | None = None
) -> tuple[str, str, str, str] | None:
    """``(type, call id, approval scope, fingerprint)`` of a tool call, or None when the item
    is not a recognised tool invocation with a call id."""
    mapping = _as_mapping(raw_item)
    if mapping is None or mapping.get("type") not in INVOCATION_TYPES:
        return None
    # A call is identified when it is registered and again when it is marked executed (and on
    # every approval decision): when its fields are all plain strings (a function call's always
    # are), the digests are memoised on them instead of re-serialised and re-hashed each time.
    fields = tuple((name, mapping[name]) for name in _IDENTITY_FIELDS if name in mapping)
    if all(value is None or type(value) is str for _, value in fields):
        return _memoised_identity(fields, tool_name, role)
    return _identity(mapping, tool_name, role)


@functools.lru_cache(maxsize=256)
def _memoised_identity(
    fields: tuple[tuple[str, str | None], ...], tool_name: str | None, role: str | None
) -> tuple[str, str, str, str] | None:
    return _identity(dict(fields), tool_name, role)


def _identity(
    mapping: Mapping[str, Any], tool_name: str | None, role: str | None
) -> tuple[str, str, str, str] | None:
    kind: str = mapping["type"]
    call_id = _nonempty(mapping.get("id" if kind == "mcp_approval_request" else "call_id"))
    scope = _approval_scope(mapping, tool_name, role)
    if call_id is None or scope is None:
        return None
    if any(f not in mapping for f in _REQUIRED_FIELDS.get(kind, ())):
        return None
    if kind == "apply_patch_call" and "operation" not in mapping and "operations" not in mapping:
        return None
    payload: dict[str, Any] = {"approval_scope": scope}
    for name in _SEMANTIC_FIELDS:
        value = mapping.get(name)
        if value is None or (kind == "function_call" and name in ("name", "namespace")):
            continue
        payload[name] = (
            _normalize_arguments(value)
            if name == "arguments"
            else _normalize(value, exclude_none=True)
        )
    return kind, call_id, scope, _fingerprint(payload)


@dataclass
class _ToolInvocationRecord:
    """The one invocation a provider call id stands for, and how far it got."""

    invocation_type: str
    approval_scope: str
    fingerprint: str
    executed: bool = False
    completed: bool = False


@dataclass
class _ApprovalRecord:
    """The decisions taken for one tool: True/False for every call ("always"), or per call id.

    A sticky (always) decision applies only to calls with the same ``sticky_scope`` (the
    approval scope digest of the tool identity it was taken for)."""

    approved: bool | list[str] = field(default_factory=list)
    rejected: bool | list[str] = field(default_factory=list)
    rejection_messages: dict[str, str] = field(default_factory=dict)
    sticky_rejection_message: str | None = None
    sticky_scope: str | None = None

    def status(self, call_id: str, scope: str | None) -> bool | None:
        """True/False for this call, or None when the record says nothing about it."""
        if isinstance(self.approved, list) and call_id in self.approved:
            return True
        if isinstance(self.rejected, list) and call_id in self.rejected:
            return False
        if scope is not None and self.sticky_scope is not None and self.sticky_scope != scope:
            return None
        if self.approved is True:
            return True
        if self.rejected is True:
            return False
        return None

    def per_call(self, call_id: str) -> bool | None:
        """Only an exact decision for this call id."""
        if isinstance(self.approved, list) and call_id in self.approved:
            return True
        if isinstance(self.rejected, list) and call_id in self.rejected:
            return False
        return None

    def decide(
        self, call_id: str, scope: str | None, *, always: bool, approve: bool, message: str | None
    ) -> None:
        """Record a decision: for every call with the same scope (`always`), or for this one."""
        if always:
            self.sticky_scope = scope
            self.approved, self.rejected = (True, []) if approve else (False, True)
            if approve:
                self.rejection_messages.clear()
            elif message is not None:
                self.rejection_messages[call_id] = message
            else:
                self.rejection_messages.pop(call_id, None)
            self.sticky_rejection_message = None if approve else message
            return
        opposite = self.rejected if approve else self.approved
        if isinstance(opposite, list) and call_id in opposite:
            opposite.remove(call_id)
        target = self.approved if approve else self.rejected
        if target is not True:
            if not isinstance(target, list):
                target = []
                if approve:
                    self.approved = target
                else:
                    self.rejected = target
            if call_id not in target:
                target.append(call_id)
        if approve or message is None:
            self.rejection_messages.pop(call_id, None)
        else:
            self.rejection_messages[call_id] = message

    def message(self, call_id: str) -> str | None:
        if isinstance(self.approved, list) and call_id in self.approved:
            return None
        if self.rejected is True:
            return self.rejection_messages.get(call_id, self.sticky_rejection_message)
        if isinstance(self.rejected, list) and call_id in self.rejected:
            return self.rejection_messages.get(call_id)
        return None


@dataclass(frozen=True, eq=False)
class FunctionApprovalKey:
    """Decisions for one function tool of one agent (compared by agent identity)."""

    agent: Any
    tool_key: str

    def __hash__(self) -> int:
        return hash((id(self.agent), self.tool_key))

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, FunctionApprovalKey)
            and other.agent is self.agent
            and other.tool_key == self.tool_key
        )


ApprovalKey = Any
"""A `FunctionApprovalKey` for function tools; for a hosted MCP request (as upstream)
``("hosted_mcp", server_label, tool_name)``, or ``("hosted_mcp_call", request_id)`` without a
label, plus a per-call ``("hosted_mcp_query", tool_name, request_id)`` mirror; else the tool
name."""


def approval_key(item: ToolApprovalItem) -> ApprovalKey:
    """The identity decisions for this item are stored under."""
    raw = item.raw_item
    raw_type = raw.get("type") if isinstance(raw, dict) else getattr(raw, "type", None)
    name = item.tool_name or item.name or ""
    if raw_type == "function_call":
        namespace = (
            raw.get("namespace") if isinstance(raw, dict) else getattr(raw, "namespace", None)
        )
        return FunctionApprovalKey(item.agent, function_tool_key(name, _nonempty(namespace)))
    if raw_type == "mcp_approval_request":
        label, request_id = _raw_str(raw, "server_label"), _raw_str(raw, "id")
        tool = _raw_str(raw, "name") or _nonempty(name)
        if label is not None and tool is not None:
            return ("hosted_mcp", label, tool)
        return ("hosted_mcp_call", request_id or "")
    return name


def _raw_str(raw: Any, key: str) -> str | None:
    return _nonempty(raw.get(key) if isinstance(raw, dict) else getattr(raw, key, None))


def _hosted_query_key(item: ToolApprovalItem, request_id: str) -> tuple[str, str, str] | None:
    """The per-call record a name-only query (`is_tool_approved`) finds for a hosted request."""
    tool = _raw_str(item.raw_item, "name") or _nonempty(item.tool_name)
    return ("hosted_mcp_query", tool, request_id) if tool is not None else None


@dataclass(eq=False)
class RunContextWrapper(Generic[TContext]):
    """Wraps the context passed to `Runner.run()`.

    The context is never sent to the model; it is how your tools, hooks and guardrails get
    their dependencies. `usage` is the run's usage so far (stale until a stream's last event).
    """

    context: TContext
    usage: Usage = field(default_factory=Usage)
    turn_input: list[TResponseInputItem] = field(default_factory=list)
    tool_input: Any | None = None
    """Structured input of the current agent-as-tool run, when there is one."""
    _approvals: dict[ApprovalKey, _ApprovalRecord] = field(
        default_factory=dict, init=False, repr=False
    )
    _tool_invocations: dict[str, _ToolInvocationRecord] = field(
        default_factory=dict, init=False, repr=False
    )
    """The invocation each tool call id stands for (type, approval scope, fingerprint)."""
    _nested_states: dict[str, Any] = field(default_factory=dict, init=False, repr=False)
    """Paused nested runs of agents used as tools, by the outer tool call id."""

    def _share_tool_state_with(self, other: RunContextWrapper[Any]) -> None:
        """Let `other` (a derived context) see and record the same decisions."""
        other._approvals = self._approvals
        other._tool_invocations = self._tool_invocations
        other._nested_states = self._nested_states

    # --- the invocation ledger ---

    def _register_invocation(
        self, raw_item: Any, tool_name: str | None = None, role: str | None = None
    ) -> tuple[str, str] | None:
        """Bind the call's id to this invocation and return ``(call id, approval scope)``.

        Raises ModelBehaviorError when the id is already bound to a different invocation."""
        identity = invocation_identity(raw_item, tool_name, role)
        if identity is None:
            return None
        kind, call_id, scope, fingerprint = identity
        record = self._tool_invocations.get(call_id)
        if record is None:
            self._tool_invocations[call_id] = _ToolInvocationRecord(kind, scope, fingerprint)
        elif (record.invocation_type, record.approval_scope, record.fingerprint) != (
            kind,
            scope,
            fingerprint,
        ):
            raise ModelBehaviorError(
                REUSED_COMPLETED_CALL_ID if record.completed else REUSED_CALL_ID
            )
        return call_id, scope

    def _mark_invocation_executed(
        self, raw_item: Any, tool_name: str | None = None, role: str | None = None
    ) -> None:
        """Record that the call is about to run (before any user code side effect)."""
        registered = self._register_invocation(raw_item, tool_name, role)
        if registered is not None:
            self._tool_invocations[registered[0]].executed = True

    def _mark_invocation_completed(self, raw_output: Any) -> None:
        """Record that the call's output was committed (from the output item)."""
        mapping = _as_mapping(raw_output)
        if mapping is None:
            return
        kind = _OUTPUT_TYPES.get(str(mapping.get("type")))
        id_field = "approval_request_id" if kind == "mcp_approval_request" else "call_id"
        record = self._tool_invocations.get(str(mapping.get(id_field)))
        if kind is not None and record is not None and record.invocation_type == kind:
            record.executed = record.completed = True

    # --- decisions ---

    def _decision_target(self, item: ToolApprovalItem, always: bool) -> tuple[str, str | None]:
        registered = self._register_invocation(item.raw_item, item.tool_name)
        if registered is not None:
            return registered
        call_id = item.call_id or ""
        if not call_id and not always:
            raise ModelBehaviorError("Per-call approval decisions require a non-empty call ID.")
        return call_id, None

    def _legacy_record(self, key: ApprovalKey) -> _ApprovalRecord | None:
        """A record an older snapshot stored under the bare tool name: for an agent-owned
        function tool only its per-call decisions count (it has no trustworthy owner)."""
        if not isinstance(key, FunctionApprovalKey):
            return None
        legacy = self._approvals.get(key.tool_key)
        if legacy is None:
            return None
        return _ApprovalRecord(
            approved=legacy.approved if isinstance(legacy.approved, list) else [],
            rejected=legacy.rejected if isinstance(legacy.rejected, list) else [],
            rejection_messages=legacy.rejection_messages,
        )

    def _approval_decision(self, item: ToolApprovalItem) -> tuple[bool | None, str | None]:
        """The decision that applies to this call when it is about to run, and the rejection
        message given with it. Sticky decisions apply only to the same agent's tool."""
        registered = self._register_invocation(item.raw_item, item.tool_name)
        call_id = registered[0] if registered else (item.call_id or "")
        scope = registered[1] if registered else None
        key = approval_key(item)
        for record in (self._approvals.get(key), self._legacy_record(key)):
            if record is None:
                continue
            if isinstance(key, tuple) and key[0] == "hosted_mcp_call":
                status = record.per_call(call_id)  # no label: no sticky decision applies
            elif isinstance(key, tuple):
                status = record.status(call_id, None)
            else:
                status = record.status(call_id, scope)
            if status is not None:
                return status, (None if status else record.message(call_id))
        return None, None

    def _records_by_name(self, tool_name: str, call_id: str) -> list[_ApprovalRecord]:
        owned = [
            record
            for key, record in self._approvals.items()
            if isinstance(key, FunctionApprovalKey) and key.tool_key == tool_name
        ]
        if len(owned) > 1:
            # An exact call can name its owner even when sticky decisions cannot.
            owned = [r for r in owned if r.per_call(call_id) is not None]
        records = owned if len(owned) == 1 else []
        legacy = self._approvals.get(tool_name)
        if legacy is not None:
            records.append(legacy)
        return records

    def is_tool_approved(self, tool_name: str, call_id: str) -> bool | None:
        """True if the call was approved, False if rejected, None while undecided.

        Function-tool decisions belong to an agent; this name-only query answers when exactly
        one agent has a decision for `tool_name` (or only one has one for this call)."""
        query = self._approvals.get(("hosted_mcp_query", tool_name, call_id))
        if query is not None and query.per_call(call_id) is not None:
            return query.per_call(call_id)
        invocation = self._tool_invocations.get(call_id)
        scope = invocation.approval_scope if invocation is not None else None
        for record in self._records_by_name(tool_name, call_id):
            status = record.status(call_id, scope)
            if status is not None:
                return status
        return None

    def _apply_decision(
        self, item: ToolApprovalItem, *, always: bool, approve: bool, message: str | None
    ) -> None:
        key = approval_key(item)
        if isinstance(key, tuple):
            self._check_hosted_decision(item, key, always)
        call_id, scope = self._decision_target(item, always)
        record = self._approvals.setdefault(key, _ApprovalRecord())
        record.decide(call_id, scope, always=always, approve=approve, message=message)
        query = _hosted_query_key(item, call_id) if isinstance(key, tuple) else None
        if query is not None:
            # A per-call mirror for name-only queries; it authorises nothing by itself.
            mirror = self._approvals.setdefault(query, _ApprovalRecord())
            mirror.decide(call_id, scope, always=False, approve=approve, message=message)

    @staticmethod
    def _check_hosted_decision(item: ToolApprovalItem, key: tuple[str, ...], always: bool) -> None:
        if not _raw_str(item.raw_item, "id"):
            raise UserError("Hosted MCP approval decisions require a non-empty request id.")
        if always and key[0] == "hosted_mcp_call":
            raise UserError(
                "Persistent hosted MCP approval decisions require a non-empty server_label "
                "and tool name."
            )

    def approve_tool(self, approval_item: ToolApprovalItem, always_approve: bool = False) -> None:
        """Approve this call, or with `always_approve` every later call of this tool by the
        same agent (a decision kept per agent and tool, as openai-agents 0.24 does)."""
        self._apply_decision(approval_item, always=always_approve, approve=True, message=None)

    def reject_tool(
        self,
        approval_item: ToolApprovalItem,
        always_reject: bool = False,
        rejection_message: str | None = None,
    ) -> None:
        """Reject this call (or every later call of this tool by the same agent with
        `always_reject`); the model is told `rejection_message` when given, else the run's
        formatted or default message."""
        self._apply_decision(
            approval_item, always=always_reject, approve=False, message=rejection_message
        )

    def get_rejection_message(self, tool_name: str, call_id: str) -> str | None:
        """The message given with the rejection of this call, if any."""
        query = self._approvals.get(("hosted_mcp_query", tool_name, call_id))
        if query is not None and query.per_call(call_id) is not None:
            return query.message(call_id)
        invocation = self._tool_invocations.get(call_id)
        scope = invocation.approval_scope if invocation is not None else None
        for record in self._records_by_name(tool_name, call_id):
            if record.status(call_id, scope) is not None:
                return record.message(call_id)
        return None


@dataclass(eq=False)
class AgentHookContext(RunContextWrapper[TContext]):
    """The context given to agent `on_start`/`on_end` hooks; `turn_input` is the turn's input."""
