"""Minimal HTTP/1.1 request parsing on asyncio streams (just what OpenAI clients send)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, unquote

_MAX_HEADER_BYTES = 1 << 20


class Headers:
    """Case-insensitive, order-keeping, multi-valued header list."""

    def __init__(self, items: list[tuple[str, str]] | None = None) -> None:
        self.items: list[tuple[str, str]] = list(items or [])

    def get(self, name: str, default: str | None = None) -> str | None:
        lname = name.lower()
        for key, value in self.items:
            if key.lower() == lname:
                return value
        return default

    def get_all(self, name: str) -> list[str]:
        lname = name.lower()
        return [v for k, v in self.items if k.lower() == lname]

    def __getitem__(self, name: str) -> str:
        value = self.get(name)
        if value is None:
            raise KeyError(name)
        return value

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.get(name) is not None

    def __iter__(self) -> Iterator[str]:
        return (k for k, _ in self.items)

    def __len__(self) -> int:
        return len(self.items)

    def as_dict(self) -> dict[str, str]:
        """Lower-cased names; for repeated headers the last value wins."""
        return {k.lower(): v for k, v in self.items}

    def __repr__(self) -> str:
        return f"Headers({self.items!r})"


@dataclass
class UploadedFile:
    """One file part of a multipart form."""

    filename: str
    content_type: str | None
    content: bytes


@dataclass
class RecordedRequest:
    """One request the server received, exactly as it arrived."""

    method: str
    path: str
    raw_query: str
    headers: Headers
    body: bytes
    query: dict[str, list[str]] = field(default_factory=dict)
    json: Any = None
    """The parsed JSON body, or None when the body is not JSON."""
    form: dict[str, list[str]] = field(default_factory=dict)
    """Text fields of a multipart body, by field name (``include[]`` keeps its brackets)."""
    files: dict[str, UploadedFile] = field(default_factory=dict)
    validation_error: str | None = None

    @property
    def target(self) -> str:
        return f"{self.path}?{self.raw_query}" if self.raw_query else self.path

    def __repr__(self) -> str:
        return f"<RecordedRequest {self.method} {self.target} {len(self.body)} bytes>"


class BadRequest(Exception):
    """The bytes on the connection are not a request this server understands."""


async def read_request(reader: asyncio.StreamReader) -> RecordedRequest | None:
    """Read one request, or None at a clean end of the connection."""
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError as exc:
        if not exc.partial.strip():
            return None
        raise BadRequest("connection closed inside the request head") from exc
    except asyncio.LimitOverrunError as exc:
        raise BadRequest("request head too large") from exc
    if len(head) > _MAX_HEADER_BYTES:
        raise BadRequest("request head too large")
    lines = head.decode("latin-1").split("\r\n")
    try:
        method, target, _version = lines[0].split(" ", 2)
    except ValueError as exc:
        raise BadRequest(f"bad request line {lines[0]!r}") from exc
    header_items: list[tuple[str, str]] = []
    for line in lines[1:]:
        if not line:
            continue
        name, sep, value = line.partition(":")
        if not sep:
            raise BadRequest(f"bad header line {line!r}")
        header_items.append((name.strip(), value.strip()))
    headers = Headers(header_items)
    body = await _read_body(reader, headers)
    path, _, raw_query = target.partition("?")
    request = RecordedRequest(
        method=method.upper(),
        path=unquote(path),
        raw_query=raw_query,
        headers=headers,
        body=body,
        query=parse_qs(raw_query, keep_blank_values=True),
    )
    _parse_body(request)
    return request


async def _read_body(reader: asyncio.StreamReader, headers: Headers) -> bytes:
    if (headers.get("transfer-encoding") or "").lower() == "chunked":
        parts: list[bytes] = []
        while True:
            size_line = await reader.readuntil(b"\r\n")
            size = int(size_line.split(b";", 1)[0].strip(), 16)
            if size == 0:
                # Trailers (none expected) end with an empty line.
                while (await reader.readuntil(b"\r\n")) != b"\r\n":
                    pass
                return b"".join(parts)
            parts.append(await reader.readexactly(size))
            await reader.readexactly(2)
    length = headers.get("content-length")
    if length is None:
        return b""
    return await reader.readexactly(int(length))


def _parse_body(request: RecordedRequest) -> None:
    content_type = (request.headers.get("content-type") or "").lower()
    if not request.body:
        return
    if content_type.startswith("multipart/form-data"):
        boundary = _content_type_param(request.headers.get("content-type") or "", "boundary")
        if boundary:
            request.form, request.files = parse_multipart(request.body, boundary)
        return
    try:
        request.json = json.loads(request.body)
    except ValueError:
        request.json = None


def _content_type_param(value: str, name: str) -> str | None:
    for piece in value.split(";")[1:]:
        key, _, val = piece.strip().partition("=")
        if key.strip().lower() == name:
            return val.strip().strip('"')
    return None


def parse_multipart(
    body: bytes, boundary: str
) -> tuple[dict[str, list[str]], dict[str, UploadedFile]]:
    """Split a multipart/form-data body into text fields and files."""
    form: dict[str, list[str]] = {}
    files: dict[str, UploadedFile] = {}
    delimiter = b"--" + boundary.encode("latin-1")
    for raw_part in body.split(delimiter)[1:]:
        if raw_part.startswith(b"--"):
            break
        part = raw_part.removeprefix(b"\r\n").removesuffix(b"\r\n")
        head, _, content = part.partition(b"\r\n\r\n")
        part_headers = Headers()
        for line in head.decode("utf-8", "replace").split("\r\n"):
            key, sep, val = line.partition(":")
            if sep:
                part_headers.items.append((key.strip(), val.strip()))
        disposition = part_headers.get("content-disposition") or ""
        name = _content_type_param(disposition, "name")
        if name is None:
            continue
        filename = _content_type_param(disposition, "filename")
        if filename is not None:
            files[name] = UploadedFile(filename, part_headers.get("content-type"), content)
        else:
            form.setdefault(name, []).append(content.decode("utf-8"))
    return form, files
