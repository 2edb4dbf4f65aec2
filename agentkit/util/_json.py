"""JSON validation that reports model mistakes as `ModelBehaviorError`."""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter, ValidationError
from typing_extensions import TypeVar

from ..exceptions import ModelBehaviorError
from ..tracing.spans import SpanError
from ._debug import dont_log_model_data, dont_log_tool_data
from ._error_tracing import attach_error_to_current_span

T = TypeVar("T")


def validate_json(
    json_str: str,
    type_adapter: TypeAdapter[T],
    partial: bool,
    strict: bool | None = None,
    *,
    contains_tool_data: bool = False,
) -> T:
    """Parse and validate `json_str`; a failure is the model's fault, so raise ModelBehaviorError.

    `partial=True` accepts truncated JSON (trailing strings completed), for streaming. Unless
    model data (or tool data, when `contains_tool_data`) may be logged, the error names neither
    the payload nor pydantic's details, and carries no cause that would.
    """
    redact = dont_log_model_data() or (contains_tool_data and dont_log_tool_data())
    options: dict[str, Any] = {
        "experimental_allow_partial": "trailing-strings" if partial else False
    }
    if strict is not None:
        options["strict"] = strict
    try:
        return type_adapter.validate_json(json_str, **options)
    except ValidationError as e:
        if not redact:
            attach_error_to_current_span(SpanError(message="Invalid JSON provided", data={}))
            raise ModelBehaviorError(
                f"Invalid JSON when parsing {json_str} for {type_adapter}; {e}"
            ) from e
    # Raised outside the except block so the payload-bearing ValidationError is not its context.
    attach_error_to_current_span(SpanError(message="Invalid JSON provided", data={}))
    raise ModelBehaviorError("Invalid JSON when parsing model output")
