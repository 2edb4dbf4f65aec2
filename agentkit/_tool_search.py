"""Hosted Responses tools that work on other tools: tool search (`ToolSearchTool`, which loads
`defer_loading` function tools and namespaces on demand) and programmatic tool calling
(`ProgrammaticToolCallingTool`, code the model writes calls tools whose `allowed_callers`
include `"programmatic"`), with the checks openai-agents 0.24 runs before sending them.

Tools are read by attribute, so this module needs no other tool classes (`tool` re-exports it).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from ._tool_identity import (
    _is_function_tool,
    explicit_namespace,
    namespace_description,
    tool_qualified_name,
    validate_function_tool_lookup_configuration,
)
from .exceptions import UserError
from .util._dataclass import dataclass


@dataclass
class ToolSearchTool:
    """The hosted `tool_search` tool: lets the model find and load deferred tools (function
    tools with `defer_loading=True`, `tool_namespace()` groups, deferred hosted MCP servers).

    `execution="client"` is accepted for manual orchestration, but the runner does not run
    client-side tool search calls (as upstream)."""

    description: str | None = None
    execution: Literal["server", "client"] | None = None
    parameters: object | None = None

    @property
    def name(self) -> str:
        return "tool_search"


@dataclass
class ProgrammaticToolCallingTool:
    """The hosted `programmatic_tool_calling` tool: the model writes code that calls the tools
    whose `allowed_callers` include `"programmatic"`."""

    @property
    def name(self) -> str:
        return "programmatic_tool_calling"


def _hosted_config(tool: Any, kind: str) -> dict[str, Any] | None:
    config = getattr(tool, "tool_config", None)
    if isinstance(config, dict) and config.get("type") == kind:
        return config
    return None


def is_responses_tool_search_surface(tool: Any) -> bool:
    """A tool tool search can load: a deferred or namespaced function tool, or a deferred
    hosted MCP server."""
    if _is_function_tool(tool):
        return bool(getattr(tool, "defer_loading", False)) or explicit_namespace(tool) is not None
    mcp = _hosted_config(tool, "mcp")
    return bool(mcp.get("defer_loading")) if mcp is not None else False


def has_responses_tool_search_surface(tools: Sequence[Any]) -> bool:
    return any(is_responses_tool_search_surface(tool) for tool in tools)


def is_required_tool_search_surface(tool: Any) -> bool:
    """A tool only `ToolSearchTool()` can reach (it is deferred)."""
    if _is_function_tool(tool):
        return bool(getattr(tool, "defer_loading", False))
    mcp = _hosted_config(tool, "mcp")
    return bool(mcp.get("defer_loading")) if mcp is not None else False


def has_required_tool_search_surface(tools: Sequence[Any]) -> bool:
    return any(is_required_tool_search_surface(tool) for tool in tools)


def validate_responses_tool_search_configuration(
    tools: Sequence[Any], *, allow_opaque_search_surface: bool = False
) -> None:
    """At most one `ToolSearchTool()`; deferred tools need one; one needs something to search
    (unless a prompt may bring tools the SDK cannot see: `allow_opaque_search_surface`)."""
    count = sum(isinstance(tool, ToolSearchTool) for tool in tools)
    if count > 1:
        raise UserError("Only one ToolSearchTool() is allowed when using OpenAI Responses models.")
    validate_function_tool_lookup_configuration(tools)
    if has_required_tool_search_surface(tools) and not count:
        raise UserError(
            "Deferred-loading Responses tools require ToolSearchTool() when using OpenAI "
            "Responses models."
        )
    if count and not has_responses_tool_search_surface(tools) and not allow_opaque_search_surface:
        raise UserError(
            "ToolSearchTool() requires at least one searchable Responses surface: a "
            "tool_namespace(...) function tool, a deferred-loading function tool "
            "(`function_tool(..., defer_loading=True)`), or a deferred-loading hosted MCP "
            "server (`HostedMCPTool(tool_config={..., 'defer_loading': True})`)."
        )


def _allowed_callers(tool: Any) -> Any:
    if _is_function_tool(tool) or any(
        getattr(tool, "name", None) == kind for kind in ("shell", "apply_patch")
    ):
        return getattr(tool, "allowed_callers", None)
    for kind in ("mcp", "code_interpreter"):
        config = _hosted_config(tool, kind)
        if config is not None:
            return config.get("allowed_callers")
    if type(tool).__name__ == "CustomTool":
        return getattr(tool, "allowed_callers", None)
    return None


def _display_name(tool: Any) -> str:
    if _is_function_tool(tool):
        return tool_qualified_name(tool.name, explicit_namespace(tool)) or str(tool.name)
    mcp = _hosted_config(tool, "mcp")
    if mcp is not None:
        return f"hosted MCP server `{mcp.get('server_label', 'unknown')}`"
    return str(getattr(tool, "name", type(tool).__name__))


def validate_responses_programmatic_tool_calling_configuration(
    tools: Sequence[Any],
    *,
    tool_choice: Any = None,
    allow_opaque_tool_search_surface: bool = False,
) -> None:
    """Check programmatic tool calling as openai-agents 0.24 does before a Responses request."""
    programmatic = [tool for tool in tools if isinstance(tool, ProgrammaticToolCallingTool)]
    if len(programmatic) > 1:
        raise UserError(
            "Only one ProgrammaticToolCallingTool() is allowed when using OpenAI Responses models."
        )
    if tool_choice == "programmatic_tool_calling" and not programmatic:
        raise UserError(
            "tool_choice='programmatic_tool_calling' requires ProgrammaticToolCallingTool() "
            "when using OpenAI Responses models."
        )
    eligible = []
    for tool in tools:
        callers = _allowed_callers(tool)
        if callers is None or "programmatic" not in callers:
            continue
        eligible.append(tool)
        if "direct" not in callers and not programmatic:
            raise UserError(
                f"Tool `{_display_name(tool)}` only allows programmatic callers and "
                "requires ProgrammaticToolCallingTool() when using OpenAI Responses models."
            )
    has_search = any(isinstance(tool, ToolSearchTool) for tool in tools)
    if programmatic and not eligible and not has_search and not allow_opaque_tool_search_surface:
        raise UserError(
            "ProgrammaticToolCallingTool() requires at least one tool whose allowed_callers "
            "includes 'programmatic', a ToolSearchTool(), or an opaque prompt-managed tool "
            "surface."
        )


def tool_search_payload(tool: Any) -> dict[str, Any] | None:
    """The wire definition of a `ToolSearchTool` / `ProgrammaticToolCallingTool` (None for
    any other tool)."""
    if isinstance(tool, ToolSearchTool):
        payload: dict[str, Any] = {"type": "tool_search"}
        if isinstance(tool.description, str):
            payload["description"] = tool.description
        if tool.execution is not None:
            payload["execution"] = tool.execution
        if tool.parameters is not None:
            payload["parameters"] = tool.parameters
        return payload
    if isinstance(tool, ProgrammaticToolCallingTool):
        return {"type": "programmatic_tool_calling"}
    return None


def group_namespaces(tools: Sequence[Any], convert: Any) -> list[tuple[Any, dict[str, Any] | None]]:
    """Each tool with its wire definition, the function tools of one namespace folded into one
    `{"type": "namespace", ...}` entry at the place of the first (as upstream sends them).
    `convert(tool)` gives a tool's own definition; namespaced entries get (None, payload)."""
    out: list[tuple[Any, dict[str, Any] | None]] = []
    groups: dict[str, dict[str, Any]] = {}
    for tool in tools:
        namespace = explicit_namespace(tool) if _is_function_tool(tool) else None
        if namespace is None:
            out.append((tool, None))
            continue
        description = namespace_description(tool) or ""
        group = groups.get(namespace)
        if group is None:
            group = {"type": "namespace", "name": namespace, "description": description}
            group["tools"] = []
            groups[namespace] = group
            out.append((None, group))
        elif group["description"] != description:
            raise UserError(
                f"All tools in namespace '{namespace}' must share the same description."
            )
        group["tools"].append(convert(tool))
    return out


def prune_orphaned_tool_search_tools(tools: list[Any]) -> list[Any]:
    """Returns `tools` unchanged, as upstream does: whether a `ToolSearchTool` has something to
    search is only known when the request is built (a prompt may bring tools), and the
    request check then says what is wrong."""
    return tools


def validate_required_tool_choice(tools: Sequence[Any] | None) -> None:
    """`tool_choice="required"` needs a callable tool: deferred tools alone need tool search."""
    if not tools or any(isinstance(tool, ToolSearchTool) for tool in tools):
        return
    if has_required_tool_search_surface(tools):
        raise UserError(
            "tool_choice='required' is not currently supported when deferred-loading "
            "Responses tools are configured without ToolSearchTool() on the OpenAI "
            "Responses API. Add ToolSearchTool() or use `auto`."
        )


def _function_names(
    tools: Sequence[Any], handoffs: Sequence[Any]
) -> tuple[set[str], set[str], set[str], set[str], set[str]]:
    """(top-level, every local, deferred-only, namespaced, namespace) function names."""
    top = {h.tool_name for h in handoffs}
    local = set(top)
    deferred: set[str] = set()
    namespaced: set[str] = set()
    namespaces: set[str] = set()
    for tool in tools:
        if not _is_function_tool(tool):
            continue
        local.add(tool.name)
        namespace = explicit_namespace(tool)
        if namespace is not None:
            namespaced.add(tool.name)
            namespaces.add(namespace)
        elif getattr(tool, "defer_loading", False):
            deferred.add(tool.name)
        else:
            top.add(tool.name)
    return top, local, deferred, namespaced, namespaces


def validate_named_function_tool_choice(
    tool_choice: str, *, tools: Sequence[Any] | None, handoffs: Sequence[Any] | None
) -> None:
    """A named `tool_choice` must name a callable tool, as upstream checks on Responses."""
    if not tools and not handoffs:
        return
    top, local, deferred, namespaced, namespaces = _function_names(tools or (), handoffs or ())
    if tool_choice == "tool_search" and tool_choice not in local:
        if any(isinstance(tool, ToolSearchTool) for tool in tools or ()):
            raise UserError(
                "tool_choice='tool_search' is not supported for ToolSearchTool() on the "
                "OpenAI Responses API. Use `auto` or `required`, or target a real "
                "top-level function tool named `tool_search`."
            )
        raise UserError(
            "tool_choice='tool_search' requires ToolSearchTool() or a real top-level "
            "function tool named `tool_search` on the OpenAI Responses API."
        )
    if tool_choice in (namespaced | namespaces) and tool_choice not in top:
        raise UserError(
            "Named tool_choice must target a callable tool, not a namespace wrapper or "
            "bare inner name from tool_namespace(), on the OpenAI Responses API. Use "
            "`auto`, `required`, `none`, or target a top-level or qualified namespaced "
            "function tool."
        )
    if tool_choice in deferred and tool_choice not in top:
        raise UserError(
            "Named tool_choice is not currently supported for deferred-loading function "
            "tools on the OpenAI Responses API. Use `auto`, `required`, `none`, or load "
            "the tool via ToolSearchTool() first."
        )
