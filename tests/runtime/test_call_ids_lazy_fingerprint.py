"""`unique_tool_calls` fingerprints a call only when its `call_id` repeats: the kept items and
the errors are those of comparing every call's fingerprint."""

from __future__ import annotations

from typing import Any

import pytest

from agentkit._run.call_ids import _fingerprint, _invocation, unique_tool_calls
from agentkit.exceptions import ModelBehaviorError
from agentkit.types.responses import ResponseFunctionToolCall, ResponseOutputMessage


def call(call_id: str, args: str = "{}", item_id: str = "fc_1", name: str = "f") -> Any:
    return ResponseFunctionToolCall.model_validate(
        {
            "type": "function_call",
            "id": item_id,
            "call_id": call_id,
            "name": name,
            "arguments": args,
            "status": "completed",
        }
    )


def message() -> Any:
    return ResponseOutputMessage.model_validate(
        {
            "type": "message",
            "id": "msg_1",
            "role": "assistant",
            "status": "completed",
            "content": [{"type": "output_text", "text": "hi", "annotations": []}],
        }
    )


def eager(outputs: list[Any]) -> list[Any]:
    """Every call fingerprinted as it comes (the rule `unique_tool_calls` must match)."""
    seen: dict[str, str] = {}
    kept = []
    for output in outputs:
        invocation = _invocation(output)
        if invocation is None:
            kept.append(output)
            continue
        fingerprint = _fingerprint(output)
        previous = seen.setdefault(invocation[1], fingerprint)
        if previous != fingerprint:
            raise ModelBehaviorError("reused")
        if previous is fingerprint:
            kept.append(output)
    return kept


CASES = {
    "unique": [call("a"), call("b"), message(), call("c")],
    "exact repeat": [call("a", item_id="fc_1"), call("a", item_id="fc_2"), message()],
    "repeat twice": [call("a"), call("b"), call("a", item_id="x"), call("a", item_id="y")],
    "different args": [call("a", '{"x": 1}'), call("a", '{"x": 2}')],
    "repeat then different": [call("a"), call("a", item_id="z"), call("a", '{"x": 1}')],
    "different name": [call("a"), call("b"), call("a", name="g")],
    "messages only": [message(), message()],
}


@pytest.mark.parametrize("name", list(CASES))
def test_same_result_as_fingerprinting_every_call(name: str) -> None:
    outputs = CASES[name]
    try:
        expected: list[Any] | None = eager(outputs)
    except ModelBehaviorError:
        expected = None
    if expected is None:
        with pytest.raises(ModelBehaviorError, match="reused a tool call ID"):
            unique_tool_calls(outputs)
    else:
        assert [id(o) for o in unique_tool_calls(outputs)] == [id(o) for o in expected]
