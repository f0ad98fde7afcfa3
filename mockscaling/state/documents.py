"""Decoding a whole state document with its checks: one pass for a dump's own form, step by step otherwise.

The step-by-step checks (the shape caps, the codec's decoders, the values, the instants) each walk the
whole document or its records again. The one pass decodes a record with a function generated once per
record class and depth, which checks the depth cap and the instant range as it goes. It accepts only
what it can vouch for: the exact types a JSON parser makes, every field present, every instant inside
the range, nesting below the cap. Anything else (a refusal or an unusual but valid document) goes the
step-by-step way, whose checks name what is wrong; so the two always accept and refuse alike, with the
same message (tests/test_state_decoding.py checks it on generated documents).
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Callable
from datetime import datetime, time
from functools import cache
from typing import Any

from .. import chosen
from .codec import from_jsonable, gc_paused, optional_inner, parse_instant_text
from .json_limits import STATE_LIMITS, ShapeLimits, check_shape
from .values import check_instants, check_values, check_windows

# The one pass checks the state document's only shape cap, its depth; were another cap added to
# STATE_LIMITS, every document would go the step-by-step way until the one pass learnt it.
_MAX_DEPTH = STATE_LIMITS.max_depth
_DEPTH_ONLY = STATE_LIMITS == ShapeLimits(max_depth=_MAX_DEPTH)

# What a JSON parser makes of a value that holds nothing inside.
_JSON_SCALARS = frozenset({str, int, float, bool, type(None)})
_INLINE = {str: "str", int: "int", bool: "bool", float: "float"}


class _Unsure(Exception):
    """The one pass cannot vouch for this value: the step-by-step checks decide."""


def _unsure(*_: Any) -> Any:
    raise _Unsure


def decode_document(document: dict[str, Any], classes: dict[str, type]) -> dict[str, list[Any]]:
    """The records of every collection of a whole state document (`classes`: collection name -> record
    class, in the document's order), with every check of the step-by-step way passed.

    Raises what decode_step_by_step raises (ValueError, TypeError, KeyError, ...) for a document that does
    not fit. The document's top level must be checked already (store/state_document.py).

    Example::

        decode_document(store.dump_state(), {"incidents": Incident, "pages": Page, ...})["incidents"]
    """
    loaded = decode_in_one_pass(document, classes)
    if loaded is None:
        return decode_step_by_step(document, classes)
    check_values(loaded)
    check_windows(loaded)  # the instants' range was checked on the way
    return loaded


def decode_step_by_step(document: dict[str, Any], classes: dict[str, type]) -> dict[str, list[Any]]:
    """decode_document the slow way: each check walks the whole document or its records, the first
    failing one names what is wrong.

    Example::

        decode_step_by_step({"incidents": [], "pages": []}, {"incidents": Incident, "pages": Page})
    """
    check_shape(document, STATE_LIMITS)  # nesting (event data is free-form), before any recursion
    with gc_paused():
        loaded = {name: [from_jsonable(cls, item) for item in document[name]] for name, cls in classes.items()}
    check_values(loaded)  # enums and ranges the rules rely on (a ValueError)
    check_instants(loaded)  # every instant inside chosen.INSTANT_RANGE
    return loaded


def decode_in_one_pass(document: dict[str, Any], classes: dict[str, type]) -> dict[str, list[Any]] | None:
    """Every collection decoded with the depth cap and the instant range checked, or None when the one
    pass cannot vouch for the document (check_values and check_windows are still to run).

    Example::

        decode_in_one_pass(store.dump_state(), classes) is not None   # True: a dump's own form
    """
    if not _DEPTH_ONLY:
        return None
    low, high = chosen.INSTANT_RANGE
    try:
        with gc_paused():
            # A collection is a list at depth 1 (the document is at 0), its records at depth 2.
            return {name: _decoder(list[cls], 1, low, high)(document[name]) for name, cls in classes.items()}  # type: ignore[valid-type]
    except Exception:  # noqa: BLE001 - whatever went wrong, the step-by-step way names it (or loads it)
        return None


@cache
def _decoder(hint: Any, depth: int, low: datetime, high: datetime) -> Callable[[Any], Any]:
    """How the one pass decodes a value of type `hint` sitting at `depth` (the document is at 0)."""
    inner = optional_inner(hint)
    if inner is not None:
        decode_inner = _decoder(inner, depth, low, high)
        return lambda value: None if value is None else decode_inner(value)
    origin = typing.get_origin(hint)
    is_container = origin in (list, dict) or hint is dict or dataclasses.is_dataclass(hint)
    if is_container and depth >= _MAX_DEPTH:
        return _unsure  # any list or object here is nested too deep (the step-by-step way says where)
    if dataclasses.is_dataclass(hint):
        return _record_decoder(hint, depth, low, high)
    if origin is list:
        (item,) = typing.get_args(hint)
        if item in _INLINE:
            only = frozenset({item})
            return lambda value: value[:] if type(value) is list and only.issuperset(map(type, value)) else _unsure()
        decode_item = _decoder(item, depth + 1, low, high)
        return lambda value: [decode_item(element) for element in value] if type(value) is list else _unsure()
    if origin is dict:
        _, item = typing.get_args(hint)
        decode_value = _decoder(item, depth + 1, low, high)
        return lambda value: {key: decode_value(element) for key, element in value.items()} if type(value) is dict else _unsure()
    if hint is dict:
        return lambda value: value if type(value) is dict and _plain_json(value, depth) else _unsure()
    if hint is Any:
        # Never null (the codec refuses a null where the type is not optional); JSON of any shape.
        return lambda value: value if value is not None and _plain_json(value, depth) else _unsure()
    if hint in _INLINE:
        return lambda value: value if type(value) is hint else _unsure()
    if hint is datetime:
        return lambda value: moment if low <= (moment := parse_instant_text(value)) < high else _unsure()
    if hint is time:
        return lambda value: time.fromisoformat(value) if type(value) is str else _unsure()
    return _unsure  # a type the one pass does not know: the step-by-step way decodes it


def _plain_json(value: Any, depth: int) -> bool:
    """True when `value`, sitting at `depth`, holds only what a JSON parser makes and no list or object at
    the depth cap (a free-form field such as an event's data)."""
    limit = _MAX_DEPTH
    if type(value) is dict and depth < limit and _JSON_SCALARS.issuperset(map(type, value.values())):
        return True  # the usual event data: one object of plain values
    if type(value) in _JSON_SCALARS:
        return True
    level = [value]
    while level:
        if depth >= limit:
            return False
        children = []
        for container in level:
            kind = type(container)
            if kind is dict:
                children.extend(container.values())
            elif kind is list:
                children.extend(container)
            else:
                return False
        level = [child for child in children if type(child) not in _JSON_SCALARS]
        depth += 1
    return True


def _record_decoder(cls: type, depth: int, low: datetime, high: datetime) -> Callable[[Any], Any]:
    """One generated function per record class and depth: `cls(...)` from an object holding every field,
    plain types, instants, lists and nested records checked inline, the rest through _decoder's functions."""
    hints = typing.get_type_hints(cls)
    fields = dataclasses.fields(cls)
    if not all(f.init for f in fields):
        return _unsure  # a field the constructor does not take: the codec's decoder knows what to do
    namespace: dict[str, Any] = {
        "cls": cls, "count": len(fields), "dict": dict, "len": len, "list": list, "unsure": _unsure,
        "parse_instant": parse_instant_text, "low": low, "high": high, "scalars": _JSON_SCALARS, "map": map, "type": type,
        **{name: kind for kind, name in _INLINE.items()},
    }
    inner_depth = depth + 1  # where a field's list or object sits
    arguments = []
    for index, f in enumerate(fields):
        hint = hints[f.name]
        inner = optional_inner(hint)
        read = f"value[{f.name!r}]"
        item = typing.get_args(hint)[0] if typing.get_origin(hint) is list else None
        if hint in _INLINE:
            argument = f"x if type(x := {read}) is {_INLINE[hint]} else unsure()"
        elif inner in _INLINE:
            argument = f"x if (x := {read}) is None or type(x) is {_INLINE[inner]} else unsure()"
        elif hint is datetime:
            argument = f"m if low <= (m := parse_instant({read})) < high else unsure()"
        elif inner is datetime:
            argument = f"None if (x := {read}) is None else m if low <= (m := parse_instant(x)) < high else unsure()"
        elif inner_depth + 1 >= _MAX_DEPTH:  # near the cap: the general functions see to it
            namespace[f"d{index}"] = _decoder(hint, inner_depth, low, high)
            argument = f"d{index}({read})"
        elif item in _INLINE:
            namespace[f"t{index}"] = frozenset({item})
            argument = f"x[:] if type(x := {read}) is list and t{index}.issuperset(map(type, x)) else unsure()"
        elif dataclasses.is_dataclass(item):
            namespace[f"r{index}"] = _decoder(item, inner_depth + 1, low, high)
            argument = f"[r{index}(i) for i in x] if type(x := {read}) is list else unsure()"
        elif dataclasses.is_dataclass(inner):
            namespace[f"r{index}"] = _decoder(inner, inner_depth, low, high)
            argument = f"None if (x := {read}) is None else r{index}(x)"
        elif hint is dict:  # free-form (event data): usually one object of plain values
            namespace[f"d{index}"] = _decoder(hint, inner_depth, low, high)
            argument = f"x if type(x := {read}) is dict and scalars.issuperset(map(type, x.values())) else d{index}(x)"
        else:
            namespace[f"d{index}"] = _decoder(hint, inner_depth, low, high)
            argument = f"d{index}({read})"
        # Positional arguments where the constructor takes them: a call with 19 keywords costs 4 times more.
        arguments.append((f.kw_only, f"{f.name}=({argument})" if f.kw_only else f"({argument})"))
    arguments.sort(key=lambda pair: pair[0])  # keyword-only ones last (a stable sort keeps the order)
    # As many keys as fields, and each field read below (a missing one is a KeyError): the same keys.
    source = (
        "def decode(value):\n"
        "    if type(value) is not dict or len(value) != count:\n"
        "        unsure()\n"
        "    return cls(" + ", ".join(text for _, text in arguments) + ")\n"
    )
    exec(compile(source, f"<one-pass decoder of {cls.__name__} at depth {depth}>", "exec"), namespace)  # noqa: S102 - our own field names
    return namespace["decode"]
