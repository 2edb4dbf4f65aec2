"""The SSE decoder against the WHATWG event-stream rules, whole and split at arbitrary points."""

from __future__ import annotations

import json
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agentkit._http._sse import ServerSentEvent, SSEDecoder


def decode_all(chunks: list[bytes]) -> tuple[list[ServerSentEvent], ServerSentEvent | None]:
    decoder = SSEDecoder()
    events: list[ServerSentEvent] = []
    for chunk in chunks:
        events.extend(decoder.feed(chunk))
    tail, partial = decoder.finish()
    return events + tail, partial


def test_basic_event_fields() -> None:
    events, partial = decode_all([b"event: a\ndata: 1\nid: 7\nretry: 30\n\n"])
    assert events == [ServerSentEvent(event="a", data="1", id="7", retry=30, has_data=True)]
    assert partial is None


def test_line_ends_cr_lf_crlf_all_work() -> None:
    for sep in (b"\n", b"\r", b"\r\n"):
        stream = b"data: x" + sep + b"data: y" + sep + sep + b"data: z" + sep + sep
        events, _ = decode_all([stream])
        assert [e.data for e in events] == ["x\ny", "z"], sep


def test_cr_at_chunk_end_and_lf_at_next_start_is_one_line_end() -> None:
    # If the CR and LF were counted separately, the LF would be an empty line and dispatch early.
    events, _ = decode_all([b"data: a\r", b"\ndata: b\r", b"\n\r", b"\n"])
    assert [e.data for e in events] == ["a\nb"]


def test_lone_cr_then_cr_is_two_line_ends() -> None:
    events, _ = decode_all([b"data: a\r", b"\r"])
    assert [e.data for e in events] == ["a"]


def test_only_cr_lf_split_lines_not_other_unicode_separators() -> None:
    text = "data: a\u2028b\x0bc\x1cd\u0085e\n\n"
    events, _ = decode_all([text.encode()])
    assert [e.data for e in events] == ["a\u2028b\x0bc\x1cd\u0085e"]


def test_comments_unknown_fields_and_no_colon_lines() -> None:
    stream = b": ping\nfoo: bar\ndata\ndata:x\ndata:  two spaces\n\n"
    events, _ = decode_all([stream])
    assert events[0].data == "\nx\n two spaces"


def test_blank_line_without_fields_does_not_dispatch() -> None:
    events, _ = decode_all([b"\n\n: comment\n\n\n"])
    assert events == []


def test_id_persists_and_is_ignored_with_nul_and_bad_retry_ignored() -> None:
    stream = b"id: 1\ndata: a\n\ndata: b\n\nid: x\x00y\nretry: 1.5\ndata: c\n\n"
    events, _ = decode_all([stream])
    assert [(e.data, e.id, e.retry) for e in events] == [
        ("a", "1", None),
        ("b", "1", None),
        ("c", "1", None),
    ]


def test_event_without_data_is_dispatched_with_has_data_false() -> None:
    events, _ = decode_all([b"event: ping\n\n"])
    assert events == [ServerSentEvent(event="ping", data="", has_data=False)]


def test_leading_bom_is_stripped_once_even_when_split() -> None:
    bom = "\ufeff".encode()
    events, _ = decode_all([bom[:1], bom[1:] + b"data: 1\n\n"])
    assert [e.data for e in events] == ["1"]
    # A BOM later in the stream is content, not a marker.
    events, _ = decode_all([b"data: 1\n\n", bom + b"data: 2\n\n"])
    assert len(events) == 1  # the field name became "\ufeffdata": unknown, ignored


def test_utf8_split_inside_a_character() -> None:
    payload = "data: héllo ✓ 𝄞\n\n".encode()
    for cut in range(len(payload)):
        events, _ = decode_all([payload[:cut], payload[cut:]])
        assert [e.data for e in events] == ["héllo ✓ 𝄞"]


def test_unterminated_last_event_is_returned_as_partial() -> None:
    events, partial = decode_all([b'data: 1\n\ndata: {"a"', b": 1}"])
    assert [e.data for e in events] == ["1"]
    assert partial is not None and partial.data == '{"a": 1}'
    events, partial = decode_all([b"data: 1\n\n"])
    assert partial is None


def test_no_line_length_cap() -> None:
    big = "x" * 5_000_000
    chunks = [f"data: {big}\n\n".encode()[i : i + 65536] for i in range(0, len(big) + 8, 65536)]
    start = time.perf_counter()
    events, _ = decode_all(chunks)
    assert events[0].data == big
    assert time.perf_counter() - start < 2.0


def test_twenty_thousand_events_are_fast() -> None:
    one = json.dumps({"type": "response.output_text.delta", "delta": "word ", "sequence_number": 1})
    stream = f"event: response.output_text.delta\ndata: {one}\n\n".encode() * 20_000
    chunks = [stream[i : i + 4096] for i in range(0, len(stream), 4096)]
    start = time.perf_counter()
    events, _ = decode_all(chunks)
    elapsed = time.perf_counter() - start
    assert len(events) == 20_000
    assert elapsed < 1.0, elapsed


# A stream built from arbitrary events, with every line-end style; decoding it in one piece and in
# arbitrary chunks must give the same events.
_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"), max_size=20
)
_line_end = st.sampled_from(["\n", "\r", "\r\n"])
_field_line = st.one_of(
    st.tuples(st.just("data"), _text),
    st.tuples(st.just("event"), _text),
    st.tuples(st.just("id"), _text),
    st.tuples(st.just("retry"), st.integers(0, 10_000).map(str)),
    st.tuples(st.just(""), _text),  # a comment
)


@st.composite
def _streams(draw: st.DrawFn) -> bytes:
    out = []
    for _ in range(draw(st.integers(0, 6))):
        for name, value in draw(st.lists(_field_line, min_size=0, max_size=4)):
            line = f":{value}" if name == "" else f"{name}: {value}"
            out.append(line + draw(_line_end))
        out.append(draw(_line_end))
    if draw(st.booleans()):
        out.insert(0, "\ufeff")
    return "".join(out).encode()


def _reference(stream: bytes) -> list[tuple[str | None, str, str | None, int | None]]:
    """A straightforward, unoptimised reading of the WHATWG rules."""
    text = stream.decode()
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")[:-1]
    events = []
    event, data, last_id, retry, touched = None, [], None, None, False
    for line in lines:
        if line == "":
            if touched:
                events.append((event, "\n".join(data), last_id, retry))
            event, data, retry, touched = None, [], None, False
        elif line.startswith(":"):
            continue
        else:
            name, _, value = line.partition(":")
            value = value[1:] if value.startswith(" ") else value
            if name == "data":
                data.append(value)
                touched = True
            elif name == "event":
                event, touched = value, True
            elif name == "id" and "\0" not in value:
                last_id, touched = value, True
            elif name == "retry" and value.isascii() and value.isdigit():
                retry, touched = int(value), True
    return events


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stream=_streams(), cuts=st.lists(st.integers(0, 400), max_size=12))
def test_arbitrary_chunk_splits_give_the_same_events(stream: bytes, cuts: list[int]) -> None:
    points = sorted({c % (len(stream) + 1) for c in cuts})
    chunks = [stream[a:b] for a, b in zip([0, *points], [*points, len(stream)], strict=True)]
    whole, _ = decode_all([stream])
    split, _ = decode_all(chunks)
    bytewise, _ = decode_all([stream[i : i + 1] for i in range(len(stream))])
    expected = _reference(stream)
    as_tuples = [(e.event, e.data, e.id, e.retry) for e in whole]
    assert as_tuples == expected
    assert split == whole
    assert bytewise == whole
