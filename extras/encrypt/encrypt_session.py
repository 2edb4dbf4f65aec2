"""Encryption at rest for any session: items are stored as authenticated, expiring envelopes.

    session = EncryptedSession(
        session_id="user-123",
        underlying_session=SQLiteSession("user-123", "history.db"),
        encryption_key=os.environ["SESSION_ENCRYPTION_KEY"],  # e.g. Fernet.generate_key()
        ttl=600,
    )

Envelopes have upstream's format (`{"__enc__": 1, "v": 1, "kid": "hkdf-v1", "payload": ...}`,
a Fernet token under a key derived by HKDF-SHA256 from the master key, salted with the session
id), so histories written by upstream's `EncryptedSession` are read here and vice versa.
"""

from __future__ import annotations

import base64
import binascii
import json
from enum import Enum
from typing import TYPE_CHECKING, Any, Literal, cast

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from typing_extensions import TypedDict

from ..logger import logger
from ..memory.session import SessionABC
from ..memory.session_settings import SessionSettings, resolve_session_limit

if TYPE_CHECKING:
    from ..items import TResponseInputItem
    from ..memory.session import Session

_HKDF_INFO = b"agents.session-store.hkdf.v1"
_KEY_ID = "hkdf-v1"
_VERSION = 1


class EncryptedEnvelope(TypedDict):
    """How one encrypted item is stored in the underlying session."""

    __enc__: Literal[1]
    v: int
    kid: str
    payload: str


class _Status(Enum):
    OPEN = "open"
    EXPIRED = "expired"
    UNREADABLE = "unreadable"


def _master_key_bytes(encryption_key: str) -> bytes:
    """A Fernet key (url-safe base64 of 32 bytes) gives its bytes; any other string its UTF-8."""
    if not isinstance(encryption_key, str):
        raise TypeError(f"encryption_key must be a str, got {type(encryption_key).__name__}")
    if not encryption_key:
        raise ValueError("encryption_key is empty; EncryptedSession needs a secret key")
    try:
        decoded = base64.urlsafe_b64decode(encryption_key)
    except (binascii.Error, ValueError):
        decoded = b""
    return decoded if len(decoded) == 32 else encryption_key.encode("utf-8")


def _session_cipher(master: bytes, session_id: str) -> Fernet:
    derived = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=session_id.encode("utf-8"), info=_HKDF_INFO
    ).derive(master)
    return Fernet(base64.urlsafe_b64encode(derived))


def _is_envelope(item: object) -> bool:
    return (
        isinstance(item, dict)
        and item.get("__enc__") == 1
        and isinstance(item.get("payload"), str)
        and "kid" in item
        and "v" in item
    )


class EncryptedSession(SessionABC):
    """Wraps any session so that what it stores is encrypted and authenticated.

    Each session id gets its own key, derived from the master key. Items older than `ttl`
    seconds can no longer be read: reads skip them and `pop_item` discards them. Items that
    fail authentication (a wrong key, tampering, or plaintext written around the wrapper) are
    skipped with a logged warning and never fail a run. Content searches of the underlying
    store (e.g. `find_turns_by_content`) see only ciphertext. Other attributes of the
    underlying session are reachable through the wrapper.
    """

    def __init__(
        self,
        session_id: str,
        underlying_session: SessionABC | Session,
        encryption_key: str,
        ttl: int | None = 600,
        max_scan_items: int | None = None,
    ) -> None:
        """Encrypt what `underlying_session` stores under keys derived from `encryption_key`.

        Args:
            session_id: salts the key derivation; reuse it (and the key) to read the history.
            encryption_key: a high-entropy secret, e.g. `Fernet.generate_key().decode()`.
            ttl: seconds an item stays readable; None keeps items readable forever.
            max_scan_items: at most this many stored items are fetched by one `get_items`
                call; RuntimeError if the answer cannot be established within it.
        """
        if ttl is not None and (isinstance(ttl, bool) or not isinstance(ttl, int) or ttl <= 0):
            raise ValueError(f"ttl must be a positive number of seconds or None, got {ttl!r}")
        if max_scan_items is not None and max_scan_items <= 0:
            raise ValueError("max_scan_items must be positive or None")
        if not isinstance(session_id, str):
            raise TypeError(f"session_id must be a str, got {type(session_id).__name__}")
        self.session_id = session_id
        self.underlying_session = underlying_session
        self.ttl = ttl
        self.max_scan_items = max_scan_items
        self.cipher = _session_cipher(_master_key_bytes(encryption_key), session_id)

    def __getattr__(self, name: str) -> Any:
        if name == "underlying_session":
            raise AttributeError(name)
        return getattr(self.underlying_session, name)

    @property
    def session_settings(self) -> SessionSettings | None:
        """The underlying session's settings (reads of both use the same limit)."""
        return self.underlying_session.session_settings

    @session_settings.setter
    def session_settings(self, value: SessionSettings | None) -> None:
        self.underlying_session.session_settings = value

    # -- envelopes ------------------------------------------------------------------------------

    def _seal(self, item: Any) -> EncryptedEnvelope:
        payload = item.model_dump() if hasattr(item, "model_dump") else item
        try:
            data = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
        except (TypeError, ValueError) as exc:
            raise TypeError(
                f"session item cannot be stored: it is not JSON-serializable ({exc})"
            ) from exc
        token = self.cipher.encrypt(data.encode("utf-8")).decode("ascii")
        return {"__enc__": 1, "v": _VERSION, "kid": _KEY_ID, "payload": token}

    def _open(self, stored: Any) -> tuple[_Status, Any]:
        if not _is_envelope(stored):
            return _Status.UNREADABLE, None
        token = stored["payload"].encode("utf-8")
        try:
            self.cipher.extract_timestamp(token)  # checks the MAC: wrong key or tampering fail here
        except InvalidToken:
            return _Status.UNREADABLE, None
        try:
            plaintext = (
                self.cipher.decrypt(token, ttl=self.ttl) if self.ttl else self.cipher.decrypt(token)
            )
        except InvalidToken:
            return _Status.EXPIRED, None  # authentic, but past its ttl (or from the future)
        try:
            return _Status.OPEN, json.loads(plaintext)
        except (json.JSONDecodeError, UnicodeDecodeError):
            return _Status.UNREADABLE, None

    def _open_all(self, stored: list[Any]) -> tuple[list[Any], int]:
        """The readable items of `stored`, and how many items failed authentication."""
        items, unreadable = [], 0
        for entry in stored:
            status, item = self._open(entry)
            if status is _Status.OPEN:
                items.append(item)
            elif status is _Status.UNREADABLE:
                unreadable += 1
        return items, unreadable

    def _warn_unreadable(self, count: int) -> None:
        if count:
            logger.warning(
                "EncryptedSession %r skipped %d stored item(s) that failed authentication "
                "(a different encryption key, tampered data, or items not written encrypted)",
                self.session_id,
                count,
            )

    # -- the Session API ------------------------------------------------------------------------

    async def get_items(self, limit: int | None = None) -> list[TResponseInputItem]:
        """Return the readable history, or its latest `limit` readable items, oldest first."""
        effective = resolve_session_limit(limit, self.session_settings)
        budget = self.max_scan_items
        if effective == 0:
            return []
        if effective is not None and effective < 0:
            if budget is not None:
                raise ValueError("limit must be non-negative when max_scan_items is set")
            effective = None
        underlying = self.underlying_session
        if effective is None and budget is None:
            items, unreadable = self._open_all(await underlying.get_items())
            self._warn_unreadable(unreadable)
            return cast("list[TResponseInputItem]", items)

        # Fetch the newest stored items in growing windows until enough of them are readable.
        window = cast(int, effective if effective is not None else budget)
        if budget is not None:
            window = min(window, budget)
        spent = 0
        while True:
            stored = await underlying.get_items(window)
            spent += len(stored)
            items, unreadable = self._open_all(stored)
            complete = len(stored) < window
            if complete or (effective is not None and len(items) >= effective):
                self._warn_unreadable(unreadable)
                return cast(
                    "list[TResponseInputItem]", items if effective is None else items[-effective:]
                )
            next_window = window * 2
            if budget is not None:
                next_window = min(next_window, budget - spent)
                if next_window <= window:
                    raise RuntimeError(
                        f"EncryptedSession {self.session_id!r} read max_scan_items={budget} stored "
                        "items without establishing the requested history; raise max_scan_items "
                        "or trim the underlying session"
                    )
            window = next_window

    async def add_items(self, items: list[TResponseInputItem]) -> None:
        """Encrypt `items` and append them to the underlying session."""
        if isinstance(items, (str, bytes, dict)) or not isinstance(items, (list, tuple)):
            raise TypeError(f"items must be a list of input items, got {type(items).__name__}")
        sealed = [self._seal(item) for item in items]
        await self.underlying_session.add_items(cast("list[TResponseInputItem]", sealed))

    async def pop_item(self) -> TResponseInputItem | None:
        """Remove and return the newest readable item, discarding expired ones on the way.

        An item that fails authentication is not ours to delete: it is put back (at the end,
        where it was, unless another writer appended meanwhile), a warning is logged and None
        is returned.
        """
        underlying = self.underlying_session
        while True:
            stored = await underlying.pop_item()
            if stored is None:
                return None
            status, item = self._open(stored)
            if status is _Status.OPEN:
                return cast("TResponseInputItem", item)
            if status is _Status.UNREADABLE:
                await underlying.add_items([stored])
                self._warn_unreadable(1)
                return None

    async def clear_session(self) -> None:
        """Clear the underlying session."""
        await self.underlying_session.clear_session()

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(session_id={self.session_id!r}, "
            f"underlying_session={self.underlying_session!r}, ttl={self.ttl!r})"
        )
