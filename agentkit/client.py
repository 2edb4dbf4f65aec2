"""The OpenAI HTTP client agentkit's models use, and its error classes.

`AsyncOpenAI` takes the same constructor arguments as `openai.AsyncOpenAI` and offers the endpoints the
models need, shaped like openai's resources. Results are plain JSON dicts (the models parse them);
streamed calls return an `AsyncStream` of event dicts.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Coroutine, Generator, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Literal, overload

from ._http._client import (
    DEFAULT_BASE_URL,
    DEFAULT_MAX_DECOMPRESSED_BYTES,
    DEFAULT_MAX_RESPONSE_BYTES,
    DEFAULT_MAX_RETRIES,
    DEFAULT_MAX_SSE_EVENT_BYTES,
    NOT_GIVEN,
    AsyncStream,
    ClientConfig,
    HTTPCore,
    NotGiven,
    RequestSpec,
    _DeadlineFired,
    check_deadline_seconds,
    check_size_limit,
    default_timeout,
    normalize_timeout,
    run_within,
    shared_http_client,
)
from ._http._errors import (
    APIConnectionError,
    APIDeadlineExceededError,
    APIError,
    APIStatusError,
    APIStreamError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    NotFoundError,
    OpenAIError,
    PermissionDeniedError,
    RateLimitError,
    RedirectError,
    ResponseTooLargeError,
    UnprocessableEntityError,
)

if TYPE_CHECKING:
    import httpx

__all__ = [
    "NOT_GIVEN",
    "APIConnectionError",
    "APIDeadlineExceededError",
    "APIError",
    "APIStatusError",
    "APIStreamError",
    "APITimeoutError",
    "AsyncOpenAI",
    "AsyncPager",
    "AsyncStream",
    "AuthenticationError",
    "BadRequestError",
    "BinaryStream",
    "ConflictError",
    "InternalServerError",
    "NotFoundError",
    "NotGiven",
    "OpenAIError",
    "PermissionDeniedError",
    "RateLimitError",
    "RedirectError",
    "ResponseTooLargeError",
    "UnprocessableEntityError",
    "coerce_client",
    "shared_http_client",
]

JSON = dict[str, Any]


class _CallOptions:
    """Per-call overrides every resource method accepts, as in the `openai` package."""

    __slots__ = ("deadline", "extra_body", "extra_headers", "extra_query", "timeout")

    def __init__(
        self,
        extra_headers: Mapping[str, str] | None,
        extra_query: Mapping[str, object] | None,
        extra_body: Mapping[str, object] | None,
        timeout: object,
        deadline: float | None = None,
    ) -> None:
        self.extra_headers = extra_headers
        self.extra_query = extra_query
        self.extra_body = extra_body
        self.timeout = timeout
        self.deadline = check_deadline_seconds(deadline, "deadline")


def _merged(params: Mapping[str, object], extra: Mapping[str, object] | None) -> JSON:
    """The set `params` (body fields or query parameters) with the caller's `extra_*` laid over."""
    # `None` means "not set" for the models' request builders; an explicit null can still be sent
    # through `extra_body`, which is merged last.
    merged = {
        key: value for key, value in params.items() if value is not None and value is not NOT_GIVEN
    }
    if extra:
        merged.update(extra)
    return merged


def _json_or_text(response: httpx.Response) -> Any:
    """The decoded JSON answer, the text of a non-JSON answer, or `None` for an empty body."""
    if not response.content:
        return None
    content_type = response.headers.get("content-type", "")
    if "json" in content_type or not content_type:
        try:
            return response.json()
        except (ValueError, RecursionError):
            if "json" in content_type:
                excerpt = response.text[:200]
                raise APIError(
                    f"The server answered {response.status_code} with a body that is not valid "
                    f"JSON: {excerpt!r}",
                    response.request,
                    body=response.text,
                ) from None
    return response.text


class BinaryStream:
    """A binary answer (audio) read as it arrives; close it, or use `async with`."""

    def __init__(self, response: httpx.Response) -> None:
        self.response = response

    @property
    def headers(self) -> httpx.Headers:
        return self.response.headers

    async def aiter_bytes(self, chunk_size: int | None = None) -> AsyncIterator[bytes]:
        try:
            async for chunk in self.response.aiter_bytes(chunk_size):
                yield chunk
        finally:
            await self.response.aclose()

    async def aclose(self) -> None:
        await self.response.aclose()

    async def __aenter__(self) -> BinaryStream:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()


class AsyncPager:
    """A cursor-paginated list: `await` it for the first page (a dict), or `async for` over every
    item across pages (it follows `has_more` / `last_id` with `after=`)."""

    def __init__(self, client: AsyncOpenAI, path: str, query: JSON, options: _CallOptions) -> None:
        self._client = client
        self._path = path
        self._query = query
        self._options = options

    async def _page(self, after: str | None) -> JSON:
        query = dict(self._query)
        if after is not None:
            query["after"] = after
        page: JSON = await self._client._request_json(
            "GET", self._path, query=query, options=self._options
        )
        return page

    def __await__(self) -> Generator[Any, None, JSON]:
        return self._page(self._query.get("after")).__await__()

    async def __aiter__(self) -> AsyncIterator[JSON]:
        after = self._query.get("after")
        while True:
            page = await self._page(after)
            data = page.get("data") or []
            for item in data:
                yield item
            last_id = page.get("last_id") or (data[-1].get("id") if data else None)
            if not page.get("has_more") or not data or last_id is None:
                return
            after = last_id


class _Resource:
    def __init__(self, client: AsyncOpenAI) -> None:
        self._client = client

    async def _request(
        self, method: str, path: str, body: Mapping[str, object] | None = None, *, timeout: object
    ) -> JSON:
        """A call whose only per-call option is `timeout`."""
        options = _CallOptions(None, None, None, timeout)
        result: JSON = await self._client._request_json(method, path, body, options=options)
        return result


class _StreamableCreate(_Resource):
    """A resource whose `create` POSTs to `_path` and can stream its answer."""

    _path: ClassVar[str]

    @overload
    async def create(
        self,
        *,
        stream: Literal[False] = False,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: object = NOT_GIVEN,
        deadline: float | None = None,
        **params: Any,
    ) -> JSON: ...

    @overload
    async def create(
        self,
        *,
        stream: Literal[True],
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: object = NOT_GIVEN,
        deadline: float | None = None,
        **params: Any,
    ) -> AsyncStream: ...

    async def create(
        self,
        *,
        stream: bool = False,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: object = NOT_GIVEN,
        deadline: float | None = None,
        **params: Any,
    ) -> JSON | AsyncStream:
        """POST the request; with `stream=True` the result is an `AsyncStream` of event dicts.

        `deadline` (seconds, agentkit only) bounds the whole call, retries and the reading of the
        stream included; an agent passes it with `ModelSettings(extra_args={"deadline": 30})`.
        """
        options = _CallOptions(extra_headers, extra_query, extra_body, timeout, deadline)
        if stream:
            params["stream"] = True
            return await self._client._request_stream("POST", self._path, params, options)
        result: JSON = await self._client._request_json("POST", self._path, params, options=options)
        return result


class Responses(_StreamableCreate):
    """`/responses`: `create` answers a response dict, or with `stream=True` its event stream."""

    _path = "/responses"

    async def retrieve(
        self,
        response_id: str,
        *,
        stream: bool = False,
        starting_after: int | None = None,
        include: list[str] | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        timeout: object = NOT_GIVEN,
    ) -> Any:
        """Fetch a stored response, or with `stream=True` resume its event stream."""
        options = _CallOptions(extra_headers, extra_query, None, timeout)
        query: JSON = {"starting_after": starting_after, "include[]": include}
        path = f"/responses/{response_id}"
        if stream:
            query["stream"] = "true"
            return await self._client._request_stream("GET", path, None, options, query=query)
        return await self._client._request_json("GET", path, query=query, options=options)

    async def delete(self, response_id: str, *, timeout: object = NOT_GIVEN) -> Any:
        return await self._request("DELETE", f"/responses/{response_id}", timeout=timeout)


class ChatCompletions(_StreamableCreate):
    """`/chat/completions`: `create` answers a completion dict, or with `stream=True` a stream of
    chunk dicts (the `[DONE]` sentinel ends it and is not yielded)."""

    _path = "/chat/completions"


class Chat(_Resource):
    @property
    def completions(self) -> ChatCompletions:
        return ChatCompletions(self._client)


class ConversationItems(_Resource):
    """`/conversations/{id}/items`."""

    async def create(
        self,
        conversation_id: str,
        *,
        items: list[Any],
        include: list[str] | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: object = NOT_GIVEN,
    ) -> JSON:
        options = _CallOptions(extra_headers, extra_query, extra_body, timeout)
        result: JSON = await self._client._request_json(
            "POST",
            f"/conversations/{conversation_id}/items",
            {"items": items},
            query={"include[]": include},
            options=options,
        )
        return result

    def list(
        self,
        conversation_id: str,
        *,
        after: str | None = None,
        limit: int | None = None,
        order: Literal["asc", "desc"] | None = None,
        include: list[str] | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        timeout: object = NOT_GIVEN,
    ) -> AsyncPager:
        """Items of a conversation: `await` for one page, `async for` for all of them."""
        options = _CallOptions(extra_headers, extra_query, None, timeout)
        query = _merged(
            {"after": after, "limit": limit, "order": order, "include[]": include}, extra_query
        )
        return AsyncPager(self._client, f"/conversations/{conversation_id}/items", query, options)

    async def retrieve(
        self, item_id: str, *, conversation_id: str, timeout: object = NOT_GIVEN
    ) -> JSON:
        return await self._request(
            "GET", f"/conversations/{conversation_id}/items/{item_id}", timeout=timeout
        )

    async def delete(
        self, item_id: str, *, conversation_id: str, timeout: object = NOT_GIVEN
    ) -> JSON:
        return await self._request(
            "DELETE", f"/conversations/{conversation_id}/items/{item_id}", timeout=timeout
        )


class Conversations(_Resource):
    """`/conversations`."""

    @property
    def items(self) -> ConversationItems:
        return ConversationItems(self._client)

    async def create(
        self,
        *,
        items: list[Any] | None = None,
        metadata: Mapping[str, str] | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: object = NOT_GIVEN,
    ) -> JSON:
        options = _CallOptions(extra_headers, extra_query, extra_body, timeout)
        result: JSON = await self._client._request_json(
            "POST", "/conversations", {"items": items, "metadata": metadata}, options=options
        )
        return result

    async def retrieve(self, conversation_id: str, *, timeout: object = NOT_GIVEN) -> JSON:
        return await self._request("GET", f"/conversations/{conversation_id}", timeout=timeout)

    async def update(
        self, conversation_id: str, *, metadata: Mapping[str, str], timeout: object = NOT_GIVEN
    ) -> JSON:
        return await self._request(
            "POST", f"/conversations/{conversation_id}", {"metadata": metadata}, timeout=timeout
        )

    async def delete(self, conversation_id: str, *, timeout: object = NOT_GIVEN) -> JSON:
        return await self._request("DELETE", f"/conversations/{conversation_id}", timeout=timeout)


def _form_fields(prefix: str, value: object) -> list[tuple[str, str]]:
    """Flatten a value into multipart text fields the way the official SDK names them."""
    if isinstance(value, bool):
        return [(prefix, "true" if value else "false")]
    if isinstance(value, Mapping):
        fields: list[tuple[str, str]] = []
        for key, item in value.items():
            fields.extend(_form_fields(f"{prefix}[{key}]", item))
        return fields
    if isinstance(value, (list, tuple)):
        fields = []
        for item in value:
            fields.extend(_form_fields(f"{prefix}[]", item))
        return fields
    return [(prefix, str(value))]


class Transcriptions(_Resource):
    """`/audio/transcriptions` (multipart upload)."""

    async def create(
        self,
        *,
        file: Any,
        model: str,
        stream: bool = False,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: object = NOT_GIVEN,
        **params: Any,
    ) -> Any:
        """Transcribe `file` (bytes, a file object, or a `(filename, content, content_type)` tuple).

        Returns the JSON dict, the text for `text`/`srt`/`vtt` formats, or with `stream=True` an
        `AsyncStream` of `transcript.text.*` events.
        """
        options = _CallOptions(extra_headers, extra_query, None, timeout)
        fields = _merged({"model": model, **params}, extra_body)
        if stream:
            fields["stream"] = True
        # httpx wants a mapping; repeated names (`include[]`) become lists of values.
        data: dict[str, str | list[str]] = {}
        for key, value in fields.items():
            for name, text in _form_fields(key, value):
                previous = data.get(name)
                if previous is None:
                    data[name] = [text] if name.endswith("[]") else text
                elif isinstance(previous, list):
                    previous.append(text)
                else:
                    data[name] = [previous, text]
        spec = self._client._spec(
            "POST", "/audio/transcriptions", None, options, files=[("file", file)], data=data
        )
        if stream:
            return await self._client._core.stream(spec)
        response = await self._client._core.send(spec, stream=False)
        return _json_or_text(response)


class Speech(_Resource):
    """`/audio/speech` (JSON in, audio bytes or SSE out)."""

    async def create(
        self,
        *,
        model: str,
        input: str,
        voice: Any,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: object = NOT_GIVEN,
        **params: Any,
    ) -> bytes:
        """Synthesise speech and return the whole audio."""
        options = _CallOptions(extra_headers, extra_query, extra_body, timeout)
        spec = self._client._spec(
            "POST",
            "/audio/speech",
            {"model": model, "input": input, "voice": voice, **params},
            options,
            accept="application/octet-stream",
        )
        response = await self._client._core.send(spec, stream=False)
        return response.content

    async def create_streaming(
        self,
        *,
        model: str,
        input: str,
        voice: Any,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: object = NOT_GIVEN,
        **params: Any,
    ) -> BinaryStream | AsyncStream:
        """Synthesise speech and read it as it arrives: a `BinaryStream` of audio bytes, or an
        `AsyncStream` of `speech.audio.*` events when `stream_format="sse"`."""
        options = _CallOptions(extra_headers, extra_query, extra_body, timeout)
        sse = params.get("stream_format") == "sse"
        spec = self._client._spec(
            "POST",
            "/audio/speech",
            {"model": model, "input": input, "voice": voice, **params},
            options,
            accept="text/event-stream" if sse else "application/octet-stream",
        )
        if sse:
            return await self._client._core.stream(spec)
        response = await self._client._core.send(spec, stream=True)
        return BinaryStream(response)


class Audio(_Resource):
    @property
    def transcriptions(self) -> Transcriptions:
        return Transcriptions(self._client)

    @property
    def speech(self) -> Speech:
        return Speech(self._client)


class AsyncOpenAI:
    """An async client for the OpenAI HTTP API, built on httpx, with `openai.AsyncOpenAI`'s arguments.

    The key, organisation, project and base URL default to `OPENAI_API_KEY`, `OPENAI_ORG_ID`,
    `OPENAI_PROJECT_ID` and `OPENAI_BASE_URL`. Without `http_client`, requests go through a pooled
    client shared by every `AsyncOpenAI` on the same event loop.
    """

    def __init__(
        self,
        *,
        api_key: str | None = None,
        organization: str | None = None,
        project: str | None = None,
        base_url: str | httpx.URL | None = None,
        websocket_base_url: str | httpx.URL | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, object] | None = None,
        http_client: httpx.AsyncClient | None = None,
        deadline: float | None = None,
        max_response_bytes: int | None = DEFAULT_MAX_RESPONSE_BYTES,
        max_decompressed_bytes: int | None = DEFAULT_MAX_DECOMPRESSED_BYTES,
        max_sse_event_bytes: int | None = DEFAULT_MAX_SSE_EVENT_BYTES,
        allow_cross_origin_redirects: bool = True,
    ) -> None:
        """The `openai.AsyncOpenAI` arguments, plus agentkit's safety options (README,
        "Reliability"): `deadline` bounds every call as a whole (seconds, None: no deadline);
        `max_response_bytes` / `max_decompressed_bytes` bound a non-streamed answer on the wire and
        after decompression, `max_sse_event_bytes` one event of a stream (None: no limit);
        `allow_cross_origin_redirects=False` refuses redirects to another origin (by default they
        are followed without credentials and never with the request body)."""
        if api_key is None:
            api_key = os.environ.get("OPENAI_API_KEY")
        if api_key is None:
            raise OpenAIError(
                "The api_key client option must be set either by passing api_key to the client "
                "or by setting the OPENAI_API_KEY environment variable"
            )
        if not isinstance(max_retries, int) or isinstance(max_retries, bool) or max_retries < 0:
            raise TypeError(f"max_retries must be a non-negative integer, got {max_retries!r}")
        if organization is None:
            organization = os.environ.get("OPENAI_ORG_ID")
        if project is None:
            project = os.environ.get("OPENAI_PROJECT_ID")
        if base_url is None:
            base_url = os.environ.get("OPENAI_BASE_URL") or DEFAULT_BASE_URL
        if websocket_base_url is None:
            websocket_base_url = os.environ.get("OPENAI_WEBSOCKET_BASE_URL")
        self.websocket_base_url: str | None = (
            str(websocket_base_url) if websocket_base_url is not None else None
        )
        self._core = HTTPCore(
            ClientConfig(
                api_key=api_key,
                base_url=str(base_url),
                organization=organization,
                project=project,
                default_headers=dict(default_headers or {}),
                default_query=dict(default_query or {}),
                max_retries=max_retries,
                timeout=default_timeout() if timeout is NOT_GIVEN else normalize_timeout(timeout),
                http_client=http_client,
                max_response_bytes=check_size_limit(max_response_bytes, "max_response_bytes"),
                max_decompressed_bytes=check_size_limit(
                    max_decompressed_bytes, "max_decompressed_bytes"
                ),
                max_sse_event_bytes=check_size_limit(max_sse_event_bytes, "max_sse_event_bytes"),
                deadline=check_deadline_seconds(deadline, "deadline"),
                allow_cross_origin_redirects=bool(allow_cross_origin_redirects),
            )
        )

    # Read-only views of the configuration, named like openai's attributes.
    @property
    def api_key(self) -> str:
        return self._core.config.api_key or ""

    @property
    def organization(self) -> str | None:
        return self._core.config.organization

    @property
    def project(self) -> str | None:
        return self._core.config.project

    @property
    def base_url(self) -> str:
        return self._core.config.base_url

    @property
    def max_retries(self) -> int:
        return self._core.config.max_retries

    @property
    def timeout(self) -> dict[str, float | None]:
        return dict(self._core.config.timeout)

    @property
    def default_headers(self) -> dict[str, str]:
        return dict(self._core.config.default_headers)

    @property
    def default_query(self) -> dict[str, object]:
        return dict(self._core.config.default_query)

    @property
    def deadline(self) -> float | None:
        """Seconds every call must finish within (retries and streams included), or None."""
        return self._core.config.deadline

    @property
    def http_client(self) -> httpx.AsyncClient:
        """The httpx client requests go through (the shared pool unless one was injected)."""
        client: httpx.AsyncClient = self._core._http()
        return client

    def __repr__(self) -> str:
        return f"AsyncOpenAI(base_url={self.base_url!r}, max_retries={self.max_retries})"

    @property
    def responses(self) -> Responses:
        return Responses(self)

    @property
    def chat(self) -> Chat:
        return Chat(self)

    @property
    def conversations(self) -> Conversations:
        return Conversations(self)

    @property
    def audio(self) -> Audio:
        return Audio(self)

    def with_options(
        self,
        *,
        api_key: str | None = None,
        organization: str | None = None,
        project: str | None = None,
        base_url: str | httpx.URL | None = None,
        websocket_base_url: str | httpx.URL | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
        max_retries: int | None = None,
        default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, object] | None = None,
        http_client: httpx.AsyncClient | None = None,
        deadline: float | NotGiven | None = NOT_GIVEN,
        max_response_bytes: int | NotGiven | None = NOT_GIVEN,
        max_decompressed_bytes: int | NotGiven | None = NOT_GIVEN,
        max_sse_event_bytes: int | NotGiven | None = NOT_GIVEN,
        allow_cross_origin_redirects: bool | None = None,
    ) -> AsyncOpenAI:
        """A copy with some settings replaced; it shares this client's HTTP connections.

        `default_headers` and `default_query` are merged over the current ones.
        """
        cfg = self._core.config
        limits = {
            name: cfg_value if value is NOT_GIVEN else check_size_limit(value, name)
            for name, value, cfg_value in (
                ("max_response_bytes", max_response_bytes, cfg.max_response_bytes),
                ("max_decompressed_bytes", max_decompressed_bytes, cfg.max_decompressed_bytes),
                ("max_sse_event_bytes", max_sse_event_bytes, cfg.max_sse_event_bytes),
            )
        }
        copy = AsyncOpenAI.__new__(AsyncOpenAI)
        copy.websocket_base_url = (
            str(websocket_base_url) if websocket_base_url is not None else self.websocket_base_url
        )
        copy._core = HTTPCore(
            ClientConfig(
                api_key=api_key if api_key is not None else cfg.api_key,
                base_url=str(base_url) if base_url is not None else cfg.base_url,
                organization=organization if organization is not None else cfg.organization,
                project=project if project is not None else cfg.project,
                default_headers={**cfg.default_headers, **(default_headers or {})},
                default_query={**cfg.default_query, **(default_query or {})},
                max_retries=max_retries if max_retries is not None else cfg.max_retries,
                timeout=cfg.timeout if timeout is NOT_GIVEN else normalize_timeout(timeout),
                http_client=http_client if http_client is not None else cfg.http_client,
                deadline=cfg.deadline
                if isinstance(deadline, NotGiven)
                else check_deadline_seconds(deadline, "deadline"),
                allow_cross_origin_redirects=cfg.allow_cross_origin_redirects
                if allow_cross_origin_redirects is None
                else bool(allow_cross_origin_redirects),
                **limits,
            )
        )
        return copy

    copy = with_options

    async def close(self) -> None:
        """Close an injected httpx client (the shared pool stays open for other clients)."""
        if self._core.config.http_client is not None:
            await self._core.config.http_client.aclose()

    async def __aenter__(self) -> AsyncOpenAI:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    # Generic calls, for endpoints without a resource (the traces exporter uses `post`).
    async def post(
        self,
        path: str,
        *,
        body: object | None = None,
        query: Mapping[str, object] | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: object = NOT_GIVEN,
        max_retries: int | None = None,
    ) -> Any:
        """POST JSON to `path` (relative to the base URL, or absolute) and return the decoded answer."""
        return await self._generic("POST", path, body, query, headers, timeout, max_retries)

    async def get(
        self,
        path: str,
        *,
        query: Mapping[str, object] | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: object = NOT_GIVEN,
        max_retries: int | None = None,
    ) -> Any:
        return await self._generic("GET", path, None, query, headers, timeout, max_retries)

    async def delete(
        self,
        path: str,
        *,
        query: Mapping[str, object] | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: object = NOT_GIVEN,
        max_retries: int | None = None,
    ) -> Any:
        return await self._generic("DELETE", path, None, query, headers, timeout, max_retries)

    async def request(
        self,
        method: str,
        path: str,
        *,
        body: object | None = None,
        query: Mapping[str, object] | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: object = NOT_GIVEN,
        max_retries: int | None = None,
        deadline: float | None = None,
    ) -> httpx.Response:
        """Send one request (with retries) and return the read httpx response, e.g. for its headers.
        Error statuses raise the typed errors; `deadline` bounds the whole call."""
        spec = _request_spec(method, path, body, query, headers, timeout, max_retries, deadline)
        return await self._core.send(spec, stream=False)

    def _send_request(
        self,
        method: str,
        path: str,
        *,
        body: object | None = None,
        query: Mapping[str, object] | None = None,
        headers: Mapping[str, str] | None = None,
        deadline: float | None = None,
    ) -> Coroutine[Any, Any, httpx.Response]:
        """`request` for the models' calls, handing back the sending coroutine: they await it
        directly, with no frame of `request` (or its arguments) held while the answer is awaited.
        A subclass's own `request` (the delegating client's, a user's) carries them instead."""
        if type(self).request is not AsyncOpenAI.request:
            return self.request(
                method, path, body=body, query=query, headers=headers, deadline=deadline
            )
        spec = _request_spec(method, path, body, query, headers, NOT_GIVEN, None, deadline)
        return self._core.send(spec, stream=False)

    async def _generic(
        self,
        method: str,
        path: str,
        body: object | None,
        query: Mapping[str, object] | None,
        headers: Mapping[str, str] | None,
        timeout: object,
        max_retries: int | None,
    ) -> Any:
        response = await self.request(
            method,
            path,
            body=body,
            query=query,
            headers=headers,
            timeout=timeout,
            max_retries=max_retries,
        )
        return _json_or_text(response)

    def _spec(
        self,
        method: str,
        path: str,
        params: Mapping[str, object] | None,
        options: _CallOptions,
        *,
        query: Mapping[str, object] | None = None,
        files: Any = None,
        data: Any = None,
        accept: str = "application/json",
    ) -> RequestSpec:
        body = _merged(params, options.extra_body) if params is not None else None
        return RequestSpec(
            method=method,
            path=path,
            json_body=body,
            query=_merged(query or {}, options.extra_query),
            files=files,
            data=data,
            headers=options.extra_headers,
            timeout=options.timeout,
            accept=accept,
            deadline=options.deadline,
        )

    async def _request_json(
        self,
        method: str,
        path: str,
        params: Mapping[str, object] | None = None,
        *,
        query: Mapping[str, object] | None = None,
        options: _CallOptions,
    ) -> Any:
        spec = self._spec(method, path, params, options, query=query)
        response = await self._core.send(spec, stream=False)
        return _json_or_text(response)

    async def _request_stream(
        self,
        method: str,
        path: str,
        params: Mapping[str, object] | None,
        options: _CallOptions,
        *,
        query: Mapping[str, object] | None = None,
    ) -> AsyncStream:
        spec = self._spec(method, path, params, options, query=query)
        return await self._core.stream(spec)


_SDK_HEADER_PREFIXES = ("x-stainless-",)
_SDK_HEADERS = frozenset(
    {
        "accept",
        "content-type",
        "user-agent",
        "authorization",
        "openai-organization",
        "openai-project",
    }
)


def _request_spec(
    method: str,
    path: str,
    body: object | None,
    query: Mapping[str, object] | None,
    headers: Mapping[str, str] | None,
    timeout: object,
    max_retries: int | None,
    deadline: float | None,
) -> RequestSpec:
    return RequestSpec(
        method=method,
        path=path,
        json_body=body,
        query=query,
        headers=headers,
        timeout=timeout,
        max_retries=max_retries,
        deadline=check_deadline_seconds(deadline, "deadline"),
    )


def coerce_client(client: object) -> AsyncOpenAI:
    """Return an agentkit `AsyncOpenAI` for `client`, which may already be one, or an object shaped
    like `openai.AsyncOpenAI`.

    An `openai.AsyncOpenAI` itself is read for its key, base URL, organisation, project, custom
    headers and query, retries, timeout and httpx client, and agentkit sends the requests. An object
    whose `responses.create` or `chat.completions.create` is its own (a test double such as
    `AsyncMock`, a dummy, a wrapper, or an openai client with `create` patched) is called, as
    upstream calls it: model requests go through those methods. The `openai` package is never
    imported."""
    if isinstance(client, AsyncOpenAI):
        return client
    if _overrides_model_calls(client):
        return _DelegatingClient(client)
    api_key = getattr(client, "api_key", None)
    base_url = getattr(client, "base_url", None)
    if not isinstance(api_key, str) or base_url is None:
        raise TypeError(
            f"Expected an agentkit.client.AsyncOpenAI or an openai.AsyncOpenAI-like client with "
            f"`api_key` (a str) and `base_url` attributes, got {type(client).__name__}"
        )
    headers = getattr(client, "_custom_headers", None)
    if headers is None:
        headers = {
            name: value
            for name, value in (getattr(client, "default_headers", None) or {}).items()
            if name.lower() not in _SDK_HEADERS
            and not name.lower().startswith(_SDK_HEADER_PREFIXES)
        }
    query = getattr(client, "_custom_query", None)
    if query is None:
        query = getattr(client, "default_query", None)
    headers = {
        str(name): str(value)
        for name, value in dict(headers or {}).items()
        if isinstance(value, str)
    }
    timeout = getattr(client, "timeout", NOT_GIVEN)
    if not isinstance(timeout, (int, float, NotGiven)) and timeout is not None:
        try:
            normalize_timeout(timeout)
        except TypeError:
            timeout = NOT_GIVEN
    max_retries = getattr(client, "max_retries", DEFAULT_MAX_RETRIES)
    if not isinstance(max_retries, int) or max_retries < 0:
        max_retries = DEFAULT_MAX_RETRIES
    http_client = getattr(client, "_client", None)
    if http_client is not None and not (
        hasattr(http_client, "build_request") and hasattr(http_client, "send")
    ):
        http_client = None
    websocket_base_url = getattr(client, "websocket_base_url", None)
    return AsyncOpenAI(
        api_key=api_key,
        organization=getattr(client, "organization", None),
        project=getattr(client, "project", None),
        base_url=str(base_url),
        websocket_base_url=str(websocket_base_url) if websocket_base_url else None,
        timeout=timeout,
        max_retries=max_retries,
        default_headers=headers,
        default_query=dict(query or {}),
        http_client=http_client,
    )


def _own_create(resource: object) -> bool:
    """Whether `resource.create` exists and is not the openai package's own method."""
    create = getattr(resource, "create", None)
    if not callable(create):
        return False
    function = getattr(create, "__func__", create)
    return not str(getattr(function, "__module__", "") or "").startswith("openai.")


def _overrides_model_calls(client: object) -> bool:
    """Whether model calls must go through `client`'s own methods rather than agentkit's HTTP."""
    responses = getattr(client, "responses", None)
    completions = getattr(getattr(client, "chat", None), "completions", None)
    conversations = getattr(client, "conversations", None)
    return _own_create(responses) or _own_create(completions) or _own_create(conversations)


def _as_json(value: object, what: str, *, exclude_unset: bool = False) -> JSON:
    """A result of a delegated call (a dict, or a pydantic model from agentkit or openai) as JSON."""
    if isinstance(value, Mapping):
        return dict(value)
    dump = getattr(value, "model_dump", None)
    if callable(dump):
        dumped = dump(mode="json", exclude_unset=exclude_unset)
        if isinstance(dumped, Mapping):
            return dict(dumped)
    raise TypeError(
        f"The client's {what} returned {type(value).__name__}; expected a dict or a pydantic model "
        f"(e.g. agentkit.types.responses.Response)"
    )


class _DelegatedStream(AsyncStream):
    """The events of a delegated streaming call, as dicts, with `AsyncStream`'s interface."""

    def __init__(self, source: Any, what: str) -> None:  # no HTTP response behind it
        self._source = source
        self._what = what
        self._iterator: Any = source.__aiter__()
        self._closed = False

    @property
    def headers(self) -> httpx.Headers:
        import httpx

        return httpx.Headers()

    @property
    def request_id(self) -> str | None:
        return None  # upstream too has no request id for a client without streaming responses

    async def __anext__(self) -> dict[str, Any]:
        return _as_json(await self._iterator.__anext__(), self._what)

    async def aclose(self) -> None:
        """Close the iterator and the object it came from (an openai stream closes its response)."""
        self._closed = True
        targets = (
            [self._iterator] if self._iterator is self._source else [self._iterator, self._source]
        )
        for target in targets:
            close = getattr(target, "aclose", None) or getattr(target, "close", None)
            if callable(close):
                result = close()
                if hasattr(result, "__await__"):
                    await result

    def __del__(self) -> None:
        pass


class _DelegatedCreate:
    """`responses` / `chat.completions` of a delegating client: calls the target's `create`."""

    def __init__(self, target: object, what: str) -> None:
        self._target = target
        self._what = what

    async def create(
        self,
        *,
        stream: bool = False,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: object = NOT_GIVEN,
        deadline: float | None = None,
        **params: Any,
    ) -> Any:
        options: dict[str, Any] = {
            "extra_headers": extra_headers,
            "extra_query": extra_query,
            "extra_body": extra_body,
        }
        if timeout is not NOT_GIVEN:
            options["timeout"] = timeout
        if stream:
            params["stream"] = True
        # agentkit's `deadline` is not the target's parameter: it bounds the call (for a stream,
        # opening it) here.
        seconds = check_deadline_seconds(deadline, "deadline")
        bound = None
        if seconds is not None:
            import asyncio

            from ._http._client import Deadline

            loop_time = asyncio.get_running_loop().time()
            bound = Deadline(loop_time + seconds, seconds, "request")
        try:
            result = await run_within(bound, self._target.create(**params, **options))  # type: ignore[attr-defined]
        except _DeadlineFired:
            import httpx

            assert bound is not None
            raise bound.error(httpx.Request("POST", f"http://delegated/{self._what}")) from None
        if stream:
            return _DelegatedStream(result, self._what)
        return _as_json(result, self._what)


class _DelegatingChat:
    def __init__(self, completions: _DelegatedCreate) -> None:
        self.completions = completions


async def _maybe_await(value: Any) -> Any:
    return await value if hasattr(value, "__await__") else value


class _DelegatedItemList:
    """`conversations.items.list(...)` of a delegating client: iterates the target's list, as
    upstream does (``async for``); awaited, it is one page holding every item."""

    def __init__(self, target: Any, conversation_id: str, order: str | None) -> None:
        self._target, self._conversation_id, self._order = target, conversation_id, order

    async def __aiter__(self) -> AsyncIterator[JSON]:
        kwargs: dict[str, Any] = {"conversation_id": self._conversation_id}
        if self._order is not None:
            kwargs["order"] = self._order
        listed = await _maybe_await(self._target.list(**kwargs))
        items = listed if hasattr(listed, "__aiter__") else getattr(listed, "data", listed)
        if hasattr(items, "__aiter__"):
            async for item in items:
                yield _as_json(item, "conversations.items.list", exclude_unset=True)
        else:
            for item in items:
                yield _as_json(item, "conversations.items.list", exclude_unset=True)

    async def _all(self) -> JSON:
        return {"data": [item async for item in self], "has_more": False}

    def __await__(self) -> Generator[Any, None, JSON]:
        return self._all().__await__()


class _DelegatedItems:
    def __init__(self, target: Any) -> None:
        self._target = target

    def list(
        self, conversation_id: str, *, order: str | None = None, **_paging: Any
    ) -> _DelegatedItemList:
        # Upstream lists without a page size and stops reading when it has enough.
        return _DelegatedItemList(self._target, conversation_id, order)

    async def create(self, conversation_id: str, *, items: Any, **options: Any) -> JSON:
        result = await self._target.create(conversation_id=conversation_id, items=items)
        return _as_json(result, "conversations.items.create") if result is not None else {}

    async def delete(self, item_id: str, *, conversation_id: str, **options: Any) -> JSON:
        result = await self._target.delete(conversation_id=conversation_id, item_id=item_id)
        return _as_json(result, "conversations.items.delete") if result is not None else {}


class _DelegatedConversations:
    """`conversations` of a delegating client, called with upstream's keyword arguments."""

    def __init__(self, target: Any) -> None:
        self._target = target

    @property
    def items(self) -> _DelegatedItems:
        return _DelegatedItems(self._target.items)

    async def create(self, *, items: list[Any] | None = None, **options: Any) -> JSON:
        return _as_json(await self._target.create(items=items), "conversations.create")

    async def delete(self, conversation_id: str, **options: Any) -> JSON:
        result = await self._target.delete(conversation_id=conversation_id)
        return _as_json(result, "conversations.delete") if result is not None else {}


_DELEGATED_PATHS = {
    "/responses": "responses.create",
    "/chat/completions": "chat.completions.create",
}


class _DelegatingClient(AsyncOpenAI):
    """An `openai.AsyncOpenAI`-shaped object whose model calls are its own methods' business.

    `responses.create` and `chat.completions.create` are called with the request's parameters as
    keyword arguments (plus `extra_headers`, `extra_query`, `extra_body`); their results (dicts,
    agentkit or openai models, async iterables of events) are read as the HTTP answers would be.
    """

    def __init__(self, target: object) -> None:
        api_key = getattr(target, "api_key", None)
        base_url = getattr(target, "base_url", None)
        self._target = target
        self._target_base_url = str(base_url) if isinstance(base_url, str) else ""
        if base_url is not None and type(base_url).__name__ == "URL":  # httpx.URL or openai's
            self._target_base_url = str(base_url)
        # The configuration is never used to send anything; it only answers attribute reads.
        super().__init__(
            api_key=api_key if isinstance(api_key, str) else "",
            base_url=self._target_base_url or "http://127.0.0.1:9/unused",
            max_retries=0,
        )

    @property
    def base_url(self) -> str:
        return self._target_base_url

    def __repr__(self) -> str:
        return f"AsyncOpenAI(delegating to {type(self._target).__name__})"

    @property
    def responses(self) -> Responses:
        return _DelegatedCreate(self._target.responses, "responses.create")  # type: ignore[attr-defined,return-value]

    @property
    def conversations(self) -> Conversations:
        return _DelegatedConversations(self._target.conversations)  # type: ignore[attr-defined,return-value]

    def with_options(self, **options: Any) -> AsyncOpenAI:
        """The target's own ``with_options(...)`` result, delegated to in turn (as upstream)."""
        with_options = getattr(self._target, "with_options", None)
        if not callable(with_options):
            return self
        return _DelegatingClient(with_options(**options))

    @property
    def chat(self) -> Chat:
        completions = self._target.chat.completions  # type: ignore[attr-defined]
        return _DelegatingChat(_DelegatedCreate(completions, "chat.completions.create"))  # type: ignore[return-value]

    async def request(
        self,
        method: str,
        path: str,
        *,
        body: object | None = None,
        query: Mapping[str, object] | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: object = NOT_GIVEN,
        max_retries: int | None = None,
        deadline: float | None = None,
    ) -> httpx.Response:
        import httpx

        if deadline is not None:
            # The per-call deadline (ModelSettings.extra_args) bounds the delegated call too.
            spec = RequestSpec(method=method, path=path, deadline=deadline)
            bound = self._core.start_deadline(spec)
            try:
                return await run_within(
                    bound,
                    self.request(method, path, body=body, query=query, headers=headers),
                )
            except _DeadlineFired:
                assert bound is not None
                raise bound.error(httpx.Request(method, "http://delegated" + path)) from None
        what = _DELEGATED_PATHS.get(path) if method.upper() == "POST" else None
        if what is None or not isinstance(body, Mapping):
            raise TypeError(
                f"{type(self._target).__name__} is used through its own methods; agentkit calls "
                f"only its responses.create and chat.completions.create, not {method} {path}"
            )
        resource = self.responses if path == "/responses" else self.chat.completions
        data = await resource.create(extra_headers=headers, extra_query=query, **body)
        return httpx.Response(
            200, json=data, request=httpx.Request(method, "http://delegated" + path)
        )
