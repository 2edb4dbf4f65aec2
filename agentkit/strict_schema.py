"""Conversion of JSON schemas to the "strict" subset accepted by OpenAI structured outputs."""

from __future__ import annotations

import copy
from typing import Any, TypeGuard
from urllib.parse import unquote

from .exceptions import UserError
from .util._dataclass import dataclass

__all__ = ["ensure_strict_json_schema", "resolve_ref"]

# Hard limits so a hostile schema (e.g. one advertised by a third-party MCP server) cannot make
# the conversion use unbounded CPU, memory or recursion.
_NODE_LIMIT = 100_000
_DEPTH_LIMIT = 100

_MSG_ADDITIONAL_PROPERTIES = (
    "additionalProperties should not be set for object types. This could be because "
    "you're using an older version of Pydantic, or because you configured additional "
    "properties to be allowed. If you really need this, update the function or output tool "
    "to not use a strict schema."
)
_MSG_OPEN_OBJECT = (
    "JSON schema contains an object that permits undeclared properties and cannot be converted "
    "to a strict schema without changing its accepted values."
)
_MSG_UNVALIDATED_REF = (
    "JSON schema contains a reference whose target was not validated for strict mode."
)
_MSG_NESTED_RESOURCE_REF = (
    "JSON schema contains a reference owned by or crossing a nested `$id` resource that cannot "
    "be resolved against the document root."
)
_MSG_TOO_DEEP = (
    "JSON schema is too deeply nested to process safely. Simplify or flatten the schema."
)
_MSG_TOO_LARGE = (
    "JSON schema is too large to convert to a strict schema. This can happen when a "
    "schema expands `$ref`s exponentially, which may indicate a malformed or malicious "
    "schema."
)

# Keywords that can sit next to `$ref` without constraining the instance any further.
_ANNOTATION_KEYWORDS = frozenset(
    {
        "$anchor",
        "$comment",
        "$defs",
        "$schema",
        "contentEncoding",
        "contentMediaType",
        "contentSchema",
        "default",
        "definitions",
        "deprecated",
        "description",
        "examples",
        "readOnly",
        "title",
        "writeOnly",
    }
)
_ROOT_ANNOTATION_KEYWORDS = _ANNOTATION_KEYWORDS | {"$id"}


def _is_dict(value: object) -> TypeGuard[dict[str, Any]]:
    return isinstance(value, dict)


def _is_list(value: object) -> TypeGuard[list[Any]]:
    return isinstance(value, list)


def _check_depth(schema: object) -> None:
    """Reject nesting deeper than the limit, iteratively, before any recursive processing."""
    pending: list[tuple[object, int]] = [(schema, 1)]
    while pending:
        node, depth = pending.pop()
        if depth > _DEPTH_LIMIT:
            raise UserError(_MSG_TOO_DEEP)
        children = node.values() if isinstance(node, dict) else node if _is_list(node) else ()
        pending.extend((c, depth + 1) for c in children if isinstance(c, dict | list))


class _State:
    def __init__(self, root: dict[str, Any], reject_open_objects: bool) -> None:
        self.root = root
        self.budget = _NODE_LIMIT
        self.reject_open_objects = reject_open_objects

    def spend(self) -> None:
        self.budget -= 1
        if self.budget < 0:
            raise UserError(_MSG_TOO_LARGE)


def ensure_strict_json_schema(
    schema: dict[str, Any], *, _reject_open_objects: bool = False
) -> dict[str, Any]:
    """Rewrite `schema` in place into the strict form the OpenAI API expects and return it.

    Objects get `additionalProperties: false` and every property becomes required; `$defs`,
    `definitions`, `properties`, `items`, `anyOf`, `oneOf` (turned into `anyOf`) and `allOf` are
    processed recursively; `default: null` is dropped; a `$ref` with sibling keywords is inlined.
    Raises `UserError` when the schema cannot be made strict without changing what it accepts.
    """
    _check_depth(schema)
    if schema == {}:
        return {"additionalProperties": False, "type": "object", "properties": {}, "required": []}
    state = _State(schema, _reject_open_objects)
    result = _strictify(schema, state, path=(), depth=1, in_nested_resource=False)
    return _check_root(result)


def _check_root(schema: dict[str, Any]) -> dict[str, Any]:
    if _is_list(schema.get("anyOf")):
        raise UserError("The root of a strict JSON schema must not use `anyOf`.")
    typ = schema.get("type")
    if _is_list(typ) and "object" in typ:
        if typ != ["object"]:
            raise UserError(
                "The root of a strict JSON schema must be a non-nullable object, but its type is "
                f"{typ}. Make the root a plain object, or update the function or output tool to "
                "not use a strict schema."
            )
        schema["type"] = "object"
    return schema


def _declares_resource(schema: dict[str, Any]) -> bool:
    return isinstance(schema.get("$id"), str)


@dataclass
class _Visit:
    """One schema node being made strict, and where it sits."""

    node: dict[str, Any]
    state: _State
    path: tuple[str, ...]
    depth: int
    in_nested_resource: bool

    def sub(self, child: object, *suffix: str) -> dict[str, Any]:
        return _strictify(
            child,
            self.state,
            path=(*self.path, *suffix),
            depth=self.depth + 1,
            in_nested_resource=self.in_nested_resource,
        )


def _check_ref_siblings(visit: _Visit) -> None:
    node = visit.node
    if "$ref" not in node:
        return
    if visit.in_nested_resource:
        raise UserError(_MSG_NESTED_RESOURCE_REF)
    allowed = _ROOT_ANNOTATION_KEYWORDS if node is visit.state.root else _ANNOTATION_KEYWORDS
    extra = set(node) - {"$ref"} - allowed
    if extra:
        raise UserError(
            "JSON schema contains a `$ref` with incompatible sibling keyword(s) "
            f"({', '.join(sorted(extra))}) that cannot be merged "
            "without changing its accepted values."
        )


def _close_object(visit: _Visit) -> None:
    """Type a node with properties as an object, and close every object."""
    node = visit.node
    typ = node.get("type")
    properties = node.get("properties")
    if typ is None and _is_dict(properties):
        typ = node["type"] = "object"
    elif typ is None and node.get("additionalProperties", False) is not False:
        raise UserError(_MSG_ADDITIONAL_PROPERTIES)
    is_object = typ == "object" or (_is_list(typ) and "object" in typ)
    if (
        visit.state.reject_open_objects
        and is_object
        and properties in (None, {})
        and node.get("additionalProperties") is not False
    ):
        raise UserError(_MSG_OPEN_OBJECT)
    if is_object:
        if "additionalProperties" not in node:
            node["additionalProperties"] = False
        # `{}` is falsy but means "anything goes", so compare against False by identity.
        elif node["additionalProperties"] is not False:
            raise UserError(_MSG_ADDITIONAL_PROPERTIES)


def _strictify_children(visit: _Visit) -> None:
    """Recurse into `$defs`/`definitions` first, then properties, items, `anyOf` and `oneOf`."""
    node, sub = visit.node, visit.sub
    for defs_key in ("$defs", "definitions"):
        defs = node.get(defs_key)
        if _is_dict(defs):
            for def_name, def_schema in defs.items():
                sub(def_schema, defs_key, def_name)
    _close_object(visit)
    properties = node.get("properties")
    if _is_dict(properties):
        node["required"] = list(properties)
        node["properties"] = {
            key: sub(value, "properties", key) for key, value in properties.items()
        }
    items = node.get("items")
    if _is_dict(items):
        node["items"] = sub(items, "items")
    any_of = node.get("anyOf")
    if _is_list(any_of):
        node["anyOf"] = [sub(v, "anyOf", str(i)) for i, v in enumerate(any_of)]
    # Strict mode does not accept nested `oneOf`; `anyOf` expresses the same discriminated unions.
    one_of = node.get("oneOf")
    if _is_list(one_of):
        existing = node.get("anyOf")
        converted = [sub(v, "oneOf", str(i)) for i, v in enumerate(one_of)]
        node["anyOf"] = (existing if _is_list(existing) else []) + converted
        del node["oneOf"]


def _merge_all_of(visit: _Visit, closed_by_author: bool) -> dict[str, Any] | None:
    """Process `allOf`; a single entry is merged into the node (the merged node is returned)."""
    node = visit.node
    all_of = node.get("allOf")
    if not _is_list(all_of):
        return None
    if len(all_of) != 1:
        node["allOf"] = [visit.sub(v, "allOf", str(i)) for i, v in enumerate(all_of)]
        return None
    entry = all_of[0]
    if _is_dict(entry) and "$ref" in entry and not set(entry) - {"$ref"} - _ANNOTATION_KEYWORDS:
        if visit.in_nested_resource:
            raise UserError(_MSG_NESTED_RESOURCE_REF)
        visit.state.spend()
        strict_entry = _follow_ref_chain(entry, visit.state)
    else:
        strict_entry = visit.sub(entry, "allOf", "0")
    del node["allOf"]
    if not closed_by_author:
        # Closed again below once the merged object is known.
        node.pop("additionalProperties", None)
    merged = _merge_single_all_of(strict_entry, node)
    node.clear()
    node.update(merged)
    return visit.sub(node)


def _inline_ref(visit: _Visit) -> dict[str, Any] | None:
    """`$ref` cannot carry sibling keywords in strict mode: inline the target and re-process."""
    node = visit.node
    ref = node.get("$ref")
    if not ref or len(node) <= 1:
        return None
    if not isinstance(ref, str):
        raise TypeError(f"Received non-string $ref - {ref}")
    target = resolve_ref(root=visit.state.root, ref=ref)
    if not _is_dict(target):
        raise ValueError(f"Expected `$ref: {ref}` to resolve to a dictionary but got {target}")
    # Drop our own `$ref` first so a target that is itself a `$ref` survives for the re-run.
    del node["$ref"]
    # Keys already on the node win over the target's.
    node.update({**target, **node})
    return visit.sub(node)


def _strictify(
    node: object,
    state: _State,
    *,
    path: tuple[str, ...],
    depth: int,
    in_nested_resource: bool,
) -> dict[str, Any]:
    if depth > _DEPTH_LIMIT:
        raise UserError(_MSG_TOO_DEEP)
    if not _is_dict(node):
        raise TypeError(f"Expected {node} to be a dictionary; path={path}")
    state.spend()
    closed_by_author = node.get("additionalProperties") is False
    in_nested_resource = in_nested_resource or (node is not state.root and _declares_resource(node))
    visit = _Visit(node, state, path, depth, in_nested_resource)
    _check_ref_siblings(visit)
    _strictify_children(visit)
    merged = _merge_all_of(visit, closed_by_author)
    if merged is not None:
        return merged
    # A null default adds nothing: the schema stays nullable and the model sends null anyway.
    if "default" in node and node["default"] is None:
        del node["default"]
    inlined = _inline_ref(visit)
    if inlined is not None:
        return inlined
    if state.reject_open_objects and "$ref" in node:
        raise UserError(_MSG_UNVALIDATED_REF)
    return node


def resolve_ref(*, root: dict[str, Any], ref: str) -> object:
    """Resolve a local JSON pointer such as `#/$defs/Foo` against `root`."""
    if not ref.startswith("#/"):
        raise ValueError(f"Unexpected $ref format {ref!r}; Does not start with #/")
    current: object = root
    for raw in unquote(ref[2:], errors="strict").split("/"):
        key = raw.replace("~1", "/").replace("~0", "~")
        if not _is_dict(current):
            raise ValueError(f"encountered non-dictionary entry while resolving {ref}")
        current = current[key]
        if not _is_dict(current):
            raise ValueError(f"encountered non-dictionary entry while resolving {ref} - {current}")
        if _declares_resource(current):
            raise UserError(_MSG_NESTED_RESOURCE_REF)
    return current


def _follow_ref_chain(schema: dict[str, Any], state: _State) -> dict[str, Any]:
    """Follow `$ref`s that only carry annotations; the nearest annotation wins."""
    current = schema
    seen: set[str] = set()
    annotations: dict[str, Any] = {}
    while "$ref" in current and not set(current) - {"$ref"} - _ANNOTATION_KEYWORDS:
        ref = current["$ref"]
        if not isinstance(ref, str):
            raise TypeError(f"Received non-string $ref - {ref}")
        if ref in seen:
            raise UserError("JSON schema contains a circular `$ref` chain.")
        seen.add(ref)
        annotations = {**{k: v for k, v in current.items() if k != "$ref"}, **annotations}
        state.spend()
        target = resolve_ref(root=state.root, ref=ref)
        if not _is_dict(target):
            raise ValueError(f"Expected `$ref: {ref}` to resolve to a dictionary but got {target}")
        current = target
    return {**current, **annotations}


def _merge_single_all_of(entry: dict[str, Any], parent: dict[str, Any]) -> dict[str, Any]:
    merged = dict(entry)
    conflicts: list[str] = []
    # A closed parent without properties would reject the entry's properties: additionalProperties
    # only sees the properties declared beside it, not those inside allOf.
    if (
        parent.get("additionalProperties") is False
        and parent.get("properties", {}) == {}
        and _is_dict(entry.get("properties"))
        and entry["properties"] != {}
    ):
        conflicts.append("properties")
    for key, value in parent.items():
        if key not in merged or key in _ANNOTATION_KEYWORDS:
            merged[key] = value
        elif _same_json(value, merged[key]) or (key, value) in (
            ("properties", {}),
            ("required", []),
        ):
            continue
        else:
            conflicts.append(key)
    if conflicts:
        raise UserError(
            "JSON schema contains a singleton `allOf` entry with incompatible parent "
            f"keyword(s) ({', '.join(sorted(conflicts))}) that cannot be merged "
            "without changing its accepted values."
        )
    return merged


def _same_json(a: Any, b: Any) -> bool:
    """JSON equality: unlike `==`, `True` and `1` differ."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return bool(a == b)
    if isinstance(a, list) or isinstance(b, list):
        return (
            isinstance(a, list)
            and isinstance(b, list)
            and len(a) == len(b)
            and all(_same_json(x, y) for x, y in zip(a, b, strict=True))
        )
    if isinstance(a, dict) or isinstance(b, dict):
        return (
            isinstance(a, dict)
            and isinstance(b, dict)
            and a.keys() == b.keys()
            and all(_same_json(a[k], b[k]) for k in a)
        )
    return type(a) is type(b) and bool(a == b)


def _copy_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """Deep-copy a schema after checking its depth, so `deepcopy` cannot blow the stack."""
    _check_depth(schema)
    return copy.deepcopy(schema)
