"""Runner-managed retries of a model call (`ModelSettings.retry`), plain and streamed.

One attempt is one model call within `ModelSettings.timeout`. After a failure the model's advice
(`Model.get_retry_advice`) and the policy decide; the runner's own vetoes come first: a
cancellation, a stream that already delivered output (anything past `response.created` /
`response.in_progress`), a replay the provider marks unsafe, and a stateful request (previous
response id or conversation) that nothing marked safe to replay. Each failed attempt counts as a
request with zero tokens in the usage. While the runner manages retries, the HTTP client's own
retries are switched off where they could replay behind its back.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import TYPE_CHECKING, Any, TypeVar

from typing_extensions import ParamSpec

from ..exceptions import ModelTimeoutError
from ..logger import logger
from ..models._retry_advice import (
    _PROVIDER_RETRIES_DISABLED,
    error_chain,
    error_code,
    has_class_named,
    provider_retries_disabled,
    request_id,
    retry_after,
    status_code,
)
from ..usage import RequestUsage, Usage

if TYPE_CHECKING:
    from ..items import ModelResponse
    from ..models.interface import Model
    from ..retry import (
        ModelRetryAdvice,
        ModelRetryBackoffSettings,
        ModelRetryNormalizedError,
        ModelRetrySettings,
        RetryDecision,
        RetryPolicyContext,
    )

# `agentkit.retry` (the policy types) is imported by the failure paths below, on a run's first
# failed model call: a run whose calls succeed never loads it.

T = TypeVar("T")
P = ParamSpec("P")

DEFAULT_INITIAL_DELAY = 0.25
DEFAULT_MAX_DELAY = 2.0
DEFAULT_MULTIPLIER = 2.0
CONVERSATION_LOCKED_RETRIES = 3
"""A `conversation_locked` answer is retried this often (1 s, 2 s, 4 s) unless `max_retries=0`."""
_SAFE_STREAM_EVENTS = frozenset({"response.created", "response.in_progress"})


class RetryCall:
    """One model call's retry bookkeeping: its settings, the attempt counters, and the advice."""

    def __init__(
        self,
        model: Model,
        settings: ModelRetrySettings | None,
        timeout: float | None,
        *,
        stream: bool,
        previous_response_id: str | None,
        conversation_id: str | None,
    ) -> None:
        self.model = model
        self.settings = settings
        self.timeout = timeout
        self.stream = stream
        self.previous_response_id = previous_response_id
        self.conversation_id = conversation_id
        self.request_attempt = 1
        self.policy_attempt = 1
        self.failed_attempts = 0
        self.locked_retries = 0

    @property
    def stateful(self) -> bool:
        return bool(self.previous_response_id or self.conversation_id)

    @property
    def max_retries(self) -> int:
        value = self.settings.max_retries if self.settings is not None else None
        return max(value or 0, 0)

    def provider_retries_off(self) -> bool:
        """Whether this attempt must go out without the HTTP client's own retries."""
        settings = self.settings
        if settings is not None and settings.max_retries is not None and settings.max_retries <= 0:
            return True  # an explicit "no retries" means none anywhere
        if self.request_attempt > 1:
            if self.stateful:
                return True
            return settings is not None and settings.policy is not None and self.max_retries > 0
        if settings is None or not self.stateful:
            return False
        # A stateful request goes through the runner's replay checks, never hidden retries.
        return self.max_retries > 0 and settings.policy is not None

    def attempt(
        self, call: Callable[P, Awaitable[T]], *args: P.args, **kwargs: P.kwargs
    ) -> Awaitable[T]:
        """One attempt, `call(*args, **kwargs)` (to await), within the timeout, with the client's
        retries on or off."""
        retries_off = self.provider_retries_off()
        if self.timeout is None and retries_off == _PROVIDER_RETRIES_DISABLED.get():
            # No timeout and the switch already reads so (the usual case: off, and nobody turned
            # it on): the call itself, with no coroutine or context manager held around it.
            return call(*args, **kwargs)
        return self._attempt(retries_off, call, *args, **kwargs)

    async def _attempt(
        self, retries_off: bool, call: Callable[P, Awaitable[T]], *args: P.args, **kwargs: P.kwargs
    ) -> T:
        async def run() -> T:
            with provider_retries_disabled(retries_off):
                return await call(*args, **kwargs)

        if self.timeout is None:
            return await run()
        try:
            return await asyncio.wait_for(run(), self.timeout)
        except asyncio.TimeoutError as e:
            raise ModelTimeoutError(self.timeout) from e

    async def after_failure(self, error: Exception, *, output_delivered: bool) -> bool:
        """Decide on a retry of the failed attempt; wait the delay when retrying."""
        delay = self._conversation_locked_delay(error)
        if delay is None:
            from ..retry import ModelRetryAdviceRequest

            advice = self.model.get_retry_advice(
                ModelRetryAdviceRequest(
                    error=error,
                    attempt=self.policy_attempt,
                    stream=self.stream,
                    previous_response_id=self.previous_response_id,
                    conversation_id=self.conversation_id,
                )
            )
            decision = await self._decide(error, advice, output_delivered)
            if not decision.retry:
                return False
            delay = decision.delay or 0.0
            logger.debug(
                "Retrying failed model request in %ss (attempt %s/%s).",
                delay,
                self.policy_attempt,
                self.max_retries,
            )
            self.policy_attempt += 1
            self.failed_attempts += 1
        self.request_attempt += 1
        if delay > 0:
            await asyncio.sleep(delay)
        return True

    def _conversation_locked_delay(self, error: Exception) -> float | None:
        settings = self.settings
        if getattr(error, "code", None) != "conversation_locked" or not has_class_named(
            error, "BadRequestError"
        ):
            return None
        if settings is not None and settings.max_retries is not None and settings.max_retries <= 0:
            return None
        if self.locked_retries >= CONVERSATION_LOCKED_RETRIES:
            return None
        self.locked_retries += 1
        logger.debug("Conversation locked, retrying (attempt %s).", self.locked_retries)
        return float(2 ** (self.locked_retries - 1))

    async def _decide(
        self, error: Exception, advice: ModelRetryAdvice | None, output_delivered: bool
    ) -> RetryDecision:
        from ..retry import RetryDecision, RetryPolicyContext, _decide

        reason = advice.reason if advice is not None else None
        if self.policy_attempt > self.max_retries:
            return RetryDecision(retry=False)
        normalized = normalized_error(error, advice)
        context = RetryPolicyContext(
            error=error,
            attempt=self.policy_attempt,
            max_retries=self.max_retries,
            stream=self.stream,
            normalized=normalized,
            provider_advice=advice,
            previous_response_id=self.previous_response_id,
            conversation_id=self.conversation_id,
        )
        unsafe = context.replay_safety == "unsafe"
        if normalized.is_abort or output_delivered or (unsafe and self.stream):
            return RetryDecision(retry=False, reason=reason)
        policy = self.settings.policy if self.settings is not None else None
        if policy is None:
            return RetryDecision(retry=False)
        decision = await _decide(policy, context)
        if not decision.retry:
            return decision
        return self._vetted(decision, context, normalized)

    def _vetted(
        self,
        decision: RetryDecision,
        context: RetryPolicyContext,
        normalized: ModelRetryNormalizedError,
    ) -> RetryDecision:
        """The policy's yes, unless replaying is not known to be safe; with its delay."""
        from ..retry import RetryDecision

        advice = context.provider_advice
        reason = decision.reason or (advice.reason if advice is not None else None)
        safe = context.replay_safety == "safe" or decision._approves_replay
        unsafe = context.replay_safety == "unsafe"
        if self.stateful and not (safe or (decision.approve_unsafe_replay and unsafe)):
            return RetryDecision(retry=False, reason=reason)
        if unsafe and not (decision._approves_replay or decision.approve_unsafe_replay):
            return RetryDecision(retry=False, reason=reason)
        delay = decision.delay
        if delay is None:
            delay = normalized.retry_after
        if delay is None:
            backoff = self.settings.backoff if self.settings is not None else None
            delay = backoff_delay(self.policy_attempt, backoff)  # type: ignore[arg-type]
        return RetryDecision(retry=True, delay=delay, reason=reason)


def backoff_delay(attempt: int, backoff: ModelRetryBackoffSettings | None) -> float:
    """The wait before retry number `attempt` (1-based) when the policy gives none."""
    from ..retry import ModelRetryBackoffSettings

    settings = backoff or ModelRetryBackoffSettings()
    initial = (
        settings.initial_delay if settings.initial_delay is not None else DEFAULT_INITIAL_DELAY
    )
    cap = settings.max_delay if settings.max_delay is not None else DEFAULT_MAX_DELAY
    factor = settings.multiplier if settings.multiplier is not None else DEFAULT_MULTIPLIER
    delay = min(initial * factor ** max(attempt - 1, 0), cap)
    if settings.jitter is False:
        return delay
    return min(max(delay * (0.875 + random.random() * 0.25), 0.0), cap)


def _is_abort(error: BaseException) -> bool:
    if isinstance(error, ModelTimeoutError):
        return False
    return any(
        isinstance(e, asyncio.CancelledError)
        or type(e).__name__ in ("AbortError", "CancelledError")
        for e in error_chain(error)
    )


_NETWORK_CLASSES = (
    "APIConnectionError",
    "APITimeoutError",
    "TimeoutError",
    "ConnectError",
    "ReadError",
    "RemoteProtocolError",
    "TimeoutException",
    "WriteError",
    "ConnectionClosed",
    "ConnectionClosedError",
)
_NETWORK_WORDS = ("connection error", "network error", "socket hang up", "connection closed")


def _is_network(error: BaseException) -> bool:
    if has_class_named(error, *_NETWORK_CLASSES):
        return True
    text = str(error).lower()
    return any(word in text for word in _NETWORK_WORDS)


def normalized_error(
    error: Exception, advice: ModelRetryAdvice | None
) -> ModelRetryNormalizedError:
    """The runner's reading of a failure, corrected by the fields the model's advice set."""
    from ..retry import ModelRetryNormalizedError

    normalized = ModelRetryNormalizedError(
        status_code=status_code(error),
        error_code=error_code(error),
        message=str(error),
        request_id=request_id(error),
        retry_after=retry_after(error),
        is_abort=_is_abort(error),
        is_network_error=_is_network(error),
        is_timeout=isinstance(error, ModelTimeoutError)
        or has_class_named(error, "APITimeoutError", "TimeoutError", "ModelTimeoutError"),
    )
    if advice is None:
        return normalized
    if advice.retry_after is not None:
        normalized.retry_after = advice.retry_after
    override = advice.normalized
    if override is not None:
        explicit: frozenset[str] = getattr(override, "_explicit_fields", frozenset())
        for name in explicit - {"is_abort"}:
            setattr(normalized, name, getattr(override, name))
        if "is_abort" in explicit:  # advice can add an abort, never clear one
            normalized.is_abort = normalized.is_abort or override.is_abort
    return normalized


def with_failed_attempts(usage: Usage, failed: int) -> Usage:
    """`usage` of the successful attempt with `failed` earlier attempts counted as requests."""
    if failed <= 0:
        return usage
    entries = list(usage.request_usage_entries) or [
        RequestUsage(
            input_tokens=usage.input_tokens,
            output_tokens=usage.output_tokens,
            total_tokens=usage.total_tokens,
            input_tokens_details=usage.input_tokens_details,
            output_tokens_details=usage.output_tokens_details,
        )
    ]
    zero = Usage()
    usage.requests = max(usage.requests, 1) + failed
    usage.request_usage_entries = [
        RequestUsage(
            input_tokens=0,
            output_tokens=0,
            total_tokens=0,
            input_tokens_details=zero.input_tokens_details,
            output_tokens_details=zero.output_tokens_details,
        )
        for _ in range(failed)
    ] + entries
    return usage


async def response_with_retry(
    retry: RetryCall,
    get_response: Callable[..., Awaitable[ModelResponse]],
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
) -> ModelResponse:
    """The model's response, `get_response(*args, **kwargs)`, retrying failed attempts as `retry`
    decides."""
    while True:
        try:
            response = await retry.attempt(get_response, *args, **kwargs)
        except Exception as error:
            if not await retry.after_failure(error, output_delivered=False):
                raise
            continue
        response.usage = with_failed_attempts(
            response.usage, retry.failed_attempts + retry.locked_retries
        )
        return response


async def stream_with_retry(
    retry: RetryCall,
    open_stream: Callable[[], AsyncIterator[Any]],
    consume: Callable[[AsyncIterator[Any], Callable[[Any], bool]], Awaitable[T]],
) -> tuple[T, int]:
    """Consume a streamed answer, retrying an attempt that failed before delivering output.

    `consume(stream, seen)` reads one attempt's stream, calling `seen(event)` for each event
    before passing it on, until `seen` returns True (output was delivered: later events change
    nothing). Returns its result and the number of failed attempts.
    """
    while True:
        delivered = False

        def seen(event: Any) -> bool:
            nonlocal delivered
            if getattr(event, "type", None) not in _SAFE_STREAM_EVENTS:
                delivered = True
            return delivered

        def attempt() -> Awaitable[T]:
            return _consume_and_close(open_stream(), consume, seen)

        try:
            result = await retry.attempt(attempt)
        except Exception as error:
            if not await retry.after_failure(error, output_delivered=delivered):
                raise
            continue
        return result, retry.failed_attempts + retry.locked_retries


async def _consume_and_close(
    stream: AsyncIterator[Any],
    consume: Callable[[AsyncIterator[Any], Callable[[Any], bool]], Awaitable[T]],
    seen: Callable[[Any], bool],
) -> T:
    """Run `consume` over `stream`, then close the stream whatever happened."""
    try:
        return await consume(stream, seen)
    finally:
        aclose = getattr(stream, "aclose", None)
        if aclose is not None:
            try:
                await aclose()
            except Exception as e:  # a broken stream's close must not hide its error
                logger.debug("Ignoring an error closing a failed model stream: %s", e)
