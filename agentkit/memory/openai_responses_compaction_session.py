"""`OpenAIResponsesCompactionSession`: a session wrapper that compacts the stored history through
the Responses API's `POST /responses/compact` once it grows past a threshold.

It wraps any session except `OpenAIConversationsSession` (whose history lives on the server).
After each turn the runner asks it to compact (`run_compaction`); the decision hook (by default:
10 or more items that are neither user messages nor earlier compactions) decides, and the stored
history is replaced by the compacted items. `run_compaction()` can also be called directly.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Literal, cast

from ..items import TResponseInputItem
from ..usage import Usage
from .openai_conversations_session import OpenAIConversationsSession
from .session import OpenAIResponsesCompactionArgs, SessionABC, _CompactionSnapshot

if TYPE_CHECKING:
    from ..run_context import RunContextWrapper
    from .session import Session

logger = logging.getLogger("openai-agents.openai.compaction")

DEFAULT_COMPACTION_THRESHOLD = 10
"""The default hook compacts once this many candidate items are stored."""

OpenAIResponsesCompactionMode = Literal["previous_response_id", "input", "auto"]
_ALL_ITEMS = 2_147_483_647


def _is_user_message(item: Any) -> bool:
    if not isinstance(item, dict):
        return False
    if item.get("type") == "message":
        return item.get("role") == "user"
    return item.get("role") == "user" and "content" in item


def select_compaction_candidate_items(
    items: list[TResponseInputItem],
) -> list[TResponseInputItem]:
    """The items compaction would summarise: all but user messages and earlier compactions."""
    return [
        item
        for item in items
        if not (
            _is_user_message(item) or (isinstance(item, dict) and item.get("type") == "compaction")
        )
    ]


def default_should_trigger_compaction(context: dict[str, Any]) -> bool:
    """Compact once `DEFAULT_COMPACTION_THRESHOLD` candidate items are stored."""
    return len(context["compaction_candidate_items"]) >= DEFAULT_COMPACTION_THRESHOLD


def is_openai_model_name(model: str) -> bool:
    """Whether `model` names an OpenAI model (`gpt-*`, `o<digit>*`, or a fine-tune of one)."""
    name = model.strip().rsplit("/", 1)[-1]
    if name.startswith("ft:"):
        name = name[3:]
    root = name.split(":", 1)[0]
    return root.startswith("gpt-") or (root.startswith("o") and root[1:2].isdigit())


def _resolve_mode(
    mode: OpenAIResponsesCompactionMode, response_id: str | None, store: bool | None
) -> Literal["previous_response_id", "input"]:
    if mode != "auto":
        return mode
    if store is False or not response_id:
        return "input"
    return "previous_response_id"


def _as_dict(item: Any) -> dict[str, Any]:
    if isinstance(item, dict):
        return item
    dump = getattr(item, "model_dump", None)
    if callable(dump):
        return cast(dict[str, Any], dump(exclude_unset=True, warnings=False))
    raise TypeError(f"responses.compact returned an output item of type {type(item).__name__}")


def _compacted_items(output: list[Any]) -> list[TResponseInputItem]:
    """The compacted output as input items to store; an assistant message keeps its id only when
    the reasoning item it is paired with is kept too (the API rejects an orphaned id)."""
    items = [_as_dict(item) for item in output]
    if any(item.get("type") == "reasoning" for item in items):
        return cast(list[TResponseInputItem], items)
    return [
        cast(
            TResponseInputItem,
            {k: v for k, v in item.items() if k != "id"}
            if item.get("role") == "assistant"
            else item,
        )
        for item in items
    ]


def _api_input(items: list[TResponseInputItem]) -> list[Any]:
    """Stored items as the compact endpoint takes them (no SDK-only metadata)."""
    return [
        {k: v for k, v in item.items() if k not in ("created_by", "provider_data")}
        if isinstance(item, dict)
        else item
        for item in items
    ]


# --- matching stored history against the latest model exchange ---------------------------------


def _digest_item(item: Any, ignore_ids: bool = False) -> str | None:
    """A fixed-size digest of an item as the model saw it: SDK-only metadata dropped, an
    assistant message's plain-text content and default status normalised (the store keeps no
    plaintext copy of the exchange on the run context)."""
    if not isinstance(item, dict):
        dump = getattr(item, "model_dump", None)
        if not callable(dump):
            return None
        item = dump(exclude_unset=True, warnings=False)
        if not isinstance(item, dict):
            return None
    payload = {k: v for k, v in item.items() if k not in ("created_by", "provider_data")}
    if ignore_ids:
        payload.pop("id", None)
    if payload.get("role") == "assistant":
        if isinstance(payload.get("content"), str):
            payload["content"] = [{"type": "output_text", "text": payload["content"]}]
        if payload.get("status") in (None, "completed"):
            payload.pop("status", None)
    try:
        text = json.dumps(payload, sort_keys=True, default=str)
    except (TypeError, ValueError):
        return None
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _without_reasoning_id(item: TResponseInputItem, policy: str | None) -> TResponseInputItem:
    if policy != "omit" or not isinstance(item, dict) or item.get("type") != "reasoning":
        return item
    return cast(TResponseInputItem, {k: v for k, v in item.items() if k != "id"})


def _model_exchange_digests(
    session: Any,
    input_items: Sequence[Any],
    response_items: Sequence[Any],
    reasoning_item_id_policy: str | None,
) -> tuple[tuple[str, ...], str | None]:
    """The runner's record of one successful model call (its input then its output items, as
    digests), which automatic compaction matches the stored history against."""
    ignore = bool(getattr(session, "_ignore_ids_for_matching", False))
    output = [_without_reasoning_id(i, reasoning_item_id_policy) for i in response_items]
    digests = (_digest_item(i, ignore) for i in [*input_items, *output])
    return tuple(d for d in digests if d is not None), reasoning_item_id_policy


def _match_suffix(
    stored: list[TResponseInputItem],
    exchange: tuple[tuple[str, ...], str | None],
    ignore_ids: bool,
) -> list[TResponseInputItem]:
    """The longest suffix of `stored` whose items occur, in order, in the model exchange (extra
    model-only items may sit between them); each in the form the exchange had it."""
    digests, policy = exchange
    remaining = reversed(digests)
    matched: list[TResponseInputItem] = []
    for item in reversed(stored):
        normalized = _without_reasoning_id(item, policy)
        plain, other = _digest_item(item, ignore_ids), _digest_item(normalized, ignore_ids)
        found = next((d for d in remaining if d in (plain, other)), None)
        if found is None:
            break
        matched.append(item if found == plain else normalized)
    return matched[::-1]


_CALL_OUTPUTS = {
    "function_call": "function_call_output",
    "computer_call": "computer_call_output",
    "local_shell_call": "local_shell_call_output",
    "shell_call": "shell_call_output",
    "apply_patch_call": "apply_patch_call_output",
    "custom_tool_call": "custom_tool_call_output",
}


def _groups_complete(items: list[TResponseInputItem]) -> bool:
    """Whether every local tool call in `items` has its output there and every output its call,
    and every hosted MCP approval request its response (groups are never split by compaction)."""
    calls: set[tuple[str, Any]] = set()
    outputs: set[tuple[str, Any]] = set()
    requests: set[Any] = set()
    responses: set[Any] = set()
    for entry in items:
        if not isinstance(entry, dict):
            continue
        item = cast(dict[str, Any], entry)
        kind = str(item.get("type"))
        if kind in _CALL_OUTPUTS:
            calls.add((_CALL_OUTPUTS[kind], item.get("call_id")))
        elif kind in _CALL_OUTPUTS.values():
            outputs.add((kind, item.get("call_id")))
        elif kind == "mcp_approval_request":
            requests.add(item.get("id"))
        elif kind == "mcp_approval_response":
            responses.add(item.get("approval_request_id"))
    return calls == outputs and requests == responses


class OpenAIResponsesCompactionSession(SessionABC):
    """Wraps a session and compacts its history with `responses.compact` when it grows.

    Works with OpenAI Responses models only. `compaction_mode="auto"` (the default) sends the
    last response's id, or the stored items when the last response was not stored
    (`store=False`) or there is none. `should_trigger_compaction(context)` receives
    `response_id`, `compaction_mode`, `compaction_candidate_items` and `session_items`.
    """

    def __init__(
        self,
        session_id: str,
        underlying_session: Session,
        *,
        client: Any = None,
        model: str = "gpt-4.1",
        compaction_mode: OpenAIResponsesCompactionMode = "auto",
        should_trigger_compaction: Callable[[dict[str, Any]], bool] | None = None,
        max_rollback_items: int | None = None,
    ) -> None:
        if isinstance(underlying_session, OpenAIConversationsSession):
            raise ValueError(
                "OpenAIResponsesCompactionSession cannot wrap OpenAIConversationsSession "
                "because it manages its own history on the server."
            )
        if not is_openai_model_name(model):
            raise ValueError(f"Unsupported model for OpenAI responses compaction: {model}")
        if compaction_mode not in ("previous_response_id", "input", "auto"):
            raise ValueError(
                "compaction_mode must be 'previous_response_id', 'input' or 'auto', "
                f"got {compaction_mode!r}"
            )
        if max_rollback_items is not None and max_rollback_items <= 0:
            raise ValueError("max_rollback_items must be positive or None")
        self.session_id = session_id
        self.underlying_session = underlying_session
        self._client = client
        self.model = model
        self.compaction_mode: OpenAIResponsesCompactionMode = compaction_mode
        self.max_rollback_items = max_rollback_items
        self.should_trigger_compaction = (
            should_trigger_compaction or default_should_trigger_compaction
        )
        self.session_settings = getattr(underlying_session, "session_settings", None)
        self._response_id: str | None = None
        self._deferred_response_id: str | None = None
        self._last_unstored_response_id: str | None = None
        self._lock = asyncio.Lock()

    @property
    def _ignore_ids_for_matching(self) -> bool:
        """The wrapped store's item-matching policy (item ids ignored when it says so)."""
        return bool(getattr(self.underlying_session, "_ignore_ids_for_matching", False))

    @property
    def client(self) -> Any:
        """The client for the compact request (default: the default OpenAI client, or a new one)."""
        if self._client is None:
            from ..client import AsyncOpenAI
            from ..models._openai_shared import get_default_openai_client

            self._client = get_default_openai_client() or AsyncOpenAI()
        return self._client

    # --- the Session contract, delegated -------------------------------------------------------

    async def get_items(self, limit: int | None = None) -> list[TResponseInputItem]:
        return await self.underlying_session.get_items(limit)

    async def add_items(self, items: list[TResponseInputItem]) -> None:
        async with self._lock:
            await self.underlying_session.add_items(items)

    async def pop_item(self) -> TResponseInputItem | None:
        async with self._lock:
            return await self.underlying_session.pop_item()

    async def clear_session(self) -> None:
        async with self._lock:
            await self.underlying_session.clear_session()

    # --- compaction ------------------------------------------------------------------------------

    def _mode_for(
        self, requested: OpenAIResponsesCompactionMode | None, store: bool | None
    ) -> Literal["previous_response_id", "input"]:
        mode = requested or self.compaction_mode
        if (
            mode == "auto"
            and store is None
            and self._response_id is not None
            and self._response_id == self._last_unstored_response_id
        ):
            return "input"
        return _resolve_mode(mode, self._response_id, store)

    def _note_store(self, args: OpenAIResponsesCompactionArgs | None) -> bool | None:
        if not args or "store" not in args:
            return None
        store = args["store"]
        if store is False and self._response_id:
            self._last_unstored_response_id = self._response_id
        elif store is True and self._response_id == self._last_unstored_response_id:
            self._last_unstored_response_id = None
        return store

    async def run_compaction(
        self,
        args: OpenAIResponsesCompactionArgs | None = None,
        *,
        wrapper: RunContextWrapper[Any] | None = None,
    ) -> None:
        """Compact the stored history if the hook agrees (or `args["force"]`).

        With a run context (`wrapper`), the compaction request's usage counts in the run's.
        """
        async with self._lock:
            if args and args.get("response_id"):
                self._response_id = args["response_id"]
            store = self._note_store(args)
            requested = args.get("compaction_mode") if args else None
            mode = self._mode_for(requested, store)
            if mode == "previous_response_id" and not self._response_id:
                raise ValueError(
                    "OpenAIResponsesCompactionSession.run_compaction requires a response_id "
                    "when using previous_response_id compaction."
                )
            automatic = bool(getattr(wrapper, "_session_compaction_is_automatic", False))
            if not automatic and self.max_rollback_items is not None:
                await self._all_items()  # the budget is checked before any request
            items = list(await self.underlying_session.get_items())
            force = bool(args.get("force", False)) if args else False
            if not force and not self._hook_agrees(items, mode):
                logger.debug("skip: decision hook declined compaction for %s", self._response_id)
                return
            snapshot: _CompactionSnapshot | None = None
            start = 0
            if automatic:
                plan = await self._automatic_plan(wrapper, requested, items, mode)
                if plan is None:
                    return
                items, mode, snapshot, start = plan
                if snapshot is None and self.max_rollback_items is not None:
                    await self._all_items()
            await self._compact_and_store(items, mode, snapshot, start, wrapper)

    def _hook_agrees(self, items: list[TResponseInputItem], mode: str) -> bool:
        return self.should_trigger_compaction(
            {
                "response_id": self._response_id,
                "compaction_mode": mode,
                "compaction_candidate_items": select_compaction_candidate_items(items),
                "session_items": items,
            }
        )

    async def _automatic_plan(
        self,
        wrapper: Any,
        requested: OpenAIResponsesCompactionMode | None,
        approved: list[TResponseInputItem],
        approved_mode: Literal["previous_response_id", "input"],
    ) -> (
        tuple[
            list[TResponseInputItem],
            Literal["previous_response_id", "input"],
            _CompactionSnapshot | None,
            int,
        ]
        | None
    ):
        """What the runner's compaction after a turn covers: the stored items matching the
        latest model exchange (a suffix starting at a user message when older history stays),
        the mode, and the store's atomic suffix replacement when it has one. None: skip."""
        exchange = getattr(wrapper, "_session_compaction_model_exchange", None) or ((), None)
        window = len(exchange[0]) + 1
        read_snapshot = getattr(self.underlying_session, "_get_compaction_snapshot", None)
        snapshot = await read_snapshot(window) if callable(read_snapshot) else None
        if snapshot is not None:
            stored, complete = list(snapshot.items), snapshot.complete
        else:
            stored = list(await self.underlying_session.get_items(limit=window))
            complete = len(stored) < window
        matched = _match_suffix(stored, exchange, self._ignore_ids_for_matching)
        start = len(stored) - len(matched)
        partial = not complete or start > 0
        if not matched or (snapshot is None and partial):
            logger.warning(
                "Skipped automatic compaction because complete stored history could not be "
                "matched to the latest model exchange. Session history was retained."
            )
            return None
        mode = approved_mode
        if partial:
            # Only input mode scopes the summary to the suffix; a response chain covers more.
            if (requested or self.compaction_mode) == "previous_response_id":
                return None
            mode = "input"
            boundary = next((i for i, item in enumerate(matched) if _is_user_message(item)), None)
            if boundary is None:
                return None
            start += boundary
            matched = matched[boundary:]
        if not _groups_complete(matched):
            return None
        if (matched != approved or mode != approved_mode) and not self._hook_agrees(matched, mode):
            return None
        return matched, mode, snapshot, start

    async def _compact_and_store(
        self,
        items: list[TResponseInputItem],
        mode: Literal["previous_response_id", "input"],
        snapshot: _CompactionSnapshot | None,
        start: int,
        wrapper: RunContextWrapper[Any] | None,
    ) -> None:
        body: dict[str, Any] = {"model": self.model}
        if mode == "previous_response_id":
            body["previous_response_id"] = self._response_id
        else:
            body["input"] = _api_input(items)
        compacted = await self._compact(body)
        usage = compacted.get("usage")
        if wrapper is not None and isinstance(usage, dict):
            wrapper.usage.add(Usage._from_wire(usage))
        output = _compacted_items(list(compacted.get("output") or []))
        if snapshot is not None:
            if not await snapshot.replace_suffix(start, output):
                logger.warning("Skipped compaction replacement because the stored suffix changed.")
                return
        else:
            await self._replace(output)
        self._deferred_response_id = None

    async def _compact(self, body: dict[str, Any]) -> dict[str, Any]:
        """`POST /responses/compact` through an agentkit client, or `responses.compact` of an
        openai-shaped one; the answer as a dict."""
        from ..client import AsyncOpenAI

        client = self.client
        if isinstance(client, AsyncOpenAI):
            answer = await client.post("/responses/compact", body=body)
        else:
            answer = await client.responses.compact(**body)
        return answer if isinstance(answer, dict) else _as_dict(answer)

    async def _all_items(self) -> list[TResponseInputItem]:
        limit = _ALL_ITEMS if self.max_rollback_items is None else self.max_rollback_items + 1
        items = await self.underlying_session.get_items(limit=limit)
        if self.max_rollback_items is not None and len(items) > self.max_rollback_items:
            raise ValueError("Compaction history exceeds max_rollback_items; history was retained")
        return list(items)

    async def _replace(self, output: list[TResponseInputItem]) -> None:
        """Replace the stored history with `output`; on failure put the previous history back."""
        previous = await self._all_items()
        try:
            await self.underlying_session.clear_session()
            if output:
                await self.underlying_session.add_items(output)
        except BaseException:
            task = asyncio.ensure_future(self._restore(previous))
            await asyncio.shield(task)
            raise

    async def _restore(self, previous: list[TResponseInputItem]) -> None:
        try:
            await self.underlying_session.clear_session()
            if previous:
                await self.underlying_session.add_items(previous)
        except Exception as e:
            logger.warning("Failed to restore session history after compaction failed: %s", e)
            return
        logger.warning("Restored the previous session history after compaction failed.")

    # --- the runner's deferral when a turn ends with local tool outputs ----------------------------

    async def _defer_compaction(self, response_id: str, store: bool | None = None) -> None:
        async with self._lock:
            if self._deferred_response_id is not None:
                return
            items = await self._all_items()
            self._response_id = response_id
            if self.should_trigger_compaction(
                {
                    "response_id": response_id,
                    "compaction_mode": self._mode_for(None, store),
                    "compaction_candidate_items": select_compaction_candidate_items(items),
                    "session_items": items,
                }
            ):
                self._deferred_response_id = response_id

    def _get_deferred_compaction_response_id(self) -> str | None:
        return self._deferred_response_id
