"""Server-managed conversations: send only what the server has not seen."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..items import ItemHelpers, ModelResponse, RunItem, is_model_input_item, run_item_to_input_item
from .input_items import normalize_input_items

if TYPE_CHECKING:
    from ..items import TResponseInputItem


class ServerConversationTracker:
    """Sends only what the server has not seen when the conversation lives on the server
    (`conversation_id`, `previous_response_id`, `auto_previous_response_id`)."""

    def __init__(
        self,
        conversation_id: str | None,
        previous_response_id: str | None,
        auto_previous_response_id: bool,
    ) -> None:
        self.conversation_id = conversation_id
        self.previous_response_id = previous_response_id
        self.auto_previous_response_id = auto_previous_response_id
        self._sent_initial = False
        self._sent_items: set[int] = set()
        self._server_raw_ids: set[int] = set()

    @classmethod
    def for_run(
        cls,
        conversation_id: str | None,
        previous_response_id: str | None,
        auto_previous_response_id: bool,
    ) -> ServerConversationTracker | None:
        """A tracker when the run keeps its conversation on the server, else None."""
        if (
            conversation_id is None
            and previous_response_id is None
            and not auto_previous_response_id
        ):
            return None
        return cls(conversation_id, previous_response_id, auto_previous_response_id)

    def prepare_input(
        self, original_input: str | list[TResponseInputItem], generated: list[RunItem]
    ) -> list[TResponseInputItem]:
        out: list[TResponseInputItem] = []
        if not self._sent_initial:
            out.extend(normalize_input_items(ItemHelpers.input_to_new_input_list(original_input)))
            self._sent_initial = True
        for item in generated:
            if not is_model_input_item(item):
                continue
            if id(item) in self._sent_items or id(item.raw_item) in self._server_raw_ids:
                continue
            self._sent_items.add(id(item))
            out.append(run_item_to_input_item(item))
        return normalize_input_items(out)

    def track_response(self, response: ModelResponse) -> None:
        for output in response.output:
            self._server_raw_ids.add(id(output))
        if (
            self.conversation_id is None
            and (self.previous_response_id is not None or self.auto_previous_response_id)
            and response.response_id is not None
        ):
            self.previous_response_id = response.response_id
