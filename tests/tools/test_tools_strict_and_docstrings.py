"""Strict-schema edge cases and docstring style detection beyond the upstream corpus."""

from __future__ import annotations

import json
from typing import Any

import pytest

from agentkit._docstrings import detect_style, parse_docstring
from agentkit.agent_output import AgentOutputSchema
from agentkit.exceptions import ModelBehaviorError, UserError
from agentkit.strict_schema import ensure_strict_json_schema, resolve_ref
from agentkit.util._transforms import transform_string_function_style


def test_empty_schema_becomes_empty_object() -> None:
    assert ensure_strict_json_schema({}) == {
        "additionalProperties": False,
        "type": "object",
        "properties": {},
        "required": [],
    }


def test_null_defaults_are_dropped_other_defaults_kept() -> None:
    schema = ensure_strict_json_schema(
        {
            "type": "object",
            "properties": {
                "a": {"type": "integer", "default": None},
                "b": {"type": "integer", "default": 3},
            },
        }
    )
    assert "default" not in schema["properties"]["a"]
    assert schema["properties"]["b"]["default"] == 3


def test_chained_refs_with_siblings_are_inlined() -> None:
    schema = {
        "type": "object",
        "properties": {"p": {"$ref": "#/$defs/A", "description": "outer"}},
        "$defs": {
            "A": {"$ref": "#/$defs/B", "title": "A"},
            "B": {"type": "object", "properties": {"x": {"type": "integer"}}},
        },
    }
    p = ensure_strict_json_schema(schema)["properties"]["p"]
    assert p["description"] == "outer"
    assert p["type"] == "object" and p["additionalProperties"] is False and p["required"] == ["x"]


def test_resolve_ref_escapes_and_errors() -> None:
    root: dict[str, Any] = {"$defs": {"a/b": {"type": "string"}, "t~x": {"type": "integer"}}}
    assert resolve_ref(root=root, ref="#/$defs/a~1b") == {"type": "string"}
    assert resolve_ref(root=root, ref="#/$defs/t~0x") == {"type": "integer"}
    with pytest.raises(ValueError, match="Does not start with #/"):
        resolve_ref(root=root, ref="other.json#/x")


def test_circular_ref_chain_in_all_of_is_rejected() -> None:
    schema = {
        "type": "object",
        "properties": {"p": {"allOf": [{"$ref": "#/$defs/A"}]}},
        "$defs": {"A": {"$ref": "#/$defs/B"}, "B": {"$ref": "#/$defs/A"}},
    }
    with pytest.raises(UserError, match="circular"):
        ensure_strict_json_schema(schema)


def test_too_deep_schema_is_rejected() -> None:
    node: dict[str, Any] = {"type": "string"}
    for _ in range(120):
        node = {"type": "array", "items": node}
    with pytest.raises(UserError, match="too deeply nested"):
        ensure_strict_json_schema({"type": "object", "properties": {"deep": node}})


def test_exponential_ref_fan_out_is_bounded() -> None:
    defs: dict[str, Any] = {"L0": {"type": "string"}}
    for i in range(1, 25):
        prev = f"#/$defs/L{i - 1}"
        defs[f"L{i}"] = {
            "type": "object",
            "properties": {
                "a": {"$ref": prev, "description": "a"},
                "b": {"$ref": prev, "description": "b"},
            },
        }
    schema = {
        "type": "object",
        "properties": {"top": {"$ref": "#/$defs/L24", "description": "t"}},
        "$defs": defs,
    }
    with pytest.raises(UserError, match="too large"):
        ensure_strict_json_schema(schema)


def test_strict_schema_output_is_json_serializable() -> None:
    from pydantic import BaseModel

    class Inner(BaseModel):
        v: int | None = None

    class Outer(BaseModel):
        inner: Inner
        items: list[Inner] = []

    js = AgentOutputSchema(Outer).json_schema()
    json.dumps(js)
    assert js["$defs"]["Inner"]["additionalProperties"] is False
    assert js["$defs"]["Inner"]["required"] == ["v"]


@pytest.mark.parametrize(
    ("doc", "style"),
    [
        ("Just text.", "google"),
        ("S.\n\nArgs:\n    a: x", "google"),
        ("S.\n\n:param a: x", "sphinx"),
        ("S.\n\n:return: x", "sphinx"),
        ("S.\n\nParameters\n----------\na : int\n    x", "numpy"),
        # A tie goes to sphinx, then numpy.
        ("S.\n\nArgs:\n    a: x\n\n:param a: y", "sphinx"),
        ("S.\n\nReturns:\n    r\n\nParameters\n----------\na\n    x", "numpy"),
    ],
)
def test_style_detection(doc: str, style: str) -> None:
    assert detect_style(doc) == style


def test_unknown_style_is_rejected() -> None:
    with pytest.raises(ValueError, match="Unknown docstring style"):
        parse_docstring("S.", "epytext")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Get Weather", "get_weather"), ("fetch-data!", "fetch_data_"), ("plain_name", "plain_name")],
)
def test_transform_string_function_style(name: str, expected: str) -> None:
    assert transform_string_function_style(name) == expected


async def test_output_validation_error_is_recorded_on_current_span() -> None:
    from agentkit.tracing.provider import DefaultTraceProvider
    from agentkit.tracing.span_data import CustomSpanData

    provider = DefaultTraceProvider()
    trace = provider.create_trace("t")
    span = provider.create_span(CustomSpanData("check", {}), parent=trace)
    with trace, span, pytest.raises(ModelBehaviorError):
        AgentOutputSchema(list[int]).validate_json('{"nope": 1}')
    assert span.error is not None
    assert span.error["message"] == "Invalid JSON provided"
