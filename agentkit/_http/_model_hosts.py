"""Which hosts model requests went to in this process (read by the default trace exporter).

The client records the host of every Responses / Chat Completions request it sends; the trace
exporter asks whether all of them are someone else's than OpenAI's, so traces of a program that
only talks to a local or third-party server stay home unless export was asked for explicitly.
"""

from __future__ import annotations

import threading
from urllib.parse import urlsplit

_hosts: set[str] = set()
_lock = threading.Lock()


def host_of(url: str) -> str:
    """The lower-cased host of `url` ("" when it has none)."""
    try:
        return (urlsplit(str(url)).hostname or "").lower()
    except ValueError:
        return ""


def is_openai_host(host: str) -> bool:
    """True for OpenAI's own API hosts (`api.openai.com` and regional `*.openai.com`)."""
    return host == "openai.com" or host.endswith(".openai.com")


def note_model_request(base_url: str) -> None:
    """Record that a model request went to `base_url`."""
    host = host_of(base_url)
    if host not in _hosts:
        with _lock:
            _hosts.add(host)


def model_hosts() -> frozenset[str]:
    """The hosts model requests went to so far (empty when no agentkit client sent any)."""
    with _lock:
        return frozenset(_hosts)


def only_non_openai_models() -> bool:
    """True when model requests were sent and none of them went to OpenAI."""
    hosts = model_hosts()
    return bool(hosts) and not any(is_openai_host(host) for host in hosts)


def _reset_for_tests() -> None:
    with _lock:
        _hosts.clear()
