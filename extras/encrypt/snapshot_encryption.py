"""Encrypted RunState snapshots: keep a paused run confidential wherever it is parked.

    from agentkit.encrypt import decrypt_snapshot, encrypt_snapshot

    token = encrypt_snapshot(state.to_string(), key)            # key: e.g. Fernet.generate_key()
    ...
    state = await RunState.from_string(agent, decrypt_snapshot(token, key, max_age_seconds=3600))

The snapshot is sealed with Fernet (AES-128-CBC + HMAC-SHA256, with its creation time) under
a key derived by HKDF-SHA256 from your master key; a key id in the envelope lets you rotate
keys (pass a mapping of key id to key when decrypting). A wrong key, a modified or truncated
envelope, or one older than ``max_age_seconds`` raises a typed error before anything is
restored, and the error never holds the key or the snapshot. Encryption also authenticates, so
signing (``to_string(signing_key=...)``) is not needed on top; both compose if you want them.
"""

from __future__ import annotations

import base64
import binascii
import json
import time
from collections.abc import Mapping

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from ..run_state import RunStateError, SnapshotExpiredError

_KIND = "agentkit.run_state.encrypted"
_VERSION = 1
_SALT = b"agentkit.run_state"
_INFO = b"agentkit.run_state.snapshot.v1"

EncryptionKey = str | bytes
"""A Fernet key (url-safe base64 of 32 bytes) or any other secret of at least 16 bytes."""


class SnapshotDecryptionError(RunStateError):
    """An encrypted snapshot that cannot be opened: wrong key, modified, truncated, or not an
    encrypted snapshot at all."""


def _master(key: EncryptionKey) -> bytes:
    if isinstance(key, str):
        raw = key.encode("utf-8")
        try:
            decoded = base64.urlsafe_b64decode(raw)
        except (binascii.Error, ValueError):
            decoded = b""
        raw = decoded if len(decoded) == 32 else raw
    elif isinstance(key, bytes):
        raw = key
    else:
        raise TypeError(f"An encryption key must be str or bytes, got {type(key).__name__}.")
    if len(raw) < 16:
        raise ValueError(
            "The encryption key is too short: use at least 16 bytes of secret "
            "(e.g. Fernet.generate_key())."
        )
    return raw


def _cipher(key: EncryptionKey) -> Fernet:
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=_SALT, info=_INFO).derive(
        _master(key)
    )
    return Fernet(base64.urlsafe_b64encode(derived))


def encrypt_snapshot(
    snapshot: str, encryption_key: EncryptionKey, *, key_id: str = "default"
) -> str:
    """`snapshot` (what `RunState.to_string()` returns) sealed in an encrypted envelope."""
    if not isinstance(snapshot, str):
        raise TypeError(f"The snapshot must be a str, got {type(snapshot).__name__}.")
    if not isinstance(key_id, str) or not key_id:
        raise ValueError("key_id must be a non-empty string.")
    token = _cipher(encryption_key).encrypt(snapshot.encode("utf-8")).decode("ascii")
    return json.dumps(
        {"kind": _KIND, "v": _VERSION, "kid": key_id, "token": token}, separators=(",", ":")
    )


def _parse(envelope: str) -> tuple[str, str]:
    if not isinstance(envelope, str):
        raise SnapshotDecryptionError(
            f"An encrypted snapshot must be a str, got {type(envelope).__name__}."
        )
    try:
        data = json.loads(envelope)
    except (ValueError, RecursionError):
        raise SnapshotDecryptionError("The encrypted snapshot is truncated or not JSON.") from None
    if not isinstance(data, dict) or data.get("kind") != _KIND:
        raise SnapshotDecryptionError(
            "This is not an encrypted RunState snapshot (written by encrypt_snapshot)."
        )
    kid, token = data.get("kid"), data.get("token")
    if data.get("v") != _VERSION or not isinstance(kid, str) or not isinstance(token, str):
        raise SnapshotDecryptionError("The encrypted snapshot envelope is incomplete.")
    return kid, token


def decrypt_snapshot(
    envelope: str,
    encryption_key: EncryptionKey | Mapping[str, EncryptionKey],
    *,
    max_age_seconds: float | None = None,
) -> str:
    """The snapshot sealed by `encrypt_snapshot`, for `RunState.from_string`. With a mapping,
    the envelope's key id picks the key; `max_age_seconds` refuses older snapshots."""
    kid, token = _parse(envelope)
    if isinstance(encryption_key, Mapping):
        if kid not in encryption_key:
            raise SnapshotDecryptionError(
                f"The snapshot was encrypted with an unknown key id {kid!r}."
            )
        encryption_key = encryption_key[kid]
    cipher = _cipher(encryption_key)
    try:
        plain = cipher.decrypt(token.encode("ascii"))
        created = cipher.extract_timestamp(token.encode("ascii"))
    except (InvalidToken, UnicodeEncodeError):
        raise SnapshotDecryptionError(
            "The encrypted snapshot cannot be opened: it was modified or encrypted with "
            "another key."
        ) from None
    if max_age_seconds is not None and time.time() - created > max_age_seconds:
        raise SnapshotExpiredError(
            f"The snapshot was encrypted {int(time.time() - created)}s ago, more than the "
            f"allowed {max_age_seconds:g}s."
        )
    try:
        return plain.decode("utf-8")
    except UnicodeDecodeError:
        raise SnapshotDecryptionError("The decrypted snapshot is not UTF-8 text.") from None
