"""Reading and writing `RunState` snapshots in openai-agents 0.24's JSON format (schema 1.21).

Only the fields a resume needs are interpreted; the rest are written so that openai-agents can
read our snapshots, and ignored when read.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, cast

from pydantic import BaseModel, TypeAdapter, ValidationError

from .exceptions import UserError
from .items import (
    CompactionItem,
    HandoffCallItem,
    HandoffOutputItem,
    InputItem,
    MCPApprovalRequestItem,
    MCPApprovalResponseItem,
    MCPListToolsItem,
    MessageOutputItem,
    ModelResponse,
    ReasoningItem,
    RunItem,
    ToolApprovalItem,
    ToolCallItem,
    ToolCallOutputItem,
    ToolSearchCallItem,
    ToolSearchOutputItem,
    TResponseInputItem,
)
from .run_context import (
    INVOCATION_TYPES,
    FunctionApprovalKey,
    RunContextWrapper,
    _ApprovalRecord,
    _ToolInvocationRecord,
)
from .usage import Usage
from .util._dataclass import dataclass

if TYPE_CHECKING:
    from .agent import Agent
    from .run_state import RunState

CURRENT_SCHEMA_VERSION = "1.21"
SCHEMA_VERSION_SUMMARIES: dict[str, str] = {
    f"1.{minor}": f"openai-agents RunState snapshot format 1.{minor}" for minor in range(22)
}
"""Every snapshot schema version this release reads (the versions openai-agents 0.24 reads)."""
SUPPORTED_SCHEMA_VERSIONS = frozenset(SCHEMA_VERSION_SUMMARIES)
MAX_SNAPSHOT_ITEMS = 100_000
MAX_NESTING = 16
NESTED_KEY = "agentkit_nested_runs"
HEX_DIGITS = frozenset("0123456789abcdef")


class RunStateError(UserError):
    """A snapshot that cannot be restored (malformed, unsupported version, unknown agent...)."""


class SnapshotSignatureError(RunStateError):
    """A signed snapshot that was tampered with, truncated, or signed with another key."""


class SnapshotExpiredError(RunStateError):
    """A signed snapshot older than the allowed `max_age_seconds`."""


@dataclass
class PendingFunctionCall:
    """A function call of the paused turn that has not run yet."""

    tool_call: Any
    tool_name: str


def _error(message: str) -> Exception:
    return RunStateError(message)


# --- usage ---


def _details(value: Any) -> dict[str, Any]:
    if isinstance(value, list):
        value = value[0] if value else {}
    if isinstance(value, BaseModel):
        return value.model_dump()
    return dict(value) if isinstance(value, Mapping) else {}


def encode_usage(usage: Usage, *, entries: bool = True) -> dict[str, Any]:
    return {
        "requests": usage.requests,
        "input_tokens": usage.input_tokens,
        "input_tokens_details": [_details(usage.input_tokens_details)],
        "output_tokens": usage.output_tokens,
        "output_tokens_details": [_details(usage.output_tokens_details)],
        "total_tokens": usage.total_tokens,
        "request_usage_entries": [
            {
                "input_tokens": e.input_tokens,
                "output_tokens": e.output_tokens,
                "total_tokens": e.total_tokens,
                "input_tokens_details": _details(e.input_tokens_details),
                "output_tokens_details": _details(e.output_tokens_details),
            }
            for e in usage.request_usage_entries
        ]
        if entries
        else [],
    }


def decode_usage(data: Any) -> Usage:
    if not isinstance(data, Mapping):
        return Usage()
    usage = Usage._from_wire(
        {
            "input_tokens": data.get("input_tokens", 0),
            "output_tokens": data.get("output_tokens", 0),
            "total_tokens": data.get("total_tokens", 0),
            "input_tokens_details": _details(data.get("input_tokens_details")),
            "output_tokens_details": _details(data.get("output_tokens_details")),
        },
        requests=data.get("requests", 0) if type(data.get("requests", 0)) is int else 0,
    )
    entries = data.get("request_usage_entries")
    if isinstance(entries, list):
        usage.request_usage_entries = [
            Usage._from_wire(e).request_usage_entries[0]
            for e in entries
            if isinstance(e, Mapping) and Usage._from_wire(e).request_usage_entries
        ]
    return usage


# --- raw items ---


def dump_raw(raw: Any) -> Any:
    if isinstance(raw, BaseModel):
        return raw.model_dump(mode="json", exclude_unset=True)
    return raw


@functools.cache
def _output_adapter() -> TypeAdapter[Any]:
    from .types.responses import ResponseOutputItem

    return TypeAdapter(ResponseOutputItem)


def _as_output_item(raw: Any) -> Any:
    """A known output item as its model; anything else (input-shaped items) stays a dict."""
    if not isinstance(raw, Mapping):
        raise _error(f"A snapshot item's raw_item must be an object, got {type(raw).__name__}.")
    try:
        return _output_adapter().validate_python(dict(raw))
    except ValidationError:
        return dict(raw)


# --- run items ---


def encode_item(item: RunItem) -> dict[str, Any]:
    out: dict[str, Any] = {
        "type": item.type,
        "raw_item": dump_raw(item.raw_item),
        "agent": {"name": item.agent.name},
    }
    if isinstance(item, ToolCallItem):
        out["tool_name"] = item.tool_name
        out["description"] = item.description
    elif isinstance(item, ToolCallOutputItem):
        out["output"] = _json_safe(item.output)
        if item.custom_data:
            out["custom_data"] = _json_safe(item.custom_data)
    elif isinstance(item, ToolApprovalItem):
        out["tool_name"] = item.tool_name
    elif isinstance(item, InputItem):
        out["input_id"] = item.input_id
    elif isinstance(item, HandoffOutputItem):
        out["source_agent"] = {"name": item.source_agent.name}
        out["target_agent"] = {"name": item.target_agent.name}
    return out


def _json_safe(value: Any) -> Any:
    if value is None or isinstance(value, (str, int, bool)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, (list, tuple)):
        return [_json_safe(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _json_safe(v) for k, v in value.items()}
    return str(value)


_SIMPLE_ITEMS: dict[str, type[Any]] = {
    "message_output_item": MessageOutputItem,
    "reasoning_item": ReasoningItem,
    "mcp_list_tools_item": MCPListToolsItem,
    "mcp_approval_request_item": MCPApprovalRequestItem,
    "mcp_approval_response_item": MCPApprovalResponseItem,
    "tool_search_call_item": ToolSearchCallItem,
    "tool_search_output_item": ToolSearchOutputItem,
}


def decode_item(data: Any, agents: AgentIndex) -> RunItem:
    if not isinstance(data, Mapping):
        raise _error(f"A snapshot item must be an object, got {type(data).__name__}.")
    kind = data.get("type")
    agent = agents.named(data.get("agent"))
    raw = data.get("raw_item")
    if kind in _SIMPLE_ITEMS:
        return _SIMPLE_ITEMS[kind](agent=agent, raw_item=_as_output_item(raw))  # type: ignore[no-any-return]
    if kind == "tool_call_item":
        description = data.get("description")
        name = data.get("tool_name")
        return ToolCallItem(
            agent=agent,
            raw_item=_as_output_item(raw),
            description=description if isinstance(description, str) else None,
            # Shell and apply-patch calls carry no name: the snapshot's is the tool's.
            _resolved_tool_name=name if _raw_type(raw) in _EXECUTING_CALLS else None,
        )
    if kind == "tool_call_output_item":
        if not isinstance(raw, Mapping):
            raise _error("A tool_call_output_item's raw_item must be an object.")
        custom_data = data.get("custom_data")
        return ToolCallOutputItem(
            agent=agent,
            raw_item=dict(raw),
            output=data.get("output"),
            custom_data=dict(custom_data) if isinstance(custom_data, Mapping) else None,
        )
    if kind == "tool_approval_item":
        name = data.get("tool_name")
        return ToolApprovalItem(
            agent=agent,
            raw_item=_as_output_item(raw),
            tool_name=name if isinstance(name, str) else None,
        )
    if kind == "compaction_item":
        if not isinstance(raw, Mapping):
            raise _error("A compaction_item's raw_item must be an object.")
        return CompactionItem(agent=agent, raw_item=cast("TResponseInputItem", dict(raw)))
    if kind == "input_item":
        input_id = data.get("input_id")
        if not isinstance(raw, Mapping):
            raise _error("An input_item's raw_item must be an object.")
        item = InputItem(agent=agent, raw_item=cast("TResponseInputItem", dict(raw)))
        if isinstance(input_id, str):
            item.input_id = input_id
        return item
    if kind == "handoff_call_item":
        return HandoffCallItem(agent=agent, raw_item=_as_output_item(raw))
    if kind == "handoff_output_item":
        if not isinstance(raw, Mapping):
            raise _error("A handoff_output_item's raw_item must be an object.")
        return HandoffOutputItem(
            agent=agent,
            raw_item=dict(raw),  # type: ignore[arg-type]
            source_agent=agents.named(data.get("source_agent")),
            target_agent=agents.named(data.get("target_agent")),
        )
    raise _error(f"Unknown run item type in the snapshot: {kind!r}.")


def decode_items(data: Any, agents: AgentIndex, what: str) -> list[RunItem]:
    if data is None:
        return []
    if not isinstance(data, list):
        raise _error(f"The snapshot's {what} must be a list.")
    if len(data) > MAX_SNAPSHOT_ITEMS:
        raise _error(f"The snapshot's {what} has more than {MAX_SNAPSHOT_ITEMS} items.")
    return [decode_item(i, agents) for i in data]


def encode_response(response: ModelResponse) -> dict[str, Any]:
    return {
        "usage": encode_usage(response.usage, entries=False),
        "output": [dump_raw(o) for o in response.output],
        "response_id": response.response_id,
        "request_id": response.request_id,
    }


def decode_response(data: Any) -> ModelResponse:
    if not isinstance(data, Mapping):
        raise _error("A snapshot model response must be an object.")
    output = data.get("output")
    if not isinstance(output, list):
        raise _error("A snapshot model response's output must be a list.")
    response_id, request_id = data.get("response_id"), data.get("request_id")
    return ModelResponse(
        output=[_as_output_item(o) for o in output],
        usage=decode_usage(data.get("usage")),
        response_id=response_id if isinstance(response_id, str) else None,
        request_id=request_id if isinstance(request_id, str) else None,
    )


# --- agents ---


class AgentIndex:
    """The agents reachable from the starting agent (handoffs and agents used as tools)."""

    def __init__(self, initial_agent: Agent[Any]) -> None:
        self.by_name: dict[str, Any] = {}
        pending: list[Any] = [initial_agent]
        while pending:
            agent = pending.pop()
            if agent is None or agent.name in self.by_name:
                continue
            self.by_name[agent.name] = agent
            for handoff in getattr(agent, "handoffs", []) or []:
                ref = getattr(handoff, "_agent_ref", None)
                pending.append(ref() if ref is not None else handoff)
            for tool in getattr(agent, "tools", []) or []:
                pending.append(getattr(tool, "_agent_instance", None))

    def named(self, data: Any) -> Any:
        name = data.get("name") if isinstance(data, Mapping) else data
        if not isinstance(name, str):
            raise _error("A snapshot agent reference must be an object with a name.")
        if name not in self.by_name:
            raise _error(
                f"Run state agent not found in agent map: the snapshot names agent {name!r}, "
                "which is not reachable from the starting agent; pass the same agent graph "
                "the run used."
            )
        return self.by_name[name]


# --- the context ---


def _encode_record(record: _ApprovalRecord) -> dict[str, Any]:
    out: dict[str, Any] = {
        "approved": record.approved if isinstance(record.approved, bool) else list(record.approved),
        "rejected": record.rejected if isinstance(record.rejected, bool) else list(record.rejected),
    }
    if record.rejection_messages:
        out["rejection_messages"] = dict(record.rejection_messages)
    if record.sticky_rejection_message is not None:
        out["sticky_rejection_message"] = record.sticky_rejection_message
    if record.sticky_scope is not None:
        out["sticky_scope"] = record.sticky_scope
    return out


def _encode_approvals(context: RunContextWrapper[Any]) -> dict[str, Any]:
    """Decisions not owned by an agent (hosted MCP, older name-keyed records)."""
    return {
        key: _encode_record(record)
        for key, record in context._approvals.items()
        if isinstance(key, str)
    }


def _encode_function_approvals(context: RunContextWrapper[Any]) -> list[dict[str, Any]]:
    """Agent-owned function-tool decisions, as upstream's ``function_tool_approvals``."""
    return [
        {
            "agent": {"name": key.agent.name},
            "tool_key": key.tool_key,
            "decision": _encode_record(record),
        }
        for key, record in context._approvals.items()
        if isinstance(key, FunctionApprovalKey)
    ]


_HOSTED_IDENTITY_FIELDS = {
    "hosted_mcp": ("server_tool", ("server_label", "tool_name")),
    "hosted_mcp_call": ("request", ("request_id",)),
    "hosted_mcp_query": ("query", ("tool_name", "request_id")),
}


def _encode_hosted_approvals(context: RunContextWrapper[Any]) -> list[dict[str, Any]]:
    """Hosted MCP decisions with typed identities, as upstream's ``hosted_mcp_approvals``."""
    out = []
    keys = sorted(k for k in context._approvals if isinstance(k, tuple))
    for key in keys:
        kind, fields = _HOSTED_IDENTITY_FIELDS[key[0]]
        identity = {"type": kind, **dict(zip(fields, key[1:], strict=True))}
        out.append({"identity": identity, "decision": _encode_record(context._approvals[key])})
    return out


def _decode_hosted_approvals(data: Any) -> dict[Any, _ApprovalRecord]:
    """Entries that are not well-formed are skipped, as upstream does."""
    out: dict[Any, _ApprovalRecord] = {}
    by_kind = {kind: (name, fields) for name, (kind, fields) in _HOSTED_IDENTITY_FIELDS.items()}
    for entry in data if isinstance(data, list) else []:
        identity = entry.get("identity") if isinstance(entry, Mapping) else None
        decision = entry.get("decision") if isinstance(entry, Mapping) else None
        if not isinstance(identity, Mapping) or not isinstance(decision, Mapping):
            continue
        if identity.get("type") not in by_kind:
            continue
        name, fields = by_kind[identity["type"]]
        values = [identity.get(f) for f in fields]
        if all(isinstance(v, str) and v for v in values):
            key = (name, *values)
            out[key] = _decode_record(decision)
    return out


def _encode_invocations(context: RunContextWrapper[Any]) -> dict[str, Any]:
    return {
        call_id: {
            "type": r.invocation_type,
            "approval_scope": r.approval_scope,
            "fingerprint": r.fingerprint,
            "executed": r.executed,
            "completed": r.completed,
        }
        for call_id, r in context._tool_invocations.items()
    }


def _decode_record(record: Mapping[str, Any]) -> _ApprovalRecord:
    approved, rejected = record.get("approved", []), record.get("rejected", [])
    messages = record.get("rejection_messages", {})
    sticky_message, sticky_scope = (
        record.get("sticky_rejection_message"),
        record.get("sticky_scope"),
    )
    return _ApprovalRecord(
        approved=approved if isinstance(approved, bool) else _str_list(approved),
        rejected=rejected if isinstance(rejected, bool) else _str_list(rejected),
        rejection_messages={k: v for k, v in messages.items() if isinstance(v, str)}
        if isinstance(messages, Mapping)
        else {},
        sticky_rejection_message=sticky_message if isinstance(sticky_message, str) else None,
        sticky_scope=sticky_scope if isinstance(sticky_scope, str) else None,
    )


def _decode_approvals(data: Any) -> dict[Any, _ApprovalRecord]:
    out: dict[Any, _ApprovalRecord] = {}
    if not isinstance(data, Mapping):
        return out
    for name, record in data.items():
        if isinstance(name, str) and isinstance(record, Mapping):
            out[name] = _decode_record(record)
    return out


def _decode_function_approvals(data: Any, agents: AgentIndex) -> dict[Any, _ApprovalRecord]:
    if data is None:
        return {}
    if not isinstance(data, list):
        raise _error("RunState function_tool_approvals must be a list.")
    out: dict[Any, _ApprovalRecord] = {}
    for entry in data:
        if (
            not isinstance(entry, Mapping)
            or not isinstance(entry.get("tool_key"), str)
            or not isinstance(entry.get("decision"), Mapping)
        ):
            raise _error("Invalid agent-owned function approval record.")
        name = (
            entry.get("agent", {}).get("name") if isinstance(entry.get("agent"), Mapping) else None
        )
        if not isinstance(name, str) or name not in agents.by_name:
            raise _error("Function approval owner is absent from the restored graph.")
        key = FunctionApprovalKey(agents.by_name[name], entry["tool_key"])
        out[key] = _decode_record(entry["decision"])
    return out


def _is_digest(value: Any) -> bool:
    return isinstance(value, str) and len(value) == 64 and all(c in HEX_DIGITS for c in value)


def _decode_invocations(data: Any) -> dict[str, _ToolInvocationRecord]:
    if data is None:
        return {}
    if not isinstance(data, Mapping):
        raise _error("RunState tool_invocations must be a mapping.")
    out: dict[str, _ToolInvocationRecord] = {}
    for call_id, entry in data.items():
        if not isinstance(call_id, str) or not call_id:
            raise _error("RunState tool_invocations contains an invalid call ID.")
        if not isinstance(entry, Mapping):
            raise _error("RunState tool invocation must be a mapping.")
        kind, executed, completed = entry.get("type"), entry.get("executed"), entry.get("completed")
        if (
            kind not in INVOCATION_TYPES
            or not _is_digest(entry.get("approval_scope"))
            or not _is_digest(entry.get("fingerprint"))
            or not isinstance(executed, bool)
            or not isinstance(completed, bool)
            or (completed and not executed)
        ):
            raise _error("RunState tool invocation contains invalid lifecycle data.")
        out[call_id] = _ToolInvocationRecord(
            kind, entry["approval_scope"], entry["fingerprint"], executed, completed
        )
    return out


def _str_list(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _encode_context_value(value: Any, serializer: Any, strict: bool) -> tuple[Any, dict[str, Any]]:
    meta: dict[str, Any] = {"original_type": "none", "serialized_via": "none"}
    meta.update(requires_deserializer=False, omitted=False)
    if value is None:
        return None, meta
    if serializer is not None:
        meta.update(original_type="custom", serialized_via="context_serializer")
        meta["requires_deserializer"] = True
        return dict(serializer(value)), meta
    if isinstance(value, Mapping):
        meta.update(original_type="mapping", serialized_via="mapping")
        return _json_safe(value), meta
    if isinstance(value, BaseModel):
        meta.update(original_type="pydantic", serialized_via="model_dump")
        meta["requires_deserializer"] = True
        return value.model_dump(mode="json"), meta
    if strict:
        raise UserError(
            f"The run context ({type(value).__name__}) cannot be serialised: pass "
            "context_serializer=..., or strict_context=False to leave it out."
        )
    meta.update(original_type="custom", serialized_via="omitted", omitted=True)
    return {}, meta


def encode_context(
    context: RunContextWrapper[Any] | None, serializer: Any, strict: bool
) -> dict[str, Any]:
    if context is None:
        return {"usage": encode_usage(Usage()), "approvals": {}, "context": None}
    value, meta = _encode_context_value(context.context, serializer, strict)
    out: dict[str, Any] = {
        "usage": encode_usage(context.usage),
        "approvals": _encode_approvals(context),
        "tool_invocations": _encode_invocations(context),
        "context": value,
        "context_meta": meta,
    }
    hosted = _encode_hosted_approvals(context)
    if hosted:
        out["hosted_mcp_approvals"] = hosted
    function_approvals = _encode_function_approvals(context)
    if function_approvals:
        out["function_tool_approvals"] = function_approvals
    return out


def decode_context(
    data: Any, override: Any, deserializer: Any, strict: bool, agents: AgentIndex
) -> RunContextWrapper[Any]:
    if not isinstance(data, Mapping):
        raise _error("The snapshot's context must be an object.")
    if override is not None:
        wrapper = (
            override
            if isinstance(override, RunContextWrapper)
            else RunContextWrapper(context=override)
        )
    else:
        wrapper = RunContextWrapper(context=_decode_context_value(data, deserializer, strict))
    wrapper.usage = decode_usage(data.get("usage"))
    wrapper._approvals = _decode_approvals(data.get("approvals"))
    wrapper._approvals.update(_decode_hosted_approvals(data.get("hosted_mcp_approvals")))
    wrapper._approvals.update(
        _decode_function_approvals(data.get("function_tool_approvals"), agents)
    )
    wrapper._tool_invocations = _decode_invocations(data.get("tool_invocations"))
    return wrapper


def _decode_context_value(data: Mapping[str, Any], deserializer: Any, strict: bool) -> Any:
    value = data.get("context")
    raw_meta = data.get("context_meta")
    meta: Mapping[str, Any] = raw_meta if isinstance(raw_meta, Mapping) else {}
    if deserializer is not None and value is not None:
        return deserializer(value)
    if strict and meta.get("requires_deserializer"):
        raise UserError(
            "The snapshot's context was written with a serializer: pass context_deserializer=... "
            "or context_override=... to restore it."
        )
    if strict and meta.get("omitted"):
        raise UserError(
            "The snapshot's context was left out when it was written: pass context_override=..."
        )
    return value


# --- the whole state ---


def encode_state(
    state: RunState[Any, Any],
    *,
    context_serializer: Any,
    strict_context: bool,
    include_tracing_api_key: bool,
) -> dict[str, Any]:
    generated = [encode_item(i) for i in state._generated_items]
    session = [encode_item(i) for i in state._session_items]
    interruptions = [encode_item(i) for i in state._interruptions]
    last = state._last_model_response
    out = {
        "$schemaVersion": CURRENT_SCHEMA_VERSION,
        "current_turn": state._current_turn,
        "current_agent": {"name": state._current_agent.name},
        "original_input": state._original_input,
        "pending_input": [],
        "model_responses": [encode_response(r) for r in state._model_responses],
        "context": encode_context(state._context, context_serializer, strict_context),
        "tool_use_tracker": dict(state._tool_use_tracker),
        "max_turns": state._max_turns,
        "no_active_agent_run": True,
        "input_guardrail_results": [],
        "output_guardrail_results": [],
        "tool_input_guardrail_results": [],
        "tool_output_guardrail_results": [],
        "conversation_id": state._conversation_id,
        "previous_response_id": state._previous_response_id,
        "auto_previous_response_id": state._auto_previous_response_id,
        "generated_prompt_cache_key": None,
        "reasoning_item_id_policy": state._reasoning_item_id_policy,
        "generated_items": generated,
        "session_items": session,
        "current_step": {
            "type": "next_step_interruption",
            "data": {"interruptions": interruptions},
        }
        if interruptions
        else None,
        "last_model_response": encode_response(last) if last is not None else None,
        "last_processed_response": _encode_processed(
            state,
            generated,
            lambda nested: encode_state(
                nested,
                context_serializer=context_serializer,
                strict_context=strict_context,
                include_tracing_api_key=include_tracing_api_key,
            ),
        ),
        "trace": _encode_trace(state._trace, include_tracing_api_key),
    }
    return out


def _encode_function(
    call: PendingFunctionCall, nested: Mapping[str, Any], encode: Callable[[Any], Any]
) -> dict[str, Any]:
    """A pending call; a paused nested agent-tool run rides along as ``agent_run_state``
    (upstream's representation), so either library resumes it."""
    out: dict[str, Any] = {"tool_call": dump_raw(call.tool_call), "tool": {"name": call.tool_name}}
    call_id = getattr(call.tool_call, "call_id", None)
    if isinstance(call_id, str) and call_id in nested:
        out["agent_run_state"] = encode(nested[call_id][1])
    return out


def _encode_processed(
    state: RunState[Any, Any], generated: list[Any], encode: Callable[[Any], Any]
) -> dict[str, Any] | None:
    if state._last_model_response is None:
        return None
    hosted = [c for c in state._pending_calls if c.tool_name == "hosted_mcp"]
    nested = state._context._nested_states if state._context is not None else {}
    by_kind: dict[str, list[PendingFunctionCall]] = {"shell": [], "apply_patch": [], "": []}
    for c in state._pending_calls:
        if c.tool_name != "hosted_mcp":
            by_kind[_EXECUTING_CALLS.get(_raw_type(c.tool_call) or "", "")].append(c)
    functions = by_kind[""]
    return {
        "new_items": [],
        "tools_used": [c.tool_name for c in state._pending_calls],
        "functions": [_encode_function(c, nested, encode) for c in functions],
        "computer_actions": [],
        "local_shell_actions": [],
        "shell_actions": [
            {"tool_call": dump_raw(c.tool_call), "shell": {"name": c.tool_name}}
            for c in by_kind["shell"]
        ],
        "apply_patch_actions": [
            {"tool_call": dump_raw(c.tool_call), "apply_patch": {"name": c.tool_name}}
            for c in by_kind["apply_patch"]
        ],
        "handoffs": [],
        "mcp_approval_requests": [
            {
                "request_item": {"raw_item": dump_raw(c.tool_call)},
                "mcp_tool": {"name": "hosted_mcp", "tool_config": _hosted_config(state, c)},
            }
            for c in hosted
        ],
        "interruptions": [encode_item(i) for i in state._interruptions],
    }


_EXECUTING_CALLS = {"shell_call": "shell", "apply_patch_call": "apply_patch"}


def _raw_type(raw: Any) -> str | None:
    value = raw.get("type") if isinstance(raw, Mapping) else getattr(raw, "type", None)
    return value if isinstance(value, str) else None


def _executing_calls(processed: Mapping[str, Any], tools: set[Any]) -> list[PendingFunctionCall]:
    """The paused shell and apply-patch calls (`shell_actions`, `apply_patch_actions`)."""
    out = []
    for key, wrapper in (("shell_actions", "shell"), ("apply_patch_actions", "apply_patch")):
        entries = processed.get(key) or []
        if not isinstance(entries, list):
            raise _error(f"The snapshot's {key} must be a list.")
        for entry in entries:
            tool = entry.get(wrapper) if isinstance(entry, Mapping) else None
            name = tool.get("name") if isinstance(tool, Mapping) else None
            call = entry.get("tool_call") if isinstance(entry, Mapping) else None
            if not isinstance(name, str) or name not in tools or not isinstance(call, Mapping):
                raise _error(
                    f"The snapshot's pending {wrapper} call uses tool {name!r}, which the "
                    "current agent does not have."
                )
            out.append(PendingFunctionCall(dict(call), name))
    return out


def _hosted_config(state: RunState[Any, Any], call: PendingFunctionCall) -> dict[str, Any]:
    label = getattr(call.tool_call, "server_label", None)
    for tool in getattr(state._current_agent, "tools", []):
        config = getattr(tool, "tool_config", None)
        if isinstance(config, Mapping) and config.get("server_label") == label:
            return dict(config)
    return {"type": "mcp", "server_label": label}


def _encode_trace(trace: dict[str, Any] | None, include_key: bool) -> dict[str, Any] | None:
    if not trace:
        return None
    out = {k: v for k, v in trace.items() if k != "tracing_api_key"}
    if include_key and trace.get("tracing_api_key"):
        out["tracing_api_key"] = trace["tracing_api_key"]
    return out


def _check_version(data: Any) -> None:
    if not isinstance(data, Mapping):
        raise _error(f"Run state JSON must be an object (got {type(data).__name__}).")
    version = data.get("$schemaVersion")
    if version is None:
        raise _error("Run state is missing schema version")
    if not isinstance(version, str):
        raise _error("Run state schema version has an invalid type")
    if version not in SUPPORTED_SCHEMA_VERSIONS:
        raise _error(
            "Run state schema version is not supported. Supported versions are: "
            f"{', '.join(sorted(SUPPORTED_SCHEMA_VERSIONS))}. New snapshots are written as "
            f"version {CURRENT_SCHEMA_VERSION}. (Got {version!r}: upgrade agentkit to read it.)"
        )


def _optional_str(data: Mapping[str, Any], key: str) -> str | None:
    value = data.get(key)
    if value is not None and not isinstance(value, str):
        raise _error(f"The snapshot's {key} must be a string or null.")
    return value


async def _pending_calls(
    data: Mapping[str, Any], agent: Any, context: RunContextWrapper[Any]
) -> list[Any]:
    processed = data.get("last_processed_response")
    if not isinstance(processed, Mapping):
        return []
    functions = processed.get("functions") or []
    if not isinstance(functions, list):
        raise _error("The snapshot's pending functions must be a list.")
    tools = {getattr(t, "name", None) for t in await agent.get_all_tools(context)}
    out = []
    for entry in functions:
        tool = entry.get("tool") if isinstance(entry, Mapping) else None
        name = tool.get("name") if isinstance(tool, Mapping) else None
        if not isinstance(name, str) or name not in tools:
            raise _error(
                f"The snapshot's pending call uses tool {name!r}, which agent "
                f"{agent.name!r} does not have."
            )
        out.append(PendingFunctionCall(_as_output_item(entry.get("tool_call")), name))
    out.extend(_executing_calls(processed, tools))
    requests = processed.get("mcp_approval_requests") or []
    if not isinstance(requests, list):
        raise _error("The snapshot's pending MCP approval requests must be a list.")
    for entry in requests:
        request = entry.get("request_item") if isinstance(entry, Mapping) else None
        raw = request.get("raw_item") if isinstance(request, Mapping) else None
        item = _as_output_item(raw)
        if getattr(item, "type", None) != "mcp_approval_request":
            raise _error("A pending MCP approval request in the snapshot is malformed.")
        out.append(PendingFunctionCall(item, "hosted_mcp"))
    return out


def _interruptions(data: Mapping[str, Any], agents: AgentIndex) -> list[ToolApprovalItem]:
    step = data.get("current_step")
    if not isinstance(step, Mapping) or step.get("type") != "next_step_interruption":
        return []
    inner = step.get("data")
    items = decode_items(
        inner.get("interruptions") if isinstance(inner, Mapping) else None,
        agents,
        "interruptions",
    )
    return [i for i in items if isinstance(i, ToolApprovalItem)]


async def decode_state(
    factory: Callable[..., RunState[Any, Any]],
    initial_agent: Agent[Any],
    data: Any,
    *,
    context_override: Any,
    context_deserializer: Any,
    strict_context: bool,
    depth: int = 0,
) -> RunState[Any, Any]:
    _check_version(data)
    agents = AgentIndex(initial_agent)
    current = agents.named(data.get("current_agent"))
    context = decode_context(
        data.get("context"), context_override, context_deserializer, strict_context, agents
    )
    original_input = data.get("original_input")
    if not isinstance(original_input, (str, list)):
        raise _error("The snapshot's original_input must be a string or a list of items.")
    turn, max_turns = data.get("current_turn", 0), data.get("max_turns", 10)
    if type(turn) is not int or turn < 0 or (max_turns is not None and type(max_turns) is not int):
        raise _error("The snapshot's current_turn/max_turns must be integers.")
    responses = data.get("model_responses") or []
    if not isinstance(responses, list):
        raise _error("The snapshot's model_responses must be a list.")
    last = data.get("last_model_response")
    tracker = data.get("tool_use_tracker")
    generated = decode_items(data.get("generated_items"), agents, "generated_items")
    session = data.get("session_items")
    nested_args = (factory, context, context_deserializer, strict_context, depth)
    await _decode_nested(data, agents, *nested_args)
    await _decode_agent_run_states(data, current, *nested_args)
    return factory(
        _current_agent=current,
        _original_input=original_input,
        _context=context,
        _max_turns=max_turns,
        _current_turn=turn,
        _model_responses=[decode_response(r) for r in responses],
        _generated_items=generated,
        _session_items=generated
        if session is None
        else decode_items(session, agents, "session_items"),
        _interruptions=_interruptions(data, agents),
        _pending_calls=await _pending_calls(data, current, context),
        _last_model_response=decode_response(last) if last is not None else None,
        _tool_use_tracker={k: _str_list(v) for k, v in tracker.items() if isinstance(k, str)}
        if isinstance(tracker, Mapping)
        else {},
        _conversation_id=_optional_str(data, "conversation_id"),
        _previous_response_id=_optional_str(data, "previous_response_id"),
        _auto_previous_response_id=data.get("auto_previous_response_id") is True,
        _trace=dict(data["trace"]) if isinstance(data.get("trace"), Mapping) else None,
        _reasoning_item_id_policy=_optional_str(data, "reasoning_item_id_policy"),
    )


async def _decode_nested_state(
    factory: Callable[..., RunState[Any, Any]],
    agent: Agent[Any],
    data: Any,
    context: RunContextWrapper[Any],
    deserializer: Any,
    strict: bool,
    depth: int,
) -> RunState[Any, Any]:
    if depth >= MAX_NESTING:
        raise _error(f"The snapshot's nested agent-tool runs are more than {MAX_NESTING} deep.")
    nested = await decode_state(
        factory,
        agent,
        data,
        context_override=None,
        context_deserializer=deserializer,
        strict_context=strict,
        depth=depth + 1,
    )
    if nested._context is not None:
        nested._context._approvals = context._approvals
    return nested


async def _decode_agent_run_states(
    data: Mapping[str, Any],
    current: Agent[Any],
    factory: Callable[..., RunState[Any, Any]],
    context: RunContextWrapper[Any],
    deserializer: Any,
    strict: bool,
    depth: int,
) -> None:
    """Paused nested agent-tool runs, stored as upstream stores them: the pending outer call's
    ``agent_run_state`` in ``last_processed_response.functions``."""
    processed = data.get("last_processed_response")
    functions = processed.get("functions") if isinstance(processed, Mapping) else None
    if not isinstance(functions, list):
        return
    tools = {getattr(t, "name", None): t for t in await current.get_all_tools(context)}
    for entry in functions:
        if not isinstance(entry, Mapping) or entry.get("agent_run_state") is None:
            continue
        tool = entry.get("tool")
        tool_agent = getattr(
            tools.get(tool.get("name") if isinstance(tool, Mapping) else None),
            "_agent_instance",
            None,
        )
        call = entry.get("tool_call")
        call_id = call.get("call_id") if isinstance(call, Mapping) else None
        if tool_agent is None or not isinstance(call_id, str):
            raise _error(
                "The snapshot's paused nested run belongs to a call of a tool that is not an "
                f"agent tool of agent {current.name!r}; pass the same agent graph the run used."
            )
        nested = await _decode_nested_state(
            factory, tool_agent, entry["agent_run_state"], context, deserializer, strict, depth
        )
        context._nested_states[call_id] = (tool_agent, nested)


async def _decode_nested(
    data: Mapping[str, Any],
    agents: AgentIndex,
    factory: Callable[..., RunState[Any, Any]],
    context: RunContextWrapper[Any],
    deserializer: Any,
    strict: bool,
    depth: int,
) -> None:
    """Snapshots written by earlier agentkit releases kept nested runs under their own key."""
    entries = data.get(NESTED_KEY)
    if entries is None:
        return
    if not isinstance(entries, list) or depth >= MAX_NESTING:
        raise _error(
            f"The snapshot's {NESTED_KEY} must be a list nested at most {MAX_NESTING} deep."
        )
    for entry in entries:
        if not isinstance(entry, Mapping) or not isinstance(entry.get("call_id"), str):
            raise _error(f"Each {NESTED_KEY} entry needs a call_id and a state.")
        agent = agents.named(entry.get("agent"))
        nested = await _decode_nested_state(
            factory, agent, entry.get("state"), context, deserializer, strict, depth
        )
        context._nested_states[entry["call_id"]] = (agent, nested)
