"""Fixtures of the extension tests (agent-graph drawing, LiteLLM models).

LiteLLM downloads its model price list from GitHub when imported unless
`LITELLM_LOCAL_MODEL_COST_MAP` is set; it is set here, when pytest collects this folder (before
any test imports LiteLLM), and every test here fails on a connection to anything but loopback.
"""

from __future__ import annotations

import ipaddress
import os
import sys
from collections.abc import Iterator
from typing import Any

import pytest

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

_guard: dict[str, Any] = {"active": False, "blocked": []}
_LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1", "", None}


def _is_loopback(host: Any) -> bool:
    if host in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(str(host)).is_loopback
    except ValueError:
        return False


def _network_guard(event: str, args: tuple[Any, ...]) -> None:
    if not _guard["active"]:
        return
    if event == "socket.getaddrinfo" and not _is_loopback(args[0]):
        _guard["blocked"].append(f"lookup of {args[0]!r}")
        raise OSError(f"test network guard: lookup of non-loopback host {args[0]!r}")
    if event == "socket.connect":
        address = args[1]
        if isinstance(address, tuple) and not _is_loopback(address[0]):
            _guard["blocked"].append(f"connection to {address!r}")
            raise OSError(f"test network guard: connection to non-loopback {address!r}")


sys.addaudithook(_network_guard)


@pytest.fixture(autouse=True)
def _loopback_only() -> Iterator[None]:
    """Any attempt to reach a non-loopback address during a test here raises OSError, and fails
    the test even when the code under test swallows that error."""
    _guard["blocked"] = []
    _guard["active"] = True
    try:
        yield
    finally:
        _guard["active"] = False
    assert _guard["blocked"] == [], "attempted to reach the network"
