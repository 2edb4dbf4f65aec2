"""`OpenAIConversationsSession` over a dummy client exposing only `conversations` (no HTTP).

Runs under both interpreters; prints the calls the dummy received and what the session returned:

    python conversations_dummy_scenarios.py <agents|agentkit>

(upstream's record: tests/memory/data/upstream_conversations_dummy.json, from /opt/ref/bin/python).
"""

from __future__ import annotations

import asyncio
import importlib
import json
import sys
from typing import Any

from pydantic import BaseModel, ConfigDict


class Item(BaseModel):
    model_config = ConfigDict(extra="allow")


class Conversation(BaseModel):
    id: str


class DummyItems:
    def __init__(self, calls: list[Any], store: list[dict[str, Any]]) -> None:
        self.calls, self.store = calls, store

    def list(self, **kwargs: Any) -> Any:
        self.calls.append(["items.list", kwargs])
        ordered = self.store if kwargs.get("order") != "desc" else list(reversed(self.store))

        async def pages() -> Any:
            for item in ordered:
                yield Item(**item)

        return pages()

    async def create(self, **kwargs: Any) -> None:
        self.calls.append(["items.create", {**kwargs, "items": len(kwargs["items"])}])
        for item in kwargs["items"]:
            self.store.append({"id": f"item_{len(self.store)}", **item})

    async def delete(self, **kwargs: Any) -> None:
        self.calls.append(["items.delete", kwargs])
        self.store[:] = [i for i in self.store if i["id"] != kwargs["item_id"]]


class DummyConversations:
    def __init__(self, calls: list[Any]) -> None:
        self.calls = calls
        self.items = DummyItems(calls, [])

    async def create(self, **kwargs: Any) -> Conversation:
        self.calls.append(["create", kwargs])
        return Conversation(id="conv_1")

    async def delete(self, **kwargs: Any) -> None:
        self.calls.append(["delete", kwargs])


class DummyClient:
    def __init__(self, calls: list[Any], conversations: DummyConversations | None = None) -> None:
        self.calls = calls
        self.conversations = conversations or DummyConversations(calls)

    def with_options(self, **kwargs: Any) -> DummyClient:
        self.calls.append(["with_options", kwargs])
        return DummyClient(self.calls, self.conversations)


async def main(package: str) -> dict[str, Any]:
    memory = importlib.import_module(f"{package}.memory")
    calls: list[Any] = []
    session = memory.OpenAIConversationsSession(openai_client=DummyClient(calls))
    out: dict[str, Any] = {}
    await session.add_items([{"role": "user", "content": f"m{i}"} for i in range(3)])
    out["all"] = await session.get_items()
    out["last_two"] = await session.get_items(limit=2)
    out["popped"] = await session.pop_item()
    await session.add_items([{"role": "user", "content": f"b{i}"} for i in range(25)])
    out["count"] = len(await session.get_items())
    await session.clear_session()
    out["calls"] = calls
    return out


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main(sys.argv[1])), indent=1, sort_keys=True))
