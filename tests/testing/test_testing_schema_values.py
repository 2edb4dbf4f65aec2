"""The schema-driven value generator behind TestModel, checked with jsonschema and pydantic."""

from __future__ import annotations

import dataclasses
import datetime
import enum
import inspect
import itertools
import json
import uuid
from typing import Annotated, Any, Literal, Optional, Union

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, Field, create_model
from typing_extensions import TypedDict

from agentkit.exceptions import UserError
from agentkit.function_schema import function_schema
from agentkit.testing import SchemaValueError, generate_schema_value

_names = itertools.count()


def _check(schema: dict[str, Any], value: Any) -> None:
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    errors = [error.message for error in validator.iter_errors(value)]
    assert not errors, f"{value!r} is invalid: {errors}"


# Types of the kinds function_schema turns into JSON schemas

_PATTERNS = [r"^[a-z]+$", r"^\d{3}-\d{4}$", r"^[A-Z][a-z]{2,5}(_[0-9])?$", r"ab+c", r"^(yes|no)$"]


def _enum_type(values: list[str]) -> type[enum.Enum]:
    return enum.Enum(f"Choice{next(_names)}", {f"V{i}": v for i, v in enumerate(values)})  # type: ignore[return-value]


_scalar_types = st.one_of(
    st.sampled_from([int, float, str, bool, datetime.date, datetime.datetime, uuid.UUID]),
    st.lists(st.sampled_from(["a", "b", "c", "d"]), min_size=1, max_size=3, unique=True).map(
        lambda vs: Literal[tuple(vs)]
    ),
    st.lists(st.text("xyz", min_size=1, max_size=3), min_size=1, max_size=3, unique=True).map(
        _enum_type
    ),
    st.tuples(st.integers(-50, 50), st.integers(0, 30)).map(
        lambda b: Annotated[int, Field(ge=b[0], le=b[0] + b[1])]
    ),
    st.tuples(st.integers(-5, 5), st.integers(1, 4)).map(
        lambda b: Annotated[int, Field(gt=b[0], multiple_of=b[1])]
    ),
    st.tuples(st.floats(-10, 10), st.floats(0.01, 5)).map(
        lambda b: Annotated[float, Field(gt=b[0], lt=b[0] + b[1])]
    ),
    st.tuples(st.integers(0, 5), st.integers(0, 5)).map(
        lambda b: Annotated[str, Field(min_length=b[0], max_length=b[0] + b[1])]
    ),
    st.sampled_from(_PATTERNS).map(lambda p: Annotated[str, Field(pattern=p)]),
)


def _model(fields: list[tuple[Any, bool]]) -> type[BaseModel]:
    definitions: dict[str, Any] = {}
    for index, (annotation, optional) in enumerate(fields):
        definitions[f"f{index}"] = (Optional[annotation], None) if optional else (annotation, ...)  # noqa: UP045
    return create_model(f"Model{next(_names)}", **definitions)


def _typed_dict(fields: list[tuple[Any, bool]]) -> Any:
    return TypedDict(  # type: ignore[operator]
        f"Dict{next(_names)}", {f"k{i}": annotation for i, (annotation, _) in enumerate(fields)}
    )


def _dataclass(fields: list[tuple[Any, bool]]) -> Any:
    return dataclasses.make_dataclass(
        f"Data{next(_names)}", [(f"d{i}", annotation) for i, (annotation, _) in enumerate(fields)]
    )


def _composite(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    fields = st.lists(st.tuples(children, st.booleans()), min_size=1, max_size=3)
    return st.one_of(
        children.map(lambda t: list[t]),  # type: ignore[valid-type]
        children.map(lambda t: Optional[t]),  # noqa: UP045
        st.tuples(children, children).map(lambda p: Union[p[0], p[1]]),  # noqa: UP007
        children.map(lambda t: dict[str, t]),  # type: ignore[valid-type]
        st.tuples(children, children).map(lambda p: tuple[p[0], p[1]]),  # type: ignore[valid-type]
        st.sampled_from([set[int], frozenset[str]]),
        st.tuples(children, st.integers(1, 3)).map(
            lambda p: Annotated[list[p[0]], Field(min_length=p[1])]  # type: ignore[valid-type]
        ),
        fields.map(_model),
        fields.map(_typed_dict),
        fields.map(_dataclass),
    )


_types = st.recursive(_scalar_types, _composite, max_leaves=8)


def _tool_function(parameters: list[tuple[Any, bool]]) -> Any:
    """A function whose signature has the given parameter types (optional ones default to None)."""

    def tool(*args: Any, **kwargs: Any) -> str:
        return ""

    P = inspect.Parameter
    required = [(f"p{i}", t) for i, (t, optional) in enumerate(parameters) if not optional]
    optional = [(f"p{i}", Optional[t]) for i, (t, opt) in enumerate(parameters) if opt]  # noqa: UP045
    signature = [P(name, P.POSITIONAL_OR_KEYWORD, annotation=t) for name, t in required]
    signature += [
        P(name, P.POSITIONAL_OR_KEYWORD, annotation=t, default=None) for name, t in optional
    ]
    tool.__signature__ = inspect.Signature(signature)  # type: ignore[attr-defined]
    tool.__annotations__ = dict(required + optional)
    return tool


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(
    parameters=st.lists(st.tuples(_types, st.booleans()), min_size=0, max_size=4),
    strict=st.booleans(),
    seed=st.integers(0, 10_000),
)
def test_generated_arguments_validate_against_function_schemas(
    parameters: list[tuple[Any, bool]], strict: bool, seed: int
) -> None:
    try:
        schema = function_schema(_tool_function(parameters), strict_json_schema=strict)
    except UserError:
        # Not expressible as a strict schema (e.g. free-form dicts): function_tool refuses it too.
        return
    value = generate_schema_value(schema.params_json_schema, seed=seed)
    _check(schema.params_json_schema, value)
    # The arguments also parse as the tool will parse them.
    schema.params_pydantic_model.model_validate_json(json.dumps(value))
    assert generate_schema_value(schema.params_json_schema, seed=seed) == value


# Specific schema features


class Node(BaseModel):
    name: str
    children: list[Node]
    parent: Node | None = None


def test_recursive_models_terminate() -> None:
    schema = Node.model_json_schema()
    value = generate_schema_value(schema)
    _check(schema, value)
    Node.model_validate(value)


def test_values_are_deterministic_and_vary_with_the_seed() -> None:
    schema = {
        "type": "object",
        "properties": {"a": {"type": "integer"}, "b": {"type": "string"}},
        "required": ["a", "b"],
    }
    assert generate_schema_value(schema) == generate_schema_value(schema)
    assert generate_schema_value(schema, seed=0) != generate_schema_value(schema, seed=5)


@pytest.mark.parametrize(
    "schema",
    [
        {"const": {"x": [1, 2]}},
        {"enum": ["only"]},
        {"type": "null"},
        {"type": ["integer", "null"], "minimum": 3},
        {"type": "integer", "exclusiveMinimum": 3, "exclusiveMaximum": 5},
        {"type": "integer", "minimum": 7, "maximum": 7},
        {"type": "integer", "multipleOf": 5, "minimum": 11, "maximum": 19},
        {"type": "number", "minimum": 0.1, "maximum": 0.2},
        {"type": "number", "exclusiveMinimum": 1, "exclusiveMaximum": 1.001},
        {"type": "number", "multipleOf": 0.25, "minimum": 1.1},
        {"type": "number", "minimum": 3, "exclusiveMinimum": True},  # draft 4 style
        {"type": "string", "minLength": 12, "maxLength": 12},
        {"type": "string", "format": "email"},
        {"type": "string", "format": "date-time"},
        {"type": "string", "format": "date"},
        {"type": "string", "format": "time"},
        {"type": "string", "format": "uuid"},
        {"type": "string", "format": "ipv4"},
        {"type": "string", "format": "ipv6"},
        {"type": "string", "format": "uri"},
        {"type": "string", "format": "duration"},
        {"type": "string", "format": "hostname"},
        {"type": "string", "pattern": r"^[^aeiou]{4}$"},
        {"type": "string", "pattern": r"^(\w+)@(\w+)\.com$"},
        {"type": "string", "pattern": r"^(?!^[-+.]*$)[+-]?0*\d*\.?\d*$"},
        {"type": "string", "pattern": r"^x+$", "minLength": 5},
        {"type": "array", "items": {"type": "integer"}, "minItems": 3, "uniqueItems": True},
        {"type": "array", "prefixItems": [{"type": "string"}, {"type": "boolean"}]},
        {"type": "array", "maxItems": 0},
        {"type": "object", "additionalProperties": {"type": "integer"}, "minProperties": 2},
        {"type": "object", "propertyNames": {"enum": ["k1", "k2"]}, "additionalProperties": True},
        {"allOf": [{"$ref": "#/$defs/A"}], "$defs": {"A": {"type": "string", "const": "a"}}},
        {
            "allOf": [
                {"type": "object", "properties": {"a": {"type": "integer"}}, "required": ["a"]},
                {"properties": {"b": {"type": "string"}}, "required": ["b"]},
            ]
        },
        {"oneOf": [{"type": "string", "maxLength": 0}, {"type": "integer", "minimum": 1}]},
        {"anyOf": [{"type": "object", "properties": {"kind": {"const": "x"}}}, {"type": "null"}]},
        {"$ref": "#/definitions/Thing", "definitions": {"Thing": {"type": "boolean"}}},
        {},
        {"properties": {"x": {"type": "number"}}, "required": ["x"]},
    ],
)
def test_schema_features(schema: dict[str, Any]) -> None:
    for seed in range(4):
        _check(schema, generate_schema_value(schema, seed=seed))


@pytest.mark.parametrize(
    ("schema", "message"),
    [
        (False, "accepts no value"),
        ({"not": {"type": "string"}}, "`not` is not supported"),
        ({"type": "integer", "minimum": 5, "maximum": 4}, "no integer"),
        ({"type": "integer", "multipleOf": 10, "minimum": 1, "maximum": 9}, "bounds"),
        ({"type": "array", "minItems": 3, "maxItems": 1}, "minItems=3"),
        ({"enum": []}, "`enum` is empty"),
        ({"$ref": "https://example.com/schema"}, "only local references"),
        ({"$ref": "#/$defs/Missing"}, "points nowhere"),
        (
            {
                "$ref": "#/$defs/L",
                "$defs": {
                    "L": {
                        "type": "object",
                        "properties": {"n": {"$ref": "#/$defs/L"}},
                        "required": ["n"],
                    }
                },
            },
            "recurses",
        ),
        ({"type": "string", "pattern": "(?=a)b"}, "could not build"),
        ({"type": "mystery"}, "unknown type"),
    ],
)
def test_unsatisfiable_or_unsupported_schemas_raise(schema: Any, message: str) -> None:
    with pytest.raises(SchemaValueError, match=message):
        generate_schema_value(schema)


def test_error_messages_name_the_failing_location() -> None:
    schema = {
        "type": "object",
        "properties": {"age": {"type": "integer", "minimum": 3, "maximum": 1}},
        "required": ["age"],
    }
    with pytest.raises(SchemaValueError, match="#/properties/age"):
        generate_schema_value(schema)
