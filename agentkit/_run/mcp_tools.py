"""MCP server tools as function tools: listing, schema conversion, invocation, result conversion.

The core keeps this duck-typed so it needs no third-party package: a server has `name`,
`await list_tools(run_context, agent)` returning tools with `name`, `description`/`title` and an
input schema, and `await call_tool(name, arguments[, meta=...])` returning a result with
`content` (and optionally structured content and an error flag). The `mcp` package has spelt
those fields in camelCase (1.x) and snake_case (2.x); both are read. `agentkit.mcp.MCPUtil` is
built on these functions; the run loop reaches them through `mcp_function_tools`.
"""

from __future__ import annotations

import asyncio
import copy
import functools
import hashlib
import inspect
import json
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any, cast

from ..exceptions import AgentsException, MCPToolCancellationError, ModelBehaviorError, UserError
from ..logger import logger
from ..strict_schema import ensure_strict_json_schema
from ..util._debug import dont_log_tool_data

_NAME_MAX = 64
_HASH_LENGTH = 8
_UNSET: Any = object()
"""Stands for "the server did not choose a failure_error_function" (servers may use their own)."""


async def mcp_function_tools(
    servers: list[Any],
    convert_schemas_to_strict: bool,
    run_context: Any,
    agent: Any,
    failure_error_function: Any,
    include_server_in_tool_names: bool = False,
    reserved_tool_names: set[str] | None = None,
) -> list[Any]:
    """The function tools of every server, in order; duplicate names across servers are an error."""
    batches = [(server, await list_tools_traced(server, run_context, agent)) for server in servers]
    overrides: dict[tuple[int, int], str] = {}
    if include_server_in_tool_names:
        overrides = prefixed_tool_names(
            [(server_label(server), tools) for server, tools in batches],
            reserved=set(reserved_tool_names or ()),
        )
    result: list[Any] = []
    seen: set[str] = set()
    for index, (server, tools) in enumerate(batches):
        converted = [
            to_function_tool(
                tool,
                server,
                convert_schemas_to_strict,
                agent,
                failure_error_function,
                name_override=overrides.get((index, position)),
            )
            for position, tool in enumerate(tools)
        ]
        names = {tool.name for tool in converted}
        duplicates = sorted(names & seen)
        if duplicates:
            listed = ", ".join(repr(name) for name in duplicates)
            raise UserError(
                f"Duplicate tool names found across MCP servers: {listed}. Set "
                "`mcp_config={'include_server_in_tool_names': True}` on the agent to prefix "
                "tool names with their server name."
            )
        seen |= names
        result.extend(converted)
    return result


async def list_tools_traced(server: Any, run_context: Any, agent: Any) -> list[Any]:
    """`server.list_tools(run_context, agent)` inside an `mcp_tools` span naming the tools."""
    from ..tracing import mcp_tools_span

    with mcp_tools_span(server=server_label(server)) as span:
        tools = list(await server.list_tools(run_context, agent))
        span.span_data.result = [tool.name for tool in tools]
        return tools


def server_label(server: Any) -> str:
    """The server's name with any URL credentials, query and fragment removed (for traces/errors)."""
    name = str(getattr(server, "name", type(server).__name__))
    return safe_server_name(name)


def safe_server_name(name: str) -> str:
    from urllib.parse import urlsplit, urlunsplit

    for prefix in ("sse: ", "streamable_http: ", ""):
        if not name.startswith(prefix):
            continue
        candidate = name[len(prefix) :]
        try:
            parts = urlsplit(candidate)
            host, port = parts.hostname, parts.port
        except ValueError:
            return f"{prefix}<invalid-url>" if prefix else name
        if parts.scheme not in ("http", "https"):
            return name
        if not host:
            return f"{prefix}<invalid-url>"
        netloc = f"[{host}]" if ":" in host else host
        netloc = f"{netloc}:{port}" if port is not None else netloc
        return prefix + urlunsplit((parts.scheme, netloc, parts.path, "", ""))
    return name


def to_function_tool(
    tool: Any,
    server: Any,
    convert_schemas_to_strict: bool,
    agent: Any = None,
    failure_error_function: Any = _UNSET,
    name_override: str | None = None,
) -> Any:
    """One MCP tool as a `FunctionTool` calling `server.call_tool`."""
    from ..tool import FunctionTool, default_tool_error_function

    public_name = name_override or tool.name
    schema, strict = tool_params_schema(tool, convert_schemas_to_strict)
    agent_error_function = (
        default_tool_error_function if failure_error_function is _UNSET else failure_error_function
    )
    server_choice = getattr(server, "_failure_error_function", _UNSET)
    error_function = agent_error_function if server_choice is _UNSET else server_choice
    invoke = functools.partial(
        invoke_mcp_tool, server, tool, tool_display_name=public_name, meta=_static_meta(tool)
    )
    function_tool: Any = FunctionTool(
        name=public_name,
        description=tool_description(tool),
        params_json_schema=schema,
        on_invoke_tool=_guarded(invoke, public_name, error_function, agent_error_function),
        strict_json_schema=strict,
        tool_input_guardrails=_copied(getattr(server, "tool_input_guardrails", None)),
        tool_output_guardrails=_copied(getattr(server, "tool_output_guardrails", None)),
        needs_approval=_needs_approval(server, tool, agent),
    )
    function_tool._mcp_tool_binding = (server_label(server), tool.name)
    return function_tool


def _copied(items: Any) -> Any:
    return list(items) if items is not None else None


def _guarded(
    invoke: Callable[..., Any], name: str, error_function: Any, default_function: Any
) -> Any:
    """Wraps `invoke` so failures become `error_function`'s message (None re-raises them)."""
    from ..tool import _apply_run_error_formatter, _report_handled_error

    async def on_invoke_tool(context: Any, input_json: str) -> Any:
        try:
            return await invoke(context, input_json)
        except Exception as error:
            if error_function is None:
                raise
            message = error_function(context, error)
            if inspect.isawaitable(message):
                message = await message
            if error_function is default_function:
                message = await _apply_run_error_formatter(context, error, message)
            _report_handled_error(
                cast(Any, _Named(name)), error, input_json, context, error_function
            )
            return message

    return on_invoke_tool


class _Named:
    # `_report_handled_error` only reads the tool's name.
    def __init__(self, name: str) -> None:
        self.name = name


def tool_input_schema(tool: Any) -> dict[str, Any]:
    schema = _field(tool, "input_schema", "inputSchema")
    return dict(schema) if isinstance(schema, dict) else {}


def _needs_approval(server: Any, tool: Any, agent: Any) -> Any:
    """The server's `require_approval` answer for this tool (False for servers without one)."""
    getter = getattr(server, "_get_needs_approval_for_tool", None)
    return getter(tool, agent) if callable(getter) else False


def tool_params_schema(tool: Any, convert_strict: bool) -> tuple[dict[str, Any], bool]:
    """The tool's input schema as the model sees it, and whether it is strict."""
    original = tool_input_schema(tool)
    schema = copy.deepcopy(original)
    # MCP does not require `properties`; the OpenAI API does.
    schema.setdefault("properties", {})
    if not convert_strict:
        return schema, False
    try:
        strict = ensure_strict_json_schema(
            copy.deepcopy(schema), _reject_open_objects=bool(original)
        )
    except Exception as error:
        if dont_log_tool_data():
            logger.info("Error converting MCP schema to strict mode")
        else:
            logger.info("Error converting MCP schema to strict mode: %s", error)
        return schema, False
    return strict, True


def tool_description(tool: Any) -> str:
    """The description, else the title (explicit, then from annotations), else empty."""
    for value in (
        getattr(tool, "description", None),
        getattr(tool, "title", None),
        getattr(getattr(tool, "annotations", None), "title", None),
    ):
        if isinstance(value, str) and value:
            return value
    return ""


def _static_meta(tool: Any) -> dict[str, Any] | None:
    meta = getattr(tool, "meta", None)
    return copy.deepcopy(meta) if isinstance(meta, dict) else None


async def invoke_mcp_tool(
    server: Any,
    tool: Any,
    context: Any,
    input_json: str,
    *,
    meta: dict[str, Any] | None = None,
    tool_display_name: str | None = None,
) -> Any:
    """Call the tool with the model's JSON arguments and convert the result to a tool output."""
    display = tool_display_name or tool.name
    arguments = _parse_arguments(display, input_json)
    if dont_log_tool_data():
        logger.debug("Invoking MCP tool")
    else:
        logger.debug("Invoking MCP tool %s with input %s", display, input_json)
    resolved = await _resolve_meta(server, context, tool.name, arguments)
    merged = _merge_meta(resolved, meta)
    result = await _call(server, tool.name, display, arguments, merged)
    output = tool_output_from_result(result, bool(getattr(server, "use_structured_content", False)))
    _record_on_span(server, context, output)
    return output


async def _invoke(server: Any, name: str, input_json: str) -> Any:
    """Call tool `name` on `server` with the model's JSON arguments (the fuzz regressions use it)."""
    return await invoke_mcp_tool(server, _Named(name), None, input_json)


def _parse_arguments(display: str, input_json: str) -> dict[str, Any]:
    base = f"Invalid JSON input for tool {display}"
    try:
        arguments = json.loads(input_json) if input_json else {}
    # RecursionError: JSON nested deeper than the interpreter's recursion limit.
    except (ValueError, RecursionError) as error:
        if dont_log_tool_data():
            raise ModelBehaviorError(base) from None
        raise ModelBehaviorError(f"{base}: {input_json}") from error
    if not isinstance(arguments, dict):
        raise ModelBehaviorError(f"{base}: expected a JSON object")
    return arguments


async def _resolve_meta(
    server: Any, context: Any, tool_name: str, arguments: dict[str, Any]
) -> dict[str, Any] | None:
    resolver = getattr(server, "tool_meta_resolver", None)
    if resolver is None:
        return None
    from_context = _meta_context(context, server, tool_name, copy.deepcopy(arguments))
    value = resolver(from_context)
    if inspect.isawaitable(value):
        value = await value
    if value is not None and not isinstance(value, dict):
        raise TypeError("MCP meta resolver must return a dict or None.")
    return value


def _meta_context(context: Any, server: Any, tool_name: str, arguments: dict[str, Any]) -> Any:
    try:
        import importlib

        util = importlib.import_module(f"{__package__.rsplit('.', 1)[0]}.mcp.util")
        return util.MCPToolMetaContext(
            run_context=context, server_name=server.name, tool_name=tool_name, arguments=arguments
        )
    except ImportError:  # pragma: no cover - a resolver implies the extra
        return {"run_context": context, "server_name": server.name, "tool_name": tool_name}


def _merge_meta(
    resolved: dict[str, Any] | None, explicit: dict[str, Any] | None
) -> dict[str, Any] | None:
    if resolved is None and explicit is None:
        return None
    return {**copy.deepcopy(resolved or {}), **copy.deepcopy(explicit or {})}


async def _call(
    server: Any, name: str, display: str, arguments: dict[str, Any], meta: dict[str, Any] | None
) -> Any:
    """`server.call_tool` in its own task, so an internal cancellation is told apart from ours."""
    task = asyncio.ensure_future(
        server.call_tool(name, arguments)
        if meta is None
        else server.call_tool(name, arguments, meta=meta)
    )
    try:
        await asyncio.wait({task})
    except asyncio.CancelledError:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        raise
    label = server_label(server)
    if task.cancelled():
        raise MCPToolCancellationError(
            f"Failed to call tool '{name}' on MCP server '{label}': tool execution was cancelled."
        )
    error = task.exception()
    if error is None:
        return task.result()
    if isinstance(error, (UserError, AgentsException)):
        raise error
    if dont_log_tool_data():
        logger.warning("MCP tool call failed")
    else:
        logger.warning("MCP tool %s on server '%s' failed: %s", display, label, error)
    if type(error).__name__ in ("MCPError", "McpError"):
        raise error
    raise AgentsException(
        f"Error invoking MCP tool {display} on server '{label}': {error}"
    ) from error


def tool_output_from_result(result: Any, use_structured_content: bool) -> Any:
    """Structured content as JSON when asked for and present (unless the call failed), else the
    content blocks: text and images as tool output items, anything else as its JSON; a single
    block is returned on its own."""
    structured = _field(result, "structured_content", "structuredContent")
    is_error = _field(result, "is_error", "isError")
    if use_structured_content and structured and not is_error:
        return json.dumps(structured)
    outputs: list[dict[str, Any]] = []
    for item in result.content:
        kind = getattr(item, "type", None)
        if kind == "text":
            outputs.append({"type": "text", "text": item.text})
        elif kind == "image":
            mime = _field(item, "mime_type", "mimeType")
            outputs.append({"type": "image", "image_url": f"data:{mime};base64,{item.data}"})
        else:
            outputs.append({"type": "text", "text": item.model_dump_json()})
    return outputs[0] if len(outputs) == 1 else outputs


def _record_on_span(server: Any, context: Any, output: Any) -> None:
    from ..tracing import FunctionSpanData, get_current_span

    span = get_current_span()
    if span is None or not isinstance(span.span_data, FunctionSpanData):
        return
    run_config = getattr(context, "run_config", None)
    if run_config is None or getattr(run_config, "trace_include_sensitive_data", True):
        span.span_data.output = output
    span.span_data.mcp_data = {"server": server_label(server)}


def _field(obj: Any, *names: str) -> Any:
    for name in names:
        value = getattr(obj, name, None)
        if value is not None:
            return value
    return None


# --- Server-prefixed tool names (`mcp_config={"include_server_in_tool_names": True}`) -----------


def _name_part(value: str, fallback: str) -> str:
    cleaned = "".join(
        ch if ch.isascii() and (ch.isalnum() or ch in "_-") else "_" for ch in value
    ).strip("_-")
    return cleaned or fallback


def _shorten(base: str, seed: str, *, force_hash: bool = False) -> str:
    if not force_hash and len(base) <= _NAME_MAX:
        return base
    suffix = "_" + hashlib.sha1(seed.encode("utf-8")).hexdigest()[:_HASH_LENGTH]
    stem = base[: _NAME_MAX - len(suffix)].rstrip("_-") or "mcp"
    return stem + suffix


def prefixed_tool_names(
    batches: Sequence[tuple[str, Sequence[Any]]], *, reserved: set[str]
) -> dict[tuple[int, int], str]:
    """`mcp_<server>__<tool>` names for every (server index, tool index), unique and at most 64
    characters; collisions and long names get a short hash of the server and tool names."""
    bases = {
        (s, t): f"mcp_{_name_part(server, 'server')}__{_name_part(tool.name, 'tool')}"
        for s, (server, tools) in enumerate(batches)
        for t, tool in enumerate(tools)
    }
    counts = Counter(bases.values())
    seeds = {
        (s, t): f"{server}\0{tool.name}"
        for s, (server, tools) in enumerate(batches)
        for t, tool in enumerate(tools)
    }
    initial = {
        key: _shorten(base, seeds[key], force_hash=counts[base] > 1 or base in reserved)
        for key, base in bases.items()
    }
    used = set(reserved)
    names: dict[tuple[int, int], str] = {}
    for key in sorted(initial, key=lambda k: (initial[k], seeds[k], k[0], k[1])):
        name, attempt = initial[key], 1
        while name in used:
            name = _shorten(bases[key], f"{seeds[key]}\0{attempt}", force_hash=True)
            attempt += 1
        used.add(name)
        names[key] = name
    return names
