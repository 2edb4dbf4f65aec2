"""How function tools and handoffs are named and found: namespaces, deferred (tool-search) tools,
and what a run does when two of them share a name (`RunConfig.tool_name_collision_policy`).

Everything here reads tools by attribute (duck typing), so it needs no tool classes and the
domain modules (`tool`, `run_config`) and the runtime can all use it.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any, Literal

from .exceptions import UserError
from .logger import logger
from .util._debug import dont_log_tool_data

LookupKey = tuple[str, ...]
"""`("bare", name)`, `("namespaced", namespace, name)` or `("deferred_top_level", name)`."""


def tool_qualified_name(name: str | None, namespace: str | None = None) -> str | None:
    """`namespace.name` when there is a namespace, else `name` (None for an empty name)."""
    if not isinstance(name, str) or not name:
        return None
    if isinstance(namespace, str) and namespace:
        return f"{namespace}.{name}"
    return name


def is_reserved_synthetic_namespace(name: str | None, namespace: str | None) -> bool:
    """A namespace equal to the tool's name is how the Responses API returns calls to deferred
    top-level tools, so it is reserved for them."""
    return bool(name) and bool(namespace) and isinstance(name, str) and namespace == name


def _is_function_tool(tool: Any) -> bool:
    return callable(getattr(tool, "on_invoke_tool", None)) and isinstance(
        getattr(tool, "params_json_schema", None), dict
    )


def function_tool_public_name(tool: Any) -> str | None:
    if not _is_function_tool(tool):
        return None
    name = getattr(tool, "name", None)
    return name if isinstance(name, str) and name else None


def explicit_namespace(tool: Any) -> str | None:
    """The namespace `tool_namespace()` attached to a function tool, if any."""
    namespace = getattr(tool, "_tool_namespace", None)
    return namespace if isinstance(namespace, str) and namespace else None


def namespace_description(tool: Any) -> str | None:
    description = getattr(tool, "_tool_namespace_description", None)
    return description if isinstance(description, str) and description else None


FunctionToolIdentity = tuple[str, str | None, bool]
"""A function tool's public name, explicit namespace, and whether it is deferred top-level."""


def function_tool_identity(tool: Any) -> FunctionToolIdentity | None:
    """What dispatch needs to know of a function tool, read once (None for other tools and for
    a function tool without a name)."""
    name = function_tool_public_name(tool)
    if name is None:
        return None
    namespace = explicit_namespace(tool)
    return name, namespace, namespace is None and bool(getattr(tool, "defer_loading", False))


def lookup_key_for(name: str | None, namespace: str | None = None) -> LookupKey | None:
    """The key a call with this name and namespace is dispatched by."""
    if not isinstance(name, str) or not name:
        return None
    if is_reserved_synthetic_namespace(name, namespace):
        return ("deferred_top_level", name)
    if isinstance(namespace, str) and namespace:
        return ("namespaced", namespace, name)
    return ("bare", name)


def lookup_key_for_call(call: Any) -> LookupKey | None:
    """The dispatch key of a function call item (a model or a dict)."""
    if isinstance(call, dict):
        name, namespace = call.get("name"), call.get("namespace")
    else:
        name, namespace = getattr(call, "name", None), getattr(call, "namespace", None)
    return lookup_key_for(
        name if isinstance(name, str) else None,
        namespace if isinstance(namespace, str) and namespace else None,
    )


def lookup_key_for_tool(tool: Any) -> LookupKey | None:
    """The canonical dispatch key of a function tool definition."""
    identity = function_tool_identity(tool)
    if identity is None:
        return None
    name, namespace, deferred = identity
    return ("deferred_top_level", name) if deferred else lookup_key_for(name, namespace)


def call_trace_name(call: Any) -> str:
    """The name a call is recorded under: `namespace.name`, or the bare name for a deferred
    top-level tool (whose synthetic namespace equals its name)."""
    name, namespace = getattr(call, "name", ""), getattr(call, "namespace", None)
    if is_reserved_synthetic_namespace(name, namespace):
        return str(name)
    return tool_qualified_name(name, namespace) or str(name)


def validate_namespace_shape(tool_name: str | None, namespace: str | None) -> None:
    if not is_reserved_synthetic_namespace(tool_name, namespace):
        return
    reserved = tool_qualified_name(tool_name, namespace) or tool_name or "unknown_tool"
    raise UserError(
        "Responses tool-search reserves the synthetic namespace "
        f"`{reserved}` for deferred top-level function tools. "
        "Rename the namespace or tool name to avoid ambiguous dispatch."
    )


def validate_function_tool_lookup_configuration(tools: Sequence[Any]) -> None:
    """Reject function-tool combinations that would be ambiguous on the Responses wire."""
    _validate_identities([function_tool_identity(tool) for tool in tools])


def _validate_identities(identities: Sequence[FunctionToolIdentity | None]) -> None:
    qualified_namespaces: dict[str, str | None] = {}
    deferred_owners: set[str] = set()
    for identity in identities:
        if identity is None:  # not a function tool: nothing of it is dispatched by name
            continue
        name, namespace, deferred = identity
        validate_namespace_shape(name, namespace)
        if deferred:
            if name in deferred_owners:
                raise UserError(
                    "Ambiguous function tool configuration: the deferred top-level tool name "
                    f"`{name}` is used by multiple tools. Rename one of the "
                    "deferred-loading top-level function tools to avoid ambiguous dispatch."
                )
            deferred_owners.add(name)
        qualified = f"{namespace}.{name}" if namespace else name
        if qualified not in qualified_namespaces:
            qualified_namespaces[qualified] = namespace
            continue
        if namespace is None and qualified_namespaces[qualified] is None:
            continue
        raise UserError(
            "Ambiguous function tool configuration: the qualified name "
            f"`{qualified}` is used by multiple tools. "
            "Rename the namespace-wrapped function or dotted top-level tool to avoid "
            "ambiguous dispatch."
        )


_Entry = tuple[str, int, Any]


def _derived_owners(entries: Sequence[_Entry]) -> dict[str, str]:
    """Agents whose default-derived tool name (agent tool or handoff) is part of a collision,
    mapped to the parameter that overrides it."""
    owners: dict[str, str] = {}
    for entry_type, _, entry in entries:
        attribute = (
            "_agent_tool_default_identity" if entry_type == "tool" else "_default_tool_identity"
        )
        identity = getattr(entry, attribute, None)
        if not (
            isinstance(identity, tuple)
            and len(identity) == 2
            and all(isinstance(v, str) for v in identity)
        ):
            continue
        agent_name, derived_name = identity
        current = (
            function_tool_public_name(entry)
            if entry_type == "tool"
            else getattr(entry, "tool_name", None)
        )
        if current == derived_name:
            owners.setdefault(
                agent_name, "tool_name" if entry_type == "tool" else "tool_name_override"
            )
    return owners


def _agent_routing_message(name: str, owners: dict[str, str]) -> str:
    (first_agent, first_param), (second_agent, second_param) = list(owners.items())[:2]
    if first_param == second_param == "tool_name":
        kind, label, override = "agent tool", "tool name", "`tool_name=`"
    elif first_param == second_param == "tool_name_override":
        kind, label, override = "handoff", "handoff tool name", "`tool_name_override=`"
    else:
        kind, label, override = (
            "agent routing",
            "tool name",
            "`tool_name=` or `tool_name_override=`",
        )
    return (
        f"Ambiguous {kind} configuration: agents {first_agent!r} and {second_agent!r} both "
        f"derive the {label} `{name}`. Pass an explicit {override} to one of them."
    )


def collision_message(name: str, entries: Sequence[_Entry]) -> str:
    """What is wrong and how to fix it, worded as openai-agents 0.24 words it."""
    owners = _derived_owners(entries)
    if len(entries) == 2 and len(owners) == 2:
        return _agent_routing_message(name, owners)
    kinds = {entry_type for entry_type, _, _ in entries}
    if kinds == {"tool"}:
        return (
            "Ambiguous function tool configuration: the tool name "
            f"`{name}` is used by multiple tools. Assign a unique routed name "
            "to every colliding function tool with `name_override=`, `tool_name=`, or "
            "a namespace."
        )
    if kinds == {"handoff"}:
        return (
            "Ambiguous handoff configuration: the handoff tool name "
            f"`{name}` is used by multiple handoffs. Pass a unique "
            "`tool_name_override=` to each handoff."
        )
    return (
        "Ambiguous tool routing configuration: the tool name "
        f"`{name}` is used by both a function tool and a handoff. "
        "Assign a unique routed name to every colliding function tool and handoff "
        "with `name_override=`, `tool_name=`, `tool_name_override=`, or a namespace."
    )


def resolve_tool_name_collisions(
    tools: Sequence[Any],
    handoffs: Sequence[Any] = (),
    *,
    collision_policy: Literal["warn", "error"],
) -> tuple[list[Any], list[Any]]:
    """Drop colliding bare-named function tools and handoffs before the model sees them.

    `"error"` raises `UserError`; `"warn"` logs a warning and keeps one owner per name: the last
    handoff if a handoff is involved, else the last tool (as openai-agents 0.24 does)."""
    identities = [function_tool_identity(tool) for tool in tools]
    _validate_identities(identities)
    owners: dict[str, list[_Entry]] = {}
    for index, identity in enumerate(identities):
        # Only bare names collide: not namespaced, not deferred top-level.
        if identity is not None and identity[1] is None and not identity[2]:
            owners.setdefault(identity[0], []).append(("tool", index, tools[index]))
    for index, handoff in enumerate(handoffs):
        name = getattr(handoff, "tool_name", None)
        if isinstance(name, str) and name:
            owners.setdefault(name, []).append(("handoff", index, handoff))
    collisions = [(name, entries) for name, entries in owners.items() if len(entries) > 1]
    if not collisions:
        return list(tools), list(handoffs)
    kept_tools, kept_handoffs = set(range(len(tools))), set(range(len(handoffs)))
    for name, entries in collisions:
        message = collision_message(name, entries)
        if collision_policy == "error":
            raise UserError(message)
        if dont_log_tool_data():
            logger.warning(
                "Tool name collision detected. Assign unique routed tool names or enable tool "
                "data logging for details."
            )
        else:
            logger.warning("%s", message)
        handoff_entries = [entry for entry in entries if entry[0] == "handoff"]
        winner = handoff_entries[-1] if handoff_entries else entries[-1]
        for entry_type, index, _ in entries:
            if (entry_type, index) != (winner[0], winner[1]):
                (kept_tools if entry_type == "tool" else kept_handoffs).discard(index)
    return (
        [tool for index, tool in enumerate(tools) if index in kept_tools],
        [handoff for index, handoff in enumerate(handoffs) if index in kept_handoffs],
    )


def tool_namespace(*, name: str, description: str | None, tools: list[Any]) -> list[Any]:
    """Copies of `tools` grouped under the Responses namespace `name` (sent as one
    `{"type": "namespace", ...}` tool; the model calls them with `namespace=name`)."""
    if not isinstance(name, str) or not name.strip():
        raise UserError("tool_namespace() requires a non-empty namespace name.")
    if not isinstance(description, str) or not description.strip():
        raise UserError("tool_namespace() requires a non-empty description.")
    if any(not _is_function_tool(tool) for tool in tools):
        raise UserError("tool_namespace() only supports FunctionTool instances.")
    namespace, text = name.strip(), description.strip()
    grouped: list[Any] = []
    for tool in tools:
        validate_namespace_shape(tool.name, namespace)
        copied = copy.copy(tool)
        copied._tool_namespace = namespace
        copied._tool_namespace_description = text
        grouped.append(copied)
    return grouped
