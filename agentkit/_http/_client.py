"""The HTTP core: headers, timeouts, retries with backoff, error mapping and SSE streaming.

It works with any client that has httpx's async API (`build_request`, `send`, `aclose`), so both
`httpx.AsyncClient` and `httpx2.AsyncClient` can be injected; transport errors are recognised by the
names in their class hierarchy rather than by importing one package's exception classes.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import json
import logging
import math
import random
import sys
import time
import weakref
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Coroutine, Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

from pydantic_core import from_json

from ..util._dataclass import dataclass
from ._errors import (
    APIConnectionError,
    APIDeadlineExceededError,
    APIError,
    APIStreamError,
    APITimeoutError,
    RedirectError,
    ResponseTooLargeError,
    make_status_error,
)
from ._loop_clients import client_for_running_loop
from ._model_hosts import note_model_request
from ._sse import EventTooLargeError, ServerSentEvent, SSEDecoder

if TYPE_CHECKING:
    import httpx

# A child of the SDK logger (named as upstream's, "openai.agents") so one logging config covers all.
logger = logging.getLogger("openai.agents.http")

DEFAULT_BASE_URL = "https://api.openai.com/v1"
DEFAULT_MAX_RETRIES = 2
DEFAULT_CONNECT_TIMEOUT = 5.0
DEFAULT_TIMEOUT = 600.0
INITIAL_RETRY_DELAY = 0.5
MAX_RETRY_DELAY = 8.0
MAX_RETRY_AFTER_DELAY = 120.0
# Size limits (README, "Reliability"): generous for real answers (a non-streamed answer with several
# generated images is a few tens of MB), small enough that a hostile server cannot exhaust memory.
DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024
"""Bytes on the wire of a non-streamed answer (before decompression)."""
DEFAULT_MAX_DECOMPRESSED_BYTES = 128 * 1024 * 1024
"""Bytes of a non-streamed answer after decompression (gzip, deflate, br, zstd)."""
DEFAULT_MAX_SSE_EVENT_BYTES = 64 * 1024 * 1024
"""Characters of one server-sent event of a stream (a stream as a whole is not limited)."""
DEFAULT_MAX_REDIRECTS = 20
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# The only headers a request keeps when a redirect leads to another origin: everything else the
# client set (Authorization, api-key, OpenAI-Organization, OpenAI-Project, default_headers,
# extra_headers) may be a credential.
_CROSS_ORIGIN_HEADERS = frozenset({"accept", "user-agent"})

_T = TypeVar("_T")
_MODEL_PATHS = ("/responses", "/chat/completions")

_REDACTED = "<redacted>"
_SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "api-key", "x-api-key"})

TimeoutDict = dict[str, float | None]


class NotGiven:
    """Marks an argument that was not passed (distinct from an explicit `None`)."""

    _instance: NotGiven | None = None

    def __new__(cls) -> NotGiven:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN = NotGiven()


def normalize_timeout(timeout: object) -> TimeoutDict:
    """Turn a float, `None` or an httpx-style `Timeout` (any object with connect/read/write/pool)
    into the dict httpx transports read from the request's `timeout` extension."""
    if timeout is None or isinstance(timeout, (int, float)):
        value = None if timeout is None else float(timeout)
        return {"connect": value, "read": value, "write": value, "pool": value}
    if isinstance(timeout, Mapping):
        return {k: timeout.get(k) for k in ("connect", "read", "write", "pool")}
    try:
        return {k: getattr(timeout, k) for k in ("connect", "read", "write", "pool")}
    except AttributeError:
        raise TypeError(
            f"timeout must be a number of seconds, None or an httpx.Timeout, got {timeout!r}"
        ) from None


def default_timeout() -> TimeoutDict:
    """What the official SDK uses: 600 s for read, write and pool, 5 s to connect."""
    return {
        "connect": DEFAULT_CONNECT_TIMEOUT,
        "read": DEFAULT_TIMEOUT,
        "write": DEFAULT_TIMEOUT,
        "pool": DEFAULT_TIMEOUT,
    }


def _agentkit_version() -> str:
    from importlib import metadata

    try:
        return metadata.version("agentkit")
    except metadata.PackageNotFoundError:
        return "0+unknown"


_user_agent: str | None = None


def user_agent() -> str:
    """`agentkit/<version> Python/<version>`; computed once."""
    global _user_agent
    if _user_agent is None:
        python = ".".join(str(part) for part in sys.version_info[:3])
        _user_agent = f"agentkit/{_agentkit_version()} Python/{python}"
    return _user_agent


def _error_kind(exc: BaseException) -> Literal["timeout", "connection"] | None:
    """Classify an exception from an httpx-compatible client without importing that package."""
    names = {cls.__name__ for cls in type(exc).__mro__}
    if "TimeoutException" in names:
        return "timeout"
    if "TransportError" in names or "RequestError" in names:
        return "connection"
    return None


def redacted_request(request: httpx.Request) -> httpx.Request:
    """A copy of `request` with credential headers masked, safe to hand to callers and logs."""
    headers = [
        (name, _REDACTED if name.lower() in _SECRET_HEADERS else value)
        for name, value in request.headers.multi_items()
    ]
    content: bytes | None
    try:
        content = request.content
    except Exception:
        # A streamed (multipart) body that was never materialised; not worth keeping.
        content = None
    return type(request)(
        request.method,
        request.url,
        headers=headers,
        content=content,
        extensions=dict(request.extensions),
    )


def parse_retry_after(headers: Mapping[str, str]) -> float | None:
    """Seconds the server asks us to wait (`retry-after-ms`, then `retry-after` as seconds or an
    HTTP date), or `None` when it says nothing usable."""
    for name, divisor in (("retry-after-ms", 1000.0), ("retry-after", 1.0)):
        value = headers.get(name)
        if value is None:
            continue
        try:
            delay = float(value)
        except ValueError:
            continue
        if math.isnan(delay):
            continue
        return delay / divisor
    raw = headers.get("retry-after")
    if raw is None:
        return None
    try:
        parsed = email.utils.parsedate_tz(raw)
        if parsed is None:
            return None
        return float(email.utils.mktime_tz(parsed) - time.time())
    except (TypeError, ValueError, OverflowError):
        return None


def should_retry(status_code: int, headers: Mapping[str, str]) -> bool:
    """The official SDK's rule: too long a retry-after forbids, then x-should-retry, then status."""
    retry_after = parse_retry_after(headers)
    if retry_after is not None and retry_after > MAX_RETRY_AFTER_DELAY:
        return False
    hint = headers.get("x-should-retry")
    if hint == "true":
        return True
    if hint == "false":
        return False
    return status_code in (408, 409, 429) or status_code >= 500


def retry_delay(retries_taken: int, headers: Mapping[str, str] | None) -> float:
    """The server's delay when it gives one in (0, 120] s, else capped exponential backoff with up
    to 25 % jitter subtracted."""
    if headers is not None:
        retry_after = parse_retry_after(headers)
        if retry_after is not None and 0 < retry_after <= MAX_RETRY_AFTER_DELAY:
            return retry_after
    nominal = min(INITIAL_RETRY_DELAY * 2.0 ** min(retries_taken, 1000), MAX_RETRY_DELAY)
    return nominal * (1 - 0.25 * random.random())


# Strong references to cleanup tasks, which the loop itself only holds weakly.
_cleanup_tasks: set[asyncio.Task[Any]] = set()
_shared_clients: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Any] = (
    weakref.WeakKeyDictionary()
)
_unbound_client: Any = None


def shared_http_client() -> httpx.AsyncClient:
    """The pooled `httpx.AsyncClient` every client without an injected one uses.

    There is one per event loop, because pooled connections belong to the loop that opened them;
    sharing one across `asyncio.run` calls would hand out dead connections. Called outside a loop,
    it returns a process-wide client.
    """
    global _unbound_client
    import httpx

    try:
        loop: asyncio.AbstractEventLoop | None = asyncio.get_running_loop()
    except RuntimeError:
        loop = None
    client: httpx.AsyncClient | None
    if loop is None:
        client = _unbound_client
    else:
        entry = _shared_clients.get(loop)
        client = entry[0] if entry is not None else None
    if client is None or client.is_closed:
        limits = httpx.Limits(max_connections=1000, max_keepalive_connections=100)
        client = httpx.AsyncClient(
            timeout=httpx.Timeout(DEFAULT_TIMEOUT, connect=DEFAULT_CONNECT_TIMEOUT),
            limits=limits,
            follow_redirects=True,
            transport=_tls_on_demand_transport(limits),
        )
        if loop is None:
            _unbound_client = client
        else:
            # The closer is stored beside the client because the loop tracks it only weakly.
            _shared_clients[loop] = (client, _close_at_loop_shutdown(loop, client))
    return client


_tls_on_demand_class: Any = None
_sniffio_checked = False


def _cache_missing_sniffio() -> None:
    """Make httpcore's `import sniffio` fail fast when sniffio is not installed.

    httpcore asks sniffio which async library runs on every lock, event and semaphore it creates
    (4 per request); without sniffio (anyio 4 no longer pulls it in) each ask is a failed import
    that searches every `sys.path` entry again, ~100 µs each. A `None` entry in `sys.modules` is
    Python's own "known to be missing" marker: the import fails at once, with the same
    `ModuleNotFoundError` a search would end in, so no library sees a difference.
    """
    global _sniffio_checked
    _sniffio_checked = True
    if "sniffio" in sys.modules:
        return
    import importlib.util

    if importlib.util.find_spec("sniffio") is None:
        sys.modules["sniffio"] = None  # type: ignore[assignment]


def _tls_on_demand_transport(limits: httpx.Limits) -> httpx.AsyncBaseTransport:
    """The shared client's transport: httpx's own, but the verifying TLS pool is built on the first
    https request. Building it loads the CA bundle (~20 ms, most of constructing a client), which a
    process that only talks to a local server over plain HTTP never needs."""
    global _tls_on_demand_class
    if _tls_on_demand_class is None:
        _tls_on_demand_class = _define_tls_on_demand()
    transport: httpx.AsyncBaseTransport = _tls_on_demand_class(limits)
    return transport


def _define_tls_on_demand() -> type[httpx.AsyncBaseTransport]:
    import httpx

    class TLSOnDemandTransport(httpx.AsyncBaseTransport):
        def __init__(self, limits: httpx.Limits) -> None:
            self._limits = limits
            # verify=False only skips loading certificates: this pool never sees an https URL.
            self._plain = httpx.AsyncHTTPTransport(verify=False, limits=limits)
            self._tls: httpx.AsyncHTTPTransport | None = None

        # A plain method handing back the chosen pool's coroutine (httpx awaits what it returns):
        # no frame of ours held through every request in flight.
        def handle_async_request(
            self, request: httpx.Request
        ) -> Coroutine[Any, Any, httpx.Response]:
            if request.url.scheme != "https":
                return self._plain.handle_async_request(request)
            if self._tls is None:
                self._tls = httpx.AsyncHTTPTransport(limits=self._limits)
            return self._tls.handle_async_request(request)

        async def aclose(self) -> None:
            await self._plain.aclose()
            if self._tls is not None:
                await self._tls.aclose()

    return TLSOnDemandTransport


async def _closer(client: httpx.AsyncClient) -> AsyncGenerator[None, None]:
    try:
        yield
    finally:
        await client.aclose()


def _close_at_loop_shutdown(
    loop: asyncio.AbstractEventLoop, client: httpx.AsyncClient
) -> AsyncGenerator[None, None]:
    """Close `client` when the loop shuts down its async generators (`asyncio.run` and pytest's
    runners do, before closing the loop), so pooled sockets are closed rather than garbage."""
    closer = _closer(client)
    # Stepping the generator once registers it with the loop's async-generator hooks; from then
    # on `loop.shutdown_asyncgens()` will `aclose()` it.
    task = loop.create_task(closer.__anext__())
    _cleanup_tasks.add(task)
    task.add_done_callback(_cleanup_tasks.discard)
    return closer


async def close_shared_http_client() -> None:
    """Close the current loop's shared client (for tests and orderly shutdown)."""
    entry = _shared_clients.pop(asyncio.get_running_loop(), None)
    if entry is not None:
        await entry[0].aclose()


@dataclass(frozen=True)
class ClientConfig:
    """Everything a request needs besides its own arguments."""

    api_key: str | None
    base_url: str
    organization: str | None
    project: str | None
    default_headers: Mapping[str, str]
    default_query: Mapping[str, object]
    max_retries: int
    timeout: TimeoutDict
    http_client: Any
    max_response_bytes: int | None = DEFAULT_MAX_RESPONSE_BYTES
    max_decompressed_bytes: int | None = DEFAULT_MAX_DECOMPRESSED_BYTES
    max_sse_event_bytes: int | None = DEFAULT_MAX_SSE_EVENT_BYTES
    deadline: float | None = None
    allow_cross_origin_redirects: bool = True

    def __repr__(self) -> str:
        return f"ClientConfig(base_url={self.base_url!r}, max_retries={self.max_retries})"


@dataclass(frozen=True)
class Deadline:
    """When a call must be over (`at`, in the event loop's clock), and which setting asked."""

    at: float
    seconds: float
    source: Literal["client", "request"]

    def error(
        self, request: httpx.Request, *, events: int | None = None
    ) -> APIDeadlineExceededError:
        where = (
            "AsyncOpenAI(deadline=...)"
            if self.source == "client"
            else "deadline= on the call, e.g. ModelSettings(extra_args={'deadline': ...})"
        )
        after = f" after {events} events of the stream" if events is not None else ""
        return APIDeadlineExceededError(
            request,
            deadline=self.source,
            seconds=self.seconds,
            message=f"The {self.source} deadline of {self.seconds:g} s passed{after} (set with "
            f"{where}); the call was abandoned and its connection closed.",
        )


def check_deadline_seconds(value: object, name: str) -> float | None:
    """Validate a deadline option: None, or a positive finite number of seconds."""
    if value is None:
        return None
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or not math.isfinite(value)
        or value <= 0
    ):
        raise ValueError(f"{name} must be a positive number of seconds or None, got {value!r}")
    return float(value)


def check_size_limit(value: object, name: str) -> int | None:
    """Validate a size option: None (no limit) or a positive int."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValueError(f"{name} must be a positive int (bytes) or None, got {value!r}")
    return value


class _DeadlineFired(Exception):
    """Internal: the deadline callback cancelled the awaited work."""


async def run_within(deadline: Deadline | None, awaitable: Awaitable[_T]) -> _T:
    """Await `awaitable`, cancelling it when `deadline` passes (then `_DeadlineFired` is raised).

    One timer handle per call rather than a task (`wait_for`), so it is cheap enough per event.
    """
    if deadline is None:
        return await awaitable
    task = asyncio.current_task()
    loop = asyncio.get_running_loop()
    if loop.time() >= deadline.at:
        close = getattr(awaitable, "close", None)
        if close is not None:
            close()  # a coroutine never started: no "never awaited" warning
        raise _DeadlineFired
    if task is None:
        return await awaitable
    fired = False

    def fire() -> None:
        nonlocal fired
        fired = True
        task.cancel()

    handle = loop.call_at(deadline.at, fire)
    try:
        return await awaitable
    except BaseException as exc:
        if not fired:
            raise
        uncancel = getattr(task, "uncancel", None)  # 3.11+: undo our own cancel request
        if uncancel is not None:
            uncancel()
        raise _DeadlineFired from (None if isinstance(exc, asyncio.CancelledError) else exc)
    finally:
        handle.cancel()


@dataclass
class RequestSpec:
    """One logical request, rebuilt for every attempt."""

    method: str
    path: str
    json_body: object | None = None
    query: Mapping[str, object] | None = None
    files: Any = None
    data: Mapping[str, Any] | None = None
    headers: Mapping[str, str] | None = None
    timeout: object = NOT_GIVEN
    max_retries: int | None = None
    accept: str = "application/json"
    deadline: float | None = None
    # `json_body` as httpx encoded it for the first attempt (which then drops `json_body`).
    encoded_json: bytes | None = None


class HTTPCore:
    """Sends requests with retries and maps failures to typed errors."""

    def __init__(self, config: ClientConfig) -> None:
        self.config = config
        # The last URL string sent and httpx's parse of it: a client sends to the same endpoint
        # over and over, and parsing the string is a good part of building each request.
        self._parsed_url: tuple[str, httpx.URL] | None = None

    def _http(self) -> Any:
        if not _sniffio_checked:
            _cache_missing_sniffio()
        if self.config.http_client is not None:
            return client_for_running_loop(self.config.http_client)
        return shared_http_client()

    def _url(self, path: str) -> str:
        if path.startswith(("http://", "https://")):
            return path
        return f"{self.config.base_url.rstrip('/')}/{path.lstrip('/')}"

    def _headers(self, spec: RequestSpec) -> dict[str, str]:
        cfg = self.config
        headers: dict[str, str] = {"Accept": spec.accept, "User-Agent": user_agent()}
        if cfg.api_key:
            headers["Authorization"] = f"Bearer {cfg.api_key}"
        if cfg.organization:
            headers["OpenAI-Organization"] = cfg.organization
        if cfg.project:
            headers["OpenAI-Project"] = cfg.project
        # Later sources win regardless of the case the caller spelled a header in.
        for extra in (cfg.default_headers, spec.headers or {}):
            for name, value in extra.items():
                for existing in [k for k in headers if k.lower() == name.lower()]:
                    del headers[existing]
                headers[name] = value
        return headers

    def _request_url(self, http: Any, path: str) -> str | httpx.URL:
        url = self._url(path)
        import httpx

        if not isinstance(http, httpx.AsyncClient):
            return url  # a duck-typed client gets the string it always got
        cached = self._parsed_url
        if cached is not None and cached[0] == url:
            return cached[1]
        parsed = httpx.URL(url)
        self._parsed_url = (url, parsed)
        return parsed

    def _build(self, http: Any, spec: RequestSpec) -> httpx.Request:
        timeout = (
            self.config.timeout if spec.timeout is NOT_GIVEN else normalize_timeout(spec.timeout)
        )
        params: dict[str, Any] = {**self.config.default_query, **(spec.query or {})}
        kwargs: dict[str, Any] = {}
        if spec.files is not None or spec.data is not None:
            kwargs["files"] = spec.files
            kwargs["data"] = spec.data
        elif spec.json_body is not None:
            kwargs["json"] = spec.json_body
        elif spec.encoded_json is not None:
            kwargs["content"] = spec.encoded_json
        headers = self._headers(spec)
        if spec.encoded_json is not None and not any(k.lower() == "content-type" for k in headers):
            headers["Content-Type"] = "application/json"
        request: httpx.Request = http.build_request(
            spec.method,
            self._request_url(http, spec.path),
            params=params or None,
            headers=headers,
            extensions={"timeout": timeout},
            **kwargs,
        )
        if "json" in kwargs:
            content = getattr(request, "content", None)
            if isinstance(content, bytes):
                # Encoded once: a retry sends the same bytes, and the body's dicts are not held
                # while the answer is awaited (by every call in flight).
                spec.encoded_json, spec.json_body = content, None
        return request

    def start_deadline(self, spec: RequestSpec) -> Deadline | None:
        """The deadline of a call starting now: the earlier of the client's and the request's."""
        candidates: list[tuple[float, Literal["client", "request"]]] = []
        if self.config.deadline is not None:
            candidates.append((self.config.deadline, "client"))
        if spec.deadline is not None:
            candidates.append((spec.deadline, "request"))
        if not candidates:
            return None
        seconds, source = min(candidates)
        return Deadline(asyncio.get_running_loop().time() + seconds, seconds, source)

    def send(
        self, spec: RequestSpec, *, stream: bool, deadline: Deadline | None = None
    ) -> Coroutine[Any, Any, httpx.Response]:
        """Send with retries (to await). With `stream`, the response comes once the headers are in
        (body unread); else the body is read (within the size limits). Either way
        `response.request` is the redacted copy.

        The whole call, retries included, must end before `deadline` (default: a new one from the
        client's and the request's settings); `APIDeadlineExceededError` says which one passed.

        A plain function handing back the sending coroutine: with no timer to arm, no frame of its
        own is held through every suspension of the request (of every concurrent call).
        """
        if deadline is None:
            deadline = self.start_deadline(spec)
        if spec.path.rstrip("/").endswith(_MODEL_PATHS):
            # For the trace exporter: traces of programs that only use other servers stay home.
            note_model_request(spec.path if "://" in spec.path else self.config.base_url)
        attempt: list[httpx.Request] = []
        if deadline is None:
            return self._send(spec, stream, attempt)
        return self._send_within(deadline, spec, stream, attempt)

    async def _send_within(
        self, deadline: Deadline, spec: RequestSpec, stream: bool, attempt: list[httpx.Request]
    ) -> httpx.Response:
        try:
            return await run_within(deadline, self._send(spec, stream, attempt))
        except _DeadlineFired:
            raise deadline.error(self._error_request(spec, attempt)) from None

    def _error_request(self, spec: RequestSpec, attempt: list[httpx.Request]) -> httpx.Request:
        if attempt:
            return redacted_request(attempt[-1])
        import httpx

        return httpx.Request(spec.method, self._url(spec.path))

    async def _send(
        self, spec: RequestSpec, stream: bool, attempt: list[httpx.Request]
    ) -> httpx.Response:
        http = self._http()
        max_retries = self.config.max_retries if spec.max_retries is None else spec.max_retries
        retries_taken = 0
        while True:
            request = self._build(http, spec)
            attempt.append(request)
            remaining = max_retries - retries_taken
            try:
                response: httpx.Response = await http.send(
                    request, stream=True, follow_redirects=False
                )
                if response.status_code in _REDIRECT_STATUSES:
                    response, request = await self._follow_redirects(http, request, response)
            except Exception as exc:
                kind = _error_kind(exc)
                if kind is None:
                    raise
                if remaining > 0:
                    retries_taken = await self._wait(spec, retries_taken, None, repr(exc))
                    continue
                raise _transport_error(kind, exc, request) from exc

            # Like openai's `raise_for_status`: a redirect the HTTP client did not follow (an
            # injected client without follow_redirects) is an error too, not an answer.
            if response.status_code >= 300:
                if remaining > 0 and should_retry(response.status_code, response.headers):
                    await response.aclose()
                    retries_taken = await self._wait(
                        spec, retries_taken, response.headers, f"HTTP {response.status_code}"
                    )
                    continue
                raise await self._status_error(spec, response, request)

            if not stream:
                try:
                    await self._read_body(response, request)
                except Exception as exc:
                    await response.aclose()
                    kind = _error_kind(exc)
                    if kind is None:
                        raise
                    if remaining > 0:
                        retries_taken = await self._wait(spec, retries_taken, None, repr(exc))
                        continue
                    raise _transport_error(kind, exc, request) from exc
                _unbind_closed_stream(response)
            response.request = redacted_request(request)
            logger.debug(
                "%s %s -> %s (request id %s)",
                spec.method,
                request.url,
                response.status_code,
                response.headers.get("x-request-id"),
            )
            return response

    async def _status_error(
        self, spec: RequestSpec, response: httpx.Response, request: httpx.Request
    ) -> Exception:
        try:
            await self._read_body(response, request)
            text = response.text
        except Exception as exc:
            await response.aclose()
            kind = _error_kind(exc)
            if kind is None:
                return exc
            return _transport_error(kind, exc, request)
        response.request = redacted_request(request)
        error = make_status_error(response, text)
        logger.debug(
            "%s %s -> %s (request id %s)",
            spec.method,
            request.url,
            response.status_code,
            error.request_id,
        )
        return error

    async def _read_body(self, response: httpx.Response, request: httpx.Request) -> None:
        """Read the body, stopping at the size limits (the wire size and the decompressed size)."""
        cfg = self.config
        wire_limit, body_limit = cfg.max_response_bytes, cfg.max_decompressed_bytes
        if wire_limit is None and body_limit is None:
            await response.aread()
            return
        declared = response.headers.get("content-length", "")
        if wire_limit is not None and declared.isdigit() and int(declared) > wire_limit:
            await response.aclose()
            raise _too_large(
                request, "max_response_bytes", wire_limit, f"{declared} bytes declared"
            )
        chunks: list[bytes] = []
        size = 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            chunks.append(chunk)
            if body_limit is not None and size > body_limit:
                await response.aclose()
                raise _too_large(request, "max_decompressed_bytes", body_limit, f"{size}+ bytes")
            downloaded = response.num_bytes_downloaded
            if wire_limit is not None and downloaded > wire_limit:
                await response.aclose()
                raise _too_large(request, "max_response_bytes", wire_limit, f"{downloaded}+ bytes")
        # What `aread()` would have stored: `response.content` / `.text` / `.json()` read it.
        response._content = b"".join(chunks)

    async def _follow_redirects(
        self, http: Any, request: httpx.Request, response: httpx.Response
    ) -> tuple[httpx.Response, httpx.Request]:
        """`response` (a redirect status), followed by us when the HTTP client is set to follow
        redirects: a hop to another origin carries no credentials and no body (or is refused, as
        configured). The last response and the request that got it."""
        follow = bool(getattr(http, "follow_redirects", False))
        max_redirects = getattr(http, "max_redirects", DEFAULT_MAX_REDIRECTS)
        hops = 0
        while True:
            location = response.headers.get("location")
            if not follow or response.status_code not in _REDIRECT_STATUSES or not location:
                return response, request
            await response.aclose()
            hops += 1
            target = request.url.join(location)
            if hops > max_redirects:
                raise RedirectError(
                    f"Too many redirects (more than {max_redirects}).",
                    redacted_request(request),
                    location=str(target),
                )
            request = self._redirected(http, request, response.status_code, target)
            response = await http.send(request, stream=True, follow_redirects=False)

    def _redirected(
        self, http: Any, request: httpx.Request, status: int, target: httpx.URL
    ) -> httpx.Request:
        method = request.method
        if (status == 303 and method != "HEAD") or (status in (301, 302) and method == "POST"):
            method = "GET"
        keep_body = status in (307, 308)
        if _origin(request.url) == _origin(target):
            headers = request.headers.copy()
            if not keep_body:
                for name in ("content-length", "content-type", "transfer-encoding"):
                    headers.pop(name, None)
            content = request.content if keep_body else None
            built: httpx.Request = http.build_request(
                method, target, headers=headers, content=content, extensions=request.extensions
            )
            return built
        safe = redacted_request(request)
        if not self.config.allow_cross_origin_redirects:
            raise RedirectError(
                f"The server redirected to another origin ({_origin(target)}); "
                "this client refuses cross-origin redirects (allow_cross_origin_redirects=False).",
                safe,
                location=str(target),
            )
        if keep_body and request.content:
            raise RedirectError(
                f"The server answered {status} to another origin ({_origin(target)}), which would"
                " re-send the request body there; agentkit does not. Point base_url at the final "
                "address instead.",
                safe,
                location=str(target),
            )
        kept = {k: v for k, v in request.headers.items() if k.lower() in _CROSS_ORIGIN_HEADERS}
        logger.debug("Following a redirect to another origin without credentials: %s", target)
        other: httpx.Request = http.build_request(
            method, target, headers=kept, extensions=request.extensions
        )
        return other

    async def stream(self, spec: RequestSpec) -> AsyncStream:
        """Send `spec` and return its answer as a stream of decoded events, within the limits and
        the deadline (which keeps running while the stream is read)."""
        deadline = self.start_deadline(spec)
        response = await self.send(spec, stream=True, deadline=deadline)
        return AsyncStream(
            response, max_event_bytes=self.config.max_sse_event_bytes, deadline=deadline
        )

    async def _wait(
        self,
        spec: RequestSpec,
        retries_taken: int,
        headers: Mapping[str, str] | None,
        reason: str,
    ) -> int:
        delay = retry_delay(retries_taken, headers)
        logger.debug("Retrying %s %s in %.3f s after %s", spec.method, spec.path, delay, reason)
        await asyncio.sleep(delay)
        return retries_taken + 1


def _unbind_closed_stream(response: httpx.Response) -> None:
    """Drop the stream httpx bound to a closed response (body read or streamed, connection
    released).

    That stream refers back to its response: a reference cycle through the connection pool's
    objects for the request (its event, lock waiters, byte streams), ~9 KB a call that would
    otherwise wait for the cyclic garbage collector, piling up while many calls are in flight.
    A read body stays in `response.content` (reading the response again reads that); a streamed
    one was never kept, and reading it again is the same error as before."""
    import httpx

    if isinstance(response, httpx.Response) and response.is_closed:
        try:
            content = response.content
        except httpx.ResponseNotRead:
            content = b""
        response.stream = httpx.ByteStream(content)


def _origin(url: httpx.URL) -> str:
    """`scheme://host:port`, the port always spelled out (so http://h and http://h:80 match)."""
    port = url.port or {"http": 80, "https": 443}.get(url.scheme, 0)
    return f"{url.scheme}://{url.host}:{port}"


def _too_large(
    request: httpx.Request,
    limit: Literal["max_response_bytes", "max_decompressed_bytes", "max_sse_event_bytes"],
    max_bytes: int,
    seen: str,
) -> ResponseTooLargeError:
    return ResponseTooLargeError(
        redacted_request(request),
        limit=limit,
        max_bytes=max_bytes,
        message=f"The answer is larger than {limit}={max_bytes} allows ({seen}); the connection "
        f"was closed. Raise the limit on the client (AsyncOpenAI({limit}=...)) if this answer is "
        "expected.",
    )


def _transport_error(
    kind: Literal["timeout", "connection"], exc: BaseException, request: httpx.Request
) -> APIConnectionError:
    safe = redacted_request(request)
    # The transport error keeps a reference to the request it failed on; swap in the safe copy
    # because callers can reach it through `__cause__`.
    if hasattr(exc, "request"):
        with contextlib.suppress(Exception):
            exc.request = safe
    if kind == "timeout":
        return APITimeoutError(safe)
    return APIConnectionError(
        message=f"Connection error: {exc}" if str(exc) else "Connection error.", request=safe
    )


class AsyncStream:
    """The decoded events of a streamed answer, as dicts, one per SSE event.

    Iterate it once. Leaving early (`break`, `aclose()`, `async with`, task cancellation, or dropping
    it) closes the HTTP response, so the connection goes back to the pool or is discarded.
    """

    def __init__(
        self,
        response: httpx.Response,
        *,
        max_event_bytes: int | None = None,
        deadline: Deadline | None = None,
    ) -> None:
        self.response = response
        self._events: list[int] = [0]
        self._max_event_bytes = max_event_bytes
        self._iterator = _iterate_events(response, max_event_bytes, self._events)
        self._closed = False
        self._deadline = deadline

    @property
    def headers(self) -> httpx.Headers:
        return self.response.headers

    @property
    def request_id(self) -> str | None:
        value: str | None = self.response.headers.get("x-request-id")
        return value

    def __aiter__(self) -> AsyncStream:
        return self

    def __anext__(self) -> Awaitable[dict[str, Any]]:
        if self._deadline is None:
            # The generator's own awaitable: no coroutine of ours around every event.
            return self._iterator.__anext__()
        return self._anext_within_deadline()

    def _undecoded(self) -> AsyncIterator[ServerSentEvent]:
        """Iterate the events undecoded, as `ServerSentEvent`s (call before iterating): for a
        caller that parses an event's JSON straight into its own type, with `decode` giving the
        dict (and the errors) iterating normally would have."""
        self._iterator = _iterate_events(
            self.response, self._max_event_bytes, self._events, decode=False
        )
        return cast("AsyncIterator[ServerSentEvent]", self._iterable())

    def _iterable(self) -> AsyncIterator[dict[str, Any]]:
        """What a model iterates for the events: without a deadline the generator itself, with
        no frame of ours around every event (`aclose` still closes both)."""
        return self._iterator if self._deadline is None else self

    def decode(self, sse: ServerSentEvent) -> dict[str, Any]:
        """The dict iterating normally gives for `sse` (or the error it raises)."""
        return _decode_event(sse.data, self.response.request)

    async def _anext_within_deadline(self) -> dict[str, Any]:
        assert self._deadline is not None
        try:
            return await run_within(self._deadline, self._iterator.__anext__())
        except _DeadlineFired:
            await self.aclose()
            raise self._deadline.error(self.response.request, events=self._events[0]) from None

    async def __aenter__(self) -> AsyncStream:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Stop reading and release the connection."""
        self._closed = True
        await self._iterator.aclose()
        await self.response.aclose()

    def __del__(self) -> None:
        # Dropped without being read to the end or closed: the generator may never have started, so
        # its cleanup would not run; close the response on its loop.
        if self._closed or self.response.is_closed:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        task = loop.create_task(self.response.aclose())
        _cleanup_tasks.add(task)
        task.add_done_callback(_cleanup_tasks.discard)


async def _iterate_events(
    response: httpx.Response,
    max_event_bytes: int | None = None,
    counter: list[int] | None = None,
    decode: bool = True,
) -> AsyncGenerator[Any, None]:
    # A free function, not a method: a generator frame holding `self` would keep the stream alive
    # in a reference cycle, so dropping the stream would not close the response promptly.
    # `counter[0]` tells the owning stream how many events were decoded (for error messages).
    # Without `decode`, each event with data is yielded as its `ServerSentEvent`, undecoded.
    request = response.request
    decoder = SSEDecoder(max_event_bytes)
    count = counter if counter is not None else [0]
    done = False
    try:
        chunks = response.aiter_bytes()
        try:
            async for chunk in chunks:
                for sse in decoder.feed(chunk):
                    if sse.data.startswith("[DONE]"):
                        done = True
                        break
                    if not sse.data:
                        continue
                    count[0] += 1
                    yield _decode_event(sse.data, request) if decode else sse
                if done:
                    break
            if done:
                # Read the rest so the connection can be reused.
                async for _ in chunks:
                    pass
                return
        except Exception as exc:
            mapped = _stream_error(exc, request, count[0])
            if mapped is exc:
                raise
            raise mapped from (None if isinstance(exc, EventTooLargeError) else exc)
        events, partial = decoder.finish()
        for sse in events:
            if sse.data.startswith("[DONE]"):
                return
            if sse.data:
                count[0] += 1
                yield _decode_event(sse.data, request) if decode else sse
        if partial is not None and partial.data and not partial.data.startswith("[DONE]"):
            try:
                payload = json.loads(partial.data)
            except (ValueError, RecursionError):
                raise APIStreamError(
                    f"The stream ended in the middle of an event after {count[0]} complete "
                    f"events (no blank line after it, and its data is not complete JSON).",
                    request,
                ) from None
            yield _checked_payload(payload, request) if decode else partial
    finally:
        await response.aclose()
        _unbind_closed_stream(response)


def _stream_error(exc: Exception, request: httpx.Request, count: int) -> Exception:
    """The typed error for `exc` raised while reading a stream (itself if it is not ours to map)."""
    if isinstance(exc, EventTooLargeError):
        return ResponseTooLargeError(
            request,
            limit="max_sse_event_bytes",
            max_bytes=exc.limit,
            message=f"A server-sent event after {count} events is larger than "
            f"max_sse_event_bytes={exc.limit} allows; the stream was closed. Raise the limit on "
            "the client (AsyncOpenAI(max_sse_event_bytes=...)) if such events are expected.",
        )
    kind = _error_kind(exc)
    if kind is None:
        return exc
    return _stream_transport_error(kind, exc, request, count)


def _stream_transport_error(
    kind: Literal["timeout", "connection"],
    exc: BaseException,
    request: httpx.Request,
    count: int,
) -> APIConnectionError:
    if hasattr(exc, "request"):
        with contextlib.suppress(Exception):
            exc.request = request
    if kind == "timeout":
        return APITimeoutError(
            request, message=f"Timed out reading the stream after {count} events."
        )
    return APIConnectionError(
        message=f"The connection broke while reading the stream after {count} events: {exc}",
        request=request,
    )


def _decode_event(data: str, request: httpx.Request) -> dict[str, Any]:
    try:
        # pydantic-core's parser: once per streamed delta, it is much faster than `json.loads`
        # (it reuses the key strings from a small fixed cache). It accepts nothing `json.loads`
        # rejects and gives the same values, but it refuses a few things `json.loads` takes
        # (lone surrogate escapes, nesting deeper than 200): on any error `json.loads` decides,
        # and words it.
        payload = from_json(data, cache_strings="keys")
    except ValueError:
        try:
            payload = json.loads(data)
        # RecursionError: JSON nested deeper than the interpreter's recursion limit.
        except (ValueError, RecursionError):
            excerpt = data if len(data) <= 200 else data[:200] + "..."
            raise APIStreamError(
                f"The stream carried an event whose data is not JSON: {excerpt!r}", request
            ) from None
    if type(payload) is dict and "error" not in payload:
        return payload  # the usual event: nothing to check
    return _checked_payload(payload, request)


def _checked_payload(payload: object, request: httpx.Request) -> dict[str, Any]:
    if not isinstance(payload, dict):
        raise APIStreamError(
            f"The stream carried an event whose data is not a JSON object: {payload!r:.200}",
            request,
        )
    error = payload.get("error")
    # A mid-stream failure on Chat Completions arrives as a data line with a top-level error object.
    if isinstance(error, dict) and "choices" not in payload:
        message = error.get("message")
        raise APIError(
            message
            if isinstance(message, str) and message
            else "An error occurred during streaming",
            request,
            body=error,
        )
    return payload
