"""Request helpers both OpenAI models share: building and sending a request, opening and
closing its event stream, and recording a call's usage or error on its tracing span."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Coroutine, Mapping
from typing import TYPE_CHECKING, Any

from ..exceptions import ModelBehaviorError, UserError
from ..logger import logger

if TYPE_CHECKING:
    import httpx

    from ..client import AsyncOpenAI, AsyncStream
    from ..tracing import Span
    from ..usage import Usage
    from .interface import ModelTracing


class _Omit:
    """Marks a request field that must not be sent (distinct from an explicit `None`)."""

    def __repr__(self) -> str:
        return "OMIT"


_OMIT: Any = _Omit()


def _non_null_or_omit(value: Any) -> Any:
    return _OMIT if value is None else value


_PLAIN_SCALARS = frozenset({str, int, float, bool, type(None)})


def _jsonable(value: Any) -> Any:
    """Plain JSON data for request bodies: wire models become dicts of their set fields."""
    # Plain dicts, lists and scalars (nearly every value of a request) are recognised by their
    # exact type first: the pydantic import and the isinstance checks below run per value.
    kind = type(value)
    if kind in _PLAIN_SCALARS:
        return value
    if kind is dict:
        return {k: _jsonable(v) for k, v in value.items()}
    if kind is list:
        return [_jsonable(v) for v in value]
    from pydantic import BaseModel

    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", exclude_unset=True, by_alias=True)
    if isinstance(value, Mapping):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


def _encodable(value: Any) -> Any:
    """`_jsonable` for a value that is only going to be encoded: plain dicts and lists whose
    contents are already plain come back as they are rather than copied (the request body of
    every call would otherwise copy its input items and tool schemas once more)."""
    kind = type(value)
    if kind in _PLAIN_SCALARS:
        return value
    if kind is dict:
        copy: dict[Any, Any] | None = None
        for key, item in value.items():
            new = _encodable(item)
            if new is not item:
                copy = dict(value) if copy is None else copy
                copy[key] = new
        return value if copy is None else copy
    if kind is list:
        items: list[Any] | None = None
        for index, item in enumerate(value):
            new = _encodable(item)
            if new is not item:
                items = list(value) if items is None else items
                items[index] = new
        return value if items is None else items
    return _jsonable(value)


def _coerce_client(client: Any) -> AsyncOpenAI:
    from ..client import AsyncOpenAI, coerce_client

    if client is None:
        return AsyncOpenAI()
    if isinstance(client, AsyncOpenAI):
        return client
    return coerce_client(client)


def _split_request(
    kwargs: dict[str, Any],
) -> tuple[dict[str, Any], dict[str, Any], Mapping[str, Any] | None, Mapping[str, Any] | None]:
    """Split built kwargs into (body params, headers, extra query, extra body); drop omitted."""
    params = {k: v for k, v in kwargs.items() if v is not _OMIT}
    headers = dict(params.pop("extra_headers", None) or {})
    extra_query = params.pop("extra_query", None)
    extra_body = params.pop("extra_body", None)
    if extra_query is not None and not isinstance(extra_query, Mapping):
        raise UserError(
            f"ModelSettings.extra_query must be a mapping, got {type(extra_query).__name__}"
        )
    if extra_body is not None and not isinstance(extra_body, Mapping):
        raise UserError(
            f"ModelSettings.extra_body must be a mapping, got {type(extra_body).__name__}"
        )
    return params, headers, extra_query, extra_body


def _request_body(
    params: Mapping[str, Any], extra_body: Mapping[str, Any] | None
) -> dict[str, Any]:
    body = {k: _encodable(v) for k, v in params.items() if v is not None}
    if extra_body:
        body.update(_jsonable(dict(extra_body)))
    return body


def _add_extra_args(kwargs: dict[str, Any], extra_args: Mapping[str, Any], call: str) -> None:
    """Add `ModelSettings.extra_args` to the built `kwargs`; like a duplicate keyword argument,
    one that sets a field the model already sends is a TypeError."""
    duplicates = sorted(k for k in extra_args if k in kwargs and kwargs[k] is not _OMIT)
    if len(duplicates) == 1:
        raise TypeError(f"{call} got multiple values for keyword argument '{duplicates[0]}'")
    if duplicates:
        names = ", ".join(repr(k) for k in duplicates)
        raise TypeError(f"{call} got multiple values for keyword arguments {names}")
    kwargs.update(extra_args)


def _send_json(
    client: AsyncOpenAI, model: str, path: str, kwargs: dict[str, Any]
) -> Coroutine[Any, Any, httpx.Response]:
    """Send a built non-streaming request (to await; `_json_answer` reads the answer).

    A plain function: the request is built and its body handed to the client before anything is
    awaited, so neither `kwargs` nor the split body is held by a frame while the answer is awaited
    (by every call in flight)."""
    from ._request_guard import check_model_requests_allowed

    params, headers, extra_query, extra_body = _split_request(kwargs)
    check_model_requests_allowed(model)
    deadline = params.pop("deadline", None)  # ModelSettings.extra_args: the call's deadline
    return client._send_request(
        "POST",
        path,
        body=_request_body(params, extra_body),
        query=extra_query,
        headers=headers,
        deadline=deadline,
    )


def _json_answer(
    http_response: httpx.Response, *, api: str, expected: str
) -> tuple[dict[str, Any], Mapping[str, str]]:
    """The JSON object a request sent by `_send_json` was answered with, and the headers."""
    try:
        data = http_response.json()
    # RecursionError: JSON nested deeper than the interpreter's recursion limit.
    except (ValueError, RecursionError) as e:
        raise ModelBehaviorError(f"The {api} API answered with a body that is not JSON: {e}") from e
    if not isinstance(data, dict):
        raise ModelBehaviorError(
            f"The {api} API answered with {type(data).__name__}, not {expected}"
        )
    return data, http_response.headers


async def _open_event_stream(
    create: Callable[..., Awaitable[AsyncStream]], model: str, kwargs: dict[str, Any]
) -> AsyncStream:
    """Send a built streaming request through the client's `create`; return its event stream."""
    from ._request_guard import check_model_requests_allowed

    params, headers, extra_query, extra_body = _split_request(kwargs)
    params.pop("stream", None)
    check_model_requests_allowed(model)
    return await create(
        stream=True,
        extra_headers=headers,
        extra_query=extra_query,
        extra_body=_jsonable(dict(extra_body)) if extra_body else None,
        **{k: _jsonable(v) for k, v in params.items()},
    )


def _record_span_error(
    span: Span[Any], tracing: ModelTracing, message: str, error: Exception
) -> None:
    """Set a model call's error on its span; the error text only when tracing may hold data."""
    from ..tracing import SpanError

    detail = str(error) if tracing.include_data() else "Error details are redacted."
    span.set_error(SpanError(message=message, data={"error": detail}))


def _dumped(value: Any) -> Any:
    dump = getattr(value, "model_dump", None)
    return dump(mode="json") if callable(dump) else value


def _span_usage(usage: Usage) -> dict[str, Any]:
    """A call's usage as its span records it."""
    return {
        "requests": usage.requests,
        "input_tokens": usage.input_tokens,
        "output_tokens": usage.output_tokens,
        "total_tokens": usage.total_tokens,
        "input_tokens_details": {
            "cached_tokens": getattr(usage.input_tokens_details, "cached_tokens", 0) or 0,
            "cache_write_tokens": getattr(usage.input_tokens_details, "cache_write_tokens", 0) or 0,
            # As upstream (it dumps the whole details model): the split by cache lifetime or null.
            "cache_write_tokens_details": _dumped(
                getattr(usage.input_tokens_details, "cache_write_tokens_details", None)
            ),
        },
        "output_tokens_details": {
            "reasoning_tokens": getattr(usage.output_tokens_details, "reasoning_tokens", 0) or 0,
        },
    }


async def _close_stream(stream: Any) -> None:
    """Close the HTTP stream; if cancelled meanwhile, let the close finish in the background."""
    task = asyncio.ensure_future(stream.aclose())
    try:
        await asyncio.shield(task)
    except asyncio.CancelledError:
        task.add_done_callback(_consume_task_result)
        raise


def _consume_task_result(task: asyncio.Future[Any]) -> None:
    if not task.cancelled() and task.exception() is not None:
        logger.debug("Closing a model stream failed: %s", task.exception())


def _jsonable_full(value: Any) -> Any:
    """Like `_jsonable`, but a wire model keeps every field (as `model_dump()` does)."""
    from pydantic import BaseModel

    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True)
    return _jsonable(value)
