"""Functions and JSON schemas whose conversion agentkit must do exactly like openai-agents.

`FUNCTION_CASES` are sources defining `f`, run in a namespace that provides `RunContextWrapper`
and `ToolContext` from the package under test. `STRICT_CASES` are raw JSON schemas for
`ensure_strict_json_schema`. compare_schemas_upstream.py records upstream's results in
data/upstream_schemas.json; test_tools_schema_parity.py checks agentkit against that file.
"""

from __future__ import annotations

from typing import Any

PRELUDE = """
import dataclasses
import enum
from typing import Annotated, Any, Literal, Optional, Union
from typing_extensions import TypedDict
from pydantic import BaseModel, Field

class Color(enum.Enum):
    RED = "red"
    BLUE = "blue"

class Point(BaseModel):
    x: int
    y: int = 0

class Movie(TypedDict):
    title: str
    year: int

@dataclasses.dataclass
class Box:
    width: float
    label: Optional[str] = None

class Tree(BaseModel):
    value: int
    children: "list[Tree]" = []

Tree.model_rebuild()
"""

FUNCTION_CASES: list[tuple[str, str, dict[str, Any]]] = [
    ("primitives", "def f(a: int, b: float, c: str, d: bool) -> str:\n    '''Mix.'''\n", {}),
    ("defaults", "def f(a: int, b: int = 3, c: str | None = None) -> None:\n    pass\n", {}),
    (
        "defaults_non_strict",
        "def f(a: int, b: int = 3, c: Optional[str] = None) -> None:\n    pass\n",
        {"strict_json_schema": False},
    ),
    ("no_annotations", "def f(a, b=1):\n    pass\n", {"strict_json_schema": False}),
    ("literal_enum", "def f(mode: Literal['fast', 'slow'], color: Color) -> None:\n    pass\n", {}),
    (
        "containers",
        "def f(xs: list[int], m: dict[str, int], t: tuple[int, str]) -> None:\n    pass\n",
        {"strict_json_schema": False},
    ),
    ("list_only", "def f(xs: list[int], ys: list[str] = []) -> None:\n    pass\n", {}),
    ("pydantic_param", "def f(p: Point, q: Optional[Point] = None) -> None:\n    pass\n", {}),
    ("typeddict_param", "def f(movie: Movie) -> None:\n    pass\n", {}),
    ("dataclass_param", "def f(box: Box) -> None:\n    pass\n", {}),
    ("recursive_model", "def f(tree: Tree) -> None:\n    pass\n", {}),
    ("union", "def f(v: Union[int, str], w: Optional[int]) -> None:\n    pass\n", {}),
    (
        "context_first",
        "def f(ctx: RunContextWrapper[Any], city: str) -> str:\n    '''Weather.\n\n    Args:\n        city: The city.\n    '''\n",
        {},
    ),
    ("tool_context_first", "def f(ctx: ToolContext[Any], q: str) -> str:\n    pass\n", {}),
    (
        "annotated_descriptions",
        "def f(a: Annotated[int, 'ann a'], b: Annotated[int, Field(description='field b')], c: Annotated[str, 'ann c']) -> None:\n"
        "    '''Doc.\n\n    Args:\n        a: doc a\n        b: doc b\n    '''\n",
        {},
    ),
    (
        "annotated_constraints",
        "def f(n: Annotated[int, Field(ge=1, le=10)] = 5, s: str = Field(default='x', description='an s')) -> None:\n    pass\n",
        {},
    ),
    ("varargs", "def f(a: int, *args: int) -> None:\n    pass\n", {}),
    ("varargs_tuple", "def f(*args: tuple[str, ...]) -> None:\n    pass\n", {}),
    (
        "kwargs_non_strict",
        "def f(a: int, **kwargs: str) -> None:\n    pass\n",
        {"strict_json_schema": False},
    ),
    ("keyword_only", "def f(a: int, *, b: str, c: bool = False) -> None:\n    pass\n", {}),
    (
        "overrides",
        "def f(a: int) -> None:\n    '''Original.\n\n    Args:\n        a: A.\n    '''\n",
        {"name_override": "renamed", "description_override": "New description"},
    ),
    (
        "no_docstring_info",
        "def f(a: int) -> None:\n    '''Original.\n\n    Args:\n        a: A.\n    '''\n",
        {"use_docstring_info": False},
    ),
    (
        "numpy_doc",
        "def f(a: int, b: str) -> None:\n    '''Numpy.\n\n    Parameters\n    ----------\n    a : int\n        The a.\n    b : str\n        The b.\n    '''\n",
        {},
    ),
    (
        "sphinx_doc",
        "def f(a: int, b: str) -> None:\n    '''Sphinx.\n\n    :param a: The a.\n    :param b: The b.\n    '''\n",
        {},
    ),
    ("nested_optional_list", "def f(tags: Optional[list[Point]] = None) -> None:\n    pass\n", {}),
]

# (case id, expression evaluated after PRELUDE, strict_json_schema)
OUTPUT_CASES: list[tuple[str, str, bool]] = [
    ("model", "Point", True),
    ("model_non_strict", "Point", False),
    ("list_int", "list[int]", True),
    ("int", "int", True),
    ("typeddict", "Movie", True),
    ("dataclass", "Box", True),
    ("union", "Union[int, str]", True),
    ("literal", "Literal['a', 'b']", True),
    ("list_of_models", "list[Point]", True),
    ("recursive", "Tree", True),
]

STRICT_CASES: list[tuple[str, dict[str, Any]]] = [
    ("empty", {}),
    ("simple_object", {"type": "object", "properties": {"a": {"type": "string"}}}),
    ("inferred_object", {"properties": {"a": {"type": "integer", "default": None}}}),
    (
        "nested_array",
        {
            "type": "object",
            "properties": {
                "xs": {
                    "type": "array",
                    "items": {"type": "object", "properties": {"b": {"type": "number"}}},
                }
            },
        },
    ),
    (
        "defs_and_ref_with_description",
        {
            "type": "object",
            "properties": {"p": {"$ref": "#/$defs/P", "description": "a point"}},
            "$defs": {"P": {"type": "object", "properties": {"x": {"type": "integer"}}}},
        },
    ),
    (
        "definitions_plain_ref",
        {
            "type": "object",
            "properties": {"p": {"$ref": "#/definitions/P"}},
            "definitions": {"P": {"type": "object", "properties": {"x": {"type": "integer"}}}},
        },
    ),
    (
        "anyof_nested",
        {
            "type": "object",
            "properties": {
                "v": {
                    "anyOf": [
                        {"type": "object", "properties": {"a": {"type": "string"}}},
                        {"type": "null"},
                    ]
                }
            },
        },
    ),
    (
        "oneof_to_anyof",
        {
            "type": "object",
            "properties": {"v": {"oneOf": [{"type": "string"}, {"type": "integer"}]}},
        },
    ),
    (
        "allof_single_ref",
        {
            "type": "object",
            "properties": {"p": {"allOf": [{"$ref": "#/$defs/P"}], "description": "wrapped"}},
            "$defs": {"P": {"type": "object", "properties": {"x": {"type": "integer"}}}},
        },
    ),
    (
        "allof_many",
        {
            "type": "object",
            "properties": {
                "p": {
                    "allOf": [
                        {"type": "object", "properties": {"x": {"type": "integer"}}},
                        {"type": "object", "properties": {"y": {"type": "integer"}}},
                    ]
                }
            },
        },
    ),
    ("root_type_list_object", {"type": ["object"], "properties": {"a": {"type": "string"}}}),
    (
        "additional_properties_false_kept",
        {"type": "object", "additionalProperties": False, "properties": {}},
    ),
]

STRICT_ERROR_CASES: list[tuple[str, dict[str, Any]]] = [
    ("additional_properties_true", {"type": "object", "additionalProperties": True}),
    (
        "additional_properties_schema",
        {"type": "object", "additionalProperties": {"type": "string"}},
    ),
    ("additional_properties_empty_schema", {"type": "object", "additionalProperties": {}}),
    ("untyped_open_object", {"additionalProperties": True}),
    ("root_anyof", {"anyOf": [{"type": "object", "properties": {}}, {"type": "null"}]}),
    ("root_nullable_object", {"type": ["object", "null"], "properties": {}}),
    (
        "ref_with_constraining_sibling",
        {
            "type": "object",
            "properties": {"p": {"$ref": "#/$defs/P", "minimum": 1}},
            "$defs": {"P": {"type": "integer"}},
        },
    ),
    (
        "nested_dict_field",
        {
            "type": "object",
            "properties": {"m": {"type": "object", "additionalProperties": {"type": "integer"}}},
        },
    ),
]


def load_function(source: str, namespace: dict[str, Any]) -> Any:
    """Define the corpus function `f` in `namespace` and return it.

    `dont_inherit` keeps this module's `from __future__ import annotations` away from the corpus
    code: its annotations must be real objects, as in ordinary user code.
    """
    exec(compile(PRELUDE + source, "<schema corpus>", "exec", dont_inherit=True), namespace)
    return namespace["f"]


def load_type(expression: str) -> Any:
    """Evaluate a type expression from OUTPUT_CASES in the PRELUDE namespace."""
    namespace: dict[str, Any] = {}
    exec(compile(PRELUDE, "<schema corpus>", "exec", dont_inherit=True), namespace)
    return eval(expression, namespace)
