"""agentkit's ``dataclass``: shared ``__repr__``/``__eq__`` and an ``__init__`` made on first use.

Every class shape is declared twice, once with ``dataclasses.dataclass`` and once with agentkit's,
and the two must behave the same: signature and docstring (read before and after the first
instance), construction, ``__post_init__``, repr, equality against equal, unequal and foreign
values, hash, frozen assignment, recursion, inheritance, slots, pickling and the dataclass helpers.
"""

from __future__ import annotations

import ast
import dataclasses
import inspect
import math
import pickle
import re
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agentkit.util import _dataclass
from agentkit.util._dataclass import _LazyInit
from agentkit.util._dataclass import dataclass as agentkit_dataclass

ROOT = Path(__file__).resolve().parents[2]

Decorator = Callable[..., Any]


def _shapes(dc: Decorator) -> dict[str, type]:
    """The same set of classes, declared with the decorator ``dc``."""

    @dc
    class Plain:
        """A default and a default factory."""

        a: int
        b: str = "x"
        c: list[int] = dataclasses.field(default_factory=list)

    @dc
    class Hidden:
        """Fields out of the repr and out of comparisons, and a class variable."""

        a: int
        secret: str = dataclasses.field(default="s", repr=False)
        noise: float = dataclasses.field(default=0.0, compare=False)
        kind: ClassVar[str] = "hidden"

    @dc
    class Empty:
        """No field."""

    @dc
    class One:
        """One field."""

        a: Any

    @dc
    class NoDoc:
        a: int
        b: list[int] = dataclasses.field(default_factory=list)

    @dc
    class WithPostInit:
        """An init-only variable, a field out of __init__ and __post_init__."""

        a: int
        scale: dataclasses.InitVar[int] = 2
        doubled: int = dataclasses.field(init=False, default=0)
        made: list[int] = dataclasses.field(init=False, default_factory=list)

        def __post_init__(self, scale: int) -> None:
            self.doubled = self.a * scale

    @dc(frozen=True)
    class Frozen:
        """Frozen."""

        a: int
        b: tuple[int, ...] = ()
        c: list[int] = dataclasses.field(default_factory=list, compare=False)

    @dc(slots=True)
    class Slotted:
        """Slots."""

        a: int
        b: int = 2

    @dc(kw_only=True)
    class KwOnly:
        """Keyword-only."""

        a: int
        b: int = 0

    @dc
    class Marker:
        """Keyword-only after the marker."""

        a: int
        _: dataclasses.KW_ONLY
        b: int = 1
        c: int = 2

    @dc(order=True)
    class Ordered:
        """Ordered."""

        a: int

    @dc(eq=False)
    class NoEq:
        """No __eq__."""

        a: int

    @dc(repr=False)
    class NoRepr:
        """No __repr__."""

        a: int

    @dc
    class OwnMethods:
        """Its own __repr__ and __eq__."""

        a: int

        def __repr__(self) -> str:
            return f"own {self.a}"

        def __eq__(self, other: object) -> bool:
            return isinstance(other, OwnMethods)

    @dc
    class OwnHash:
        """Its own __hash__."""

        a: int

        def __hash__(self) -> int:
            return 7

    @dc
    class OwnInit:
        """Its own __init__."""

        a: int

        def __init__(self, a: int, extra: int = 0) -> None:
            self.a = a + extra

    @dc
    class Base:
        """A base."""

        a: int

        def __post_init__(self) -> None:
            self.checked = True

    @dc
    class Child(Base):
        """A decorated subclass."""

        b: int = 1

    class Undecorated(Base):
        """A subclass that is not decorated."""

    class Delegating(Base):
        """A subclass whose __init__ calls the dataclass's through super()."""

        def __init__(self, a: int) -> None:
            super().__init__(a * 10)

    @dc
    class EmptyDefault:
        """A default that `inspect` reads as no default at all."""

        a: int = 0
        b: Any = inspect.Parameter.empty

    @dc
    class Node:
        """A value that may hold itself."""

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
    "NoDoc": ((1,), (1, [2])),
    "WithPostInit": ((3, 4), (3,)),
    "Frozen": ((1, (2,)), (1, (3,))),
    "Slotted": ((1, 2), (1, 3)),
    "Ordered": ((1,), (2,)),
    "NoEq": ((1,), (1,)),
    "NoRepr": ((1,), (2,)),
    "OwnMethods": ((1,), (2,)),
    "OwnHash": ((1,), (2,)),
    "OwnInit": ((1, 2), (1,)),
    "Base": ((1,), (2,)),
    "Child": ((1, 2), (1, 3)),
    "Undecorated": ((1,), (2,)),
    "Delegating": ((1,), (2,)),
    "Node": ((1, None), (1, 2)),
    "EmptyDefault": ((), (1,)),
}
# Keyword-only shapes: keyword arguments instead.
KW_SAMPLES: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    "KwOnly": ({"a": 1}, {"a": 1, "b": 2}),
}


def _normal(text: str, cls: type) -> str:
    """``text`` without the class's name, the test's locals prefix and object addresses."""
    text = text.replace(cls.__qualname__, "<cls>").replace(cls.__name__, "<cls>")
    return re.sub(r" at 0x[0-9a-f]+", "", text)


def _outcome(call: Callable[[], Any]) -> Any:
    try:
        return ("ok", call())
    except Exception as exc:
        return ("raises", type(exc))


def _declared(cls: type) -> dict[str, Any]:
    """What a class shows before any instance is made: the first thing may generate __init__."""
    return {
        "signature": _outcome(lambda: _normal(str(inspect.signature(cls)), cls)),
        "doc": _normal(cls.__doc__ or "", cls),
        "init qualname": _normal(cls.__init__.__qualname__, cls),
        "init module": cls.__init__.__module__,
        "fields": [(f.name, f.default, f.init, f.kw_only) for f in dataclasses.fields(cls)],
        "match_args": getattr(cls, "__match_args__", None),
        "slots": getattr(cls, "__slots__", None),
        "subclasses": len(cls.__subclasses__()),
        "mro": len(cls.__mro__),
    }


def _observe(cls: type, same: Any, other: Any) -> dict[str, Any]:
    """What a user can see of a class: everything but the addresses of its objects."""

    def make(arguments: Any) -> Any:
        return cls(**arguments) if isinstance(arguments, dict) else cls(*arguments)

    first, second, different = make(same), make(same), make(other)
    seen = {
        **_declared(cls),
        "repr": _normal(repr(first), cls),
        "state": _outcome(lambda: dict(vars(first))),
        "eq same": first == second,
        "eq self": first == first,
        "eq different": first == different,
        "ne different": first != different,
        "eq foreign": first == ("not", "a", "dataclass"),
        "eq method foreign": cls.__eq__(first, 1),
        "hash": _outcome(lambda: hash(first) == hash(second)),
        "hash attr is None": cls.__hash__ is None,
        "replace": _outcome(lambda: dataclasses.replace(first) == first),
        "asdict": dataclasses.asdict(first),
        "set": _outcome(lambda: setattr(make(same), "a", 5)),
        "no argument": _outcome(lambda: make(()) is not None),
    }
    if cls.__name__ == "Ordered":
        seen["lt"] = first < different
    return seen


@pytest.mark.parametrize("name", sorted(SAMPLES) + sorted(KW_SAMPLES))
def test_every_shape_behaves_as_the_standard_decorator_makes_it(name: str) -> None:
    same, other = SAMPLES.get(name) or KW_SAMPLES[name]
    assert _observe(OURS[name], same, other) == _observe(STD[name], same, other)


def test_a_marker_makes_the_same_keyword_only_fields() -> None:
    for shapes in (STD, OURS):
        with pytest.raises(TypeError):
            shapes["Marker"](1, 2)
    assert _observe(OURS["Marker"], {"a": 1}, {"a": 1, "c": 3}) == _observe(
        STD["Marker"], {"a": 1}, {"a": 1, "c": 3}
    )


@pytest.mark.parametrize("name", sorted(SAMPLES) + sorted(KW_SAMPLES) + ["Marker"])
def test_a_class_declares_the_same_init_before_its_first_instance(name: str) -> None:
    """Signature, docstring and the rest, read before anything has generated the __init__."""
    fresh = _shapes(agentkit_dataclass)  # all of them: subclasses are counted
    assert _declared(fresh[name]) == _declared(STD[name])


def test_init_is_generated_on_first_use_only() -> None:
    fresh = _shapes(agentkit_dataclass)
    lazy = {name for name, cls in fresh.items() if isinstance(vars(cls).get("__init__"), _LazyInit)}
    # Classes without a docstring, with slots or with their own __init__ get it at once.
    assert lazy >= {"Plain", "Frozen", "WithPostInit", "KwOnly", "Base", "Child", "Node"}
    assert not lazy & {"NoDoc", "Slotted", "OwnInit", "Undecorated", "Delegating"}
    fresh["Delegating"](1)  # through super(), from a subclass
    assert not isinstance(vars(fresh["Base"])["__init__"], _LazyInit)
    assert isinstance(vars(fresh["Plain"])["__init__"], _LazyInit)
    assert fresh["Plain"](1).c == []
    assert vars(fresh["Plain"])["__init__"].__qualname__.endswith("Plain.__init__")
    assert fresh["Plain"].__subclasses__() == []


def test_threads_racing_for_the_first_instance_all_get_one() -> None:
    fresh = _shapes(agentkit_dataclass)["WithPostInit"]
    barrier = threading.Barrier(8)
    made: list[Any] = []

    def build() -> None:
        barrier.wait(5)
        made.append(fresh(2, 5))

    workers = [threading.Thread(target=build) for _ in range(8)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(5)
    assert [(m.a, m.doubled) for m in made] == [(2, 10)] * 8
    assert not isinstance(vars(fresh)["__init__"], _LazyInit)


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
def test_equality_of_any_values_matches_the_standard_decorator(
    left: list[Any], right: list[Any]
) -> None:
    nan_first = [math.nan, *left]
    for a, b in (
        (left, right),
        (left, list(left)),
        (nan_first, nan_first),
        (nan_first, list(nan_first)),
    ):
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
            elif (
                isinstance(node, ast.Attribute)
                and node.attr == "dataclass"
                and isinstance(node.value, ast.Name)
                and node.value.id == "dataclasses"
            ):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_the_package_declares_its_dataclasses_with_the_shared_methods() -> None:
    """A new module that imports ``dataclasses.dataclass`` would quietly bring the compiles back."""
    found = _stdlib_dataclass_imports(ROOT / "agentkit") + _stdlib_dataclass_imports(
        ROOT / "extras"
    )
    assert found == [], "use `from <relative>util._dataclass import dataclass` in: " + ", ".join(
        found
    )


@pytest.mark.skipif(sys.version_info < (3, 13), reason="field-by-field equality is 3.13's")
def test_on_313_equality_returns_the_first_false_field_result() -> None:
    class Weird:
        def __eq__(self, other: object) -> Any:
            return 0  # falsy, not False

    std = STD["One"](Weird()) == STD["One"](Weird())
    ours = OURS["One"](Weird()) == OURS["One"](Weird())
    assert (type(ours), ours) == (type(std), std) == (int, 0)


def test_a_fresh_process_compiles_inits_only_for_the_classes_it_makes() -> None:
    probe = """
import inspect
from agentkit import Agent, FileSearchTool, HostedMCPTool, RunConfig
from agentkit.util._dataclass import _LazyInit
agent = Agent(name="a")
lazy = lambda cls: isinstance(vars(cls)["__init__"], _LazyInit)
print(lazy(Agent), lazy(HostedMCPTool), lazy(FileSearchTool), lazy(RunConfig))
FileSearchTool(vector_store_ids=["vs"])
print(lazy(FileSearchTool), str(inspect.signature(RunConfig)) != "", lazy(RunConfig))
"""
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert done.stdout.split() == ["False", "True", "True", "True", "False", "True", "False"]
