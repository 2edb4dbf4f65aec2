"""Retry headers and error bodies from a hostile server: parsed without crashing, within bounds."""

from __future__ import annotations

import math

import httpx
from hypothesis import given
from hypothesis import strategies as st

from agentkit._http import _client
from agentkit._http._errors import APIStatusError, make_status_error

from ._support import json_values, scaled

_header_values = st.text(max_size=30) | st.sampled_from(
    [
        "1",
        "0",
        "-5",
        "1e400",
        "-1e400",
        "nan",
        "inf",
        "0x10",
        "1_000",
        " 2 ",
        "Wed, 21 Oct 2015 07:28:00 GMT",
        "Fri, 31 Dec 9999 23:59:59 GMT",
        "Mon, 01 Jan 0001 00:00:00 GMT",
        "Sun, 06 Nov 1994 08:49:37 +9999",
    ]
)
_headers = st.dictionaries(
    st.sampled_from(["retry-after", "retry-after-ms", "x-should-retry"]), _header_values
)


@scaled(3)
@given(_headers, st.integers(0, 40), st.sampled_from([408, 409, 429, 500, 503, 400, 404]))
def test_fuzz_retry_headers(headers: dict[str, str], retries: int, status: int) -> None:
    """Any header values give a yes/no and, when retrying, a finite delay in [0, 120] s."""
    # Raw bytes, as they come off the wire (httpx decodes them for the parser).
    h = httpx.Headers({k: v.encode() for k, v in headers.items()})
    assert isinstance(_client.should_retry(status, h), bool)
    delay = _client.retry_delay(retries, h)
    assert math.isfinite(delay)
    assert 0 <= delay <= _client.MAX_RETRY_AFTER_DELAY


@scaled(2)
@given(
    st.sampled_from([400, 401, 403, 404, 409, 422, 429, 500, 502, 503, 418]),
    json_values().map(lambda v: __import__("json").dumps(v))
    | st.text(max_size=300)
    | st.sampled_from(
        [
            "<html><body><h1>502 Bad Gateway</h1></body></html>" * 20,
            "",
            "  ",
            '{"error": ' * 2_500,
            "[" * 5_000,
        ]
    ),
)
def test_fuzz_error_bodies(status: int, text: str) -> None:
    """Any error body becomes a typed status error with a bounded message."""
    request = httpx.Request("POST", "http://127.0.0.1:9/v1/responses")
    response = httpx.Response(status, text=text, request=request)
    error = make_status_error(response, text)
    assert isinstance(error, APIStatusError)
    assert error.status_code == status
    assert str(error).startswith(f"Error code: {status}")
    # An HTML page is excerpted, not pasted whole.
    if not text.lstrip().startswith(("{", "[", '"')) or len(text) > 10_000:
        assert len(str(error)) < 300
