"""What a failed model call says about retrying it: the facts read off its exception (status,
headers, request id, error code), the OpenAI models' retry advice, and the switch with which the
runner turns off the HTTP client's own retries while it manages them itself.

Exceptions are read by attribute and class name, so agentkit's client errors and the `openai`
package's (from a duck-typed client) read the same.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # (imported where a failure is read: a run whose calls succeed never loads it)
    from ..retry import ModelRetryAdvice, ModelRetryAdviceRequest

_PROVIDER_RETRIES_DISABLED: ContextVar[bool] = ContextVar(
    "agentkit_provider_retries_disabled", default=False
)


@contextmanager
def provider_retries_disabled(disabled: bool) -> Iterator[None]:
    """Within the block, the OpenAI models send with the client's retries off (when `disabled`)."""
    token = _PROVIDER_RETRIES_DISABLED.set(disabled)
    try:
        yield
    finally:
        _PROVIDER_RETRIES_DISABLED.reset(token)


def client_for_call(client: Any) -> Any:
    """`client`, or a copy of it without retries while the runner manages them."""
    if _PROVIDER_RETRIES_DISABLED.get():
        with_options = getattr(client, "with_options", None)
        if callable(with_options):
            return with_options(max_retries=0)
    return client


def error_chain(error: BaseException) -> Iterator[BaseException]:
    """`error`, then its causes and contexts, each once."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def has_class_named(error: BaseException, *names: str) -> bool:
    """Whether `error` or one of its causes is an instance of a class with one of `names`."""
    return any(
        klass.__name__ in names
        for candidate in error_chain(error)
        for klass in type(candidate).__mro__
    )


def _header(headers: Any, key: str) -> str | None:
    if headers is None:
        return None
    getter = getattr(headers, "get", None)
    if not callable(getter):
        return None
    value = getter(key)
    if value is None and isinstance(headers, Mapping):
        value = next((v for k, v in headers.items() if str(k).lower() == key), None)
    return value if isinstance(value, str) else None


def error_header(error: BaseException, key: str) -> str | None:
    """A response header of the failed call (`key` lower-case), from the error or its causes."""
    for candidate in error_chain(error):
        response = getattr(candidate, "response", None)
        for headers in (
            getattr(response, "headers", None),
            getattr(candidate, "headers", None),
            getattr(candidate, "response_headers", None),
        ):
            value = _header(headers, key)
            if value is not None:
                return value
    return None


def _seconds(value: str | None, scale: float) -> float | None:
    if value is None:
        return None
    try:
        number = float(value) / scale
    except ValueError:
        if scale != 1.0:
            return None
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        return max(when.timestamp() - time.time(), 0.0)
    return number if number >= 0 else None


def retry_after(error: BaseException) -> float | None:
    """Seconds the server asked to wait (`retry-after-ms`, else `retry-after`)."""
    for candidate in error_chain(error):
        for key, scale in (("retry-after-ms", 1000.0), ("retry-after", 1.0)):
            value = _seconds(error_header(candidate, key), scale)
            if value is not None:
                return value
    return None


def _first_attribute(error: BaseException, names: tuple[str, ...], kind: type) -> Any:
    for candidate in error_chain(error):
        for name in names:
            value = getattr(candidate, name, None)
            if isinstance(value, kind) and not isinstance(value, bool):
                return value
    return None


def status_code(error: BaseException) -> int | None:
    return _first_attribute(error, ("status_code", "status"), int)  # type: ignore[no-any-return]


def request_id(error: BaseException) -> str | None:
    return _first_attribute(error, ("request_id",), str)  # type: ignore[no-any-return]


def error_code(error: BaseException) -> str | None:
    """The API's error code (`error.code`, or the body's `code`)."""
    for candidate in error_chain(error):
        code = getattr(candidate, "code", None)
        if isinstance(code, str):
            return code
        body = getattr(candidate, "body", None)
        if isinstance(body, Mapping):
            nested = body.get("error")
            for source in (nested, body):
                if isinstance(source, Mapping) and isinstance(source.get("code"), str):
                    return str(source["code"])
    return None


def is_connection_error(error: BaseException) -> bool:
    return has_class_named(error, "APIConnectionError")


def is_timeout_error(error: BaseException) -> bool:
    return has_class_named(error, "APITimeoutError")


_UNSAFE_WEBSOCKET_TEXT = (
    "the request may have been accepted, so the sdk will not automatically retry this websocket "
    "request."
)


def openai_retry_advice(request: ModelRetryAdviceRequest) -> ModelRetryAdvice | None:
    """The OpenAI models' reading of a failure, as the official SDK's retry rules have it."""
    from ..retry import ModelRetryAdvice, ModelRetryNormalizedError

    error = request.error
    reason = str(error)
    if getattr(error, "unsafe_to_replay", False) or _UNSAFE_WEBSOCKET_TEXT in reason.lower():
        return ModelRetryAdvice(suggested=False, replay_safety="unsafe", reason=reason)
    delay = retry_after(error)
    normalized = ModelRetryNormalizedError(
        status_code=status_code(error),
        error_code=error_code(error),
        message=reason,
        request_id=request_id(error),
        retry_after=delay,
        is_abort=False,
        is_network_error=is_connection_error(error),
        is_timeout=is_timeout_error(error),
    )
    advice = ModelRetryAdvice(retry_after=delay, reason=reason, normalized=normalized)
    hint = error_header(error, "x-should-retry")
    hint = hint.strip().lower() if hint is not None else None
    if hint == "true":
        advice.suggested, advice.replay_safety = True, "safe"
        return advice
    if hint == "false":
        advice.suggested = False
        return advice
    if normalized.is_network_error or normalized.is_timeout:
        advice.suggested = True
        return advice
    status = normalized.status_code
    if status is not None and (status in (408, 409, 429) or status >= 500):
        advice.suggested = True
        if request.previous_response_id or request.conversation_id:
            advice.replay_safety = "safe"
        return advice
    return advice if delay is not None else None
