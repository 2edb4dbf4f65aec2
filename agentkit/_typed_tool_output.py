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
