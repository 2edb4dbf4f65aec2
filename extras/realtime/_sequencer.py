"""Orders `response.create` and `response.cancel` around the server's response lifecycle.

A `response.create` is only sent when no response is in progress; requests made meanwhile are
coalesced into one (a manual request, from a raw client message, is never merged with the ones
after it). Each create carries an event id so a server error can release it.
"""

from __future__ import annotations

import asyncio
from typing import Literal, TypeAlias

from ..util._dataclass import dataclass

Control: TypeAlias = Literal["free", "create_requested", "cancel_requested"]


@dataclass(frozen=True)
class PendingCreate:
    event_id: str
    version: int
    target: int
    manual: bool


class ResponseSequencer:
    def __init__(self) -> None:
        self.ongoing = False
        self.ongoing_id: str | None = None
        self.control: Control = "free"
        self._cancel_token: object | None = None
        self._version = 0
        self._counter = 0
        self._waiting: set[int] = set()
        self._manual: set[int] = set()
        self.pending: PendingCreate | None = None
        self._cond = asyncio.Condition()

    async def _update(self, **changes: object) -> None:
        async with self._cond:
            for key, value in changes.items():
                setattr(self, key, value)
            self._cond.notify_all()

    async def response_created(self, response_id: str | None) -> None:
        await self._update(
            ongoing=True, ongoing_id=response_id, pending=None, control="free", _cancel_token=None
        )

    async def response_done(self, response_id: str | None) -> None:
        if response_id is not None and self.ongoing_id not in (None, response_id):
            return
        await self._update(
            ongoing=False, ongoing_id=None, pending=None, control="free", _cancel_token=None
        )

    async def release_all(self) -> None:
        """The connection is gone: no `response.done` will come, let every waiter go."""
        async with self._cond:
            self.ongoing, self.ongoing_id, self.pending = False, None, None
            self._waiting.clear()
            self._manual.clear()
            self._version = self._counter = 0
            self.control, self._cancel_token = "free", None
            self._cond.notify_all()

    async def reserve(self, *, manual: bool = False) -> int:
        async with self._cond:
            self._version += 1
            self._waiting.add(self._version)
            if manual:
                self._manual.add(self._version)
            self._cond.notify_all()
            return self._version

    def _my_turn(self, version: int) -> bool:
        if version not in self._waiting:
            return True
        return not self.ongoing and self.control == "free" and min(self._waiting) == version

    def _target(self, version: int) -> int:
        later_manual = [v for v in self._manual if v >= version]
        if not later_manual:
            return max(self._waiting)
        bound = min(later_manual)
        return max(v for v in self._waiting if v < bound)

    async def wait_slot(
        self, version: int, *, manual: bool, event_id: str | None
    ) -> PendingCreate | None:
        async with self._cond:
            await self._cond.wait_for(lambda: self._my_turn(version))
            if version not in self._waiting:
                return None
            self.control = "create_requested"
            if event_id is None:
                self._counter += 1
                event_id = f"agents_py_response_create_{self._counter}"
            target = version if manual else self._target(version)
            self.pending = PendingCreate(event_id, version, target, manual)
            return self.pending

    async def create_sent(self, pending: PendingCreate) -> None:
        async with self._cond:
            covered = {v for v in self._waiting if v <= pending.target}
            self._waiting -= covered
            self._manual -= covered
            self._cond.notify_all()

    async def clear_pending(self, event_id: str | None = None) -> bool:
        async with self._cond:
            pending = self.pending
            if self.control != "create_requested" or pending is None:
                return False
            if event_id is not None and pending.event_id != event_id:
                return False
            self._waiting.discard(pending.version)
            self._manual.discard(pending.version)
            self.pending, self.control = None, "free"
            self._cond.notify_all()
            return True

    async def begin_cancel(self, response_id: str | None = None) -> object | None:
        async with self._cond:
            if not self.ongoing or self.control == "cancel_requested":
                return None
            if response_id is not None and self.ongoing_id not in (None, response_id):
                return None
            token = object()
            self.control, self._cancel_token = "cancel_requested", token
            return token

    async def release_cancel(self, token: object) -> None:
        async with self._cond:
            if self._cancel_token is token:
                self.control, self._cancel_token = "free", None
                self._cond.notify_all()

    async def has_pending(self) -> bool:
        async with self._cond:
            return bool(self._waiting) or self.pending is not None
