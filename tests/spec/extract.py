"""Extract the schemas the test server validates against from the OpenAI OpenAPI document.

Writes ``openai_subset.json`` next to this script: a self-contained JSON Schema (Draft 2020-12)
whose ``$defs`` hold the closure of the schemas listed in ``ROOTS``, with these rewrites so that
plain JSON Schema validation matches what the API accepts:

* ``$ref: #/components/schemas/X`` becomes ``#/$defs/X``;
* the OpenAPI 3.0 ``nullable: true`` becomes a ``"null"`` type (or ``anyOf [..., null]``);
* a ``oneOf`` with a ``discriminator`` becomes ``anyOf`` (variants may overlap structurally:
  the discriminator, not exclusivity, picks one);
* documentation-only keys (``description``, ``example(s)``, ``title``, ``x-*``) are dropped.

Run: ``python tests/spec/extract.py /path/to/openai-openapi.yaml`` (needs PyYAML).
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any

ROOTS = [
    # Request bodies.
    "CreateResponse",
    "CreateChatCompletionRequest",
    "CreateConversationBody",
    "UpdateConversationBody",
    "CompactResponseMethodPublicBody",
    "CreateTranscriptionRequest",
    "CreateSpeechRequest",
    # Answers, so canned answers can be checked too.
    "Response",
    "ResponseStreamEvent",
    "CreateChatCompletionResponse",
    "CreateChatCompletionStreamResponse",
    "ErrorResponse",
    "ConversationResource",
    "ConversationItemList",
    "DeletedConversationResource",
    "CompactResource",
]

# Keys whose value is a map of name -> schema.
_SCHEMA_MAPS = {"properties", "patternProperties", "$defs", "dependentSchemas"}
# Keys whose value is one schema.
_SCHEMA_VALUES = {
    "items",
    "additionalProperties",
    "not",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
    "unevaluatedProperties",
    "unevaluatedItems",
}
# Keys whose value is a list of schemas.
_SCHEMA_LISTS = {"allOf", "anyOf", "oneOf", "prefixItems"}
_DROP = {"description", "example", "examples", "title", "discriminator"}
_PREFIX = "#/components/schemas/"


def _refs(node: Any, out: set[str]) -> None:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(_PREFIX):
            out.add(ref[len(_PREFIX) :])
        for value in node.values():
            _refs(value, out)
    elif isinstance(node, list):
        for value in node:
            _refs(value, out)


def closure(schemas: dict[str, Any], roots: list[str]) -> list[str]:
    """Every schema name reachable from ``roots`` through ``$ref``."""
    seen: set[str] = set()
    todo = list(roots)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        found: set[str] = set()
        _refs(schemas[name], found)
        todo.extend(found - seen)
    return sorted(seen)


def convert(schema: Any) -> Any:
    """Rewrite one OpenAPI schema object into plain JSON Schema (see the module docstring)."""
    if isinstance(schema, bool):
        return schema
    if not isinstance(schema, dict):
        raise TypeError(f"not a schema: {schema!r}")
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key in _DROP or key.startswith("x-") or key == "nullable":
            continue
        if key == "$ref":
            out[key] = "#/$defs/" + value[len(_PREFIX) :] if value.startswith(_PREFIX) else value
        elif key in _SCHEMA_MAPS:
            out[key] = {name: convert(sub) for name, sub in value.items()}
        elif key in _SCHEMA_VALUES:
            out[key] = convert(value)
        elif key in _SCHEMA_LISTS:
            target = "anyOf" if key == "oneOf" and "discriminator" in schema else key
            out[target] = [convert(sub) for sub in value]
        else:
            out[key] = value
    if schema.get("nullable") is True:
        out = _make_nullable(out)
    return out


def _make_nullable(schema: dict[str, Any]) -> dict[str, Any]:
    kind = schema.get("type")
    if isinstance(kind, str) and not ({"$ref", "allOf", "anyOf", "oneOf"} & schema.keys()):
        schema = {**schema, "type": [kind, "null"]}
        if "enum" in schema and None not in schema["enum"]:
            schema["enum"] = [*schema["enum"], None]
        return schema
    if isinstance(kind, list):
        if "null" not in kind:
            schema = {**schema, "type": [*kind, "null"]}
        return schema
    return {"anyOf": [schema, {"type": "null"}]}


def extract(spec_path: Path) -> dict[str, Any]:
    import yaml  # type: ignore[import-untyped]  # only this script needs PyYAML, not the tests

    raw = spec_path.read_bytes()
    document = yaml.load(raw, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    schemas = document["components"]["schemas"]
    items_body = document["paths"]["/conversations/{conversation_id}/items"]["post"]
    items_schema = items_body["requestBody"]["content"]["application/json"]["schema"]
    defs = {name: convert(schemas[name]) for name in closure(schemas, ROOTS)}
    found: set[str] = set()
    _refs(items_schema, found)
    for name in closure(schemas, sorted(found)):
        defs.setdefault(name, convert(schemas[name]))
    defs["CreateConversationItemsBody"] = {"type": "object", **convert(items_schema)}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$comment": (
            "Generated by tests/spec/extract.py from openai/openai-openapi openapi.yaml "
            f"(info.version {document['info']['version']}, sha256 "
            f"{hashlib.sha256(raw).hexdigest()}). MIT licence: see LICENSE-openai-openapi.txt."
        ),
        "$defs": dict(sorted(defs.items())),
    }


def main(argv: list[str]) -> int:
    spec = Path(argv[1] if len(argv) > 1 else "/work/shared/spec/openai-openapi.yaml")
    target = Path(__file__).with_name("openai_subset.json")
    subset = extract(spec)
    target.write_text(json.dumps(subset, indent=1, sort_keys=False, ensure_ascii=False) + "\n")
    print(f"wrote {target} ({len(subset['$defs'])} schemas, {target.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
