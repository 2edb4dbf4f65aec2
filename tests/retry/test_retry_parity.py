"""Runner-managed retries, side by side with upstream `agents` 0.24: the same program
(`retry_program.py`) runs on both against the loopback server with the same faults queued, and
the requests the server saw, the usage, the stream events, the spans and the outcome must match.

Skipped when the reference environment (/opt/ref/bin/python) is not on the machine; the
behaviour itself is covered without it by test_retry_runner.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests._reference import HAVE_REFERENCE, NO_REFERENCE_REASON, REF_PYTHON
from tests.openai_server import OpenAIServer, ResetReply, SSEReply, error_reply
from tests.openai_server import builders as b

PROGRAM = Path(__file__).with_name("retry_program.py")
REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(not HAVE_REFERENCE, reason=NO_REFERENCE_REASON)

Queue = Callable[[OpenAIServer, str, bool], None]


def _success(server: OpenAIServer, api: str, stream: bool) -> None:
    if api == "responses":
        server.queue(b.stream_response_text("ok") if stream else b.response_text("ok"))
    else:
        server.queue(b.stream_chat_text("ok") if stream else b.chat_text("ok"))


def _stream_events(api: str) -> list[Any]:
    if api == "responses":
        return b.response_stream_events([b.message_item("ok")], deltas=2)
    return b.chat_stream_chunks("ok")  # type: ignore[no-any-return]


def fault_429(server: OpenAIServer, api: str, stream: bool) -> None:
    server.queue(error_reply(429, retry_after_ms=10))
    _success(server, api, stream)


def fault_500_twice(server: OpenAIServer, api: str, stream: bool) -> None:
    server.queue(error_reply(500, times=2))
    _success(server, api, stream)


def fault_500_forever(server: OpenAIServer, api: str, stream: bool) -> None:
    server.queue(error_reply(500, times=None))


def fault_reset_forever(server: OpenAIServer, api: str, stream: bool) -> None:
    server.queue(ResetReply(times=None))


def fault_400(server: OpenAIServer, api: str, stream: bool) -> None:
    server.queue(error_reply(400))


def fault_cut_before_output(server: OpenAIServer, api: str, stream: bool) -> None:
    # Responses: only `response.created` arrives before the cut; chat: no chunk at all.
    server.queue(SSEReply(events=_stream_events(api), cut_in_event=1 if api == "responses" else 0))
    _success(server, api, stream)


def fault_cut_after_output(server: OpenAIServer, api: str, stream: bool) -> None:
    server.queue(SSEReply(events=_stream_events(api), cut_in_event=4))


PROVIDER = {"max_retries": 2, "policy": "provider_suggested", "backoff": {"jitter": False}}
NETWORK = {"max_retries": 2, "policy": "network_error", "backoff": {"initial_delay": 0.01}}
STATUS = {
    "max_retries": 3,
    "policy": ["any", "retry_after", ["http_status", [500]]],
    "backoff": {"initial_delay": 0.01, "jitter": False},
}

# name -> (faults to queue, program settings, (requests the server must see, error or None))
Scenario = tuple[Queue, dict[str, Any], tuple[int, str | None]]
SCENARIOS: dict[str, Scenario] = {
    "429 retried after retry-after-ms": (fault_429, {"retry": PROVIDER}, (2, None)),
    "500 twice then ok": (fault_500_twice, {"retry": STATUS}, (3, None)),
    "500 forever exhausts the budget": (
        fault_500_forever,
        {"retry": STATUS},
        (4, "InternalServerError"),
    ),
    "400 is not retried": (fault_400, {"retry": PROVIDER}, (1, "BadRequestError")),
    "no retry settings: one request": (fault_500_forever, {}, (1, "InternalServerError")),
    "max_retries=0 turns the client's retries off": (
        fault_500_forever,
        {"retry": {"max_retries": 0}, "client_max_retries": 2},
        (1, "InternalServerError"),
    ),
    "client retries stay on without runner retries": (
        fault_500_twice,
        {"client_max_retries": 2},
        (3, None),
    ),
    "stateful request: a 5xx is safe to replay": (
        fault_500_forever,
        {
            "retry": {"max_retries": 2, "policy": ["http_status", [500]]},
            "previous_response_id": "r0",
        },
        (3, "InternalServerError"),
    ),
    "stateful request: a reset connection is not replayed": (
        fault_reset_forever,
        {"retry": NETWORK, "previous_response_id": "r0"},
        (1, "APIConnectionError"),
    ),
    "stateless request: a reset connection is replayed": (
        fault_reset_forever,
        {"retry": NETWORK},
        (3, "APIConnectionError"),
    ),
}
STREAM_SCENARIOS: dict[str, Scenario] = {
    "stream cut before output is retried": (fault_cut_before_output, {"retry": NETWORK}, (2, None)),
    "stream cut after output is not retried": (
        fault_cut_after_output,
        {"retry": NETWORK},
        (1, "APIConnectionError"),
    ),
}


def _run(lib: str, server: OpenAIServer, spec: dict[str, Any]) -> dict[str, Any]:
    python = REF_PYTHON if lib == "agents" else sys.executable
    payload = json.dumps({**spec, "lib": lib, "base_url": server.base_url})
    done = subprocess.run(
        [python, str(PROGRAM), payload],
        capture_output=True,
        text=True,
        timeout=120,
        cwd="/tmp" if lib == "agents" else REPO,
        env={**os.environ, "OPENAI_API_KEY": "sk-test", "OPENAI_AGENTS_DISABLE_TRACING": "0"},
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    result["requests"] = [
        (r.path, {k: v for k, v in (r.json or {}).items() if k != "prompt_cache_key"})
        for r in server.requests
        if not r.path.endswith("/traces/ingest")
    ]
    return result


def _compare(server: OpenAIServer, queue: Queue, spec: dict[str, Any]) -> dict[str, Any]:
    server.allow_failures = True  # a run that exhausts its retries may leave the 500s asking
    server.allow_pending = True
    sides = {}
    for lib in ("agents", "agentkit"):
        server.clear()
        queue(server, spec["api"], bool(spec.get("stream")))
        sides[lib] = _run(lib, server, spec)
    assert sides["agentkit"] == sides["agents"]
    return sides["agentkit"]


def _cases(scenarios: dict[str, Scenario], streams: tuple[bool, ...]) -> list[Any]:
    return [
        pytest.param(
            queue,
            {**spec, "api": api, "stream": stream},
            expected,
            id=f"{name}-{api}-{'stream' if stream else 'plain'}",
        )
        for name, (queue, spec, expected) in scenarios.items()
        for api in ("responses", "chat")
        for stream in streams
        if not (api == "chat" and "previous_response_id" in spec)
    ]


def _check(result: dict[str, Any], spec: dict[str, Any], expected: tuple[int, str | None]) -> None:
    requests, error = expected
    assert (len(result["requests"]), result.get("error")) == (requests, error)
    # One model span per attempt the runner made (the HTTP client's own retries are inside one),
    # each failed one carrying its error.
    attempts = 1 if spec.get("client_max_retries") else requests
    model_spans = [s for s in result["spans"] if s["type"] in ("response", "generation")]
    assert len(model_spans) == attempts
    assert all(s["error"] for s in model_spans[:-1])
    if error is None:
        assert result["final_output"] == "ok"
        usage = result["usage"]
        assert usage["requests"] == attempts
        assert usage["entries"][:-1] == [[0, 0]] * (attempts - 1)  # failed attempts: no tokens


@pytest.mark.parametrize(("queue", "spec", "expected"), _cases(SCENARIOS, (False, True)))
def test_retry_matches_upstream(
    openai_server: OpenAIServer, queue: Queue, spec: dict[str, Any], expected: Any
) -> None:
    _check(_compare(openai_server, queue, spec), spec, expected)


@pytest.mark.parametrize(("queue", "spec", "expected"), _cases(STREAM_SCENARIOS, (True,)))
def test_stream_retry_matches_upstream(
    openai_server: OpenAIServer, queue: Queue, spec: dict[str, Any], expected: Any
) -> None:
    _check(_compare(openai_server, queue, spec), spec, expected)
