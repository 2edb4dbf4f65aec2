"""Session persistence: load the history into the run input, save the new input and items."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..exceptions import UserError
from ..items import (
    ItemHelpers,
    RunItem,
    TResponseInputItem,
    is_model_input_item,
    run_item_to_input_item,
)
from ..run_config import RunConfig
from .input_items import dedupe_preferring_latest, normalize_input_items
from .util import maybe_await

if TYPE_CHECKING:
    from ..memory import Session


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
        if to_save:
            await self.session.add_items(to_save)

    async def save_input_after_tripwire(self) -> None:
        """An input guardrail stopped the run: the input is still saved."""
        if self.session is not None and self.writable and not self.input_saved:
            await self.save([])
