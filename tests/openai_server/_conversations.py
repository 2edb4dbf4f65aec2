"""In-memory Conversations API, so session tests work without scripting every call."""

from __future__ import annotations

import copy
import secrets
import threading
import time
from typing import Any

from ._http import RecordedRequest
from .replies import error_body

_ID_PREFIXES = {
    "message": "msg",
    "function_call": "fc",
    "function_call_output": "fco",
    "reasoning": "rs",
}


def _new_id(prefix: str) -> str:
    return f"{prefix}_{secrets.token_hex(24)}"


def stored_item(item: dict[str, Any]) -> dict[str, Any]:
    """An input item as the API stores it: typed, with an id, message content as parts."""
    out = copy.deepcopy(item)
    item_type = out.setdefault("type", "message")
    out.setdefault("id", _new_id(_ID_PREFIXES.get(item_type, "item")))
    if item_type == "message":
        content = out.get("content")
        if isinstance(content, str):
            part_type = "output_text" if out.get("role") == "assistant" else "input_text"
            part: dict[str, Any] = {"type": part_type, "text": content}
            if part_type == "output_text":
                part.update(annotations=[], logprobs=[])
            out["content"] = [part]
    out.setdefault("status", "completed")
    return out


class ConversationStore:
    """Conversations and their items, keyed by id. Thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._conversations: dict[str, dict[str, Any]] = {}
        self._items: dict[str, list[dict[str, Any]]] = {}

    def items(self, conversation_id: str) -> list[dict[str, Any]]:
        """The stored items of a conversation, oldest first (a copy)."""
        with self._lock:
            return copy.deepcopy(self._items.get(conversation_id, []))

    def ids(self) -> list[str]:
        with self._lock:
            return list(self._conversations)

    def create(
        self, items: list[dict[str, Any]] | None = None, metadata: dict[str, str] | None = None
    ) -> dict[str, Any]:
        conversation_id = _new_id("conv")
        resource: dict[str, Any] = {
            "id": conversation_id,
            "object": "conversation",
            "created_at": int(time.time()),
            "metadata": metadata or {},
        }
        with self._lock:
            self._conversations[conversation_id] = resource
            self._items[conversation_id] = [stored_item(i) for i in items or []]
        return dict(resource)

    def append(self, conversation_id: str, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        added = [stored_item(i) for i in items]
        with self._lock:
            self._items.setdefault(conversation_id, []).extend(added)
        return copy.deepcopy(added)

    def handle(self, request: RecordedRequest) -> tuple[int, Any]:
        """Answer one Conversations API request."""
        parts = request.path.removeprefix("/v1/conversations").strip("/").split("/")
        parts = [p for p in parts if p]
        method = request.method
        body = request.json if isinstance(request.json, dict) else {}
        if not parts:
            if method == "POST":
                return 200, self.create(body.get("items"), body.get("metadata"))
            return _not_found(request)
        conversation_id = parts[0]
        with self._lock:
            resource = self._conversations.get(conversation_id)
        if resource is None:
            return 404, error_body(
                f"Conversation with id '{conversation_id}' not found.", code=None, param=None
            )
        if len(parts) == 1:
            if method == "GET":
                return 200, dict(resource)
            if method == "POST":
                with self._lock:
                    resource["metadata"] = body.get("metadata") or {}
                return 200, dict(resource)
            if method == "DELETE":
                with self._lock:
                    del self._conversations[conversation_id]
                    self._items.pop(conversation_id, None)
                return 200, {
                    "id": conversation_id,
                    "object": "conversation.deleted",
                    "deleted": True,
                }
            return _not_found(request)
        if parts[1] != "items":
            return _not_found(request)
        if len(parts) == 2:
            if method == "POST":
                added = self.append(conversation_id, list(body.get("items") or []))
                return 200, _page(added, has_more=False)
            if method == "GET":
                return 200, self._list(conversation_id, request)
            return _not_found(request)
        item_id = parts[2]
        with self._lock:
            items = self._items.get(conversation_id, [])
            index = next((i for i, it in enumerate(items) if it.get("id") == item_id), None)
            if index is None:
                return 404, error_body(f"Item with id '{item_id}' not found.")
            if method == "GET":
                return 200, copy.deepcopy(items[index])
            if method == "DELETE":
                del items[index]
                return 200, dict(resource)
        return _not_found(request)

    def _list(self, conversation_id: str, request: RecordedRequest) -> dict[str, Any]:
        query = request.query
        order = (query.get("order") or ["desc"])[0]
        limit = int((query.get("limit") or ["20"])[0])
        after = query["after"][0] if query.get("after") else None
        items = self.items(conversation_id)
        if order == "desc":
            items.reverse()
        if after is not None:
            ids = [i.get("id") for i in items]
            items = items[ids.index(after) + 1 :] if after in ids else []
        return _page(items[:limit], has_more=len(items) > limit)


def _page(items: list[dict[str, Any]], *, has_more: bool) -> dict[str, Any]:
    return {
        "object": "list",
        "data": items,
        "first_id": items[0]["id"] if items else None,
        "last_id": items[-1]["id"] if items else None,
        "has_more": has_more,
    }


def _not_found(request: RecordedRequest) -> tuple[int, Any]:
    return 404, error_body(f"Invalid URL ({request.method} {request.path})")
