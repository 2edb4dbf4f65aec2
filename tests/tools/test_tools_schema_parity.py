"""agentkit's schema and docstring handling against results recorded from openai-agents 0.24.

The expectations in data/*.json come from the hand-run compare_*_upstream.py scripts. Schemas are
compared as serialized JSON, key order included, since they go to the model byte for byte.
"""

from __future__ import annotations

import copy
import inspect
import json
import pathlib
import sys
from typing import Any

import pytest

from agentkit._docstrings import parse_docstring
from agentkit.agent_output import AgentOutputSchema
from agentkit.exceptions import UserError
from agentkit.function_schema import function_schema, generate_func_documentation
from agentkit.run_context import RunContextWrapper
from agentkit.strict_schema import ensure_strict_json_schema
from agentkit.tool_context import ToolContext

sys.path.insert(0, str(pathlib.Path(__file__).parent))

from docstring_corpus import CORPUS
from schema_corpus import (
    FUNCTION_CASES,
    OUTPUT_CASES,
    STRICT_CASES,
    STRICT_ERROR_CASES,
    load_function,
    load_type,
)

DATA = pathlib.Path(__file__).parent / "data"
UPSTREAM_SCHEMAS = json.loads((DATA / "upstream_schemas.json").read_text())
UPSTREAM_DOCSTRINGS = json.loads((DATA / "upstream_docstrings.json").read_text())


def _wire(value: Any) -> str:
    return json.dumps(value)


@pytest.mark.parametrize(
    ("case_id", "source", "kwargs"), FUNCTION_CASES, ids=[c[0] for c in FUNCTION_CASES]
)
def test_function_schema_matches_upstream(
    case_id: str, source: str, kwargs: dict[str, Any]
) -> None:
    ns: dict[str, Any] = {"RunContextWrapper": RunContextWrapper, "ToolContext": ToolContext}
    fs = function_schema(load_function(source, ns), **kwargs)
    expected = UPSTREAM_SCHEMAS["functions"][case_id]
    assert fs.name == expected["name"]
    assert fs.description == expected["description"]
    assert fs.takes_context == expected["takes_context"]
    assert _wire(fs.params_json_schema) == _wire(expected["schema"])


@pytest.mark.parametrize(("case_id", "schema"), STRICT_CASES, ids=[c[0] for c in STRICT_CASES])
def test_strict_schema_matches_upstream(case_id: str, schema: dict[str, Any]) -> None:
    result = ensure_strict_json_schema(copy.deepcopy(schema))
    assert _wire(result) == _wire(UPSTREAM_SCHEMAS["strict"][case_id])


@pytest.mark.parametrize(
    ("case_id", "schema"), STRICT_ERROR_CASES, ids=[c[0] for c in STRICT_ERROR_CASES]
)
def test_strict_schema_errors_match_upstream(case_id: str, schema: dict[str, Any]) -> None:
    expected = UPSTREAM_SCHEMAS["strict_errors"][case_id]
    assert expected is not None
    with pytest.raises(UserError) as info:
        ensure_strict_json_schema(copy.deepcopy(schema))
    assert str(info.value) == expected


@pytest.mark.parametrize(("case_id", "style", "doc"), CORPUS, ids=[c[0] for c in CORPUS])
def test_docstring_parsing_matches_upstream(case_id: str, style: Any, doc: str) -> None:
    expected = UPSTREAM_DOCSTRINGS[case_id]

    def func() -> None:
        pass

    func.__doc__ = doc
    info = generate_func_documentation(func, style)
    assert info.name == "func"
    assert info.description == expected["description"]
    assert info.param_descriptions == expected["params"]
    # The parser on its own agrees too.
    description, params = parse_docstring(inspect.cleandoc(doc), style)
    assert (description, params or None) == (expected["description"], expected["params"])


@pytest.mark.parametrize(
    ("case_id", "expression", "strict"), OUTPUT_CASES, ids=[c[0] for c in OUTPUT_CASES]
)
def test_agent_output_schema_matches_upstream(case_id: str, expression: str, strict: bool) -> None:
    expected = UPSTREAM_SCHEMAS["outputs"][case_id]
    schema = AgentOutputSchema(load_type(expression), strict_json_schema=strict)
    assert schema.name() == expected["name"]
    assert _wire(schema.json_schema()) == _wire(expected["schema"])
    assert schema._is_wrapped == expected["wrapped"]
