"""`RunState`: a paused run you can approve or reject calls in, save, and resume.

`result.to_state()` gives one; `Runner.run(agent, state)` resumes it. `to_json()`/`to_string()`
write the snapshot format of openai-agents 0.24 (schema "1.21"); `RunState.from_json`/
`from_string` read it back against your agents (found by name from the starting agent).
`to_string(signing_key=...)` wraps the snapshot in an HMAC-SHA256 envelope that
`from_string(..., signing_key=...)` checks before anything is restored.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import time
from collections.abc import Callable, Mapping
from dataclasses import field
from typing import TYPE_CHECKING, Any, Generic

from typing_extensions import TypeVar

from ._run_state_codec import (
    CURRENT_SCHEMA_VERSION,
    SCHEMA_VERSION_SUMMARIES,
    SUPPORTED_SCHEMA_VERSIONS,
    PendingFunctionCall,
    RunStateError,
    SnapshotExpiredError,
    SnapshotSignatureError,
    decode_state,
    encode_state,
)
from .exceptions import UserError
from .items import ModelResponse, RunItem, ToolApprovalItem
from .run_context import RunContextWrapper
from .util._dataclass import dataclass

if TYPE_CHECKING:
    from .agent import Agent
    from .guardrail import InputGuardrailResult, OutputGuardrailResult
    from .items import TResponseInputItem
    from .tool_guardrails import ToolInputGuardrailResult, ToolOutputGuardrailResult

TContext = TypeVar("TContext", default=Any)
TAgent = TypeVar("TAgent", default=Any)
TAction = TypeVar("TAction")
RunStateValidationError = UserError | ValueError
"""What restoring a bad snapshot raises, as upstream names it (agentkit raises `RunStateError`,
a `UserError`; catch either name)."""
RunStateValidationErrorType = type[UserError] | type[ValueError]
RunStateValidationErrorFactory = Callable[
    [str, RunStateValidationErrorType], RunStateValidationError
]

ContextSerializer = Callable[[Any], Mapping[str, Any]]
ContextDeserializer = Callable[[Mapping[str, Any]], Any]
ContextOverride = Any

__all__ = [
    "CURRENT_SCHEMA_VERSION",
    "SCHEMA_VERSION_SUMMARIES",
    "SUPPORTED_SCHEMA_VERSIONS",
    "PendingFunctionCall",
    "RunState",
    "RunStateError",
    "SnapshotExpiredError",
    "SnapshotSignatureError",
]


@dataclass
class RunState(Generic[TContext, TAgent]):
    """A run paused on tool approvals (or any run, as a snapshot of its progress)."""

    _current_agent: Any
    _original_input: str | list[TResponseInputItem]
    _context: RunContextWrapper[TContext] | None
    _max_turns: int | None = 10
    _current_turn: int = 0
    _model_responses: list[ModelResponse] = field(default_factory=list)
    _generated_items: list[RunItem] = field(default_factory=list)
    """What the next model call sees."""
    _session_items: list[RunItem] = field(default_factory=list)
    """What the run reports as `new_items`."""
    _interruptions: list[ToolApprovalItem] = field(default_factory=list)
    _pending_calls: list[PendingFunctionCall] = field(default_factory=list)
    _last_model_response: ModelResponse | None = None
    _tool_use_tracker: dict[str, list[str]] = field(default_factory=dict)
    _input_guardrail_results: list[InputGuardrailResult] = field(default_factory=list)
    _output_guardrail_results: list[OutputGuardrailResult] = field(default_factory=list)
    _tool_input_guardrail_results: list[ToolInputGuardrailResult] = field(default_factory=list)
    _tool_output_guardrail_results: list[ToolOutputGuardrailResult] = field(default_factory=list)
    _conversation_id: str | None = None
    _previous_response_id: str | None = None
    _auto_previous_response_id: bool = False
    _trace: dict[str, Any] | None = None
    _reasoning_item_id_policy: str | None = None

    # --- decisions ---

    def get_interruptions(self) -> list[ToolApprovalItem]:
        """The tool calls waiting for a decision."""
        return list(self._interruptions)

    def _checked_context(self, verb: str) -> RunContextWrapper[TContext]:
        if self._context is None:
            raise UserError(f"Cannot {verb} tool: RunState has no context")
        return self._context

    def _decision_context(self, item: ToolApprovalItem, action: str) -> RunContextWrapper[Any]:
        """The context of the (possibly nested agent-tool) run the item paused: each run binds
        call ids to invocations in its own ledger, as upstream routes nested decisions."""
        context = self._checked_context(action)
        for _agent, nested in context._nested_states.values():
            if any(_same_call(item, pending) for pending in nested._interruptions):
                return nested._decision_context(item, action)  # type: ignore[no-any-return]
            deeper = nested._decision_context(item, action)
            if deeper is not nested._context:
                return deeper  # type: ignore[no-any-return]
        return context

    def approve(self, approval_item: ToolApprovalItem, always_approve: bool = False) -> None:
        """Approve the call (or, with `always_approve`, every later call of this tool by the
        same agent)."""
        self._decision_context(approval_item, "approve").approve_tool(approval_item, always_approve)

    def reject(
        self,
        approval_item: ToolApprovalItem,
        always_reject: bool = False,
        *,
        rejection_message: str | None = None,
    ) -> None:
        """Reject the call (or every call of this tool); `rejection_message` is what the model is
        told (else the run's `tool_error_formatter` or the default message)."""
        self._decision_context(approval_item, "reject").reject_tool(
            approval_item, always_reject, rejection_message=rejection_message
        )

    # --- serialisation ---

    def to_json(
        self,
        *,
        context_serializer: ContextSerializer | None = None,
        strict_context: bool = False,
        include_tracing_api_key: bool = False,
    ) -> dict[str, Any]:
        """The snapshot as a JSON-compatible dict (openai-agents 0.24's format)."""
        return encode_state(
            self,
            context_serializer=context_serializer,
            strict_context=strict_context,
            include_tracing_api_key=include_tracing_api_key,
        )

    def to_string(
        self,
        *,
        context_serializer: ContextSerializer | None = None,
        strict_context: bool = False,
        include_tracing_api_key: bool = False,
        signing_key: bytes | str | None = None,
        key_id: str = "default",
    ) -> str:
        """The snapshot as a JSON string; with `signing_key`, a signed envelope (HMAC-SHA256 over
        the key id, the time it was signed and the snapshot)."""
        text = json.dumps(
            self.to_json(
                context_serializer=context_serializer,
                strict_context=strict_context,
                include_tracing_api_key=include_tracing_api_key,
            ),
            separators=(",", ":"),
        )
        if signing_key is None:
            return text
        return sign_snapshot(text, signing_key, key_id=key_id)

    @staticmethod
    async def from_string(
        initial_agent: Agent[Any],
        state_string: str,
        *,
        context_override: ContextOverride | None = None,
        context_deserializer: ContextDeserializer | None = None,
        strict_context: bool = False,
        signing_key: bytes | str | Mapping[str, bytes | str] | None = None,
        max_age_seconds: float | None = None,
    ) -> RunState[Any, Agent[Any]]:
        """Restore a snapshot written by `to_string()` (ours or openai-agents 0.24's). With
        `signing_key` (a key, or a mapping of key id to key) the snapshot must be a signed
        envelope that verifies, and is younger than `max_age_seconds` when given."""
        if not isinstance(state_string, str):
            raise RunStateError(
                f"A RunState snapshot must be a str, got {type(state_string).__name__}."
            )
        if signing_key is not None:
            state_string = verify_snapshot(state_string, signing_key, max_age_seconds)
        try:
            data = json.loads(state_string)
        except (ValueError, RecursionError) as exc:
            raise RunStateError(f"Failed to parse run state JSON: {exc}") from None
        return await RunState.from_json(
            initial_agent,
            data,
            context_override=context_override,
            context_deserializer=context_deserializer,
            strict_context=strict_context,
        )

    @staticmethod
    async def from_json(
        initial_agent: Agent[Any],
        state_json: dict[str, Any],
        *,
        context_override: ContextOverride | None = None,
        context_deserializer: ContextDeserializer | None = None,
        strict_context: bool = False,
    ) -> RunState[Any, Agent[Any]]:
        """Restore a snapshot written by `to_json()` against `initial_agent`'s agent graph.
        A snapshot that cannot be restored raises `RunStateError`."""
        try:
            return await decode_state(
                RunState,
                initial_agent,
                state_json,
                context_override=context_override,
                context_deserializer=context_deserializer,
                strict_context=strict_context,
            )
        except UserError:
            raise
        except (TypeError, ValueError, AttributeError, KeyError, IndexError, RecursionError) as e:
            raise RunStateError(
                f"The RunState snapshot is malformed ({type(e).__name__}: {str(e)[:200]})."
            ) from None


# --- signed envelopes ---

_ENVELOPE_KIND = "agentkit.signed-run-state"


def _key_bytes(key: bytes | str) -> bytes:
    if isinstance(key, str):
        key = key.encode()
    if not isinstance(key, bytes) or len(key) < 16:
        raise UserError("A snapshot signing key must be at least 16 bytes.")
    return key


def _mac(key: bytes, key_id: str, signed_at: int, payload: str) -> str:
    message = f"{_ENVELOPE_KIND}\n{key_id}\n{signed_at}\n".encode() + payload.encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def _same_call(a: ToolApprovalItem, b: ToolApprovalItem) -> bool:
    return a is b or (
        a.call_id == b.call_id
        and a.tool_name == b.tool_name
        and getattr(a.agent, "name", None) == getattr(b.agent, "name", None)
    )


def sign_snapshot(payload: str, signing_key: bytes | str, *, key_id: str = "default") -> str:
    """`payload` in a signed envelope (key id, signing time, HMAC-SHA256)."""
    signed_at = int(time.time())
    mac = _mac(_key_bytes(signing_key), key_id, signed_at, payload)
    body = base64.urlsafe_b64encode(payload.encode()).decode()
    return json.dumps(
        {"kind": _ENVELOPE_KIND, "kid": key_id, "iat": signed_at, "payload": body, "mac": mac},
        separators=(",", ":"),
    )


def _parse_envelope(envelope: str) -> tuple[str, int, str, str]:
    try:
        data = json.loads(envelope)
    except (ValueError, RecursionError):
        raise SnapshotSignatureError("The signed snapshot is truncated or not JSON.") from None
    if not isinstance(data, dict) or data.get("kind") != _ENVELOPE_KIND:
        raise SnapshotSignatureError("The snapshot is not a signed RunState envelope.")
    kid, iat, body, mac = data.get("kid"), data.get("iat"), data.get("payload"), data.get("mac")
    if not (
        isinstance(kid, str) and type(iat) is int and isinstance(body, str) and isinstance(mac, str)
    ):
        raise SnapshotSignatureError("The signed snapshot envelope is incomplete.")
    try:
        payload = base64.urlsafe_b64decode(body.encode()).decode()
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise SnapshotSignatureError("The signed snapshot payload is corrupt.") from None
    return kid, iat, payload, mac


def verify_snapshot(
    envelope: str,
    signing_key: bytes | str | Mapping[str, bytes | str],
    max_age_seconds: float | None = None,
) -> str:
    """The payload of a signed envelope after checking its MAC (constant time) and age."""
    kid, iat, payload, mac = _parse_envelope(envelope)
    if isinstance(signing_key, Mapping):
        if kid not in signing_key:
            raise SnapshotSignatureError(f"The snapshot was signed with an unknown key {kid!r}.")
        key = _key_bytes(signing_key[kid])
    else:
        key = _key_bytes(signing_key)
    if not hmac.compare_digest(_mac(key, kid, iat, payload), mac):
        raise SnapshotSignatureError(
            "The snapshot signature does not match: it was modified or signed with another key."
        )
    if max_age_seconds is not None and time.time() - iat > max_age_seconds:
        raise SnapshotExpiredError(
            f"The snapshot was signed {int(time.time() - iat)}s ago, more than the allowed "
            f"{max_age_seconds:g}s."
        )
    return payload
