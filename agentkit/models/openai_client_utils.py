"""Whether a client or base URL is OpenAI's own endpoint (as opposed to a compatible server)."""

from __future__ import annotations

from urllib.parse import urlsplit

__all__ = ["is_official_openai_base_url", "is_official_openai_client"]


def is_official_openai_base_url(base_url: object, *, websocket: bool = False) -> bool:
    """True for ``https://api.openai.com/...`` (``wss://`` with ``websocket=True``)."""
    try:
        parts = urlsplit(str(base_url))
        host = parts.hostname
    except ValueError:  # a malformed URL (bad port, unbalanced brackets) is not OpenAI's
        return False
    return parts.scheme == ("wss" if websocket else "https") and host == "api.openai.com"


def is_official_openai_client(client: object) -> bool:
    """True when ``client`` (agentkit's or openai's ``AsyncOpenAI``) talks to api.openai.com."""
    base_url = getattr(client, "base_url", None)
    return base_url is not None and is_official_openai_base_url(base_url)
