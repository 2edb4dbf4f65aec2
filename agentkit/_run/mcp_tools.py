"""MCP server tools as function tools, for when the `agentkit.mcp` extra's `MCPUtil` is absent.

Servers are duck-typed: `name`, `await list_tools(run_context, agent)` returning tools with
`name`, `description` and `inputSchema`, and `await call_tool(name, arguments)` returning a result
with `content` (and optionally `structuredContent`, `isError`).
"""

from __future__ import annotations

import copy
import inspect
import json
from typing import Any

from ..exceptions import AgentsException, ModelBehaviorError, UserError
from ..logger import logger
from ..strict_schema import ensure_strict_json_schema


async def mcp_function_tools(
    servers: list[Any],
    convert_schemas_to_strict: bool,
    run_context: Any,
    agent: Any,
    failure_error_function: Any,
) -> list[Any]:
    from ..tracing import mcp_tools_span

    tools: list[Any] = []
    names: set[str] = set()
    for server in servers:
        server_name = getattr(server, "name", type(server).__name__)
        with mcp_tools_span(server=server_name) as span:
            listed = list(await server.list_tools(run_context, agent))
            span.span_data.result = [t.name for t in listed]
        duplicates = sorted(names & {t.name for t in listed})
        if duplicates:
            raise UserError(f"Duplicate tool names found across MCP servers: {duplicates}")
        names.update(t.name for t in listed)
        tools.extend(
            _to_function_tool(t, server, convert_schemas_to_strict, failure_error_function)
            for t in listed
        )
    return tools


def _to_function_tool(
    tool: Any, server: Any, convert_strict: bool, failure_error_function: Any
) -> Any:
    from ..tool import FunctionTool

    schema = copy.deepcopy(dict(_attr(tool, "inputSchema", "input_schema") or {}))
    schema.setdefault("properties", {})
    strict = False
    if convert_strict:
        try:
            schema = ensure_strict_json_schema(copy.deepcopy(schema))
            strict = True
        except Exception as e:
            logger.info("Error converting MCP schema to strict mode: %s", e)

    async def invoke(context: Any, input_json: str) -> Any:
        try:
            return await _invoke(server, tool.name, input_json)
        except Exception as e:
            if failure_error_function is None:
                raise
            message = failure_error_function(context, e)
            return await message if inspect.isawaitable(message) else message

    return FunctionTool(
        name=tool.name,
        description=getattr(tool, "description", None) or "",
        params_json_schema=schema,
        on_invoke_tool=invoke,
        strict_json_schema=strict,
    )


async def _invoke(server: Any, name: str, input_json: str) -> Any:
    try:
        arguments = json.loads(input_json) if input_json else {}
    # RecursionError: JSON nested deeper than the interpreter's recursion limit.
    except (json.JSONDecodeError, RecursionError) as e:
        raise ModelBehaviorError(f"Invalid JSON input for tool {name}: {input_json}") from e
    try:
        result = await server.call_tool(name, arguments)
    except Exception as e:
        raise AgentsException(f"Error invoking MCP tool {name}: {e}") from e
    structured = _attr(result, "structuredContent", "structured_content")
    if (
        getattr(server, "use_structured_content", False)
        and structured
        and not _attr(result, "isError", "is_error")
    ):
        return json.dumps(structured)
    outputs: list[dict[str, Any]] = []
    for item in result.content:
        kind = getattr(item, "type", None)
        if kind == "text":
            outputs.append({"type": "text", "text": item.text})
        elif kind == "image":
            mime = _attr(item, "mimeType", "mime_type") or "image/png"
            outputs.append({"type": "image", "image_url": f"data:{mime};base64,{item.data}"})
        else:
            outputs.append({"type": "text", "text": item.model_dump_json()})
    return outputs[0] if len(outputs) == 1 else outputs


def _attr(obj: Any, *names: str) -> Any:
    # The `mcp` package has spelt these fields both in camelCase and in snake_case.
    for name in names:
        value = getattr(obj, name, None)
        if value is not None:
            return value
    return None
