"""Turns the store's dataclasses into JSON-able dicts and back (for /_mock/state and state files).

Each record class gets an encoder and a decoder built once from its type hints (a closure per field),
so dumping or loading 100,000 incidents does not re-inspect the classes per value.
"""

from __future__ import annotations

import dataclasses
import gc
import re
import types
import typing
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, time, timedelta
from functools import cache, lru_cache
from typing import Any

from ..domain.timefmt import format_time, parse_datetime

_ZERO = timedelta(0)


@lru_cache(maxsize=4096)
def _format_instant(value: datetime) -> str:
    # Stored instants are UTC already; isoformat is several times faster than format_time's strftime,
    # and one mutation stamps several fields with the same instant (the cache hits).
    if value.utcoffset() == _ZERO and value.year >= 1000:
        return value.isoformat(timespec="milliseconds")[:-6] + "Z"
    return format_time(value)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a whole store is encoded or decoded.

    Building hundreds of thousands of small objects triggers full collections that walk all of them
    again (a third of a 100,000-incident load); the records form no cycles worth collecting meanwhile.
    On the way out of a pause that made many objects, they go straight to the oldest generation: else
    the first young collection after it walks every one of them (0.1-0.3 s after a 100,000-incident
    load), and the records of a store live as long as the store anyway.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            # The young count keeps growing while paused; nothing frozen by the application (unfreezing
            # moves every frozen object, not only ours). Both calls splice lists: nothing is walked.
            if gc.get_count()[0] > _PROMOTED_AFTER and gc.get_freeze_count() == 0:
                gc.freeze()
                gc.unfreeze()
            gc.enable()


# Young objects left by a pause above which they are moved to the oldest generation: a young collection
# of this many takes about a millisecond; below, a small dump's objects (and any garbage cycle another
# thread made meanwhile) stay where the collector would look for them first.
_PROMOTED_AFTER = 10_000


_SCALARS = frozenset({str, int, bool, float, type(None)})


def to_jsonable(value: Any) -> Any:
    """A JSON-able copy of a dataclass tree (datetimes as ISO strings, times as HH:MM)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _encoder(type(value))(value)
    return _to_jsonable_any(value)


def _to_jsonable_any(value: Any) -> Any:
    if type(value) in _SCALARS:
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _encoder(type(value))(value)
    if isinstance(value, datetime):
        return _format_instant(value)
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, dict):
        return {key: _to_jsonable_any(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_to_jsonable_any(item) for item in value]
    return value


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def optional_inner(hint: Any) -> Any | None:
    """X for `X | None`, else None.

    Example::

        optional_inner(datetime | None)   # datetime
    """
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        inner = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        if len(inner) == 1 and type(None) in typing.get_args(hint):
            return inner[0]
    return None


def _value_encoder(hint: Any) -> Callable[[Any], Any] | None:
    """How to encode a value of type `hint` (None: as it is)."""
    inner = optional_inner(hint)
    if inner is not None:
        encode = _value_encoder(inner)
        return None if encode is None else (lambda value: None if value is None else encode(value))
    if hint is datetime:
        return _format_instant
    if hint is time:
        return lambda value: f"{value.hour:02d}:{value.minute:02d}"
    if hint in (str, int, bool, float):
        return None
    if typing.get_origin(hint) is list:
        (item,) = typing.get_args(hint)
        encode_item = _value_encoder(item)
        return list if encode_item is None else (lambda value: [encode_item(element) for element in value])
    if dataclasses.is_dataclass(hint):
        return _encoder(hint)
    return _to_jsonable_any  # dicts and anything else: encoded (and copied) generically


@cache
def _encoder(cls: type) -> Callable[[Any], dict[str, Any]]:
    """One generated function per record class: a dict display reading each field once."""
    hints = _hints(cls)
    namespace: dict[str, Any] = {}
    items = []
    for index, f in enumerate(dataclasses.fields(cls)):
        encode_value = _value_encoder(hints[f.name])
        if encode_value is None:
            items.append(f"{f.name!r}: record.{f.name}")
        else:
            namespace[f"e{index}"] = encode_value
            items.append(f"{f.name!r}: e{index}(record.{f.name})")
    source = "def encode(record):\n    return {" + ", ".join(items) + "}\n"
    exec(compile(source, f"<encoder of {cls.__name__}>", "exec"), namespace)  # noqa: S102 - our own field names
    return namespace["encode"]


def from_jsonable(cls: Any, value: Any) -> Any:
    """Rebuild an instance of `cls` (a dataclass or a typing annotation) from `to_jsonable` output.

    Raises ValueError/TypeError/KeyError on data that does not fit.
    """
    return _decoder(cls)(value)


def _type_name(cls: Any) -> str:
    return getattr(cls, "__name__", str(cls))


@cache
def _decoder(cls: Any) -> Callable[[Any], Any]:
    origin = typing.get_origin(cls)
    if origin in (typing.Union, types.UnionType):
        nullable = type(None) in typing.get_args(cls)
        inner = _decoder([arg for arg in typing.get_args(cls) if arg is not type(None)][0])

        def decode_union(value: Any) -> Any:
            if value is None and nullable:
                return None
            return inner(value)

        return decode_union
    if origin is list:
        (item_type,) = typing.get_args(cls)
        decode_item = _decoder(item_type)

        def decode_list(value: Any) -> list[Any]:
            if not isinstance(value, list):
                raise TypeError(f"null where {_type_name(cls)} is expected" if value is None else f"expected a list, got {type(value).__name__}")
            return [decode_item(item) for item in value]

        return decode_list
    if origin is dict:
        _, item_type = typing.get_args(cls)
        decode_value = _decoder(item_type)

        def decode_dict(value: Any) -> dict[Any, Any]:
            if not isinstance(value, dict):
                raise TypeError(f"null where {_type_name(cls)} is expected" if value is None else f"expected an object, got {type(value).__name__}")
            return {key: decode_value(item) for key, item in value.items()}

        return decode_dict
    if dataclasses.is_dataclass(cls):
        return _dataclass_decoder(cls)
    return _scalar_decoder(cls)


def _dataclass_decoder(cls: type) -> Callable[[Any], Any]:
    hints = _hints(cls)
    fields = [f.name for f in dataclasses.fields(cls)]
    names = frozenset(fields)
    decoders: dict[str, Callable[[Any], Any]] = {}
    fast: list[Callable[[Any], Any]] = []

    def decode_record(value: Any) -> Any:
        if not isinstance(value, dict):
            raise TypeError(f"null where {cls.__name__} is expected" if value is None else f"expected an object for {cls.__name__}")
        if not decoders:  # built lazily: record classes may refer to each other
            decoders.update({name: _decoder(hints[name]) for name in names})
            fast.append(_generated_decoder(cls, fields, hints, decoders))
        if len(value) == len(fields) and names.issuperset(value):
            return fast[0](value)  # every field present, as in a dump: one generated call
        if not names.issuperset(value):
            raise KeyError(f"unknown fields for {cls.__name__}: {sorted(set(value) - names)}")
        return cls(**{name: decoders[name](item) for name, item in value.items()})

    return decode_record


_INLINE_TYPES = {str: "str", int: "int", bool: "bool"}


def _generated_decoder(cls: type, fields: list[str], hints: dict[str, Any], decoders: dict[str, Callable]) -> Callable:
    """`cls(...)` with every field of a complete record: plain str/int/bool values are checked inline."""
    namespace: dict[str, Any] = {"cls": cls, "str": str, "int": int, "bool": bool}
    arguments = []
    for index, name in enumerate(fields):
        hint = hints[name]
        inner = optional_inner(hint)
        namespace[f"d{index}"] = decoders[name]
        read = f"value[{name!r}]"
        if hint in _INLINE_TYPES:
            arguments.append(f"{name}=(x if type(x := {read}) is {_INLINE_TYPES[hint]} else d{index}(x))")
        elif inner in _INLINE_TYPES:
            arguments.append(f"{name}=(x if (x := {read}) is None or type(x) is {_INLINE_TYPES[inner]} else d{index}(x))")
        else:
            arguments.append(f"{name}=d{index}({read})")
    source = "def decode(value):\n    return cls(" + ", ".join(arguments) + ")\n"
    exec(compile(source, f"<decoder of {cls.__name__}>", "exec"), namespace)  # noqa: S102 - our own field names
    return namespace["decode"]


# The dump's own form of an instant (`2026-04-07T10:00:00.000Z`), read without parse_datetime's work. Only
# this exact form: another 24-character text ending in Z (`2026-04-07T100000+05:00Z`) must not be read as UTC.
_DUMP_INSTANT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z")


@lru_cache(maxsize=4096)
def parse_instant_text(text: str) -> datetime:
    """The instant a state document's text names (as parse_datetime reads it), remembered for the last few
    thousand texts: one mutation stamps several fields with one instant. Raises ValueError or TypeError.

    Shared results are fine (datetimes are immutable) and save memory.

    Example::

        parse_instant_text("2026-04-07T10:00:00.000Z")   # datetime(2026, 4, 7, 10, tzinfo=UTC)
    """
    if _DUMP_INSTANT.fullmatch(text):
        return datetime.fromisoformat(text)  # Z: the UTC singleton itself, as parse_datetime gives
    return parse_datetime(text)


def _scalar_decoder(cls: Any) -> Callable[[Any], Any]:
    def not_null(value: Any) -> None:
        # Only an optional field (`X | None`) may be null: a null anywhere else would load, then 500 later.
        if value is None:
            raise TypeError(f"null where {_type_name(cls)} is expected")

    if cls is datetime:
        def decode_datetime(value: Any) -> datetime:
            not_null(value)
            return parse_instant_text(value) if type(value) is str else parse_datetime(value)

        return decode_datetime
    if cls is time:
        def decode_time(value: Any) -> time:
            not_null(value)
            return time.fromisoformat(value)

        return decode_time
    if cls is dict:
        def decode_plain_dict(value: Any) -> dict[Any, Any]:
            if not isinstance(value, dict):
                raise TypeError("null where dict is expected" if value is None else "expected an object")
            return value

        return decode_plain_dict
    if cls in (str, int, bool, float):
        def decode_scalar(value: Any) -> Any:
            not_null(value)
            # JSON true/false are Python bools, and bool is a subclass of int: a number field takes no bool.
            if not isinstance(value, cls) or (type(value) is bool and cls is not bool):
                raise TypeError(f"expected {cls.__name__}, got {type(value).__name__}")
            return value

        return decode_scalar

    def decode_any(value: Any) -> Any:
        not_null(value)
        return value

    return decode_any
