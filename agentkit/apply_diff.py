"""Apply a V4A diff (the patch format of the apply-patch tool) to a file's text.

A create diff is the new file's lines, each prefixed ``+``. An update diff is a sequence of hunks;
each hunk may start with ``@@`` header lines naming a line to find first (``@@ class Foo``, stacked
to narrow the search), then lines prefixed `` `` (context), ``-`` (removed) and ``+`` (added). A
hunk followed by ``*** End of File`` is matched at the end of the file. Context is found exactly,
then ignoring trailing whitespace, then ignoring surrounding whitespace. The result keeps the
input's newline style (CRLF or LF). Errors are ``ValueError`` with the messages upstream gives, so
a model sees the same feedback.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from types import ModuleType
from typing import Literal, NamedTuple, TypeAlias

__all__ = ["apply_diff"]

ApplyDiffMode: TypeAlias = Literal["default", "create"]

_END_PATCH = "*** End Patch"
_END_OF_FILE = "*** End of File"
_NEXT_FILE = (_END_PATCH, "*** Update File:", "*** Delete File:", "*** Add File:")
_END_OF_HUNKS = (*_NEXT_FILE, _END_OF_FILE)
_LOOSENESS: tuple[Callable[[str], str], ...] = (lambda s: s, str.rstrip, str.strip)


class _Hunk(NamedTuple):
    start: int
    """Index of the first removed line (or of the insertion point) in the original lines."""
    removed: list[str]
    added: list[str]


class _Body(NamedTuple):
    context: list[str]
    hunks: list[_Hunk]
    """Starts relative to `context`."""
    end: int
    at_eof: bool


def apply_diff(input: str, diff: str, mode: ApplyDiffMode = "default") -> str:
    """Return ``input`` with the V4A ``diff`` applied (``mode="create"``: the new file's text)."""
    sample = input if mode != "create" and "\n" in input else diff
    newline = "\r\n" if "\r\n" in sample else "\n"
    diff_lines = [line.rstrip("\r") for line in re.split(r"\r?\n", diff)]
    if diff_lines and diff_lines[-1] == "":
        diff_lines.pop()
    diff_lines.append(_END_PATCH)  # a diff without its terminator ends here
    if mode == "create":
        return newline.join(_new_file_lines(diff_lines))
    original = input.replace("\r\n", "\n").split("\n")
    return newline.join(_splice(original, _locate_hunks(diff_lines, original)))


def _new_file_lines(diff_lines: list[str]) -> list[str]:
    lines = []
    for line in diff_lines:
        if line.startswith(_NEXT_FILE):
            break
        if not line.startswith("+"):
            raise ValueError(f"Invalid Add File Line: {line}")
        lines.append(line[1:])
    return lines


def _locate_hunks(diff_lines: list[str], original: list[str]) -> list[_Hunk]:
    """Find every hunk of an update diff in the original lines, in order."""
    hunks: list[_Hunk] = []
    position = 0  # in diff_lines
    cursor = 0  # in original: where the next search starts
    while position < len(diff_lines) and not diff_lines[position].startswith(_END_OF_HUNKS):
        anchors, headers, position = _read_headers(diff_lines, position)
        if headers == 0 and cursor != 0:
            raise ValueError(f"Invalid Line:\n{diff_lines[position]}")
        for index, anchor in enumerate(anchors):
            cursor = _seek_anchor(
                anchor, original, cursor, required=headers > 1, forward_only=index > 0
            )
        body = _read_body(diff_lines, position)
        found = _find_context(original, body.context, cursor, body.at_eof)
        if found == -1:
            text = "\n".join(body.context)
            where = "EOF Context" if body.at_eof else "Context"
            raise ValueError(f"Invalid {where} {cursor}:\n{text}")
        cursor = found + len(body.context)
        position = body.end
        hunks += [h._replace(start=h.start + found) for h in body.hunks]
    return hunks


def _read_headers(diff_lines: list[str], position: int) -> tuple[list[str], int, int]:
    """The ``@@`` lines at ``position``: the non-blank anchors, how many headers, where next."""
    anchors = []
    headers = 0
    while diff_lines[position] == "@@" or diff_lines[position].startswith("@@ "):
        anchor = diff_lines[position][3:]
        if anchor.strip():
            anchors.append(anchor)
        headers += 1
        position += 1
    return anchors, headers, position


def _seek_anchor(
    anchor: str, original: list[str], cursor: int, *, required: bool, forward_only: bool
) -> int:
    """Move the cursor past the anchor line (kept where it is if the anchor lies before it)."""
    for loosen in (_LOOSENESS[0], _LOOSENESS[2]):
        wanted = loosen(anchor)
        if not forward_only and any(loosen(line) == wanted for line in original[:cursor]):
            return cursor
        for index in range(cursor, len(original)):
            if loosen(original[index]) == wanted:
                return index + 1
    if required:
        raise ValueError(f"Invalid Anchor {cursor}:\n{anchor}")
    return cursor


def _read_body(diff_lines: list[str], start: int) -> _Body:
    """Read one hunk's context, removed and added lines up to the next header or section."""
    context: list[str] = []
    hunks: list[_Hunk] = []
    removed: list[str] = []
    added: list[str] = []
    position = start
    while position < len(diff_lines):
        raw = diff_lines[position]
        if raw.startswith(("@@", *_END_OF_HUNKS)) or raw == "***":
            break
        if raw.startswith("***"):
            raise ValueError(f"Invalid Line: {raw}")
        line = raw or " "  # an empty line is an empty context line
        kind, text = line[0], line[1:]
        if kind not in "+- ":
            raise ValueError(f"Invalid Line: {line}")
        position += 1
        if kind == " " and (removed or added):
            hunks.append(_Hunk(len(context) - len(removed), removed, added))
            removed, added = [], []
        if kind == "+":
            added.append(text)
        else:
            context.append(text)
            if kind == "-":
                removed.append(text)
    if removed or added:
        hunks.append(_Hunk(len(context) - len(removed), removed, added))
    if position < len(diff_lines) and diff_lines[position] == _END_OF_FILE:
        return _Body(context, hunks, position + 1, True)
    if position == start:
        following = diff_lines[position] if position < len(diff_lines) else ""
        raise ValueError(f"Nothing in this section - index={position} {following}")
    return _Body(context, hunks, position, False)


def _find_context(original: list[str], context: list[str], cursor: int, at_eof: bool) -> int:
    """Where ``context`` starts in ``original`` at or after ``cursor`` (-1: nowhere)."""
    if not at_eof:
        return _find_from(original, context, cursor)
    # A text ending in a newline splits into a last empty element: that is the end, not a line.
    lines = original[:-1] if original and original[-1] == "" else original
    at_end = _find_from(lines, context, max(0, len(lines) - len(context)))
    return at_end if at_end != -1 else _find_from(lines, context, min(cursor, len(lines)))


def _find_from(lines: list[str], context: list[str], start: int) -> int:
    if not context:
        return start
    last = len(lines) - len(context)
    for loosen in _LOOSENESS:
        wanted = [loosen(line) for line in context]
        for index in range(start, last + 1):
            if [loosen(line) for line in lines[index : index + len(context)]] == wanted:
                return index
    return -1


def _splice(original: list[str], hunks: list[_Hunk]) -> list[str]:
    result: list[str] = []
    cursor = 0
    for hunk in hunks:
        if hunk.start > len(original):
            raise ValueError(
                f"applyDiff: chunk.origIndex {hunk.start} > input length {len(original)}"
            )
        if cursor > hunk.start:
            raise ValueError(f"applyDiff: overlapping chunk at {hunk.start} (cursor {cursor})")
        result += original[cursor : hunk.start]
        result += hunk.added
        cursor = hunk.start + len(hunk.removed)
    return result + original[cursor:]


class _CallableModule(ModuleType):
    """Once ``agentkit.apply_diff`` (this module) has been imported, the package attribute of that
    name is the module, not the function upstream exports there; calling the module calls the
    function, so ``from agentkit import apply_diff`` works in either order."""

    def __call__(self, input: str, diff: str, mode: ApplyDiffMode = "default") -> str:
        return apply_diff(input, diff, mode)


sys.modules[__name__].__class__ = _CallableModule
