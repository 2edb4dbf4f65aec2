"""A small docstring parser for tool descriptions: Google, NumPy and Sphinx (reST) styles.

It extracts only what function tools need: the first free-text block (the description) and the
parameter descriptions. Its results follow what openai-agents extracts with griffe, including
griffe's layout rules (blank line above a Google section, 4-space NumPy continuation lines,
Sphinx fields running until the next line that starts with ``:``).
"""

from __future__ import annotations

import inspect
import re
from typing import Literal

DocstringStyle = Literal["google", "numpy", "sphinx"]

__all__ = ["DocstringStyle", "detect_style", "parse_docstring"]

_SPHINX_HINTS = (r"^:param\s", r"^:type\s", r"^:return:", r"^:rtype:")
_NUMPY_HINTS = (r"^Parameters\s*\n\s*-{3,}", r"^Returns\s*\n\s*-{3,}", r"^Yields\s*\n\s*-{3,}")
_GOOGLE_HINTS = (r"^(Args|Arguments):", r"^(Returns):", r"^(Raises):")


def detect_style(doc: str) -> DocstringStyle:
    """Guess the style from section markers; ties go to sphinx, then numpy, then google."""
    scores: dict[DocstringStyle, int] = {
        "sphinx": sum(bool(re.search(p, doc, re.MULTILINE)) for p in _SPHINX_HINTS),
        "numpy": sum(bool(re.search(p, doc, re.MULTILINE)) for p in _NUMPY_HINTS),
        "google": sum(bool(re.search(p, doc, re.MULTILINE)) for p in _GOOGLE_HINTS),
    }
    best = max(scores.values())
    if best == 0:
        return "google"
    return next(style for style in ("sphinx", "numpy", "google") if scores[style] == best)


def parse_docstring(
    doc: str, style: DocstringStyle | None = None
) -> tuple[str | None, dict[str, str]]:
    """Return (description, {param name: description}) for an already-cleaned docstring.

    Variadic parameters are reported without their stars (``*args`` -> ``args``).
    """
    resolved = style or detect_style(doc)
    lines = inspect.cleandoc(doc.rstrip()).split("\n")
    if resolved == "google":
        description, params = _parse_google(_unglue_param_headers(lines))
    elif resolved == "numpy":
        description, params = _parse_numpy(lines)
    elif resolved == "sphinx":
        description, params = _parse_sphinx(lines)
    else:
        raise ValueError(f"Unknown docstring style {resolved!r}; use google, numpy or sphinx")
    return description, {name.lstrip("*"): text for name, text in params}


def _blank(line: str) -> bool:
    return not line or line.isspace()


def _indent_of(line: str) -> int:
    return len(line) - len(line.lstrip())


def _text_block(lines: list[str]) -> str | None:
    if not any(lines):
        return None
    return "\n".join(lines).rstrip("\n")


# --- Google -------------------------------------------------------------------------------------

_GOOGLE_HEADER = re.compile(r"^(?P<kind>\w[\s\w-]*):(\s+(?P<title>\S.*))?\s*$", re.IGNORECASE)
_GOOGLE_PARAM_HEADERS = frozenset({"args", "arguments", "params", "parameters"})
_GOOGLE_GLUED_PARAM_HEADER = re.compile(r"^(args|arguments|params|parameters):\s*$", re.IGNORECASE)
_GOOGLE_OTHER_SECTIONS = frozenset(
    {
        "keyword args",
        "keyword arguments",
        "other args",
        "other arguments",
        "other params",
        "other parameters",
        "type args",
        "type arguments",
        "type params",
        "type parameters",
        "raises",
        "exceptions",
        "returns",
        "yields",
        "receives",
        "examples",
        "attributes",
        "functions",
        "methods",
        "classes",
        "type aliases",
        "modules",
        "warns",
        "warnings",
    }
)


def _unglue_param_headers(lines: list[str]) -> list[str]:
    """Put a blank line above a parameter header glued to the line before it.

    Without one, the header would not count as a section, but openai-agents adds it whenever the
    header is followed by an indented line (even inside a code fence), so we do the same.
    """
    out: list[str] = []
    for i, line in enumerate(lines):
        if (
            i > 0
            and _GOOGLE_GLUED_PARAM_HEADER.match(line)
            and out[-1].strip()
            and i + 1 < len(lines)
            and lines[i + 1].startswith((" ", "\t"))
        ):
            out.append("")
        out.append(line)
    return out


def _google_items(lines: list[str], start: int) -> tuple[list[list[str]], int]:
    """Read the indented items of a section body; return them and the index after the body."""
    i = start
    while i < len(lines) and _blank(lines[i]):
        i += 1
    if i >= len(lines):
        return [], i
    indent = _indent_of(lines[i])
    if indent == 0:
        return [], i
    items = [[lines[i][indent:]]]
    i += 1
    while i < len(lines):
        line = lines[i]
        if _blank(line):
            items[-1].append("")
        elif line.startswith(" " * (indent * 2)):
            items[-1].append(line[indent * 2 :])
        elif line.startswith(" " * (indent + 1)):
            items[-1].append(line.lstrip())
        elif line.startswith(" " * indent):
            items.append([line[indent:]])
        else:
            break
        i += 1
    return items, i


def _parse_google(lines: list[str]) -> tuple[str | None, list[tuple[str, str]]]:
    description: str | None = None
    params: list[tuple[str, str]] = []
    text: list[str] = []

    def flush() -> None:
        nonlocal description, text
        if description is None:
            description = _text_block(text)
        text = []

    in_fence = False
    i = 0
    n = len(lines)
    while i < n:
        line = lines[i]
        fence = line.lstrip(" ").startswith("```")
        match = None if in_fence or fence or ":" not in line else _GOOGLE_HEADER.match(line)
        if match is None:
            if fence:
                in_fence = not in_fence
            text.append(line)
            i += 1
            continue
        kind = match.group("kind").lower()
        next_blank = i + 1 < n and _blank(lines[i + 1])
        content_next = i + 1 < n and not next_blank and lines[i + 1].startswith(" ")
        content_after = i + 2 < n and not _blank(lines[i + 2]) and lines[i + 2].startswith(" ")
        blank_above = i == 0 or _blank(lines[i - 1])
        if not (content_next or content_after) or not blank_above or (content_after and next_blank):
            text.append(line)
            i += 1
            continue
        items, end = _google_items(lines, i + 1)
        if not items and kind not in _GOOGLE_PARAM_HEADERS | _GOOGLE_OTHER_SECTIONS:
            # An admonition without a body is plain text after all.
            text.append(line)
            i += 1
            continue
        flush()
        i = end
        if kind in _GOOGLE_PARAM_HEADERS:
            for item in items:
                head, sep, first = item[0].partition(":")
                if not sep:
                    continue
                body = "\n".join([first.lstrip(), *item[1:]]).rstrip("\n")
                name = head.split("(", 1)[0].strip() if "(" in head and head.endswith(")") else head
                params.append((name, body))
    flush()
    return description, params


# --- NumPy --------------------------------------------------------------------------------------

_NUMPY_SECTIONS = frozenset(
    {
        "deprecated",
        "parameters",
        "other parameters",
        "type parameters",
        "returns",
        "yields",
        "receives",
        "raises",
        "warns",
        "examples",
        "attributes",
        "functions",
        "methods",
        "classes",
        "type aliases",
        "modules",
    }
)
_NUMPY_NAME = r"\*{0,2}[_a-z][_a-z0-9]*"
_NUMPY_PARAM = re.compile(rf"(?P<names>{_NUMPY_NAME}(?:,\s{_NUMPY_NAME})*)", re.IGNORECASE)


def _dashes(line: str) -> bool:
    return "-" in line and _blank(line.replace("-", ""))


def _numpy_items(lines: list[str], start: int) -> tuple[list[list[str]], int]:
    i = start
    while i < len(lines) and _blank(lines[i]):
        i += 1
    if i >= len(lines):
        return [], i
    items = [[lines[i]]]
    i += 1
    while i < len(lines):
        line = lines[i]
        if _blank(line):
            items[-1].append("")
        elif line.startswith("    "):
            items[-1].append(line[4:])
        elif line.startswith(" "):
            items[-1].append(line.lstrip())
        elif i + 1 < len(lines) and _dashes(lines[i + 1]):
            break
        else:
            items.append([line])
        i += 1
    return items, i


def _parse_numpy(lines: list[str]) -> tuple[str | None, list[tuple[str, str]]]:
    description: str | None = None
    params: list[tuple[str, str]] = []
    text: list[str] = []
    in_admonition = False

    def flush() -> None:
        nonlocal description, text
        if description is None and not in_admonition:
            description = _text_block(text)
        text = []

    in_fence = False
    i = 0
    n = len(lines)
    while i < n:
        line = lines[i]
        fence = line.lstrip(" ").startswith("```")
        if in_fence or fence:
            in_fence = in_fence != fence
            text.append(line)
        elif _blank(line):
            text.append("")
        elif i == n - 1:
            text.append(line)
        elif _dashes(lines[i + 1]):
            flush()
            if line.lower() in _NUMPY_SECTIONS:
                in_admonition = False
                items, nxt = _numpy_items(lines, i + 2)
                if line.lower() == "parameters":
                    for item in items:
                        m = _NUMPY_PARAM.match(item[0])
                        if m is None:
                            continue
                        body = "\n".join(item[1:]).rstrip() if len(item) > 1 else ""
                        params.extend((name, body) for name in m.group("names").split(", "))
                i = nxt
                continue
            in_admonition = True
            i += 2
            continue
        else:
            text.append(line)
        i += 1
    flush()
    return description, params


# --- Sphinx -------------------------------------------------------------------------------------

_SPHINX_PARAM_FIELDS = (":param", ":parameter", ":arg", ":argument", ":key", ":keyword")
_SPHINX_OTHER_FIELDS = (
    ":type",
    ":var",
    ":ivar",
    ":cvar",
    ":vartype",
    ":returns",
    ":return",
    ":rtype",
    ":raises",
    ":raise",
    ":except",
    ":exception",
)


def _parse_sphinx(lines: list[str]) -> tuple[str | None, list[tuple[str, str]]]:
    text: list[str] = []
    params: dict[str, str] = {}
    i = 0
    n = len(lines)
    while i < n:
        line = lines[i]
        is_param = line.startswith(_SPHINX_PARAM_FIELDS)
        if not (is_param or line.startswith(_SPHINX_OTHER_FIELDS)):
            text.append(line)
            i += 1
            continue
        # A field runs until the next line that starts with ":".
        end = i + 1
        while end < n and not lines[end].startswith(":"):
            end += 1
        if is_param:
            field = inspect.cleandoc("\n".join([line.lstrip(), *lines[i + 1 : end]])).rstrip("\n")
            parts = field.split(":", 2)
            if len(parts) == 3:
                words = parts[1].split(" ")
                if len(words) >= 2:
                    params.setdefault(words[-1], parts[2].strip())
        i = end
    while text and _blank(text[0]):
        text.pop(0)
    while text and _blank(text[-1]):
        text.pop()
    return "\n".join(text), list(params.items())
