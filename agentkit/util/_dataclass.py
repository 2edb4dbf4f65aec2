"""``dataclass`` for agentkit's own classes: the standard decorator, with shared ``__repr__``/``__eq__``.

``dataclasses.dataclass`` writes a ``__repr__`` and an ``__eq__`` for every class as source text and
compiles them with ``exec``. For the hundred or so dataclasses a cold start loads, those compiles are
about 6% of the whole process (issue 15). Here the two methods are compiled once, with this module:
each class gets closures over an ``operator.attrgetter`` of its fields, which cost no compile, and
they return what the generated methods return:

- ``__repr__``: ``QualName(field=value, ...)`` over the fields with ``repr=True``, ``...`` on
  recursion, as ``dataclasses`` does;
- ``__eq__``: ``NotImplemented`` for another class, else the fields with ``compare=True`` compared as
  the running Python's ``dataclasses`` compares them (as tuples before 3.13, field by field after);
- ``__hash__`` is set to ``None`` exactly where ``dataclasses`` would set it.

``__init__`` and everything else come from ``dataclasses`` unchanged, so ``fields``, ``replace``,
``asdict``, ``__match_args__``, slots and pickling behave as before. What differs:
``__dataclass_params__`` reports ``repr``/``eq`` as ``False`` for the classes given the shared methods.
Frozen, ordered and ``unsafe_hash`` classes keep the generated ``__eq__`` (and ``__hash__``); a method
a class writes itself is kept, as with ``dataclasses``.

Type checkers see ``dataclasses.dataclass`` itself, so every class stays a dataclass for them.
"""

from __future__ import annotations

import dataclasses
import sys
from _thread import get_ident
from collections.abc import Callable
from operator import attrgetter
from typing import TYPE_CHECKING, Any

__all__ = ["dataclass"]

# (id(obj), thread id) of the reprs in progress, as ``dataclasses``' recursion guard keeps them.
_REPR_RUNNING: set[tuple[int, int]] = set()


def _getter(names: tuple[str, ...]) -> Callable[[object], tuple[Any, ...]]:
    """A function returning the tuple of ``names``' values of an object."""
    if len(names) == 1:
        only = attrgetter(names[0])
        return lambda obj: (only(obj),)
    if not names:
        return lambda obj: ()
    return attrgetter(*names)


def _make_repr(cls: type) -> Callable[[Any], str]:
    names = tuple(f.name for f in dataclasses.fields(cls) if f.repr)
    values = _getter(names)

    def __repr__(self: Any) -> str:
        key = (id(self), get_ident())
        if key in _REPR_RUNNING:
            return "..."
        _REPR_RUNNING.add(key)
        try:
            inner = ", ".join(
                f"{name}={value!r}" for name, value in zip(names, values(self), strict=True)
            )
            return f"{self.__class__.__qualname__}({inner})"
        finally:
            _REPR_RUNNING.discard(key)

    return __repr__


def _make_eq(cls: type) -> Callable[[Any, object], Any]:
    values = _getter(tuple(f.name for f in dataclasses.fields(cls) if f.compare))

    if sys.version_info >= (3, 13):

        def __eq__(self: Any, other: object) -> Any:
            if self is other:
                return True
            if other.__class__ is not self.__class__:
                return NotImplemented
            result: Any = True
            for mine, theirs in zip(values(self), values(other), strict=True):
                result = mine == theirs
                if not result:
                    return result
            return result

    else:

        def __eq__(self: Any, other: object) -> Any:
            if other.__class__ is not self.__class__:
                return NotImplemented
            return values(self) == values(other)

    return __eq__


def _attach(cls: type, name: str, method: Callable[..., Any]) -> None:
    method.__qualname__ = f"{cls.__qualname__}.{name}"
    setattr(cls, name, method)


def _dataclass(cls: type | None = None, /, **params: Any) -> Any:
    def wrap(cls: type) -> type:
        own = cls.__dict__
        shared_repr = params.get("repr", True) and "__repr__" not in own
        plain = not (params.get("frozen") or params.get("order") or params.get("unsafe_hash"))
        shared_eq = params.get("eq", True) and plain and "__eq__" not in own
        options = {**params, "repr": params.get("repr", True) and not shared_repr}
        options["eq"] = params.get("eq", True) and not shared_eq
        made: type = dataclasses.dataclass(cls, **options)
        if shared_repr:
            _attach(made, "__repr__", _make_repr(made))
        if shared_eq:
            _attach(made, "__eq__", _make_eq(made))
            if "__hash__" not in own:
                # What ``dataclasses`` does for eq=True, frozen=False and no __hash__ of the class's own.
                made.__hash__ = None  # type: ignore[assignment]
        return made

    return wrap if cls is None else wrap(cls)


if TYPE_CHECKING:
    from dataclasses import dataclass as dataclass
else:
    dataclass = _dataclass
