"""Deterministic JSON values that satisfy a JSON schema, for `TestModel`'s tool arguments.

Covers the schemas `function_schema` and pydantic produce: objects with required and optional
properties, `$ref`/`$defs` (recursion included), `anyOf`/`oneOf`/`allOf`, `const`, `enum`, arrays
and tuples, numeric bounds and `multipleOf`, string lengths, common formats and simple patterns.
"""

from __future__ import annotations

import copy
import json
import math
import re
import sys
from collections.abc import Callable, Mapping
from typing import Any

if sys.version_info >= (3, 11):
    from re import _parser as _sre_parse
else:  # pragma: no cover - exercised on Python 3.10 only
    import sre_parse as _sre_parse

# Past this depth only required properties, minimal arrays and non-recursive branches are used,
# so recursive schemas (trees, linked lists) end.
_SHALLOW_DEPTH = 6
_MAX_DEPTH = 40

_FORMAT_VALUES: dict[str, Callable[[int], str]] = {
    "date": lambda n: f"2024-01-{n % 28 + 1:02d}",
    "date-time": lambda n: f"2024-01-{n % 28 + 1:02d}T12:00:00Z",
    "time": lambda n: f"12:{n % 60:02d}:00Z",
    "duration": lambda n: f"P{n % 28 + 1}D",
    "email": lambda n: f"user{n}@example.com",
    "idn-email": lambda n: f"user{n}@example.com",
    "hostname": lambda n: f"host{n}.example.com",
    "idn-hostname": lambda n: f"host{n}.example.com",
    "ipv4": lambda n: f"192.0.2.{n % 254 + 1}",
    "ipv6": lambda n: f"2001:db8::{n % 65535 + 1:x}",
    "uri": lambda n: f"https://example.com/{n}",
    "url": lambda n: f"https://example.com/{n}",
    "uri-reference": lambda n: f"https://example.com/{n}",
    "iri": lambda n: f"https://example.com/{n}",
    "iri-reference": lambda n: f"https://example.com/{n}",
    "uuid": lambda n: f"00000000-0000-4000-8000-{n % 10**12:012d}",
    "json-pointer": lambda n: f"/a/{n}",
    "regex": lambda n: f"^a{n}$",
}

_CATEGORY_CHARS = {
    "CATEGORY_DIGIT": "0",
    "CATEGORY_NOT_DIGIT": "a",
    "CATEGORY_SPACE": " ",
    "CATEGORY_NOT_SPACE": "a",
    "CATEGORY_WORD": "a",
    "CATEGORY_NOT_WORD": "-",
    "CATEGORY_LINEBREAK": "\n",
    "CATEGORY_NOT_LINEBREAK": "a",
}
_SPARE_CHARS = "abcxyzABC019_- .@"


class SchemaValueError(ValueError):
    """No value could be generated for a schema (unsupported or unsatisfiable)."""


def generate_schema_value(schema: Mapping[str, Any] | bool, *, seed: int = 0) -> Any:
    """Return a JSON value valid against `schema`; the same schema and seed give the same value."""
    return _Generator(schema, seed).value(schema, "#", 0)


class _Generator:
    def __init__(self, root: Mapping[str, Any] | bool, seed: int) -> None:
        self._root = root
        self._counter = seed

    def _next(self) -> int:
        n = self._counter
        self._counter += 1
        return n

    def value(self, schema: Any, path: str, depth: int) -> Any:
        if depth > _MAX_DEPTH:
            raise SchemaValueError(f"{path}: the schema recurses without a finite value.")
        if schema is True:
            return self._word(self._next())
        if schema is False:
            raise SchemaValueError(f"{path}: the schema `false` accepts no value.")
        if not isinstance(schema, Mapping):
            raise SchemaValueError(f"{path}: a schema must be an object or a boolean.")
        if "$ref" in schema or "allOf" in schema:
            return self._combined(schema, path, depth)
        if "not" in schema:
            raise SchemaValueError(f"{path}: the keyword `not` is not supported.")
        if "const" in schema:
            return copy.deepcopy(schema["const"])
        if "enum" in schema:
            options = list(schema["enum"])
            if not options:
                raise SchemaValueError(f"{path}: `enum` is empty.")
            return copy.deepcopy(options[self._next() % len(options)])
        for keyword in ("anyOf", "oneOf"):
            if keyword in schema:
                return self._union(schema, keyword, path, depth)
        kind = schema.get("type")
        if isinstance(kind, list):
            return self._type_union(schema, kind, path, depth)
        if kind is None:
            kind = _infer_type(schema)
        return self._typed(schema, kind, path, depth)

    def _combined(self, schema: Mapping[str, Any], path: str, depth: int) -> Any:
        """The value of a schema built from others (`$ref`, `allOf`): merged, then generated."""
        if "$ref" in schema:
            target = self._resolve(schema["$ref"], path)
            rest = {k: v for k, v in schema.items() if k != "$ref"}
            merged = _merge(target, rest) if _has_constraints(rest) else target
            return self.value(merged, f"{path}/$ref", depth + 1)
        merged = {k: v for k, v in schema.items() if k != "allOf"}
        for index, part in enumerate(schema["allOf"]):
            merged = _merge(merged, self._deref(part, f"{path}/allOf/{index}"))
        return self.value(merged, path, depth + 1)

    def _typed(self, schema: Mapping[str, Any], kind: str | None, path: str, depth: int) -> Any:
        if kind == "object":
            return self._object(schema, path, depth)
        if kind == "array":
            return self._array(schema, path, depth)
        if kind == "string":
            return self._string(schema, path)
        if kind == "integer":
            return self._integer(schema, path)
        if kind == "number":
            return self._number(schema, path)
        if kind == "boolean":
            return self._next() % 2 == 0
        if kind == "null":
            return None
        if kind is None:
            return self._word(self._next())
        raise SchemaValueError(f"{path}: unknown type {kind!r}.")

    # References

    def _resolve(self, ref: Any, path: str) -> Any:
        if not isinstance(ref, str) or not ref.startswith("#"):
            raise SchemaValueError(f"{path}: only local references (#/...) are supported: {ref!r}.")
        node: Any = self._root
        for raw in ref[1:].split("/")[1:] if ref != "#" else []:
            key = raw.replace("~1", "/").replace("~0", "~")
            if isinstance(node, Mapping) and key in node:
                node = node[key]
            elif isinstance(node, list) and key.isdigit() and int(key) < len(node):
                node = node[int(key)]
            else:
                raise SchemaValueError(f"{path}: the reference {ref!r} points nowhere.")
        return node

    def _deref(self, schema: Any, path: str) -> Any:
        seen = 0
        while isinstance(schema, Mapping) and set(schema) == {"$ref"}:
            schema = self._resolve(schema["$ref"], path)
            seen += 1
            if seen > _MAX_DEPTH:
                raise SchemaValueError(f"{path}: the reference chain does not end.")
        return schema

    # Combinators

    def _union(self, schema: Mapping[str, Any], keyword: str, path: str, depth: int) -> Any:
        branches = list(schema[keyword])
        if not branches:
            raise SchemaValueError(f"{path}: `{keyword}` is empty.")
        rest = {k: v for k, v in schema.items() if k != keyword}
        order = self._branch_order(branches, path, depth)
        failures: list[str] = []
        for index in order:
            branch = branches[index]
            candidate = (
                _merge(self._deref(branch, path), rest) if _has_constraints(rest) else branch
            )
            try:
                return self.value(candidate, f"{path}/{keyword}/{index}", depth + 1)
            except SchemaValueError as error:
                failures.append(str(error))
        raise SchemaValueError("; ".join(failures))

    def _type_union(
        self, schema: Mapping[str, Any], kinds: list[Any], path: str, depth: int
    ) -> Any:
        if not kinds:
            raise SchemaValueError(f"{path}: `type` is an empty list.")
        options = [{**schema, "type": kind} for kind in kinds]
        return self._union({"anyOf": options}, "anyOf", path, depth)

    def _branch_order(self, branches: list[Any], path: str, depth: int) -> list[int]:
        """Rotate by the counter for variety; when deep, try branches that cannot recurse first."""
        start = self._next() % len(branches)
        order = [(start + i) % len(branches) for i in range(len(branches))]
        if depth >= _SHALLOW_DEPTH:
            order.sort(key=lambda i: _recursion_risk(self._deref(branches[i], path)))
        else:
            # A bare null branch is the least interesting choice while there is room to explore.
            order.sort(key=lambda i: _is_null(self._deref(branches[i], path)))
        return order

    # Containers

    def _object(self, schema: Mapping[str, Any], path: str, depth: int) -> dict[str, Any]:
        properties: Mapping[str, Any] = schema.get("properties") or {}
        required = list(schema.get("required") or [])
        shallow = depth >= _SHALLOW_DEPTH
        result: dict[str, Any] = {}
        names = [name for name in properties if name in required or not shallow]
        names += [name for name in required if name not in properties]
        for name in names:
            sub = properties.get(name, schema.get("additionalProperties", True))
            if sub is False:
                raise SchemaValueError(f"{path}: required property {name!r} is not allowed.")
            result[name] = self.value(sub, f"{path}/properties/{name}", depth + 1)
        extra = schema.get("additionalProperties", True)
        wanted = int(schema.get("minProperties", 0))
        if not properties and not shallow and isinstance(extra, Mapping):
            wanted = max(wanted, 1)
        wanted = min(wanted, int(schema.get("maxProperties", wanted)))
        key_schema = schema.get("propertyNames", {"type": "string"})
        attempts = 0
        while len(result) < wanted:
            attempts += 1
            if extra is False or attempts > wanted + 20:
                raise SchemaValueError(f"{path}: cannot reach minProperties={wanted}.")
            key = self.value(key_schema, f"{path}/propertyNames", depth + 1)
            if not isinstance(key, str):
                raise SchemaValueError(f"{path}: `propertyNames` must describe strings.")
            if key not in result:
                result[key] = self.value(extra, f"{path}/additionalProperties", depth + 1)
        return result

    def _array(self, schema: Mapping[str, Any], path: str, depth: int) -> list[Any]:
        prefix = list(schema.get("prefixItems") or [])
        items = schema.get("items", True)
        low = int(schema.get("minItems", 0))
        high = schema.get("maxItems")
        count = max(low, len(prefix) if prefix else (0 if depth >= _SHALLOW_DEPTH else 1))
        if high is not None:
            count = min(count, int(high))
        if count < low:
            raise SchemaValueError(f"{path}: minItems={low} exceeds maxItems={high}.")
        unique = bool(schema.get("uniqueItems"))
        result: list[Any] = []
        seen: set[str] = set()
        attempts = 0
        while len(result) < count:
            index = len(result)
            if index < len(prefix):
                sub, sub_path = prefix[index], f"{path}/prefixItems/{index}"
            elif items is False:
                raise SchemaValueError(f"{path}: needs {count} items but `items` is false.")
            else:
                sub, sub_path = items, f"{path}/items"
            item = self.value(sub, sub_path, depth + 1)
            if unique:
                key = _canonical(item)
                if key in seen:
                    attempts += 1
                    if attempts > 20 + count:
                        raise SchemaValueError(f"{path}: cannot find {count} unique items.")
                    continue
                seen.add(key)
            result.append(item)
        return result

    # Scalars

    def _string(self, schema: Mapping[str, Any], path: str) -> str:
        n = self._next()
        low = int(schema.get("minLength", 0))
        high = schema.get("maxLength")
        pattern = schema.get("pattern")
        fmt = schema.get("format")
        if pattern is not None:
            return _string_for_pattern(str(pattern), low, high, path)
        if isinstance(fmt, str) and fmt in _FORMAT_VALUES:
            return _FORMAT_VALUES[fmt](n)
        text = self._word(n)
        if len(text) < low:
            text += "x" * (low - len(text))
        if high is not None:
            text = text[: int(high)]
        return text

    def _integer(self, schema: Mapping[str, Any], path: str) -> int:
        low, high = _bounds(schema)
        lo = None if low is None else (math.floor(low[0]) + 1 if low[1] else math.ceil(low[0]))
        hi = None if high is None else (math.ceil(high[0]) - 1 if high[1] else math.floor(high[0]))
        value = _clamp(self._next(), lo, hi)
        step = schema.get("multipleOf")
        if step is not None:
            step_value = float(step)
            if step_value <= 0:
                raise SchemaValueError(f"{path}: multipleOf must be positive.")
            k = (
                math.ceil(value / step_value)
                if lo is None or value >= lo
                else math.ceil(lo / step_value)
            )
            value = round(k * step_value)
            if value % step_value:
                raise SchemaValueError(f"{path}: no integer is a multiple of {step}.")
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            raise SchemaValueError(f"{path}: no integer satisfies the bounds.")
        return int(value)

    def _number(self, schema: Mapping[str, Any], path: str) -> float | int:
        low, high = _bounds(schema)
        step = schema.get("multipleOf")
        n = self._next()
        if step is not None:
            return _number_multiple(float(step), low, high, n, path)
        value = n + 0.5
        if low is not None and (value < low[0] or (low[1] and value <= low[0])):
            value = low[0] if not low[1] else _above(low[0], high)
        if high is not None and (value > high[0] or (high[1] and value >= high[0])):
            value = high[0] if not high[1] else _below(high[0], low)
        if not _within(value, low, high):
            raise SchemaValueError(f"{path}: no number satisfies the bounds.")
        return value

    @staticmethod
    def _word(n: int) -> str:
        letters = ""
        n += 1
        while n:
            n, rem = divmod(n - 1, 26)
            letters = chr(ord("a") + rem) + letters
        return letters


# Helpers


def _infer_type(schema: Mapping[str, Any]) -> str | None:
    if any(k in schema for k in ("properties", "required", "additionalProperties")):
        return "object"
    if any(k in schema for k in ("items", "prefixItems", "minItems", "maxItems")):
        return "array"
    if any(k in schema for k in ("minLength", "maxLength", "pattern", "format")):
        return "string"
    if any(k in schema for k in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")):
        return "number"
    return None


_ANNOTATIONS = frozenset(
    {"title", "description", "default", "examples", "$schema", "$id", "$defs", "definitions"}
)


def _has_constraints(schema: Mapping[str, Any]) -> bool:
    return any(key not in _ANNOTATIONS for key in schema)


def _merge(base: Any, extra: Mapping[str, Any]) -> dict[str, Any]:
    """Combine two schemas that must both hold (best effort, as allOf needs)."""
    if base is True:
        return dict(extra)
    if not isinstance(base, Mapping):
        raise SchemaValueError("allOf/$ref target must be an object schema.")
    merged = dict(base)
    for key, value in extra.items():
        if key == "properties" and isinstance(merged.get(key), Mapping):
            merged[key] = {**merged[key], **value}
        elif key == "required" and isinstance(merged.get(key), list):
            merged[key] = list(dict.fromkeys([*merged[key], *value]))
        elif key in ("minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties"):
            merged[key] = max(merged[key], value) if key in merged else value
        elif key in ("maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties"):
            merged[key] = min(merged[key], value) if key in merged else value
        elif key not in merged or key not in _ANNOTATIONS:
            merged[key] = value
    return merged


def _is_null(schema: Any) -> bool:
    return isinstance(schema, Mapping) and schema.get("type") == "null"


def _recursion_risk(schema: Any) -> int:
    """0 for null, 1 for other scalars, 2 for containers and references."""
    if not isinstance(schema, Mapping):
        return 1
    if schema.get("type") == "null":
        return 0
    if "$ref" in schema or schema.get("type") in ("object", "array") or "anyOf" in schema:
        return 2
    return 1


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True)


_Bound = tuple[float, bool]  # (limit, exclusive)


def _bounds(schema: Mapping[str, Any]) -> tuple[_Bound | None, _Bound | None]:
    low: _Bound | None = None
    high: _Bound | None = None
    minimum, maximum = schema.get("minimum"), schema.get("maximum")
    ex_min, ex_max = schema.get("exclusiveMinimum"), schema.get("exclusiveMaximum")
    # Draft 4 spells exclusivity as a boolean beside minimum/maximum.
    if isinstance(ex_min, bool):
        ex_min, minimum = (minimum if ex_min else None), (None if ex_min else minimum)
    if isinstance(ex_max, bool):
        ex_max, maximum = (maximum if ex_max else None), (None if ex_max else maximum)
    if minimum is not None:
        low = (float(minimum), False)
    if ex_min is not None and (low is None or float(ex_min) >= low[0]):
        low = (float(ex_min), True)
    if maximum is not None:
        high = (float(maximum), False)
    if ex_max is not None and (high is None or float(ex_max) <= high[0]):
        high = (float(ex_max), True)
    return low, high


def _clamp(value: int, lo: int | None, hi: int | None) -> int:
    if lo is not None and value < lo:
        value = lo
    if hi is not None and value > hi:
        value = hi
    return value


def _within(value: float, low: _Bound | None, high: _Bound | None) -> bool:
    if low is not None and (value < low[0] or (low[1] and value <= low[0])):
        return False
    return not (high is not None and (value > high[0] or (high[1] and value >= high[0])))


def _above(limit: float, high: _Bound | None) -> float:
    if high is None:
        return limit + 1
    return (limit + high[0]) / 2


def _below(limit: float, low: _Bound | None) -> float:
    if low is None:
        return limit - 1
    return (limit + low[0]) / 2


def _number_multiple(
    step: float, low: _Bound | None, high: _Bound | None, n: int, path: str
) -> float | int:
    if step <= 0:
        raise SchemaValueError(f"{path}: multipleOf must be positive.")
    start = 0 if low is None else math.ceil(low[0] / step)
    k = start + (n % 3 if high is None else 0)
    for candidate_k in range(k - 1, k + 50):
        value: float | int = candidate_k * step
        if step == int(step):
            value = int(value)
        # Validators check multiples by division; keep only values that divide back exactly.
        if _within(value, low, high) and (value / step) == int(value / step):
            return value
    raise SchemaValueError(f"{path}: no multiple of {step} satisfies the bounds.")


# Patterns


def _string_for_pattern(pattern: str, low: int, high: Any, path: str) -> str:
    try:
        compiled = re.compile(pattern)
        parsed = _sre_parse.parse(pattern)
    except re.error as error:
        raise SchemaValueError(f"{path}: invalid pattern {pattern!r}: {error}.") from error

    def fits(text: str) -> bool:
        if len(text) < low or (high is not None and len(text) > int(high)):
            return False
        return compiled.search(text) is not None

    candidates = [_from_regex(parsed, grow, {}) for grow in range(max(low, 2) + 2)]
    candidates += ["", "0", "a", "a" * max(low, 1)]
    for text in candidates:
        if fits(text):
            return text
    # The pattern need only match somewhere: pad around a matching core to reach minLength.
    for text in candidates[:3]:
        padded = text + "x" * max(0, low - len(text))
        if fits(padded):
            return padded
    raise SchemaValueError(f"{path}: could not build a string matching {pattern!r}.")


def _from_regex(nodes: Any, grow: int, groups: dict[int, str]) -> str:
    out: list[str] = []
    for op, arg in nodes:
        name = str(op)
        if name == "LITERAL":
            out.append(chr(arg))
        elif name == "NOT_LITERAL":
            out.append(next(c for c in _SPARE_CHARS if ord(c) != arg))
        elif name == "ANY":
            out.append("a")
        elif name == "IN":
            out.append(_char_in_set(arg))
        elif name == "CATEGORY":
            out.append(_CATEGORY_CHARS.get(str(arg), "a"))
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            lo, hi, sub = arg
            times = lo if hi == lo else min(lo + grow, hi)
            out.append("".join(_from_regex(sub, grow, groups) for _ in range(times)))
        elif name == "SUBPATTERN":
            group, sub = arg[0], arg[-1]
            text = _from_regex(sub, grow, groups)
            if group is not None:
                groups[group] = text
            out.append(text)
        elif name == "ATOMIC_GROUP":
            out.append(_from_regex(arg, grow, groups))
        elif name == "BRANCH":
            out.append(_from_regex(arg[1][0], grow, groups))
        elif name == "GROUPREF":
            out.append(groups.get(arg, ""))
        elif name == "GROUPREF_EXISTS":
            out.append(_from_regex(arg[1], grow, groups))
        # AT (anchors) and lookarounds produce no text; the final check catches what they reject.
    return "".join(out)


def _char_in_set(items: list[tuple[Any, Any]]) -> str:
    negate = bool(items) and str(items[0][0]) == "NEGATE"
    members = items[1:] if negate else items
    if not negate:
        op, arg = members[0]
        name = str(op)
        if name == "LITERAL":
            return chr(arg)
        if name == "RANGE":
            return chr(arg[0])
        if name == "CATEGORY":
            return _CATEGORY_CHARS.get(str(arg), "a")
        return "a"
    for char in _SPARE_CHARS:
        if not any(_set_member_matches(op, arg, char) for op, arg in members):
            return char
    return "\u00e9"


def _set_member_matches(op: Any, arg: Any, char: str) -> bool:
    name = str(op)
    if name == "LITERAL":
        return bool(ord(char) == arg)
    if name == "RANGE":
        return bool(arg[0] <= ord(char) <= arg[1])
    if name == "CATEGORY":
        probe = {
            "CATEGORY_DIGIT": r"\d",
            "CATEGORY_NOT_DIGIT": r"\D",
            "CATEGORY_SPACE": r"\s",
            "CATEGORY_NOT_SPACE": r"\S",
            "CATEGORY_WORD": r"\w",
            "CATEGORY_NOT_WORD": r"\W",
        }.get(str(arg))
        return probe is not None and re.fullmatch(probe, char) is not None
    return False
