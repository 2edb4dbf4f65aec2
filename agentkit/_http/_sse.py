"""Incremental Server-Sent Events decoding (WHATWG event-stream rules, PROTOCOLS.md §2.1)."""

from __future__ import annotations

import codecs
from typing import NamedTuple


class ServerSentEvent(NamedTuple):
    """One dispatched event; `data` joins several `data:` lines with a newline.

    A named tuple: one is made per streamed delta, and a tuple is the cheapest immutable record.
    """

    event: str | None = None
    data: str = ""
    id: str | None = None
    retry: int | None = None
    has_data: bool = False
    """True when at least one `data:` line was seen (so `data == ""` can be told from no data)."""


_new_tuple = tuple.__new__


class EventTooLargeError(ValueError):
    """One event (its data lines plus any unterminated line) outgrew the decoder's limit."""

    def __init__(self, size: int, limit: int) -> None:
        super().__init__(f"an SSE event grew to more than {limit} characters ({size} so far)")
        self.size = size
        self.limit = limit


class SSEDecoder:
    """Turns byte chunks, split anywhere, into events.

    Lines are split on CR, LF and CRLF only (not on the other separators `str.splitlines` knows), a
    CR ending one chunk pairs with an LF starting the next, UTF-8 sequences may straddle chunks.
    With `max_event_size`, an event whose data (plus any line still being received) grows beyond
    that many characters raises `EventTooLargeError`; comments and blank lines never accumulate.
    """

    def __init__(self, max_event_size: int | None = None) -> None:
        self._max = max_event_size
        self._parts_size = 0
        self._data_size = 0
        self._utf8 = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._at_start = True
        self._pending_cr = False
        # Pieces of the current, still unterminated line; joined once the line ends, so a huge line
        # arriving in many chunks is copied once, not once per chunk.
        self._parts: list[str] = []
        self._event: str | None = None
        self._data: list[str] = []
        self._retry: int | None = None
        self._last_id: str | None = None
        self._touched = False

    def feed(self, chunk: bytes) -> list[ServerSentEvent]:
        """Decode one chunk and return the events it completed."""
        events = self._feed_text(self._utf8.decode(chunk))
        if self._max is not None and self._parts_size + self._data_size > self._max:
            raise EventTooLargeError(self._parts_size + self._data_size, self._max)
        return events

    def finish(self) -> tuple[list[ServerSentEvent], ServerSentEvent | None]:
        """End the stream: return the events the last bytes completed, and any unterminated event.

        The unterminated event is what was collected after the last blank line; the caller decides
        whether it is usable (PROTOCOLS.md §2.1: only if its data is complete JSON).
        """
        events = self._feed_text(self._utf8.decode(b"", True))
        if self._parts:
            line = "".join(self._parts)
            self._parts = []
            self._parts_size = 0
            events.extend(self._process_lines([line]))
        partial: ServerSentEvent | None = None
        if self._touched:
            partial = self._build()
        return events, partial

    def _feed_text(self, text: str) -> list[ServerSentEvent]:
        if not text:
            return []
        if self._at_start:
            self._at_start = False
            if text[0] == "\ufeff":
                text = text[1:]
                if not text:
                    return []
        if self._pending_cr:
            self._pending_cr = False
            if text[0] == "\n":
                text = text[1:]
                if not text:
                    return []
        if "\r" in text:
            self._pending_cr = text[-1] == "\r"
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        lines = text.split("\n")
        if len(lines) == 1:
            self._parts.append(text)
            self._parts_size += len(text)
            return []
        if self._parts:
            self._parts.append(lines[0])
            lines[0] = "".join(self._parts)
        tail = lines.pop()
        self._parts = [tail] if tail else []
        self._parts_size = len(tail)
        return self._process_lines(lines)

    def _process_lines(self, lines: list[str]) -> list[ServerSentEvent]:
        events: list[ServerSentEvent] = []
        # Runs for every line of a stream: the current event's data list and size are kept in
        # locals (written back below) and `_build` is inlined for the usual event.
        data = self._data
        data_size = self._data_size
        touched = self._touched
        for line in lines:
            if not line:
                if touched:
                    if self._max is not None and data_size > self._max:
                        raise EventTooLargeError(data_size, self._max)
                    events.append(
                        _new_tuple(
                            ServerSentEvent,
                            (self._event, "\n".join(data), self._last_id, self._retry, bool(data)),
                        )
                    )
                    # The last event id survives dispatch (WHATWG); everything else starts over.
                    data = []
                    data_size = 0
                    touched = False
                    self._event = None
                    self._retry = None
                continue
            if line.startswith("data:"):  # the field is "data" (checked first: most lines are)
                value = line[6:] if line.startswith(" ", 5) else line[5:]
                data.append(value)
                data_size += len(value) + 1
                touched = True
                continue
            if line.startswith("event:"):  # the next most common field
                self._event = line[7:] if line.startswith(" ", 6) else line[6:]
                touched = True
                continue
            if line[0] == ":":
                continue
            field, _, value = line.partition(":")
            if value[:1] == " ":
                value = value[1:]
            if field == "data":  # a bare `data` line
                data.append(value)
                data_size += len(value) + 1
                touched = True
            elif field == "event":
                self._event = value
                touched = True
            elif field == "id":
                if "\0" not in value:
                    self._last_id = value
                    touched = True
            elif field == "retry" and value.isascii() and value.isdigit():
                self._retry = int(value)
                touched = True
        self._data = data
        self._data_size = data_size
        self._touched = touched
        return events

    def _build(self) -> ServerSentEvent:
        if self._max is not None and self._data_size > self._max:
            raise EventTooLargeError(self._data_size, self._max)
        self._data_size = 0
        data = self._data
        # The tuple directly (as `ServerSentEvent._make` does): no Python frame of the class's own.
        event: ServerSentEvent = _new_tuple(
            ServerSentEvent, (self._event, "\n".join(data), self._last_id, self._retry, bool(data))
        )
        # The last event id survives dispatch (WHATWG); everything else starts over.
        self._event = None
        self._data = []
        self._retry = None
        self._touched = False
        return event
