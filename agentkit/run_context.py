"""The run context: the user's object plus run bookkeeping, handed to tools, hooks and guardrails."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic

from typing_extensions import TypeVar

from .usage import Usage

if TYPE_CHECKING:
    from .items import ToolApprovalItem, TResponseInputItem

TContext = TypeVar("TContext", default=Any)


@dataclass
class _ApprovalRecord:
    """The decisions taken for one tool: True/False for every call ("always"), or per call id."""

    approved: bool | list[str] = field(default_factory=list)
    rejected: bool | list[str] = field(default_factory=list)
    rejection_messages: dict[str, str] = field(default_factory=dict)


def approval_key(item: ToolApprovalItem) -> str:
    """The identity decisions are stored under: the tool name, or for a hosted MCP request its
    server label and tool name."""
    raw = item.raw_item
    raw_type = raw.get("type") if isinstance(raw, dict) else getattr(raw, "type", None)
    name = item.tool_name or item.name or ""
    if raw_type == "mcp_approval_request":
        label = raw.get("server_label") if isinstance(raw, dict) else raw.server_label
        return f"{label}:{name}" if label else name
    return name


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
    _approvals: dict[str, _ApprovalRecord] = field(default_factory=dict, init=False, repr=False)
    _nested_states: dict[str, Any] = field(default_factory=dict, init=False, repr=False)
    """Paused nested runs of agents used as tools, by the outer tool call id."""

    def _share_tool_state_with(self, other: RunContextWrapper[Any]) -> None:
        """Let `other` (a derived context) see and record the same decisions."""
        other._approvals = self._approvals
        other._nested_states = self._nested_states

    def is_tool_approved(self, tool_name: str, call_id: str) -> bool | None:
        """True if the call was approved, False if rejected, None while undecided."""
        record = self._approvals.get(tool_name)
        if record is None:
            return None
        if record.approved is True:
            return True
        if record.rejected is True:
            return False
        if isinstance(record.rejected, list) and call_id in record.rejected:
            return False
        if isinstance(record.approved, list) and call_id in record.approved:
            return True
        return None

    def approve_tool(self, approval_item: ToolApprovalItem, always_approve: bool = False) -> None:
        """Approve this call, or with `always_approve` every call of this tool from now on."""
        record = self._approvals.setdefault(approval_key(approval_item), _ApprovalRecord())
        call_id = approval_item.call_id or ""
        if always_approve:
            record.approved, record.rejected = True, []
            record.rejection_messages.clear()
            return
        if isinstance(record.rejected, list) and call_id in record.rejected:
            record.rejected.remove(call_id)
        record.rejection_messages.pop(call_id, None)
        if record.rejected is True:
            record.rejected = []
        if isinstance(record.approved, list) and call_id not in record.approved:
            record.approved.append(call_id)

    def reject_tool(
        self,
        approval_item: ToolApprovalItem,
        always_reject: bool = False,
        rejection_message: str | None = None,
    ) -> None:
        """Reject this call (or every call of this tool with `always_reject`); the model is told
        `rejection_message` when given, else the run's formatted or default message."""
        record = self._approvals.setdefault(approval_key(approval_item), _ApprovalRecord())
        call_id = approval_item.call_id or ""
        if always_reject:
            record.approved, record.rejected = False, True
        else:
            if isinstance(record.approved, list) and call_id in record.approved:
                record.approved.remove(call_id)
            if record.approved is True:
                record.approved = []
            if isinstance(record.rejected, list) and call_id not in record.rejected:
                record.rejected.append(call_id)
        if rejection_message is not None:
            record.rejection_messages[call_id] = rejection_message
        else:
            record.rejection_messages.pop(call_id, None)

    def get_rejection_message(self, tool_name: str, call_id: str) -> str | None:
        """The message given with the rejection of this call, if any."""
        record = self._approvals.get(tool_name)
        return record.rejection_messages.get(call_id) if record is not None else None


@dataclass(eq=False)
class AgentHookContext(RunContextWrapper[TContext]):
    """The context given to agent `on_start`/`on_end` hooks; `turn_input` is the turn's input."""
