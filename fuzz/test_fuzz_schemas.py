"""Strict-schema conversion on generated schemas, and function_schema on generated functions."""

from __future__ import annotations

import copy
import keyword
import textwrap
from typing import Any

import jsonschema
from hypothesis import assume, event, given
from hypothesis import strategies as st

from agentkit._docstrings import parse_docstring
from agentkit.exceptions import UserError
from agentkit.function_schema import function_schema
from agentkit.strict_schema import ensure_strict_json_schema

from ._support import json_values, scaled

_names = st.text("abcdefgh_", min_size=1, max_size=6)

_leaves = st.sampled_from(
    [
        {"type": "string"},
        {"type": "integer"},
        {"type": "number"},
        {"type": "boolean"},
        {"type": "null"},
        {"type": ["string", "null"]},
        {"enum": ["a", "b", 3]},
        {"const": "fixed"},
        {"type": "string", "default": None},
        {"type": "integer", "description": "n", "title": "N"},
        {},
        {"$ref": "#/$defs/Leaf"},
        {"$ref": "#/$defs/Obj", "description": "a ref with an annotation"},
    ]
)


def _extend(inner: st.SearchStrategy[dict[str, Any]]) -> st.SearchStrategy[dict[str, Any]]:
    objects = st.builds(
        lambda props, required, closed, title: {
            "type": "object",
            "properties": props,
            **({"required": [k for k in props if k in required]} if required else {}),
            **({"additionalProperties": False} if closed else {}),
            **({"title": title} if title else {}),
        },
        st.dictionaries(_names, inner, max_size=4),
        st.sets(_names, max_size=3),
        st.booleans(),
        st.none() | _names,
    )
    return (
        objects
        | st.builds(lambda s: {"type": "array", "items": s}, inner)
        | st.builds(lambda xs: {"anyOf": xs}, st.lists(inner, min_size=1, max_size=3))
        | st.builds(lambda xs: {"oneOf": xs}, st.lists(inner, min_size=1, max_size=3))
        | st.builds(lambda s: {"allOf": [s], "description": "wrapped"}, inner)
        | st.builds(lambda s: {"type": "object", "additionalProperties": s}, inner)
    )


_schemas = st.recursive(_leaves, _extend, max_leaves=10)

_DEFS = {
    "Leaf": {"type": "string", "description": "a leaf"},
    "Obj": {"type": "object", "properties": {"x": {"type": "integer"}}, "required": ["x"]},
}


def _root(draw: st.DrawFn) -> dict[str, Any]:
    props = draw(st.dictionaries(_names, _schemas, max_size=4))
    return {"type": "object", "properties": props, "$defs": copy.deepcopy(_DEFS)}


def _instance(schema: dict[str, Any], root: dict[str, Any], draw: st.DrawFn, depth: int = 0) -> Any:
    """A value meant to match `schema` with every declared property present and no others."""
    if "$ref" in schema:
        target = root["$defs"][schema["$ref"].rsplit("/", 1)[1]]
        return _instance(target, root, draw, depth + 1)
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        return draw(st.sampled_from(schema["enum"]))
    for key in ("anyOf", "oneOf"):
        if key in schema:
            return _instance(draw(st.sampled_from(schema[key])), root, draw, depth + 1)
    if "allOf" in schema:
        return _instance(schema["allOf"][0], root, draw, depth + 1)
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = draw(st.sampled_from(kind))
    if kind == "object":
        props = schema.get("properties", {})
        return {k: _instance(v, root, draw, depth + 1) for k, v in props.items()}
    if kind == "array":
        return [
            _instance(schema["items"], root, draw, depth + 1)
            for _ in range(draw(st.integers(0, 2)))
        ]
    if kind == "string":
        return draw(st.text(max_size=4))
    if kind == "integer":
        return draw(st.integers(-5, 5))
    if kind == "number":
        return draw(st.floats(-5, 5))
    if kind == "boolean":
        return draw(st.booleans())
    if kind == "null":
        return None
    return draw(json_values(4))


def _has(schema: Any, key: str) -> bool:
    if isinstance(schema, dict):
        return key in schema or any(_has(v, key) for v in schema.values())
    if isinstance(schema, list):
        return any(_has(v, key) for v in schema)
    return False


def _check_strict(node: Any, root: dict[str, Any]) -> None:
    """Every object is closed and requires all of its properties; no `oneOf` remains."""
    if isinstance(node, list):
        for child in node:
            _check_strict(child, root)
        return
    if not isinstance(node, dict):
        return
    assert "oneOf" not in node
    if node.get("type") == "object" or (
        isinstance(node.get("type"), list) and "object" in node["type"]
    ):
        assert node.get("additionalProperties") is False, node
        assert node.get("required", []) == list(node.get("properties", {})), node
    for key, child in node.items():
        if key not in ("enum", "const", "default", "examples"):
            _check_strict(child, root)


@scaled(2)
@given(st.data())
def test_fuzz_strict_schema_conversion(data: st.DataObject) -> None:
    original = data.draw(st.composite(_root)())
    try:
        strict = ensure_strict_json_schema(copy.deepcopy(original))
    except UserError:
        event("refused with UserError")
        return
    event("converted")
    _check_strict(strict, strict)
    jsonschema.Draft202012Validator.check_schema(strict)
    before = jsonschema.Draft202012Validator(original)
    after = jsonschema.Draft202012Validator(strict)

    # A complete instance of the original (every property present) is still accepted ...
    instance = _instance(original, original, data.draw)
    assume(before.is_valid(instance))
    assert after.is_valid(instance), (instance, strict)
    # ... and the strict schema accepts nothing the original rejects (oneOf becomes anyOf, which
    # may accept a value matching several branches, as upstream does).
    if not _has(original, "oneOf"):
        probe = data.draw(json_values(8) | st.just(instance))
        if after.is_valid(probe):
            assert before.is_valid(probe), (probe, original, strict)


_ANNOTATIONS = [
    "int",
    "str",
    "float",
    "bool",
    "list[int]",
    "dict[str, int]",
    "str | None",
    "Literal['a', 'b']",
    "tuple[int, str]",
    "Point",
    "Color",
    "Annotated[int, 'described inline']",
    "Annotated[str, Field(max_length=5)]",
    "",
]
_DEFAULT_FOR = {
    "int": "3",
    "str": "'x'",
    "float": "1.5",
    "bool": "True",
    "str | None": "None",
    "Literal['a', 'b']": "'a'",
    "Color": "Color.RED",
}
_PRELUDE = """
from enum import Enum
from typing import Annotated, Any, Literal
from pydantic import BaseModel, Field
from typing_extensions import TypedDict
class Point(TypedDict):
    x: int
    y: int
class Color(Enum):
    RED = "red"
    BLUE = "blue"
"""

# No leading underscore: pydantic refuses such field names (PydanticUserError, as upstream).
_identifiers = st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True).filter(
    lambda n: not keyword.iskeyword(n) and n not in {"self", "Point", "Color"}
)
_doc_text = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters='\\"\r\x00'), max_size=30
)


@st.composite
def _functions(draw: st.DrawFn) -> tuple[str, list[tuple[str, str, str | None]], str, str]:
    names = draw(st.lists(_identifiers, unique=True, max_size=5))
    params: list[tuple[str, str, str | None]] = []
    seen_default = False
    for name in names:
        ann = draw(st.sampled_from(_ANNOTATIONS))
        default = _DEFAULT_FOR.get(ann) if draw(st.booleans()) or seen_default else None
        if seen_default and default is None:
            default = "None"
            ann = ""
        seen_default = seen_default or default is not None
        params.append((name, ann, default))
    star = draw(st.sampled_from(["", "*args: int", "*, kw: int = 1"]))
    style = draw(st.sampled_from(["google", "numpy", "sphinx", "free"]))
    descriptions = {name: draw(_doc_text).strip() or "value" for name, _, _ in params}
    summary = draw(_doc_text)
    if style == "google":
        body = "\n".join(f"    {n}: {d}" for n, d in descriptions.items())
        doc = f"{summary}\n\nArgs:\n{body}\n"
    elif style == "numpy":
        body = "\n".join(f"{n} : type\n    {d}" for n, d in descriptions.items())
        doc = f"{summary}\n\nParameters\n----------\n{body}\n"
    elif style == "sphinx":
        body = "\n".join(f":param {n}: {d}" for n, d in descriptions.items())
        doc = f"{summary}\n\n{body}\n"
    else:
        doc = draw(_doc_text)
    return star, params, style, doc


@scaled(1.5)
@given(_functions(), st.booleans())
def test_fuzz_function_schema_on_generated_functions(
    spec: tuple[str, list[tuple[str, str, str | None]], str, str], strict: bool
) -> None:
    star, params, style, doc = spec
    rendered = [
        f"{n}{': ' + a if a else ''}{' = ' + d if d is not None else ''}" for n, a, d in params
    ]
    if star:
        rendered.append(star)
    source = f'{_PRELUDE}\ndef generated({", ".join(rendered)}):\n    """{doc}"""\n    return 1\n'
    namespace: dict[str, Any] = {}
    exec(textwrap.dedent(source), namespace)
    func = namespace["generated"]
    try:
        schema = function_schema(func, strict_json_schema=strict)
    except UserError:
        return
    props = schema.params_json_schema.get("properties", {})
    expected = [n for n, _, _ in params] + (["args"] if star.startswith("*args") else [])
    expected += ["kw"] if star.startswith("*,") else []
    assert list(props) == expected
    if strict:
        _check_strict(schema.params_json_schema, schema.params_json_schema)
    if style != "free":
        documented = parse_docstring(doc.strip(), style)[1]
        for name, _, _ in params:
            if name in documented and props[name].get("description") is not None:
                assert props[name]["description"] == documented[name]
    # The defaults alone, or nothing when every parameter has one, make a valid call.
    if all(d is not None for _, _, d in params):
        model = schema.params_pydantic_model()
        args, kwargs = schema.to_call_args(model)
        assert func(*args, **kwargs) == 1


@scaled(2)
@given(
    st.text(max_size=200)
    | st.lists(
        st.sampled_from(
            [
                "Args:",
                "Arguments:",
                "Returns:",
                "Parameters",
                "----------",
                ":param x:",
                ":type x:",
                "    x: thing",
                "    *args: more",
                "x : int",
                "\t",
                "",
                "  ",
                "Raises:",
                "y (int): z",
            ]
        )
        | st.text(max_size=10),
        max_size=12,
    ).map("\n".join),
    st.sampled_from([None, "google", "numpy", "sphinx"]),
)
def test_fuzz_docstring_parsing_never_raises(doc: str, style: Any) -> None:
    description, params = parse_docstring(doc, style)
    assert description is None or isinstance(description, str)
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in params.items())
