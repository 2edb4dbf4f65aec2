"""The one model-output pipeline: Responses stream events in, one `ModelResponse` out.

Every model answer goes through `ResponseAccumulator`, streamed or not: the OpenAI Responses model
(its events, or its one non-streamed `Response`), the Chat Completions model (its chunks become
Responses events in `_chat_translator`, and a non-streamed completion becomes one chunk), the run
loop's consumption of any model's stream, and every test model in `agentkit.testing`. So a
streamed and a non-streamed answer give the same `ModelResponse` by construction.

Terminal events: `response.completed` gives the answer; `response.failed`,
`response.incomplete`, `error` and `response.error` raise `ModelBehaviorError` (with 0.24's
messages); a stream that ends without `response.completed` raises too. Usage follows the one
usage policy (`Usage._from_wire`); a response may carry an adapter's exact `Usage` (`_usage`, as
the test models do) and the provider's usage before normalisation (`_raw_usage`, as Chat
Completions does), both as private attributes. The placeholder id of a translated answer
(`FAKE_RESPONSES_ID`) is no response id: such answers report `response_id=None`, streamed or not.
"""

from __future__ import annotations

import copy
import json
from typing import TYPE_CHECKING, Any

from ..exceptions import ModelBehaviorError
from .fake_id import FAKE_RESPONSES_ID

if TYPE_CHECKING:
    from ..items import ModelResponse, TResponseOutputItem

_MISSING: Any = object()

FAILED_TERMINAL_EVENTS = frozenset({"response.failed", "response.incomplete"})
ERROR_EVENTS = frozenset({"error", "response.error"})
FAILURE_EVENTS = FAILED_TERMINAL_EVENTS | ERROR_EVENTS
"""Events that end an answer in failure."""
TERMINAL_EVENTS = FAILURE_EVENTS | {"response.completed"}
"""Events that end an answer."""


def terminal_failure_message(event_type: str, response: Any) -> str:
    """The error text of a `response.failed` / `response.incomplete` answer."""
    message = f"Responses stream ended with terminal event `{event_type}`."
    if response is None:
        return message
    details = []
    for name in ("status", "error", "incomplete_details"):
        value = getattr(response, name, None)
        if value:
            details.append(f"{name}={value}")
    return f"{message} {'; '.join(details)}." if details else message


def error_event_message(event_type: str, event: Any) -> str:
    """The error text of an `error` / `response.error` stream event."""
    message = f"Responses stream ended with terminal event `{event_type}`."
    details = [
        f"{name}={getattr(event, name)}"
        for name in ("code", "message", "param")
        if getattr(event, name, None)
    ]
    return f"{message} {'; '.join(details)}." if details else message


def failure_for_event(event: Any) -> ModelBehaviorError | None:
    """The error a terminal failure event stands for, or None for any other event."""
    event_type = getattr(event, "type", None)
    if event_type in FAILED_TERMINAL_EVENTS:
        return ModelBehaviorError(
            terminal_failure_message(event_type, getattr(event, "response", None))
        )
    if event_type in ERROR_EVENTS:
        return ModelBehaviorError(error_event_message(event_type, event))
    return None


def raw_usage_snapshot(raw_usage: Any) -> dict[str, Any] | None:
    """A detached JSON copy of the provider's usage report (None when it cannot be one: raw
    usage is diagnostic and must not fail a call)."""
    if raw_usage is None:
        return None
    dump = getattr(raw_usage, "model_dump", None)
    if callable(dump):
        # The fields the provider sent, as it named them (as 0.24 does): no defaults added.
        raw_usage = dump(mode="json", by_alias=True, exclude_unset=True)
    if not isinstance(raw_usage, dict):
        return None
    try:
        snapshot = json.loads(json.dumps(raw_usage, allow_nan=False))
    except (TypeError, ValueError):
        return None
    return snapshot if isinstance(snapshot, dict) else None


def model_response_from(
    response: Any,
    *,
    preserve_raw_usage: bool,
    streamed_output: list[TResponseOutputItem] | None = None,
) -> ModelResponse:
    """The `ModelResponse` of a completed Responses `response`.

    `streamed_output` (the items of `response.output_item.done` events) stands in for an empty
    `response.output`, which some streaming backends send.
    """
    from ..items import ModelResponse
    from ..usage import Usage

    usage = getattr(response, "_usage", None)
    if isinstance(usage, Usage):
        usage = copy.deepcopy(usage)
    else:
        usage = Usage._from_wire(getattr(response, "usage", None))
    raw_usage = None
    if preserve_raw_usage:
        raw = getattr(response, "_raw_usage", _MISSING)
        raw_usage = raw_usage_snapshot(getattr(response, "usage", None) if raw is _MISSING else raw)
    output = list(response.output or ())
    response_id = response.id
    return ModelResponse(
        output=output or list(streamed_output or ()),
        usage=usage,
        # The placeholder id of a translated (Chat Completions) answer names no response.
        response_id=None if response_id == FAKE_RESPONSES_ID else response_id,
        request_id=getattr(response, "_request_id", None),
        raw_usage=raw_usage,
    )


class ResponseAccumulator:
    """Folds a stream of Responses events into the final `ModelResponse`.

    `add` each event in order (it raises `ModelBehaviorError` at a failure event), then call
    `result`. With `preserve_raw_usage`, the answer keeps the provider's usage report.
    """

    __slots__ = ("_preserve_raw_usage", "_streamed_output", "response")

    EVENT_TYPES = frozenset({"response.completed", "response.output_item.done"}) | FAILURE_EVENTS
    """The event types `add` acts on; an event of any other type may be left out."""

    def __init__(self, *, preserve_raw_usage: bool = False) -> None:
        self._preserve_raw_usage = preserve_raw_usage
        self._streamed_output: list[TResponseOutputItem] = []
        self.response: Any = None
        """The `Response` of the last `response.completed` event, once one arrived."""

    def add(self, event: Any) -> None:
        """Take one event; raise `ModelBehaviorError` if it ends the answer in failure."""
        event_type = getattr(event, "type", None)
        if event_type == "response.completed":
            self.response = event.response
        elif event_type == "response.output_item.done":
            self._streamed_output.append(event.item)
        elif event_type in FAILURE_EVENTS:
            failure = failure_for_event(event)
            assert failure is not None
            raise failure

    def add_response(self, response: Any) -> None:
        """Take a whole (non-streamed) `Response` as its terminal event."""
        status = getattr(response, "status", None)
        if status in ("failed", "incomplete"):
            raise ModelBehaviorError(terminal_failure_message(f"response.{status}", response))
        self.response = response

    @property
    def completed(self) -> bool:
        return self.response is not None

    def result(self) -> ModelResponse:
        """The answer; `ModelBehaviorError` if no `response.completed` arrived."""
        if self.response is None:
            raise ModelBehaviorError("Model did not produce a final response!")
        return model_response_from(
            self.response,
            preserve_raw_usage=self._preserve_raw_usage,
            streamed_output=self._streamed_output,
        )
