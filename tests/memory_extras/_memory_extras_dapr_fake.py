"""An in-process stand-in for the state API of `dapr.aio.clients.DaprClient`.

No Dapr runtime can run where the tests run, so DaprSession is tested against this class. It has
the client's method names and parameters and follows Dapr's documented state semantics:

- a missing (or expired) key reads as empty data with an empty etag;
- a write or delete that carries an etag succeeds only if it matches the key's current etag
  (a missing key matches no etag); the error is the client's DaprInternalError whose message
  says "possible etag mismatch", as the sidecar reports it;
- without an etag, a write is unconditional (last write wins), except under first-write
  concurrency, where it succeeds only if the key does not exist (what Dapr's state store
  conformance tests require of stores that support first-write);
- every successful write gives the key a new etag; `ttlInSeconds` metadata makes it expire;
- a transaction applies all of its operations, with the same etag checks, or none of them.

Every call first yields to the event loop, so concurrent callers interleave as over a network.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from dapr.clients.exceptions import DaprInternalError
from dapr.clients.grpc._request import TransactionalStateOperation, TransactionOperationType
from dapr.clients.grpc._response import DaprResponse, StateResponse
from dapr.clients.grpc._state import Concurrency, StateOptions


@dataclass
class _Entry:
    value: bytes
    etag: str
    expires_at: float | None


@dataclass
class FakeDaprStateClient:
    """Dapr's state API over dicts: one per state store name in `stores`."""

    stores: tuple[str, ...] = ("statestore",)
    clock: Any = time.monotonic
    data: dict[str, dict[str, _Entry]] = field(default_factory=dict)
    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    fail_with: Exception | None = None
    closed: bool = False
    _etags: Any = field(default_factory=lambda: itertools.count(1))

    def __post_init__(self) -> None:
        for name in self.stores:
            self.data.setdefault(name, {})

    async def _enter(self, method: str, store_name: str, **details: Any) -> dict[str, _Entry]:
        await asyncio.sleep(0)
        self.calls.append((method, {"store_name": store_name, **details}))
        if self.closed:
            raise RuntimeError("the Dapr client is closed")
        if self.fail_with is not None:
            raise self.fail_with
        if not store_name or not store_name.strip():
            raise ValueError("State store name cannot be empty")
        if store_name not in self.data:
            raise DaprInternalError(f"state store {store_name} is not found")
        return self.data[store_name]

    def _live(self, table: dict[str, _Entry], key: str) -> _Entry | None:
        entry = table.get(key)
        if entry is not None and entry.expires_at is not None and self.clock() >= entry.expires_at:
            del table[key]
            return None
        return entry

    def _check(
        self,
        store_name: str,
        table: dict[str, _Entry],
        key: str,
        etag: str | None,
        first_write: bool,
    ) -> None:
        current = self._live(table, key)
        if etag:
            if current is None or current.etag != etag:
                raise DaprInternalError(
                    f"failed saving state in state store {store_name}: possible etag mismatch. "
                    "error from state store: etag does not match"
                )
        elif first_write and current is not None:
            raise DaprInternalError(
                f"failed saving state in state store {store_name}: possible etag mismatch. "
                "error from state store: the key already exists"
            )

    def _put(
        self,
        table: dict[str, _Entry],
        key: str,
        value: bytes | str,
        metadata: dict[str, str] | None,
    ) -> None:
        if not isinstance(value, (bytes, str)):
            raise ValueError(f"invalid type for data {type(value)}")
        ttl = (metadata or {}).get("ttlInSeconds")
        table[key] = _Entry(
            value.encode("utf-8") if isinstance(value, str) else bytes(value),
            str(next(self._etags)),
            None if ttl is None or int(ttl) < 0 else self.clock() + int(ttl),
        )

    async def get_state(
        self,
        store_name: str,
        key: str,
        state_metadata: dict[str, str] | None = None,
        metadata: Any = None,
    ) -> StateResponse:
        table = await self._enter("get_state", store_name, key=key, state_metadata=state_metadata)
        entry = self._live(table, key)
        if entry is None:
            return StateResponse(data=b"", etag="")
        return StateResponse(data=entry.value, etag=entry.etag)

    async def save_state(
        self,
        store_name: str,
        key: str,
        value: bytes | str,
        etag: str | None = None,
        options: StateOptions | None = None,
        state_metadata: dict[str, str] | None = None,
        metadata: Any = None,
    ) -> DaprResponse:
        table = await self._enter(
            "save_state",
            store_name,
            key=key,
            etag=etag,
            options=options,
            state_metadata=state_metadata,
        )
        first_write = options is not None and options.concurrency == Concurrency.first_write
        self._check(store_name, table, key, etag, first_write)
        self._put(table, key, value, state_metadata)
        return DaprResponse(headers=())

    async def delete_state(
        self,
        store_name: str,
        key: str,
        etag: str | None = None,
        options: StateOptions | None = None,
        state_metadata: dict[str, str] | None = None,
        metadata: Any = None,
    ) -> DaprResponse:
        table = await self._enter("delete_state", store_name, key=key, etag=etag, options=options)
        self._check(store_name, table, key, etag, first_write=False)
        table.pop(key, None)
        return DaprResponse(headers=())

    async def execute_state_transaction(
        self,
        store_name: str,
        operations: Sequence[TransactionalStateOperation],
        transactional_metadata: dict[str, str] | None = None,
        metadata: Any = None,
    ) -> DaprResponse:
        table = await self._enter("execute_state_transaction", store_name, operations=operations)
        for op in operations:  # all checks before any change: all or nothing
            self._check(store_name, table, op.key, op.etag, first_write=False)
        for op in operations:
            if op.operation_type == TransactionOperationType.delete:
                table.pop(op.key, None)
            else:
                assert op.data is not None
                self._put(table, op.key, op.data, op.metadata)
        return DaprResponse(headers=())

    async def close(self) -> None:
        self.closed = True
