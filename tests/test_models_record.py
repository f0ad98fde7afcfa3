"""The records' shared `==` and `repr()` (domain/models.py `Record`) behave as the ones `@dataclass` writes."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mockscaling.domain import models
from mockscaling.domain.models import Record

RECORDS = sorted((cls for cls in vars(models).values() if isinstance(cls, type) and issubclass(cls, Record) and cls is not Record),
                 key=lambda cls: cls.__name__)
VALUES = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=5),
                   st.lists(st.integers(), max_size=2))


def _twin(cls: type) -> type:
    """A dataclass with the same fields whose `__eq__` and `__repr__` are the generated ones."""
    twin = dataclasses.make_dataclass(cls.__name__, [(f.name, Any) for f in dataclasses.fields(cls)], slots=True)
    twin.__qualname__ = cls.__qualname__
    return twin


def test_every_record_is_a_slotted_dataclass_without_generated_eq_or_repr():
    assert len(RECORDS) >= 29
    for cls in RECORDS:
        assert dataclasses.is_dataclass(cls) and "__slots__" in vars(cls), cls
        assert "__eq__" not in vars(cls) and "__repr__" not in vars(cls), cls  # Record's, not generated ones


@pytest.mark.parametrize("cls", RECORDS, ids=lambda cls: cls.__name__)
@settings(max_examples=25)
@given(data=st.data())
def test_eq_repr_and_hash_match_a_generated_dataclass(cls, data):
    names = [f.name for f in dataclasses.fields(cls)]
    first = data.draw(st.lists(VALUES, min_size=len(names), max_size=len(names)))
    second = data.draw(st.one_of(st.just(list(first)), st.lists(VALUES, min_size=len(names), max_size=len(names))))
    twin = _twin(cls)
    ours, theirs = cls(*first), twin(*first)
    assert repr(ours) == repr(theirs)
    assert (ours == cls(*second)) == (theirs == twin(*second))
    assert (ours != cls(*second)) == (theirs != twin(*second))
    assert ours.__eq__(theirs) is NotImplemented and ours != theirs  # another class is never equal
    with pytest.raises(TypeError, match="unhashable"):
        hash(ours)


def test_a_record_inside_itself_repr_as_dots():
    schedule = models.Schedule(*["x"] * 8)  # type: ignore[arg-type]
    schedule.layers.append(schedule)  # type: ignore[arg-type]
    assert repr(schedule).count("Schedule(") == 1 and "layers=[...]" in repr(schedule)
