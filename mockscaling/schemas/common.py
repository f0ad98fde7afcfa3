"""Shared schema pieces: strict base schema, field helpers and the error-message flattener."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from marshmallow import RAISE, Schema, fields, validate

from .. import chosen

LENGTH_ERROR = "Must be between {min} and {max} characters."


class StrictSchema(Schema):
    """Rejects unknown fields (a [chosen] strictness) and keeps field order."""

    class Meta:
        unknown = RAISE if chosen.REJECT_UNKNOWN_FIELDS else "exclude"
        ordered = True


def text(data_key: str, *, max_length: int, min_length: int = 1, required: bool = False, **kwargs: Any) -> fields.String:
    """A string field with a length rule; optional fields accept null as "not given"."""
    length = validate.Length(min=min_length, max=max_length, error=LENGTH_ERROR)
    if required:
        return fields.String(data_key=data_key, required=True, validate=length, **kwargs)
    return fields.String(data_key=data_key, allow_none=True, load_default=None, validate=length, **kwargs)


def one_of(data_key: str, choices: Iterable[str], *, required: bool = False, **kwargs: Any) -> fields.String:
    """An enum field (a string from `choices`)."""
    rule = validate.OneOf(list(choices), error="Must be one of: {choices}.")
    if required:
        return fields.String(data_key=data_key, required=True, validate=rule, **kwargs)
    return fields.String(data_key=data_key, allow_none=True, load_default=None, validate=rule, **kwargs)


def id_list(data_key: str, *, required: bool = False, **kwargs: Any) -> fields.List:
    """A list of resource ids."""
    item = fields.String(validate=validate.Length(min=1, max=255, error=LENGTH_ERROR))
    if required:
        return fields.List(item, data_key=data_key, required=True, **kwargs)
    return fields.List(item, data_key=data_key, allow_none=True, load_default=None, **kwargs)


def first_error(messages: Any, prefix: str = "") -> str:
    """`field: message` for the first offending field of a marshmallow error dict.

    Example::

        first_error({"title": ["Must be between 1 and 100 characters."]})
        # 'title: Must be between 1 and 100 characters.'
    """
    if isinstance(messages, Mapping):
        for key, value in messages.items():
            name = prefix if key == "_schema" else (f"{prefix}.{key}" if prefix else str(key))
            return first_error(value, name)
        return f"{prefix}: Invalid value." if prefix else "Invalid value."
    if isinstance(messages, list | tuple) and messages:
        if all(isinstance(item, str) for item in messages):
            return f"{prefix}: {messages[0]}" if prefix else str(messages[0])
        return first_error(messages[0], prefix)
    return f"{prefix}: {messages}" if prefix else str(messages)
