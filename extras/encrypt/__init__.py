"""Encryption at rest for any session store and for RunState snapshots
(``pip install "agentkit[encrypt]"``)."""

from __future__ import annotations

from .._optional import import_extra

import_extra("cryptography", "encrypt")

from .encrypt_session import EncryptedEnvelope, EncryptedSession  # noqa: E402
from .snapshot_encryption import (  # noqa: E402
    EncryptionKey,
    SnapshotDecryptionError,
    decrypt_snapshot,
    encrypt_snapshot,
)

__all__ = [
    "EncryptedEnvelope",
    "EncryptedSession",
    "EncryptionKey",
    "SnapshotDecryptionError",
    "decrypt_snapshot",
    "encrypt_snapshot",
]
