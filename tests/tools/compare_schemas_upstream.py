"""Hand-run: record openai-agents' schema results for schema_corpus.py.

    /opt/ref/bin/python tests/tools/compare_schemas_upstream.py > tests/tools/data/upstream_schemas.json

Run it again (and review the diff) whenever the corpus changes. With `--random N --seed S` it
instead converts N random schemas with both implementations and prints the differences.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import random
import sys
from typing import Any

sys.path.insert(0, os.path.dirname(__file__))

from agents.agent_output import AgentOutputSchema
from agents.exceptions import UserError
from agents.function_schema import function_schema
from agents.run_context import RunContextWrapper
from agents.strict_schema import ensure_strict_json_schema
from agents.tool_context import ToolContext
from schema_corpus import (
    FUNCTION_CASES,
    OUTPUT_CASES,
    STRICT_CASES,
    STRICT_ERROR_CASES,
    load_function,
    load_type,
)


def main() -> None:
    out: dict[str, object] = {"functions": {}, "strict": {}, "strict_errors": {}, "outputs": {}}
    for case_id, expression, strict in OUTPUT_CASES:
        try:
            schema = AgentOutputSchema(load_type(expression), strict_json_schema=strict)
        except UserError as e:
            out["outputs"][case_id] = {"error": str(e)}  # type: ignore[index]
        else:
            out["outputs"][case_id] = {  # type: ignore[index]
                "name": schema.name(),
                "schema": schema.json_schema(),
                "wrapped": schema._is_wrapped,
            }
    for case_id, source, kwargs in FUNCTION_CASES:
        ns = {"RunContextWrapper": RunContextWrapper, "ToolContext": ToolContext}
        fs = function_schema(load_function(source, ns), **kwargs)
        out["functions"][case_id] = {  # type: ignore[index]
            "name": fs.name,
            "description": fs.description,
            "takes_context": fs.takes_context,
            "schema": fs.params_json_schema,
        }
    for case_id, schema in STRICT_CASES:
        out["strict"][case_id] = ensure_strict_json_schema(copy.deepcopy(schema))  # type: ignore[index]
    for case_id, schema in STRICT_ERROR_CASES:
        try:
            ensure_strict_json_schema(copy.deepcopy(schema))
        except UserError as e:
            out["strict_errors"][case_id] = str(e)  # type: ignore[index]
        else:
            out["strict_errors"][case_id] = None  # type: ignore[index]
    print(json.dumps(out, indent=1, sort_keys=False))


def _random_schema(rng: random.Random, depth: int = 0) -> dict[str, Any]:
    """A random, often invalid, JSON-schema-like dict using the keywords strict mode touches."""
    kinds = ["string", "integer", "object", "array", "ref", "anyOf", "oneOf", "allOf", "untyped"]
    kind = rng.choice(kinds if depth < 4 else kinds[:2])
    node: dict[str, Any]
    if kind == "object":
        node = {"type": rng.choice(["object", ["object"], ["object", "null"]])}
        if rng.random() < 0.8:
            node["properties"] = {
                f"p{i}": _random_schema(rng, depth + 1) for i in range(rng.randint(0, 3))
            }
        if rng.random() < 0.2:
            node["additionalProperties"] = rng.choice([True, False, {}, {"type": "string"}])
    elif kind == "array":
        node = {"type": "array", "items": _random_schema(rng, depth + 1)}
    elif kind == "ref":
        node = {"$ref": rng.choice(["#/$defs/A", "#/$defs/B", "#/definitions/C"])}
        if rng.random() < 0.5:
            node[rng.choice(["description", "title", "default", "minimum", "examples"])] = "x"
    elif kind in ("anyOf", "oneOf", "allOf"):
        node = {kind: [_random_schema(rng, depth + 1) for _ in range(rng.randint(1, 3))]}
    elif kind == "untyped":
        node = {"properties": {"q": {"type": "string"}}} if rng.random() < 0.5 else {}
    else:
        node = {"type": kind}
    if rng.random() < 0.2:
        node["default"] = rng.choice([None, 1, "d"])
    if rng.random() < 0.2:
        node["description"] = "desc"
    return node


def compare_random(count: int, seed: int) -> int:
    """Compare strict conversion (result or UserError text) with agentkit's on random schemas."""
    repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    sys.path.insert(0, repo)
    from agentkit.exceptions import UserError as OurUserError
    from agentkit.strict_schema import ensure_strict_json_schema as ours

    rng = random.Random(seed)
    mismatches = converted = 0
    for _ in range(count):
        schema = {"type": "object", "properties": {"root": _random_schema(rng)}}
        defs = {"A": _random_schema(rng), "B": {"$ref": "#/$defs/A", "description": "b"}}
        schema["$defs"] = defs
        if rng.random() < 0.5:
            schema["definitions"] = {"C": _random_schema(rng)}
        results = []
        for fn, error_type in ((ensure_strict_json_schema, UserError), (ours, OurUserError)):
            try:
                results.append(json.dumps(fn(copy.deepcopy(schema))))
            except error_type as e:
                results.append(f"UserError: {e}")
            except Exception as e:
                results.append(type(e).__name__)
        converted += results[0].startswith("{")
        if results[0] != results[1]:
            mismatches += 1
            print(
                f"schema={json.dumps(schema)}\n  upstream: {results[0]}\n  agentkit: {results[1]}"
            )
    print(f"{mismatches} mismatches in {count} schemas ({converted} convertible upstream)")
    return mismatches


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--random", type=int, default=0)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    if args.random:
        sys.exit(1 if compare_random(args.random, args.seed) else 0)
    main()
