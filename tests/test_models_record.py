"""The shared `==`, `repr()` and hash of the dataclasses (domain/record.py) behave as the ones `@dataclass` writes."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mockscaling.app  # noqa: F401  (imports every module a fresh app uses, so every Record subclass)
from mockscaling.domain import models
from mockscaling.domain.record import FrozenRecord, Record


def _subclasses(cls: type) -> list[type]:
    found = []
    for sub in cls.__subclasses__():
        found += [sub, *_subclasses(sub)]
    return found


CLASSES = sorted({cls for cls in _subclasses(Record) if dataclasses.is_dataclass(cls) and cls.__module__.startswith("mockscaling.")},
                 key=lambda cls: (cls.__module__, cls.__name__))
FROZEN = {"ShapeLimits", "World", "Principal", "AlertRouting", "Tenant", "GuardSettings", "Doc"}
HASHABLE = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=5))
VALUES = st.one_of(HASHABLE, st.lists(st.integers(), max_size=2))


def _twin(cls: type) -> type:
    """A dataclass with the same fields and options whose `__eq__`, `__repr__` and hash are the generated ones."""
    params = cls.__dataclass_params__  # type: ignore[attr-defined]
    spec = [(f.name, Any, dataclasses.field(repr=f.repr, compare=f.compare, hash=f.hash)) for f in dataclasses.fields(cls)]
    twin = dataclasses.make_dataclass(cls.__name__, spec, frozen=params.frozen, slots="__slots__" in vars(cls))
    twin.__qualname__ = cls.__qualname__
    return twin


def test_every_startup_dataclass_shares_the_methods_instead_of_generating_them():
    names = {cls.__name__ for cls in CLASSES}
    assert {cls.__name__ for cls in vars(models).values() if isinstance(cls, type) and issubclass(cls, Record)} - {"Record"} <= names
    assert FROZEN | {"FaultPlan", "Incident", "Member"} <= names
    for cls in CLASSES:
        assert "__eq__" not in vars(cls) and "__repr__" not in vars(cls) and "__hash__" not in vars(cls), cls
        assert cls.__dataclass_params__.frozen == issubclass(cls, FrozenRecord) == (cls.__name__ in FROZEN), cls


@pytest.mark.parametrize("cls", CLASSES, ids=lambda cls: cls.__name__)
@settings(max_examples=25)
@given(data=st.data())
def test_eq_repr_and_hash_match_a_generated_dataclass(cls, data):
    count = len(dataclasses.fields(cls))
    values = HASHABLE if issubclass(cls, FrozenRecord) else VALUES
    first = data.draw(st.lists(values, min_size=count, max_size=count))
    second = data.draw(st.one_of(st.just(list(first)), st.lists(values, min_size=count, max_size=count)))
    twin = _twin(cls)
    ours, theirs = cls(*first), twin(*first)
    assert repr(ours) == repr(theirs)
    assert (ours == cls(*second)) == (theirs == twin(*second))
    assert (ours != cls(*second)) == (theirs != twin(*second))
    assert ours.__eq__(theirs) is NotImplemented and ours != theirs  # another class is never equal
    if issubclass(cls, FrozenRecord):
        assert hash(ours) == hash(theirs)
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(ours, dataclasses.fields(cls)[0].name, None)
    else:
        with pytest.raises(TypeError, match="unhashable"):
            hash(ours)


def test_a_record_inside_itself_repr_as_dots():
    schedule = models.Schedule(*["x"] * 8)  # type: ignore[arg-type]
    schedule.layers.append(schedule)  # type: ignore[arg-type]
    assert repr(schedule).count("Schedule(") == 1 and "layers=[...]" in repr(schedule)
