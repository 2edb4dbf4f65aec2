"""Runner-managed retries of failed model calls: the settings, the facts a policy sees, and the
ready-made policies (`retry_policies`).

Retries are opt-in: `ModelSettings(retry=ModelRetrySettings(max_retries=2,
policy=retry_policies.provider_suggested()))`. The runner replays a failed call (a streamed one
only while nothing but `response.created` / `response.in_progress` has arrived) when the policy
says so, within `max_retries`, waiting the policy's delay, the server's `retry-after`, or the
backoff. The runner itself lives in `agentkit._run.model_retry`; this module is configuration.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import field
from inspect import isawaitable
from typing import Any, TypeAlias

from .util._dataclass import dataclass
from .util._types import MaybeAwaitable

__all__ = [
    "ModelRetryAdvice",
    "ModelRetryAdviceRequest",
    "ModelRetryBackoffInput",
    "ModelRetryBackoffSettings",
    "ModelRetryNormalizedError",
    "ModelRetrySettings",
    "RetryDecision",
    "RetryPolicy",
    "RetryPolicyContext",
    "retry_policies",
    "retry_policy_retries_all_transient_errors",
    "retry_policy_retries_safe_transport_errors",
]


def _non_negative(owner: str, name: str, value: object) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value):
        raise TypeError(f"{owner}.{name} must be a number or None, got {value!r}")
    if value < 0:
        raise ValueError(f"{owner}.{name} must be greater than or equal to 0, got {value!r}")


def _check_keys(owner: str, value: Mapping[str, Any], cls: type[Any]) -> None:
    known = {f.name for f in dataclasses.fields(cls)}
    unknown = sorted(str(k) for k in value if k not in known)
    if unknown:
        raise TypeError(
            f"Unknown {owner} settings: {', '.join(unknown)} (expected some of {sorted(known)})"
        )


@dataclass
class ModelRetryBackoffSettings:
    """How long to wait between retries when the policy names no delay (unset: the default)."""

    initial_delay: float | None = None
    """Seconds before the first retry (default 0.25)."""
    max_delay: float | None = None
    """Cap on any one wait, in seconds (default 2.0)."""
    multiplier: float | None = None
    """Growth factor per retry (default 2.0)."""
    jitter: bool | None = None
    """Randomise each wait by ±12.5% (default on)."""

    def __post_init__(self) -> None:
        for name in ("initial_delay", "max_delay", "multiplier"):
            _non_negative("ModelRetryBackoffSettings", name, getattr(self, name))
        if self.jitter is not None and not isinstance(self.jitter, bool):
            raise TypeError(
                f"ModelRetryBackoffSettings.jitter must be a bool or None, got {self.jitter!r}"
            )

    def to_json_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


ModelRetryBackoffInput: TypeAlias = ModelRetryBackoffSettings | dict[str, Any]


def _as_backoff(value: Any) -> ModelRetryBackoffSettings | None:
    if value is None or isinstance(value, ModelRetryBackoffSettings):
        return value
    if isinstance(value, Mapping):
        _check_keys("retry.backoff", value, ModelRetryBackoffSettings)
        return ModelRetryBackoffSettings(**value)
    raise TypeError(
        "ModelRetrySettings.backoff must be a ModelRetryBackoffSettings or a dict, "
        f"got {type(value).__name__}"
    )


_UNSET: Any = object()
_NORMALIZED_DEFAULTS: dict[str, Any] = {
    "status_code": None,
    "error_code": None,
    "message": None,
    "request_id": None,
    "retry_after": None,
    "is_abort": False,
    "is_network_error": False,
    "is_timeout": False,
}


@dataclass(init=False)
class ModelRetryNormalizedError:
    """What the runner knows about a failed call, whatever the provider's exception type.

    A provider's advice may carry one of these to correct the runner's own reading; only the
    fields it was built with count as corrections.
    """

    status_code: int | None = None
    error_code: str | None = None
    message: str | None = None
    request_id: str | None = None
    retry_after: float | None = None
    is_abort: bool = False
    is_network_error: bool = False
    is_timeout: bool = False

    def __init__(
        self,
        status_code: int | None = _UNSET,
        error_code: str | None = _UNSET,
        message: str | None = _UNSET,
        request_id: str | None = _UNSET,
        retry_after: float | None = _UNSET,
        is_abort: bool = _UNSET,
        is_network_error: bool = _UNSET,
        is_timeout: bool = _UNSET,
    ) -> None:
        given = {
            "status_code": status_code,
            "error_code": error_code,
            "message": message,
            "request_id": request_id,
            "retry_after": retry_after,
            "is_abort": is_abort,
            "is_network_error": is_network_error,
            "is_timeout": is_timeout,
        }
        for name, value in given.items():
            setattr(self, name, _NORMALIZED_DEFAULTS[name] if value is _UNSET else value)
        self._explicit_fields = frozenset(n for n, v in given.items() if v is not _UNSET)


@dataclass
class ModelRetryAdvice:
    """A model's own reading of a failure (`Model.get_retry_advice`)."""

    suggested: bool | None = None
    """`True`: the provider would retry; `False`: it would not; `None`: no opinion."""
    retry_after: float | None = None
    replay_safety: str | None = None
    """`"safe"`, `"unsafe"` or `None` (unknown)."""
    reason: str | None = None
    normalized: ModelRetryNormalizedError | None = None
    response_started: bool = False
    """The provider had started answering when the call failed."""


@dataclass
class ModelRetryAdviceRequest:
    """What a model is told when asked for advice about a failed call."""

    error: Exception
    attempt: int
    stream: bool
    previous_response_id: str | None = None
    conversation_id: str | None = None


@dataclass
class RetryDecision:
    """A policy's answer: retry or not, after how long, and why."""

    retry: bool
    delay: float | None = None
    reason: str | None = None
    approve_unsafe_replay: bool = False
    """Replay even a request the provider marked unsafe to repeat. A plain `retry=True` never
    does; set this only when repeating work the provider may already have done is acceptable."""
    # Marks set by the built-in policies; combinators read them, users never set them.
    _hard_veto: bool = field(default=False, init=False, repr=False, compare=False)
    _delegable_replay_veto: bool = field(default=False, init=False, repr=False, compare=False)
    _approves_replay: bool = field(default=False, init=False, repr=False, compare=False)


@dataclass
class RetryPolicyContext:
    """What a retry policy is asked about: the failure, the attempt, and the provider's advice."""

    error: Exception
    attempt: int
    max_retries: int
    stream: bool
    normalized: ModelRetryNormalizedError
    provider_advice: ModelRetryAdvice | None = None
    previous_response_id: str | None = None
    conversation_id: str | None = None

    @property
    def response_started(self) -> bool:
        """The provider had started answering when the call failed."""
        advice = self.provider_advice
        return bool(advice.response_started) if advice is not None else False

    @property
    def replay_safety(self) -> str:
        """The provider's classification: `"safe"`, `"unsafe"` or `"unknown"`."""
        advice = self.provider_advice
        value = advice.replay_safety if advice is not None else None
        return value if value in ("safe", "unsafe") else "unknown"

    @property
    def stateful_request(self) -> bool:
        """The request continued server-side state (`previous_response_id` or a conversation)."""
        return bool(self.previous_response_id or self.conversation_id)

    @property
    def _suggested(self) -> bool | None:
        return self.provider_advice.suggested if self.provider_advice is not None else None


RetryPolicy: TypeAlias = Callable[[RetryPolicyContext], MaybeAwaitable[bool | RetryDecision]]

_SAFE_TRANSPORT_ATTR = "_agentkit_retries_safe_transport_errors"
_ALL_TRANSIENT_ATTR = "_agentkit_retries_all_transient_errors"


def _capabilities(policy: RetryPolicy, *, safe_transport: bool, all_transient: bool) -> RetryPolicy:
    setattr(policy, _SAFE_TRANSPORT_ATTR, safe_transport)
    setattr(policy, _ALL_TRANSIENT_ATTR, all_transient)
    return policy


def retry_policy_retries_safe_transport_errors(policy: RetryPolicy | None) -> bool:
    """Whether `policy` (a built-in one) retries transport failures the provider marks safe."""
    return policy is not None and bool(getattr(policy, _SAFE_TRANSPORT_ATTR, False))


def retry_policy_retries_all_transient_errors(policy: RetryPolicy | None) -> bool:
    """Whether `policy` (a built-in one) retries every transient failure."""
    return policy is not None and bool(getattr(policy, _ALL_TRANSIENT_ATTR, False))


@dataclass
class ModelRetrySettings:
    """Opt-in retries of failed model calls, run by the runner."""

    max_retries: int | None = None
    """Retries after the first attempt (`0` also turns off the HTTP client's own retries)."""
    backoff: ModelRetryBackoffInput | None = None
    """Waits between retries when the policy gives no delay."""
    policy: Callable[..., Any] | None = field(default=None, repr=False)
    """Decides each retry (see `retry_policies`); never serialized."""

    def __post_init__(self) -> None:
        if self.max_retries is not None and (
            isinstance(self.max_retries, bool) or not isinstance(self.max_retries, int)
        ):
            raise TypeError(
                f"ModelRetrySettings.max_retries must be an int or None, got {self.max_retries!r}"
            )
        self.backoff = _as_backoff(self.backoff)
        if self.policy is not None and not callable(self.policy):
            raise TypeError(
                "ModelRetrySettings.policy must be a callable taking a RetryPolicyContext, "
                f"got {type(self.policy).__name__}"
            )

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        # Inside pydantic models and TypeAdapters the policy is runtime-only, as upstream's
        # `Field(exclude=True)`: serialized settings never carry it.
        from pydantic_core import core_schema

        schema = handler(source)
        schema["serialization"] = core_schema.plain_serializer_function_ser_schema(
            lambda value: value.to_json_dict() if isinstance(value, ModelRetrySettings) else value
        )
        return schema

    def to_json_dict(self) -> dict[str, Any]:
        backoff = _as_backoff(self.backoff)
        return {
            "max_retries": self.max_retries,
            "backoff": backoff.to_json_dict() if backoff is not None else None,
        }


def _coerce_retry_settings(value: Any) -> ModelRetrySettings | None:
    """`ModelSettings.retry` as settings: a mapping is checked and converted."""
    if value is None or isinstance(value, ModelRetrySettings):
        return value
    if isinstance(value, Mapping):
        _check_keys("retry", value, ModelRetrySettings)
        return ModelRetrySettings(**value)
    raise TypeError(
        f"ModelSettings.retry must be a ModelRetrySettings or a dict, got {type(value).__name__}"
    )


def _merge_retry_settings(
    base: ModelRetrySettings | None, override: ModelRetrySettings | None
) -> ModelRetrySettings | None:
    """`override`'s set fields over `base`'s; the backoffs merge field by field."""
    if base is None or override is None:
        return override if base is None else base
    backoff = _merge_set_fields(_as_backoff(base.backoff), _as_backoff(override.backoff))
    changes = {
        f.name: getattr(override, f.name)
        for f in dataclasses.fields(override)
        if f.name != "backoff" and getattr(override, f.name) is not None
    }
    return dataclasses.replace(base, **changes, backoff=backoff)


def _merge_set_fields(
    base: ModelRetryBackoffSettings | None, override: ModelRetryBackoffSettings | None
) -> ModelRetryBackoffSettings | None:
    if base is None or override is None:
        return override if base is None else base
    changes = {
        f.name: getattr(override, f.name)
        for f in dataclasses.fields(override)
        if getattr(override, f.name) is not None
    }
    return dataclasses.replace(base, **changes)


async def _decide(policy: RetryPolicy, context: RetryPolicyContext) -> RetryDecision:
    """Run a policy (sync or async) and read its answer as a decision."""
    value = policy(context)
    if isawaitable(value):
        value = await value
    return value if isinstance(value, RetryDecision) else RetryDecision(retry=bool(value))


def _marked(decision: RetryDecision, *, veto: bool = False, delegable: bool = False,
            approves: bool = False) -> RetryDecision:  # fmt: skip
    decision._hard_veto = decision._hard_veto or veto or delegable
    decision._delegable_replay_veto = decision._delegable_replay_veto or delegable
    decision._approves_replay = decision._approves_replay or approves
    return decision


def _combine_positive(first: RetryDecision, later: RetryDecision) -> RetryDecision:
    """Two retry answers as one: the later one's delay and reason win where it sets them."""
    combined = RetryDecision(
        retry=True,
        delay=later.delay if later.delay is not None else first.delay,
        reason=later.reason if later.reason is not None else first.reason,
        approve_unsafe_replay=first.approve_unsafe_replay or later.approve_unsafe_replay,
    )
    return _marked(combined, approves=first._approves_replay or later._approves_replay)


def _lift_replay_veto(veto: RetryDecision, approval: RetryDecision) -> RetryDecision:
    """A provider's "unsafe to replay" veto, lifted only by an explicit approval."""
    if not (approval.retry and approval.approve_unsafe_replay):
        return veto
    lifted = RetryDecision(
        retry=True,
        delay=approval.delay,
        reason=approval.reason or veto.reason,
        approve_unsafe_replay=True,
    )
    return _marked(lifted, approves=approval._approves_replay)


class _RetryPolicies:
    """The ready-made policies; combine them with `all(...)` / `any(...)`."""

    def never(self) -> RetryPolicy:
        """Never retry."""

        def never(_context: RetryPolicyContext) -> bool:
            return False

        return _capabilities(never, safe_transport=False, all_transient=False)

    def provider_suggested(self) -> RetryPolicy:
        """Retry when the model's advice says to (its "no" is a veto inside `all`/`any`)."""

        def provider_suggested(context: RetryPolicyContext) -> bool | RetryDecision:
            advice = context.provider_advice
            suggested = context._suggested
            if advice is None or suggested is None:
                return False
            if suggested is False:
                decision = RetryDecision(retry=False, reason=advice.reason)
                if context.replay_safety == "unsafe":
                    return _marked(decision, delegable=True)
                return _marked(decision, veto=True)
            decision = RetryDecision(retry=True, delay=advice.retry_after, reason=advice.reason)
            return _marked(decision, approves=context.replay_safety == "safe")

        return _capabilities(provider_suggested, safe_transport=True, all_transient=False)

    def network_error(self) -> RetryPolicy:
        """Retry connection failures and timeouts."""

        def network_error(context: RetryPolicyContext) -> bool:
            return context.normalized.is_network_error or context.normalized.is_timeout

        return _capabilities(network_error, safe_transport=True, all_transient=False)

    def retry_after(self) -> RetryPolicy:
        """Retry when the server said when to (`retry-after` / `retry-after-ms`), after that."""

        def retry_after(context: RetryPolicyContext) -> bool | RetryDecision:
            delay = context.normalized.retry_after
            if delay is None and context.provider_advice is not None:
                delay = context.provider_advice.retry_after
            return False if delay is None else RetryDecision(retry=True, delay=delay)

        return _capabilities(retry_after, safe_transport=False, all_transient=False)

    def http_status(self, statuses: Iterable[int]) -> RetryPolicy:
        """Retry when the HTTP status is one of `statuses`."""
        wanted = frozenset(statuses)

        def http_status(context: RetryPolicyContext) -> bool:
            return context.normalized.status_code in wanted

        return _capabilities(http_status, safe_transport=False, all_transient=False)

    def all(self, *policies: RetryPolicy) -> RetryPolicy:
        """Retry only when every policy says so (the last delay and reason given win)."""
        if not policies:
            return self.never()

        async def all_of(context: RetryPolicyContext) -> bool | RetryDecision:
            merged = RetryDecision(retry=True)
            replay_veto: RetryDecision | None = None
            for policy in policies:
                decision = await _decide(policy, context)
                if decision._delegable_replay_veto:
                    replay_veto = replay_veto or decision
                    continue
                if decision._hard_veto or not decision.retry:
                    return decision
                merged = _combine_positive(merged, decision)
            return merged if replay_veto is None else _lift_replay_veto(replay_veto, merged)

        return _capabilities(
            all_of,
            safe_transport=all(retry_policy_retries_safe_transport_errors(p) for p in policies),
            all_transient=all(retry_policy_retries_all_transient_errors(p) for p in policies),
        )

    def any(self, *policies: RetryPolicy) -> RetryPolicy:
        """Retry when some policy says so, unless one vetoes (the first yes leads)."""
        if not policies:
            return self.never()

        async def any_of(context: RetryPolicyContext) -> bool | RetryDecision:
            positive: RetryDecision | None = None
            negative: RetryDecision | None = None
            replay_veto: RetryDecision | None = None
            for policy in policies:
                decision = await _decide(policy, context)
                if decision._delegable_replay_veto:
                    replay_veto = replay_veto or decision
                elif decision._hard_veto:
                    return decision
                elif decision.retry:
                    positive = (
                        decision if positive is None else _combine_positive(positive, decision)
                    )
                else:
                    negative = decision
            if replay_veto is not None:
                return replay_veto if positive is None else _lift_replay_veto(replay_veto, positive)
            return positive or negative or RetryDecision(retry=False)

        return _capabilities(
            any_of,
            safe_transport=any(retry_policy_retries_safe_transport_errors(p) for p in policies),
            all_transient=any(retry_policy_retries_all_transient_errors(p) for p in policies),
        )


retry_policies = _RetryPolicies()
"""The ready-made retry policies: `never`, `provider_suggested`, `network_error`, `retry_after`,
`http_status(...)`, and the combinators `all(...)` / `any(...)`."""
