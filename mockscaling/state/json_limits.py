"""Shape caps on decoded JSON (list length, object size, string length, depth), checked before any schema."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .. import chosen
from ..domain.record import FrozenRecord


class ShapeError(ValueError):
    """A JSON document breaks one of the shape caps; the message names where (`componentIds`, `a.b[3]`)."""


@dataclass(frozen=True, repr=False, eq=False)  # FrozenRecord's ==, repr() and hash: none generated (domain/record.py)
class ShapeLimits(FrozenRecord):
    """The caps one kind of document must respect (None: no cap).

    Example::

        check_shape(document, API_BODY_LIMITS)
    """

    max_depth: int
    max_items: int | None = None
    max_members: int | None = None
    max_string: int | None = None


# What every API and control-plane body must respect (chosen/, issue 12).
API_BODY_LIMITS = ShapeLimits(
    max_depth=chosen.MAX_JSON_DEPTH,
    max_items=chosen.MAX_LIST_ITEMS,
    max_members=chosen.MAX_OBJECT_MEMBERS,
    max_string=chosen.MAX_STRING_CHARS,
)
# A state document holds whole collections, so only its depth is capped here (its values are checked
# record by record when it loads).
STATE_LIMITS = ShapeLimits(max_depth=chosen.MAX_STATE_DEPTH)


def _name(entry: tuple[Any, ...] | None) -> str:
    """The path of a stack entry (`a.b[3]`), worked out from its parents only when an error names it."""
    keys = []
    while entry is not None and entry[1] is not None:
        keys.append(entry[2])
        entry = entry[1]
    path = ""
    for key in reversed(keys):
        path = f"{path}[{key}]" if isinstance(key, int) else (f"{path}.{key}" if path else str(key))
    return path or "body"


def _flat_object_within(document: Any, limits: ShapeLimits) -> bool:
    """True for an object with no object or list inside that breaks no cap; False means "walk it"."""
    if not isinstance(document, dict) or limits.max_depth < 1:
        return False
    if limits.max_members is not None and len(document) > limits.max_members:
        return False
    max_string = limits.max_string
    for value in document.values():
        if isinstance(value, str):
            if max_string is not None and len(value) > max_string:
                return False
        elif isinstance(value, dict | list):
            return False
    return True


def _within_caps(document: Any, limits: ShapeLimits) -> bool:
    """True when `document` breaks no cap: one level of nesting at a time, in comprehensions, naming
    nothing. It looks at the same values as the walk in check_shape, which names the bad one when this
    answers False (a state document holds millions of values; only a bad one needs a path)."""
    containers = (dict, list)
    max_depth, max_items, max_members, max_string = (
        limits.max_depth, limits.max_items, limits.max_members, limits.max_string,
    )
    if not isinstance(document, containers):
        return not (max_string is not None and isinstance(document, str) and len(document) > max_string)
    level, depth = [document], 0
    while level:
        if depth >= max_depth:
            return False
        if max_items is not None and any(len(c) > max_items for c in level if isinstance(c, list)):
            return False
        if max_members is not None and any(len(c) > max_members for c in level if isinstance(c, dict)):
            return False
        children = [value for c in level for value in (c.values() if isinstance(c, dict) else c)]
        if max_string is not None and any(len(value) > max_string for value in children if isinstance(value, str)):
            return False
        level = [value for value in children if isinstance(value, containers)]
        depth += 1
    return True


def check_shape(document: Any, limits: ShapeLimits) -> None:
    """Raise ShapeError at the first value that breaks `limits`; never builds more than one message.

    The walk is iterative (a stack), so depth alone can never exhaust Python's recursion limit, and a
    list is measured before any of its items is looked at. A value's path is kept as a link to its
    parent and spelled out only for the error, so a body that passes (the usual case) builds no names.

    Example::

        check_shape({"componentIds": [0] * 5000}, API_BODY_LIMITS)   # ShapeError: componentIds: ...
    """
    max_depth, max_items, max_members, max_string = (
        limits.max_depth, limits.max_items, limits.max_members, limits.max_string,
    )
    if _flat_object_within(document, limits) or _within_caps(document, limits):
        return  # the usual case; otherwise the walk below finds the value to name
    # Only values that can break a cap are visited (numbers, booleans and null never can, strings only
    # with a string cap), in the order a walk over every value would meet them, so the same one is named.
    can_fail = (dict, list) if max_string is None else (dict, list, str)
    # Entries: (value, parent entry, key in the parent, depth); the document's entry has no parent.
    stack: list[tuple[Any, Any, Any, int]] = [(document, None, None, 0)]
    while stack:
        entry = stack.pop()
        value, _, _, depth = entry
        if isinstance(value, dict | list) and depth >= max_depth:
            raise ShapeError(f"{_name(entry)}: Nested too deep (at most {max_depth} levels).")
        if isinstance(value, list):
            if max_items is not None and len(value) > max_items:
                raise ShapeError(f"{_name(entry)}: At most {max_items} items.")
            stack.extend((item, entry, index, depth + 1) for index, item in enumerate(value) if isinstance(item, can_fail))
        elif isinstance(value, dict):
            if max_members is not None and len(value) > max_members:
                raise ShapeError(f"{_name(entry)}: At most {max_members} members.")
            stack.extend((item, entry, key, depth + 1) for key, item in value.items() if isinstance(item, can_fail))
        elif isinstance(value, str) and max_string is not None and len(value) > max_string:
            raise ShapeError(f"{_name(entry)}: At most {max_string} characters.")
