"""A shortcut for marshmallow loads of flat request bodies: a valid body is loaded by plain checks read off the
schema once; whatever the shortcut is not sure of goes through `schema.load`, which answers or refuses it.

marshmallow builds an error store, a getter closure per field and a validator chain per value on every load,
which made it the largest cost of a `POST /v1/incidents`. The shortcut covers only what it can check exactly:
`fields.String` and `BoundedList` of them, with `Length` and `OneOf` validators, on a schema without hooks
or processors. It never refuses: on any value it does not accept it answers None and the caller asks marshmallow,
so every error, and every message, is still marshmallow's (tests/test_fast_load.py checks both agree).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from marshmallow import EXCLUDE, RAISE, Schema, fields, missing, validate

from .common import BoundedList

Loader = Callable[[Any], "dict[str, Any] | None"]
Check = Callable[[Any], Any]

_REFUSED = object()  # what a value check answers for a value it does not accept
_LOADERS: dict[int, tuple[Schema, Loader | None]] = {}
# The app's schemas are module-level instances; a schema made per call (a class declared with @documented)
# would add one entry per request, so the cache starts over past this size.
_MOST_LOADERS = 512


def plain_loader(schema: Schema) -> Loader | None:
    """The schema's shortcut (made once per schema instance), or None when the schema is beyond it.

    The loader answers what `schema.load(data)` answers, or None where marshmallow must decide.

    Example::

        loader = plain_loader(schema)
        loaded = loader(data) if loader is not None else None
        if loaded is None:
            loaded = schema.load(data)
    """
    known = _LOADERS.get(id(schema))
    if known is None or known[0] is not schema:
        if len(_LOADERS) >= _MOST_LOADERS:
            _LOADERS.clear()
        known = _LOADERS[id(schema)] = (schema, _loader(schema))
    return known[1]


def _loader(schema: Schema) -> Loader | None:
    hooks = getattr(schema, "_hooks", None)  # pre/post-load processors and @validates methods, by kind
    if hooks is None or any(hooks.values()) or schema.many or schema.partial or schema.dict_class is not dict:
        return None
    if schema.unknown not in (RAISE, EXCLUDE):
        return None
    steps = []
    for attr_name, field in schema.load_fields.items():
        check = _value_check(field)
        key = field.attribute or attr_name
        if check is None or "." in key or callable(field.load_default):
            return None
        data_key = field.data_key if field.data_key is not None else attr_name
        steps.append((data_key, key, check, field.required, field.load_default))
    known_keys = frozenset(step[0] for step in steps)
    strict = schema.unknown == RAISE

    def load(data: Any) -> dict[str, Any] | None:
        if type(data) is not dict or strict and not known_keys.issuperset(data):
            return None
        result: dict[str, Any] = {}
        for data_key, key, check, required, default in steps:
            value = data.get(data_key, missing)
            if value is missing:
                if required:
                    return None
                if default is not missing:
                    result[key] = default
                continue
            value = check(value)
            if value is _REFUSED:
                return None
            result[key] = value
        return result

    return load


def _value_check(field: fields.Field) -> Check | None:
    """What `field.deserialize` does to a given value, as one function answering _REFUSED for an error (None
    when the field is beyond the shortcut)."""
    if getattr(field, "pre_load", None) or getattr(field, "post_load", None):
        return None
    allow_none = field.allow_none
    if type(field) is fields.String:
        bounds = _bounds(field.validators, allow_choices=True)
        if bounds is None:
            return None
        low, high, choices = bounds

        def check_text(value: Any) -> Any:
            if value is None:
                return None if allow_none else _REFUSED
            if type(value) is not str:
                return _REFUSED
            size = len(value)
            if low is not None and size < low or high is not None and size > high:
                return _REFUSED
            if choices is not None and value not in choices:
                return _REFUSED
            return value

        return check_text
    if type(field) is BoundedList:
        item = _value_check(field.inner)
        bounds = _bounds(field.validators, allow_choices=False)
        if item is None or bounds is None:
            return None
        low, high, _ = bounds
        most = field.max_items

        def check_list(value: Any) -> Any:
            if value is None:
                return None if allow_none else _REFUSED
            if type(value) is not list or len(value) > most:
                return _REFUSED
            if low is not None and len(value) < low or high is not None and len(value) > high:
                return _REFUSED
            loaded = [item(each) for each in value]
            return _REFUSED if _REFUSED in loaded else loaded

        return check_list
    return None


def _bounds(validators: list[Any], allow_choices: bool) -> tuple[int | None, int | None, frozenset[str] | None] | None:
    """The length bounds and the allowed values the validators add up to, or None for a validator beyond the shortcut."""
    low = high = None
    choices: frozenset[str] | None = None
    for rule in validators:
        if type(rule) is validate.Length and rule.equal is None:
            if rule.min is not None:
                low = rule.min if low is None else max(low, rule.min)
            if rule.max is not None:
                high = rule.max if high is None else min(high, rule.max)
        elif allow_choices and type(rule) is validate.OneOf and all(type(choice) is str for choice in rule.choices):
            allowed = frozenset(rule.choices)
            choices = allowed if choices is None else choices & allowed
        else:
            return None
    return low, high, choices
