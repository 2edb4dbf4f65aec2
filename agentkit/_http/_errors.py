"""Typed errors of the HTTP client, named like the `openai` package's so `except` clauses port."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    import httpx

__all__ = [
    "APIConnectionError",
    "APIDeadlineExceededError",
    "APIError",
    "APIStatusError",
    "APIStreamError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "InternalServerError",
    "NotFoundError",
    "OpenAIError",
    "PermissionDeniedError",
    "RateLimitError",
    "RedirectError",
    "ResponseTooLargeError",
    "UnprocessableEntityError",
]


class OpenAIError(Exception):
    """Base of every error the HTTP client raises."""


class APIError(OpenAIError):
    """A request failed; `body` is the decoded error object (or raw text), `None` without a response."""

    message: str
    request: httpx.Request
    body: object | None
    code: str | None
    param: str | None
    type: str | None

    def __init__(self, message: str, request: httpx.Request, *, body: object | None) -> None:
        super().__init__(message)
        self.message = message
        self.request = request
        self.body = body
        if isinstance(body, Mapping):
            code = body.get("code")
            param = body.get("param")
            kind = body.get("type")
            self.code = str(code) if code is not None else None
            self.param = param if isinstance(param, str) else None
            self.type = kind if isinstance(kind, str) else None
        else:
            self.code = None
            self.param = None
            self.type = None


class APIStatusError(APIError):
    """The server answered with a 4xx or 5xx status."""

    response: httpx.Response
    status_code: int
    request_id: str | None

    def __init__(self, message: str, *, response: httpx.Response, body: object | None) -> None:
        super().__init__(message, response.request, body=body)
        self.response = response
        self.status_code = response.status_code
        self.request_id = response.headers.get("x-request-id")


class APIConnectionError(APIError):
    """The request never got a complete answer: connection refused or reset, DNS, TLS, ..."""

    def __init__(self, *, message: str = "Connection error.", request: httpx.Request) -> None:
        super().__init__(message, request, body=None)


class APITimeoutError(APIConnectionError):
    """The request timed out (connect, read, write or pool)."""

    def __init__(self, request: httpx.Request, *, message: str = "Request timed out.") -> None:
        super().__init__(message=message, request=request)


class APIDeadlineExceededError(APITimeoutError):
    """The overall deadline of a call passed: connecting, retries, waiting and reading the whole
    stream all count. `deadline` says which one fired: `"client"` (`AsyncOpenAI(deadline=...)`)
    or `"request"` (`deadline=` on the call, e.g. `ModelSettings(extra_args={"deadline": 30})`);
    `seconds` is its length."""

    deadline: Literal["client", "request"]
    seconds: float

    def __init__(
        self,
        request: httpx.Request,
        *,
        deadline: Literal["client", "request"],
        seconds: float,
        message: str,
    ) -> None:
        super().__init__(request, message=message)
        self.deadline = deadline
        self.seconds = seconds


class ResponseTooLargeError(APIError):
    """An answer was larger than a client limit allows (`limit` names it: `max_response_bytes`,
    `max_decompressed_bytes` or `max_sse_event_bytes`; `max_bytes` is its value). The connection
    is closed; nothing more is read."""

    limit: Literal["max_response_bytes", "max_decompressed_bytes", "max_sse_event_bytes"]
    max_bytes: int

    def __init__(
        self,
        request: httpx.Request,
        *,
        limit: Literal["max_response_bytes", "max_decompressed_bytes", "max_sse_event_bytes"],
        max_bytes: int,
        message: str,
    ) -> None:
        super().__init__(message, request, body=None)
        self.limit = limit
        self.max_bytes = max_bytes


class RedirectError(APIError):
    """A redirect was not followed: it leads to another origin and the client refuses those
    (`allow_cross_origin_redirects=False`), it would re-send the request body to another origin,
    or there were too many. `location` is where it pointed."""

    location: str

    def __init__(self, message: str, request: httpx.Request, *, location: str) -> None:
        super().__init__(message, request, body=None)
        self.location = location


class APIStreamError(APIError):
    """A streamed answer was malformed: it ended inside an event, or carried non-JSON data."""

    def __init__(self, message: str, request: httpx.Request, *, body: object | None = None) -> None:
        super().__init__(message, request, body=body)


class BadRequestError(APIStatusError):
    """HTTP 400."""


class AuthenticationError(APIStatusError):
    """HTTP 401."""


class PermissionDeniedError(APIStatusError):
    """HTTP 403."""


class NotFoundError(APIStatusError):
    """HTTP 404."""


class ConflictError(APIStatusError):
    """HTTP 409."""


class UnprocessableEntityError(APIStatusError):
    """HTTP 422."""


class RateLimitError(APIStatusError):
    """HTTP 429."""


class InternalServerError(APIStatusError):
    """HTTP 500 or above."""


_STATUS_ERRORS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def make_status_error(response: httpx.Response, text: str) -> APIStatusError:
    """Build the typed error for an error response whose body text is `text`."""
    import json

    message = f"Error code: {response.status_code}"
    body: Any = text.strip() or None
    if body is not None:
        try:
            body = json.loads(body)
        except (ValueError, RecursionError):  # not JSON, or nested too deep to decode
            pass
        else:
            error = body.get("error", body) if isinstance(body, Mapping) else None
            detail = error.get("message") if isinstance(error, Mapping) else None
            if isinstance(detail, str) and detail:
                message += f" - {detail}"
            if isinstance(body, Mapping):
                body = body.get("error", body)
    if isinstance(body, str):
        # An HTML error page from a proxy: keep the body, but only a short excerpt in the message.
        excerpt = " ".join(body.split())
        if len(excerpt) > 200:
            excerpt = excerpt[:200] + "..."
        message += f" - {excerpt}"
    status = response.status_code
    cls = _STATUS_ERRORS.get(status) or (InternalServerError if status >= 500 else APIStatusError)
    return cls(message, response=response, body=body)
