"""Session persistence: load the history into the run input, save the new input and items."""

from __future__ import annotations

import copy
from dataclasses import field
from typing import TYPE_CHECKING, Any, cast

from ..exceptions import UserError
from ..items import ItemHelpers, RunItem, is_model_input_item, run_item_to_input_item
from ..run_config import RunConfig
from ..util._dataclass import dataclass
from .input_items import dedupe_preferring_latest, normalize_input_items
from .util import maybe_await

if TYPE_CHECKING:
    from ..items import ModelResponse, TResponseInputItem
    from ..memory import Session
    from ..run_context import RunContextWrapper

# Item types the Conversations API's create-item schema requires a top-level `id` for.
_CONVERSATION_TYPES_WITH_ID = frozenset(
    {
        "file_search_call",
        "web_search_call",
        "computer_call",
        "code_interpreter_call",
        "image_generation_call",
        "local_shell_call",
        "local_shell_call_output",
        "mcp_list_tools",
        "mcp_approval_request",
        "mcp_call",
        "item_reference",
        "program",
        "program_output",
    }
)
_FAKE_ID = "__fake_id__"

_LOCAL_OUTPUT_ITEM_TYPES = frozenset(
    {"tool_call_output_item", "handoff_output_item", "mcp_approval_response_item"}
)


async def _merge_with_callback(
    callback: Any, history: list[TResponseInputItem], new_items: list[TResponseInputItem]
) -> tuple[list[TResponseInputItem], list[TResponseInputItem]]:
    """The callback's merge of (copies of) history and new input, and the items it added."""
    if not callable(callback):
        raise UserError(
            f"Invalid `session_input_callback` value: {callback}. "
            "Choose between `None` or a custom callable function."
        )
    history_copy = copy.deepcopy(history)
    new_copy = copy.deepcopy(new_items)
    history_ids = {id(i) for i in history_copy}
    combined = await maybe_await(callback(history_copy, new_copy))
    if not isinstance(combined, list):
        raise UserError("Session input callback must return a list of input items.")
    # Only items that are not from the history are new to the session.
    remaining_history = list(history_copy)
    appended = []
    for item in combined:
        if id(item) in history_ids:
            continue
        if item in remaining_history:
            remaining_history.remove(item)
            continue
        appended.append(item)
    return normalize_input_items(combined), appended


async def prepare_input_with_session(
    input: str | list[TResponseInputItem], session: Session | None, run_config: RunConfig
) -> tuple[str | list[TResponseInputItem], list[TResponseInputItem]]:
    """Session history + new input (or the callback's merge), and the items new to the session."""
    if session is None:
        return input, []
    limit = None
    for candidate in (getattr(session, "session_settings", None), run_config.session_settings):
        if candidate is not None and getattr(candidate, "limit", None) is not None:
            limit = candidate.limit
    history = list(
        await session.get_items(limit=limit) if limit is not None else await session.get_items()
    )
    history = normalize_input_items(history)
    new_items = normalize_input_items(ItemHelpers.input_to_new_input_list(input))
    callback = run_config.session_input_callback
    if callback is None:
        combined, appended = history + new_items, list(new_items)
    else:
        combined, appended = await _merge_with_callback(callback, history, new_items)
    return dedupe_preferring_latest(combined), normalize_input_items(appended)


def for_conversation(item: TResponseInputItem) -> TResponseInputItem:
    """An item as the Conversations API stores it: no provider data, and no stale provider id
    except where its schema requires one (reasoning keeps its id; the placeholder id never)."""
    if not isinstance(item, dict):
        return item
    cleaned: dict[str, Any] = {
        k: v for k, v in item.items() if k not in ("created_by", "provider_data")
    }
    kind = cleaned.get("type")
    if cleaned.get("id") == _FAKE_ID or (
        kind != "reasoning" and kind not in _CONVERSATION_TYPES_WITH_ID
    ):
        cleaned.pop("id", None)
    return cast("TResponseInputItem", cleaned)


def _is_conversation_session(session: Any) -> bool:
    from ..memory.openai_conversations_session import OpenAIConversationsSession

    return isinstance(session, OpenAIConversationsSession)


@dataclass
class SessionPersistence:
    """The run's session: its history is loaded into the input, and (unless the conversation
    lives on the server) the run's input and items are saved to it."""

    session: Session | None
    writable: bool = True
    new_input: list[TResponseInputItem] = field(default_factory=list)
    """The run's input items new to the session, saved with the first save."""
    input_saved: bool = False

    async def load(
        self, input: str | list[TResponseInputItem], run_config: RunConfig
    ) -> str | list[TResponseInputItem]:
        """The run input with the session history; remembers the input new to the session."""
        if self.session is None:
            return input
        prepared, self.new_input = await prepare_input_with_session(input, self.session, run_config)
        return prepared

    async def save(self, items: list[RunItem]) -> None:
        """Save `items` (preceded, the first time, by the run's new input)."""
        if self.session is None or not self.writable:
            return
        to_save: list[TResponseInputItem] = []
        if not self.input_saved:
            to_save.extend(self.new_input)
            self.input_saved = True
        to_save.extend(run_item_to_input_item(i) for i in items if is_model_input_item(i))
        if to_save and _is_conversation_session(self.session):
            to_save = [for_conversation(item) for item in to_save]
        if to_save:
            await self.session.add_items(to_save)

    async def save_input_after_tripwire(self) -> None:
        """An input guardrail stopped the run: the input is still saved."""
        if self.session is not None and self.writable and not self.input_saved:
            await self.save([])

    async def compact_after_turn(
        self,
        response: ModelResponse | None,
        store: bool | None,
        turn_items: list[RunItem],
        wrapper: RunContextWrapper[Any],
    ) -> None:
        """After a turn's items are saved, let a compaction-aware session compact its history.

        A turn that ends with local tool outputs defers compaction (the outputs belong to the
        response chain still going on); the next turn then compacts regardless of the hook.
        """
        session = self.session
        response_id = response.response_id if response is not None else None
        if session is None or not self.writable or not response_id:
            return
        from ..memory.session import is_openai_responses_compaction_aware_session

        if not is_openai_responses_compaction_aware_session(session):
            return
        if any(getattr(item, "type", None) in _LOCAL_OUTPUT_ITEM_TYPES for item in turn_items):
            defer = getattr(session, "_defer_compaction", None)
            if callable(defer):
                await maybe_await(defer(response_id, store=store))
            return
        deferred = getattr(session, "_get_deferred_compaction_response_id", None)
        args: dict[str, Any] = {
            "response_id": response_id,
            "force": callable(deferred) and deferred() is not None,
        }
        if store is not None:
            args["store"] = store
        run_compaction: Any = session.run_compaction
        if not _accepts_wrapper(run_compaction):
            await maybe_await(run_compaction(args))
            return
        # Marks the call as the runner's automatic one (matched against the model exchange).
        wrapper._session_compaction_is_automatic = True  # type: ignore[attr-defined]
        try:
            await maybe_await(run_compaction(args, wrapper=wrapper))
        finally:
            wrapper._session_compaction_is_automatic = False  # type: ignore[attr-defined]


def _accepts_wrapper(method: Any) -> bool:
    """Whether a session's `run_compaction` takes the run context (`wrapper=`)."""
    import inspect

    try:
        parameters = inspect.signature(method).parameters.values()
    except (TypeError, ValueError):
        return False
    return any(p.name == "wrapper" or p.kind is p.VAR_KEYWORD for p in parameters)
