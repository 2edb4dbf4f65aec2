"""Programmatic tool calling in a model response: `program` / `program_output` items (code the
model ran with `ProgrammaticToolCallingTool`), and which callers (`"direct"`, or a program) may
call each tool (`allowed_callers`), checked as openai-agents 0.24 checks them."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..exceptions import ModelBehaviorError
from ..items import RunItem, ToolCallItem, ToolCallOutputItem
from .util import attach_error_to_current_span

if TYPE_CHECKING:
    from ..agent import Agent


def _caller_type(call: Any) -> str | None:
    caller = getattr(call, "caller", None)
    if caller is None and isinstance(call, dict):
        caller = call.get("caller")
    if caller is None:
        return None
    kind = caller.get("type") if isinstance(caller, dict) else getattr(caller, "type", None)
    return kind if isinstance(kind, str) else "<unknown>"


def ensure_tool_caller_allowed(
    call: Any, allowed_callers: Sequence[str] | None, tool_name: str, agent_name: str
) -> None:
    """`ModelBehaviorError` when the call's caller (the model, or a program) is not one of the
    tool's `allowed_callers` (default: only direct calls)."""
    kind = _caller_type(call)
    if kind is None or kind == "direct":
        caller = "direct"
    elif kind == "program":
        caller = "programmatic"
    else:
        message = f"Model invoked tool {tool_name} with unsupported caller type {kind!r}."
        attach_error_to_current_span(message, {"agent_name": agent_name, "tool_name": tool_name})
        raise ModelBehaviorError(message)
    allowed = list(allowed_callers) if allowed_callers is not None else ["direct"]
    if caller in allowed:
        return
    message = (
        f"Model invoked tool {tool_name} with caller {caller}, but the tool allows only "
        f"{json.dumps(allowed)}."
    )
    attach_error_to_current_span(message, {"agent_name": agent_name, "tool_name": tool_name})
    raise ModelBehaviorError(message)


class ProgramItems:
    """Turns one response's `program` / `program_output` items into run items."""

    def __init__(self, agent: Agent[Any], has_programmatic_tool: bool) -> None:
        self.agent = agent
        self.has_programmatic_tool = has_programmatic_tool
        self.program_call_ids: set[str] = set()
        self.completed: set[str] = set()

    def check_owner(self, output: Any) -> None:
        """A program item, or a call a program made, needs `ProgrammaticToolCallingTool`."""
        kind = getattr(output, "type", None)
        owned = _caller_type(output) == "program"
        if (kind in ("program", "program_output") or owned) and not self.has_programmatic_tool:
            attach_error_to_current_span("Programmatic tool not found", {})
            raise ModelBehaviorError(
                f"Model produced {kind} item without a programmatic_tool_calling tool."
            )

    def item(self, output: Any) -> RunItem:
        self.check_owner(output)
        call_id = output.call_id
        if output.type == "program":
            if not isinstance(call_id, str) or not call_id:
                attach_error_to_current_span("Program call ID missing", {"call_id": call_id})
                raise ModelBehaviorError("Model produced program item without a valid call_id.")
            self.program_call_ids.add(call_id)
            return ToolCallItem(raw_item=output, agent=self.agent)
        return self._output_item(output)

    def _output_item(self, output: Any) -> RunItem:
        # The parent `program` may be in an earlier response of the run, which this check does
        # not see (upstream also checks against the run's earlier items): only a repeat within
        # one response is caught here.
        call_id = output.call_id
        if call_id in self.completed:
            attach_error_to_current_span("Program parent already completed", {"call_id": call_id})
            raise ModelBehaviorError(
                "Model produced program_output item whose parent program is already completed."
            )
        if output.status not in ("completed", "incomplete"):
            attach_error_to_current_span("Program output status invalid", {"call_id": call_id})
            raise ModelBehaviorError("Model produced program_output item without a valid status.")
        if output.status == "completed":
            self.completed.add(call_id)
        return ToolCallOutputItem(raw_item=output, output=output.result, agent=self.agent)
