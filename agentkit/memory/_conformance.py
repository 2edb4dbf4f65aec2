"""A conformance suite for `Session` implementations: one call checks the whole contract.

    async def test_my_session_conforms():
        await run_session_conformance(lambda session_id: MySession(session_id, ...))

The factory returns a fresh, empty-history session for the given id (or an awaitable of one).
Sessions made for different ids must share the same backing store, so that isolation between ids
is really tested; they must have no default read limit. Every check uses ids of its own, unique
per run. The first broken rule raises AssertionError naming the check and what differed.
"""

from __future__ import annotations

import asyncio
import copy
import inspect
import json
import uuid
from collections.abc import Awaitable, Callable, Collection
from typing import TYPE_CHECKING, Any, NoReturn, Union

if TYPE_CHECKING:
    from .session import Session

SessionFactory = Callable[[str], Union["Session", Awaitable["Session"]]]
"""Makes a session with the given id: `factory(session_id) -> Session` (may be async)."""


# One item of every Responses input item type, with nested and non-string values.
_CATALOGUE: list[dict[str, Any]] = [
    {"role": "user", "content": "plain text"},
    {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "parts"}]},
    {
        "type": "message",
        "role": "user",
        "content": [
            {
                "type": "input_image",
                "image_url": "data:image/png;base64,iVBORw0KGgo=",
                "detail": "low",
            },
            {"type": "input_file", "file_id": "file_123", "filename": "a.pdf"},
        ],
    },
    {"role": "system", "content": "be brief"},
    {"role": "developer", "content": "use tools"},
    {
        "type": "message",
        "id": "msg_1",
        "role": "assistant",
        "status": "completed",
        "content": [
            {
                "type": "output_text",
                "text": "answer",
                "annotations": [
                    {
                        "type": "url_citation",
                        "url": "https://e.x",
                        "title": "t",
                        "start_index": 0,
                        "end_index": 6,
                    }
                ],
            },
            {"type": "refusal", "refusal": "no"},
        ],
    },
    {
        "type": "function_call",
        "id": "fc_1",
        "call_id": "call_1",
        "name": "get_weather",
        "arguments": '{"city": "Paris"}',
        "status": "completed",
    },
    {"type": "function_call_output", "call_id": "call_1", "output": "sunny"},
    {
        "type": "function_call_output",
        "call_id": "call_2",
        "output": [{"type": "input_text", "text": "rich"}],
    },
    {
        "type": "file_search_call",
        "id": "fs_1",
        "queries": ["q"],
        "status": "completed",
        "results": None,
    },
    {
        "type": "web_search_call",
        "id": "ws_1",
        "status": "completed",
        "action": {"type": "search", "query": "q"},
    },
    {
        "type": "computer_call",
        "id": "cc_1",
        "call_id": "call_3",
        "action": {"type": "click", "x": 10, "y": 20, "button": "left"},
        "pending_safety_checks": [],
        "status": "completed",
    },
    {
        "type": "computer_call_output",
        "call_id": "call_3",
        "output": {"type": "computer_screenshot", "image_url": "data:image/png;base64,AA=="},
    },
    {
        "type": "reasoning",
        "id": "rs_1",
        "summary": [{"type": "summary_text", "text": "thinking"}],
        "encrypted_content": "gAAAA==",
    },
    {
        "type": "image_generation_call",
        "id": "ig_1",
        "result": "iVBORw0KGgo=",
        "status": "completed",
    },
    {
        "type": "code_interpreter_call",
        "id": "ci_1",
        "code": "print(1)",
        "container_id": "cntr_1",
        "outputs": [{"type": "logs", "logs": "1"}],
        "status": "completed",
    },
    {
        "type": "local_shell_call",
        "id": "ls_1",
        "call_id": "call_4",
        "action": {"type": "exec", "command": ["ls"], "env": {}},
        "status": "completed",
    },
    {"type": "local_shell_call_output", "id": "call_4", "output": "a\nb"},
    {
        "type": "shell_call",
        "call_id": "call_5",
        "action": {"commands": ["ls -la"], "timeout_ms": 1000},
    },
    {
        "type": "shell_call_output",
        "call_id": "call_5",
        "output": [{"stdout": "ok", "stderr": "", "outcome": {"type": "exit", "exit_code": 0}}],
    },
    {
        "type": "apply_patch_call",
        "call_id": "call_6",
        "status": "completed",
        "operation": {"type": "update_file", "path": "a.py", "diff": "@@\n-a\n+b\n"},
    },
    {
        "type": "apply_patch_call_output",
        "call_id": "call_6",
        "status": "completed",
        "output": "done",
    },
    {
        "type": "mcp_list_tools",
        "id": "ml_1",
        "server_label": "srv",
        "tools": [{"name": "t", "input_schema": {"type": "object"}, "annotations": None}],
    },
    {
        "type": "mcp_approval_request",
        "id": "ma_1",
        "server_label": "srv",
        "name": "t",
        "arguments": "{}",
    },
    {
        "type": "mcp_approval_response",
        "approval_request_id": "ma_1",
        "approve": True,
        "reason": None,
    },
    {
        "type": "mcp_call",
        "id": "mc_1",
        "server_label": "srv",
        "name": "t",
        "arguments": "{}",
        "output": "r",
        "error": None,
    },
    {"type": "custom_tool_call", "call_id": "call_7", "name": "grammar", "input": "free text"},
    {"type": "custom_tool_call_output", "call_id": "call_7", "output": "ok"},
    {"type": "item_reference", "id": "msg_0"},
    {"type": "compaction", "id": "cmp_1", "encrypted_content": "gAAAA=="},
    {"type": "tool_search_call", "call_id": "call_8", "arguments": {"query": "weather"}},
    {"type": "tool_search_output", "call_id": "call_8", "tools": []},
    {
        "role": "user",
        "content": "numbers",
        "extra": {"int": -7, "float": 1.5, "bool": False, "null": None, "list": [[], {}]},
    },
]


def _catalogue() -> list[dict[str, Any]]:
    """A fresh copy of the catalogue (checks may mutate what they store)."""
    return copy.deepcopy(_CATALOGUE)


_UNICODE_TEXTS = [
    "ünïcödé — “quotes” ‘single’ …",
    "日本語のテキスト、中文文本、한국어",
    "emoji 👩‍👩‍👧‍👦🏳️‍🌈🇫🇷 and ZWJ",
    "right-to-left: שלום עולם مرحبا",
    "combining: e\u0301 a\u0308 and zero-width\u200b space",
    "controls: tab\t newline\n cr\r bell\x07 nul\x00 end",
    "quotes ' \" ` and backslashes \\ \\\\ and SQL '); DROP TABLE agent_messages; --",
    'json-looking: {"role": "user"} [1, 2] null',
    "",
]


def _short(value: Any, limit: int = 300) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + f"... ({len(text)} chars)"


class _Checker:
    def __init__(self, factory: SessionFactory, exact_round_trip: bool, concurrency: int) -> None:
        self._factory = factory
        self._exact = exact_round_trip
        self._concurrency = concurrency
        self._run_id = uuid.uuid4().hex[:10]
        self.check = ""

    async def session(self, suffix: str = "") -> Any:
        """A fresh session; typed Any because the kit stores plain dicts, not typed items."""
        session_id = f"conformance-{self._run_id}-{self.check}{suffix}"
        made = self._factory(session_id)
        session = await made if inspect.isawaitable(made) else made
        for method in ("get_items", "add_items", "pop_item", "clear_session"):
            if not callable(getattr(session, method, None)):
                self.fail(f"the factory returned {type(session).__name__}, which has no {method}()")
        return session

    def fail(self, message: str) -> NoReturn:
        raise AssertionError(f"session conformance check {self.check!r} failed: {message}")

    def same(self, got: Any, expected: Any, what: str) -> None:
        if not self._matches(got, expected):
            self.fail(f"{what}: got {_short(got)}, expected {_short(expected)}")

    def _matches(self, got: Any, expected: Any, key: str = "") -> bool:
        if self._exact:
            return bool(got == expected) and type(got) is type(expected)
        # Hosted stores may add fields, assign their own item ids and store a message's text
        # content as a single text part; every other field that was sent must come back.
        if key == "content" and isinstance(expected, str):
            return bool(got == expected or _text_of({"content": got}) == expected)
        if isinstance(expected, dict):
            return isinstance(got, dict) and all(
                k in got and self._matches(got[k], value, k)
                for k, value in expected.items()
                if k != "id"
            )
        if isinstance(expected, list):
            return (
                isinstance(got, list)
                and len(got) == len(expected)
                and all(self._matches(g, e) for g, e in zip(got, expected, strict=True))
            )
        return bool(got == expected)

    async def items(self, session: Any, what: str, limit: int | None = None) -> list[Any]:
        got: object = (
            await session.get_items(limit) if limit is not None else await session.get_items()
        )
        if not isinstance(got, list):
            raise AssertionError(
                f"session conformance check {self.check!r} failed: {what}: get_items() "
                f"returned {type(got).__name__}, not a list"
            )
        return got


def _text_of(item: Any) -> Any:
    """The text of a message item, whether its content is a string or one text part."""
    content = item.get("content") if isinstance(item, dict) else None
    if isinstance(content, list) and len(content) == 1 and isinstance(content[0], dict):
        return content[0].get("text")
    return content


def _numbered(tag: str, count: int) -> list[dict[str, Any]]:
    return [{"role": "user", "content": f"{tag}-{i}"} for i in range(count)]


async def _check_empty(c: _Checker) -> None:
    s = await c.session()
    c.same(await c.items(s, "a new session"), [], "get_items() on a new session")
    c.same(await c.items(s, "a new session", 3), [], "get_items(limit=3) on a new session")
    c.same(await s.pop_item(), None, "pop_item() on a new session")
    await s.clear_session()
    await s.add_items([])
    c.same(await c.items(s, "after add_items([])"), [], "get_items() after add_items([])")


async def _check_order(c: _Checker) -> None:
    s = await c.session()
    batches = [_numbered("a", 1), _numbered("b", 3), _numbered("c", 2)]
    expected: list[Any] = []
    for batch in batches:
        await s.add_items(batch)
        expected += batch
        c.same(await c.items(s, "after add_items"), expected, "get_items() after appending batches")


async def _check_limit(c: _Checker) -> None:
    s = await c.session()
    items = _numbered("item", 7)
    await s.add_items(items)
    for limit in range(1, 10):
        c.same(
            await c.items(s, f"limit={limit}", limit),
            items[-limit:],
            f"get_items(limit={limit}) must return the latest {limit} items, oldest first",
        )
    c.same(await c.items(s, "limit=0", 0), [], "get_items(limit=0)")


async def _check_pop(c: _Checker) -> None:
    s = await c.session()
    items = _numbered("pop", 4)
    await s.add_items(items)
    for remaining in range(len(items), 0, -1):
        c.same(await s.pop_item(), items[remaining - 1], "pop_item() must return the newest item")
        c.same(
            await c.items(s, "after pop"), items[: remaining - 1], "get_items() after pop_item()"
        )
    c.same(await s.pop_item(), None, "pop_item() on an emptied session")
    await s.add_items(items[:2])
    c.same(await s.pop_item(), items[1], "pop_item() after re-adding")
    await s.add_items([items[3]])
    c.same(
        await c.items(s, "after pop + add"), [items[0], items[3]], "an item added after pop_item()"
    )


async def _check_clear(c: _Checker) -> None:
    s = await c.session()
    await s.add_items(_numbered("old", 3))
    await s.clear_session()
    c.same(await c.items(s, "after clear"), [], "get_items() after clear_session()")
    c.same(await s.pop_item(), None, "pop_item() after clear_session()")
    await s.clear_session()
    fresh = _numbered("new", 2)
    await s.add_items(fresh)
    c.same(await c.items(s, "after clear + add"), fresh, "items added after clear_session()")


async def _check_isolation(c: _Checker) -> None:
    a, b = await c.session("-a"), await c.session("-b")
    items_a, items_b = _numbered("A", 3), _numbered("B", 2)
    await a.add_items(items_a)
    await b.add_items(items_b)
    if a.session_id == b.session_id:
        c.fail("two sessions made for different ids report the same session_id")
    c.same(await c.items(a, "session a"), items_a, "session a must only see its own items")
    c.same(await c.items(b, "session b"), items_b, "session b must only see its own items")
    c.same(await b.pop_item(), items_b[-1], "pop_item() on session b")
    c.same(await c.items(a, "session a"), items_a, "session a after pop_item() on session b")
    await a.clear_session()
    c.same(await c.items(b, "session b"), items_b[:1], "session b after clear_session() on a")
    awkward = await c.session("-id with spaces, 'quotes', \"dq\", ünïcödé 🙂, %_* ; --")
    await awkward.add_items(items_a[:1])
    c.same(
        await c.items(awkward, "awkward id"), items_a[:1], "a session id with special characters"
    )
    c.same(await c.items(b, "session b"), items_b[:1], "session b after writes to the awkward id")


async def _check_unicode_and_large(c: _Checker) -> None:
    s = await c.session()
    items: list[Any] = [{"role": "user", "content": text} for text in _UNICODE_TEXTS]
    large = "x" * 256 + "".join(chr(0x4E00 + i % 2000) for i in range(200_000))
    items.append({"role": "user", "content": large})
    nested: Any = {"leaf": "deep"}
    for _ in range(40):
        nested = {"nested": [nested]}
    items.append({"type": "function_call_output", "call_id": "deep", "output": json.dumps(nested)})
    items.append(
        {"role": "user", "content": [{"type": "input_text", "text": t} for t in _UNICODE_TEXTS]}
    )
    await s.add_items(items)
    got = await c.items(s, "unicode and large items")
    if len(got) != len(items):
        c.fail(f"stored {len(items)} unicode/large items, got {len(got)} back")
    for index, (g, e) in enumerate(zip(got, items, strict=True)):
        c.same(g, e, f"unicode/large item {index}")
    c.same(await s.pop_item(), items[-1], "pop_item() of a unicode item")


async def _check_concurrent_appends(c: _Checker) -> None:
    s = await c.session()
    writers, rounds, batch = c._concurrency, 6, 3

    async def writer(w: int) -> None:
        for r in range(rounds):
            await s.add_items(
                [{"role": "user", "content": f"w{w}-r{r}-i{i}"} for i in range(batch)]
            )

    await asyncio.gather(*(writer(w) for w in range(writers)))
    got = [_text_of(item) for item in await c.items(s, "concurrent")]
    expected_count = writers * rounds * batch
    if len(got) != expected_count or len(set(got)) != expected_count:
        c.fail(
            f"{writers} tasks appended {expected_count} distinct items concurrently; got "
            f"{len(got)} items, {len(set(got))} distinct (items were lost or duplicated)"
        )
    for w in range(writers):
        mine = [text for text in got if isinstance(text, str) and text.startswith(f"w{w}-")]
        wanted = [f"w{w}-r{r}-i{i}" for r in range(rounds) for i in range(batch)]
        c.same(mine, wanted, f"the items of concurrent writer {w}, in its order")
    for start in range(0, len(got), batch):
        chunk = got[start : start + batch]
        prefix = str(chunk[0]).rsplit("-i", 1)[0]
        if [f"{prefix}-i{i}" for i in range(batch)] != chunk:
            c.fail(f"one add_items() batch was interleaved with another: {_short(chunk)}")


async def _check_round_trip(c: _Checker) -> None:
    s = await c.session()
    items = _catalogue()
    await s.add_items(items)
    got = await c.items(s, "every item type")
    if len(got) != len(items):
        c.fail(f"stored {len(items)} items of every input type, got {len(got)} back")
    for g, e in zip(got, items, strict=True):
        c.same(g, e, f"round trip of a {e.get('type', 'message')!r} item")
    c.same(await c.items(s, "every item type", 2), items[-2:], "get_items(limit=2) of typed items")


async def _check_no_aliasing(c: _Checker) -> None:
    s = await c.session()
    items: list[Any] = [{"role": "user", "content": [{"type": "input_text", "text": "original"}]}]
    pristine = copy.deepcopy(items)
    await s.add_items(items)
    items[0]["content"][0]["text"] = "changed by the caller after add_items"
    items.append({"role": "user", "content": "appended by the caller"})
    c.same(
        await c.items(s, "after caller mutation"),
        pristine,
        "history after the caller mutated its list",
    )
    got = await c.items(s, "read")
    got[0]["content"][0]["text"] = "changed by the reader"
    got.append({"role": "user", "content": "appended by the reader"})
    c.same(
        await c.items(s, "after reader mutation"),
        pristine,
        "history after a reader mutated its copy",
    )


_CHECKS: dict[str, Callable[[_Checker], Awaitable[None]]] = {
    "empty": _check_empty,
    "order": _check_order,
    "limit": _check_limit,
    "pop": _check_pop,
    "clear": _check_clear,
    "isolation": _check_isolation,
    "unicode_and_large": _check_unicode_and_large,
    "concurrent_appends": _check_concurrent_appends,
    "round_trip": _check_round_trip,
    "no_aliasing": _check_no_aliasing,
}

SESSION_CONFORMANCE_CHECKS: tuple[str, ...] = tuple(_CHECKS)
"""The names of the checks `run_session_conformance` runs, in order."""


async def run_session_conformance(
    factory: SessionFactory,
    *,
    skip: Collection[str] = (),
    exact_round_trip: bool = True,
    concurrency: int = 8,
) -> list[str]:
    """Check that the sessions `factory` makes honour the `Session` contract; return the checks run.

    Args:
        factory: `factory(session_id)` returns (or returns an awaitable of) a new session.
        skip: names from `SESSION_CONFORMANCE_CHECKS` not to run.
        exact_round_trip: require items to come back exactly as stored. Pass False for hosted
            stores that add fields, assign item ids and turn string content into one text
            part: then every other stored field must come back with its value.
        concurrency: how many tasks append to one session at once in "concurrent_appends".

    Raises AssertionError on the first violation, naming the check and the difference.
    """
    unknown = sorted(set(skip) - set(_CHECKS))
    if unknown:
        raise ValueError(f"unknown conformance checks {unknown}; known: {list(_CHECKS)}")
    checker = _Checker(factory, exact_round_trip, concurrency)
    ran = []
    for name, check in _CHECKS.items():
        if name in skip:
            continue
        checker.check = name
        try:
            await check(checker)
        except AssertionError:
            raise
        except Exception as exc:
            raise AssertionError(
                f"session conformance check {name!r} failed: it raised {type(exc).__name__}: {exc}"
            ) from exc
        ran.append(name)
    return ran


__all__ = ["SESSION_CONFORMANCE_CHECKS", "SessionFactory", "run_session_conformance"]
