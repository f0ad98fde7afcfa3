"""`Record` and `FrozenRecord`: the `==`, `repr()` and hash that `@dataclass` would write, shared by every dataclass.

Why not the generated ones: `@dataclass` writes and compiles new source for every method of every class, and
`__eq__`, `__repr__` and `__hash__` of the records and value objects were over a third of their modules'
import, which every fresh process pays before its first answer (docs/performance.md, start-up). These read
the fields instead and behave the same: equal when of the same class with equal fields (tuples compared, as
@dataclass does), `Organization(id='org_acme', name='Acme', next_sequential_id=1)` without the fields marked
`repr=False`, `...` for a record inside itself; a `Record` is unhashable (mutable), a `FrozenRecord` is hashed
by its fields.
"""

from __future__ import annotations

from dataclasses import fields
from functools import cache
from operator import attrgetter
from reprlib import recursive_repr
from typing import Any


class Record:
    """Base of a mutable dataclass declared with `repr=False, eq=False`: the generated `==` and `repr()`.

    Example::

        @dataclass(slots=True, repr=False, eq=False)
        class Thing(Record):
            id: str
    """

    __slots__ = ()
    __hash__ = None  # type: ignore[assignment]  # what @dataclass sets for a mutable class with eq

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        values = _compared(self.__class__)
        return values(self) == values(other)

    @recursive_repr()
    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in _shown(self.__class__))
        return f"{self.__class__.__qualname__}({shown})"


class FrozenRecord(Record):
    """Base of a frozen dataclass declared with `repr=False, eq=False`: the generated `==`, `repr()` and hash.

    Example::

        @dataclass(frozen=True, repr=False, eq=False)
        class Point(FrozenRecord):
            x: int
    """

    __slots__ = ()

    def __hash__(self) -> int:
        return hash(tuple([getattr(self, name) for name in _hashed(self.__class__)]))


@cache
def _compared(cls: type) -> Any:
    """The tuple of a record's compared fields (all of them unless `field(compare=False)`)."""
    # Always a tuple, as @dataclass compares (tuples check identity first), even for one field: the class
    # is the same on both sides.
    return attrgetter(*[f.name for f in fields(cls) if f.compare], "__class__")


@cache
def _shown(cls: type) -> tuple[str, ...]:
    """The names `repr()` shows, in field order (all of them unless `field(repr=False)`)."""
    return tuple(f.name for f in fields(cls) if f.repr)


@cache
def _hashed(cls: type) -> tuple[str, ...]:
    """The names the hash reads: `field(hash=...)` when given, else the compared fields (as @dataclass)."""
    return tuple(f.name for f in fields(cls) if (f.compare if f.hash is None else f.hash))
