"""The websocket: connecting with redacted logging, and reconnection settings."""

from __future__ import annotations

import logging
import os
import platform
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from typing_extensions import NotRequired, TypedDict

from .. import __version__
from .._optional import import_extra
from ..util._dataclass import dataclass
from .model import RealtimeReconnectConfig

USER_AGENT = f"agentkit/{__version__} Python/{platform.python_version()}"
DEFAULT_MAX_SIZE = 8 * 1024 * 1024


class TransportConfig(TypedDict):
    """Low-level websocket settings."""

    ping_interval: NotRequired[float | None]
    """Seconds between keepalive pings (None: no pings)."""
    ping_timeout: NotRequired[float | None]
    """Seconds to wait for a pong (None: wait forever)."""
    handshake_timeout: NotRequired[float]
    """Seconds allowed for the opening handshake."""
    max_size: NotRequired[int | None]
    """Largest incoming message in bytes (default 8 MiB; None: no limit)."""
    write_limit: NotRequired[int]
    """Bytes buffered for sending before `send_audio` waits for the socket (default 32 KiB)."""


@dataclass(frozen=True)
class ReconnectPolicy:
    max_attempts: int = 3
    initial_delay: float = 0.5
    max_delay: float = 8.0
    refresh_before_expiry: float | None = 60.0

    @classmethod
    def from_option(cls, option: RealtimeReconnectConfig | bool | None) -> ReconnectPolicy:
        if option is None or option is True:
            return cls()
        if option is False:
            return cls(max_attempts=0, refresh_before_expiry=None)
        return cls(
            max_attempts=max(0, int(option.get("max_attempts", 3))),
            initial_delay=max(0.0, float(option.get("initial_delay", 0.5))),
            max_delay=max(0.0, float(option.get("max_delay", 8.0))),
            refresh_before_expiry=option.get("refresh_before_expiry", 60.0),
        )

    def delay(self, attempt: int) -> float:
        return float(min(self.initial_delay * (2 ** (attempt - 1)), self.max_delay))


def default_url(model: str | None, call_id: str | None) -> str:
    """`wss://api.openai.com/v1/realtime?...`, or the websocket form of `OPENAI_BASE_URL`."""
    query = f"call_id={call_id}" if call_id else f"model={model}"
    base = os.environ.get("OPENAI_BASE_URL")
    if not base:
        return f"wss://api.openai.com/v1/realtime?{query}"
    parts = urlsplit(base.rstrip("/"))
    scheme = {"http": "ws", "https": "wss"}.get(parts.scheme, parts.scheme)
    return urlunsplit((scheme, parts.netloc, f"{parts.path}/realtime", query, ""))


class _RedactingLogger(logging.LoggerAdapter):  # type: ignore[type-arg]
    """The websockets logger with credentials masked (it logs request headers at DEBUG)."""

    def __init__(self, logger: logging.Logger, secrets: list[str]) -> None:
        super().__init__(logger, {})
        self._secrets = [s for s in secrets if s]

    def _mask(self, value: object) -> object:
        if not isinstance(value, str):
            return value
        for secret in self._secrets:
            value = value.replace(secret, "<redacted>")
        return value

    def log(self, level: int, msg: object, *args: object, **kwargs: Any) -> None:
        if args and isinstance(args[0], str) and args[0].lower() in ("authorization", "api-key"):
            args = (args[0], "<redacted>", *args[2:])
        super().log(level, self._mask(msg), *(self._mask(a) for a in args), **kwargs)


class RedactedHeaders(dict):  # type: ignore[type-arg]
    """Connection headers kept for reconnecting; their repr hides the values (credentials)."""

    def __repr__(self) -> str:
        return "{" + ", ".join(f"{k!r}: '<redacted>'" for k in self) + "}"

    __str__ = __repr__


_WS_LOGGER = logging.getLogger("openai.agents.realtime.websocket")


async def open_websocket(
    url: str, headers: Mapping[str, str], transport: TransportConfig | None
) -> Any:
    """Open the websocket (`websockets.asyncio.client.connect`)."""
    client = import_extra("websockets.asyncio.client", "realtime")
    secrets = list(headers.values()) + [v.split(" ", 1)[-1] for v in headers.values()]
    kwargs: dict[str, Any] = {
        "user_agent_header": USER_AGENT,
        "additional_headers": dict(headers),
        "max_size": DEFAULT_MAX_SIZE,
        "logger": _RedactingLogger(_WS_LOGGER, secrets),
    }
    options: Mapping[str, Any] = transport or {}
    for key, target in (
        ("ping_interval", "ping_interval"),
        ("ping_timeout", "ping_timeout"),
        ("handshake_timeout", "open_timeout"),
        ("max_size", "max_size"),
        ("write_limit", "write_limit"),
    ):
        if key in options:
            kwargs[target] = options[key]
    return await client.connect(url, **kwargs)
