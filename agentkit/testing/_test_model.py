"""`TestModel`: a test model that calls the agent's tools with schema-valid arguments, then answers."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping, Sequence
from typing import Any, Literal

from pydantic import BaseModel

from ..items import TResponseOutputItem
from ..usage import Usage
from ._schema_values import SchemaValueError, generate_schema_value
from .model import ModelCall, ModelScriptError, ModelStep, _RecordingModel, assistant_message
from .model import function_call as _function_call

_BOUNDARY_ROLES = frozenset({"user", "system", "developer"})


class TestModel(_RecordingModel):
    """A model that exercises an agent's tools without a script.

    While some tools selected by `call_tools` have not been called since the last user message,
    it calls all of them at once, with arguments generated from each tool's JSON schema. Then it
    gives a final answer: with an output type, JSON valid against the output schema (or
    `custom_output_args`); otherwise `custom_output_text`, or a JSON object mapping each called
    tool's name to its output (`"success (no tool calls)"` when none was called).

    `call_tools` is `"all"` (every function tool) or a list of names; a list may also name
    handoffs (e.g. `"transfer_to_billing"`), which `"all"` leaves out. `custom_output_args` is the
    final output value (a pydantic model, dataclass or JSON-compatible value); `seed` varies the
    generated values.
    """

    __test__ = False  # not a pytest test class, despite the name

    def __init__(
        self,
        *,
        call_tools: Literal["all"] | Sequence[str] = "all",
        custom_output_text: str | None = None,
        custom_output_args: Any = None,
        seed: int = 0,
        emit_traces: bool = False,
        default_usage: Usage | None = None,
    ) -> None:
        if custom_output_text is not None and custom_output_args is not None:
            raise ValueError("Set at most one of custom_output_text and custom_output_args.")
        if isinstance(call_tools, str) and call_tools != "all":
            raise ValueError(
                f'call_tools must be "all" or a list of tool names, not {call_tools!r}.'
            )
        super().__init__(emit_traces=emit_traces, default_usage=default_usage)
        self.call_tools: Literal["all"] | list[str] = (
            "all" if call_tools == "all" else list(call_tools)
        )
        self.custom_output_text = custom_output_text
        self.custom_output_args = custom_output_args
        self.seed = seed
        self._issued: dict[str, str] = {}

    async def _next_step(self, call: ModelCall) -> ModelStep:
        turn = _current_turn(call.input)
        names = self._call_names(turn)
        called = set(names.values())
        pending = [
            (name, schema) for name, schema in self._selected_tools(call) if name not in called
        ]
        if pending:
            return ModelStep(output=[self._call(name, schema) for name, schema in pending])
        return ModelStep(output=[assistant_message(self._final_text(call, turn, names))])

    def _call_names(self, turn: list[Any]) -> dict[str, str]:
        """Tool name by call id, for the calls made in this turn."""
        # With server-side history (previous_response_id) the input holds only the outputs, so
        # the calls this model issued are remembered too.
        names = {
            str(_get(item, "call_id")): self._issued.get(str(_get(item, "call_id")), "")
            for item in turn
            if _get(item, "type") == "function_call_output"
        }
        names.update(
            (str(_get(item, "call_id")), str(_get(item, "name")))
            for item in turn
            if _get(item, "type") == "function_call"
        )
        return {call_id: name for call_id, name in names.items() if name}

    def _selected_tools(self, call: ModelCall) -> list[tuple[str, dict[str, Any]]]:
        from ..tool import FunctionTool

        tools = [
            (tool.name, tool.params_json_schema)
            for tool in call.tools
            if isinstance(tool, FunctionTool)
        ]
        if self.call_tools == "all":
            return tools
        handoffs = [(h.tool_name, h.input_json_schema) for h in call.handoffs]
        wanted = set(self.call_tools)
        # Names this agent does not have are skipped: the model may serve several agents.
        return [(name, schema) for name, schema in tools + handoffs if name in wanted]

    def _call(self, name: str, schema: Mapping[str, Any]) -> TResponseOutputItem:
        call_id = f"call_test_{len(self._issued) + 1}"
        self._issued[call_id] = name
        try:
            arguments = generate_schema_value(schema or {"type": "object"}, seed=self.seed)
        except SchemaValueError as error:
            raise ModelScriptError(
                f"TestModel cannot generate arguments for tool {name!r}: {error} "
                "Pass call_tools=[...] without it, or use FunctionModel for this tool."
            ) from error
        return _function_call(name, arguments, call_id=call_id)

    def _final_text(self, call: ModelCall, turn: list[Any], names: dict[str, str]) -> str:
        schema = call.output_schema
        if self.custom_output_text is not None:
            return self.custom_output_text
        if schema is not None and not schema.is_plain_text():
            if self.custom_output_args is not None:
                value = _jsonable(self.custom_output_args)
                # Non-object output types travel wrapped in an object under "response".
                if getattr(schema, "_is_wrapped", False):
                    value = {"response": value}
            else:
                try:
                    value = generate_schema_value(schema.json_schema(), seed=self.seed)
                except SchemaValueError as error:
                    raise ModelScriptError(
                        f"TestModel cannot generate output for {schema.name()}: {error} "
                        "Pass custom_output_args."
                    ) from error
            return json.dumps(value, ensure_ascii=False)
        results = {
            names.get(str(_get(item, "call_id")), str(_get(item, "call_id"))): _get(item, "output")
            for item in turn
            if _get(item, "type") == "function_call_output"
        }
        if not results:
            return "success (no tool calls)"
        return json.dumps(results, ensure_ascii=False, default=str)


def _get(item: Any, key: str) -> Any:
    if isinstance(item, Mapping):
        return item.get(key)
    return getattr(item, key, None)


def _current_turn(input: Any) -> list[Any]:
    """The items after the last user, system or developer message."""
    if isinstance(input, str):
        return []
    items = list(input)
    for index in range(len(items) - 1, -1, -1):
        item = items[index]
        if _get(item, "role") in _BOUNDARY_ROLES and _get(item, "type") in (None, "message"):
            return items[index + 1 :]
    return items


def _jsonable(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    return value


__all__ = ["TestModel"]
