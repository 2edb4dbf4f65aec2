"""Check request bodies against the official OpenAPI schemas (see tests/spec/)."""

from __future__ import annotations

import fnmatch
import functools
import json
from pathlib import Path
from typing import Any

from ._http import RecordedRequest

SUBSET_PATH = Path(__file__).resolve().parent.parent / "spec" / "openai_subset.json"

# (method, path glob) -> schema name in the subset's $defs.
REQUEST_SCHEMAS: list[tuple[str, str, str]] = [
    ("POST", "/v1/responses", "CreateResponse"),
    ("POST", "/v1/responses/compact", "CompactResponseMethodPublicBody"),
    ("POST", "/v1/chat/completions", "CreateChatCompletionRequest"),
    ("POST", "/v1/conversations", "CreateConversationBody"),
    ("POST", "/v1/conversations/*/items", "CreateConversationItemsBody"),
    ("POST", "/v1/conversations/*", "UpdateConversationBody"),
    ("POST", "/v1/audio/transcriptions", "CreateTranscriptionRequest"),
    ("POST", "/v1/audio/speech", "CreateSpeechRequest"),
]


@functools.lru_cache(maxsize=1)
def _document() -> dict[str, Any]:
    with SUBSET_PATH.open(encoding="utf-8") as fh:
        return json.load(fh)  # type: ignore[no-any-return]


@functools.cache
def validator(name: str) -> Any:
    """A cached Draft 2020-12 validator for one schema of the subset."""
    from jsonschema import Draft202012Validator  # type: ignore[import-untyped]
    from referencing import Registry, Resource

    document = _document()
    if name not in document["$defs"]:
        raise KeyError(f"{name} is not in {SUBSET_PATH.name}; add it to tests/spec/extract.py")
    uri = "urn:openai-subset"
    registry: Registry[Any] = Registry().with_resource(uri, Resource.from_contents(document))
    return Draft202012Validator({"$ref": f"{uri}#/$defs/{name}"}, registry=registry)


def schema_errors(name: str, instance: Any) -> list[str]:
    """Every violation of schema ``name`` by ``instance``, as readable one-liners."""
    errors = []
    for error in validator(name).iter_errors(instance):
        best, _ = _explain(error, len(error.absolute_path))
        where = "/".join(str(p) for p in best.absolute_path) or "<root>"
        errors.append(f"at {where}: {best.message}")
    return errors


def _explain(error: Any, base: int) -> tuple[Any, bool]:
    """The most useful error under a union failure, and whether it is a "wrong kind" error.

    A union branch whose value has the wrong JSON type, or whose ``type`` property has the wrong
    constant, is a different kind of thing, not a near miss: report the deepest error of the
    branches of the right kind (what a discriminator would have picked) instead.
    """
    if not error.context:
        rel = list(error.absolute_path)[base:]
        wrong = (not rel and error.validator in ("type", "const", "enum")) or (
            rel == ["type"] and error.validator in ("const", "enum")
        )
        return error, wrong
    own = len(error.absolute_path)
    branches: dict[Any, list[Any]] = {}
    for sub in error.context:
        branches.setdefault(sub.relative_schema_path[0], []).append(sub)
    viable: list[Any] = []
    for subs in branches.values():
        explained = [_explain(sub, own) for sub in subs]
        if not any(wrong for _, wrong in explained):
            viable.extend(e for e, _ in explained)
    if not viable:
        return _no_branch(error), own == base
    return max(viable, key=lambda e: len(e.absolute_path)), False


def schema_for(method: str, path: str) -> str | None:
    for m, pattern, name in REQUEST_SCHEMAS:
        if method == m and fnmatch.fnmatchcase(path, pattern) and _same_depth(path, pattern):
            return name
    return None


def _same_depth(path: str, pattern: str) -> bool:
    # fnmatch's * crosses "/", so ".../conversations/*" would also match ".../items".
    return path.count("/") == pattern.count("/")


def validate_request(request: RecordedRequest) -> str | None:
    """The reason the request's body breaks its endpoint's schema, or None if it conforms."""
    if request.path == "/v1/traces/ingest" and request.method == "POST":
        return _check_traces(request)
    name = schema_for(request.method, request.path)
    if name is None:
        return None
    if name == "CreateTranscriptionRequest":
        if not (request.headers.get("content-type") or "").startswith("multipart/form-data"):
            return "expected a multipart/form-data body"
        instance: Any = form_to_instance(request, name)
    else:
        if not request.body and name in ("CreateConversationBody",):
            return None
        if request.json is None:
            return "the body is not JSON"
        instance = request.json
    errors = schema_errors(name, instance) + _live_rules(name, instance)
    if errors:
        return f"{name}: " + "; ".join(errors[:5])
    return None


def _no_branch(error: Any) -> Any:
    """Rewrite "not valid under any of the given schemas" into what was expected."""
    from jsonschema.exceptions import ValidationError  # type: ignore[import-untyped]

    kinds: list[str] = []
    tags: list[Any] = []
    for leaf in _leaves(error):
        rel = list(leaf.absolute_path)[len(error.absolute_path) :]
        if not rel and leaf.validator == "type":
            kinds += (
                leaf.validator_value
                if isinstance(leaf.validator_value, list)
                else [leaf.validator_value]
            )
        elif rel == ["type"] and leaf.validator in ("const", "enum"):
            values = leaf.validator_value if leaf.validator == "enum" else [leaf.validator_value]
            tags += [v for v in values if v not in tags]
    instance = error.instance
    if tags and isinstance(instance, dict):
        path = [*error.absolute_path, "type"]
        message = f"{instance.get('type')!r} is not a known type; expected one of {tags}"
    elif kinds:
        path = list(error.absolute_path)
        message = f"{instance!r} is not of type {', '.join(dict.fromkeys(map(repr, kinds)))}"
    else:
        return error
    return ValidationError(message, path=path)


def _leaves(error: Any) -> list[Any]:
    if not error.context:
        return [error]
    return [leaf for sub in error.context for leaf in _leaves(sub)]


def _live_rules(name: str, instance: Any) -> list[str]:
    """What the live API rejects although the spec allows it."""
    if not isinstance(instance, dict):
        return []
    errors = []
    if name in ("CreateResponse", "CreateChatCompletionRequest"):
        unknown = sorted(set(instance) - _known_properties(name))
        errors += [f"at <root>: unknown parameter {key!r}" for key in unknown]
    if name == "CreateResponse":
        if "model" not in instance and "prompt" not in instance:
            errors.append(
                "at <root>: 'model' is required (the spec marks it optional; the API does not)"
            )
        if instance.get("previous_response_id") and instance.get("conversation"):
            errors.append("at <root>: 'previous_response_id' and 'conversation' cannot be combined")
    return errors


@functools.cache
def _known_properties(name: str) -> frozenset[str]:
    found: set[str] = set()

    def collect(schema: dict[str, Any]) -> None:
        found.update(schema.get("properties", {}))
        ref = schema.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            collect(_document()["$defs"][ref[len("#/$defs/") :]])
        for sub in schema.get("allOf", []):
            collect(sub)

    collect(_document()["$defs"][name])
    return frozenset(found)


def form_to_instance(request: RecordedRequest, name: str) -> dict[str, Any]:
    """Turn multipart fields into the JSON instance the schema describes.

    ``a[]`` fields become arrays, ``a[b]`` fields nested objects, and text values are converted
    to the number/boolean type the schema's property asks for.
    """
    properties = _document()["$defs"][name].get("properties", {})
    instance: dict[str, Any] = {}
    for field, values in request.form.items():
        if field.endswith("[]"):
            key = field[:-2]
            instance[key] = [_coerce(v, properties.get(key, {}).get("items", {})) for v in values]
        elif "[" in field and field.endswith("]"):
            key, _, sub = field[:-1].partition("[")
            target = instance.setdefault(key, {})
            if isinstance(target, dict):
                target[sub] = _coerce_scalar(values[-1])
        else:
            instance[field] = _coerce(values[-1], properties.get(field, {}))
    for field in request.files:
        instance[field] = "<binary>"
    return instance


def _types(schema: dict[str, Any]) -> set[str]:
    found: set[str] = set()
    kind = schema.get("type")
    if isinstance(kind, str):
        found.add(kind)
    elif isinstance(kind, list):
        found.update(kind)
    for key in ("anyOf", "oneOf", "allOf"):
        for sub in schema.get(key, []):
            found |= _types(sub)
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        found |= _types(_document()["$defs"][ref[len("#/$defs/") :]])
    return found


def _coerce(value: str, schema: dict[str, Any]) -> Any:
    types = _types(schema)
    if "string" in types or not types:
        return value
    if "boolean" in types and value in ("true", "false"):
        return value == "true"
    if types & {"number", "integer"}:
        try:
            number = float(value)
        except ValueError:
            return value
        return int(number) if "integer" in types and number.is_integer() else number
    return value


def _coerce_scalar(value: str) -> Any:
    if value in ("true", "false"):
        return value == "true"
    try:
        return json.loads(value) if value[:1].isdigit() or value[:1] == "-" else value
    except ValueError:
        return value


def _check_traces(request: RecordedRequest) -> str | None:
    body = request.json
    if not isinstance(body, dict) or not isinstance(body.get("data"), list):
        return 'traces ingest: the body must be {"data": [...]}'
    for index, item in enumerate(body["data"]):
        if not isinstance(item, dict):
            return f"traces ingest: data[{index}] is not an object"
        kind = item.get("object")
        if kind not in ("trace", "trace.span"):
            return f"traces ingest: data[{index}].object is {kind!r}, not 'trace' or 'trace.span'"
        if not isinstance(item.get("id"), str):
            return f"traces ingest: data[{index}].id must be a string"
        if kind == "trace.span" and not isinstance(item.get("span_data"), dict):
            return f"traces ingest: data[{index}].span_data must be an object"
    return None
