"""Encryption at rest for any session store (``pip install "agentkit[encrypt]"``)."""

from __future__ import annotations

from .._optional import import_extra

import_extra("cryptography", "encrypt")

from .encrypt_session import EncryptedEnvelope, EncryptedSession  # noqa: E402

__all__ = ["EncryptedEnvelope", "EncryptedSession"]
