"""agentkit's ``dataclass``: the standard decorator with shared ``__repr__``/``__eq__`` (issue 15).

Every class shape is declared twice, once with ``dataclasses.dataclass`` and once with agentkit's,
and the two must behave the same: repr, equality against equal, unequal and foreign values, hash,
recursion, inheritance, slots, pickling and the dataclass helpers.
"""

from __future__ import annotations

import ast
import dataclasses
import math
import pickle
import re
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agentkit.util import _dataclass
from agentkit.util._dataclass import dataclass as agentkit_dataclass

ROOT = Path(__file__).resolve().parents[2]

Decorator = Callable[..., Any]


def _shapes(dc: Decorator) -> dict[str, type]:
    """The same set of classes, declared with the decorator ``dc``."""

    @dc
    class Plain:
        a: int
        b: str = "x"
        c: list[int] = dataclasses.field(default_factory=list)

    @dc
    class Hidden:
        a: int
        secret: str = dataclasses.field(default="s", repr=False)
        noise: float = dataclasses.field(default=0.0, compare=False)
        kind: ClassVar[str] = "hidden"

    @dc
    class Empty:
        pass

    @dc
    class One:
        a: Any

    @dc(frozen=True)
    class Frozen:
        a: int
        b: tuple[int, ...] = ()

    @dc(slots=True)
    class Slotted:
        a: int
        b: int = 2

    @dc(kw_only=True)
    class KwOnly:
        a: int
        b: int = 0

    @dc(order=True)
    class Ordered:
        a: int

    @dc(eq=False)
    class NoEq:
        a: int

    @dc(repr=False)
    class NoRepr:
        a: int

    @dc
    class OwnMethods:
        a: int

        def __repr__(self) -> str:
            return f"own {self.a}"

        def __eq__(self, other: object) -> bool:
            return isinstance(other, OwnMethods)

    @dc
    class OwnHash:
        a: int

        def __hash__(self) -> int:
            return 7

    @dc
    class Base:
        a: int

    @dc
    class Child(Base):
        b: int = 1

    class Undecorated(Base):
        pass

    @dc
    class Node:
        value: int
        link: Any = None

    return {cls.__name__: cls for cls in locals().values() if isinstance(cls, type)}


STD = _shapes(dataclasses.dataclass)
OURS = _shapes(agentkit_dataclass)

# name -> constructor arguments for two equal instances and one different instance.
SAMPLES: dict[str, tuple[tuple[Any, ...], tuple[Any, ...]]] = {
    "Plain": ((1, "y", [2]), (1, "z", [2])),
    "Hidden": ((1, "s1", 0.5), (1, "s1", 0.9)),  # differs only in a compare=False field
    "Empty": ((), ()),
    "One": ((math.nan,), (1,)),
    "Frozen": ((1, (2,)), (1, (3,))),
    "Slotted": ((1, 2), (1, 3)),
    "Ordered": ((1,), (2,)),
    "NoEq": ((1,), (1,)),
    "NoRepr": ((1,), (2,)),
    "OwnMethods": ((1,), (2,)),
    "OwnHash": ((1,), (2,)),
    "Base": ((1,), (2,)),
    "Child": ((1, 2), (1, 3)),
    "Undecorated": ((1,), (2,)),
    "Node": ((1, None), (1, 2)),
}


def _observe(cls: type, same: tuple[Any, ...], other: tuple[Any, ...]) -> dict[str, Any]:
    """What a user can see of a class: everything but the addresses of its objects."""
    first, second, different = cls(*same), cls(*same), cls(*other)

    def outcome(call: Callable[[], Any]) -> Any:
        try:
            return ("ok", call())
        except Exception as exc:  # noqa: BLE001 — the exception type is what is compared
            return ("raises", type(exc))

    seen = {
        "repr": re.sub(r" at 0x[0-9a-f]+", "", repr(first).replace(cls.__qualname__, "<cls>")),
        "eq same": first == second,
        "eq self": first == first,  # noqa: PLR0124 — identity is one of the cases
        "eq different": first == different,
        "ne different": first != different,
        "eq foreign": first == ("not", "a", "dataclass"),
        "eq method foreign": cls.__eq__(first, 1),
        "hash": outcome(lambda: hash(first) == hash(second)),
        "hash attr is None": cls.__hash__ is None,
        "fields": [f.name for f in dataclasses.fields(cls)],
        "replace": outcome(lambda: dataclasses.replace(first) == first),
        "asdict": dataclasses.asdict(first),
        "match_args": getattr(cls, "__match_args__", None),
        "slots": getattr(cls, "__slots__", None),
    }
    if cls.__qualname__.split(".")[-1] == "Ordered":
        seen["lt"] = first < different
    return seen


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_every_shape_behaves_as_the_standard_decorator_makes_it(name: str) -> None:
    same, other = SAMPLES[name]
    assert _observe(OURS[name], same, other) == _observe(STD[name], same, other)


def test_the_shared_methods_replace_only_the_generated_ones() -> None:
    assert OURS["Plain"].__dataclass_params__.repr is False  # type: ignore[attr-defined]
    assert OURS["Plain"].__repr__.__qualname__.endswith("Plain.__repr__")
    assert OURS["OwnMethods"](1) == OURS["OwnMethods"](2)
    assert repr(OURS["OwnMethods"](3)) == "own 3"
    assert hash(OURS["OwnHash"](1)) == 7
    # Frozen classes keep the generated __eq__ and __hash__.
    assert OURS["Frozen"].__dataclass_params__.eq is True  # type: ignore[attr-defined]


def test_a_recursive_value_reprs_with_an_ellipsis() -> None:
    for shapes in (STD, OURS):
        node = shapes["Node"](1)
        node.link = node
        assert repr(node).endswith("Node(value=1, link=...)")


def test_repr_recursion_is_tracked_per_thread() -> None:
    gate, release = threading.Event(), threading.Event()
    seen: list[str] = []

    class Slow:
        def __repr__(self) -> str:
            if threading.current_thread() is worker:
                gate.set()
                release.wait(5)
            return "slow"

    node = OURS["Node"](1, Slow())
    worker = threading.Thread(target=lambda: seen.append(repr(node)))
    worker.start()
    assert gate.wait(5)
    # The same object, in this thread, while the worker's repr of it is still running: no recursion.
    assert repr(OURS["Node"](2, node)).endswith("Node(value=2, link=" + repr(node) + ")")
    assert "..." not in repr(node)
    release.set()
    worker.join(5)
    assert seen == [repr(node)]
    assert not _dataclass._REPR_RUNNING


def test_a_failing_field_repr_leaves_no_recursion_mark() -> None:
    class Broken:
        def __repr__(self) -> str:
            raise ValueError("no repr")

    node = OURS["Node"](1, Broken())
    with pytest.raises(ValueError, match="no repr"):
        repr(node)
    assert not _dataclass._REPR_RUNNING


def test_instances_pickle_and_compare_equal_after() -> None:
    from agentkit import ModelSettings, Usage

    for value in (ModelSettings(temperature=0.5), Usage(requests=1, input_tokens=3)):
        assert pickle.loads(pickle.dumps(value)) == value


@given(
    st.lists(st.one_of(st.integers(), st.floats(allow_nan=True), st.text(max_size=3)), max_size=3),
    st.lists(st.one_of(st.integers(), st.floats(allow_nan=True), st.text(max_size=3)), max_size=3),
)
def test_equality_of_any_values_matches_the_standard_decorator(left: list[Any], right: list[Any]) -> None:
    nan_first = [math.nan] + left
    for a, b in ((left, right), (left, list(left)), (nan_first, nan_first), (nan_first, list(nan_first))):
        expected = STD["Plain"](1, "x", a) == STD["Plain"](1, "x", b)
        assert (OURS["Plain"](1, "x", a) == OURS["Plain"](1, "x", b)) is expected
        expected_one = STD["One"](a) == STD["One"](b)
        assert (OURS["One"](a) == OURS["One"](b)) is expected_one


def test_agentkit_public_classes_use_the_shared_methods() -> None:
    from agentkit import Agent, FunctionTool, ModelSettings, RunConfig

    for cls in (Agent, FunctionTool, ModelSettings, RunConfig):
        assert cls.__repr__.__module__ == "agentkit.util._dataclass", cls
        assert cls.__eq__.__module__ == "agentkit.util._dataclass", cls
        assert cls.__hash__ is None, cls
    agent = Agent(name="a", instructions="be brief")
    assert repr(agent).startswith("Agent(name='a', handoff_description=None, tools=[]")
    assert agent == dataclasses.replace(agent)
    assert agent != dataclasses.replace(agent, name="b")


def _stdlib_dataclass_imports(root: Path) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        if path.name == "_dataclass.py" and path.parent.name == "util":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "dataclasses":
                if any(alias.name == "dataclass" for alias in node.names):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
            elif isinstance(node, ast.Attribute) and node.attr == "dataclass":
                if isinstance(node.value, ast.Name) and node.value.id == "dataclasses":
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_the_package_declares_its_dataclasses_with_the_shared_methods() -> None:
    """A new module that imports ``dataclasses.dataclass`` would quietly bring the compiles back."""
    found = _stdlib_dataclass_imports(ROOT / "agentkit") + _stdlib_dataclass_imports(ROOT / "extras")
    assert found == [], "use `from <relative>util._dataclass import dataclass` in: " + ", ".join(found)


@pytest.mark.skipif(sys.version_info < (3, 13), reason="field-by-field equality is 3.13's")
def test_on_313_equality_returns_the_first_false_field_result() -> None:
    class Weird:
        def __eq__(self, other: object) -> Any:
            return 0  # falsy, not False

    std = STD["One"](Weird()) == STD["One"](Weird())
    ours = OURS["One"](Weird()) == OURS["One"](Weird())
    assert (type(ours), ours) == (type(std), std) == (int, 0)
