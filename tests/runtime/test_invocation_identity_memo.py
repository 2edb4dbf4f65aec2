"""The invocation ledger memoises a call's identity on its (string) fields: registering a call
and marking it executed hash it once, and the identity is the one computed from scratch."""

from __future__ import annotations

from typing import Any

import pytest

from agentkit import run_context
from agentkit.exceptions import ModelBehaviorError
from agentkit.run_context import RunContextWrapper, invocation_identity
from agentkit.types.responses import ResponseFunctionToolCall


@pytest.fixture(autouse=True)
def _fresh_memo() -> None:
    run_context._memoised_identity.cache_clear()


def _call(arguments: str = '{"city": "Paris"}', **extra: Any) -> ResponseFunctionToolCall:
    return ResponseFunctionToolCall(
        type="function_call", name="get_weather", call_id="call_1", arguments=arguments, **extra
    )


def _from_scratch(item: Any, tool_name: str | None = None, role: str | None = None) -> Any:
    return run_context._identity(run_context._as_mapping(item), tool_name, role)


@pytest.mark.parametrize(
    "item",
    [
        _call(),
        _call(namespace="weather"),
        _call(id="fc_1", status="completed"),
        {"type": "function_call", "name": "f", "call_id": "c", "arguments": "{}"},
        {"type": "custom_tool_call", "name": "patch", "call_id": "c", "input": "text"},
        {
            "type": "mcp_approval_request",
            "id": "r",
            "name": "f",
            "server_label": "s",
            "arguments": "",
        },
    ],
)
@pytest.mark.parametrize(
    ("tool_name", "role"), [(None, None), ("get_weather", None), (None, "handoff")]
)
def test_memoised_identity_is_the_identity_computed_from_scratch(
    item: Any, tool_name: str | None, role: str | None
) -> None:
    expected = _from_scratch(item, tool_name, role)
    assert expected is not None
    assert invocation_identity(item, tool_name, role) == expected
    assert invocation_identity(item, tool_name, role) == expected  # from the memo
    assert run_context._memoised_identity.cache_info().hits == 1


def test_structured_fields_are_not_memoised() -> None:
    item = {"type": "computer_call", "call_id": "c", "action": {"type": "click", "x": 1, "y": 2}}
    expected = _from_scratch(item)
    assert expected is not None
    assert invocation_identity(item) == expected
    assert run_context._memoised_identity.cache_info().currsize == 0


def test_unrecognised_items_have_no_identity() -> None:
    assert invocation_identity({"type": "message", "call_id": "c"}) is None
    assert invocation_identity({"type": "function_call", "name": "f", "arguments": "{}"}) is None
    assert invocation_identity({"type": "function_call", "call_id": "c", "name": "f"}) is None


def test_a_call_changed_after_registering_is_a_different_invocation() -> None:
    # The memo is keyed on the call's content, never on the object.
    ctx: RunContextWrapper[None] = RunContextWrapper(context=None)
    call = _call()
    ctx._register_invocation(call, "get_weather")
    call.arguments = '{"city": "Rome"}'
    with pytest.raises(ModelBehaviorError, match="reused a tool call ID"):
        ctx._mark_invocation_executed(call, "get_weather")


def test_registering_then_marking_a_call_hashes_it_once(monkeypatch: pytest.MonkeyPatch) -> None:
    digests: list[Any] = []
    real = run_context._fingerprint

    def counting(payload: Any) -> str:
        digests.append(payload)
        return real(payload)

    monkeypatch.setattr(run_context, "_fingerprint", counting)
    ctx: RunContextWrapper[None] = RunContextWrapper(context=None)
    call = _call()
    assert ctx._register_invocation(call, "get_weather") is not None
    ctx._mark_invocation_executed(call, "get_weather")
    assert len(digests) == 2  # the approval scope and the fingerprint, once each
    record = ctx._tool_invocations["call_1"]
    assert record.executed
    assert (record.invocation_type, record.approval_scope, record.fingerprint) == (
        _from_scratch(call, "get_weather")[0],
        *_from_scratch(call, "get_weather")[2:],
    )
