"""Shared base model and helpers for the wire types."""

from collections.abc import Callable
from importlib import import_module
from typing import Any, ClassVar, Literal, get_args

from pydantic import BaseModel, ConfigDict, Discriminator, Tag

_UNKNOWN_TAG = "__unknown__"
_STR_TAG = "__str__"


def _new_list() -> list[Any]:
    """``default_factory`` of the list fields.

    A Python function rather than ``list``: pydantic reads the factory's signature for every such
    field when it builds a validator, and a builtin's signature is parsed from its text (slow).
    """
    return []


def _new_dict() -> dict[str, Any]:
    """``default_factory`` of the dict fields (a Python function, as ``_new_list``)."""
    return {}


class _WireModel(BaseModel):
    """Base of every server-sent object.

    Unknown fields are kept (and dumped again), so a field the server adds later survives a round
    trip. Validators are built on first use (``defer_build``), which keeps importing the ~200 wire
    classes cheap.
    """

    model_config = ConfigDict(
        extra="allow",
        defer_build=True,
        populate_by_name=True,
        serialize_by_alias=True,
        protected_namespaces=(),
    )

    # Discriminator-like fields (``type``, ``role``, ``object``) that this class gives a default.
    # (No ``from __future__ import annotations`` in this module: pydantic re-evaluates a string
    # annotation of this base for every one of the ~200 wire classes.)
    _agentkit_fixed_fields: ClassVar[tuple[str, ...]] = ()

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        fixed = []
        for name in ("type", "role", "object"):
            field = cls.model_fields.get(name)
            if field is not None and not field.is_required() and field.default is not None:
                fixed.append(name)
        cls._agentkit_fixed_fields = tuple(fixed)

    def __init__(self, /, **data: Any) -> None:
        super().__init__(**data)
        # ``type`` (and ``role``/``object``) have defaults so keyword construction may leave them
        # out, but they must still be sent: count them as set so ``model_dump(exclude_unset=True)``
        # keeps them. Parsed data carries them anyway, so ``model_validate`` skips this (below).
        if self._agentkit_fixed_fields:
            self.__pydantic_fields_set__.update(self._agentkit_fixed_fields)

    # Marks this ``__init__`` as pydantic's own, so ``model_validate`` keeps its fast path and
    # does not call back into Python for every parsed object.
    __init__.__pydantic_base_init__ = True  # type: ignore[attr-defined]

    def to_dict(
        self,
        *,
        mode: Literal["json", "python"] = "python",
        exclude_unset: bool = True,
        exclude_none: bool = False,
    ) -> dict[str, Any]:
        """Return the object as a plain dict, by default only with the fields that were set."""
        return self.model_dump(mode=mode, exclude_unset=exclude_unset, exclude_none=exclude_none)

    def to_json(self, *, indent: int | None = 2, exclude_unset: bool = True) -> str:
        """Return the object as a JSON string, by default only with the fields that were set."""
        return self.model_dump_json(indent=indent, exclude_unset=exclude_unset)


class _OpenDispatch:
    """Callable discriminator: the object's ``type`` when the union knows it, else the fallback tag."""

    __slots__ = ("__name__", "allow_str", "known")

    def __init__(self) -> None:
        # pydantic names the tagged-union validator after the callable.
        self.__name__ = "type"
        self.known: frozenset[str] = frozenset()
        self.allow_str = False

    def __call__(self, value: Any) -> str:
        if isinstance(value, dict):
            tag = value.get("type")
        elif isinstance(value, str):
            return _STR_TAG if self.allow_str else _UNKNOWN_TAG
        else:
            tag = getattr(value, "type", None)
        # An unhashable tag (a list or dict from hostile JSON) is unknown, not a TypeError.
        return tag if isinstance(tag, str) and tag in self.known else _UNKNOWN_TAG


def _open_discriminator() -> Any:
    """A discriminator for a union of models tagged by ``type`` plus a fallback tagged unknown.

    The closed unions of the official SDK reject a ``type`` they do not know; a server that adds
    one must not break a run, so such an object is kept as the fallback model instead. Call
    ``_seal`` on the finished alias to tell the discriminator which tags exist.
    """
    return Discriminator(_OpenDispatch())


def _seal(alias: Any) -> dict[str, Any]:
    """Fill in the known tags of an alias built with ``_open_discriminator``; return tag -> class."""
    union, *metadata = get_args(alias)
    dispatch = next(m.discriminator for m in metadata if isinstance(m, Discriminator))
    assert isinstance(dispatch, _OpenDispatch)
    by_tag: dict[str, Any] = {}
    for member in get_args(union):
        cls, *tags = get_args(member)
        for tag in tags:
            if isinstance(tag, Tag):
                by_tag[tag.tag] = cls
    dispatch.allow_str = _STR_TAG in by_tag
    dispatch.known = frozenset(by_tag) - {_UNKNOWN_TAG, _STR_TAG}
    return by_tag


def _publish(namespace: dict[str, Any], module: str) -> tuple[type[_WireModel], ...]:
    """Give the classes defined in ``module`` their package's name as ``__module__``.

    Users import, pickle and see the wire classes under the package's name, whichever private
    module defines them. Returns the wire models among them, in definition order.
    """
    package = module.rpartition(".")[0]
    defined = [
        value for value in namespace.values() if getattr(value, "__module__", None) == module
    ]
    for value in defined:
        value.__module__ = package
    return tuple(v for v in defined if isinstance(v, type) and issubclass(v, _WireModel))


def _lazy_groups(
    package: str, namespace: dict[str, Any], groups: dict[str, frozenset[str]]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """A package's PEP 562 ``__getattr__`` and ``__dir__`` for names defined in private modules.

    ``groups`` maps each private module (relative to ``package``) to the names it defines. The
    first access to one of them imports its module and copies all of them into ``namespace`` at
    once, so afterwards they are plain module attributes (``vars()`` lists them).
    """
    every = frozenset().union(*groups.values())

    def __getattr__(name: str) -> Any:
        for module, names in groups.items():
            if name in names:
                source = import_module(f".{module}", package)
                namespace.update({n: getattr(source, n) for n in names})
                return namespace[name]
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    def __dir__() -> list[str]:
        return sorted(set(namespace) | every)

    return __getattr__, __dir__
