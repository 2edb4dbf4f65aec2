"""Validate Realtime client and server events against the OpenAPI schemas (spec/realtime_subset.json)."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

SUBSET = Path(__file__).resolve().parent / "spec" / "realtime_subset.json"


@functools.lru_cache(maxsize=1)
def _document() -> dict[str, Any]:
    with SUBSET.open(encoding="utf-8") as fh:
        return json.load(fh)  # type: ignore[no-any-return]


@functools.cache
def _validator(name: str) -> Any:
    from jsonschema import Draft202012Validator  # type: ignore[import-untyped]
    from referencing import Registry, Resource

    uri = "urn:realtime-subset"
    registry: Registry[Any] = Registry().with_resource(uri, Resource.from_contents(_document()))
    return Draft202012Validator({"$ref": f"{uri}#/$defs/{name}"}, registry=registry)


@functools.cache
def _schema_by_type(union: str) -> dict[str, str]:
    defs = _document()["$defs"]
    out: dict[str, str] = {}
    for branch in defs[union].get("anyOf") or defs[union].get("oneOf") or []:
        name = branch["$ref"].rsplit("/", 1)[-1]
        kind = defs[name]["properties"]["type"]
        for value in kind.get("enum") or [kind.get("const")]:
            out[str(value)] = name
    return out


def _errors(union: str, event: Any) -> list[str]:
    if not isinstance(event, dict):
        return ["event is not an object"]
    name = _schema_by_type(union).get(str(event.get("type")))
    if name is None:
        return [f"type {event.get('type')!r} is not a {union}"]
    return [
        f"{name} at {'/'.join(str(p) for p in e.absolute_path) or '<root>'}: {e.message}"
        for e in _validator(name).iter_errors(event)
    ]


def client_event_errors(event: Any) -> list[str]:
    """Violations of the `RealtimeClientEvent*` schema of `event`'s type."""
    return _errors("RealtimeClientEvent", event)


def server_event_errors(event: Any) -> list[str]:
    """Violations of the `RealtimeServerEvent*` schema of `event`'s type."""
    return _errors("RealtimeServerEvent", event)
