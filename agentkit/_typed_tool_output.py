"""The `function_call_output` text of a function tool with a declared output schema
(`output_type` / `output_json_schema`): compact JSON of an object."""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from typing import Any

from pydantic import TypeAdapter, ValidationError

from .exceptions import UserError


@functools.cache
def _any_adapter() -> TypeAdapter[Any]:
    return TypeAdapter(Any)


def _compact_json_object(value: Any) -> str:
    if not isinstance(value, Mapping):
        raise UserError("Function tool output schema requires a JSON object.")
    return json.dumps(dict(value), ensure_ascii=False, separators=(",", ":"))


def typed_output_text(
    output: Any,
    *,
    output_json_schema: dict[str, Any] | None,
    output_type_adapter: TypeAdapter[Any] | None,
) -> str | None:
    """The `function_call_output` text of a tool with a declared output schema (compact JSON of
    the object), or None for a tool without one."""
    if output_type_adapter is not None:
        try:
            validated = (
                output_type_adapter.validate_json(output)
                if isinstance(output, str)
                else output_type_adapter.validate_python(output)
            )
        except ValidationError as error:
            raise UserError(
                "Function tool output does not match its declared output schema."
            ) from error
        return _compact_json_object(
            output_type_adapter.dump_python(validated, mode="json", by_alias=True)
        )
    if output_json_schema is None:
        return None
    if isinstance(output, str):
        try:
            dumped = json.loads(output)
        except json.JSONDecodeError as error:
            raise UserError("Function tool output schema requires a JSON object.") from error
    else:
        dumped = _any_adapter().dump_python(output, mode="json")
    return _compact_json_object(dumped)


def program_caller(tool_call: Any) -> Any:
    """The `caller` of a tool call a program made (for programmatic tool calling), else None."""
    caller = (
        tool_call.get("caller")
        if isinstance(tool_call, Mapping)
        else getattr(tool_call, "caller", None)
    )
    kind = caller.get("type") if isinstance(caller, Mapping) else getattr(caller, "type", None)
    return caller if kind == "program" else None


def copy_tool_call_caller(tool_call: Any, output_item: dict[str, Any]) -> dict[str, Any]:
    """Copy the call's `caller` onto its output item (programs match outputs by it)."""
    caller = (
        tool_call.get("caller")
        if isinstance(tool_call, Mapping)
        else getattr(tool_call, "caller", None)
    )
    if caller is not None:
        dump = getattr(caller, "model_dump", None)
        output_item["caller"] = (
            dump(mode="json", exclude_none=True)
            if callable(dump)
            else _any_adapter().dump_python(caller, mode="json")
        )
    return output_item


def program_output_text(output: Any) -> str:
    """A program-made call's non-text output as JSON, as upstream sends it."""
    try:
        return _any_adapter().dump_json(output).decode("utf-8")
    except Exception as error:
        raise UserError(
            "Programmatic function tool outputs must be strings, structured tool "
            "outputs, or JSON-serializable values."
        ) from error
