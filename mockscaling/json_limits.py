"""Shape caps on decoded JSON (list length, object size, string length, depth), checked before any schema."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import chosen


class ShapeError(ValueError):
    """A JSON document breaks one of the shape caps; the message names where (`componentIds`, `a.b[3]`)."""


@dataclass(frozen=True)
class ShapeLimits:
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


def _name(path: str, key: Any) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else str(key)


def check_shape(document: Any, limits: ShapeLimits) -> None:
    """Raise ShapeError at the first value that breaks `limits`; never builds more than one message.

    The walk is iterative (a stack), so depth alone can never exhaust Python's recursion limit, and a
    list is measured before any of its items is looked at.

    Example::

        check_shape({"componentIds": [0] * 5000}, API_BODY_LIMITS)   # ShapeError: componentIds: ...
    """
    stack: list[tuple[Any, str, int]] = [(document, "", 0)]
    while stack:
        value, path, depth = stack.pop()
        if isinstance(value, dict | list) and depth >= limits.max_depth:
            raise ShapeError(f"{path or 'body'}: Nested too deep (at most {limits.max_depth} levels).")
        if isinstance(value, list):
            if limits.max_items is not None and len(value) > limits.max_items:
                raise ShapeError(f"{path or 'body'}: At most {limits.max_items} items.")
            stack.extend((item, _name(path, index), depth + 1) for index, item in enumerate(value))
        elif isinstance(value, dict):
            if limits.max_members is not None and len(value) > limits.max_members:
                raise ShapeError(f"{path or 'body'}: At most {limits.max_members} members.")
            stack.extend((item, _name(path, key), depth + 1) for key, item in value.items())
        elif isinstance(value, str) and limits.max_string is not None and len(value) > limits.max_string:
            raise ShapeError(f"{path or 'body'}: At most {limits.max_string} characters.")
