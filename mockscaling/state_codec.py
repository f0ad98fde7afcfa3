"""Turns the store's dataclasses into JSON-able dicts and back (for /_mock/state and state files)."""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import datetime, time
from functools import cache
from typing import Any

from .timefmt import format_time, parse_datetime


def to_jsonable(value: Any) -> Any:
    """A JSON-able copy of a dataclass tree (datetimes as ISO strings, times as HH:MM)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, datetime):
        return format_time(value)
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, dict):
        return {key: to_jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(item) for item in value]
    return value


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def from_jsonable(cls: Any, value: Any) -> Any:
    """Rebuild an instance of `cls` (a dataclass or a typing annotation) from `to_jsonable` output.

    Raises ValueError/TypeError/KeyError on data that does not fit.
    """
    origin = typing.get_origin(cls)
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in typing.get_args(cls):
            return None
        inner = [arg for arg in typing.get_args(cls) if arg is not type(None)]
        return from_jsonable(inner[0], value)
    if value is None:
        # Only an optional field (`X | None`) may be null: a null anywhere else would load, then 500 later.
        raise TypeError(f"null where {getattr(cls, '__name__', cls)} is expected")
    if origin is list:
        (item_type,) = typing.get_args(cls)
        if not isinstance(value, list):
            raise TypeError(f"expected a list, got {type(value).__name__}")
        return [from_jsonable(item_type, item) for item in value]
    if origin is dict:
        _, item_type = typing.get_args(cls)
        if not isinstance(value, dict):
            raise TypeError(f"expected an object, got {type(value).__name__}")
        return {key: from_jsonable(item_type, item) for key, item in value.items()}
    if dataclasses.is_dataclass(cls):
        if not isinstance(value, dict):
            raise TypeError(f"expected an object for {cls.__name__}")
        hints = _hints(cls)
        names = {f.name for f in dataclasses.fields(cls)}
        unknown = set(value) - names
        if unknown:
            raise KeyError(f"unknown fields for {cls.__name__}: {sorted(unknown)}")
        return cls(**{name: from_jsonable(hints[name], item) for name, item in value.items()})
    if cls is datetime:
        return parse_datetime(value)
    if cls is time:
        return time.fromisoformat(value)
    if cls is dict:
        if not isinstance(value, dict):
            raise TypeError("expected an object")
        return value
    if cls in (str, int, bool, float) and not isinstance(value, cls):
        raise TypeError(f"expected {cls.__name__}, got {type(value).__name__}")
    return value
